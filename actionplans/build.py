"""The whole pipeline, read top to bottom.

build(options) runs every stage over one BuildOptions value (core/options.py); check() is the
same build with write=False (nothing written to output/), so the pull-request check and the
production build cannot disagree; serve is watch + build(). prepare() is stages 1–5, for
commands that need only the model (diff, redaction-report):
  1 load YAML  2 check the format  3 check across files and model  4 redact
  5 derive progress  6 plan pages  7 render  8 check links, index, guard  9 write output/ atomically
Redaction comes before progress so every derived reference already points at redacted text.
A problem found after loading (a broken link, a guard finding) is traced back to the content
line that caused it (trace.py).

Speed comes from one cache every build uses (cache/entries.py): each review file's model, each
review's redaction and data files, each page's bytes, each file's guard verdict and the search
index are kept by the hash of what they were made from, so a build after an edit redoes only
what the edit touched, and its output is byte for byte a fresh build's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .core.diagnostics import Diagnostics
from .privacy.guard import guard_output
from .publish.links import find_broken
from .content.load import display_path
from .core.hashing import forget as forget_hashes
from .core.lock import output_lock
from .core.model import Content
from .site.pages import Page, PathCollision, check_collisions, plan
from .content.progress import Progress, derive
from .privacy.redact import RedactionLog, redact
from .core.urls import links_for
from .cache import store as stamp_store
from .publish.opendata import data_files
from .cache.entries import Store, default_dir, digest
from .cache.keys import base as cache_base, tree_digest
from .cache.pages import guard_cached, render_cached, review_page_only, search_lookup
from .core.options import BuildOptions, Remember, uncached
from .site.embed import embed_js, embed_pages
from .site.wayin import view_pages
from .publish.changefeeds import change_feeds
from .publish.search_records import records_by_review
from .publish import admin
from .publish.headers import headers_file
from .publish.search import SearchError
from .publish.search_groups import index_parts, part_files
from .publish.trace import trace_guard, trace_links
from .site.theme import ThemeError, collect_assets, make_environment, theme_dirs
from .site.languages import catalogue_digest, language_pages, languages, renderer, site_languages
from .content.validate import read_content
from .content.readability import check_readability
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
    rendered: list[str] = field(default_factory=list)         # the pages rendered, not taken from the cache
    cache: Store | None = None

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
            remember: Remember = uncached) -> Result:
    """Stages 1–5: the checked, redacted model and its derived progress. Nothing is rendered."""
    result = Result()
    diags = result.diagnostics
    sources = result.sources
    # Lenient: a review with a mistake is still read, so its names are reported in the same round.
    content = read_content(Path(content_dir), diags, as_of=as_of, redaction_file=redaction_file,
                           sources=sources, remember=remember, lenient=True)                 # stages 1–3
    if content is None:
        return result
    format_ok = not diags.errors
    content, result.redaction = redact(content, diags, sources, remember if format_ok else uncached)   # stage 4
    if not format_ok:
        return result
    result.content = content
    result.progress = derive(content, remember)                                      # stage 5
    return result


def options(content_dir: Path | BuildOptions, output_dir: Path | None = None, *, themes_dir: Path | None = None,
            as_of: dt.date | None = None, redaction_file: Path | None = None, strict: bool = False,
            write: bool = True, use_cache: bool = True, cache_dir: Path | None = None) -> BuildOptions:
    """The BuildOptions for these arguments (a BuildOptions is returned as it is)."""
    if isinstance(content_dir, BuildOptions):
        return content_dir
    return BuildOptions(content=Path(content_dir), output=Path(output_dir) if output_dir is not None else None,
                        themes=Path(themes_dir) if themes_dir else None, as_of=as_of,
                        redaction=Path(redaction_file) if redaction_file else None, strict=strict, write=write,
                        cache=use_cache, cache_dir=Path(cache_dir) if cache_dir else None)


def check(content_dir: Path | BuildOptions, **kw) -> Result:
    """The build without writing: every stage runs (render, links, search index, guard) and
    reports what build() would; nothing is written to output/."""
    return build(dataclasses.replace(options(content_dir, **kw), output=None, write=False))


def build(opts: Path | BuildOptions, output_dir: Path | None = None, **kw) -> Result:
    """Build the site: build(BuildOptions(...)), or build(content, output, themes_dir=…, …)."""
    o = options(opts, output_dir, **kw)
    o = dataclasses.replace(o, themes=o.themes or stamp_store.default_themes_dir(o.content))
    if o.write and o.output is None:
        raise ValueError("build() needs an output folder to write into")
    if not o.write:
        return _cached(o)
    refused = refuse_output(o.output, [o.content, o.themes] + ([o.redaction] if o.redaction else []))
    if refused:     # before any work, and before a lock file is made beside it
        return _refused(o.output, refused)
    try:
        lock = output_lock(o.output)        # one build at a time per output folder
        lock.__enter__()
    except OSError as exc:
        result = Result()
        result.diagnostics.error(display_path(o.output), 1, 1,
                                 f"the output folder cannot be locked for this build: {exc}",
                                 "check that the folder above it exists and can be written to")
        return result
    try:
        return _cached(o)
    finally:
        lock.__exit__(None, None, None)


def _refused(output_dir: Path, why: str) -> Result:
    result = Result()
    result.diagnostics.error(display_path(Path(output_dir)), 1, 1, why,
                             "choose a new folder for the site, e.g. --output output")
    return result


def open_cache(o: BuildOptions) -> Store:
    """The content-addressed cache for these options: disabled with --no-cache, read-only for
    check (which writes nothing: it gains from what the last build kept)."""
    root = (o.cache_dir or default_dir(o.content)) if o.cache else None
    return Store(root, cache_base(o.as_of), read_only=not o.write)


def _cached(o: BuildOptions) -> Result:
    """The whole-site stamp around the stages: when nothing at all changed since the last build
    into this output/, it is already what a build would write."""
    stamp = None
    if o.write:
        stamp, unchanged = stamp_store.check_unchanged(o.content, o.output, o.themes, as_of=o.as_of,
                                                       redaction_file=o.redaction, strict=o.strict)
        if o.cache and unchanged:
            clean_stale(o.output.absolute())     # a killed build's leftovers go even so
            return Result(written=True, up_to_date=True)
    store = open_cache(o)
    try:
        result = _stages(o, store)
    finally:
        gc.unfreeze()
        forget_hashes()     # the site's bytes are not held between builds (serve)
    store.flush(keep_unused=not result.written)
    if result.written:
        store.prune()
    if result.written and stamp is not None:
        stamp_store.remember(o.output, stamp, sum(1 for n in result.files or () if n.endswith(".html")))
    elif o.write:
        stamp_store.forget(o.output)
    return result


@dataclass
class _Site:
    """What stage 6 decides for stages 7–8: the pages, the themes and the links."""
    pages: list[Page]
    envs: dict
    assets: object
    links: object
    template_dirs: list[Path]
    key: tuple          # what every page shows besides its reviews


def _stages(o: BuildOptions, store: Store) -> Result:
    result = prepare(o.content, as_of=o.as_of, redaction_file=o.redaction, remember=store)   # stages 1–5
    if result.content is not None:     # warnings the officer rewords before publishing
        check_readability(result.content, result.sources, result.diagnostics, store)
    # Warnings alone do not stop the stages (under --strict they stop the writing): the officer
    # learns of every problem, a broken link or a guard finding too, in one round.
    if result.diagnostics.errors or result.content is None or result.progress is None:
        return result
    result.cache = store
    # The model lives until the build ends: the cycle collector need not walk its millions of
    # objects again (build() unfreezes them). Forked workers then also share its pages untouched.
    gc.freeze()
    site = plan_site(o, result)                                                       # stage 6
    if site is None:
        return result
    files = render_site(site, result, store)                                         # stage 7
    if files is None:
        return result
    files = publish_files(site, result, store, files)
    files.update(admin_files(o, result))
    files = check_output(o, site, result, store, files)                              # stage 8
    if files is None or result.failed(o.strict):
        return result
    result.files = files
    if o.write:
        write_site(o, result, files)                                                  # stage 9
    return result


def plan_site(o: BuildOptions, result: Result) -> _Site | None:
    """Stage 6: every page, its theme and template, the theme's assets."""
    content, progress = result.content, result.progress
    pages = plan(content, progress) + embed_pages(content, progress) + view_pages(content, progress)
    pages = language_pages(pages, content, progress)    # Welsh twins, and every page's alternates
    links = links_for(content.site.base_url)
    try:
        assets = collect_assets(theme_dirs(o.themes, content.site.theme), links.base_path)
        names = sorted({p.theme for p in pages})
        template_dirs = list(dict.fromkeys(d for name in names for d in theme_dirs(o.themes, name)))
        langs = sorted({p.lang for p in pages})
        envs = {(name, lang): make_environment(o.themes, name, lang) for name in names for lang in langs}
        themes = tuple((str(d), tree_digest(d)) for d in template_dirs)
    except ThemeError as exc:
        result.diagnostics.error(display_path(o.content / "site.yaml"), 1, 1, str(exc),
                                 "set theme: to a folder in themes/, or remove it")
        return None
    key = (content.site, content.agencies, content.topics, content.glossary, links, themes,
           tuple(sorted(assets.urls.items())), tuple(catalogue_digest(lang) for lang in langs))
    return _Site(pages, envs, assets, links, template_dirs, key)


