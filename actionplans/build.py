"""The whole pipeline, read top to bottom.

build() is every stage; check() is the same build without stage 9 (nothing written, no cache
record touched), so the pull-request check and the production build cannot disagree; prepare()
is stages 1–5, for commands that need only the model (diff, redaction-report):
  1 load YAML  2 check the format  3 check across files and model  4 redact
  5 derive progress  6 plan pages  7 render  8 check links, index for search and guard the output
  9 write output/ atomically
Redaction comes before progress so every derived reference already points at redacted text.
A problem found after loading (a broken link, a guard finding) is traced back to the content
line that caused it (trace.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import traceback
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .core.diagnostics import Diagnostics
from .privacy.guard import guard_output
from .publish.links import find_broken
from .content.load import display_path
from .core.lock import output_lock
from .core.model import Content
from .site.pages import Page, PathCollision, check_collisions, plan
from .content.progress import Progress, derive
from .privacy.redact import RedactionLog, redact
from .site.render import page_context, render_pages
from .core.urls import links_for
from .cache import store as cache
from .cache.store import default_themes_dir
from .publish.opendata import SITE_WIDE, data_files, site_wide_files
from .cache.memo import Memo, guard_changed, render_changed, theme_key, write_changed
from .site.embed import embed_js, embed_pages
from .publish.headers import headers_file
from .publish import admin
from .publish.search import OUTPUT_DIR as SEARCH_DIR
from .publish.search import SearchError, indexed, search_files
from .site.extras import postprocess_html, template_extras
from .publish.trace import trace_guard, trace_links
from .site.theme import ThemeError, collect_assets, make_environment, theme_dirs
from .content.validate import read_content
from .publish.xmlcheck import malformed_xml
from .publish.write import UnsafePath, clean_stale, refuse_output, write_output



@dataclass
class Result:
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    content: Content | None = None
    progress: Progress | None = None
    redaction: RedactionLog | None = None
    files: dict[str, bytes] | None = None
    sources: dict[str, str] = field(default_factory=dict)     # content file → its text, for tracing
    written: bool = False
    up_to_date: bool = False

    def failed(self, strict: bool = False) -> bool:
        return self.diagnostics.failed(strict)


def template_location(exc: BaseException) -> tuple[str, int] | None:
    """The template file and line a rendering error came from, or None when it did not come
    from a template. Jinja rewrites tracebacks so template frames carry the template's path."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return exc.filename, exc.lineno or 1
    frames = traceback.extract_tb(exc.__traceback__)
    in_templates = [f for f in frames if f.filename.endswith((".html", ".xml", ".txt"))]
    if not isinstance(exc, jinja2.TemplateError) and (not frames or frames[-1] not in in_templates):
        return None     # raised inside Python code (a filter, the model): a bug, not the theme's
    if in_templates:
        return in_templates[-1].filename, in_templates[-1].lineno or 1
    return "themes", 1


def prepare(content_dir: Path, *, as_of: dt.date | None = None, redaction_file: Path | None = None,
            memo: Memo | None = None) -> Result:
    """Stages 1–5: the checked, redacted model and its derived progress. Nothing is rendered."""
    result = Result()
    diags = result.diagnostics
    sources = result.sources
    # Lenient: a review with a mistake is still read, so its names are reported in the same round.
    content = read_content(Path(content_dir), diags, as_of=as_of, redaction_file=redaction_file,
                           sources=sources, memo=memo.read if memo else None, lenient=True)   # stages 1–3
    if content is None:
        return result
    format_ok = not diags.errors
    content, result.redaction = redact(content, diags, sources,                            # stage 4
                                       memo.redact if memo and format_ok else None)
    if not format_ok:
        return result
    result.content = content
    result.progress = derive(content, memo.progress if memo else None)                # stage 5
    return result


def check(content_dir: Path, *, themes_dir: Path | None = None, as_of: dt.date | None = None,
          redaction_file: Path | None = None, strict: bool = False) -> Result:
    """The build without writing: every stage runs (render, links, search index, guard) and
    reports what build() would; nothing is written and no cache record is touched."""
    return build(content_dir, None, themes_dir=themes_dir, as_of=as_of, redaction_file=redaction_file,
                 strict=strict, write=False)


