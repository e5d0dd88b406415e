"""One run of the rules over one text: the token facts the rules share, and the findings."""

from __future__ import annotations

import re

from typing import Mapping
from ..patterns import Finding

from .cues import NAME_HINT, _greeted
from .views import _MONTHS, _in_a_date
from .lists import _ACRONYMS, _FUNCTION_WORDS, _INSTITUTION_SUFFIX, _KEEP_AS_NAMES, _NEVER_NAME, _ORDINARY, _PLACES, _TITLES, _TITLE_PREFIXES, _name_words, _plain_word, name_lists
from .rules_initials import _InitialsRules
from .rules_lists import _ListRules
from .rules_welsh import _WelshRules
from .rules_lower import _LowerRules
from .rules_people import _PersonRules
from .rules_programmes import _ProgrammeRules
from .rules_text import _TextRules
from .terms import _Declared, _EMAIL_RE, _Terms, _URL_RE, _term_regex
from .tokens import _ANY_WORD_RE, _ORDINARY_SUFFIXES, _Tok, _is_word_char, _joined, _tokenise

_LOWER_OPENING_RE = re.compile(r"(?:^|[.!?][ \t]+|\n[ \t]*)([a-z][a-z'\u2019-]+)")


class _Detector(_PersonRules, _ProgrammeRules, _TextRules, _LowerRules, _ListRules, _InitialsRules, _WelshRules):
    """One run of the rules over one text."""

    def __init__(self, text: str, terms: _Terms, declared: _Declared, learned: Mapping[str, str] | None = None,
                 declared_spans: list[tuple[int, int]] | None = None, known_initials: Mapping[str, str] | None = None):
        self.text = text
        self.known_initials = known_initials or {}   # initials of people named in the review -> the name
        self.learned = learned or {}     # words of names found in the review's earlier texts
        self.name_words: dict[str, str] = {}
        self.declared = declared.names
        self._declared_set = declared
        self.lists = name_lists()
        self.toks = _tokenise(text)
        self.masked: list[tuple[int, int]] = []
        self.declared_spans: list[tuple[int, int]] = []
        lowered = text.lower()
        same_length = len(lowered) == len(text)
        plain = lowered.replace("\u2019", "'")
        for _first, group in terms.groups_in(plain, same_length):
            for term, acronym, rx in group:
                if not same_length:
                    rx = _term_regex(term, False)
                if rx is not None:
                    where = lowered if same_length and not acronym else text
                    self.masked.extend(
                        (m.start(), m.end()) for m in rx.finditer(where)
                        if m.start() == 0 or not _is_word_char(where[m.start() - 1])
                    )
        if "://" in text or "www." in text:
            self.masked.extend((m.start(), m.end()) for m in _URL_RE.finditer(text))
        if "@" in text:
            self.masked.extend((m.start(), m.end()) for m in _EMAIL_RE.finditer(text))
        if declared_spans is not None:
            self.declared_spans = list(declared_spans)
        elif declared.names:
            self.declared_spans = declared.spans(text)
        self._mark_masked()
        # an e-mail address or a link ("helen.brookes@...") holds names in lower case: its words
        # must not make the same name, capitalised beside it, look like an ordinary word
        plain_text = text
        if "@" in text or "://" in text or "www." in text:
            plain_text = _EMAIL_RE.sub(" ", _URL_RE.sub(" ", text))
        words = _ANY_WORD_RE.findall(plain_text)
        self.doc_lower = set(filter(str.islower, words))
        self.all_lower = frozenset(self.doc_lower)      # every word typed in lower case
        # first names typed in lower case: "leah abramsky also asked" is a name, not two words
        self.lower_names = self.doc_lower & _name_words().first
        if "-" in text and any("-" in w for w in self.doc_lower):       # "ana-maria": every part a first name
            firsts = name_lists().popular_first
            self.lower_names |= {w for w in self.doc_lower if "-" in w and all(p in firsts for p in w.split("-"))}
        if self.lower_names:
            self.doc_lower -= self.lower_names
            after = re.finditer(r"\b(?:" + "|".join(sorted(self.lower_names)) + r")[ \u00a0]+([a-z][a-z\u2010-]+)", text)
            self.doc_lower -= {m.group(1) for m in after if not _plain_word(m.group(1))}
            self.doc_lower -= {w for w in self.doc_lower & _name_words().last if w[:1].upper() + w[1:] in text}
        # a given name in no popular list typed both ways ("DS Oksana Kovalenko ... rhodri & oksana"):
        # the lower-case one is the name typed carelessly, not a word that makes the other one ordinary
        both = {w for w in self.doc_lower & self.lists.recorded_first if w[:1].upper() + w[1:] in text
                and not _plain_word(w)}
        if both:
            self.doc_lower -= both
            self.lower_names |= both
        # a word in lower case only where a sentence starts was typed by someone not using capitals
        # ("... induction. chinonso also took it"): it does not make the capitalised one a word
        opening = {m.group(1) for m in _LOWER_OPENING_RE.finditer(plain_text)} & self.doc_lower
        for w in opening:
            if len(re.findall(r"(?<![\w'\u2019-])" + re.escape(w) + r"(?![\w'\u2019-])", plain_text)) == \
                    len(re.findall(r"(?:^|[.!?][ \t]+|\n[ \t]*)" + re.escape(w) + r"(?![\w'\u2019-])", plain_text)):
                self.doc_lower.discard(w)
        self.doc_upper = frozenset()
        self.findings: list[tuple[int, int, str, str, str]] = []  # start, end, rule, severity, message
        self.covered: set[int] = set()  # token indexes inside a finding
        self.error_covered: set[int] = set()  # token indexes inside an error
        self._plurals: set[str] | None = None

    # ------------------------------------------------------------------ token facts

    def _mark_masked(self) -> None:
        spans = sorted(self.masked + self.declared_spans)
        declared = sorted(self.declared_spans)
        if not spans:
            return
        j = 0
        d = 0
        for tok in self.toks:
            while j < len(spans) and spans[j][1] <= tok.start:
                j += 1
            k = j
            while k < len(spans) and spans[k][0] < tok.end:
                if spans[k][1] > tok.start:
                    tok.masked = True
                    break
                k += 1
            while d < len(declared) and declared[d][1] <= tok.start:
                d += 1
            if d < len(declared) and declared[d][0] < tok.end and declared[d][1] > tok.start:
                tok.declared = True

    def is_place(self, tok: _Tok) -> bool:
        if tok.low not in _PLACES:
            return False
        rank = self.lists.last.get(tok.low)
        return rank is None or rank > 3000

    def first_tier(self, tok: _Tok) -> int:
        """2: a popular first name; 1: a first name somewhere in the world; 0: not one."""
        if tok.tier < 0:
            tok.tier = self._first_tier(tok)
        return tok.tier

    def _first_tier(self, tok: _Tok) -> int:
        if tok.shape not in ("title", "upper") or tok.masked or tok.low in _PLACES or tok.base in _TITLES:
            return 0
        if tok.low in _FUNCTION_WORDS:
            return 0
        if tok.low in self.lists.popular_first:
            return 2
        best = 0
        for part in (re.split(r"[-\u2010]", tok.low) if "-" in tok.low or "\u2010" in tok.low else (tok.low,)):
            if part in self.lists.popular_first:
                best = 2
            elif part in self.lists.world_first and best == 0:
                best = 1
            if best == 2:
                break
        return best

    def is_last(self, tok: _Tok) -> bool:
        parts = [p for p in re.split(r"[-\u2010]", tok.low) if p]
        return bool(parts) and all(p in self.lists.last or p in self.lists.popular_first for p in parts)

    def ordinary(self, tok: _Tok) -> bool:
        """An ordinary word, in our lists, in lower case elsewhere in this text, or by its ending."""
        low = tok.low
        if low in _KEEP_AS_NAMES:
            return False
        if low in _ORDINARY or low in _NEVER_NAME or low in self.doc_lower:
            return True
        doc = self.doc_lower
        if len(low) > 3 and (low + "s" in doc or low + "ed" in doc or low + "ing" in doc or (low.endswith("e") and (low + "d" in doc or low[:-1] + "ing" in doc))):
            return True
        if "-" in low:
            parts = low.split("-")
            if all(p in _ORDINARY or p in self.doc_lower for p in parts):
                return True
        if low in self.lists.last or low in self.lists.popular_first or low in self.lists.world_first:
            return False
        if "-" in low:      # "Fashola-Reed" ends in "-ed" only by its second surname
            return all(p in _ORDINARY or (len(p) > 4 and p.endswith(_ORDINARY_SUFFIXES)) for p in low.split("-") if p)
        return len(low) > 4 and low.endswith(_ORDINARY_SUFFIXES)

    def _ordinary_by_ending_only(self, tok: _Tok) -> bool:
        """Thought ordinary only for its ending ("Sioned": -ed), not for being a known word."""
        low = tok.low
        return not (low in _ORDINARY or low in _NEVER_NAME or low in self.doc_lower) and "-" not in low \
            and not any(low + e in self.doc_lower for e in ("s", "ed", "ing"))

    def ambiguous_first(self, tok: _Tok) -> bool:
        if tok.low in _KEEP_AS_NAMES:
            return False
        return self.ordinary(tok) or tok.low in _INSTITUTION_SUFFIX

    def never_name(self, tok: _Tok) -> bool:
        return tok.masked or tok.low in _NEVER_NAME or self.is_place(tok) or tok.base in _TITLES

    def surname_score(self, tok: _Tok) -> int:
        """2: a surname; 1: could be one (a surname that is also a word, or an unknown word); 0: not."""
        if tok.shape == "upper":
            if tok.base in _ACRONYMS or len(tok.base) < 3 or self.never_name(tok):
                return 0
            return 2 if (self.is_last(tok) and not self.ordinary(tok)) else 0
        if tok.shape != "title" or self.never_name(tok):
            return 0
        ordinary = self.ordinary(tok)
        if self.is_last(tok):
            return 1 if ordinary else 2
        if ordinary:
            return 0
        return 1

    def is_suffix(self, tok: _Tok) -> bool:
        return tok.shape in ("title", "upper") and tok.low in _INSTITUTION_SUFFIX

    def soft_suffix(self, tok: _Tok) -> bool:
        """An institution word that is also a common surname (Ward, Hall, Lane, Park)."""
        rank = self.lists.last.get(tok.low)
        return self.is_suffix(tok) and rank is not None and rank <= 5000

    def joined(self, i: int) -> bool:
        return i + 1 < len(self.toks) and _joined(self.text, self.toks[i], self.toks[i + 1])

    # ------------------------------------------------------------------ findings

    def add(self, i: int, j: int, rule: str, severity: str, message: str | None = None) -> None:
        """A finding over tokens i..j (inclusive)."""
        start, end = self.toks[i].start, self.toks[j].end
        if self.toks[j].poss and self.text[self.toks[j].end - 2 : self.toks[j].end].lower() in ("'s", "\u2019s"):
            end -= 2  # report "Karen", not "Karen's"
        found = self.text[start:end]
        if message is None:
            if severity == "error":
                message = f"looks like a person's name: '{found}'"
            else:
                message = f"may be a person's name: '{found}'"
        self.findings.append((start, end, rule, severity, message))
        self.covered.update(range(i, j + 1))
        if severity == "error":
            self.error_covered.update(range(i, j + 1))

    def run(self) -> list[Finding]:
        self.rule_runs()
        self.rule_split()
        self.rule_initials()
        self.rule_spaced_initials()
        self.rule_capitals()
        self.rule_capitals_word()
        self.rule_mixed_initials()
        self.rule_lower_case()
        self.rule_lower_labels()
        self.rule_mentions()
        self.rule_labels()
        self.rule_next_to_declared()
        self.rule_nickname()
        self.rule_mail_header()
        self.rule_chat_author()
        self.rule_listed_with_names()
        self.rule_repeat()
        self.rule_repeat_lower()
        self.rule_welsh_mutated()
        self.rule_dated_authors()
        self.rule_sign_off()
        self.rule_name_partner()
        self.rule_known_initials()
        self.rule_login_names()
        self.rule_short_forms()
        return self.result()

    # "DS Smith", "Karen Marsh", "K. Marsh", "Nkechi Okafor"
    def rule_runs(self) -> None:
        toks = self.toks
        # the rules that can start at a token of each shape, strongest first (each one checks the
        # rest); a function word ("The", "In") starts no name
        by_shape = _RULES_BY_SHAPE
        i = 0
        n = len(toks)
        while i < n:
            tok = toks[i]
            rules = by_shape.get(tok.shape)
            if rules is None or tok.masked or (tok.shape == "title" and tok.low in _FUNCTION_WORDS and not tok.poss) \
                    or (tok.low in _MONTHS and (_in_a_date(self.text, tok.start, tok.end)
                                                or self.text[max(0, tok.start - 4):tok.start].lower() == "mis ")):
                i += 1
                continue    # a function word ("The", "In") starts no name; a month in a date ("Mai 2023", "mis Mai") is none
            if tok.shape == "title" and self._only_a_word(tok):
                i += 1
                continue    # a word in the word lists and in no list of names starts none
            nxt = None
            for rule in rules:
                nxt = rule(self, i)
                if nxt is not None:
                    break
            i = nxt if nxt is not None else i + 1

    def _only_a_word(self, tok: _Tok) -> bool:
        """A listed ordinary word that no list of names, titles or surnames has, and that nobody
        greets: every rule that can start at a title-case token turns it down (they test the
        same lists first), so they need not be asked."""
        low = tok.low
        return (not tok.poss and low in _ORDINARY and low not in _KEEP_AS_NAMES
                and low not in self.lists.last and low not in self.lists.recorded_first
                and self.first_tier(tok) == 0 and tok.base not in _TITLES and tok.base not in _TITLE_PREFIXES
                and not _greeted(self.text, tok.start, tok.end))

    def _collect(self, i: int, limit: int = 3, allow_initials: bool = True) -> list[int]:
        """Name-like tokens after token i (joined to it), up to ``limit``."""
        out: list[int] = []
        k = i
        while len(out) < limit and self.joined(k):
            nxt = self.toks[k + 1]
            if nxt.shape == "initial" and allow_initials and nxt.base not in ("A", "I") and self.joined(k + 1):
                out.append(k + 1)
                k += 1
                continue
            if self.surname_score(nxt) == 0:
                break
            if out and self.is_suffix(nxt):
                break
            out.append(k + 1)
            k += 1
            if nxt.poss:
                break
        while out and self.toks[out[-1]].shape == "initial":
            out.pop()
        return out

    def _institution_after(self, j: int) -> bool:
        """The name ending at token j is part of an institution's name ("... Unit")."""
        if self.toks[j].poss:
            k = j + 1
            if k < len(self.toks) and self.toks[k].start - self.toks[j].end <= 2 and self.is_suffix(self.toks[k]):
                return True
            return False
        return self.joined(j) and self.is_suffix(self.toks[j + 1])


    def result(self) -> list[Finding]:
        rank = {"error": 0, "warning": 1}
        found = set(self.findings)
        if self.declared_spans:     # a declared name is replaced: nothing inside one is left to decide
            found = {f for f in found if not any(a <= f[0] and f[1] <= b for a, b in self.declared_spans)}
        items = sorted(found, key=lambda f: (f[0], -(f[1] - f[0]), rank[f[3]], f[2]))
        kept: list[tuple[int, int, str, str, str]] = []
        reach = -1  # the furthest end of a finding kept so far (they are sorted by start)
        for f in items:
            if f[1] <= reach and not (f[3] == "error" and any(k[3] != "error" and k[0] <= f[0] and f[1] <= k[1] for k in kept[-3:])):
                continue  # inside a finding already kept, which starts no later and is as severe
            kept.append(f)
            reach = f[1]
        out = [Finding(s, e, rule, self.text[s:e], sev, msg, NAME_HINT) for s, e, rule, sev, msg in kept]
        out.sort(key=lambda f: (f.start, f.end, f.rule))
        return out


# the rules that can start at a token of each shape, strongest first (each one checks the rest)
_RULES_BY_SHAPE = {
    "title": (_Detector.rule_title, _Detector.rule_first, _Detector.rule_unknown, _Detector.rule_unknown_initial,
              _Detector.rule_programme, _Detector.rule_possessive, _Detector.rule_acts, _Detector.rule_contact,
              _Detector.rule_acts_unknown),
    "initial": (_Detector.rule_initial,),
    "upper": (_Detector.rule_title, _Detector.rule_first, _Detector.rule_capitals_name),
}
