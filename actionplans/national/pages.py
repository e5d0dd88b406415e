"""Stage 5 of the national view: its pages, rendered by the theme's own Jinja environment
(autoescape and StrictUndefined on): every text from a source reaches a page escaped, none is
trusted as HTML, and Markdown from a source is shown as its plain words."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..site.theme import collect_assets, make_environment, theme_dirs
from .model import Nation, age, by_category
from .settings import Settings

NAV = [("Reviews", "/reviews/"), ("National recommendations", "/national-recommendations/"),
       ("Repeated lessons", "/repeated-lessons/"), ("Agencies", "/agencies/"), ("Topics", "/topics/"),
       ("Sources", "/sources/")]


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
class NationalSite:
    """What the base template reads as `site`."""
    title: str
    exit_page_url: str
    support: tuple
    licence: dict
    noindex: bool


def plan(nation: Nation) -> list[Page]:
    home = (("Home", "/"),)
    pages = [
        Page("/", "national/home.html", "Home", "Every partnership's domestic homicide review action plans in one place"),
        Page("/reviews/", "national/reviews.html", "Every review", "Every review from every partnership", None, home),
        Page("/national-recommendations/", "national/recommendations.html", "National recommendations",
             "Recommendations made to national bodies, with their status", None, home),
        Page("/repeated-lessons/", "national/lessons.html", "Repeated lessons",
             "Recommendations made again and again in different reviews", None, home),
        Page("/agencies/", "national/agencies.html", "Agencies", "National bodies and local agencies", None, home),
        Page("/topics/", "national/topics.html", "Topics", "Learning topics across the country", None, home),
        Page("/sources/", "national/sources.html", "Sources", "The partnership sites this is built from", None, home),
        Page("/data/", "national/data.html", "Open data", "Download everything on this site", None, home),
        Page("/accessibility/", "national/accessibility.html", "Accessibility statement",
             "How this site meets accessibility standards", None, home),
    ]
    for t in nation.topics:
        pages.append(Page(f"/topics/{t.id}/", "national/topic.html", t.name, f"Reviews and repeated lessons on {t.name}",
                          t, home + (("Topics", "/topics/"),)))
    lessons = home + (("Repeated lessons", "/repeated-lessons/"),)
    for lesson in nation.lessons:
        pages.append(Page(f"/repeated-lessons/{lesson.id}/", "national/lesson.html", lesson.summary(),
                          "Every time this lesson was recommended, with its status", lesson, lessons))
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
        "url": lambda path: path, "sources": sources, "missing": [s for s in sources if not s["ok"]],
        "lessons_by_topic": lessons_by_topic,
        "categories": by_category(nation.national, settings),
        "ages": {r.key: age(r.review.published, nation.as_of) for r in nation.national},
        "unled": [r for r in nation.national if not r.bodies],
        "national_lessons": [l for l in nation.lessons if any(r.key in national for r in l.occurrences)],
    }
    files = dict(assets.files)
    for page in plan(nation):
        html = env.get_template(page.template).render({**common, "page": page, "subject": page.subject})
        files[page.output] = html.encode("utf-8")
    return files