def build(content_dir: Path, output_dir: Path | None, *, themes_dir: Path | None = None, as_of: dt.date | None = None,
          redaction_file: Path | None = None, strict: bool = False, write: bool = True,
          use_cache: bool = True, memo: Memo | None = None) -> Result:
    """Build the site into output_dir. `memo` is serve's memory between builds: with it, only
    what an edit touched is redone, the files that changed are written one by one, and the
    search index and the two whole-site data files are left to `finish_pending(memo)`."""
    themes_dir = Path(themes_dir) if themes_dir else default_themes_dir(Path(content_dir))
    if output_dir is None and write:
        raise ValueError("build() needs an output folder to write into")
    if not write:
        return _build_cached(content_dir, output_dir, themes_dir=themes_dir, as_of=as_of,
                             redaction_file=redaction_file, strict=strict, write=write, use_cache=use_cache,
                             memo=memo)
    refused = refuse_output(Path(output_dir), [Path(content_dir), themes_dir]
                            + ([Path(redaction_file)] if redaction_file else []))
    if refused:     # before any work, and before a lock file is made beside it
        return _refused(output_dir, refused)
    with ExitStack() as held:
        try:
            held.enter_context(output_lock(Path(output_dir)))     # one build at a time per output folder
        except OSError as exc:
            result = Result()
            result.diagnostics.error(display_path(Path(output_dir)), 1, 1,
                                     f"the output folder cannot be locked for this build: {exc}",
                                     "check that the folder above it exists and can be written to")
            return result
        return _build_cached(content_dir, output_dir, themes_dir=themes_dir, as_of=as_of,
                             redaction_file=redaction_file, strict=strict, write=write, use_cache=use_cache,
                             memo=memo)


def _refused(output_dir: Path, why: str) -> Result:
    result = Result()
    result.diagnostics.error(display_path(Path(output_dir)), 1, 1, why,
                             "choose a new folder for the site, e.g. --output output")
    return result


def _build_cached(content_dir: Path, output_dir: Path, *, themes_dir: Path, as_of: dt.date | None,
                  redaction_file: Path | None, strict: bool, write: bool, use_cache: bool,
                  memo: Memo | None) -> Result:
    if memo is not None:
        try:
            result = _build(content_dir, output_dir, themes_dir=themes_dir, as_of=as_of,
                            redaction_file=redaction_file, strict=strict, write=write, memo=memo)
        finally:
            gc.unfreeze()
        if write:
            cache.forget(Path(output_dir))      # written piecemeal: the next CLI build starts afresh
        return result
    stamp = None
    if write:                                                                         # nothing changed?
        stamp, unchanged = cache.check_unchanged(content_dir, output_dir, themes_dir, as_of=as_of,
                                                 redaction_file=redaction_file, strict=strict)
        if use_cache and unchanged:
            clean_stale(Path(output_dir).absolute())     # a killed build's leftovers go even so
            return Result(written=True, up_to_date=True)
    try:
        result = _build(content_dir, output_dir, themes_dir=themes_dir, as_of=as_of, redaction_file=redaction_file,
                        strict=strict, write=write)
    finally:
        gc.unfreeze()
    if result.written and stamp is not None:
        cache.remember(Path(output_dir), stamp, sum(1 for n in result.files or () if n.endswith(".html")))
    elif write:
        cache.forget(Path(output_dir))
    return result


