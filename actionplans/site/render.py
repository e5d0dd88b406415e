"""Stage 7: render every page to bytes in memory. Nothing is written here."""

from __future__ import annotations

from typing import Any, Callable

from jinja2 import Environment

from ..core.model import Content
from .pages import Page
from ..content.progress import Progress
from ..core.parallel import WorkerFailed, map_in_order
from .theme import Assets
from ..core.urls import Links, anchor_for

# Below this many pages a worker pool costs more than it saves (the example site has ~100).
PARALLEL_PAGES = 300


def page_context(page: Page, *, content: Content, progress: Progress, assets: Assets, links: Links,
                 extra: dict[str, Any]) -> dict[str, Any]:
    """The one documented template context: site, page, the page's subject, and helpers."""
    return {
        "site": content.site,
        "content": content,
        "progress": progress,
        "page": page,
        "subject": page.subject,
        "asset": assets.url,
        "url": links.url,
        "absolute_url": links.absolute,
        "url_for": links.url_for,
        "anchor_for": anchor_for,
        **extra,
    }


def render_pages(pages: list[Page], envs: dict[str, Environment], make_context: Callable[[Page], dict],
                 postprocess: Callable[[Page, str], str] | None = None) -> dict[str, bytes]:
    def one(page: Page) -> bytes:
        html = envs[page.theme].get_template(page.template).render(make_context(page))
        if postprocess is not None:
            html = postprocess(page, html)
        return html.encode("utf-8")

    for page in pages:      # compiled once here, so forked workers do not each compile them
        envs[page.theme].get_template(page.template)
    try:
        rendered = map_in_order(one, pages, weight=len(pages), threshold=PARALLEL_PAGES)
    except WorkerFailed:
        rendered = [one(page) for page in pages]   # raises the template's error, with its traceback
    return {page.output: html for page, html in zip(pages, rendered)}
