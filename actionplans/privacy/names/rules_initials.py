"""Initials of a person named in the same review: "Oksana Hrytsenko (Lead Nurse)" then "MG
emailed OH", "Graham Holliday" then "chased by gh", "Dr Pádraig Ó Súilleabháin (PÓS)".

Plans name someone once in full and use their initials from then on. On their own such
initials are often also a common acronym ("OH", occupational health; "DA", domestic abuse) that
the detector must leave alone; beside a person with exactly those initials they are the person.
A term the site itself lists (its glossary, its agencies, its allowed words) is left alone even
then: the officer has said what it stands for.
"""

from __future__ import annotations

import itertools
import re

from ...core.fold import fold
from .cues import _INITIALS_ACTS_RE, _INITIALS_VERB_RE, _greeted, _person_before
from .lists import _ACRONYMS, _FUNCTION_WORDS, _LABEL_WORDS, _TITLES, _plain_word
from .tokens import _word_before

_PART_RE = re.compile(r"[^\W\d_][\w'\u2019]*")
_LOWER_RE = re.compile(r"(?<![\w@./'\u2019-])([a-z]{2,4})(?![\w@/'\u2019-])")
# Who wrote each dated entry, in a column: "CB 09/10/23 – audit ...", "29/01/24 HQ – pilot ..."
_DATE = (r"(?:\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?|"       # 09/10/23, 4.12; or a month and year: Jan-24, Mar 2024
         r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*[-/ ]\d{2}(?:\d{2})?)")
_AUTHOR_COLUMN_RE = re.compile(
    r"(?m)^[ \t\u2022*>-]*(?:(?P<a>[A-Z][A-Za-z'\u2019]{1,4})[ \t]+" + _DATE + r"|" + _DATE
    + r"[ \t]+(?P<b>[A-Z][A-Za-z'\u2019]{1,4}))[ \t]*[:\u2013\u2014-]")
# A message signed with one letter at its end: "... before the Board? D", "Otherwise good. Y"
# (not the letters of a rating, R, A, G, nor of an answer, Y or N, after a question)
_SIGN_OFF_RE = re.compile(r"([.!?])[ \u00a0]([B-FH-MO-QS-Z])\.?[ \t]*(?=\r?\n|\Z)")
_ENDS_CELL_RE = re.compile(r"[ \t]*(?:$|\r?\n|\t|[)\]/&;:\u2013\u2014]|-[ \t])")
_WILL_DO_RE = re.compile(r"[ \t]+(?:(?:will|would|can|could|should|has|had|is|was|needs?)[ \t]+(?:to[ \t]+)?[a-z]{3,}|"
                         r"on[ \t]+leave|off[ \t]+sick|covering|chairing|leading)\b")
_PERSON_OBJECT_BEFORE = frozenset("emailed e-mailed email e-mail cc cc'd chased asked told thanks thank contacted "
                                  "phoned rang called with by from per".split())
_PREFIXES = ("mc", "mac")
_MAX_LETTERS = 4


def _part_forms(part: str) -> list[str]:
    """The ways one word of a name is written in initials: "Holliday" H; "McGrath" M or MCG;
    "O'Sullivan" O or O'S; "Mensah-Bonsu" M or MB."""
    head = part[0].upper()
    forms = [head]
    low = part.lower()
    for prefix in _PREFIXES:
        if low.startswith(prefix) and len(part) > len(prefix) and part[len(prefix)].isupper():
            forms.append(prefix.upper() + part[len(prefix)].upper())
    if len(part) > 2 and part[1] in "'\u2019" and part[2].isalpha():
        forms.append(head + "'" + part[2].upper())
    if "-" in part:
        pieces = [p for p in part.split("-") if p]
        if len(pieces) > 1:
            forms.append("".join(p[0].upper() for p in pieces))
    return forms


