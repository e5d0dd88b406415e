"""Stage 2 of the national view: every text a source would put on a national page goes through
the personal-data patterns and the name detector (actionplans/privacy) before it is used. A
source with any finding is refused whole, each finding naming the record it is in: a local site
that let a name or a phone number through is told, not republished."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..privacy.names import NameDetector
from ..privacy.patterns import ALL_PATTERNS
from ..privacy.scan import find_patterns
from .settings import Settings

# The fields of reviews.json that are free text (every other field is an id, a date, an
# address or a word from a fixed list, which the schema has already checked).
_REVIEW_TEXT = ("title", "reference", "summary")
_REC_TEXT = ("text",)
_ACTION_TEXT = ("action", "lead_role", "outcome")


@dataclass(frozen=True)
class Refusal:
    record: str         # "review somerset-dhr-022, recommendation 3, action 1, update 2"
    field: str
    found: str          # what was found, as written
    message: str
    rule: str


def texts(data: dict) -> Iterator[tuple[str, str, str]]:
    """(record, field, text) for every free text in a source's reviews.json."""
    yield "the site", "site", data["site"]
    for a in data["agencies"]:
        for key in ("name", "short_name"):
            if a.get(key):
                yield f"agency {a['id']}", key, a[key]
    for t in data["topics"]:
        for key in ("name", "description"):
            if t.get(key):
                yield f"topic {t['id']}", key, t[key]
    for p in data["partnerships"]:
        yield f"partnership {p['id']}", "name", p["name"]
    for r in data["reviews"]:
        where = f"review {r['id']}"
        for key in _REVIEW_TEXT:
            if r.get(key):
                yield where, key, r[key]
        for rec in r["recommendations"]:
            rwhere = f"{where}, recommendation {rec['id']}"
            yield rwhere, "text", rec["text"]
            for a in rec.get("actions", ()):
                awhere = f"{rwhere}, action {a['number']}"
                for key in _ACTION_TEXT:
                    if a.get(key):
                        yield awhere, key, a[key]
                for i, m in enumerate(a.get("milestones", ()), 1):
                    yield f"{awhere}, milestone {i}", "text", m["text"]
                for i, e in enumerate(a.get("evidence", ()), 1):
                    yield f"{awhere}, evidence {i}", "title", e["title"]
                for i, u in enumerate(a.get("updates", ()), 1):
                    yield f"{awhere}, update {i} ({u['date']})", "text", u["text"]


def known_terms(data: dict) -> list[str]:
    """The names a source itself gives to bodies, topics and places: never a person's."""
    return sorted({t for a in data["agencies"] for t in (a["name"], a.get("short_name")) if t}
                  | {t["name"] for t in data["topics"]} | {p["name"] for p in data["partnerships"]}
                  | {data["site"]} | {t for g in data.get("glossary", ()) for t in (g["term"], g.get("stands_for")) if t})


def refusals(data: dict, settings: Settings) -> list[Refusal]:
    """Every personal detail the source's texts would publish: the patterns' errors, and the
    name detector's errors (its warnings, a first name alone that is also a word, are the
    partnership's to decide and were decided when its own site was built)."""
    allow = (*settings.allow, *data.get("not_names", ()))
    detect = NameDetector(allow=allow, known_terms=known_terms(data))
    phones = settings.allowed_phones
    found: list[Refusal] = []
    seen: dict[str, list] = {}
    for record, field, text in texts(data):
        hits = seen.get(text)
        if hits is None:
            hits = seen[text] = [f for f in (*find_patterns(text, enabled=ALL_PATTERNS, allowed_phones=phones),
                                             *detect(text)) if f.severity == "error"]
        found += [Refusal(record, field, f.text, f.message, f.rule) for f in hits]
    return found
