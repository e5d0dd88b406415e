"""Each content file checked across the others (ids, references, dates) and turned into the
typed model: site.yaml, agencies, topics, glossary, redaction and each review."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, replace as _replace
from pathlib import Path
from typing import Any

from . import schema as S
from ..core.dates import PartialDate
from ..core.diagnostics import Diagnostics, did_you_mean
from ..core.vocabulary import CLOSED, DATED, NEEDS_OUTCOME
from ..core.model import Agency, DeclaredName, GlossaryEntry, RedactionConfig, Review, SiteConfig, Topic
from .glossary import check_meanings
from .modelbuild import build
from .bilingual import has_welsh, missing_welsh, site_languages, welsh_view


@dataclass
class _File:
    shown: str
    data: Any   # conformed: dicts with "__mark__"/"__marks__", lists, parsed dates


def _m(d: dict, key: str) -> tuple[int, int]:
    return S.marks_of(d, key)


# --- site.yaml ---------------------------------------------------------------------------

def _site(f: _File | None, diags: Diagnostics, as_of: dt.date | None) -> SiteConfig | None:
    if f is None or not isinstance(f.data, dict) or "partnerships" not in f.data or "title" not in f.data \
            or "base_url" not in f.data:
        return None
    d = f.data
    ids = Counter(p["id"] for p in d["partnerships"] if "id" in p)
    for p in d["partnerships"]:
        if ids.get(p.get("id"), 0) > 1:
            diags.error(f.shown, *_m(p, "id"), f"partnership id '{p['id']}' is used more than once")
    if not re.fullmatch(r"https://[A-Za-z0-9.-]+(?::\d{1,5})?(?:/[A-Za-z0-9._~/-]*)?", d["base_url"]):
        # It is written into every link, feed, header and script: quotes, '<', '?' or '#' in it
        # would break out of them.
        diags.error(f.shown, *_m(d, "base_url"), f"base_url '{d['base_url']}' is not a plain web address",
                    "give https://, the host and at most a simple path, e.g. https://www.council.gov.uk/plans")
    for origin in d.get("embed_allowed_origins", []):
        # Each one is written into a Content-Security-Policy header: anything beyond an origin
        # (a path, ';', a quote) would add directives to the header.
        if not re.fullmatch(r"https://[A-Za-z0-9.-]+(?::\d{1,5})?/?", origin):
            diags.error(f.shown, *_m(d, "embed_allowed_origins"),
                        f"'{origin}' is not an origin: give only https:// and the host name",
                        "e.g. https://www.council.gov.uk, with no path")
    _contact(f, d, diags)
    raw_as_of = d.get("as_of", "build")
    if as_of is None:
        as_of = dt.date.today() if raw_as_of == "build" else raw_as_of.last_day()
    site = build(S.SITE, d, f.shown, as_of=as_of, as_of_is_build_date=raw_as_of == "build",
                 base_url=d["base_url"].rstrip("/"),
                 embed_allowed_origins=tuple(o.rstrip("/") for o in d.get("embed_allowed_origins", [])))
    if "cy" in site_languages(site):
        missing_welsh(d, S.SITE, f.shown, diags, "the site")
    if has_welsh(d):        # the Welsh settings, modelled by this same function
        site = _replace(site, cy=_site(_File(f.shown, welsh_view(d)), Diagnostics(), site.as_of))
    return site


_EMAIL = re.compile(r"[^@\s<>\"'()]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def _contact(f: _File, d: dict, diags: Diagnostics) -> None:
    """The accessibility statement's contact must reach a person: an e-mail address or a form."""
    contact = d.get("accessibility", {}).get("contact")
    if contact is None:
        return
    where = _m(d["accessibility"], "contact")
    if _EMAIL.fullmatch(contact):
        return
    if not re.fullmatch(r"https://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?", contact):
        diags.error(f.shown, *where, f"'contact' is neither an e-mail address nor an https address: '{contact}'",
                    "give the e-mail address people can write to, or the https address of a contact form")
    elif contact.rstrip("/").startswith(d["base_url"].rstrip("/")):
        diags.error(f.shown, *where, f"'contact' is a page of this site ({contact}), which has no way to contact anyone",
                    "give an e-mail address, or the https address of a contact form on the organisation's website")