def initials_of(name: str) -> set[str]:
    """Every way the name's initials are written (upper case, letters folded), of two to four
    letters: "Dr Adaeze Nwachukwu" {AN}; "Nguyen Thi Thuy" {NTT, NT}; "Gemma P" {GP}."""
    parts = [p for p in _PART_RE.findall(name) if p not in _TITLES and p.lower() not in _LABEL_WORDS]
    parts = [p.rstrip("'\u2019") for p in parts if p[:1].isupper()]
    if len(parts) < 2 or len(parts) > 4:
        return set()
    choices = [parts] if len(parts) == 2 else [parts, [parts[0], parts[-1]]]
    out: set[str] = set()
    for chosen in choices:
        for combo in itertools.product(*(_part_forms(p) for p in chosen)):
            word = fold("".join(combo)).upper()
            letters = sum(c.isalpha() for c in word)
            if 2 <= letters <= _MAX_LETTERS:
                out.add(word)
    return out


class _InitialsRules:
    """Mixed into the detector: uses its tokens, findings and the initials known in the review."""

    def names_found_here(self) -> list[str]:
        """The texts of this run's findings that name a person in two or more words."""
        return [self.text[s:e] for s, e, rule, _sev, _msg in self.findings
                if rule.startswith("name:") and len(_PART_RE.findall(self.text[s:e])) >= 2]

    def rule_known_initials(self) -> None:
        known = dict(self.known_initials)
        for name in self.names_found_here():
            for ini in initials_of(name):
                known.setdefault(ini, name)
        if not known:
            return
        text = self.text
        for k, tok in enumerate(self.toks):
            if tok.shape != "upper" or tok.masked or tok.declared or k in self.error_covered:
                continue
            word = fold(tok.base).upper()
            if word not in known or self._in_capitals(k):
                continue
            if tok.base in _ACRONYMS and not self._where_a_person_stands(k):
                continue    # "a DA incident", "asked about DA": the acronym, beside "Deniz Arslan"
            self.add(k, k, "name:initials", "error",
                     f"'{tok.base}' are the initials of '{known[word]}', named in this review")
        for m in _LOWER_RE.finditer(text):
            word = m.group(1)
            if word.upper() not in known or word in _FUNCTION_WORDS or _plain_word(word):
                continue
            self._add_where_free(m.start(), m.end(), "name:initials",
                                 f"'{word}' are the initials of '{known[word.upper()]}', typed in lower case")

    def rule_login_names(self) -> None:
        """The first letter and the surname of somebody named in the review typed as one word in
        lower case, as a log-in or an address without its domain: "Joe Bramley ... jbramley to
        escalate". Only of the review's names: "browser" is no "b" and "Rowser"."""
        if not any(c.islower() for c in self.text):
            return
        logins = {}
        for name in (*self.known_initials.values(), *self.names_found_here()):
            parts = [p for p in _PART_RE.findall(name) if p not in _TITLES]
            if len(parts) >= 2 and len(parts[-1]) > 2:
                login = fold(parts[0][0] + parts[-1]).lower().replace("'", "").replace("\u2019", "")
                logins.setdefault(login, name)
        if not logins:
            return
        # only the log-ins of these names can match: one search for them all
        for m in re.finditer(r"(?<![\w@./'\u2019-])(?:" + "|".join(map(re.escape, sorted(logins))) + r")(?![\w@/'\u2019-])",
                             self.text):
            word = m.group(0)
            self._add_where_free(m.start(), m.end(), "name:lower-case",
                                 f"'{word}' looks like the log-in name of '{logins[word]}', named in this review")

    def rule_short_forms(self) -> None:
        """The short form of a given name named in the text, where people are thanked, greeted or
        written to: "Oyelaran, Funmilayo ... thanks funmi", "Olumide Fashola ... thanks Olu"."""
        given = {fold(p).lower() for name in self.names_found_here()
                 for p in _PART_RE.findall(name) if len(p) > 4 and not p.isupper()}
        given |= {fold(w).lower() for w in self.learned if len(w) > 4 and not w.isupper()}
        if not given:
            return
        starts = sorted({g[:3] for g in given})      # a short form starts as its name does
        for m in re.finditer(r"(?i)(?<![\w'\u2019-])(?:" + "|".join(map(re.escape, starts)) + r")[a-z]{0,4}(?![\w'\u2019-])",
                             self.text):
            low = m.group(0).lower()
            if low in given or _plain_word(low) or low in _FUNCTION_WORDS or not any(g.startswith(low) for g in given):
                continue
            if _person_before(self.text, m.start()) or _greeted(self.text, m.start(), m.end()):
                self._add_where_free(m.start(), m.end(), "name:first-name",
                                     f"'{m.group(0)}' looks like the short form of a name in this text")

    def _add_where_free(self, start: int, end: int, rule: str, message: str) -> None:
        """An error over text[start:end] (a word in lower case, which has no token), unless a
        known term or another finding already covers it."""
        if any(s < end and start < e for s, e in self.masked) or any(s < end and start < e for s, e, *_ in self.findings):
            return
        self.findings.append((start, end, rule, "error", message))

    def rule_dated_authors(self) -> None:
        """Initials in the column of a tracker where each dated entry starts with who wrote it:
        once one entry's letters are somebody's, a role's or a common acronym's letters in the
        same place are somebody's too ("CB 09/10/23 – ...", "SW 12/12/23 – ...")."""
        if "\n" not in self.text:
            return
        at = {tok.start: k for k, tok in enumerate(self.toks)}
        column = [at[m.start(g)] for m in _AUTHOR_COLUMN_RE.finditer(self.text) for g in ("a", "b")
                  if m.group(g) and m.start(g) in at]
        if len(column) < 2 or not any(k in self.error_covered for k in column):
            return
        for k in column:
            tok = self.toks[k]
            if k in self.covered or tok.masked or tok.declared or tok.base in _TITLES \
                    or tok.shape not in ("upper", "mixed") or len(tok.base) > 4:
                continue
            self.add(k, k, "name:initials", "error",
                     f"looks like initials used as a person's name: '{tok.base}' (each dated entry here starts "
                     "with who wrote it)")

    def rule_sign_off(self) -> None:
        """One capital signing a message off, after the end of its last sentence ("Otherwise good.
        Y"); after a question only if it is no answer (Y, N)."""
        at = None
        for m in _SIGN_OFF_RE.finditer(self.text):
            if m.group(1) == "?" and m.group(2) == "Y":
                continue
            if at is None:
                at = {tok.start: k for k, tok in enumerate(self.toks)}
            k = at.get(m.start(2))
            if k is None or k in self.covered or self.toks[k].masked or self.toks[k].declared:
                continue
            self.add(k, k, "name:initials", "error",
                     f"looks like the initial of whoever wrote this: '{m.group(2)}'")

    def _where_a_person_stands(self, k: int) -> bool:
        """Token k acts ("OH confirmed", "GP to chase"), is written to ("emailed OH"), or ends a
        cell, a bracket or a line, or is joined to others ("JT/OH"), as initials are."""
        tok, text = self.toks[k], self.text
        after = text[tok.end:tok.end + 40]
        if _INITIALS_VERB_RE.match(after) or _INITIALS_ACTS_RE.match(after) or _ENDS_CELL_RE.match(after) \
                or _WILL_DO_RE.match(after):
            return True
        return _word_before(text, tok.start).lower() in _PERSON_OBJECT_BEFORE

    def _in_capitals(self, k: int) -> bool:
        """A word of a heading in capitals ("RISK AND DA"): not initials, whatever they spell."""
        toks, tok = self.toks, self.toks[k]
        for t in (toks[j] for j in (k - 1, k + 1) if 0 <= j < len(toks)):
            gap = t.start - tok.end if t.start > tok.start else tok.start - t.end
            if 0 <= gap < 3 and t.shape == "upper" and len(t.base) > 3:
                return True
        return False