def render_site(site: _Site, result: Result, store: Store) -> dict[str, bytes] | None:
    """Stage 7: every page's bytes, from the cache where the page and what it shows are the same.
    Each language's pages are rendered from its own model, links and catalogue (site/languages.py)."""
    files, result.rendered, assets = {}, [], site.assets
    hidden = review_page_only(site.template_dirs, site.pages)
    try:
        for lang, bundle in languages(result.content, result.progress, site.links, site.pages).items():
            envs = {name: env for (name, env_lang), env in site.envs.items() if env_lang == lang}
            made, rendered = render_cached([p for p in site.pages if p.lang == lang], store, site.key,
                                           bundle.progress, bundle.content.reviews,
                                           renderer(bundle, envs, assets), hidden)
            files.update(made)
            result.rendered += rendered
    except Exception as exc:
        where = template_location(exc)
        if where is None:
            raise               # not a template's mistake: a generator bug should show itself
        result.diagnostics.error(display_path(Path(where[0])), where[1], 1,
                                 f"the template failed: {type(exc).__name__}: {exc}",
                                 "fix the template (a theme override must use only what the template context gives)")
        return None
    files.update(site.assets.files)
    return files


def publish_files(site: _Site, result: Result, store: Store, files: dict[str, bytes]) -> dict[str, bytes]:
    """The open data, feeds, sitemap and embed script beside the pages."""
    content, progress, links = result.content, result.progress, site.links
    files.update(data_files(content, progress, links, [p.url for p in site.pages],
                            remember=_scoped(store, site.key)))
    files.update(change_feeds(content, progress, links, _scoped(store, site.key)))
    files["embed.js"] = embed_js(site.envs.get((content.site.theme, "en")) or next(iter(site.envs.values())), links,
                                 content.site.exit_page_url, site_languages(content.site))
    return files


