"""Detector rules over the whole text: table cells, initials and capitals, spaced letters, labels, what stands beside a declared name, repeats."""

from __future__ import annotations

import bisect
import re

from .cues import _ROLE_BEFORE_RE, _ACRONYM_NOUN_SET, _ARTICLE_SET, _INITIALS_ACTS_RE, _INITIALS_BEFORE_RE, _INITIALS_DASH_RE, _INITIALS_VERB_RE, _INITIALS_WEAK_VERB_RE, _MIXED_INITIALS_RE, _NAME_CELL_RE, _NEXT_WORD_RE, _PARTICLE_GAP_RE, _SPACED_GAP_RE
from .lists import _ACRONYMS, _FUNCTION_WORDS, _LABEL_WORDS, _NEVER_NAME, _ORDINARY, _ROLES, _TITLES
from .tokens import _JOIN_RE, _WORD_RE, _word_before
from .views import _MONTHS, _in_a_date

# A status, then who signed it off in brackets: "COMPLETE (SW)", "Closed (GP)"
_SIGNED_OFF_AFTER = frozenset("complete completed done closed achieved agreed approved green amber red ongoing "
                              "superseded signed noted actioned".split())
_BEFORE_INITIALS = frozenset("by to with from for cc via".split())
# what may stand between "(" and spaced initials in a bracket of initials: others, joined
_INITIALS_BRACKET_RE = re.compile(r"(?:[A-Z]\.?[ \u00a0]*)*(?:[/&,][ \u00a0]*(?:[A-Z]\.?[ \u00a0]*)*)+")


# A dated update or milestone, then who wrote it in brackets: "Update May 2023 (MP)", "12/03/23 (FA)"
_DATED_BEFORE_RE = re.compile(
    r"(?:\b\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    r"[ \t]+\d{2,4}|\bupdated?)$", re.IGNORECASE)


# a job in brackets after two letters: "NB (Lead Nurse)", "HR (Named Nurse, Adults)"
_ROLE_IN_BRACKET_AFTER_RE = re.compile(r"[ \u00a0]*\((?:[A-Z][a-z]+[ \u00a0]){0,3}(?:Nurse|Lead|Manager|Officer|Midwife|"
                                       r"Co-?ordinator|Director|Practitioner|Worker|Advocate|Educator|Chair)\b[^()\n]{0,30}\)")
# who did it, before spaced initials closing a bracket: "(notes: N D)", "(seconded A H)", "(held by M de V)"
_BEFORE_SPACED_IN_BRACKET_RE = re.compile(r"(?:[a-z]:|\b(?:by|seconded|proposed|from|with|to|cc|lead|owner))[ \u00a0]+$",
                                          re.IGNORECASE)


