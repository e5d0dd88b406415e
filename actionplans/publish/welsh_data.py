"""The Welsh texts in the open data and the feeds. The open data only gains keys: beside each
text with a Welsh version, `<key>_cy` (reviews.json, reviews/<id>.json), and a `<column>_cy`
column after the English columns of actions.csv; an English-only site's files are unchanged.
A bilingual partnership's feeds have Welsh twins under /cy/ with Welsh entries (changefeeds
and opendata build them from the Welsh model)."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape as xml_escape

from ..core.model import Content, Review
from ..core.urls import Links
from ..content.bilingual import languages_of, site_languages
from ..core.urls import path_for
from ..site.i18n import DEFAULT, LANGUAGES
from ..site.languages import REVIEW_FEEDS, prefix

# The record keys that hold text a reader reads (a review's title and summary, a
# recommendation's text, an action's text, role and outcome, a milestone's or an update's text,
# a piece of evidence's title, an agency's, topic's or partnership's name and description).
TEXT_KEYS = frozenset({"title", "summary", "text", "action", "lead_role", "outcome", "name", "short_name",
                       "description", "stands_for", "meaning", "term"})
WELSH = "_cy"


def with_welsh(english: Any, welsh: Any) -> Any:
    """`english` (a record, or a list of them) with `<key>_cy` after each text key that the
    Welsh record (the same record made from the Welsh model) has; lists are matched in order."""
    if isinstance(english, list) and isinstance(welsh, list):
        return [with_welsh(e, w) for e, w in zip(english, welsh)] + english[len(welsh):]
    if not isinstance(english, dict) or not isinstance(welsh, dict):
        return english
    out: dict[str, Any] = {}
    for key, value in english.items():
        out[key] = with_welsh(value, welsh.get(key)) if isinstance(value, (list, dict)) else value
        if key in TEXT_KEYS and isinstance(value, str) and isinstance(welsh.get(key), str):
            out[key + WELSH] = welsh[key]
    return out


def welsh_texts(thing: Any, *keys: str) -> dict[str, str]:
    """{'name_cy': …} for an agency, topic or glossary entry with a Welsh version."""
    welsh = getattr(thing, "cy", None)
    if welsh is None:
        return {}
    return {key + WELSH: getattr(welsh, key) for key in keys if getattr(welsh, key, None)}


def welsh_partnership(content: Content, partnership_id: str) -> dict[str, str]:
    """{'name_cy': …} for a partnership the site's Welsh settings name in Welsh."""
    site = content.site.cy
    welsh = next((p for p in site.partnerships if p.id == partnership_id), None) if site is not None else None
    return {"name_cy": welsh.name} if welsh is not None and welsh.name else {}


# actions.csv: these columns gain a Welsh column each, after every English column
CSV_TEXT_COLUMNS = ("review_title", "lead_agency_name", "recommendation_text", "action_text")


def csv_welsh_cells(content: Content, review: Review, rec_id: str, number: int | None, lead: str | None) -> list[str]:
    """The Welsh cells of one actions.csv row ('' where the text has no Welsh version)."""
    welsh = review.cy
    agencies = {a.id: a for a in content.agencies}
    agency = agencies.get(lead) if lead else None
    rec = next((r for r in welsh.recommendations if r.id == rec_id), None) if welsh else None
    action = next((a for a in rec.actions if a.number == number), None) if rec and number is not None else None
    return [welsh.title if welsh else "",
            (agency.cy.name if agency is not None and agency.cy is not None else ""),
            rec.text if rec else "", action.action if action else ""]


def feed_start(lang: str) -> str:
    """A feed's opening tag: a feed in another language says so (xml:lang); an English feed
    is as it always was."""
    if lang == DEFAULT:
        return '<feed xmlns="http://www.w3.org/2005/Atom">'
    return f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{LANGUAGES[lang]}">'


def feed_alternate_links(alternates: tuple, links: Links) -> list[str]:
    """A feed's links to each language's version of it, itself included: (hreflang, path)."""
    return [f'<link rel="alternate" type="application/atom+xml" hreflang="{xml_escape(hreflang)}" '
            f'href="{xml_escape(links.absolute(path))}"/>' for hreflang, path in alternates]


def feed_languages(content: Content, route: str, *args: str) -> tuple[str, ...]:
    """The languages a feed is published in: a review's, its partnership's; the site's, all."""
    if route in REVIEW_FEEDS:
        review = next(r for r in content.reviews if r.id == args[0])
        return languages_of(content.site, review.partnership)
    return site_languages(content.site)


def feed_alternates(content: Content, route: str, *args: str) -> tuple[tuple[str, str], ...]:
    """(hreflang, path) of each language's version of a feed; () when there is only English."""
    langs = feed_languages(content, route, *args)
    if len(langs) < 2:
        return ()
    path = path_for(route, *args)
    return tuple((LANGUAGES[lang] if lang != DEFAULT else content.site.language, prefix(lang) + path)
                 for lang in langs)
