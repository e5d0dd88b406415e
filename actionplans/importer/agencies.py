"""Matching the agency names written in a plan ("Chair of SCP to send letter.", "Safeguarding
Team, OHFT", "West Oxfordshire DC Housing Manager and ODAS") to ids in agencies.yaml.

Every name, short name and alias is a term. A cell is matched by, in order: the whole cell
equal to a term; terms found inside the cell (an acronym only in capitals, as a whole word),
the first being the lead and the others supporting; a close spelling of a whole term. A term
two agencies share ("SCC", "CCG") is settled by which agency's place the plan talks about, or
reported as ambiguous. What matches nothing is reported with the closest agencies.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

# Words that say nothing about which body is meant: left out when comparing places.
_GENERIC = set("""
nhs foundation trust council city county district borough police constabulary service services
partnership board safeguarding children adults adult group the and of for ccg icb clinical
commissioning integrated care health community safety domestic abuse trust's team unit social
""".split())


def norm(text: str) -> str:
    text = text.replace("&", " and ").replace("\u2019", "'")
    text = re.sub(r"[^\w' ]+", " ", text.casefold())
    return re.sub(r"\s+", " ", text).strip()


def _is_acronym(term: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", term)
    return 2 <= len(letters) <= 6 and term.upper() == term and " " not in term.strip()


@dataclass(frozen=True)
class AgencyTerm:
    text: str
    agency: str


@dataclass
class Match:
    lead: str | None = None
    supporting: list[str] = field(default_factory=list)
    exact: bool = False              # the whole cell is an agency's name, short name or alias
    fuzzy: str = ""                  # the term a close spelling was matched to
    chose: dict[str, list[str]] = field(default_factory=dict)   # ambiguous term -> the candidates
    ambiguous: dict[str, list[str]] = field(default_factory=dict)  # unresolved term -> candidates
    leftover: str = ""               # the cell's words beyond the agency names (a role, a team)
    candidates: list[str] = field(default_factory=list)   # closest agencies, when nothing matched


class AgencyMatcher:
    def __init__(self, agencies: list[dict], context: str = ""):
        self.names = {a["id"]: a.get("name") or a["id"] for a in agencies if isinstance(a.get("id"), str)}
        self.terms: list[AgencyTerm] = []
        for a in agencies:
            if not isinstance(a.get("id"), str):
                continue
            for t in [a.get("name"), a.get("short_name"), *(a.get("aliases") or []), a["id"].replace("-", " ")]:
                if isinstance(t, str) and t.strip():
                    self.terms.append(AgencyTerm(t.strip(), a["id"]))
        self.by_norm: dict[str, set[str]] = {}
        self._originals: dict[str, list[str]] = {}
        self._normed: list[tuple[str, AgencyTerm]] = []
        for t in self.terms:
            key = norm(t.text)
            self.by_norm.setdefault(key, set()).add(t.agency)
            self._originals.setdefault(key, []).append(t.text)
            self._normed.append((key, t))
        self.context = norm(context)
        self._place_cache: dict[str, int] = {}
        self._patterns: list[tuple[re.Pattern[str], str, set[str], bool]] = []
        for key, ids in self.by_norm.items():
            originals = self._originals[key]
            if not key or not originals:
                continue
            if all(_is_acronym(o) for o in originals):
                # an acronym only in capitals, as a whole word: "scp" in a sentence is not SCP
                pattern = re.compile(r"(?<![A-Za-z0-9])" + r"\W*".join(re.escape(c) for c in originals[0]) +
                                     r"(?![A-Za-z0-9])")
                self._patterns.append((pattern, originals[0], ids, False))
            else:
                words = key.split(" ")
                pattern = re.compile(r"(?<![\w])" + r"[\W_]+".join(re.escape(w) for w in words) + r"(?![\w])",
                                     re.IGNORECASE)
                self._patterns.append((pattern, originals[0], ids, True))

    # -- settling a term that names two agencies ("SCC": Somerset or Southampton?) -------------
    def _place_score(self, agency: str) -> int:
        if agency not in self._place_cache:
            words = {w for w in agency.split("-") if w not in _GENERIC and len(w) > 2}
            self._place_cache[agency] = sum(len(re.findall(rf"\b{re.escape(w)}\b", self.context)) for w in words)
        return self._place_cache[agency]

    def _settle(self, term: str, ids: set[str], m: Match) -> str | None:
        if len(ids) == 1:
            return next(iter(ids))
        ranked = sorted(ids, key=lambda i: (-self._place_score(i), i))
        if self._place_score(ranked[0]) > self._place_score(ranked[1]):
            m.chose[term] = ranked
            return ranked[0]
        m.ambiguous[term] = ranked
        return None

    # -- finding terms inside a cell -------------------------------------------------------------
    def _occurrences(self, text: str) -> list[tuple[int, int, str, set[str]]]:
        hits: list[tuple[int, int, str, set[str]]] = []
        folded = text.replace("&", "and")   # the same length is kept where it matters: spans index text
        for pattern, term, ids, fold in self._patterns:
            for mm in pattern.finditer(folded if fold and len(folded) == len(text) else text):
                hits.append((mm.start(), mm.end(), term, ids))
        # longest first, then leftmost; drop hits inside a longer one
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        kept: list[tuple[int, int, str, set[str]]] = []
        for h in hits:
            if any(k[0] < h[1] and h[0] < k[1] for k in kept):
                continue
            kept.append(h)
        kept.sort(key=lambda h: h[0])
        return kept

    def match(self, cell: str) -> Match:
        m = Match()
        text = re.sub(r"\s+", " ", cell or "").strip()
        if not text:
            return m
        whole = norm(re.sub(r"^(?:the)\s+", "", text, flags=re.I))
        if whole in self.by_norm or norm(text) in self.by_norm:
            ids = self.by_norm.get(whole) or self.by_norm[norm(text)]
            m.lead = self._settle(text, ids, m)
            m.exact = m.lead is not None
            return m
        found: list[str] = []
        spans = []
        for start, end, term, ids in self._occurrences(text):
            agency = self._settle(term, ids, m)
            spans.append((start, end))
            if agency and agency not in found:
                found.append(agency)
        if found:
            m.lead, m.supporting = found[0], found[1:]
            rest = text
            for start, end in sorted(spans, reverse=True):
                rest = rest[:start] + " " + rest[end:]
            m.leftover = re.sub(r"\s+", " ", rest).strip(" ,;:-–—()&/")
            return m
        if m.ambiguous:
            return m
        best = self.closest(text, 1)
        if best:
            agency, score, term = best[0]
            if score >= 0.88:
                m.lead, m.fuzzy = agency, term
                return m
        m.candidates = [agency for agency, score, _term in self.closest(text, 3) if score >= 0.4]
        return m

    def closest(self, text: str, n: int) -> list[tuple[str, float, str]]:
        """The n agencies whose terms are most like ``text``: (id, similarity, term)."""
        key = norm(text)
        best: dict[str, tuple[float, str]] = {}
        matcher = difflib.SequenceMatcher(None, b=key)
        rough = []
        for term_key, t in self._normed:
            matcher.set_seq1(term_key)
            rough.append((matcher.quick_ratio(), term_key, t))
        rough.sort(key=lambda r: -r[0])
        for _q, term_key, t in rough[:20]:     # the full comparison is slow: only for the likeliest
            matcher.set_seq1(term_key)
            score = matcher.ratio()
            if score > best.get(t.agency, (0.0, ""))[0]:
                best[t.agency] = (score, t.text)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))
        return [(a, s, term) for a, (s, term) in ranked[:n]]
