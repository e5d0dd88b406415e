"""The JSON Schema of the published open data (/data/reviews.json and /data/reviews/<id>.json),
kept next to the code that writes it (data.py) and checked against real output by the tests."""

from __future__ import annotations

from ..content.progress import STATUS_ORDER
from ..content.schema import AGENCY_KINDS, REVIEW_TYPES, SLUG_RE, STATUSES
from .welsh_data import TEXT_KEYS, WELSH

_DATE = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
_DUE = {"anyOf": [_DATE, {"enum": ["ongoing", "tbc"]}]}
_TEXT = {"type": "string", "minLength": 1}
_URL = {"type": "string", "pattern": "^https://"}
_SLUG = {"type": "string", "pattern": SLUG_RE}


def _obj(props: dict, required: list[str]) -> dict:
    """An object of these properties; each text a reader reads may have its Welsh text beside it
    (`<key>_cy`, on a bilingual site: welsh_data.py), never required."""
    welsh = {key + WELSH: {**value, "description": f"the Welsh text of {key} (a bilingual site)"}
             for key, value in props.items() if key in TEXT_KEYS}
    return {"type": "object", "properties": {**props, **welsh}, "required": required, "additionalProperties": False}


ACTION = _obj({
    "number": {"type": "integer", "minimum": 1}, "action": _TEXT, "lead": _SLUG, "lead_current": _SLUG,
    "supporting": {"type": "array", "items": _SLUG}, "lead_role": _TEXT,
    "milestones": {"type": "array", "items": _obj({"text": _TEXT, "due": _DUE, "done": _DATE}, ["text"])},
    "due": _DUE, "status": {"enum": list(STATUSES)}, "status_shown": _TEXT, "completed": _DATE, "outcome": _TEXT,
    "evidence": {"type": "array", "items": _obj({"title": _TEXT, "url": _URL}, ["title", "url"])},
    "updates": {"type": "array", "items": _obj({"date": _DATE, "text": _TEXT}, ["date", "text"])},
    "overdue": {"type": "boolean"}, "no_recent_update": {"type": "boolean"}, "last_update": _DATE, "url": _URL,
}, ["number", "action", "lead", "lead_current", "status_shown", "overdue", "no_recent_update", "url"])

RECOMMENDATION = _obj({
    "id": _TEXT, "text": _TEXT, "scope": {"enum": ["local", "regional", "national"]},
    "source": {"enum": ["panel", "agency"]}, "topics": {"type": "array", "items": _SLUG},
    "status": {"enum": list(STATUS_ORDER)}, "url": _URL, "actions": {"type": "array", "items": ACTION},
}, ["id", "text", "status", "url"])

_COUNT = {"type": "integer", "minimum": 0}
PROGRESS = _obj({
    "actions": _COUNT, "by_status": {"type": "object"}, "overdue": _COUNT, "no_recent_update": _COUNT,
    "recommendations": _COUNT,
    "recommendations_without_action": {**_COUNT, "description": "recommendations with no published action: "
                                       "not counted in actions"},
    "percent_complete": {"type": "integer", "minimum": 0, "maximum": 100},
    "percent_of": {"const": "actions", "description": "what percent_complete is a percentage of"},
}, ["actions", "by_status", "overdue", "no_recent_update", "recommendations", "recommendations_without_action",
    "percent_complete", "percent_of"])

REVIEW = _obj({
    "id": _SLUG, "type": {"enum": list(REVIEW_TYPES)}, "title": _TEXT, "partnership": _SLUG, "reference": _TEXT,
    "published": _DATE, "updated": _DATE, "report_url": _URL, "summary": _TEXT,
    "topics": {"type": "array", "items": _SLUG}, "url": _URL,
    "progress": PROGRESS,
    "recommendations": {"type": "array", "items": RECOMMENDATION},
}, ["id", "type", "title", "partnership", "updated", "url", "progress", "recommendations"])

SITE_DATA = _obj({
    "version": {"const": 1}, "site": _TEXT, "site_cy": {**_TEXT, "description": "the site's Welsh title (a bilingual site)"},
    "as_of": _DATE,
    "licence": _obj({"name": _TEXT, "url": _URL}, ["name", "url"]), "progress": PROGRESS,
    "agencies": {"type": "array", "items": _obj({"id": _SLUG, "name": _TEXT, "short_name": _TEXT,
                                                 "kind": {"enum": list(AGENCY_KINDS)}, "url": _URL,
                                                 "replaced_by": _SLUG}, ["id", "name", "kind"])},
    "topics": {"type": "array", "items": _obj({"id": _SLUG, "name": _TEXT, "description": _TEXT}, ["id", "name"])},
    "partnerships": {"type": "array", "items": _obj({"id": _SLUG, "name": _TEXT, "url": _URL}, ["id", "name"])},
    "glossary": {"type": "array", "items": _obj({"term": _TEXT, "stands_for": _TEXT}, ["term"])},
    "not_names": {"type": "array", "items": _TEXT},
    "reviews": {"type": "array", "items": REVIEW},
}, ["version", "site", "as_of", "licence", "progress", "agencies", "topics", "partnerships", "reviews"])


def data_schemas() -> dict[str, dict]:
    base = "https://json-schema.org/draft/2020-12/schema"
    return {
        "reviews-data": {"$schema": base, "title": "actionplans open data: every review", **SITE_DATA},
        "review-data": {"$schema": base, "title": "actionplans open data: one review", **REVIEW},
    }
