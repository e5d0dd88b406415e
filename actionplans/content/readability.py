"""The readability check: published text an officer should reword before publishing — an
acronym no glossary entry, agency or built-in list explains, and remarks written to colleagues
("I cannot see this on the website", "please chase"). Warnings, each at its file, line and
column with the fix; `check --strict` (the pull-request check) refuses them.

It reads the model (every published text field) and points into the review file's source text:
a text's matches are looked for from the line its recommendation or action starts on."""

from __future__ import annotations

import importlib.resources
import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from ..core.diagnostics import Diagnostics
from ..core.options import Remember, uncached
from ..core.model import Content, Review

_ACRONYM = re.compile(r"(?<![\w&/-])([A-Z][A-Za-z0-9&]*[A-Z][A-Za-z0-9&]*)(?![\w&/-])")
_ROMAN = re.compile(r"^(?=[MDCLXVI])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')
_EXPLAINED_AFTER = re.compile(r"\s*[(\[–—-]\s*[A-Z]")      # 'SIDAS (Somerset Integrated …)'


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern
    what: str
    words: tuple[str, ...]      # one of these (lower case) is in any text the pattern matches

    def finditer(self, text: str, lowered: str):
        # the cheap test first: most texts hold none of the words, and skip the regex
        return self.pattern.finditer(text) if any(w in lowered for w in self.words) else ()


@lru_cache(maxsize=1)
def _data() -> tuple[tuple[Rule, ...], frozenset[str], frozenset[str], frozenset[str]]:
    files = importlib.resources.files("actionplans").joinpath("data")
    data = yaml.safe_load(files.joinpath("readability.yaml").read_text(encoding="utf-8"))
    rules = tuple(Rule(re.compile(r["pattern"], re.I), r["what"], tuple(r["words"])) for r in data["remarks"])
    known: set[str] = set()
    for line in files.joinpath("words", "acronyms.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            known.add(line.split("\t", 1)[0].strip())
    ordinary = set()
    for name in ("ordinary.txt", "function-words.txt"):
        for line in files.joinpath("words", name).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                ordinary.add(line.strip().lower())
    return rules, frozenset(map(str, data["plain_acronyms"])), frozenset(known), frozenset(ordinary)


def _explained_terms(content: Content) -> tuple[set[str], dict[str, list[str]]]:
    """Terms explained somewhere (their upper-case forms too: 'NICHE' is the glossary's 'Niche'),
    and the longer terms each word is part of ('NH&P' in 'NH&P SLT'), explained where the text
    uses the longer term."""
    rules, plain, known, _ = _data()
    terms = set(plain) | set(known)
    for g in content.glossary:
        terms.add(g.term)
    for a in content.agencies:
        terms.update(t for t in (a.short_name, *a.aliases) if t)
    terms |= {t.upper() for t in terms}
    within: dict[str, list[str]] = {}
    for t in sorted(terms):
        if " " in t:
            for word in t.split():
                within.setdefault(word, []).append(t)
    return terms, within


def _texts(review: Review):
    """(field name, text, line the text's item starts on) for every published text of a review."""
    line0 = review.source.line if review.source else 1
    yield "title", review.title, line0
    yield "summary", review.summary, line0
    for rec in review.recommendations:
        rl = rec.source.line if rec.source else line0
        yield "title", rec.title, rl
        yield "text", rec.text, rl
        for a in rec.actions:
            al = a.source.line if a.source else rl
            yield "action", a.action, al
            yield "lead_role", a.lead_role, al
            yield "outcome", a.outcome, al
            for m in a.milestones:
                yield "milestone", m.text, al
            for e in a.evidence:
                yield "evidence title", e.title, al
            for u in a.updates:
                yield "update", u.text, al


def _locate(lines: list[str], start: int, needle: str) -> tuple[int, int]:
    """The line and column of needle at or after line `start` (1-based); folded YAML may split a
    phrase over lines, so its first word is looked for next; else the item's own line."""
    for probe in (needle, needle.split()[0] if needle.split() else needle):
        for i in range(max(start - 1, 0), len(lines)):
            col = lines[i].find(probe)
            if col >= 0:
                return i + 1, col + 1
    return start, 1


def _is_acronym(token: str, ordinary: frozenset[str]) -> bool:
    letters = [c for c in token if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    if capitals < 2 or len(token) > 12 or _ROMAN.match(token):
        return False
    if token.isupper() and token.lower() in ordinary and len(token) >= 3:
        return False        # a word in capitals for emphasis ('ALL cases'), not jargon
    return capitals * 2 >= len(letters)     # 'NHSE', 'SomPar' (mixed), not 'McDonald'


def check_readability(content: Content, sources: dict[str, str], diags: Diagnostics,
                      remember: Remember = uncached) -> None:
    """Warn about every review's published text. `remember` (the build's cache) keeps each
    review's findings by the review, its file's text and what explains terms."""
    explained, within = _explained_terms(content)
    terms_key = (tuple(sorted(explained)), tuple(sorted((k, tuple(v)) for k, v in within.items())))
    for review in content.reviews:
        path = review.source.path if review.source else f"content/reviews/{review.id}.yaml"
        source = sources.get(path, "")
        found = remember("readability", (review, source, terms_key),
                         lambda review=review, path=path, source=source: _review_findings(
                             review, path, source, explained, within))
        for where_path, line, col, message, hint in found:
            diags.warning(where_path, line, col, message, hint)


def _review_findings(review: Review, path: str, source: str, explained: set[str],
                     within: dict[str, list[str]]) -> list[tuple[str, int, int, str, str]]:
    rules, _plain, _known, ordinary = _data()
    lines = source.splitlines()
    out: list[tuple[str, int, int, str, str]] = []
    reported: set[str] = set()
    for field, text, line in _texts(review):
        if not text:
            continue
        lowered = text.lower()
        quoted = [q.span() for q in _QUOTED.finditer(text)] if '"' in text or "“" in text else []
        for rule in rules:
            for m in rule.finditer(text, lowered):
                if any(a <= m.start() < b for a, b in quoted):
                    continue        # a quotation (an example of a record), not the officer's remark
                out.append((path, *_locate(lines, line, m.group(0)),
                            f"{rule.what} in the published {field}: '{m.group(0)}'",
                            "reword it for the public (say what happened, not who should do what next), "
                            "or move the remark to notes:, which is never published"))
        for m in _ACRONYM.finditer(text):
            token = m.group(1)
            base = token[:-1] if token.endswith("s") and token[:-1] in explained else token
            if base in explained or token in reported or not _is_acronym(token, ordinary):
                continue
            if any(t in text for t in within.get(token, ())):
                continue
            reported.add(token)
            after = text[m.end():m.end() + 3]
            if _EXPLAINED_AFTER.match(after) or (text[max(0, m.start() - 1):m.start()] == "("
                                                 and text[m.end():m.end() + 1] == ")"):
                continue        # spelt out where it is first used
            out.append((path, *_locate(lines, line, token),
                        f"'{token}' is not explained: no glossary entry, agency or known acronym has it",
                        f"add it to glossary.yaml (term: {token}, stands_for: …, meaning: …), or write it out in full"))
    return out
