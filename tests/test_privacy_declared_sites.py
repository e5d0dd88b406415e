"""Issue 13, "Done when": with every person of a labelled set declared (and its look-alikes
allowed), the build succeeds and no name appears in any published file, path, data file, feed or
search fragment.

Each labelled document becomes a review of a copy of the valid fixture site, its texts placed in
the review's summary, recommendations, actions and dated updates. Every person the labels name is
declared in redaction.yaml (pseudonyms in the review's `people:`), every look-alike allowed, the
partnership's places listed. What the check still reports is then decided as an officer would
(allowed with a reason), the site is built, and every published byte is searched for every
person, independently of the generator's own guard."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import THEMES, VALID, robust_size
from actionplans.build import build, check

import privacy_eval


def _published(out: Path) -> tuple[str, str]:
    """Every published text (pages, data, feeds, search fragments, file names), and the words of
    the binary files (the search index: words stored lower-case among bytes, where two letters
    occur by chance)."""
    import gzip
    texts, binary = [], []
    for p in sorted(out.rglob("*")):
        texts.append(str(p.relative_to(out)))
        if not p.is_file() or p.suffix in (".png", ".ico", ".woff2", ".wasm") or "wasm." in p.name:
            continue
        data = p.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        try:
            texts.append(data.decode("utf-8"))
        except UnicodeDecodeError:
            binary.append(" ".join(re.findall(rb"[a-z\x80-\xff'-]{4,}", data.lower())[i].decode("utf-8", "replace")
                                   for i in range(len(re.findall(rb"[a-z\x80-\xff'-]{4,}", data.lower())))))
    return "\n".join(texts), "\n".join(binary)

# Each set takes about half a minute; the everyday run builds the newest blind set, `-m slow`
# (or ROBUST_FULL=1) every one.
ALL_SETS = sorted((p.name for p in privacy_eval.DATA.iterdir() if p.is_dir()),
                  key=lambda n: (len(n), n))
SETS = ALL_SETS[-robust_size("PRIVACY_SITES", 1, len(ALL_SETS)):]

_MONTHS = {m.lower() for m in ("January February March April May June July August September October November "
                               "December Ionawr Chwefror Mawrth Ebrill Mai Mehefin Gorffennaf Awst Medi Hydref "
                               "Tachwedd Rhagfyr").split()}


def _person(text: str) -> str:
    """A labelled mention as it would be declared: one line, without a possessive (a word
    broken at a line end with a hyphen is declared whole, as the officer reads it)."""
    text = re.sub(r"\s+", " ", re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", text).replace("-\n", "-")).strip()
    return re.sub(r"['\u2019]s?$", "", text)


def _reworded(text: str) -> str:
    """The text with its personal details (e-mail addresses, phone numbers…) taken out, as the
    check tells an officer to do: they are never published, declared or not."""
    from actionplans.privacy.scan import find_patterns
    for f in sorted(find_patterns(text), key=lambda f: -f.start):
        text = text[:f.start] + "[removed]" + text[f.end:]
    return text


def _review(n: int, doc: dict, pseudonyms: list[str]) -> dict:
    by_field: dict[str, list[str]] = {}
    for entry in doc["entries"]:
        by_field.setdefault(entry["field"], []).append(_reworded(entry["text"]))
    updates = [t for f in ("update", "milestone", "lead_role", "outcome", "evidence_title") for t in by_field.get(f, [])]
    start = dt.date(2023, 1, 2)
    actions = [{"action": t, "lead": "north-police", "due": "2024-12", "status": "in-progress"}
               for t in by_field.get("action", [])] or [{"action": "Review the plan.", "lead": "north-police",
                                                         "due": "2024-12", "status": "in-progress"}]
    actions[0]["updates"] = [{"date": (start + dt.timedelta(days=3 * k)).isoformat(), "text": t}
                             for k, t in enumerate(updates)]
    recommendations = by_field.get("recommendation", []) or ["Agencies review the plan."]
    return {
        "id": f"labelled-{n:02d}", "type": "dhr", "title": f"Labelled plan {n}", "partnership": "north-csp",
        "reference": f"DHR L{n:02d}", "published": "2023-01", "updated": "2024-03-31",
        "summary": "\n\n".join(by_field.get("summary", [])) or "The review looked at how agencies worked together.",
        "topics": ["risk-assessment"],
        **({"people": [{"name": p, "refer_to_as": "the person"} for p in pseudonyms]} if pseudonyms
           else {"no_pseudonyms": True}),
        "recommendations": [{"id": str(k + 1), "text": text, "scope": "local", "source": "panel",
                             "topics": ["risk-assessment"], "actions": actions if k == 0 else
                             [{"action": "Report to the board.", "lead": "north-police", "due": "2024-12",
                               "status": "in-progress"}]}
                            for k, text in enumerate(recommendations)],
    }


def _site(tmp_path: Path, split: str) -> tuple[Path, set[str]]:
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    redaction = yaml.safe_load((content / "redaction.yaml").read_text(encoding="utf-8"))
    people: set[str] = set()
    lookalikes: set[str] = set()
    places: set[str] = set()
    glossary = yaml.safe_load((content / "glossary.yaml").read_text(encoding="utf-8"))
    terms = {g["term"] for g in glossary}
    docs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((privacy_eval.DATA / split).glob("*.yaml"))]
    for n, doc in enumerate(docs, 1):
        context = doc.get("context") or {}
        pseudonyms = sorted({_person(p) for p in privacy_eval.pseudonyms(doc)} - {""})
        for entry in doc["entries"]:
            people |= {_person(p["text"]) for p in entry.get("people") or []}
            lookalikes |= {_person(p["text"]) for p in entry.get("lookalikes") or []}
        places |= set(context.get("places") or [])
        for g in context.get("glossary") or []:
            if g["term"].casefold() not in {t.casefold() for t in terms}:
                terms.add(g["term"])
                glossary.append({"term": g["term"], "stands_for": g.get("stands_for") or g["term"],
                                 "meaning": "A term the plan uses."})
        (content / "reviews" / f"labelled-{n:02d}.yaml").write_text(
            yaml.safe_dump(_review(n, doc, pseudonyms), allow_unicode=True, sort_keys=False), encoding="utf-8")
    people = {p for p in people if sum(c.isalpha() for c in p) > 1}     # one letter ("D.") is nobody's name alone
    folded = {p.casefold() for p in people}
    redaction["names"] = redaction.get("names", []) + [{"name": p, "refer_to_as": "a person"} for p in sorted(people)]
    redaction["allow"] = redaction.get("allow", []) + [
        {"text": t, "reason": "a look-alike in the labelled set"} for t in sorted(lookalikes)
        if len(t) > 1 and t.casefold() not in folded and "\n" not in t]
    redaction["places"] = sorted(p for p in places if p.casefold() not in folded)
    (content / "redaction.yaml").write_text(yaml.safe_dump(redaction, allow_unicode=True), encoding="utf-8")
    (content / "glossary.yaml").write_text(yaml.safe_dump(glossary, allow_unicode=True), encoding="utf-8")
    return content, people


def _decide_what_is_left(content: Path) -> list[str]:
    """What the check still reports about names, decided as an officer decides (the initials of
    somebody named are declared too, anything else is allowed with a reason), until nothing is
    left: a word allowed can leave the word beside it standing alone."""
    decided: list[str] = []
    for _round in range(3):
        left = _decide_once(content)
        if not left:
            break
        decided += left
    return decided


def _decide_once(content: Path) -> list[str]:
    result = check(content, themes_dir=THEMES)
    quoted = re.compile(r"(?<!\w)'(.+?)'(?!\w)")
    initials, other = set(), set()
    for d in result.diagnostics.items:
        m = quoted.search(d.message)
        if "allow in redaction.yaml" in d.hint and m and "\n" not in m.group(1):
            (initials if "are the initials of" in d.message else other).add(m.group(1))
    path = content / "redaction.yaml"
    redaction = yaml.safe_load(path.read_text(encoding="utf-8"))
    have = {a["text"] for a in redaction["allow"]}
    redaction["allow"] += [{"text": t, "reason": "decided by the officer: not a person"} for t in sorted(other - have)]
    redaction["names"] += [{"name": t, "refer_to_as": "a person"} for t in sorted(initials)]
    path.write_text(yaml.safe_dump(redaction, allow_unicode=True), encoding="utf-8")
    return sorted(initials | other)


def _still_there(person: str, published: str, allowed: list[str] = ()) -> list[str]:
    """Where a declared person is still written in the published text (not as part of a
    look-alike the officer allowed: "Bryn" in the street "Heol y Bryn")."""
    around_allowed = [a.lower() for a in allowed if person.lower() in a.lower() and a.lower() != person.lower()]
    words = person.split()
    if len(words) == 1 and person.isupper() and len(person) <= 4:
        pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(person)}(?![A-Za-z0-9])")      # initials: as written
    elif len(words) == 1 and (person.lower() in _MONTHS or person[:1].islower() or person.lower() in _WORDS):
        # a word pseudonym or a month: capitalised as a name is, outside a date
        pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(person[:1].upper() + person[1:])}(?![A-Za-z0-9])")
    else:
        pattern = re.compile(rf"(?<![^\W_]){re.escape(person)}(?![^\W_])", re.IGNORECASE)
    hits = []
    for m in pattern.finditer(published):
        around = published[max(0, m.start() - 14):m.end() + 8]
        if person.lower() in _MONTHS and re.search(r"\d\s*\w+|\w+,?\s+\d{4}", around):
            continue    # "3 June 2023": the month, not the person
        if any(a in published[max(0, m.start() - len(a)):m.end() + len(a)].lower() for a in around_allowed):
            continue
        hits.append(around)
    return hits


def _ordinary_words() -> set[str]:
    from actionplans.privacy.names.lists import _ORDINARY
    return set(_ORDINARY)


_WORDS = _ordinary_words()


@pytest.fixture(autouse=True)
def _forget_what_the_build_kept():
    """These builds are large and in this process: what the process keeps between builds for
    serve (the name check's shared runs, the cache's entries in memory) is let go afterwards, so
    a later test that measures serve's memory starts from a process like any other."""
    yield
    import actionplans.cache.entries as entries
    import actionplans.privacy.names as names
    names._SHARED.clear()
    entries._memo.clear()


