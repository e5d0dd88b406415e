"""Stages 1–3: read every content file, check it against the format and across files,
and build the typed model. Every problem is collected; nothing stops at the first."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import stat
from pathlib import Path

from . import schema as S
from ..core.diagnostics import Diagnostics
from ..core.model import Content
from ..core.options import Remember, uncached
from .glossary import check_scopes
from .bilingual import has_welsh, languages_of, missing_welsh, welsh_view
from .load import MAX_FILE_BYTES, display_path, load_file, without_cycle_collection
from .crosscheck import _File, _agencies, _glossary, _m, _redaction, _review, _site, _topics

OPTIONAL_FILES = ("agencies", "topics", "glossary", "redaction")


def _read(path: Path, typ: S.Type, diags: Diagnostics, what: str,
          sources: dict[str, str] | None = None) -> _File | None:
    shown = display_path(path)
    loaded = load_file(path, shown, diags)
    if loaded is None:
        return None
    if sources is not None:
        sources[shown] = loaded.text
    where = S.Where(shown, diags, loaded.text)
    data = loaded.data
    if what in S.KEYED_LISTS and isinstance(data, dict) and list(data) == [what]:
        data = data[what]       # `agencies:` holding the list, as the web editor writes it
    if data is None:
        if isinstance(typ, S.ListOf):
            return _File(shown, [])
        diags.error(shown, 1, 1, f"the file is empty: it should hold the {what}",
                    "start a review with: actionplans new review <id>" if what == "review" else "")
        return None
    if isinstance(typ, S.ListOf) and not isinstance(data, list):
        diags.error(shown, 1, 1, f"this file should be a list ('- ' before each entry), not {S._what(data)}")
        return None
    if isinstance(typ, S.Obj) and not isinstance(data, dict):
        diags.error(shown, 1, 1, f"this file should be a set of keys (key: value), not {S._what(data)}",
                    "a review starts with 'id:', not with '- '" if what == "review" else "")
        return None
    return _File(shown, S.conform(data, typ, what, getattr(data, "mark", (1, 1)), where))


@without_cycle_collection
def read_content(content_dir: Path, diags: Diagnostics, *, as_of: dt.date | None = None,
                 redaction_file: Path | None = None, sources: dict[str, str] | None = None,
                 remember: Remember = uncached, lenient: bool = False) -> Content | None:
    """Load, check and model the whole content folder. None when there are errors (with
    `lenient`, the model of whatever could be read, so later checks can report in the same
    round). `remember` (the build's cache) keeps each review file's reading, check and model,
    keyed by the file's bytes and the ids it may refer to."""
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        diags.error(display_path(content_dir), 1, 1, "the content folder does not exist",
                    "run the command from the project folder, or pass --content DIR")
        return None

    site_path = content_dir / "site.yaml"
    if not site_path.exists():
        diags.error(display_path(site_path), 1, 1, "site.yaml is missing", "every site needs content/site.yaml")
        site_file = None
    else:
        site_file = _read(site_path, S.SITE, diags, "site", sources)

    files: dict[str, _File | None] = {}
    for name in OPTIONAL_FILES:
        path = content_dir / f"{name}.yaml"
        if name == "redaction" and redaction_file is not None:
            path = Path(redaction_file)
            if not path.is_file() or not os.access(path, os.R_OK):
                diags.error(display_path(path), 1, 1,
                            "the redaction file given with --redaction " +
                            ("does not exist" if not path.exists() else "cannot be read"),
                            "check the path: without it, every name the file lists would be published")
                files[name] = None
                continue
        files[name] = _read(path, S.FILES[name], diags, name, sources) if path.exists() else None
        if name == "agencies" and not path.exists():
            diags.error(display_path(path), 1, 1, "agencies.yaml is missing",
                        "every action's lead must be an agency listed in content/agencies.yaml")

    review_files: list[Path] = []
    reviews_dir = content_dir / "reviews"
    if reviews_dir.is_symlink():    # it would read (and publish) files from outside the content
        diags.error(display_path(reviews_dir), 1, 1, "reviews/ is a symbolic link",
                    "make content/reviews a real folder holding the review files")
    elif reviews_dir.is_dir():
        for path in sorted(reviews_dir.iterdir(), key=lambda p: p.name):
            if path.name.startswith("."):
                continue
            if path.is_dir():
                diags.warning(display_path(path), 1, 1, "folders inside reviews/ are ignored")
                continue
            if path.suffix != ".yaml":
                hint = f"rename it to {path.stem}.yaml" if path.suffix.lower() in (".yml", ".yaml") else \
                    "only .yaml files belong in reviews/"
                diags.error(display_path(path), 1, 1, f"'{path.name}' is not a review file ({hint})", hint)
                continue
            review_files.append(path)

    site = _site(site_file, diags, as_of)
    agencies = _agencies(files["agencies"], diags)
    topics = _topics(files["topics"], diags)
    glossary = _glossary(files["glossary"], diags)
    redaction = _redaction(files["redaction"])
    partnership_ids = {p.id for p in site.partnerships} if site else set()
    agency_ids = {a.id for a in agencies}
    topic_ids = {t.id for t in topics}

    reviews = []
    seen_ids: dict[str, str] = {}
    refs = dict(partnership_ids=partnership_ids, agency_ids=agency_ids, topic_ids=topic_ids,
                as_of=site.as_of if site else None, check_refs=site is not None and files["agencies"] is not None,
                welsh={p.id for p in site.partnerships if "cy" in languages_of(site, p.id)} if site else set())
    refs_key = tuple((k, tuple(sorted(v)) if isinstance(v, set) else v) for k, v in sorted(refs.items()))
    for path in review_files:
        raw = _plain_bytes(path)    # None: _read reports what is wrong with it, uncached
        if raw is None:
            read = _review_file(path, refs)
        else:
            read = remember("review", (display_path(path), raw, refs_key), lambda path=path: _review_file(path, refs))
        shown, text, items, review, id_mark = read
        if text is not None and sources is not None:
            sources[shown] = text
        diags.extend(items)
        if review is None:
            continue
        if review.id in seen_ids:
            diags.error(shown, *id_mark, f"review id '{review.id}' is also used by {seen_ids[review.id]}",
                        "give each review its own id")
        seen_ids[review.id] = shown
        reviews.append(review)

    if files["glossary"] is not None:
        check_scopes(files["glossary"].data, files["glossary"].shown, diags, partnership_ids, set(seen_ids))
    if site is None or (diags.errors and not lenient):
        return None
    return Content(site, tuple(agencies), tuple(topics), tuple(glossary), redaction, tuple(reviews))


def _plain_bytes(path: Path) -> bytes | None:
    """A regular file's bytes, for its cache key; None for anything else, read uncached: a pipe
    would block a plain read, a huge file would be read whole before its size was checked, and a
    symbolic link's verdict depends on more than the bytes it leads to."""
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


def _review_file(path: Path, refs: dict) -> tuple:
    """(shown path, its text, the problems found, the review or None, the id's line and column):
    one review file read, checked and modelled, all from its own bytes and the ids in `refs`."""
    found = Diagnostics()
    text: dict[str, str] = {}
    f = _read(path, S.REVIEW, found, "review", text)
    shown = display_path(path)
    if f is None or not isinstance(f.data, dict):
        return shown, text.get(shown), found.items, None, (1, 1)
    refs = dict(refs)
    welsh = refs.pop("welsh", set())
    review = _review(path, f, found, **refs)
    if review is not None and review.partnership in welsh:
        missing_welsh(f.data, S.REVIEW, shown, found, f"the partnership '{review.partnership}'")
    if review is not None and has_welsh(f.data):     # its Welsh version, modelled by the same code
        review = dataclasses.replace(review, cy=_review(path, _File(shown, welsh_view(f.data)), Diagnostics(), **refs))
    return shown, text.get(shown), found.items, review, _m(f.data, "id")
