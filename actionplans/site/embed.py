"""Embedding in partnership websites: /embed/… pages (no site chrome, links open in the top
window), /embed.js for web editors, and the security headers that allow only the listed
origins to frame them."""

from __future__ import annotations

from jinja2 import Environment

from ..core.model import Content
from ..content.titles import listed_titles
from ..content.progress import Progress
from ..core.urls import output_path, path_for
from .i18n import DEFAULT, gettext_for
from .listing import agency_rows
from .pages import Page, paged
from ..core.urls import Links



def embed_pages(content: Content, progress: Progress, lang: str = DEFAULT) -> list[Page]:
    site = content.site
    themes = {p.id: (p.theme or site.theme) for p in site.partnerships}
    multi = len(site.partnerships) > 1
    titles = listed_titles(content)
    pages = []
    for r in content.reviews:
        url = path_for("embed_review", r.id)
        pages.append(Page(url, output_path(url), "embed_review.html", titles[r.id], "embed", subject=r,
                          theme=themes.get(r.partnership, site.theme), extra={"full_url": path_for("review", r.id)}))
    for a in content.agencies:
        # The open actions, a page at a time as on the agency's own page; every page of the
        # embed stands for the agency's page.
        for page in paged(("embed_agency", a.id), agency_rows(progress, a.id, open_only=True), a.name,
                          template="embed_agency.html", kind="embed", subject=a, lang=lang):
            page.extra["full_url"] = path_for("agency", a.id)
            pages.append(page)
    for p in site.partnerships:
        url = path_for("embed_partnership", p.id)
        pages.append(Page(url, output_path(url), "embed_partnership.html", p.name, "embed", subject=p, theme=themes[p.id],
                          extra={"full_url": path_for("partnership", p.id) if multi else path_for("home")}))
    return pages


def _frame_title(lang: str) -> str:
    _ = gettext_for(lang)
    return _("Progress of an action plan")


def embed_js(env: Environment, links: Links, exit_url: str, langs: tuple[str, ...] = (DEFAULT,)) -> bytes:
    """/embed.js, from the theme's templates/embed.js (a site's theme may override it); the
    frame's fallback name in each of the site's languages (langs)."""
    origin = links.base_url.split("/", 3)
    titles = {lang: _frame_title(lang) for lang in langs}
    return env.get_template("embed.js").render(
        origin="/".join(origin[:3]), base=links.base_url, exit=exit_url, embeds=path_for("embeds"),
        titles=titles).encode("utf-8")
