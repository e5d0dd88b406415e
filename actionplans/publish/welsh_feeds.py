"""The feeds in Welsh (and any other language a partnership publishes in): the site's updates
and changes feeds, and each feed of a review whose partnership publishes in Welsh, under /cy/
with the Welsh texts and words; every feed that has a twin links each language's version."""

from __future__ import annotations

import dataclasses
from typing import Callable

from ..content.bilingual import languages_of, localise, site_languages
from ..content.changes import changes
from ..content.progress import LATEST_UPDATES, derive, update_items
from ..content.titles import listed_titles
from ..core.model import Content
from ..core.options import Remember, uncached
from ..core.urls import Links, output_path, path_for
from ..site.i18n import DEFAULT, gettext_for
from ..site.languages import feed_paths, prefix
from ..site.wayin import site_changes
from .welsh_data import feed_alternates


def welsh_feeds(content: Content, links: Links, atom: Callable, feed: Callable,
                remember: Remember = uncached) -> dict[str, bytes]:
    """Every feed in each language besides English, made from the model in that language; its
    entries link the Welsh pages of the reviews (a feed's reviews all publish in Welsh, or, in
    the site's feeds, link the English page of a review that does not). atom: opendata.atom,
    feed: changefeeds.feed, which make the English ones; `remember` (the build's cache) keeps
    each review's feeds, as it keeps the English ones."""
    files: dict[str, bytes] = {}
    for lang in site_languages(content.site):
        if lang == DEFAULT:
            continue
        _ = gettext_for(lang)
        local = localise(content, lang)
        progress = derive(local)
        mine = feed_paths(content, lang)
        reviews = {path_for("review", r.id) for r in content.reviews if lang in languages_of(content.site, r.partnership)}
        here = dataclasses.replace(links, prefix=prefix(lang), mirrored=frozenset(reviews) | mine)
        titles = listed_titles(local)
        as_of = local.site.as_of.isoformat()

        key = (lang, tuple(sorted(here.mirrored)), links)     # sorted: a set's order differs between processes

        def put(route: str, *args: str, made, kept: tuple | None = None) -> None:
            path = path_for(route, *args)
            if path not in mine:
                return
            alts = feed_alternates(content, route, *args)
            make = (lambda: made(prefix(lang) + path, alts))
            files[output_path(prefix(lang) + path)] = make() if kept is None else remember(
                f"welsh-{route}", (*key, *kept, alts), make)

        put("updates_feed", made=lambda path, alts: atom(
            _("Updates – %(title)s") % {"title": local.site.title}, path, prefix(lang) + path_for("updates"),
            update_items(progress, limit=LATEST_UPDATES), here, progress.last_updated, as_of, titles, lang, alts))
        put("changes_feed", made=lambda path, alts: feed(
            _("What changed – %(title)s") % {"title": local.site.title}, path, prefix(lang) + path_for("changes"),
            site_changes(progress), here, as_of, titles, lang, alts))
        for review in local.reviews:
            kept = (review, titles[review.id], as_of)       # what a review's feeds are made from
            put("review_feed", review.id, kept=kept, made=lambda path, alts, r=review: atom(
                _("Updates – %(title)s") % {"title": titles[r.id]}, path, prefix(lang) + path_for("review", r.id),
                update_items(progress, r.id), here, r.updated, as_of, titles, lang, alts))
            put("review_changes_feed", review.id, kept=kept, made=lambda path, alts, r=review: feed(
                _("What changed – %(title)s") % {"title": titles[r.id]}, path,
                prefix(lang) + path_for("review_changes", r.id), changes(progress.by_review.get(r.id, [])), here,
                as_of, titles, lang, alts))
    return files
