"""Every URL and #anchor the site makes, in one table: pages, their pages 2…n, embeds, feeds,
data files and the anchors on a review's page. Python calls path_for()/anchor_for(), templates
url_for()/anchor_for() (globals, see render.page_context); nothing else spells a site path, and
tests/test_urls.py greps the package and the themes to keep it so.

A route's arguments are ids as the model holds them. A page of a paginated list is the
route's URL followed by `page/<n>/` (page 1 is the route itself, so its links never change)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

ROUTES: dict[str, str] = {
    "home": "/",
    "reviews": "/reviews/",
    "review": "/reviews/{}/",
    "reviews_by": "/reviews/{}/{}/",           # a filtered list: partnership|type|status, then its key
    "review_feed": "/reviews/{}/updates.xml",
    "review_open": "/reviews/{}/open/",          # a review's actions still open, overdue, changed
    "review_overdue": "/reviews/{}/overdue/",
    "review_changes": "/reviews/{}/changes/",
    "review_changes_feed": "/reviews/{}/changes.xml",
    "changes": "/changes/",
    "changes_feed": "/changes.xml",
    "agencies": "/agencies/",
    "agency": "/agencies/{}/",
    "topics": "/topics/",
    "topic": "/topics/{}/",
    "partnerships": "/partnerships/",
    "partnership": "/partnerships/{}/",
    "embeds": "/embed/",
    "embed_review": "/embed/reviews/{}/",
    "embed_agency": "/embed/agencies/{}/",
    "embed_partnership": "/embed/partnerships/{}/",
    "embed_js": "/embed.js",
    "updates": "/updates/",
    "updates_feed": "/updates.xml",
    "escalation": "/escalation/",
    "escalation_feed": "/escalation.xml",
    "search": "/search/",
    "pagefind": "/pagefind/",                 # the search index (publish/search.py writes it there)
    "pagefind_partnership": "/pagefind/partnerships/{}/",   # a partnership's reviews' index, merged in the browser
    "data": "/data/",
    "data_reviews": "/data/reviews.json",
    "data_review": "/data/reviews/{}.json",
    "data_actions": "/data/actions.csv",
    "data_escalation": "/data/escalation.csv",
    "data_schema": "/data/schema/{}.schema.json",
    "glossary": "/glossary/",
    "accessibility": "/accessibility/",
    "about": "/about/",
    "not_found": "/404.html",
    "sitemap": "/sitemap.xml",
}

# The national view's site (actionplans national): its own table, read by national_path().
NATIONAL_ROUTES: dict[str, str] = {
    "home": "/",
    "reviews": "/reviews/",
    "partnership": "/reviews/{}/",            # a partnership's key (its source's slug and its id)
    "recommendations": "/national-recommendations/",
    "body": "/national-recommendations/{}/",  # a national body's id
    "lessons": "/repeated-lessons/",
    "lesson": "/repeated-lessons/{}/",
    "agencies": "/agencies/",
    "topics": "/topics/",
    "topic": "/topics/{}/",
    "topic_lessons": "/topics/{}/lessons/",
    "sources": "/sources/",
    "data": "/data/",
    "accessibility": "/accessibility/",
    "data_national": "/data/national.json",
    "data_actions": "/data/actions.csv",
    "data_sources": "/data/sources.json",
    "data_schema": "/data/schema/national-data.schema.json",
}

# Anchors; those ON_REVIEW_PAGE are routes too: path_for("action", review, rec, n) is the review's URL + "#" + it.
ANCHORS: dict[str, str] = {
    "recommendation": "recommendation-{}",     # rec id
    "action": "action-{}-{}",                  # rec id, action number
    "group": "group-{}",                       # a group's heading in a paginated list (listing.py)
}
ON_REVIEW_PAGE = ("recommendation", "action")

# The embed of a page that has one: the embed's route; the embed shows what the page shows.
EMBED_OF = {"review": "embed_review", "agency": "embed_agency", "partnership": "embed_partnership"}


# The languages besides English whose pages live under /<code>/ (site/i18n.LANGUAGES names the
# same ones; tests/test_i18n.py checks they agree).
OTHER_LANGUAGES: tuple[str, ...] = ("cy",)


def split_language(name: str) -> tuple[str, str]:
    """An output file name or site path as (its language prefix, the rest), so that prefix +
    rest is the name: 'cy/embed/x/' -> ('cy/', 'embed/x/'), '/cy/reviews/' -> ('/cy', '/reviews/'),
    'reviews/' -> ('', 'reviews/')."""
    if name.startswith("/"):
        head, sep, _rest = name[1:].partition("/")
        return (f"/{head}", name[len(head) + 1:]) if sep and head in OTHER_LANGUAGES else ("", name)
    head, sep, rest = name.partition("/")
    return (f"{head}/", rest) if sep and head in OTHER_LANGUAGES else ("", name)


def anchor_for(kind: str, *args: object) -> str:
    return ANCHORS[kind].format(*args)


def path_for(route: str, *args: object, page: int = 1) -> str:
    """The site path of a route ('/agencies/nhs-england/page/2/'). The anchors' kinds are
    routes too: path_for('action', review_id, rec_id, number) is the action on its review's page."""
    if route in ON_REVIEW_PAGE:
        return path_for("review", args[0]) + "#" + anchor_for(route, *args[1:])
    template = ROUTES[route]
    if template.count("{}") != len(args):
        raise TypeError(f"route {route!r} takes {template.count('{}')} argument(s), got {len(args)}")
    path = template.format(*args)
    if page != 1:
        if page < 1 or not path.endswith("/"):
            raise ValueError(f"route {route!r} has no page {page}")
        path += f"page/{page}/"
    return path


def national_path(route: str, *args: object, page: int = 1) -> str:
    """path_for() over the national view's table (NATIONAL_ROUTES)."""
    template = NATIONAL_ROUTES[route]
    if template.count("{}") != len(args):
        raise TypeError(f"route {route!r} takes {template.count('{}')} argument(s), got {len(args)}")
    path = template.format(*args)
    if page != 1:
        path += f"page/{page}/"
    return path


def output_path(path: str) -> str:
    """The file in output/ that serves a site path: '/reviews/x/' -> 'reviews/x/index.html'."""
    path = path.split("#", 1)[0]
    return path.strip("/") + "/index.html" if path.endswith("/") and path != "/" else (
        "index.html" if path == "/" else path.lstrip("/"))


def embed_key(route: str, *args: object) -> str:
    """What a web editor writes in data-actionplans="…" for a page's embed: its path under /embed/."""
    embed = path_for(EMBED_OF[route], *args)
    return embed[len(ROUTES["embeds"]):].strip("/")


@dataclass(frozen=True)
class Links:
    """URLs as templates write them: one place knows the site's base path."""

    base_path: str
    base_url: str
    # A page in another language: its links go to the pages that have a twin in that language
    # (their site paths, without the prefix), under the language's prefix ('/cy').
    prefix: str = ""
    mirrored: frozenset[str] = frozenset()

    def url(self, path: str) -> str:
        return f"{self.base_path}{path}"

    def absolute(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def url_for(self, route: str, *args: object, page: int = 1, absolute: bool = False) -> str:
        path = path_for(route, *args, page=page)
        if self.prefix and path.split("#", 1)[0] in self.mirrored:
            path = self.prefix + path
        return self.absolute(path) if absolute else self.url(path)


def links_for(base_url: str) -> Links:
    parsed = urlparse(base_url)
    return Links(parsed.path.rstrip("/"), f"{parsed.scheme}://{parsed.netloc}{parsed.path.rstrip('/')}")
