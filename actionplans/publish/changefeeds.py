"""Atom feeds of what changed — every dated update, completion and milestone — for each review
(/reviews/<id>/changes.xml) and for the whole site (/changes.xml), beside the updates feeds."""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

from ..content.changes import Change, changes
from ..content.progress import Progress
from ..content.titles import listed_title
from ..core.markup import render_markdown
from ..core.model import Content
from ..core.options import Remember, uncached
from ..core.urls import Links, output_path, path_for
from ..site.i18n import DEFAULT, gettext_for, show_date
from ..site.wayin import site_changes
from .opendata import atom
from .welsh_data import feed_alternate_links, feed_alternates, feed_start
from .welsh_feeds import welsh_feeds

def what(kind: str, _=lambda text: text) -> str:
    """What a change is, as an entry's title says it (in the language of `_`, its gettext)."""
    return {"update": _("update"), "completed": _("marked complete"), "milestone": _("milestone done")}[kind]


def change_text(c: Change, lang: str = DEFAULT) -> str:
    _ = gettext_for(lang)
    if c.kind == "completed":
        return _("The action was completed.")
    if c.kind == "milestone":
        return _("Milestone done:") + " " + c.text
    return c.text


def feed(title: str, feed_path: str, page_path: str, items: list[Change], links: Links, fallback: str,
         titles: dict[str, str], lang: str = DEFAULT, alternates: tuple = ()) -> bytes:
    """`lang`: the language of the feed's words; `alternates`: (hreflang, path) of each
    language's version of it (welsh_feeds.py)."""
    _ = gettext_for(lang)
    newest = items[0].date.last_day().isoformat() if items else fallback
    parts = ['<?xml version="1.0" encoding="utf-8"?>', feed_start(lang),
             f"<title>{xml_escape(title)}</title>", f"<id>{xml_escape(links.absolute(feed_path))}</id>",
             f'<link rel="self" href="{xml_escape(links.absolute(feed_path))}"/>',
             f'<link rel="alternate" type="text/html" href="{xml_escape(links.absolute(page_path))}"/>',
             *feed_alternate_links(alternates, links),
             f"<updated>{newest}T00:00:00Z</updated>", f"<author><name>{xml_escape(title)}</name></author>"]
    for c in items:
        ref = c.ref
        url = links.url_for("action", ref.review.id, ref.recommendation.id, ref.action.number, absolute=True)
        parts += ["<entry>",
                  "<title>" + xml_escape(_("%(title)s: action %(id)s.%(number)s, %(what)s (%(date)s)") % {
                      "title": titles[ref.review.id], "id": ref.recommendation.id, "number": ref.action.number,
                      "what": what(c.kind, _), "date": show_date(c.date, lang)}) + "</title>",
                  f"<id>{xml_escape(url)}-{c.kind}-{c.index + 1}</id>",
                  f'<link rel="alternate" type="text/html" href="{xml_escape(url)}"/>',
                  f"<updated>{c.date.first_day().isoformat()}T00:00:00Z</updated>",
                  f'<content type="html">{xml_escape(str(render_markdown(change_text(c, lang))))}</content>', "</entry>"]
    parts.append("</feed>")
    return ("\n".join(parts) + "\n").encode("utf-8")


def change_feeds(content: Content, progress: Progress, links: Links, remember: Remember = uncached) -> dict[str, bytes]:
    """`remember` (the build's cache, keyed by what every review's progress depends on) keeps
    each review's feed: an edit writes only its own again (every feed's Markdown was 2 s at N = 200)."""
    names = {p.id: p.name for p in content.site.partnerships}
    titles = {r.id: listed_title(r, names.get(r.partnership, "")) for r in content.reviews}
    as_of = content.site.as_of.isoformat()
    files = {}
    for r in content.reviews:
        alts = feed_alternates(content, "review_changes_feed", r.id)
        files[output_path(path_for("review_changes_feed", r.id))] = remember(
            "changes-feed", (r, titles[r.id], links, alts), lambda r=r, alts=alts: feed(
                f"What changed – {titles[r.id]}", path_for("review_changes_feed", r.id),
                path_for("review_changes", r.id), changes(progress.by_review.get(r.id, [])), links, as_of, titles,
                alternates=alts))
    latest = site_changes(progress)
    files[output_path(path_for("changes_feed"))] = feed(
        f"What changed – {content.site.title}", path_for("changes_feed"), path_for("changes"), latest, links, as_of,
        titles, alternates=feed_alternates(content, "changes_feed"))
    files.update(welsh_feeds(content, links, atom, feed, remember))       # a bilingual partnership's feeds in Welsh too
    return files
