"""The Welsh (and any other language's) pages: which pages have a twin in another language,
their URLs under /<lang>/, the alternates every page links, and what each language's pages are
rendered from (its model, progress, links and theme environments).

Mirrored in Welsh when any partnership publishes in Welsh: every page that is not about one
subject (home, lists, updates, escalation, search, data, glossary, about, accessibility, 404);
each page (and embed) of a review or partnership that publishes in Welsh; the pages of the
agencies and topics that list such a partnership's actions. A link on a Welsh page goes to the
Welsh page where there is one, else to the English page (Links.url_for)."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from typing import Any, Callable

from ..content.bilingual import languages_of, localise, site_languages
from ..content.progress import Progress, derive
from ..core.model import Agency, Content, Partnership, Review, Topic
from ..core.urls import Links, output_path, path_for
from ..core.vocabulary import REVIEW_STATES, REVIEW_TYPE_LABELS
from .i18n import DEFAULT, LANGUAGES, NATIVE_NAMES, catalogue_path
from .extras import OPEN_DATA, postprocess_html, review_filters, template_extras
from .embed import embed_pages
from .pages import HOME, Alternate, Page, plan
from .listing import LISTING_GROUPS
from .wayin import VIEWS, view_pages
from .render import page_context, render_pages

def prefix(lang: str) -> str:
    return "" if lang == DEFAULT else f"/{lang}"


def plan_all(content: Content, progress: Progress, lang: str = DEFAULT) -> list[Page]:
    """Every page of the site, titled in `lang` (content: the model in that language)."""
    return (plan(content, progress, lang) + embed_pages(content, progress, lang)
            + view_pages(content, progress, lang))


def _bilingual_subjects(content: Content, progress: Progress, langs: Callable[[str], tuple]) -> dict:
    """The languages of the agencies' and topics' pages: those of the partnerships whose actions
    they list (an agency that leads one action of a Welsh review has a Welsh page)."""
    out: dict[tuple[str, str], set] = {}
    for ref in progress.actions:
        these = langs(ref.review.partnership)
        for agency in {ref.action.lead, *getattr(ref.action, "supporting", ())}:
            out.setdefault(("agency", progress.successor.get(agency, agency)), set()).update(these)
            out.setdefault(("agency", agency), set()).update(these)
    for topic, pairs in progress.topic_recommendations.items():
        for review, _rec in pairs:
            out.setdefault(("topic", topic), set()).update(langs(review.partnership))
    return out


def _languages_of_page(page: Page, content: Content, subjects: dict) -> tuple[str, ...]:
    """The languages a page is published in. A page about a review or a partnership: that
    partnership's; an agency's or a topic's: those of the partnerships whose actions it lists;
    every other page (lists, search, data, glossary, about…): every language of the site, so a
    reader of a Welsh page meets only Welsh pages (Welsh Language Standards). On those, a text
    that has no Welsh version is shown in English, marked lang="en-GB" (language_extras)."""
    site = content.site
    subject = page.subject
    if isinstance(subject, Review):
        return languages_of(site, subject.partnership)
    if isinstance(subject, Partnership):
        return languages_of(site, subject.id)
    route = page.extra.get("route", ())
    if route[:2] == ("reviews_by", "partnership"):
        return languages_of(site, route[2])
    if isinstance(subject, (Agency, Topic)):
        kind = "agency" if isinstance(subject, Agency) else "topic"
        found = subjects.get((kind, subject.id), set())
        return tuple(lang for lang in site_languages(site) if lang == DEFAULT or lang in found)
    return site_languages(site)


def language_pages(pages: list[Page], content: Content, progress: Progress) -> list[Page]:
    """The pages with their twins in other languages added, each page naming its alternates.
    A twin is planned from the model in its language (titles, breadcrumbs, lists), at the same
    path under /<lang>/; its breadcrumbs go to the Welsh pages that exist."""
    subjects = _bilingual_subjects(content, progress, lambda pid: languages_of(content.site, pid))
    langs_of = {page.url: _languages_of_page(page, content, subjects) for page in pages}
    out: list[Page] = []
    twins: dict[str, dict[str, Page]] = {}
    for lang in site_languages(content.site):
        if lang == DEFAULT:
            continue
        local = localise(content, lang)
        mirrored = {url for url, langs in langs_of.items() if lang in langs}
        twins[lang] = {}
        for twin in plan_all(local, derive(local), lang):
            if twin.url not in mirrored:
                continue
            crumbs = tuple((label, prefix(lang) + target if target in mirrored else target)
                           for label, target in twin.breadcrumbs)
            url = prefix(lang) + twin.url
            extra = twin.extra
            if "full_url" in extra:         # an embed's link to its full page: the Welsh one
                extra = {**extra, "full_url": prefix(lang) + extra["full_url"]
                         if extra["full_url"] in mirrored else extra["full_url"]}
            twins[lang][twin.url] = dataclasses.replace(twin, url=url, output=output_path(url), lang=lang,
                                                        breadcrumbs=crumbs, extra=extra)
    for page in pages:
        langs = langs_of[page.url]
        if len(langs) < 2:
            out.append(page)
            continue
        alternates = tuple(Alternate(lang, LANGUAGES[lang] if lang != DEFAULT else content.site.language,
                                     prefix(lang) + page.url, NATIVE_NAMES[lang]) for lang in langs)
        out.append(dataclasses.replace(page, alternates=alternates))
        for lang in langs:
            if lang != DEFAULT:
                out.append(dataclasses.replace(twins[lang][page.url], alternates=alternates))
    return out


# The feeds a language's pages have: the site's, and each of a review that publishes in it.
SITE_FEEDS = ("updates_feed", "changes_feed")
REVIEW_FEEDS = ("review_feed", "review_changes_feed")


def feed_paths(content: Content, lang: str) -> frozenset[str]:
    """The site paths (without the language's prefix) of the feeds published in `lang`."""
    out = {path_for(route) for route in SITE_FEEDS if lang in site_languages(content.site)}
    for review in content.reviews:
        if lang in languages_of(content.site, review.partnership):
            out |= {path_for(route, review.id) for route in REVIEW_FEEDS}
    return frozenset(out)


@dataclass(frozen=True)
class Language:
    """What one language's pages are rendered from."""
    lang: str
    content: Content
    progress: Progress
    links: Links
    translated: frozenset = frozenset()     # id() of the objects of `content` that have the language's texts


def language_extras(lang: str, content: Content, translated: frozenset = frozenset()) -> dict:
    """For a page in another language: the language a text is in, so a review, agency, topic or
    glossary entry with no text in the page's language is marked lang="en-GB" where it is shown
    (WCAG 3.1.2, language of parts; the Welsh Language Standards)."""
    if lang == DEFAULT:
        return {}
    own, english = LANGUAGES[lang], content.site.language

    def text_lang(item: object) -> str:
        if isinstance(item, Review):
            return own if lang in languages_of(content.site, item.partnership) else english
        return own if id(item) in translated else english
    return {"text_lang": text_lang}


def languages(content: Content, progress: Progress, links: Links, pages: list[Page]) -> dict[str, Language]:
    out = {DEFAULT: Language(DEFAULT, content, progress, links)}
    for lang in site_languages(content.site):
        if lang == DEFAULT:
            continue
        mine = [p for p in pages if p.lang == lang]
        mirrored = frozenset(p.url[len(prefix(lang)):] for p in mine) | feed_paths(content, lang)
        local = localise(content, lang)
        translated = frozenset(id(getattr(o, lang)) for o in (*content.agencies, *content.topics, *content.glossary)
                               if getattr(o, lang, None) is not None)
        out[lang] = Language(lang, local, derive(local),
                             dataclasses.replace(links, prefix=prefix(lang), mirrored=mirrored), translated)
    return out


def catalogue_digest(lang: str) -> str:
    """What a language's pages depend on besides the theme: its catalogue's bytes."""
    if lang == DEFAULT:
        return ""
    return hashlib.sha256(catalogue_path(lang).read_bytes()).hexdigest()


def extra_strings() -> tuple[str, ...]:
    """Interface words kept as data, not written as _("…") where they are defined: the views of
    a review (wayin.VIEWS), a list's group names (listing.label), the plural of each type of
    review (pages.filter_pages), the reviews list's filters (extras.review_filters), the open
    data page's lists (data/open-data.yaml), the breadcrumb home."""
    views = [text for _route, label, about in VIEWS.values() for text in (label, about)]
    filters = [g["label"] for g in review_filters(None, None)] + [
        label[0].upper() + label[1:] for label in REVIEW_STATES.values()]
    data = [f["description"] for f in OPEN_DATA["files"]] + [
        text for group in OPEN_DATA["fields"] for text in (group["title"], *(f["meaning"] for f in group["fields"]))]
    return (*views, *LISTING_GROUPS.values(), *(f"{label}s" for label in REVIEW_TYPE_LABELS.values()), HOME[0],
            *filters, *data)


def renderer(bundle: Language, envs: dict, assets: Any) -> Callable[[list[Page]], dict[str, bytes]]:
    """render(pages) for one language's pages: its model, links and theme environments."""
    content, progress, links = bundle.content, bundle.progress, bundle.links
    extras = {**template_extras(content, progress, links), **language_extras(bundle.lang, content, bundle.translated)}
    return lambda todo: render_pages(todo, envs, lambda page: page_context(
        page, content=content, progress=progress, assets=assets, links=links, extra=extras),
        postprocess=lambda page, html: postprocess_html(page, html, content, links))