class _TextRules:
    """Rules the detector runs over the whole text (mixed into _Detector)."""

    # "Michael<TAB>Children's Service\nHammond<TAB>Manager": a name split across table lines
    def rule_split(self) -> None:
        text = self.text
        if "\t" not in text:
            return
        tok_at = {t.start: idx for idx, t in enumerate(self.toks)}
        for m in _NAME_CELL_RE.finditer(text):
            a_text = m.group("cell").rstrip(" \u00a0")
            a_off = m.start("cell")
            if re.search(r"[^\w\s.'\u2019\-\u2010]", a_text):
                continue
            a_toks = [tok_at.get(a_off + w.start()) for w in _WORD_RE.finditer(a_text)]
            if not a_toks or None in a_toks or len(a_toks) > 3:
                continue
            first = self.toks[a_toks[-1]]
            tier = self.first_tier(first)
            # a word in no list at all may still be a first name, if a real surname follows it
            unknown = tier == 0 and not (self.ordinary(first) or self.never_name(first) or self.is_suffix(first)
                                         or first.low in self.lists.last)
            if (tier == 0 and not unknown) or first.shape != "title" or first.masked:
                continue
            if any(t.base not in _TITLES and self.first_tier(t) == 0 for t in (self.toks[k] for k in a_toks[:-1])):
                continue
            # the cell in the same column on the next line
            line_start = text.rfind("\n", 0, a_off) + 1  # a cell that matched is on a short line
            col = text.count("\t", line_start, a_off)
            next_start = text.find("\n", a_off)
            if next_start < 0:
                continue
            next_start += 1
            next_end = text.find("\n", next_start)
            if next_end < 0:
                next_end = len(text)
            if "\t" not in text[line_start:next_end]:
                continue
            cells = self._cells(text[next_start:next_end], next_start)
            if col >= len(cells):
                continue
            b_text, b_off = cells[col]
            if re.search(r"[^\w\s'\u2019\-\u2010]", b_text):
                continue
            b_toks = [tok_at.get(b_off + w.start()) for w in _WORD_RE.finditer(b_text)]
            if len(b_toks) != 1 or None in b_toks:
                continue
            sur = self.toks[b_toks[0]]
            score = self.surname_score(sur)
            if score == 0 or self.is_suffix(sur):
                continue
            if self.ambiguous_first(first) and not (score == 2 or self.is_last(sur)):
                continue
            if (tier == 1 or unknown) and score < 2:
                continue
            whole = f"{text[self.toks[a_toks[0]].start:first.end]} \u2026 {sur.text}"
            message = f"looks like a person's name split across table lines: '{whole}'"
            self.add(a_toks[0], a_toks[-1], "name:split", "error", message)
            self.add(b_toks[0], b_toks[0], "name:split", "error", message)

    @staticmethod
    def _cells(line: str, offset: int) -> list[tuple[str, int]]:
        cells = []
        pos = 0
        for part in line.split("\t"):
            stripped = part.strip()
            lead = len(part) - len(part.lstrip())
            cells.append((stripped, offset + pos + lead))
            pos += len(part) + 1
        return cells

    # "JT – staff do attend", "RB to discuss", "as agreed with KM"
    def rule_initials(self) -> None:
        text = self.text
        toks = self.toks
        evidence: dict[str, bool] = {}
        flagged: list[int] = []
        for idx, tok in enumerate(toks):
            base = tok.base
            if tok.shape != "upper" or not (2 <= len(base) <= 3) or tok.masked or tok.declared:
                continue
            if base in _TITLES or base in _ROLES:
                continue    # "GP to review": ranks and roles act, as people do
            # A common acronym or a word in capitals is initials only when a person's verb follows
            # at the start of a clause: "AM confirms", "HER to chase".
            weak = base in _ACRONYMS or base.lower() in _ORDINARY
            if base in _ACRONYMS and len(base) > 2 and base.lower() not in _ORDINARY:
                continue    # "CCG to draft": organisations act too; initials are mostly two letters
            if base in ("NB", "PS", "PPS") and re.match(r"[ \t]*[.:,\u2013\u2014-]", text[tok.end : tok.end + 3]):
                continue  # nota bene, postscript
            if base not in evidence:
                evidence[base] = self._acronym_evidence(base)
            if evidence[base]:
                continue
            if text[tok.end : tok.end + 1] in ("&", "+") or text[max(0, tok.start - 1) : tok.start] in ("&", "+"):
                continue  # "NH&P", "A&E": part of a longer acronym
            after = text[tok.end : tok.end + 60]
            window = max(0, tok.start - 80)
            line_start = max(text.rfind("\n", window, tok.start), text.rfind("\t", window, tok.start)) + 1
            before = text[max(line_start, window) : tok.start]
            at_start = not before.strip(" \u00a0\"'(\u2022*-") or bool(re.search(r"[.!?;:(]\s*$|\d{1,2}[./]\d{1,2}[./]\d{2,4}[ \t]*[:\u2013\u2014-]?[ \t]*$", before))
            severity = None
            if weak:
                article = _word_before(text, tok.start).lower() in _ARTICLE_SET
                clause = at_start or bool(re.search(r"[\u2013\u2014-][ \t]*$", before))
                if clause and not article and (_INITIALS_VERB_RE.match(after) or _INITIALS_ACTS_RE.match(after)):
                    self.add(idx, idx, "name:initials", "error", f"looks like initials used as a person's name: '{base}'")
                    flagged.append(idx)
                continue
            if _INITIALS_DASH_RE.match(after) and at_start:
                if self._defines_acronym(base, after):
                    continue
                severity = "error"
            elif re.search(r"[\u2013\u2014-][ \t]*$", before) and re.match(r"[ \t]*(?:$|\r?\n|[.)\]]|\t)", after):
                severity = "error"  # "... staff attend training – JT"
            elif _INITIALS_VERB_RE.match(after):
                severity = "error"
            elif _INITIALS_BEFORE_RE.search(text[max(0, tok.start - 40) : tok.start]):
                severity = "error"
            elif re.search(r"\b[a-z]{3,}ed[ \t]+by[ \t]+$", text[max(0, tok.start - 30) : tok.start], re.IGNORECASE):
                severity = "warning"  # "circulated by LW"
            elif _INITIALS_WEAK_VERB_RE.match(after) and at_start:
                severity = "warning"
            if severity:
                self.add(idx, idx, "name:initials", severity, f"looks like initials used as a person's name: '{base}'")
                flagged.append(idx)
        # "JT/RB", "JT and KM": the partner of a flagged pair of initials
        for idx in flagged:
            self._partners(idx)

    # "A B to follow up", "J. T. agreed": single capitals in a row
    def rule_spaced_initials(self) -> None:
        toks, text = self.toks, self.text
        i = 0
        while i < len(toks) - 1:
            tok = toks[i]
            if tok.shape != "initial" or tok.masked or tok.declared or i in self.covered:
                i += 1
                continue
            k = i
            while (k + 1 < len(toks) and toks[k + 1].shape == "initial" and not toks[k + 1].masked
                   and not toks[k + 1].declared and (_SPACED_GAP_RE.fullmatch(text, toks[k].end, toks[k + 1].start)
                                                     or _PARTICLE_GAP_RE.fullmatch(text, toks[k].end, toks[k + 1].start))):
                k += 1
            if k == i:
                i += 1
                continue
            letters = [t.base for t in toks[i:k + 1]]
            before = _word_before(text, tok.start).lower()
            # "Options A and B", but "MJ and A M to review": two letters after "and" are somebody
            label = before in _LABEL_WORDS and not (before in ("and", "or") and k > i)
            # "I M" is "I" and a word after most words, never after a preposition: "audit by I M"
            article = letters[0] == "I" and not tok.dot and before not in _BEFORE_INITIALS
            if not label and not article and not self._letter_list(i, k):
                self.add(i, k, "name:initials", "error",
                         f"looks like initials used as a person's name: '{text[tok.start:toks[k].end]}'")
            i = k + 1

    def _letter_list(self, i: int, k: int) -> bool:
        """'A, B and C' or '(a) (b)': options or list labels, not somebody's initials."""
        text = self.text
        opening = text.rfind("(", 0, self.toks[i].start)
        if opening >= 0 and _INITIALS_BRACKET_RE.fullmatch(text, opening + 1, self.toks[i].start):
            return False    # "(P Z / R S)": a bracket of initials
        return any(text[t.start - 1:t.start] == "(" and text[t.end:t.end + 1] == ")" for t in self.toks[i:k + 1]) \
            or (text[self.toks[k].end:self.toks[k].end + 1] == ")" and "(" not in text[max(0, self.toks[i].start - 2):self.toks[i].start]
                and not _BEFORE_SPACED_IN_BRACKET_RE.search(text, max(0, self.toks[i].start - 16), self.toks[i].start))

    # Every token of two to four capitals is accounted for: a glossary term, an agency's
    # short name or alias, allowed, a rank, role, qualification or common acronym (data
    # files), a word of a heading written in capitals, or a declared person. Anything else may
    # be somebody's initials, and is reported.
    def rule_capitals(self) -> None:
        toks = self.toks
        for idx, tok in enumerate(toks):
            base = tok.base
            if tok.shape != "upper" or not (2 <= len(base) <= 4) or tok.masked or tok.declared or idx in self.covered:
                continue
            # alone in brackets, two capitals are somebody's initials or an acronym, never a word
            # ("(FA)", "(DR)"); after a rank or a job, even a known acronym is a person's ("Sgt (KW)")
            alone = len(base) == 2 and self.text[tok.start - 1:tok.start] == "(" and self.text[tok.end:tok.end + 1] == ")"
            if alone and (base in _ACRONYMS or base in _TITLES) and not self._after_a_role(tok):
                continue
            if not alone and (base in _ACRONYMS or base in _TITLES) and not (
                    len(base) == 2 and base not in _ROLES and base not in _TITLES
                    and _ROLE_IN_BRACKET_AFTER_RE.match(self.text, tok.end)):
                continue    # but "NB (Lead Nurse)": two letters and the job of whoever they are
            low = base.lower()
            if not alone and (low in _FUNCTION_WORDS or ((low in _ORDINARY or low in _NEVER_NAME) and (
                    low not in self.lists.popular_first or self._in_capitals_heading(idx)))):
                continue    # a word, written in capitals: "NOT", "PLAN", "DATE"
            if base[-1] == "S" and base[:-1] in _ACRONYMS:
                continue    # "KPIS"
            self._partners(idx)
            self.add(idx, idx, "name:capitals", "error",
                     f"capitals that may be somebody's initials (no glossary term, agency or allowed word explains "
                     f"them): '{base}'")

    def _after_a_role(self, tok) -> bool:
        """A rank, a title or a job ends just before the bracket: "DAST Sgt (KW)", "Named Nurse (MP)"."""
        before = self.text[max(0, tok.start - 41):tok.start - 1].rstrip(" \u00a0")
        words = before.split()
        if not words:
            return False
        last = words[-1].strip(",;:")
        return last in _TITLES or last in _ROLES or bool(_ROLE_BEFORE_RE.search(before)) \
            or bool(_DATED_BEFORE_RE.search(before)) \
            or last.lower() in ("people", "team", "service", "services", "unit", "lead", "manager", "officer") \
            or last.lower() in _SIGNED_OFF_AFTER

    def rule_mixed_initials(self) -> None:
        """Initials written with a particle: "DapR" (D. ap Rhys), "McK", "VdM" — short, capitals at
        both ends or split by lower-case letters, and no acronym or term explains them."""
        for idx, tok in enumerate(self.toks):
            if tok.shape != "mixed" or tok.masked or tok.declared or idx in self.covered or tok.poss:
                continue
            base = tok.base
            if not _MIXED_INITIALS_RE.fullmatch(base) or base in _ACRONYMS:
                continue
            self._partners(idx)
            self.add(idx, idx, "name:initials", "error",
                     f"looks like initials used as a person's name: '{base}' (if it is an acronym, add it to the "
                     "glossary)")

    def _partners(self, idx: int) -> None:
        """'HM/RC', 'AM / KM', 'AB, CD': beside initials, even a common acronym is somebody's, and
        a word in no list is somebody's first name ('Jas / PH')."""
        toks = self.toks
        for other in (idx - 1, idx + 1):
            if not (0 <= other < len(toks)) or other in self.covered:
                continue
            o = toks[other]
            if o.masked or o.declared or (o.low in _MONTHS and _in_a_date(self.text, o.start, o.end)):
                continue    # "(DapR, Mai 2023)": a date
            # "Jas / PH / NU": a word in no list beside initials is somebody's first name
            given = (o.shape == "title" and not o.poss and not (self.ordinary(o) or self.never_name(o)
                                                                or self.is_suffix(o) or self.is_place(o)))
            a, b = sorted((toks[idx], o), key=lambda t: t.start)
            # "JMcK/SW", "SW & TN": joined so, a role's letters are somebody's initials too (not a rank's)
            slashed = re.fullmatch(r"[ \t]*[/&][ \t]*", self.text[a.end:b.start]) is not None
            if not given and (o.shape != "upper" or not (2 <= len(o.base) <= 3) or o.base in _TITLES
                              or (o.base in _ROLES and not slashed)):
                continue
            if re.fullmatch(r"[ \t]*(?:/|,|&|and)[ \t]*", self.text[a.end:b.start]) and \
                    not (o.shape == "upper" and self._acronym_evidence(o.base)):
                if given:
                    self.add(other, other, "name:first-name", "error", f"looks like a person's name: '{o.base}'")
                else:
                    self.add(other, other, "name:initials", "error",
                             f"looks like initials used as a person's name: '{o.base}'")

    def _in_capitals_heading(self, idx: int) -> bool:
        """The token sits among other words written in capitals: "ACTION PLAN FOR MAY"."""
        toks = self.toks
        near = [toks[j] for j in (idx - 1, idx + 1) if 0 <= j < len(toks)]
        return any(t.shape == "upper" and len(t.base) >= 3 and abs(t.start - toks[idx].start) < 30 and
                   "\n" not in self.text[min(t.start, toks[idx].start):max(t.end, toks[idx].end)] for t in near)

    def _acronym_evidence(self, base: str) -> bool:
        """This text uses ``base`` as an acronym somewhere ("the XY team", "XYs", "(XY)" defined)."""
        text = self.text
        if self._plurals is None:
            self._plurals = {t.base[:-1] for t in self.toks if t.base.endswith("s") and t.base[:-1].isupper()}
        if base in self._plurals:
            return True  # "GPs", "IMRs"
        for tok in self.toks:
            if tok.base != base:
                continue
            if _word_before(text, tok.start).lower() in _ARTICLE_SET:
                return True  # "the XY"
            after = _NEXT_WORD_RE.match(text, tok.end)
            if after and after.group(1) in _ACRONYM_NOUN_SET:
                return True  # "XY team"
        for m in re.finditer(rf"\({re.escape(base)}\)", text):
            words = re.findall(r"[A-Za-z]+", text[max(0, m.start() - 80) : m.start()])
            initials = "".join(w[0] for w in words if w[0].isupper())
            if initials.upper().endswith(base):
                return True
        return False

    @staticmethod
    def _defines_acronym(base: str, after: str) -> bool:
        words = [w for w in re.findall(r"[A-Za-z]+", after[:80]) if w.lower() not in ("of", "and", "the", "for", "in", "on", "to", "&")]
        initials = "".join(w[0] for w in words[: len(base)])
        return initials.upper() == base.upper()

    # "Susan Smith" where "Susan" is declared: the surname would be left behind
    def rule_next_to_declared(self) -> None:
        toks = self.toks
        for i, tok in enumerate(toks[:-1]):
            if not tok.declared or tok.poss:
                continue
            nxt = toks[i + 1]
            if nxt.declared or nxt.masked and not nxt.declared:
                continue
            gap = self.text[tok.end : nxt.start]
            if not _JOIN_RE.fullmatch(gap) or not gap:
                continue
            if nxt.shape == "initial" and nxt.base not in ("A", "I") and (i + 1) not in self.covered:
                self.add(i + 1, i + 1, "name:next-to-declared", "error",
                         f"looks like the initial of a declared person's surname: '{nxt.base}' (declare the name "
                         f"with its initial, e.g. '{tok.base} {nxt.base}')")
            elif nxt.shape == "title" and self.surname_score(nxt) == 2 and (i + 1) not in self.covered:
                self.add(i + 1, i + 1, "name:next-to-declared", "error", f"looks like the rest of a declared person's name: '{nxt.base}'")

    # every other occurrence of a word already found in a name
    def rule_repeat(self) -> None:
        words: dict[str, str] = {}
        starts = [t.start for t in self.toks]
        for start, end, rule, severity, _ in self.findings:
            for k in range(bisect.bisect_left(starts, start), bisect.bisect_right(starts, end)):
                tok = self.toks[k]
                if tok.end > end + 2:
                    continue
                if tok.base in _TITLES or tok.shape == "initial":
                    continue
                if tok.shape == "upper" and rule != "name:initials":
                    continue
                if tok.shape not in ("title", "upper"):
                    continue
                if tok.shape == "title" and (self.never_name(tok) or (self.ordinary(tok) and not self.first_tier(tok) and not self.is_last(tok))):
                    continue
                sev = severity
                if tok.shape == "title" and self.ambiguous_first(tok):
                    sev = "warning"
                if words.get(tok.base) != "error":
                    words[tok.base] = sev
        self.name_words = dict(words)
        here = set(words)
        for w, sev in self.learned.items():     # a name found in an earlier text of the review
            words.setdefault(w, sev)
        # the words of a declared name, left alone elsewhere ("Mark Wolski" declared, "Mark also ...")
        from_declared = self._declared_set.from_declared(self.lists)   # worked out once per set of names
        if not words and not from_declared:
            return
        for k, tok in enumerate(self.toks):
            if tok.masked or tok.shape not in ("title", "upper"):
                continue
            if k in self.covered and not (words.get(tok.base) == "error" and k not in self.error_covered):
                continue  # already reported (as a warning it becomes an error below)
            sev = words.get(tok.base)
            if sev is None and tok.shape == "upper" and len(tok.base) > 3:
                sev = words.get(tok.base[:1] + tok.base[1:].lower())
            if sev is None:
                whole = from_declared.get(tok.base) or from_declared.get(tok.base[:1] + tok.base[1:].lower())
                if whole is not None and k not in self.covered and not tok.declared:
                    self.add(k, k, "name:repeat", "warning", f"'{tok.base}' is part of the declared name '{whole}' and is not replaced on its own here")
                continue
            if tok.base not in here and self.joined(k) and (self.is_suffix(self.toks[k + 1]) or (
                    self.toks[k + 1].shape == "title" and self.ordinary(self.toks[k + 1]))):
                continue    # "Christian Aid", "Grace House": the name of something, here
            where = "this text" if tok.base in here else "another text of this review"
            self.add(k, k, "name:repeat", sev, f"'{tok.base}' is part of a name found in {where}")