def _build(content_dir: Path, output_dir: Path | None, *, themes_dir: Path, as_of: dt.date | None,
           redaction_file: Path | None, strict: bool, write: bool, memo: Memo | None = None) -> Result:
    refused = refuse_output(Path(output_dir), [Path(content_dir), themes_dir]
                            + ([Path(redaction_file)] if redaction_file else [])) if write else None
    if refused:     # before any work: the officer learns at once, and nothing is touched
        return _refused(output_dir, refused)
    if memo is not None:
        finish_pending(memo)        # the last build's search index and data files come first
    result = prepare(content_dir, as_of=as_of, redaction_file=redaction_file, memo=memo)
    diags = result.diagnostics
    # Warnings alone do not stop the stages (under --strict they stop the writing): the officer
    # learns of every problem, a broken link or a guard finding too, in one round.
    if diags.errors or result.content is None or result.progress is None:
        return result
    content, progress = result.content, result.progress
    # The model lives until the build ends: the cycle collector need not walk its millions of
    # objects again (build() unfreezes them). Forked workers then also share its pages untouched.
    gc.freeze()
    site_file = display_path(Path(content_dir) / "site.yaml")

    pages = plan(content, progress) + embed_pages(content, progress)                            # stage 6
    links = links_for(content.site.base_url)
    try:
        dirs = theme_dirs(themes_dir, content.site.theme)
        assets = collect_assets(dirs, links.base_path)
        themes_now = (theme_key([themes_dir]), tuple(sorted({p.theme for p in pages})))
        template_dirs = list(dict.fromkeys(d for name in themes_now[1] for d in theme_dirs(themes_dir, name)))
        if memo is not None and memo.envs is not None and memo.envs[0] == themes_now:
            envs = memo.envs[1]
        else:
            envs = {name: make_environment(themes_dir, name) for name in themes_now[1]}
            if memo is not None:
                memo.envs = (themes_now, envs)
    except ThemeError as exc:
        diags.error(site_file, 1, 1, str(exc), "set theme: to a folder in themes/, or remove it")
        return result
    extras = template_extras(content, progress, links, memo.fragments if memo else None)

    def render(todo: list[Page]) -> dict[str, bytes]:
        return render_pages(todo, envs, lambda page: page_context(
            page, content=content, progress=progress, assets=assets, links=links, extra=extras),
            postprocess=lambda page, html: postprocess_html(page, html, content, links))
    try:
        if memo is None:                                                                # stage 7
            files = render(pages)
        else:
            site_key = (content.site, content.agencies, content.topics, content.glossary, links, themes_now,
                        tuple(sorted(assets.urls.items())))
            files = render_changed(pages, memo, site_key, progress, content.reviews,
                                   render)
    except Exception as exc:
        where = template_location(exc)
        if where is None:
            raise               # not a template's mistake: a generator bug should show itself
        diags.error(display_path(Path(where[0])), where[1], 1, f"the template failed: {type(exc).__name__}: {exc}",
                    "fix the template (a theme override must use only what the template context gives)")
        return result
    files.update(assets.files)
    log = result.redaction
    contact = content.site.accessibility.contact_email
    if log is not None and contact:
        # the accessibility contact (site.yaml) is published on purpose: it is no personal detail
        log = dataclasses.replace(log, allow=[*log.allow, contact])
    guard_key = (tuple(log.declared), tuple(log.allow), tuple(log.allowed_phones), log.patterns) if log else ()

    def guard(these: dict[str, bytes]) -> list:
        if memo is None:
            return guard_output(these, content, log)
        return guard_changed(these, memo, guard_key, lambda todo: guard_output(todo, content, log))

    def site_wide() -> dict[str, bytes]:
        """The files that hold every page or every action: the search index and two data files."""
        out = search_files({n: files[n] for n in files if indexed(n)}, links.base_path)
        out.update(site_wide_files(content, progress, links, memo.data if memo is not None else None))
        return out

    # serve writes changed files only into the folder its last build wrote; if that folder went
    # (someone deleted output/), the whole site is written again.
    later = (memo is not None and memo.written is not None and write and output_dir is not None
             and memo.output == Path(output_dir) and (Path(output_dir) / "index.html").is_file())
    # Pagefind indexes in its own process while this one builds the data files and checks the
    # output: the two cores are both busy, and the index is guarded when it arrives.
    with ThreadPoolExecutor(1) as background:
        if later:   # until the new ones are built: the last ones, already guarded
            assert memo is not None and memo.written is not None
            files.update({n: b for n, b in memo.written.items() if n.startswith(f"{SEARCH_DIR}/") or n in SITE_WIDE})
        else:
            indexing = background.submit(search_files, {n: files[n] for n in files if indexed(n)}, links.base_path)
        files.update(data_files(content, progress, links, [p.url for p in pages], site_wide=not later,
                                memo=memo.data if memo else None))
        files["embed.js"] = embed_js(links, content.site.exit_page_url)
        vendored = _admin_files(content, Path(content_dir), files, diags, result.sources.get(site_file, ""), site_file)
        try:
            check_collisions(files)
        except PathCollision as exc:
            diags.error(site_file, 1, 1, str(exc))
            return result
        broken = find_broken(files, links.base_path, memo.links if memo else None)          # stage 8
        for f in trace_links(broken, content, result.sources, template_dirs, files, links.base_path):
            diags.error(f.path, f.line, f.col, f.message, f.hint)
        for bad in malformed_xml(files, memo.xml if memo else None):
            diags.error(f"output/{bad.name}", bad.line, bad.col, bad.message,
                        "a template or a text with a character XML does not allow: run actionplans check")
        # the web editor's own code is byte for byte the pinned release: code, not content
        problems = guard({n: b for n, b in files.items() if n not in vendored})
        try:
            index = {} if later else indexing.result()
        except SearchError as exc:
            diags.error(site_file, 1, 1, f"the search index could not be built: {exc}",
                        "reinstall with pip install -e . (Pagefind comes with it)")
            return result
    index["_headers"] = headers_file(content, {**files, **index}, links)
    try:
        check_collisions([*files, *index])
    except PathCollision as exc:
        diags.error(site_file, 1, 1, str(exc))
        return result
    files.update(index)
    # One sorted list, as if every file had been guarded in one pass; each problem is reported
    # at the content (or template) line holding the text, naming the files it would reach.
    found = sorted(problems + guard(index), key=lambda p: p.path)
    for f in trace_guard(found, content, result.sources, template_dirs, files, log):
        diags.error(f.path, f.line, f.col, f.message, f.hint)
    if result.failed(strict):
        return result
    result.files = files
    if write:
        try:
            if later:                                                                  # stage 9
                assert memo is not None and memo.written is not None
                write_changed(Path(output_dir), memo.written, files)
            else:
                write_output(Path(output_dir), files)
        except (UnsafePath, OSError) as exc:
            diags.error(display_path(Path(output_dir)), 1, 1, f"the site could not be written: {exc}",
                        "the previous output/ is unchanged" if not later else
                        "some files may be from before this build: save again, or run actionplans build")
            if memo is not None:
                memo.written = None     # unknown now: the next build writes the whole folder again
            return result
        result.written = True
        if memo is not None:
            memo.written = files
            memo.output = Path(output_dir)
            if later:
                memo.pending = lambda: _finish(memo, Path(output_dir), site_wide, guard)
    return result


