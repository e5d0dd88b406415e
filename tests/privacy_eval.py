"""Scores the name check on the labelled documents in tests/data/privacy/ (dev, holdout, holdout2, holdout3).

Each document holds entries of plan text with every person mention and every look-alike
labelled, and the context a partnership's own files would give (agencies, glossary). Each entry
is checked as the build checks a field: the same detector, known terms and patterns as
actionplans/privacy/redact.py, with nobody declared. A person counts as flagged when a finding covers any
part of the mention; a look-alike counts as flagged when a name finding overlaps it that covers no
person ("DS Keast" found whole is right, though "DS" is labelled a look-alike).

Run on its own for the table by kind:  python tests/privacy_eval.py [dev|holdout|…|holdout6] [--declared] [--no-places] [-v]
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data" / "privacy"


@dataclass
class Score:
    people: int = 0
    people_flagged: int = 0
    lookalikes: int = 0
    lookalikes_flagged: int = 0
    missed: list[tuple[str, str, str]] = field(default_factory=list)     # (kind, mention, text)
    false: list[tuple[str, str, str]] = field(default_factory=list)
    by_kind: Counter = field(default_factory=Counter)
    by_kind_hit: Counter = field(default_factory=Counter)

    @property
    def recall(self) -> float:
        return self.people_flagged / self.people if self.people else 1.0

    @property
    def lookalike_rate(self) -> float:
        return self.lookalikes_flagged / self.lookalikes if self.lookalikes else 0.0


def _spans(text: str, labels: list[dict], taken: list[tuple[int, int, dict]] = ()) -> list[tuple[int, int, dict]]:
    """Each label's place in the text: the labels are in order of appearance. People and
    look-alikes are listed apart, so the same words in both ("June" the person, "June 2022" the
    date) must not be given the same place: ``taken`` are the look-alikes' places, skipped."""
    out, pos = [], 0
    claimed = {a for a, _, _ in taken}
    for label in labels:
        at = text.find(label["text"], pos)
        while at >= 0 and at in claimed:
            at = text.find(label["text"], at + 1)
        if at < 0:
            at = text.find(label["text"])
        out.append((at, at + len(label["text"]), label))
        pos = at + 1
    return out


def _lookalike_spans(text: str, labels: list[dict], people: list[dict]) -> list[tuple[int, int, dict]]:
    """The look-alikes' places; a month labelled as a date is placed at a date ("June 2022", "30
    June") when a person has the same name, so that the person gets the other mention."""
    from actionplans.privacy.names.views import _in_a_date
    names = {p["text"] for p in people}
    out, pos = [], 0
    for label in labels:
        t = label["text"]
        at = text.find(t, pos)
        if t in names and label["kind"] == "month-or-day":
            k = at
            while k >= 0 and not _in_a_date(text, k, k + len(t)):
                k = text.find(t, k + 1)
            at = k if k >= 0 else at
        if at < 0:
            at = text.find(t)
        out.append((at, at + len(t), label))
        pos = at + 1
    return out


def _known_terms(context: dict) -> list[str]:
    terms = []
    for a in context.get("agencies", []):
        terms += [a["name"], *([a["short_name"]] if a.get("short_name") else []), *a.get("aliases", [])]
    for g in context.get("glossary", []):
        terms += [g["term"], *([g["stands_for"]] if g.get("stands_for") else [])]
    if "--no-places" not in sys.argv:       # redaction.yaml's places: the partnership's own towns and sites
        terms += context.get("places", [])
    return terms


PSEUDONYM_KINDS = ("pseudonym", "pseudonym-common-word", "pseudonym-month")


def pseudonyms(doc: dict) -> list[str]:
    """The document's pseudonyms, as its review would declare them under people: (listed in its
    context, or else every person labelled a pseudonym)."""
    listed = (doc.get("context") or {}).get("pseudonyms")
    if listed:
        return sorted(set(listed))
    out = set()
    for entry in doc["entries"]:
        for label in entry.get("people") or []:
            if label["kind"] in PSEUDONYM_KINDS:
                out.add(label["text"])
    return sorted(out)


def score(split: str, *, declare_pseudonyms: bool = False) -> Score:
    """With ``declare_pseudonyms``, each review declares its pseudonyms (as the check requires
    of a DHR): a mention then counts as handled when it is flagged or replaced."""
    from actionplans.privacy.names import DeclaredName, NameDetector, Replacer
    from actionplans.privacy.scan import find_patterns

    s = Score()
    for path in sorted((DATA / split).glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        declared = pseudonyms(doc) if declare_pseudonyms else []
        detect = NameDetector(known_terms=_known_terms(doc.get("context") or {}), declared=declared)
        replacer = Replacer([DeclaredName(n, "the person") for n in declared]) if declared else None
        since = {}
        for entry in doc["entries"]:      # as the build does: every text, then again with what was learned
            since.setdefault(entry["text"], detect.learned)
            detect(entry["text"])
        for entry in doc["entries"]:
            text = entry["text"]
            names_only = [(f.start, f.end) for f in detect(text)]
            found = names_only + [(f.start, f.end) for f in find_patterns(text)]
            if replacer is not None:
                found += [(a, b) for a, b, _ in replacer.find(text)]
            alike = _lookalike_spans(text, entry.get("lookalikes") or [], entry.get("people") or [])
            people = _spans(text, entry.get("people") or [], alike)
            for start, end, label in people:
                s.people += 1
                s.by_kind[label["kind"]] += 1
                if any(a < end and start < b for a, b in found):
                    s.people_flagged += 1
                    s.by_kind_hit[label["kind"]] += 1
                else:
                    s.missed.append((label["kind"], label["text"], text))
            # a finding that covers a person is right, even where it takes in a rank or title
            # labelled as a look-alike beside the name ("DS Keast", the look-alike "DS")
            wrong = [(a, b) for a, b in names_only if not any(a < pe and ps < b for ps, pe, _ in people)]
            for start, end, label in alike:
                s.lookalikes += 1
                if any(a < end and start < b for a, b in wrong):
                    s.lookalikes_flagged += 1
                    s.false.append((label["kind"], label["text"], text))
    return s


def main(argv: list[str]) -> None:
    for split in argv or ["dev", "holdout", "holdout2", "holdout3", "holdout4"]:
        s = score(split, declare_pseudonyms="--declared" in sys.argv)
        print(f"{split}: people flagged {s.people_flagged}/{s.people} = {s.recall:.3f}; "
              f"look-alikes flagged {s.lookalikes_flagged}/{s.lookalikes} = {s.lookalike_rate:.3f}")
        for kind in sorted(s.by_kind):
            print(f"  {kind:24} {s.by_kind_hit[kind]:4}/{s.by_kind[kind]:<4}")
        if "-v" in sys.argv:
            for kind, mention, text in s.missed:
                at = max(text.find(mention), 0)
                print(f"  MISSED {kind}: {mention!r} in {text[max(at - 90, 0):at + len(mention) + 60]!r}")
            for kind, mention, text in s.false:
                at = max(text.find(mention), 0)
                print(f"  FLAGGED {kind}: {mention!r} in {text[max(at - 90, 0):at + len(mention) + 60]!r}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main([a for a in sys.argv[1:] if not a.startswith("-")])
