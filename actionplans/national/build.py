"""The national view, read top to bottom:
  1 read SOURCES and fetch each source's open data (in parallel; limits and retries)
  2 guard every incoming text (a source with a personal detail is refused)
  3 join the accepted sources  4 group repeated lessons  5 render pages and open data
  6 check every link, the XML and (the output guard) every byte  7 write DIR atomically (the previous one intact on failure)
One bad source never stops the others: it is reported at its line of SOURCES and skipped, and
the pages say which sources are missing and since when (kept in DIR/data/sources.json, which
the next build reads back)."""

from __future__ import annotations

import datetime as dt
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..core.diagnostics import Diagnostics
from ..core.lock import output_lock
from ..core.parallel import WorkerFailed, map_in_order
from ..core.urls import national_path, output_path
from ..publish.links import find_broken
from ..publish.write import UnsafePath, refuse_output, write_output
from ..publish.xmlcheck import malformed_xml
from ..privacy.guard import guard_output
from ..privacy.patterns import ALL_PATTERNS
from ..privacy.redact import RedactionLog
from . import guard, lessons, model
from .opendata import data_files
from .pages import render
from .settings import settings as load_settings
from .settings import Settings
from .sources import Limits, Source, SourceError, fetch_raw, parse, read_sources

PARALLEL_FETCHES = 8
PARALLEL_BYTES = 5_000_000      # below this much open data, checking in worker processes costs more than it saves
MAX_REPORTED = 20
DATA_FILES = tuple(output_path(national_path(route)) for route in ("data_national", "data_actions"))       # refusals listed per source (the count says how many more)


@dataclass
class NationalOptions:
    sources: Path
    output: Path | None
    themes: Path
    as_of: dt.date
    title: str = "Domestic homicide review action plans: the national view"
    timeout: float | None = None
    max_bytes: int | None = None
    retries: int | None = None
    backoff: float = 1.0
    noindex: bool = False
    write: bool = True
    strict: bool = False        # a skipped or refused source (a warning) stops the writing too


@dataclass
class NationalResult:
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    sources: list[dict] = field(default_factory=list)
    nation: model.Nation | None = None
    files: dict[str, bytes] | None = None
    written: bool = False


def _previous(output: Path | None) -> dict[str, dict]:
    """Each source's record in the last national build into this folder, by its SOURCES line."""
    try:
        data = json.loads((Path(output) / output_path(national_path("data_sources"))).read_text("utf-8"))
        return {s["source"]: s for s in data["sources"] if isinstance(s, dict) and "source" in s}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _fetch_all(sources: list[Source], limits: Limits, settings: Settings) -> list[tuple]:
    """(data or SourceError, its refusals) per source: fetched in threads (waiting on the
    network), then parsed, validated and guarded in worker processes (CPU)."""
    def fetch(source: Source) -> tuple[str, bytes] | SourceError:
        try:
            return fetch_raw(source, limits)
        except SourceError as exc:
            return exc
    with ThreadPoolExecutor(min(PARALLEL_FETCHES, max(1, len(sources)))) as pool:
        fetched = list(pool.map(fetch, sources))

    def check(got: tuple[str, bytes] | SourceError) -> tuple:
        if isinstance(got, SourceError):
            return got, []
        try:
            data = parse(*got)
        except SourceError as exc:
            return exc, []
        return data, guard.refusals(data, settings)
    size = sum(len(got[1]) for got in fetched if not isinstance(got, SourceError))
    try:
        return map_in_order(check, fetched, weight=size, threshold=PARALLEL_BYTES, chunk=1)
    except WorkerFailed:
        return [check(got) for got in fetched]      # raises the real error, with its traceback


