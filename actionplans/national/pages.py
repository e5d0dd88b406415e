"""Stage 5 of the national view: its pages, rendered by the theme's own Jinja environment
(autoescape and StrictUndefined on): every text from a source reaches a page escaped, none is
trusted as HTML, and Markdown from a source is shown as its plain words. Long lists are split
into pages of at most PER_PAGE rows (`…/page/2/`), so no page grows with the nation: at 2,000
reviews a page stays a few hundred kilobytes at most."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.parallel import WorkerFailed, map_in_order
from ..core.urls import national_path
from ..site.listing import page_numbers
from ..site.render import PARALLEL_PAGES
from ..site.theme import collect_assets, make_environment, theme_dirs
from .model import Nation, age, by_category
from .settings import Settings

NAV = [(label, national_path(route)) for label, route in (
    ("Reviews", "reviews"), ("National recommendations", "recommendations"), ("Repeated lessons", "lessons"),
    ("Agencies", "agencies"), ("Topics", "topics"), ("Sources", "sources"))]
PER_PAGE = 100          # rows of a table on one page
LESSONS_PER_PAGE = 50   # lessons (each a short card) on one page
SHOWN_ON_TOPIC = 10     # a topic page's lessons; all of them are on its lessons page
NO_NATIONAL_LEAD = "scope-national"     # the national recommendations no national body leads


@dataclass(frozen=True)
class Page:
    url: str
    template: str
    title: str
    description: str
    subject: Any = None
    breadcrumbs: tuple = field(default=())

    @property
    def output(self) -> str:
        return self.url.lstrip("/") + "index.html"


@dataclass(frozen=True)
class Chunk:
    """One page of a long list: its rows, its number, how many pages, and what the list is of."""
    items: list
    number: int
    count: int
    route: tuple        # the list's route and its arguments (national_path)
    owner: Any = None

    def url(self, n: int) -> str:
        return national_path(*self.route, page=n)

    def numbers(self) -> list[int | None]:
        return page_numbers(self.number, self.count)


@dataclass(frozen=True)
class NationalSite:
    """What the base template reads as `site`."""
    title: str
    exit_page_url: str
    support: tuple
    licence: dict
    noindex: bool


def paged(route: tuple, items: list, per_page: int, template: str, title: str, description: str,
          breadcrumbs: tuple, owner: Any = None) -> list[Page]:
    """The pages of a list: the route's address, then …/page/2/…; each page's title says which it is."""
    count = max(1, -(-len(items) // per_page))
    pages = []
    for n in range(1, count + 1):
        chunk = Chunk(items[(n - 1) * per_page:n * per_page], n, count, route, owner)
        shown = title if n == 1 else f"{title} – page {n} of {count}"
        pages.append(Page(chunk.url(n), template, shown, description, chunk, breadcrumbs))
    return pages


def plan(nation: Nation, lessons_by_topic: dict[str, list]) -> list[Page]:
    at = national_path
    home = (("Home", at("home")),)
    recs = home + (("National recommendations", at("recommendations")),)
    pages = [
        Page(at("home"), "national_home.html", "Home", "Every partnership's domestic homicide review action plans in one place"),
        Page(at("reviews"), "national_reviews.html", "Every review", "Every review from every partnership, by partnership",
             None, home),
        Page(at("recommendations"), "national_recommendations.html", "National recommendations",
             "Recommendations made to national bodies, with their status", None, home),
        Page(at("agencies"), "national_agencies.html", "Agencies", "National bodies and local agencies", None, home),
        Page(at("topics"), "national_topics.html", "Topics", "Learning topics across the country", None, home),
        Page(at("sources"), "national_sources.html", "Sources", "The partnership sites this is built from", None, home),
        Page(at("data"), "national_data.html", "Open data", "Download everything on this site", None, home),
        Page(at("accessibility"), "national_accessibility.html", "Accessibility statement",
             "How this site meets accessibility standards", None, home),
    ]
    for p in nation.partnerships:
        if p.reviews:
            pages += paged(("partnership", p.key), p.reviews, PER_PAGE, "national_partnership.html", p.name,
                           f"Reviews of {p.name}", home + (("Every review", at("reviews")),), p)
    for body, items in nation.bodies:
        pages += paged(("body", body.id), items, PER_PAGE, "national_body.html", body.name,
                       f"Recommendations whose actions {body.name} leads", recs, body)
    unled = [r for r in nation.national if not r.bodies]
    if unled:
        pages += paged(("body", NO_NATIONAL_LEAD), [(r, None) for r in unled], PER_PAGE,
                       "national_body.html", "National in scope, with no national body leading an action",
                       "National recommendations that no national body leads", recs, None)
    pages += paged(("lessons",), nation.lessons, LESSONS_PER_PAGE, "national_lessons.html",
                   "Repeated lessons", "Recommendations made again and again in different reviews", home)
    lessons = home + (("Repeated lessons", at("lessons")),)
    for lesson in nation.lessons:
        pages += paged(("lesson", lesson.id), lesson.occurrences, PER_PAGE, "national_lesson.html",
                       lesson.summary(), "Every time this lesson was recommended, with its status", lessons, lesson)
    topics = home + (("Topics", at("topics")),)
    for t in nation.topics:
        pages.append(Page(at("topic", t.id), "national_topic.html", t.name, f"Reviews and repeated lessons on {t.name}",
                          t, topics))
        if len(lessons_by_topic[t.id]) > SHOWN_ON_TOPIC:
            pages += paged(("topic_lessons", t.id), lessons_by_topic[t.id], LESSONS_PER_PAGE,
                           "national_lessons.html", f"Repeated lessons on {t.name}",
                           f"Every repeated lesson on {t.name}", topics + ((t.name, at("topic", t.id)),), t)
    return pages


def render(nation: Nation, settings: Settings, sources: list[dict], themes_dir: Path, title: str,
           noindex: bool) -> dict[str, bytes]:
    """Every page's bytes, and the theme's static files, by output path."""
    env = make_environment(themes_dir, "default")
    assets = collect_assets(theme_dirs(themes_dir, "default"), "")
    site = NationalSite(title, settings.exit_page_url, settings.support, settings.licence, noindex)
    lessons_by_topic: dict[str, list] = {t.id: [] for t in nation.topics}
    for lesson in nation.lessons:
        for t in sorted(lesson.topics):
            if t in lessons_by_topic:
                lessons_by_topic[t].append(lesson)
    national = {r.key for r in nation.national}
    common = {
        "site": site, "nation": nation, "nav": NAV, "as_of": nation.as_of, "asset": assets.url,
        "url_for": national_path, "sources": sources, "missing": [s for s in sources if not s["ok"]],
        "lessons_by_topic": lessons_by_topic, "shown_on_topic": SHOWN_ON_TOPIC, "no_national_lead": NO_NATIONAL_LEAD,
        "categories": by_category(nation.national, settings),
        "ages": {r.key: age(r.review.published, nation.as_of) for r in nation.national},
        "unled": [r for r in nation.national if not r.bodies],
        "national_lessons": [l for l in nation.lessons if any(r.key in national for r in l.occurrences)],
    }
    todo = plan(nation, lessons_by_topic)
    for page in todo:       # compiled once here, so forked workers do not each compile them
        env.get_template(page.template)

    def one(page: Page) -> bytes:
        return env.get_template(page.template).render({**common, "page": page, "subject": page.subject}).encode("utf-8")
    try:
        rendered = map_in_order(one, todo, weight=len(todo), threshold=PARALLEL_PAGES)
    except WorkerFailed:
        rendered = [one(page) for page in todo]     # raises the template's error, with its traceback
    return {**assets.files, **{page.output: html for page, html in zip(todo, rendered)}}
