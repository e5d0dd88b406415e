"""The Welsh (and any other language's) pages: which pages have a twin in another language,
their URLs under /<lang>/, the alternates every page links, and what each language's pages are
rendered from (its model, progress, links and theme environments).

Mirrored in Welsh: the home page and the 'page not found' page when any partnership publishes
in Welsh; each review, and the partnership's page, of a partnership that does. A link on a Welsh
page goes to the Welsh page where there is one, else to the English page (Links.url_for)."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from typing import Any, Callable

from ..content.bilingual import languages_of, localise, site_languages
from ..content.progress import Progress, derive
from ..content.titles import listed_title
from ..core.model import Content, Partnership, Review
from ..core.urls import Links, output_path, path_for
from .i18n import DEFAULT, LANGUAGES, NATIVE_NAMES, catalogue_path, gettext_for
from .extras import postprocess_html, template_extras
from .pages import Alternate, Page
from .render import page_context, render_pages

# Pages of these kinds have a twin in each language their subject (or the site) publishes in.
SITE_KINDS = ("home", "404")


def prefix(lang: str) -> str:
    return "" if lang == DEFAULT else f"/{lang}"


def _languages_of_page(page: Page, content: Content) -> tuple[str, ...]:
    site = content.site
    if page.kind in SITE_KINDS and page.lang == DEFAULT:
        return site_languages(site)
    if page.kind == "review" and isinstance(page.subject, Review):
        return languages_of(site, page.subject.partnership)
    if page.kind == "partnership" and isinstance(page.subject, Partnership) \
            and page.url == path_for("partnership", page.subject.id):       # its first page
        return languages_of(site, page.subject.id)
    return (DEFAULT,)


def language_pages(pages: list[Page], content: Content) -> list[Page]:
    """The pages with their twins in other languages added, each page naming its alternates."""
    locals_ = {lang: localise(content, lang) for lang in site_languages(content.site) if lang != DEFAULT}
    out: list[Page] = []
    for page in pages:
        langs = _languages_of_page(page, content)
        if len(langs) < 2:
            out.append(page)
            continue
        alternates = tuple(Alternate(lang, LANGUAGES[lang] if lang != DEFAULT else content.site.language,
                                     prefix(lang) + page.url, NATIVE_NAMES[lang]) for lang in langs)
        out.append(dataclasses.replace(page, alternates=alternates))
        for lang in langs:
            if lang != DEFAULT:
                out.append(_twin(page, lang, locals_[lang], alternates))
    return out


def _twin(page: Page, lang: str, content: Content, alternates: tuple) -> Page:
    translate = gettext_for(lang)
    _ = (lambda text: translate(text) if text else text)     # gettext("") is the catalogue's header
    url = prefix(lang) + page.url
    subject = page.subject
    title, description = _(page.title), _(page.description)
    if isinstance(subject, Review):
        subject = next(r for r in content.reviews if r.id == subject.id)
        names = {p.id: p.name for p in content.site.partnerships}
        title = listed_title(subject, names.get(subject.partnership, ""))
        description = _("The action plan of %(title)s: what was recommended, who promised what, and progress.") % {
            "title": title}
    elif isinstance(subject, Partnership):
        subject = next(p for p in content.site.partnerships if p.id == subject.id)
        title = subject.name
        description = _("Reviews published by %(name)s.") % {"name": subject.name}
    elif page.kind == "home":
        title = content.site.title
    crumbs = tuple((_(label), prefix(lang) + target if target == "/" else target) for label, target in page.breadcrumbs)
    return dataclasses.replace(page, url=url, output=output_path(url), title=title, description=description,
                               subject=subject, breadcrumbs=crumbs, lang=lang, alternates=alternates)


@dataclass(frozen=True)
class Language:
    """What one language's pages are rendered from."""
    lang: str
    content: Content
    progress: Progress
    links: Links


def language_extras(lang: str, content: Content) -> dict:
    """For a page in another language: the language a review's own texts are in, so an English-
    only review listed on a Welsh page is marked lang="en-GB" (WCAG 3.1.2, language of parts)."""
    if lang == DEFAULT:
        return {}
    def text_lang(review: Review) -> str:
        own = lang if lang in languages_of(content.site, review.partnership) else DEFAULT
        return LANGUAGES[own] if own != DEFAULT else content.site.language
    return {"text_lang": text_lang}


def languages(content: Content, progress: Progress, links: Links, pages: list[Page]) -> dict[str, Language]:
    out = {DEFAULT: Language(DEFAULT, content, progress, links)}
    for lang in site_languages(content.site):
        if lang == DEFAULT:
            continue
        mine = [p for p in pages if p.lang == lang]
        mirrored = frozenset(p.url[len(prefix(lang)):] for p in mine)
        local = localise(content, lang)
        out[lang] = Language(lang, local, derive(local),
                             dataclasses.replace(links, prefix=prefix(lang), mirrored=mirrored))
    return out


def catalogue_digest(lang: str) -> str:
    """What a language's pages depend on besides the theme: its catalogue's bytes."""
    if lang == DEFAULT:
        return ""
    return hashlib.sha256(catalogue_path(lang).read_bytes()).hexdigest()


def extra_strings() -> tuple[str, ...]:
    """English titles and descriptions (site/pages.py) that a twin page shows translated."""
    return ("Page not found", "What was promised after each review, and whether it happened.",
            "Reviews", "Home")


def renderer(bundle: Language, envs: dict, assets: Any) -> Callable[[list[Page]], dict[str, bytes]]:
    """render(pages) for one language's pages: its model, links and theme environments."""
    content, progress, links = bundle.content, bundle.progress, bundle.links
    extras = {**template_extras(content, progress, links), **language_extras(bundle.lang, content)}
    return lambda todo: render_pages(todo, envs, lambda page: page_context(
        page, content=content, progress=progress, assets=assets, links=links, extra=extras),
        postprocess=lambda page, html: postprocess_html(page, html, content, links))