# --- agencies, topics, glossary, redaction ----------------------------------------------

def _unique(items: list[dict], key: str, shown: str, what: str, diags: Diagnostics, fold: bool = False) -> None:
    first: dict[str, tuple[int, int]] = {}
    for item in items:
        if key not in item:
            continue
        value = item[key].lower() if fold else item[key]
        if value in first:
            diags.error(shown, *_m(item, key), f"{what} '{item[key]}' is listed twice (first on line {first[value][0]})",
                        "remove or rename one of them")
        else:
            first[value] = _m(item, key)


def _agencies(f: _File | None, diags: Diagnostics) -> list[Agency]:
    if f is None:
        return []
    items = [a for a in f.data if "id" in a and "name" in a]
    _unique(items, "id", f.shown, "agency id", diags)
    ids = {a["id"] for a in items}
    successor = {}
    for a in items:
        rb = a.get("replaced_by")
        if rb is None:
            continue
        if rb not in ids:
            diags.error(f.shown, *_m(a, "replaced_by"), f"unknown agency '{rb}'{did_you_mean(rb, ids)}",
                        "replaced_by must be the id of another agency in this file")
        elif rb == a["id"]:
            diags.error(f.shown, *_m(a, "replaced_by"), f"agency '{rb}' cannot replace itself")
        else:
            successor[a["id"]] = rb
    for a in items:   # a chain of renamings must end somewhere
        seen, cur = {a["id"]}, a["id"]
        while cur in successor:
            cur = successor[cur]
            if cur in seen:
                diags.error(f.shown, *_m(a, "replaced_by"), f"agency '{a['id']}' is in a replaced_by loop",
                            "the newest body must not have replaced_by")
                break
            seen.add(cur)
    def agency(a: dict) -> Agency:
        return build(S.AGENCY, a, f.shown, cy=agency(welsh_view(a)) if has_welsh(a) else None)
    return [agency(a) for a in items]


def _topics(f: _File | None, diags: Diagnostics) -> list[Topic]:
    if f is None:
        return []
    items = [t for t in f.data if "id" in t and "name" in t]
    _unique(items, "id", f.shown, "topic id", diags)
    return [build(S.TOPIC, t, f.shown, cy=build(S.TOPIC, welsh_view(t), f.shown) if has_welsh(t) else None)
            for t in items]


def _glossary(f: _File | None, diags: Diagnostics) -> list[GlossaryEntry]:
    if f is None:
        return []
    items = [g for g in f.data if "term" in g and "meaning" in g]
    check_meanings(items, f.shown, diags)
    def entry(g: dict) -> GlossaryEntry:
        return build(S.GLOSSARY_ENTRY, g, f.shown, cy=entry(welsh_view(g)) if has_welsh(g) else None)
    return sorted((entry(g) for g in items),
                  key=lambda g: (g.term.lower(), g.reviews, g.partnerships))


def _redaction(f: _File | None) -> RedactionConfig:
    if f is None or not isinstance(f.data, dict):
        return RedactionConfig()
    d = f.data
    # an entry the format check refused (reported there) is left out, never half-read (modelbuild)
    names_cy = tuple(DeclaredName(n["name"], n.get("refer_to_as_cy") or n["refer_to_as"])
                     for n in d.get("names", []) if isinstance(n, dict) and isinstance(n.get("name"), str)
                     and n["name"].strip() and isinstance(n.get("refer_to_as"), str)
                     and n["refer_to_as"].strip()) if has_welsh(d) else ()
    return build(S.REDACTION, d, f.shown, source=f.shown, names_cy=names_cy)


# --- reviews -----------------------------------------------------------------------------

def _ref(diags: Diagnostics, shown: str, mark: tuple[int, int], kind: str, value: str, known: set[str],
         where: str) -> None:
    if value not in known:
        guess = did_you_mean(value, known)
        diags.error(shown, mark[0], mark[1], f"unknown {kind} '{value}'{guess}",
                    "" if guess else f"use an id from {where}, or add '{value}' there")


def _future(diags: Diagnostics, shown: str, mark: tuple[int, int], name: str, value: PartialDate,
            as_of: dt.date | None) -> None:
    if as_of is not None and isinstance(value, PartialDate) and value.first_day() > as_of:
        diags.error(shown, mark[0], mark[1],
                    f"'{name}' is in the future: {value.iso()} is after {as_of.isoformat()}",
                    "check the date; the site's as_of date is the latest a date can be")


