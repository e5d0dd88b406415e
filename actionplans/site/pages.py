"""Which pages exist, their URLs, output paths and subjects: the table of outputs, known
before anything is rendered, so two pages can never claim one path."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.model import Content
from ..content.progress import Progress, review_state
from ..core.vocabulary import REVIEW_STATES, REVIEW_TYPE_LABELS

Crumbs = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Page:
    url: str                   # '/reviews/somerset-dhr-022/'
    output: str                # 'reviews/somerset-dhr-022/index.html'
    template: str
    title: str
    kind: str
    subject: Any = None
    theme: str = "default"
    breadcrumbs: Crumbs = ()
    description: str = ""
    extra: dict = field(default_factory=dict, hash=False, compare=False)


class PathCollision(Exception):
    pass


def _html(url: str) -> str:
    return url.strip("/") + "/index.html" if url != "/" else "index.html"


HOME: tuple[str, str] = ("Home", "/")


def plan(content: Content, progress: Progress) -> list[Page]:
    site = content.site
    themes = {p.id: (p.theme or site.theme) for p in site.partnerships}
    partnership_names = {p.id: p.name for p in site.partnerships}
    all_reviews = sorted(content.reviews, key=lambda r: (r.updated.last_day(), r.id), reverse=True)
    pages = [
        Page("/", "index.html", "home.html", site.title, "home",
             description="What was promised after each review, and whether it happened."),
        Page("/reviews/", "reviews/index.html", "reviews.html", "Reviews", "reviews", breadcrumbs=(HOME,),
             description="Every review, with its progress.", extra={"reviews": all_reviews}),
    ]
    for review in content.reviews:
        pages.append(Page(
            f"/reviews/{review.id}/", _html(f"/reviews/{review.id}/"), "review.html", review.title, "review",
            subject=review, theme=themes.get(review.partnership, site.theme),
            breadcrumbs=(HOME, ("Reviews", "/reviews/")),
            description=f"The action plan of {review.title} ({partnership_names.get(review.partnership, '')}): "
                        f"what was recommended, who promised what, and progress."))
    pages.append(Page("/agencies/", "agencies/index.html", "agencies.html", "Agencies", "agencies",
                      breadcrumbs=(HOME,), description="Progress by agency."))
    for agency in content.agencies:
        pages.append(Page(f"/agencies/{agency.id}/", _html(f"/agencies/{agency.id}/"), "agency.html", agency.name,
                          "agency", subject=agency, breadcrumbs=(HOME, ("Agencies", "/agencies/")),
                          description=f"Actions led by {agency.name} and their progress."))
    pages.append(Page("/topics/", "topics/index.html", "topics.html", "Topics", "topics", breadcrumbs=(HOME,),
                      description="Learning that recurs across reviews."))
    for topic in content.topics:
        pages.append(Page(f"/topics/{topic.id}/", _html(f"/topics/{topic.id}/"), "topic.html", topic.name, "topic",
                          subject=topic, breadcrumbs=(HOME, ("Topics", "/topics/")),
                          description=f"Recommendations about {topic.name.lower()} from every review."))
    if len(site.partnerships) > 1:
        pages.append(Page("/partnerships/", "partnerships/index.html", "partnerships.html", "Partnerships",
                          "partnerships", breadcrumbs=(HOME,), description="The partnerships publishing here."))
        for partnership in site.partnerships:
            pages.append(Page(f"/partnerships/{partnership.id}/", _html(f"/partnerships/{partnership.id}/"),
                              "partnership.html", partnership.name, "partnership", subject=partnership,
                              theme=themes[partnership.id],
                              breadcrumbs=(HOME, ("Partnerships", "/partnerships/")),
                              description=f"Reviews published by {partnership.name}."))
    pages += filter_pages(content, progress)
    pages += [
        Page("/updates/", "updates/index.html", "updates.html", "Latest updates", "updates", breadcrumbs=(HOME,),
             description="The latest progress updates from every review."),
        Page("/escalation/", "escalation/index.html", "escalation.html",
             f"Actions overdue by more than {site.escalate_after_months} month{'s' * (site.escalate_after_months != 1)}", "escalation", breadcrumbs=(HOME,),
             description="Actions long past their due date, by the agency responsible, longest overdue first."),
        Page("/search/", "search/index.html", "search.html", "Search", "search", breadcrumbs=(HOME,),
             description="Search every review, recommendation and action."),
        Page("/data/", "data/index.html", "data.html", "Open data", "data", breadcrumbs=(HOME,),
             description="Every review, recommendation and action as open data."),
        Page("/glossary/", "glossary/index.html", "glossary.html", "Glossary", "glossary", breadcrumbs=(HOME,),
             description="Acronyms and terms in plain English."),
        Page("/accessibility/", "accessibility/index.html", "accessibility.html", "Accessibility statement",
             "accessibility", breadcrumbs=(HOME,), description="How accessible this website is."),
        Page("/about/", "about/index.html", "about.html", "About this site", "about", breadcrumbs=(HOME,),
             description="What this site is, who publishes it and how progress is worked out."),
        Page("/404.html", "404.html", "404.html", "Page not found", "404"),
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
    crumbs = (HOME, ("Reviews", "/reviews/"))
    out = []
    for p in content.site.partnerships:
        url = f"/reviews/partnership/{p.id}/"
        out.append(Page(url, _html(url), "reviews.html", f"Reviews: {p.name}", "reviews", breadcrumbs=crumbs,
                        description=f"Reviews commissioned by {p.name}.",
                        extra={"reviews": [r for r in reviews if r.partnership == p.id],
                               "filter": {"description": f"commissioned by {p.name}"}}))
    for t, label in REVIEW_TYPE_LABELS.items():
        if any(r.type == t for r in reviews):
            url = f"/reviews/type/{t}/"
            out.append(Page(url, _html(url), "reviews.html", f"Reviews: {label}s", "reviews", breadcrumbs=crumbs,
                            description=f"{label}s.", extra={"reviews": [r for r in reviews if r.type == t],
                                                            "filter": {"description": f"of type {label}"}}))
    for key, label in REVIEW_STATES.items():
        url = f"/reviews/status/{key}/"
        out.append(Page(url, _html(url), "reviews.html", f"Reviews {label}", "reviews", breadcrumbs=crumbs,
                        description=f"Reviews {label}.",
                        extra={"reviews": [r for r in reviews if review_state(progress, r.id) == key],
                               "filter": {"description": label}}))
    return out