@pytest.mark.slow
@pytest.mark.parametrize("split", SETS)
def test_every_labelled_person_declared_the_site_builds_and_publishes_none(tmp_path, monkeypatch, split):
    monkeypatch.chdir(tmp_path)
    content, people = _site(tmp_path, split)
    _decide_what_is_left(content)
    out = tmp_path / "output"
    result = build(content, out, themes_dir=THEMES)
    if not result.written:
        Path("/tmp/e2e_errors.txt").write_text("\n".join(d.format() for d in result.diagnostics.errors))
    assert result.written, [d.format() for d in result.diagnostics.errors][:40]
    published, index_words = _published(out)
    assert "Labelled plan" in published          # the reviews were published
    allowed = [a["text"] for a in yaml.safe_load((content / "redaction.yaml").read_text(encoding="utf-8"))["allow"]]
    left = {p: hits for p in sorted(people) if (hits := _still_there(p, published, allowed))}
    assert not left, list(left.items())[:10]
    # the search index holds its words in lower case: every name of four letters or more
    indexed = set(index_words.split())
    assert indexed, "no search index was read"
    in_index = sorted(p for p in people if len(p) >= 4 and " " not in p and p.lower() in indexed
                      and p.lower() not in _WORDS and p.lower() not in _MONTHS)
    assert not in_index, in_index[:10]
