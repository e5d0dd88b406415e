"""Pages and verdicts from the cache: a page's bytes are kept by the hash of what it shows (the
site-wide settings, the theme, the page itself, the reviews it lists), a file's guard findings
by the hash of its bytes and the redaction settings. The misses are made in one call, so the
renderer and the guard can still spread them over the worker processes."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Callable

from jinja2 import Environment, TemplateSyntaxError, meta

from ..content.progress import Progress
from ..core.hashing import sha256
from ..core.model import Agency, Partnership, Review, Topic
from ..site.pages import Page
from .entries import Store, digest
from .joined import joined_proofs


def page_inputs(page: Page, progress: Progress, everything: tuple) -> tuple:
    """The reviews a page shows. A review's page shows that review; an agency's, every review
    with an action it leads or supports (its predecessors' included); a topic's and a
    partnership's, theirs; lists, totals and the home page show them all."""
    s = page.subject
    if isinstance(s, Review):
        return (s,)
    if isinstance(s, Agency):
        return tuple(progress.agency_reviews.get(s.id, ()))
    if isinstance(s, Topic):
        return tuple({id(rv): rv for rv, _ in progress.topic_recommendations.get(s.id, [])}.values())
    if isinstance(s, Partnership):
        return tuple(progress.partnership_reviews.get(s.id, []))
    return everything


# Fields of a review that the default theme shows on the review's own page only: an edit to its
# summary or report link changes that page, not the agency, topic, list and home pages it
# appears on. A theme that shows one elsewhere says so in its templates (read below).
REVIEW_PAGE_ONLY = ("summary", "report_url", "reference", "people")


def review_page_only(template_dirs: list[Path], pages: list[Page]) -> tuple[str, ...]:
    """The REVIEW_PAGE_ONLY fields that no template of another page reads: the templates the
    other pages use, and every template they extend, include or import (followed through the
    theme folders, a site's own first), are searched for `.field`, `'field'` or `"field"`. None
    at all when one of them reaches a review page's template, or names a template only at run time."""
    own = {p.template for p in pages if isinstance(p.subject, Review)}
    others = {p.template for p in pages if not isinstance(p.subject, Review)}
    own -= others
    folders = [Path(d) / "templates" for d in template_dirs]

    def source(name: str) -> str | None:
        for folder in folders:
            path = folder / name
            if path.is_file():
                return path.read_text(encoding="utf-8", errors="replace")
        return None

    env = Environment(extensions=["jinja2.ext.i18n"])      # the theme's {% trans %} blocks parse
    texts, seen, todo = [], set(), sorted(others)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in own:
            return ()
        text = source(name)
        if text is None:
            continue
        texts.append(text)
        try:
            refs = list(meta.find_referenced_templates(env.parse(text)))
        except TemplateSyntaxError:
            return ()
        if None in refs:
            return ()       # a template chosen at run time: it could be any of them
        todo.extend(r for r in refs if r not in seen)
    text = "\n".join(texts)
    return tuple(f for f in REVIEW_PAGE_ONLY
                 if not re.search(rf"\.{f}\b|['\"]{f}['\"]", text))


def _view(review: Review, hidden: tuple[str, ...]) -> str:
    """The digest of the review as pages other than its own see it: field by field, the hidden
    ones at their defaults (the recommendations, most of it, are hashed once for both views)."""
    parts: list = []
    for f in dataclasses.fields(Review):
        parts += [f.name, f.default if f.name in hidden else getattr(review, f.name)]
    return digest("review-view", *parts)


def page_fixed(page: Page) -> tuple:
    return (page.template, page.theme, page.url, page.kind, page.title, page.description, page.breadcrumbs,
            repr(page.extra.get("filter")))


def render_cached(pages: list[Page], store: Store, site_key: tuple, progress: Progress, reviews: tuple,
                  render: Callable[[list[Page]], dict[str, bytes]],
                  hidden: tuple[str, ...] = ()) -> tuple[dict[str, bytes], list[str]]:
    """(every page's bytes, the pages rendered now): render(pages) for the pages not in the cache.
    `hidden`: review fields only a review's own pages show (review_page_only)."""
    if not store.enabled:
        return render(pages), [p.output for p in pages]
    site = digest(store.base, "page", site_key, hidden)
    whole = {id(r): _view(r, ()) for r in reviews}
    seen = {id(r): _view(r, hidden) for r in reviews} if hidden else whole
    everything = tuple(reviews)
    keys = {p.output: digest(site, page_fixed(p), [(whole if isinstance(p.subject, Review) else seen)[id(r)]
                                                   for r in page_inputs(p, progress, everything)])
            for p in pages}
    kept = {p.output: store.get("page", keys[p.output]) for p in pages}
    todo = [p for p in pages if kept[p.output] is None]
    fresh = render(todo) if todo else {}
    for page in todo:
        store.put("page", keys[page.output], fresh[page.output])
        kept[page.output] = fresh[page.output]
    return {p.output: kept[p.output] for p in pages}, [p.output for p in todo]


def guard_cached(files: dict[str, bytes], store: Store, settings: tuple, guard: Callable[[dict[str, bytes]], list],
                 label: str = "output", joined: tuple | None = None) -> list:
    """guard(files)'s findings, guarding only the files whose bytes (under these redaction
    settings) were not guarded before. `joined` (the content, the redaction log): a file made of
    per-review parts is proven clean from its parts' verdicts (cache/joined.py) and only its
    name guarded; its parts' verdicts are kept even when the file's own is found (the next
    edit needs them)."""
    if not store.enabled:
        return guard(files)
    base = digest(store.base, "guard", settings)
    keys = {name: digest(base, name, sha256(data)) for name, data in files.items()}
    found = {name: store.get("guard", keys[name]) for name in files}
    todo = {name: files[name] for name in files if found[name] is None}
    proofs = joined_proofs(files, joined[0], store, settings, joined[1]) if joined else {}
    proven = [name for name in proofs if name in files and proofs[name](name in todo) and name in todo]
    for name in proven:     # the file's name is still guarded, as a file holding nothing
        todo[name] = b""
    fresh: dict[str, list] = {name: [] for name in todo}
    for problem in guard(todo) if todo else ():
        fresh[problem.path[len(label) + 1:]].append(problem)
    for name, problems in fresh.items():
        store.put("guard", keys[name], problems)
        found[name] = problems
    return [p for name in sorted(files) for p in found[name]]


def search_lookup(parts: list, files: dict[str, bytes], store: Store, base_path: str) -> tuple[dict[str, bytes], list]:
    """(the index files of the parts found in the cache, [(part, its key)] for the others). A
    part is kept by its pages' bytes and its records (publish/search_groups.py)."""
    found: dict[str, bytes] = {}
    todo = []
    for part in parts:
        key = digest(store.base, "search", base_path, part.output_dir, part.merged,
                     [(n, sha256(files[n])) for n in part.pages], part.records)
        index = store.get("search", key) if store.enabled else None
        if index is None:
            todo.append((part, key))
        else:
            found.update(index)
    return found, todo