def _admin_files(content: Content, content_dir: Path, files: dict[str, bytes], diags: Diagnostics,
                 site_text: str, site_file: str) -> frozenset[str]:
    """/admin/ (when site.yaml asks for it) added to `files`; the names of the vendored CMS files."""
    if content.site.admin is None:
        return frozenset()
    try:
        vendored = admin.vendored(content_dir)
    except admin.NotInstalled as exc:     # a warning: --strict (the pull-request check) still refuses it
        line = next((i for i, text in enumerate(site_text.splitlines(), 1) if text.startswith("admin:")), 1)
        diags.warning(site_file, line, 1, str(exc), f"install it with: {admin.INSTALL} (or remove admin: from site.yaml)")
        return frozenset()
    except admin.AdminError as exc:
        line = next((i for i, text in enumerate(site_text.splitlines(), 1) if text.startswith("admin:")), 1)
        diags.error(site_file, line, 1, str(exc), f"install it with: {admin.INSTALL} (or remove admin: from site.yaml)")
        return frozenset()
    files.update(admin.generated(content))
    files.update(vendored)
    return frozenset(vendored)


def _finish(memo: Memo, output_dir: Path, site_wide, guard) -> list[str]:
    """Build, guard and write the site-wide files of the last build; the problems, if any."""
    assert memo.written is not None
    out = site_wide()
    problems = guard(out)
    if problems:        # cannot happen unless a page did: the pages were guarded first
        return [f"{p.path}:{p.line}:{p.col}: error: {p.message}" for p in problems]
    after = {n: b for n, b in memo.written.items() if not (n.startswith(f"{SEARCH_DIR}/") or n in SITE_WIDE)}
    after.update(out)
    with output_lock(output_dir):
        write_changed(output_dir, memo.written, after)
    memo.written = after
    return []


def finish_pending(memo: Memo) -> list[str]:
    """Finish what the last serve build left for later (see build()); the problems, if any."""
    pending, memo.pending = memo.pending, None
    return pending() if pending is not None else []