def _review(path: Path, f: _File, diags: Diagnostics, *, partnership_ids: set[str], agency_ids: set[str],
            topic_ids: set[str], as_of: dt.date | None, check_refs: bool) -> Review | None:
    d, shown = f.data, f.shown
    if "id" in d and d["id"] != path.stem:
        diags.error(shown, *_m(d, "id"), f"the id '{d['id']}' does not match the file name '{path.name}'",
                    f"rename the file to {d['id']}.yaml, or set id: {path.stem}")
    if "partnership" in d and partnership_ids:
        _ref(diags, shown, _m(d, "partnership"), "partnership", d["partnership"], partnership_ids,
             "site.yaml partnerships")
    for i, topic in enumerate(d.get("topics", [])):
        _ref(diags, shown, _m(d, "topics"), "topic", topic, topic_ids, "topics.yaml")
    for key in ("updated", "published"):
        if key in d:
            _future(diags, shown, _m(d, key), key, d[key], as_of)

    recs = []
    first_rec: dict[str, int] = {}
    for r in d.get("recommendations", []):
        if "id" in r:
            if r["id"] in first_rec:
                diags.error(shown, *_m(r, "id"), f"recommendation '{r['id']}' appears twice in this review "
                            f"(first on line {first_rec[r['id']]})", "give each recommendation its own id")
            else:
                first_rec[r["id"]] = _m(r, "id")[0]
        for topic in r.get("topics", []):
            _ref(diags, shown, _m(r, "topics"), "topic", topic, topic_ids, "topics.yaml")
        actions = []
        for n, a in enumerate(r.get("actions", []), start=1):
            if check_refs:
                if "lead" in a:
                    _ref(diags, shown, _m(a, "lead"), "agency", a["lead"], agency_ids, "agencies.yaml")
                for s in a.get("supporting", []):
                    _ref(diags, shown, _m(a, "supporting"), "agency", s, agency_ids, "agencies.yaml")
            status = a.get("status")
            if status in NEEDS_OUTCOME and "outcome" not in a:
                diags.error(shown, *_m(a, "status"), f"an action '{status}' needs an 'outcome' saying why",
                            "add outcome: with the reason it was closed")
            if status in DATED and "completed" not in a and not a.get("completed_unknown"):
                diags.warning(shown, *_m(a, "status"), f"this action is '{status}' but has no 'completed' date",
                              "add completed: YYYY-MM-DD (or YYYY-MM), or completed_unknown: true if the plan gives none")
            if "completed" in a and status not in CLOSED:
                diags.warning(shown, *_m(a, "completed"),
                              f"this action has a 'completed' date but its status is '{status or 'missing'}'",
                              "set status: complete, or remove completed:")
            for key in ("completed",):
                if key in a:
                    _future(diags, shown, _m(a, key), key, a[key], as_of)
            for u in a.get("updates", []):
                if "date" in u:
                    _future(diags, shown, _m(u, "date"), "date", u["date"], as_of)
            for ms in a.get("milestones", []):
                if "done" in ms:
                    _future(diags, shown, _m(ms, "done"), "done", ms["done"], as_of)
            action = build(S.ACTION, a, shown, number=n)
            if action is not None:
                actions.append(action)
        rec = build(S.RECOMMENDATION, r, shown, actions=tuple(actions))
        if rec is not None:
            recs.append(rec)
    people = [p for p in d.get("people", []) if "name" in p]
    if d.get("type") in S.PSEUDONYM_TYPES and not people and not d.get("no_pseudonyms"):
        diags.error(shown, *_m(d, "type"), f"a review of type '{d['type']}' refers to people by pseudonyms, "
                    "and this one declares none",
                    "list every pseudonym and name the source text uses under people: (name and refer_to_as), "
                    "or write no_pseudonyms: true if it names nobody")
    elif people and d.get("no_pseudonyms"):
        diags.error(shown, *_m(d, "no_pseudonyms"), "no_pseudonyms: true, but people: lists names",
                    "remove no_pseudonyms, or empty people:")
    return build(S.REVIEW, d, shown, recommendations=tuple(recs))
