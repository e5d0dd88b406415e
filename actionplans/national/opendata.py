"""The nation's open data: /data/national.json (every review, recommendation and action with
its full text, the national bodies, categories and repeated lessons), /data/actions.csv (one
row per action, with the partnership and both texts), /data/sources.json (each source, and
since when it is missing: the next build reads it back) and the JSON Schema of national.json."""

from __future__ import annotations

import csv
import io
import json

from ..core.urls import national_path, output_path
from .model import Nation, age

VERSION = 1
_TEXT = {"type": "string"}
_STRINGS = {"type": "array", "items": _TEXT}
_DATE = {"type": ["string", "null"]}


def _obj(props: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "properties": props, "required": required or list(props), "additionalProperties": False}


SOURCE = _obj({"source": _TEXT, "title": _TEXT, "url": {"type": ["string", "null"]}, "ok": {"type": "boolean"},
               "reason": {"type": ["string", "null"]}, "failing_since": _DATE, "last_success": _DATE,
               "reviews": {"type": "integer", "minimum": 0}})
ACTION = _obj({"number": {"type": "integer"}, "action": _TEXT, "lead": _TEXT, "national_body": {"type": ["string", "null"]},
               "status_shown": _TEXT, "due": _DATE, "overdue": {"type": "boolean"}, "url": _TEXT})
RECOMMENDATION = _obj({"id": _TEXT, "text": _TEXT, "scope": _TEXT, "status": _TEXT, "category": _TEXT,
                       "national": {"type": "boolean"}, "national_bodies": _STRINGS, "age": _TEXT, "url": _TEXT,
                       "topics": _STRINGS, "actions": {"type": "array", "items": ACTION}})
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "actionplans national open data",
    **_obj({
        "version": {"const": VERSION}, "title": _TEXT, "as_of": _TEXT,
        "sources": {"type": "array", "items": SOURCE},
        "categories": {"type": "array", "items": _obj({"id": _TEXT, "label": _TEXT, "statuses": _STRINGS})},
        "partnerships": {"type": "array", "items": _obj({"key": _TEXT, "id": _TEXT, "name": _TEXT,
                                                         "url": {"type": ["string", "null"]}, "site": _TEXT})},
        "national_bodies": {"type": "array", "items": _obj({"id": _TEXT, "name": _TEXT, "url": {"type": ["string", "null"]}})},
        "topics": {"type": "array", "items": _obj({"id": _TEXT, "name": _TEXT, "reviews": _STRINGS})},
        "reviews": {"type": "array", "items": _obj({
            "key": _TEXT, "id": _TEXT, "partnership": _TEXT, "title": _TEXT, "type": _TEXT, "url": _TEXT,
            "published": _DATE, "updated": _TEXT, "topics": _STRINGS, "progress": {"type": "object"},
            "recommendations": {"type": "array", "items": RECOMMENDATION}})},
        "repeated_lessons": {"type": "array", "items": _obj({
            "id": _TEXT, "summary": _TEXT, "times": {"type": "integer"}, "since": {"type": ["integer", "null"]},
            "partnerships": {"type": "integer"},
            "occurrences": {"type": "array", "items": _obj({"review": _TEXT, "recommendation": _TEXT, "status": _TEXT,
                                                            "category": _TEXT, "url": _TEXT})}})},
    }),
}


def _json(obj) -> bytes:
    # compact: with an indent, Python's json encoder runs in Python, not C (16 s at 2,000 reviews)
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def national_json(nation: Nation, title: str, sources: list[dict], categories) -> bytes:
    reviews = []
    for r in nation.reviews:
        reviews.append({
            "key": r.key, "id": r.id, "partnership": r.partnership.key, "title": r.title, "type": r.type, "url": r.url,
            "published": r.published, "updated": r.updated, "topics": list(r.topics), "progress": r.progress,
            "recommendations": [{
                "id": rec.id, "text": rec.text, "scope": rec.scope, "status": rec.status, "category": rec.category.id,
                "national": rec.national, "national_bodies": [b.id for b in rec.bodies],
                "age": age(r.published, nation.as_of), "url": rec.url, "topics": list(rec.topics),
                "actions": [{"number": a.number, "action": a.text, "lead": a.lead,
                             "national_body": a.body.id if a.body else None, "status_shown": a.status, "due": a.due,
                             "overdue": a.overdue, "url": a.url} for a in rec.actions],
            } for rec in r.recommendations],
        })
    return _json({
        "version": VERSION, "title": title, "as_of": nation.as_of.isoformat(), "sources": sources,
        "categories": [{"id": c.id, "label": c.label, "statuses": list(c.statuses)} for c in categories],
        "partnerships": [{"key": p.key, "id": p.id, "name": p.name, "url": p.url, "site": p.site}
                         for p in nation.partnerships],
        "national_bodies": [{"id": b.id, "name": b.name, "url": b.url} for b, _ in nation.bodies],
        "topics": [{"id": t.id, "name": t.name, "reviews": [r.key for r in t.reviews]} for t in nation.topics],
        "reviews": reviews,
        "repeated_lessons": [{
            "id": l.id, "summary": l.summary(), "times": l.times, "since": l.since, "partnerships": l.partnerships,
            "occurrences": [{"review": o.review.key, "recommendation": o.id, "status": o.status,
                             "category": o.category.id, "url": o.url} for o in l.occurrences],
        } for l in nation.lessons],
    })


CSV_COLUMNS = ["partnership", "partnership_name", "review", "review_title", "review_published", "recommendation",
               "recommendation_text", "scope", "recommendation_status", "category", "repeated_lesson", "action",
               "action_text", "lead_agency", "national_body", "status_shown", "due", "overdue", "url"]


def _cell(value: object) -> object:
    """A text cell a spreadsheet would run as a formula (=, +, -, @) gets a leading quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def actions_csv(nation: Nation) -> bytes:
    lesson_of = {o.key: l.id for l in nation.lessons for o in l.occurrences}
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for r in nation.reviews:
        for rec in r.recommendations:
            head = [r.partnership.key, _cell(r.partnership.name), r.id, _cell(r.title), r.published or "", _cell(rec.id),
                    _cell(rec.text), rec.scope, rec.status, rec.category.id, lesson_of.get(rec.key, "")]
            for a in rec.actions:
                w.writerow(head + [a.number, _cell(a.text), _cell(a.lead), a.body.id if a.body else "", a.status,
                                   a.due or "", "yes" if a.overdue else "no", a.url])
            if not rec.actions:
                w.writerow(head + ["", "", "", "", "No action published", "", "no", rec.url])
    return out.getvalue().encode("utf-8")


def data_files(nation: Nation, title: str, sources: list[dict], categories) -> dict[str, bytes]:
    return {
        output_path(national_path("data_national")): national_json(nation, title, sources, categories),
        output_path(national_path("data_actions")): actions_csv(nation),
        output_path(national_path("data_sources")): _json({"version": VERSION, "as_of": nation.as_of.isoformat(),
                                                          "sources": sources}),
        output_path(national_path("data_schema")): (json.dumps(SCHEMA, indent=2, sort_keys=True) + "\n").encode(),
    }
