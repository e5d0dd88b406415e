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
from ..core.urls import Links, output_path, path_for
from ..site.i18n import DEFAULT, gettext_for
from ..site.languages import feed_paths, prefix
from ..site.wayin import site_changes
from .welsh_data import feed_alternates


def welsh_feeds(content: Content, links: Links, atom: Callable, feed: Callable) -> dict[str, bytes]:
    """Every feed in each language besides English, made from the model in that language; its
    entries link the Welsh pages of the reviews (a feed's reviews all publish in Welsh, or, in
    the site's feeds, link the English page of a review that does not). atom: opendata.atom,
    feed: changefeeds.feed, which make the English ones."""
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

        def put(route: str, *args: str, made) -> None:
            path = path_for(route, *args)
            if path in mine:
                files[output_path(prefix(lang) + path)] = made(prefix(lang) + path, feed_alternates(content, route, *args))

        put("updates_feed", made=lambda path, alts: atom(
            _("Updates – %(title)s") % {"title": local.site.title}, path, prefix(lang) + path_for("updates"),
            update_items(progress, limit=LATEST_UPDATES), here, progress.last_updated, as_of, titles, lang, alts))
        put("changes_feed", made=lambda path, alts: feed(
            _("What changed – %(title)s") % {"title": local.site.title}, path, prefix(lang) + path_for("changes"),
            site_changes(progress), here, as_of, titles, lang, alts))
        for review in local.reviews:
            put("review_feed", review.id, made=lambda path, alts, r=review: atom(
                _("Updates – %(title)s") % {"title": titles[r.id]}, path, prefix(lang) + path_for("review", r.id),
                update_items(progress, r.id), here, r.updated, as_of, titles, lang, alts))
            put("review_changes_feed", review.id, made=lambda path, alts, r=review: feed(
                _("What changed – %(title)s") % {"title": titles[r.id]}, path,
                prefix(lang) + path_for("review_changes", r.id), changes(progress.by_review.get(r.id, [])), here,
                as_of, titles, lang, alts))
    return files