def build_national(o: NationalOptions) -> NationalResult:
    result = NationalResult()
    diags = result.diagnostics
    shown = str(o.sources)
    settings = load_settings()
    if o.write:
        refused = refuse_output(o.output, [Path(o.sources).parent / "content", o.themes])
        if refused:
            diags.error(str(o.output), 1, 1, refused, "choose a new folder for the national site")
            return result
    sources = read_sources(o.sources, shown, diags)                                  # stage 1
    if not sources:
        return result
    limits = Limits(o.timeout or settings.timeout, o.max_bytes or settings.max_bytes,
                    settings.retries if o.retries is None else o.retries, o.backoff)
    previous = _previous(o.output)
    today = o.as_of.isoformat()
    accepted: list[tuple[str, dict]] = []
    slugs: set[str] = set()
    for source, (got, found) in zip(sources, _fetch_all(sources, limits, settings)):   # stages 1-2
        before = previous.get(source.spec, {})
        record = {"source": source.spec, "title": before.get("title") or source.spec,
                  "url": None if source.is_folder else source.location + "/", "ok": False, "reason": None,
                  "failing_since": before.get("failing_since") or today, "last_success": before.get("last_success"),
                  "reviews": 0}
        if isinstance(got, SourceError):
            record["reason"] = f"could not be read: {got}"
            diags.warning(shown, source.line, 1, f"{source.spec}: skipped, {record['reason']}",
                          f"the national site is built without it and says it is missing since {record['failing_since']}")
        else:
            if found:
                records = sorted({f.record for f in found})
                record["reason"] = (f"refused: it would publish a personal detail ({len(found)} found, in "
                                    f"{records[0]}{' and elsewhere' if len(records) > 1 else ''})")
                for f in found[:MAX_REPORTED]:
                    diags.warning(shown, source.line, 1,
                                  f"{source.spec}: refused, {f.record} ({f.field}): {f.message} [{f.rule}]",
                                  "the partnership must correct its plan (its own `actionplans check` shows the line);"
                                  " the source is left out until then")
                if len(found) > MAX_REPORTED:
                    diags.warning(shown, source.line, 1, f"{source.spec}: refused, and {len(found) - MAX_REPORTED} "
                                  "more personal details", "")
            else:
                name = base = model.slug(got["site"])
                n = 1
                while name in slugs:
                    n += 1
                    name = f"{base}-{n}"
                slugs.add(name)
                accepted.append((name, got))
                record.update(ok=True, title=got["site"], failing_since=None, last_success=today, reviews=len(got["reviews"]))
        result.sources.append(record)
    not_names = sorted({t for _, d in accepted for t in d.get("not_names", ())})
    nation = result.nation = model.join(accepted, settings, o.as_of)                # stage 3
    accepted.clear()        # the model holds what the pages need: the sources' whole data can go
    try:
        nation.lessons = lessons.group(nation.recommendations, settings.threshold)  # stage 4
    except lessons.LessonsUnavailable as exc:
        diags.error(shown, 1, 1, f"repeated lessons need scikit-learn: {exc}",
                    "install it with: pip install 'actionplans[national]'")
        return result
    files = render(nation, settings, result.sources, o.themes, o.title, o.noindex)   # stage 5
    files.update(data_files(nation, o.title, result.sources, settings.categories))
    for page, link in find_broken(files, ""):                                        # stage 6
        diags.error(f"{o.output or 'output'}/{page}", 1, 1, f"a link leads nowhere: {link}",
                    "a bug in the national templates: please report it")
    for bad in malformed_xml(files):
        diags.error(f"{o.output or 'output'}/{bad.name}", bad.line, bad.col, bad.message, "")
    # every byte about to be published, through the same output guard as a partnership's build:
    # each source's texts were checked on the way in, this checks what the pages made of them
    # (the data files hold only the sources' texts, each guarded on the way in, and ids)
    log = RedactionLog(allow=sorted({*settings.allow, *not_names}),
                       patterns=ALL_PATTERNS, allowed_phones=list(settings.allowed_phones))
    pages = {name: data for name, data in files.items() if not name.startswith(DATA_FILES)}
    for p in guard_output(pages, None, log, output_label=str(o.output or "output")):
        diags.error(p.path, p.line, p.col, p.message, p.hint)
    result.files = files
    if diags.errors or (o.strict and diags.warnings) or not o.write:
        return result
    try:                                                                            # stage 7
        with output_lock(o.output):
            write_output(o.output, files)
        result.written = True
    except (UnsafePath, OSError) as exc:
        diags.error(str(o.output), 1, 1, f"the national site could not be written: {exc}",
                    "the previous one is unchanged")
    return result
