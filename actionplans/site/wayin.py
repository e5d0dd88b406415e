"""Short ways into a long plan: each review's views of only its open, overdue or changed
actions (real pages, so they work without JavaScript), the site-wide change list, and the
template helpers that name reviews and recommendations where they are listed."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..content.changes import SITE_CHANGE_LIMIT, by_month, by_quarter, changes
from ..content.progress import Progress
from ..content.titles import listed_title, subject
from ..core.model import Content, Review
from ..core.urls import output_path, path_for
from ..core.vocabulary import CLOSED
from .i18n import DEFAULT, gettext_for
from .pages import HOME, Page

# view key → (route, title, description); the review page links to each.
VIEWS = {
    "open": ("review_open", "Actions still open", "the actions not yet complete or closed"),
    "overdue": ("review_overdue", "Overdue actions", "the actions past their due date and not complete"),
    "changes": ("review_changes", "What changed", "every dated update, completion and milestone, newest first"),
}


def view_pages(content: Content, progress: Progress, lang: str = DEFAULT) -> list[Page]:
    """Three pages per review (VIEWS), and /changes/ for the whole site, titled in `lang`."""
    _ = gettext_for(lang)
    home = (_(HOME[0]), HOME[1])
    site = content.site
    themes = {p.id: (p.theme or site.theme) for p in site.partnerships}
    names = {p.id: p.name for p in site.partnerships}
    pages = []
    for review in content.reviews:
        title = listed_title(review, names.get(review.partnership, ""))
        crumbs = (home, (_("Reviews"), path_for("reviews")), (title, path_for("review", review.id)))
        for key, (route, label, about) in VIEWS.items():
            url = path_for(route, review.id)
            pages.append(Page(url, output_path(url), "changes.html" if key == "changes" else "review_view.html",
                              f"{_(label)}: {title}", "review_view", subject=review,
                              theme=themes.get(review.partnership, site.theme), breadcrumbs=crumbs,
                              description=f"{title}: {_(about)}.", extra={"view": key, "heading": _(label)}))
    url = path_for("changes")
    pages.append(Page(url, output_path(url), "changes.html", _("What changed"), "changes", breadcrumbs=(home,),
                      description=_("Every dated update, completion and milestone from every review, newest first."),
                      extra={"view": "changes", "heading": _("What changed")}))
    return pages


def view_refs(progress: Progress, review_id: str, view: str) -> list:
    refs = progress.by_review.get(review_id, [])
    if view == "open":
        return [r for r in refs if r.facts.status not in CLOSED]
    if view == "overdue":
        return [r for r in refs if r.facts.overdue]
    return refs


def site_changes(progress: Progress) -> list:
    """The latest SITE_CHANGE_LIMIT changes from every review (a national site has hundreds of
    thousands; each review's own list has all of its changes)."""
    return changes(progress.actions, limit=SITE_CHANGE_LIMIT)


def search_partitions(content) -> list[str]:
    """The partnerships whose reviews have their own part of the search index (publish/
    search_groups.py), in the order the search page merges them: each with a review."""
    return sorted({r.partnership for r in content.reviews if r.partnership})


def search_progress(counts) -> str:
    """A review's progress group, as the search page's 'Progress of the review' filter names it
    (on its page and on each of its actions' records)."""
    return ("With overdue actions" if counts.overdue else "With actions still open" if counts.open
            else "With every action closed")


def glossary_letters(entries) -> list[tuple[str, str, list]]:
    """(letter, its anchor, its entries) for A to Z in order, every letter listed (an empty one
    has no entries, so the jump list can show it unlinked); terms starting with a digit or
    another character come first under '0–9'."""
    groups: dict[str, list] = {}
    for g in sorted(entries, key=lambda g: (g.term.casefold(), g.anchor)):
        first = g.term[:1].upper()
        groups.setdefault(first if "A" <= first <= "Z" else "0–9", []).append(g)
    letters = (["0–9"] if "0–9" in groups else []) + [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    return [(letter, "letter-" + ("0-9" if letter == "0–9" else letter.lower()), groups.get(letter, []))
            for letter in letters]


def wayin_extras(content: Content, progress: Progress) -> dict[str, Any]:
    names = {p.id: p.name for p in content.site.partnerships}
    titles = {r.id: listed_title(r, names.get(r.partnership, "")) for r in content.reviews}

    def review_title(review: Review | str) -> str:
        return titles[review if isinstance(review, str) else review.id]

    def partnership_refs(pid: str) -> list:
        return [ref for r in progress.partnership_reviews.get(pid, []) for ref in progress.by_review.get(r.id, [])]

    def by_recommendation(refs: list) -> list[tuple]:
        """(recommendation, its actions among refs), in the plan's order."""
        out: dict[int, tuple] = {}
        for ref in refs:
            out.setdefault(id(ref.recommendation), (ref.recommendation, []))[1].append(ref)
        return list(out.values())

    def review_heading(review: Review) -> Markup:
        """The listed title as a page's heading: what the title adds, on a smaller line."""
        full, own = titles[review.id], review.title
        if full == own:
            return Markup("{}").format(own)
        return Markup('{} <span class="ap-heading-extra"><span class="ap-visually-hidden">– </span>{}</span>').format(
            own, full[len(own):].lstrip(" –"))

    return {
        "review_title": review_title,
        "review_heading": review_heading,
        "by_recommendation": by_recommendation,
        "rec_subject": lambda rec: subject(rec.title, rec.text),
        "view_refs": lambda review_id, view: view_refs(progress, review_id, view),
        "review_changes": lambda review_id: changes(progress.by_review.get(review_id, [])),
        "site_changes": lambda: site_changes(progress),
        "site_change_limit": SITE_CHANGE_LIMIT,
        "by_month": by_month,
        "quarters": by_quarter,
        "partnership_refs": partnership_refs,
        "review_views": VIEWS,
        "search_progress": search_progress,
        "glossary_letters": lambda: glossary_letters(content.glossary),
    }
