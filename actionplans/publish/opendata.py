"""Open data, feeds and discovery files, all built from the redacted model:
/data/reviews.json, /data/reviews/<id>.json, /data/actions.csv, /data/schema/*.json,
/updates.xml, /reviews/<id>/updates.xml, /sitemap.xml, /robots.txt."""

from __future__ import annotations

import csv
import heapq
import itertools
import io
import json
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from ..content import schema
from ..core.dates import PartialDate
from ..content.escalation import escalation_files
from ..core.markup import render_markdown
from ..content.titles import listed_titles
from ..core.model import Content, Review
from ..core.options import Remember, uncached
from ..content.progress import LATEST_UPDATES, STATUS_LABELS, Progress, update_items
from ..core.urls import Links, output_path, path_for, split_language
from ..site.i18n import DEFAULT, gettext_for, show_date
from .welsh_data import (CSV_TEXT_COLUMNS, csv_welsh_cells, feed_alternate_links, feed_alternates, feed_start,
                         welsh_partnership, welsh_texts, with_welsh)

DATA_VERSION = 1


def _d(value: Any) -> Any:
    if isinstance(value, PartialDate):
        return value.iso()
    return value


def _clean(d: dict) -> dict:
    return {k: v for k, v in d.items() if v not in (None, [], ())}


def review_record(review: Review, progress: Progress, links: Links) -> dict:
    counts = progress.review_counts[review.id]
    recs = []
    for rec in review.recommendations:
        actions = []
        for a in rec.actions:
            f = progress.action_facts[(review.id, rec.id, a.number)]
            actions.append(_clean({
                "number": a.number, "action": a.action, "lead": a.lead, "lead_current": progress.successor.get(a.lead, a.lead),
                "supporting": list(a.supporting), "lead_role": a.lead_role,
                "milestones": [_clean({"text": m.text, "due": _d(m.due), "done": _d(m.done)}) for m in a.milestones],
                "due": _d(a.due), "status": a.status, "status_shown": STATUS_LABELS[f.status],
                "completed": _d(a.completed), "outcome": a.outcome,
                "evidence": [{"title": e.title, "url": e.url} for e in a.evidence],
                "updates": [{"date": u.date.iso(), "text": u.text} for u in a.updates],
                "overdue": f.overdue, "no_recent_update": f.stale,
                "last_update": _d(f.last_activity),
                "url": links.url_for("action", review.id, rec.id, a.number, absolute=True),
            }) | {"overdue": f.overdue, "no_recent_update": f.stale})
        recs.append(_clean({
            "id": rec.id, "text": rec.text, "scope": rec.scope, "source": rec.source_kind, "topics": list(rec.topics),
            "status": progress.recommendation_status[(review.id, rec.id)],
            "url": links.url_for("recommendation", review.id, rec.id, absolute=True), "actions": actions,
        }))
    record = _clean({
        "id": review.id, "type": review.type, "title": review.title, "partnership": review.partnership,
        "reference": review.reference, "published": _d(review.published), "updated": review.updated.iso(),
        "report_url": review.report_url, "summary": review.summary, "topics": list(review.topics),
        "url": links.url_for("review", review.id, absolute=True),
        "progress": _progress(counts, progress.unactioned[("review", review.id)]),
        "recommendations": recs,
    })
    # a bilingual review's Welsh texts beside the English (<key>_cy): welsh_data.py
    return record if review.cy is None else with_welsh(record, review_record(review.cy, progress, links))


def _progress(counts, gap: tuple[int, int]) -> dict:
    """A progress summary that hides nothing: the recommendations with no published action are
    counted beside the actions, and the percentage says what it is a percentage of."""
    return {"actions": counts.total, "by_status": dict(counts.by_status), "overdue": counts.overdue,
            "no_recent_update": counts.stale, "recommendations": gap[1], "recommendations_without_action": gap[0],
            "percent_complete": counts.percent_done, "percent_of": "actions"}


