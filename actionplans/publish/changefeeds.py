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
from ..site.wayin import site_changes

WHAT = {"update": "update", "completed": "marked complete", "milestone": "milestone done"}


def change_text(c: Change) -> str:
    if c.kind == "completed":
        return "The action was completed."
    if c.kind == "milestone":
        return "Milestone done: " + c.text
    return c.text


def feed(title: str, feed_path: str, page_path: str, items: list[Change], links: Links, fallback: str,
         titles: dict[str, str]) -> bytes:
    newest = items[0].date.last_day().isoformat() if items else fallback
    parts = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
             f"<title>{xml_escape(title)}</title>", f"<id>{xml_escape(links.absolute(feed_path))}</id>",
             f'<link rel="self" href="{xml_escape(links.absolute(feed_path))}"/>',
             f'<link rel="alternate" type="text/html" href="{xml_escape(links.absolute(page_path))}"/>',
             f"<updated>{newest}T00:00:00Z</updated>", f"<author><name>{xml_escape(title)}</name></author>"]
    for c in items:
        ref = c.ref
        url = links.url_for("action", ref.review.id, ref.recommendation.id, ref.action.number, absolute=True)
        parts += ["<entry>",
                  f"<title>{xml_escape(titles[ref.review.id])}: action {xml_escape(ref.recommendation.id)}."
                  f"{ref.action.number}, {WHAT[c.kind]} ({xml_escape(c.date.display())})</title>",
                  f"<id>{xml_escape(url)}-{c.kind}-{c.index + 1}</id>",
                  f'<link rel="alternate" type="text/html" href="{xml_escape(url)}"/>',
                  f"<updated>{c.date.first_day().isoformat()}T00:00:00Z</updated>",
                  f'<content type="html">{xml_escape(str(render_markdown(change_text(c))))}</content>', "</entry>"]
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
        files[output_path(path_for("review_changes_feed", r.id))] = remember(
            "changes-feed", (r, titles[r.id], links), lambda r=r: feed(
                f"What changed – {titles[r.id]}", path_for("review_changes_feed", r.id),
                path_for("review_changes", r.id), changes(progress.by_review.get(r.id, [])), links, as_of, titles))
    latest = site_changes(progress)
    files[output_path(path_for("changes_feed"))] = feed(
        f"What changed – {content.site.title}", path_for("changes_feed"), path_for("changes"), latest, links, as_of,
        titles)
    return files