def admin_files(o: BuildOptions, result: Result) -> dict[str, bytes]:
    """/admin/, the web editor, when site.yaml asks for it: its generated configuration and the
    pinned release's files (not installed here: a warning, and the site is built without it)."""
    content, diags = result.content, result.diagnostics
    if content.site.admin is None:
        return {}
    site_file = display_path(o.content / "site.yaml")
    site_text = result.sources.get(site_file, "")
    line = next((i for i, text in enumerate(site_text.splitlines(), 1) if text.startswith("admin:")), 1)
    hint = f"install it with: {admin.INSTALL} (or remove admin: from site.yaml)"
    try:
        vendored = admin.vendored(o.content)
    except admin.NotInstalled as exc:     # a warning: --strict (the pull-request check) still refuses it
        diags.warning(site_file, line, 1, str(exc), hint)
        return {}
    except admin.AdminError as exc:
        diags.error(site_file, line, 1, str(exc), hint)
        return {}
    return {**admin.generated(content), **vendored}


def _scoped(store: Store, key: tuple) -> Remember:
    """store, with `key` (what every review's progress and links depend on) in every key."""
    scope = digest(key)
    return lambda kind, parts, make: store(kind, (scope, *parts), make)


def check_output(o: BuildOptions, site: _Site, result: Result, store: Store,
                 files: dict[str, bytes]) -> dict[str, bytes] | None:
    """Stage 8: paths, links, XML and the privacy guard on every file; the search index (built
    in Pagefind's own process meanwhile, and guarded too) and the headers added. None when a
    problem stops the build before the guard could run."""
    content, diags, links = result.content, result.diagnostics, site.links
    site_file = display_path(o.content / "site.yaml")
    log = result.redaction
    contact = content.site.accessibility.contact_email
    if log is not None and contact:
        # the accessibility contact (site.yaml) is published on purpose: it is no personal detail
        log = dataclasses.replace(log, allow=[*log.allow, contact])
    settings = (tuple(log.declared), tuple(log.allow), tuple(log.allowed_phones), log.patterns) if log else ()

    # the web editor's release is checked against its pinned hashes instead (as Pagefind's engine is)
    pinned = {f"admin/{name}" for name in admin.pinned_files()} if content.site.admin is not None else set()

    def guard(these: dict[str, bytes]) -> list:
        these = {n: b for n, b in these.items() if n not in pinned}
        return guard_cached(these, store, settings, lambda todo: guard_output(todo, content, log), joined=(content, log))

    # The search index in parts (a partnership's reviews each), each kept by its pages and records.
    parts = index_parts(files, content, records_by_review(content, result.progress, links.base_path,
                                                          _scoped(store, site.key)))
    index, todo = search_lookup(parts, files, store, links.base_path)
    # Pagefind indexes in its own process while this one checks the output: both cores are busy.
    with ThreadPoolExecutor(1) as background:
        indexing = (background.submit(lambda: [(key, part_files(part, files, links.base_path)) for part, key in todo])
                    if todo else None)
        try:
            check_collisions(files)
        except PathCollision as exc:
            diags.error(site_file, 1, 1, str(exc))
            return None
        broken = find_broken(files, links.base_path, store)
        for f in trace_links(broken, content, result.sources, site.template_dirs, files, links.base_path):
            diags.error(f.path, f.line, f.col, f.message, f.hint)
        for bad in malformed_xml(files, store):
            diags.error(f"output/{bad.name}", bad.line, bad.col, bad.message,
                        "a template or a text with a character XML does not allow: run actionplans check")
        problems = guard(files)
        if indexing is not None:
            try:
                made = indexing.result()
            except SearchError as exc:
                diags.error(site_file, 1, 1, f"the search index could not be built: {exc}",
                            "reinstall with pip install -e . (Pagefind comes with it)")
                return None
            for key, part in made:
                store.put("search", key, part)
                index.update(part)
    index = dict(sorted(index.items()))
    index["_headers"] = headers_file(content, {**files, **index}, links)
    try:
        check_collisions([*files, *index])
    except PathCollision as exc:
        diags.error(site_file, 1, 1, str(exc))
        return None
    files.update(index)
    # One sorted list, as if every file had been guarded in one pass; each problem is reported
    # at the content (or template) line holding the text, naming the files it would reach.
    found = sorted(problems + guard(index), key=lambda p: p.path)
    for f in trace_guard(found, content, result.sources, site.template_dirs, files, log):
        diags.error(f.path, f.line, f.col, f.message, f.hint)
    return files


def write_site(o: BuildOptions, result: Result, files: dict[str, bytes]) -> None:
    """Stage 9: output/ replaced whole, atomically; on failure the previous one is untouched."""
    try:
        write_output(o.output, files, result.cache.spare(o.output))
    except (UnsafePath, OSError) as exc:
        result.diagnostics.error(display_path(o.output), 1, 1, f"the site could not be written: {exc}",
                                 "the previous output/ is unchanged")
        return
    result.written = True
