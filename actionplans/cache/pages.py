"""Pages and verdicts from the cache: a page's bytes are kept by the hash of what it shows (the
site-wide settings, the theme, the page itself, the reviews it lists), a file's guard findings
by the hash of its bytes and the redaction settings. The misses are made in one call, so the
renderer and the guard can still spread them over the worker processes."""

from __future__ import annotations

from typing import Callable

from ..content.progress import Progress
from ..core.model import Agency, Partnership, Review, Topic
from ..site.pages import Page
from .entries import Store, digest


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


def page_fixed(page: Page) -> tuple:
    return (page.template, page.theme, page.url, page.kind, page.title, page.description, page.breadcrumbs,
            repr(page.extra.get("filter")))


def render_cached(pages: list[Page], store: Store, site_key: tuple, progress: Progress, reviews: tuple,
                  render: Callable[[list[Page]], dict[str, bytes]]) -> tuple[dict[str, bytes], list[str]]:
    """(every page's bytes, the pages rendered now): render(pages) for the pages not in the cache."""
    if not store.enabled:
        return render(pages), [p.output for p in pages]
    site = digest(store.base, "page", site_key)
    by_review = {id(r): digest(r) for r in reviews}
    everything = tuple(reviews)
    keys = {p.output: digest(site, page_fixed(p), [by_review[id(r)] for r in page_inputs(p, progress, everything)])
            for p in pages}
    kept = {p.output: store.get("page", keys[p.output]) for p in pages}
    todo = [p for p in pages if kept[p.output] is None]
    fresh = render(todo) if todo else {}
    for page in todo:
        store.put("page", keys[page.output], fresh[page.output])
        kept[page.output] = fresh[page.output]
    return {p.output: kept[p.output] for p in pages}, [p.output for p in todo]


def guard_cached(files: dict[str, bytes], store: Store, settings: tuple, guard: Callable[[dict[str, bytes]], list],
                 label: str = "output") -> list:
    """guard(files)'s findings, guarding only the files whose bytes (under these redaction
    settings) were not guarded before."""
    if not store.enabled:
        return guard(files)
    base = digest(store.base, "guard", settings)
    keys = {name: digest(base, name, data) for name, data in files.items()}
    found = {name: store.get("guard", keys[name]) for name in files}
    todo = {name: files[name] for name in files if found[name] is None}
    fresh: dict[str, list] = {name: [] for name in todo}
    for problem in guard(todo) if todo else ():
        fresh[problem.path[len(label) + 1:]].append(problem)
    for name, problems in fresh.items():
        store.put("guard", keys[name], problems)
        found[name] = problems
    return [p for name in sorted(files) for p in found[name]]
