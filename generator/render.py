"""Stage 7: render every page to bytes in memory. Nothing is written here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import urlparse

from jinja2 import Environment

from .model import Content
from .pages import Page
from .progress import Progress
from .theme import Assets


@dataclass(frozen=True)
class Links:
    """URLs as templates write them: one place knows the site's base path."""

    base_path: str
    base_url: str

    def url(self, path: str) -> str:
        return f"{self.base_path}{path}"

    def absolute(self, path: str) -> str:
        return f"{self.base_url}{path}"


def links_for(base_url: str) -> Links:
    parsed = urlparse(base_url)
    return Links(parsed.path.rstrip("/"), f"{parsed.scheme}://{parsed.netloc}{parsed.path.rstrip('/')}")


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
        **extra,
    }


def render_pages(pages: list[Page], envs: dict[str, Environment], make_context: Callable[[Page], dict],
                 postprocess: Callable[[Page, str], str] | None = None) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for page in pages:
        template = envs[page.theme].get_template(page.template)
        html = template.render(make_context(page))
        if postprocess is not None:
            html = postprocess(page, html)
        out[page.output] = html.encode("utf-8")
    return out
