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
from .i18n import DEFAULT, gettext_for, ngettext_for
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
          name: Callable[[str], str] | None = None, lang: str = DEFAULT, **fields: Any) -> list[Page]:
    """A page per PER_PAGE rows: the route's own URL (route: path_for's arguments), then
    page/2/, page/3/…, each titled with its number once there is more than one."""
    _ = gettext_for(lang)
    groups = groups_of(rows, name)
    count = page_count(rows)
    out = []
    for n in range(1, count + 1):
        url = path_for(*route, page=n)
        out.append(Page(url, output_path(url), title=title if count == 1 else _("%(title)s – page %(num)d of %(count)d") % {
                            "title": title, "num": n, "count": count},
                        extra={**(extra or {}), "listing": listing(rows, n, groups), "route": route, "heading": title}, **fields))
    return out


def plan(content: Content, progress: Progress, lang: str = DEFAULT) -> list[Page]:
    """Every page, titled in `lang` (content: the model in that language, bilingual.localise)."""
    _, ngettext = gettext_for(lang), ngettext_for(lang)
    home = (_(HOME[0]), HOME[1])
    site = content.site
    themes = {p.id: (p.theme or site.theme) for p in site.partnerships}
    partnership_names = {p.id: p.name for p in site.partnerships}
    all_reviews = sorted(content.reviews, key=lambda r: (r.updated.last_day(), r.id), reverse=True)
    pages = [
        Page(path_for("home"), output_path(path_for("home")), "home.html", site.title, "home",
             description=_("What was promised after each review, and whether it happened.")),
    ]
    pages += paged(("reviews",), [("review", r) for r in all_reviews], _("Reviews"), template="reviews.html",
                   kind="reviews", breadcrumbs=(home,), description=_("Every review, with its progress."),
                   extra={"reviews": all_reviews}, lang=lang)
    for review in content.reviews:
        title = listed_title(review, partnership_names.get(review.partnership, ""))
        pages.append(Page(
            path_for("review", review.id), output_path(path_for("review", review.id)), "review.html",
            title, "review", subject=review, theme=themes.get(review.partnership, site.theme),
            breadcrumbs=(home, (_("Reviews"), path_for("reviews"))),
            description=_("The action plan of %(title)s: what was recommended, who promised what, and progress.")
            % {"title": title}))
    pages.append(Page(path_for("agencies"), output_path(path_for("agencies")), "agencies.html", _("Agencies"),
                      "agencies", breadcrumbs=(home,), description=_("Progress by agency.")))
    for agency in content.agencies:
        pages += paged(("agency", agency.id), agency_rows(progress, agency.id), agency.name,
                       template="agency.html", kind="agency", subject=agency,
                       breadcrumbs=(home, (_("Agencies"), path_for("agencies"))),
                       description=_("Actions led by %(name)s and their progress.") % {"name": agency.name}, lang=lang)
    pages.append(Page(path_for("topics"), output_path(path_for("topics")), "topics.html", _("Topics"), "topics",
                      breadcrumbs=(home,), description=_("Learning that recurs across reviews.")))
    for topic in content.topics:
        pages += paged(("topic", topic.id), topic_rows(progress, topic.id), topic.name,
                       template="topic.html", kind="topic", subject=topic,
                       breadcrumbs=(home, (_("Topics"), path_for("topics"))),
                       description=_("Recommendations about %(topic)s from every review.") % {
                           "topic": topic.name.lower()}, lang=lang)
    if len(site.partnerships) > 1:
        pages.append(Page(path_for("partnerships"), output_path(path_for("partnerships")), "partnerships.html",
                          _("Partnerships"), "partnerships", breadcrumbs=(home,),
                          description=_("The partnerships publishing here.")))
        for partnership in site.partnerships:
            pages += paged(("partnership", partnership.id),
                           [("review", r) for r in progress.partnership_reviews.get(partnership.id, [])],
                           partnership.name, template="partnership.html", kind="partnership", subject=partnership,
                           theme=themes[partnership.id], breadcrumbs=(home, (_("Partnerships"), path_for("partnerships"))),
                           description=_("Reviews published by %(name)s.") % {"name": partnership.name}, lang=lang)
    pages += filter_pages(content, progress, lang)
    # The escalation list: a group per agency now responsible, longest overdue first.
    agency_names = {a.id: a.name for a in content.agencies}
    months = site.escalate_after_months
    pages += paged(("escalation",), [(g.agency.id, ref) for g in escalation(content, progress) for ref in g.refs],
                   ngettext("Actions overdue by more than %(num)d month", "Actions overdue by more than %(num)d months",
                            months) % {"num": months}, template="escalation.html", kind="escalation",
                   breadcrumbs=(home,), name=agency_names.__getitem__, lang=lang,
                   description=_("Actions long past their due date, by the agency responsible, longest overdue first."))
    pages += [
        Page(path_for("updates"), output_path(path_for("updates")), "updates.html", _("Latest updates"), "updates",
             breadcrumbs=(home,), description=_("The latest progress updates from every review.")),
        Page(path_for("search"), output_path(path_for("search")), "search.html", _("Search"), "search",
             breadcrumbs=(home,), description=_("Search every review, recommendation and action.")),
        Page(path_for("data"), output_path(path_for("data")), "data.html", _("Open data"), "data", breadcrumbs=(home,),
             description=_("Every review, recommendation and action as open data.")),
        Page(path_for("glossary"), output_path(path_for("glossary")), "glossary.html", _("Glossary"), "glossary",
             breadcrumbs=(home,), description=_("Acronyms and terms in plain English.")),
        Page(path_for("accessibility"), output_path(path_for("accessibility")), "accessibility.html",
             _("Accessibility statement"), "accessibility", breadcrumbs=(home,),
             description=_("How accessible this website is.")),
        Page(path_for("about"), output_path(path_for("about")), "about.html", _("About this site"), "about",
             breadcrumbs=(home,),
             description=_("What this site is, who publishes it and how progress is worked out.")),
        Page(path_for("not_found"), output_path(path_for("not_found")), "404.html", _("Page not found"), "404"),
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


def filter_pages(content: Content, progress: Progress, lang: str = DEFAULT) -> list[Page]:
    """The reviews list filtered by partnership, type and progress: real pages, so the filters
    work without JavaScript."""
    _ = gettext_for(lang)
    reviews = sorted(content.reviews, key=lambda r: (r.updated.last_day(), r.id), reverse=True)
    crumbs = ((_(HOME[0]), HOME[1]), (_("Reviews"), path_for("reviews")))
    out = []

    def one(route: tuple, chosen: list, title: str, description: str, filter_text: str) -> None:
        nonlocal out
        out += paged(route, [("review", r) for r in chosen], title, template="reviews.html", kind="reviews",
                     breadcrumbs=crumbs, description=description, lang=lang,
                     extra={"reviews": chosen, "filter": {"description": filter_text}})
    for p in content.site.partnerships:
        one(("reviews_by", "partnership", p.id), [r for r in reviews if r.partnership == p.id],
            _("Reviews: %(name)s") % {"name": p.name}, _("Reviews commissioned by %(name)s.") % {"name": p.name},
            _("commissioned by %(name)s") % {"name": p.name})
    for t, label in REVIEW_TYPE_LABELS.items():
        if any(r.type == t for r in reviews):
            # the type's name in the plural ('Domestic Homicide Reviews'): languages.extra_strings
            types_msgid = label + "s"
            types = _(types_msgid)
            one(("reviews_by", "type", t), [r for r in reviews if r.type == t], _("Reviews: %(types)s") % {"types": types},
                f"{types}.", _("of type %(type)s") % {"type": _(label)})
    for key, label in REVIEW_STATES.items():
        one(("reviews_by", "status", key), [r for r in reviews if review_state(progress, r.id) == key],
            _("Reviews %(state)s") % {"state": _(label)}, _("Reviews %(state)s.") % {"state": _(label)}, _(label))
    return out
