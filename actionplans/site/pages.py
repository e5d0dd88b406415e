"""Which pages exist, their URLs, output paths and subjects: the table of outputs, known
before anything is rendered, so two pages can never claim one path."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ..core.model import Content
from ..content.escalation import escalation
from ..content.progress import Progress, review_state
from ..content.titles import listed_title
from ..core.urls import output_path, path_for
from ..core.vocabulary import REVIEW_STATES, REVIEW_TYPE_LABELS
from .listing import agency_rows, groups_of, listing, page_count, topic_rows

Crumbs = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Page:
    url: str                   # path_for("review", "somerset-dhr-022")
    output: str                # output_path(url)
    template: str
    title: str
    kind: str
    subject: Any = None
    theme: str = "default"
    breadcrumbs: Crumbs = ()
    description: str = ""
    extra: dict = field(default_factory=dict, hash=False, compare=False)
    lang: str = "en"           # the interface language (site/i18n.py)
    alternates: tuple = ()     # every language version of the page, this one too (Alternate)


@dataclass(frozen=True)
class Alternate:
    lang: str                  # 'cy'
    hreflang: str              # 'cy', 'en-GB'
    url: str                   # its site path
    name: str                  # the language's own name, for the switch link


class PathCollision(Exception):
    pass



HOME: tuple[str, str] = ("Home", path_for("home"))


def paged(route: tuple, rows: list, title: str, *, extra: dict | None = None,
          name: Callable[[str], str] | None = None, **fields: Any) -> list[Page]:
    """A page per PER_PAGE rows: the route's own URL (route: path_for's arguments), then
    page/2/, page/3/…, each titled with its number once there is more than one."""
    groups = groups_of(rows, name)
    count = page_count(rows)
    out = []
    for n in range(1, count + 1):
        url = path_for(*route, page=n)
        out.append(Page(url, output_path(url), title=title if count == 1 else f"{title} – page {n} of {count}",
                        extra={**(extra or {}), "listing": listing(rows, n, groups), "route": route, "heading": title}, **fields))
    return out


def plan(content: Content, progress: Progress) -> list[Page]:
    site = content.site
    themes = {p.id: (p.theme or site.theme) for p in site.partnerships}
    partnership_names = {p.id: p.name for p in site.partnerships}
    all_reviews = sorted(content.reviews, key=lambda r: (r.updated.last_day(), r.id), reverse=True)
    pages = [
        Page(path_for("home"), output_path(path_for("home")), "home.html", site.title, "home",
             description="What was promised after each review, and whether it happened."),
    ]
    pages += paged(("reviews",), [("review", r) for r in all_reviews], "Reviews", template="reviews.html",
                   kind="reviews", breadcrumbs=(HOME,), description="Every review, with its progress.",
                   extra={"reviews": all_reviews})
    for review in content.reviews:
        pages.append(Page(
            path_for("review", review.id), output_path(path_for("review", review.id)), "review.html",
            listed_title(review, partnership_names.get(review.partnership, "")),
            "review", subject=review, theme=themes.get(review.partnership, site.theme),
            breadcrumbs=(HOME, ("Reviews", path_for("reviews"))),
            description=f"The action plan of {listed_title(review, partnership_names.get(review.partnership, ''))}: "
                        f"what was recommended, who promised what, and progress."))
    pages.append(Page(path_for("agencies"), output_path(path_for("agencies")), "agencies.html", "Agencies",
                      "agencies", breadcrumbs=(HOME,), description="Progress by agency."))
    for agency in content.agencies:
        pages += paged(("agency", agency.id), agency_rows(progress, agency.id), agency.name,
                       template="agency.html", kind="agency", subject=agency,
                       breadcrumbs=(HOME, ("Agencies", path_for("agencies"))),
                       description=f"Actions led by {agency.name} and their progress.")
    pages.append(Page(path_for("topics"), output_path(path_for("topics")), "topics.html", "Topics", "topics",
                      breadcrumbs=(HOME,), description="Learning that recurs across reviews."))
    for topic in content.topics:
        pages += paged(("topic", topic.id), topic_rows(progress, topic.id), topic.name,
                       template="topic.html", kind="topic", subject=topic,
                       breadcrumbs=(HOME, ("Topics", path_for("topics"))),
                       description=f"Recommendations about {topic.name.lower()} from every review.")
    if len(site.partnerships) > 1:
        pages.append(Page(path_for("partnerships"), output_path(path_for("partnerships")), "partnerships.html",
                          "Partnerships", "partnerships", breadcrumbs=(HOME,),
                          description="The partnerships publishing here."))
        for partnership in site.partnerships:
            pages += paged(("partnership", partnership.id),
                           [("review", r) for r in progress.partnership_reviews.get(partnership.id, [])],
                           partnership.name, template="partnership.html", kind="partnership", subject=partnership,
                           theme=themes[partnership.id], breadcrumbs=(HOME, ("Partnerships", path_for("partnerships"))),
                           description=f"Reviews published by {partnership.name}.")
    pages += filter_pages(content, progress)
    # The escalation list: a group per agency now responsible, longest overdue first.
    agency_names = {a.id: a.name for a in content.agencies}
    pages += paged(("escalation",), [(g.agency.id, ref) for g in escalation(content, progress) for ref in g.refs],
                   f"Actions overdue by more than {site.escalate_after_months} "
                   f"month{'s' * (site.escalate_after_months != 1)}", template="escalation.html", kind="escalation",
                   breadcrumbs=(HOME,), name=agency_names.__getitem__,
                   description="Actions long past their due date, by the agency responsible, longest overdue first.")
    pages += [
        Page(path_for("updates"), output_path(path_for("updates")), "updates.html", "Latest updates", "updates", breadcrumbs=(HOME,),
             description="The latest progress updates from every review."),
        Page(path_for("search"), output_path(path_for("search")), "search.html", "Search", "search", breadcrumbs=(HOME,),
             description="Search every review, recommendation and action."),
        Page(path_for("data"), output_path(path_for("data")), "data.html", "Open data", "data", breadcrumbs=(HOME,),
             description="Every review, recommendation and action as open data."),
        Page(path_for("glossary"), output_path(path_for("glossary")), "glossary.html", "Glossary", "glossary", breadcrumbs=(HOME,),
             description="Acronyms and terms in plain English."),
        Page(path_for("accessibility"), output_path(path_for("accessibility")), "accessibility.html", "Accessibility statement",
             "accessibility", breadcrumbs=(HOME,), description="How accessible this website is."),
        Page(path_for("about"), output_path(path_for("about")), "about.html", "About this site", "about", breadcrumbs=(HOME,),
             description="What this site is, who publishes it and how progress is worked out."),
        Page(path_for("not_found"), output_path(path_for("not_found")), "404.html", "Page not found", "404"),
    ]
    check_collisions(p.output for p in pages)
    return pages


def check_collisions(outputs: Any) -> None:
    seen: dict[str, int] = {}
    for out in outputs:
        key = out.lower()    # case-insensitive file systems would merge these
        if key in seen:
            raise PathCollision(f"two outputs would be written to {out}")
        seen[key] = 1


def filter_pages(content: Content, progress: Progress) -> list[Page]:
    """The reviews list filtered by partnership, type and progress: real pages, so the filters
    work without JavaScript."""
    reviews = sorted(content.reviews, key=lambda r: (r.updated.last_day(), r.id), reverse=True)
    crumbs = (HOME, ("Reviews", path_for("reviews")))
    out = []

    def one(route: tuple, chosen: list, title: str, description: str, filter_text: str) -> None:
        nonlocal out
        out += paged(route, [("review", r) for r in chosen], title, template="reviews.html", kind="reviews",
                     breadcrumbs=crumbs, description=description,
                     extra={"reviews": chosen, "filter": {"description": filter_text}})
    for p in content.site.partnerships:
        one(("reviews_by", "partnership", p.id), [r for r in reviews if r.partnership == p.id], f"Reviews: {p.name}",
            f"Reviews commissioned by {p.name}.", f"commissioned by {p.name}")
    for t, label in REVIEW_TYPE_LABELS.items():
        if any(r.type == t for r in reviews):
            one(("reviews_by", "type", t), [r for r in reviews if r.type == t], f"Reviews: {label}s", f"{label}s.",
                f"of type {label}")
    for key, label in REVIEW_STATES.items():
        one(("reviews_by", "status", key), [r for r in reviews if review_state(progress, r.id) == key],
            f"Reviews {label}", f"Reviews {label}.", label)
    return out