def _json(obj: Any) -> bytes:
    return (json.dumps(obj, indent=1, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


CSV_COLUMNS = ["review", "review_title", "partnership", "recommendation", "action", "lead_agency", "lead_agency_name",
               "lead_agency_current", "due", "status", "status_shown", "overdue", "no_recent_update", "completed",
               "last_update", "url", "recommendation_text", "action_text"]


def _cell(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula (=, +, -, @) gets a leading quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def actions_csv(content: Content, progress: Progress, links: Links) -> bytes:
    agencies = {a.id: a for a in content.agencies}
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    welsh = any(r.cy is not None for r in content.reviews)   # then Welsh columns after the English ones
    w.writerow(CSV_COLUMNS + ([f"{c}_cy" for c in CSV_TEXT_COLUMNS] if welsh else []))

    def cy(review, rec_id, number=None, lead=None) -> list:
        return [_cell(c) for c in csv_welsh_cells(content, review, rec_id, number, lead)] if welsh else []
    for ref in progress.actions:
        a, f = ref.action, ref.facts
        w.writerow([ref.review.id, _cell(ref.review.title), ref.review.partnership, _cell(ref.recommendation.id),
                    a.number, a.lead, _cell(agencies[a.lead].name), progress.successor.get(a.lead, a.lead), _d(a.due) or "", a.status or "",
                    STATUS_LABELS[f.status], "yes" if f.overdue else "no", "yes" if f.stale else "no",
                    _d(a.completed) or "", _d(f.last_activity) or "",
                    links.url_for("action", ref.review.id, ref.recommendation.id, a.number, absolute=True),
                    _cell(ref.recommendation.text), _cell(a.action)] + cy(ref.review, ref.recommendation.id, a.number, a.lead))
    # A recommendation with no published action has no action row: it gets a row of its own,
    # so the file does not hide it.
    for review in content.reviews:
        for rec in review.recommendations:
            if not rec.actions:
                w.writerow([review.id, _cell(review.title), review.partnership, _cell(rec.id), "", "", "", "", "", "",
                            NO_ACTION_SHOWN, "no", "no", "", "", links.url_for("recommendation", review.id, rec.id, absolute=True),
                            _cell(rec.text), ""] + cy(review, rec.id))
    return out.getvalue().encode("utf-8")


NO_ACTION_SHOWN = "No action published"


def atom(title: str, feed_path: str, page_path: str, items: list[dict], links: Links, updated: PartialDate | None,
         as_of_fallback: str, titles: dict[str, str] | None = None, lang: str = DEFAULT,
         alternates: tuple = ()) -> bytes:
    """An Atom feed of updates; `lang`: the language of its words, `alternates`: (hreflang,
    path) of each language's version of the feed (welsh_feeds.py)."""
    _ = gettext_for(lang)
    updated_text = (updated.last_day().isoformat() if updated else as_of_fallback) + "T00:00:00Z"
    parts = ['<?xml version="1.0" encoding="utf-8"?>', feed_start(lang),
             f"<title>{xml_escape(title)}</title>", f"<id>{xml_escape(links.absolute(feed_path))}</id>",
             f'<link rel="self" href="{xml_escape(links.absolute(feed_path))}"/>',
             f'<link rel="alternate" type="text/html" href="{xml_escape(links.absolute(page_path))}"/>',
             *feed_alternate_links(alternates, links),
             f"<updated>{updated_text}</updated>", "<author><name>" + xml_escape(title) + "</name></author>"]
    for it in items:
        ref = it["ref"]
        url = links.url_for("action", ref.review.id, ref.recommendation.id, ref.action.number, absolute=True)
        entry_id = f"{url}-update-{it['index'] + 1}"
        when = it["date"].first_day().isoformat() + "T00:00:00Z"
        parts += ["<entry>",
                  "<title>" + xml_escape(_("%(title)s: action %(id)s.%(number)s (%(date)s)") % {
                      "title": (titles or {}).get(ref.review.id, ref.review.title), "id": ref.recommendation.id,
                      "number": ref.action.number, "date": show_date(it["date"], lang)}) + "</title>",
                  f"<id>{xml_escape(entry_id)}</id>", f'<link rel="alternate" type="text/html" href="{xml_escape(url)}"/>',
                  f"<updated>{when}</updated>",
                  f'<content type="html">{xml_escape(str(render_markdown(it["text"])))}</content>',
                  "</entry>"]
    parts.append("</feed>")
    return ("\n".join(parts) + "\n").encode("utf-8")


def sitemap(urls: list[str], links: Links) -> bytes:
    body = "".join(f"<url><loc>{xml_escape(links.absolute(u))}</loc></url>\n" for u in sorted(urls))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + body + "</urlset>\n").encode("utf-8")


def robots(content: Content, links: Links, prefixes: tuple[str, ...] = ("",)) -> bytes:
    if content.site.noindex:
        return b"# The partnerships have asked search engines not to list these pages.\nUser-agent: *\nDisallow: /\n"
    embeds = "".join(f"Disallow: {links.url(prefix + path_for('embeds'))}\n" for prefix in prefixes)
    return f"User-agent: *\n{embeds}Sitemap: {links.url_for('sitemap', absolute=True)}\n".encode()


def schema_files() -> dict[str, bytes]:
    from .data_schema import data_schemas
    out = {output_path(path_for("data_schema", name)):
           (json.dumps(schema.json_schema(name), indent=2, sort_keys=True) + "\n").encode()
           for name in schema.FILES}
    for name, data in data_schemas().items():
        out[output_path(path_for("data_schema", name))] = (json.dumps(data, indent=2, sort_keys=True) + "\n").encode()
    return out


SITE_WIDE = (output_path(path_for("data_reviews")), output_path(path_for("data_actions")))    # site_wide_files()


def _review_files(content: Content, progress: Progress, links: Links, remember: Remember) -> list[tuple]:
    """(review, record, its JSON, its feed) per review. `remember` (the build's cache) keeps
    them by the review and `site`, the caller's key for what every review's progress depends on."""
    as_of = content.site.as_of.isoformat()
    titles = listed_titles(content)

    def made(review) -> tuple:
        record = review_record(review, progress, links)
        feed = atom(f"Updates – {titles[review.id]}", path_for("review_feed", review.id), path_for("review", review.id),
                    update_items(progress, review.id), links, review.updated, as_of, titles,
                    alternates=feed_alternates(content, "review_feed", review.id))
        return record, _json(record), feed
    return [(review, *remember("data", (review,), lambda review=review: made(review))) for review in content.reviews]


def site_wide_files(content: Content, progress: Progress, links: Links, remember: Remember = uncached) -> dict[str, bytes]:
    """The two files holding every action (SITE_WIDE)."""
    kept = _review_files(content, progress, links, remember)
    return _site_wide([k[1] for k in kept], content, progress, links, [k[2] for k in kept])


def _with_reviews(head: bytes, reviews: list[bytes]) -> bytes:
    """reviews.json from its other keys' JSON (`head`, "reviews" last and empty) and each
    review's own JSON file, as _json of the whole would write it: each review one level deeper
    (two spaces more on every line; a newline inside a text is escaped, never a line break).
    Encoding 9,000 actions again on every build was most of an edit's data files."""
    tail = b'"reviews": []\n}\n'
    if not reviews:
        return head
    if not head.endswith(tail):
        raise ValueError("reviews.json: \"reviews\" must be its last key")
    items = b",\n".join(b"\n".join(b"  " + line for line in data.rstrip(b"\n").split(b"\n")) for data in reviews)
    return head[:-len(tail)] + b'"reviews": [\n' + items + b"\n ]\n}\n"


def joined_files(files: dict[str, bytes], content: Content) -> dict[str, tuple[list[bytes], str]]:
    """The site-wide files made of per-review parts, as (parts, separator): the guard text of
    the file is the parts' guard texts joined by the separator (privacy/guard.py guard_view:
    reviews.json's strings are its head's, then each review's file's). Only a file the parts
    make again byte for byte is listed (cache/joined.py proves such a file clean part by part)."""
    out: dict[str, tuple[list[bytes], str]] = {}
    whole = files.get(SITE_WIDE[0])
    parts = [files.get(output_path(path_for("data_review", r.id))) for r in content.reviews]
    cut = whole.find(b'\n "reviews": [') if whole is not None else -1
    if cut > 0 and all(p is not None for p in parts):
        head = whole[:cut + 1] + b' "reviews": []\n}\n'
        if _with_reviews(head, parts) == whole:     # type: ignore[arg-type]
            out[SITE_WIDE[0]] = ([head, *parts], "\n")   # type: ignore[list-item]
    return out


def _site_wide(records: list, content: Content, progress: Progress, links: Links,
               encoded: list[bytes] | None = None) -> dict[str, bytes]:
    """`encoded`: each record's _json, when the caller has it (then records are not encoded again)."""
    head = _json({
            "version": DATA_VERSION, "site": content.site.title,
            **({"site_cy": content.site.cy.title} if content.site.cy is not None else {}),
            "as_of": content.site.as_of.isoformat(),
            "licence": {"name": content.site.licence.name, "url": content.site.licence.url},
            "progress": _progress(progress.totals, progress.unactioned[("all", "")]),
            "agencies": [_clean({"id": a.id, "name": a.name, "short_name": a.short_name, "kind": a.kind,
                                 "url": a.url, "replaced_by": a.replaced_by}) | welsh_texts(a, "name", "short_name")
                         for a in content.agencies],
            "topics": [_clean({"id": t.id, "name": t.name, "description": t.description})
                       | welsh_texts(t, "name", "description") for t in content.topics],
            "partnerships": [_clean({"id": p.id, "name": p.name, "url": p.url}) | welsh_partnership(content, p.id)
                             for p in content.site.partnerships],
            # the site's own words for its acronyms: a reader of the data (the national view's
            # name check too) then knows "SG" is Safeguarding, not somebody's initials
            "glossary": [_clean({"term": g.term, "stands_for": g.stands_for}) | welsh_texts(g, "term", "stands_for")
                         for g in content.glossary],
            # phrases the officers confirmed are no one's name (redaction.yaml allow and places): they
            # are on the pages already; a name check of this data needs them as much as the build did
            "not_names": sorted({a.text for a in content.redaction.allow} | set(content.redaction.places)),
            "reviews": [] if encoded is not None else records,
        })
    return {
        SITE_WIDE[0]: head if encoded is None else _with_reviews(head, encoded),
        SITE_WIDE[1]: actions_csv(content, progress, links),
    }


def data_files(content: Content, progress: Progress, links: Links, page_urls: list[str], *,
               remember: Remember = uncached) -> dict[str, bytes]:
    """Every data file. `remember` (the build's cache, keyed for the site-wide files the
    progress depends on) keeps each review's files."""
    files = dict(schema_files())
    kept = _review_files(content, progress, links, remember)
    for review, _record, data, feed in kept:
        files[output_path(path_for("data_review", review.id))] = data
        files[output_path(path_for("review_feed", review.id))] = feed
    files.update(_site_wide([k[1] for k in kept], content, progress, links, [k[2] for k in kept]))
    files[output_path(path_for("updates_feed"))] = atom(f"Updates – {content.site.title}", path_for("updates_feed"),
                                                         path_for("updates"),
                                update_items(progress, limit=LATEST_UPDATES), links, progress.last_updated,
                                content.site.as_of.isoformat(), listed_titles(content),
                                alternates=feed_alternates(content, "updates_feed"))
    files.update(escalation_files(content, progress, links))
    files[output_path(path_for("sitemap"))] = sitemap(     # the embeds and 404 pages of each language left out
        [u for u in page_urls if split_language(u)[1] != path_for("not_found")
         and not split_language(u)[1].startswith(path_for("embeds"))], links)
    files["robots.txt"] = robots(content, links, tuple(sorted({split_language(u)[0] for u in page_urls})))
    return files
