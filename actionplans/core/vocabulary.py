"""The project's fixed words (statuses, review types, agency kinds), read from one data file,
data/vocabulary.yaml, so the schema, the progress rules, the pages and the open data cannot
disagree about them."""

from __future__ import annotations

import importlib.resources

import yaml

_DATA = yaml.safe_load(importlib.resources.files("actionplans").joinpath("data", "vocabulary.yaml")
                       .read_text(encoding="utf-8"))

_STATUSES = _DATA["statuses"]
NO_UPDATE: str = _DATA["no_update"]["id"]
STATUSES: tuple[str, ...] = tuple(s["id"] for s in _STATUSES)          # what content may say
STATUS_ORDER: tuple[str, ...] = STATUSES + (NO_UPDATE,)                 # what a page may show
STATUS_LABELS: dict[str, str] = {s["id"]: s["label"] for s in [*_STATUSES, _DATA["no_update"]]}
STATUS_MEANINGS: dict[str, str] = {s["id"]: s["meaning"] for s in [*_STATUSES, _DATA["no_update"]]}
CLOSED = frozenset(s["id"] for s in _STATUSES if s.get("closed"))
DONE = frozenset(s["id"] for s in _STATUSES if s.get("done"))
OPEN_STATUSES: tuple[str, ...] = tuple(s for s in STATUS_ORDER if s not in CLOSED)
STILL_OPEN: tuple[str, ...] = tuple(s for s in STATUSES if s not in CLOSED)   # written, and not closed
DATED = frozenset(s["id"] for s in _STATUSES if s.get("dated"))
NEEDS_OUTCOME = frozenset(s["id"] for s in _STATUSES if s.get("needs_outcome"))

REVIEW_TYPES: tuple[str, ...] = tuple(t["id"] for t in _DATA["review_types"])
REVIEW_TYPE_LABELS: dict[str, str] = {t["id"]: t["label"] for t in _DATA["review_types"]}
PSEUDONYM_TYPES: tuple[str, ...] = tuple(t["id"] for t in _DATA["review_types"] if t.get("pseudonyms"))

AGENCY_KINDS: tuple[str, ...] = tuple(k["id"] for k in _DATA["agency_kinds"])
AGENCY_KIND_LABELS: dict[str, str] = {k["id"]: k["label"] for k in _DATA["agency_kinds"]}

REVIEW_STATES: dict[str, str] = {s["id"]: s["label"] for s in _DATA["review_states"]}

# the personal-data patterns redaction.yaml may switch on; all of them when it says nothing
PATTERN_NAMES: tuple[str, ...] = tuple(_DATA["personal_data_patterns"])
