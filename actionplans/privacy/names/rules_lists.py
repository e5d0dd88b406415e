"""Rules that read a name from the names around it: a word listed with people ("Liam and
Sunita", "Rukhsana and Hodan to meet", "Present: Chinedu Okafor (BSMHFT), Hodan (BSWA), ...")."""

from __future__ import annotations

import re

from .cues import _FROM_BODY_RE, _PERSON_LABELS, _ROLE_BEFORE_RE
from .lists import _FUNCTION_WORDS, _LABEL_WORDS, _ROLES, _TITLES, _plain_word
from .views import _MONTHS

_CELL_END_RE = re.compile(r"[ \u00a0]*(?:$|\r?\n|\t|[;)]|[ \u00a0][\u2013\u2014-][ \u00a0])")
_JOB_WORD_RE = re.compile(r"Manager|Nurse|Officer|Lead|Co-?ordinator|Advis[eo]r|Practitioner|Midwife|Visitor|"
                          r"Director|Caseworker|Navigator|Advocate|Trainer|Matron|Champion|Worker|Educator|Therapist|"
                          r"Psychologist|Clinician|Consultant|Specialist|Assistant|Administrator|Supervisor|Partner|"
                          r"Analyst|Commissioner|Chair|Head|Sergeant|Inspector")
# the same job in lower case: "Panel chair Rosemary and family", "MARAC coordinator Precious for"
_LOWER_JOB_BEFORE_RE = re.compile(r"\b(?:chair|co-?ordinator|manager|lead|officer|nurse|worker|advocate|IDVA|ISVA)[ \u00a0]$")
_AFTER_JOB_HOLDER_RE = re.compile(r"[ \u00a0]+(?:and|&|for)[ \u00a0]|[ \u00a0]*[,:(/]|[ \u00a0]+to[ \u00a0]+[a-z]")
_PARTNER_JOIN_RE = re.compile(r"[ \u00a0]+(?:and|&)[ \u00a0]+|[ \u00a0]*/[ \u00a0]*")

# Between two people in a list: a comma, semicolon, ampersand, slash or "and", after an optional
# bracket saying where the first one works ("Hodan (BSWA), ...")
_LIST_GAP_RE = re.compile(r"(?:[ \u00a0]*\([^()\n]{1,40}\))?[ \u00a0]*(?:,|;|&|/|\band\b)[ \u00a0]*")
# after a comma, a word is a person's only inside the list: an address ends with a town ("..., Abercynon.")
_STILL_IN_LIST_RE = re.compile(r"[ \u00a0]*(?:\(|,|;|&|/|and\b|or\b|from\b)")
_NICKNAME_RE = re.compile(r"[A-Z][a-z\u00e0-\u024f'\u2019-]+[ \u00a0]+\([A-Z][a-z]+\)[ \u00a0]+[A-Z][a-z\u00e0-\u024f'\u2019-]+")
# The address lines of an e-mail pasted into an update: "From: Okonkwo, Chinedu <...>", "To: Kaya, Tuba; Ife"
_MAIL_HEADER_RE = re.compile(r"(?im)^[ \t>]*(?:from|to|cc|bcc)[ \t]*:[ \t]*(\S.*)$")
# Who wrote each message of a pasted chat: "Jade Tuckwell 10:41", "[10:44] Nikhil Patel"
_CHAT_AUTHOR_RE = re.compile(
    r"(?m)^[ \t>]*(?:\[\d{1,2}:\d{2}\][ \t]*(?P<after>[A-Z][\w'\u2019-]+(?:[ \t]+[A-Z][\w'\u2019-]+){0,2})[ \t]*:?[ \t]*$"
    r"|(?P<before>[A-Z][\w'\u2019-]+(?:[ \t]+[A-Z][\w'\u2019-]+){0,2})[ \t]*,?[ \t]+\d{1,2}:\d{2}(?:[ \t]*[ap]m)?[ \t]*$"
    # "[09:20] Oyelaran, Funmilayo (TEWV): yes went live": surname first, the message on the same line
    r"|\[\d{1,2}:\d{2}\][ \t]*(?P<comma>[A-Z][\w'\u2019-]+,[ \t]+[A-Z][\w'\u2019-]+)(?:[ \t]+\([^()\n]{1,30}\))?[ \t]*:"
    # "Kaur, Jaspreet: HIDVA now at huddle": a message copied without its time, surname first
    r"|(?P<plain>[A-Z][\w'\u2019-]+,[ \t]+[A-Z][\w'\u2019-]+)(?:[ \t]+\([^()\n]{1,30}\))?[ \t]*:[ \t]+\S)")
_GAP_BEFORE_RE = re.compile(r"[ \u00a0]*(?:,|;|&|/|\band\b)[ \u00a0]*$")


class _ListRules:
    """Mixed into the detector: uses its tokens, lists and findings."""

    def rule_listed_with_names(self) -> None:
        toks = self.toks
        # only names found for sure (or declared): a place taken for a name must not spread to its neighbours
        anchors = set(self.error_covered) | {k for k, t in enumerate(toks) if t.declared
                                             or (k in self.covered and self.first_tier(t) == 2 and not self.ordinary(t))}
        if not anchors:
            return
        starts = {t.start: k for k, t in enumerate(toks)}
        ends = {t.end: k for k, t in enumerate(toks)}
        for _round in range(6):      # a list: each name found makes its neighbour one
            added = False
            for k in sorted(anchors):
                # the word after a name ("Liam and Sunita") and the word before it ("Rukhsana and Hodan")
                after = k + 1 < len(toks) and (k + 1) not in anchors
                if after:
                    m = _LIST_GAP_RE.match(self.text, toks[k].end)
                    j = starts.get(m.end()) if m else None
                    if j is not None and m.group().strip(" \u00a0()").endswith((",", ";")) \
                            and not _STILL_IN_LIST_RE.match(self.text, toks[j].end):
                        j = None
                    if j is not None and self._listed_name(j, k) and not (j + 1 < len(toks) and self.joined(j)
                                                                     and toks[j + 1].shape in ("title", "upper")):
                        self.add(j, j, "name:listed", "warning",
                                 f"may be a person's name: '{toks[j].base}' (listed with a name)")
                        anchors.add(j)
                        added = True
                if k > 0 and (k - 1) not in anchors and toks[k].base not in _TITLES:
                    prev = k - 1
                    gap = self.text[toks[prev].end:toks[k].start]
                    if _GAP_BEFORE_RE.fullmatch(gap) and ends.get(toks[prev].end) == prev and self._listed_name(prev, k) \
                            and not (prev > 0 and self.joined(prev - 1) and toks[prev - 1].shape in ("title", "upper")
                                     and not toks[prev - 1].sent):
                        self.add(prev, prev, "name:listed", "warning",
                                 f"may be a person's name: '{toks[prev].base}' (listed with a name)")
                        anchors.add(prev)
                        added = True
            if not added:
                return

    def _listed_name(self, j: int, anchor: int | None = None) -> bool:
        """Token j could be a given name or a surname beside a person in a list."""
        tok = self.toks[j]
        if anchor is not None and tok.shape == "upper" and self.toks[anchor].shape == "upper" \
                and 2 <= len(tok.base) <= 3 and len(self.toks[anchor].base) <= 3 and not tok.masked \
                and tok.base not in _ROLES and self._same_brackets(j, anchor):
            return True     # "IDVA team (DO, HM/RC)": initials among initials, in one bracket
        if (tok.shape != "title" or tok.masked or tok.declared or j in self.covered or len(tok.base) < 3
                or self.never_name(tok) or self.is_place(tok) or self.is_suffix(tok)
                or tok.low in _FUNCTION_WORDS or tok.low in _LABEL_WORDS or tok.low in _PERSON_LABELS
                or tok.low in _MONTHS):
            return False
        if tok.low in self.lists.popular_first and tok.low not in self.doc_lower:
            return True
        return not self.ordinary(tok) and not _plain_word(tok.low.replace("-", ""))

    def _same_brackets(self, i: int, j: int) -> bool:
        """Tokens i and j are inside the same pair of brackets."""
        a, b = sorted((i, j))
        text = self.text
        between = text[self.toks[a].end:self.toks[b].start]
        if "(" in between or ")" in between:
            return False
        opened = text.rfind("(", 0, self.toks[a].start)
        return opened >= 0 and text.rfind(")", 0, self.toks[a].start) < opened and ")" in text[self.toks[b].end:]

    # "Balwinder (Bal) Grewal": a name with the name the person goes by in brackets
    def rule_nickname(self) -> None:
        if ") " not in self.text and ")\u00a0" not in self.text:
            return
        toks = self.toks
        for m in _NICKNAME_RE.finditer(self.text):
            k = next((n for n, t in enumerate(toks) if t.start == m.start()), None)
            if k is None or k + 2 >= len(toks) or k in self.covered:
                continue
            first, nick, last = toks[k], toks[k + 1], toks[k + 2]
            if first.masked or last.masked or self.never_name(first) or self.never_name(last):
                continue
            if not (nick.base[:1] == first.base[:1] or self.first_tier(nick)):
                continue        # the short name starts as the name does ("Bal"), or is a given name
            if self.ordinary(first) and not self.first_tier(first):
                continue
            if self.surname_score(last) == 0:
                continue
            self.add(k, k + 2, "name:nickname", "error")

    def rule_chat_author(self) -> None:
        """The name heading each message of a pasted chat, alone on its line with the time."""
        if ":" not in self.text:
            return
        starts = {t.start: k for k, t in enumerate(self.toks)}
        for m in _CHAT_AUTHOR_RE.finditer(self.text):
            group = next(g for g in ("after", "before", "comma", "plain") if m.group(g))
            a, b = m.span(group)
            ks = [starts[a]] if a in starts else []
            while ks and ks[-1] + 1 < len(self.toks) and self.toks[ks[-1] + 1].end <= b:
                ks.append(ks[-1] + 1)
            if not ks or any(self.toks[k].masked or self.never_name(self.toks[k]) or self.toks[k].low in _FUNCTION_WORDS
                             or self.toks[k].low in _MONTHS for k in ks):
                continue
            if all(k in self.covered for k in ks) or all(self.ordinary(self.toks[k]) and not self.first_tier(self.toks[k])
                                                          for k in ks):
                continue    # "Team Meeting 10:30": words, not a name
            self.add(ks[0], ks[-1], "name:chat", "warning",
                     f"may be a person's name: '{self.text[a:b]}' (who wrote a message of a pasted chat)")

    def rule_mail_header(self) -> None:
        """Every word of the address lines of a pasted e-mail that no list explains is a person's."""
        if ":" not in self.text:
            return
        toks = self.toks
        starts = [t.start for t in toks]
        import bisect
        for m in _MAIL_HEADER_RE.finditer(self.text):
            first = bisect.bisect_left(starts, m.start(1))
            for k in range(first, len(toks)):
                tok = toks[k]
                if tok.start >= m.end(1):
                    break
                if (tok.shape != "title" or tok.masked or tok.declared or k in self.covered or len(tok.base) < 2
                        or tok.base in _TITLES or tok.low in _FUNCTION_WORDS or self.never_name(tok) or self.is_suffix(tok)
                        or (self.ordinary(tok) and tok.low not in self.lists.popular_first
                            and not (k > 0 and (k - 1) in self.covered and self.text[toks[k - 1].end:tok.start] == ", "))):
                    continue    # a word, unless it follows a surname as Outlook writes them: "Kaya, Tuba"
                self.add(k, k, "name:mail-header", "warning",
                         f"may be a person's name: '{tok.base}' (in the address lines of an e-mail)")

    def _after_role(self, i: int) -> bool:
        """Token i stands alone in brackets (or with where the person works) after a job or a body
        the site knows, or between commas after a job."""
        tok, text = self.toks[i], self.text
        bracketed = text[tok.start - 1:tok.start] == "(" and (
            text[tok.end:tok.end + 1] == ")" or _FROM_BODY_RE.match(text, tok.end) is not None)
        # "IDVA Team Manager Joss" at the end of a cell: a job, then who does it
        ends_cell = _CELL_END_RE.match(text, tok.end) is not None
        return bool((bracketed and _ROLE_BEFORE_RE.search(text, max(0, tok.start - 40), tok.start - 1)) or (
            ends_cell and text[tok.start - 1:tok.start] == " " and _ROLE_BEFORE_RE.search(text, max(0, tok.start - 40), tok.start)) or (
            text[tok.start - 2:tok.start] == ", " and text[tok.end:tok.end + 1] == ","
            and _ROLE_BEFORE_RE.search(text, max(0, tok.start - 40), tok.start - 2)) or (
            bracketed and i > 0 and self.toks[i - 1].masked and self.toks[i - 1].end == tok.start - 2)) or (
            # "Watch Manager Tidswell and ...": the job in capitals, then who does it, then a break
            (i > 0 and self.joined(i - 1) and _JOB_WORD_RE.fullmatch(self.toks[i - 1].base) is not None
             or _LOWER_JOB_BEFORE_RE.search(text, max(0, tok.start - 16), tok.start) is not None)
            and _JOB_WORD_RE.fullmatch(tok.base) is None
            and _AFTER_JOB_HOLDER_RE.match(text, tok.end) is not None)

    def rule_name_partner(self) -> None:
        """A given name, even one that is also a word, joined by "and", "&" or "/" to a person:
        "Grace and Dr Oyelaran to re-audit", "Hope & DS Kerr visited"."""
        starts = {s: sev for s, _e, rule, sev, _m in self.findings if rule.startswith("name:") and sev == "error"}
        if not starts:
            return
        toks, text = self.toks, self.text
        for k in range(len(toks) - 1):
            tok = toks[k]
            if tok.shape != "title" or tok.masked or tok.declared or tok.poss or k in self.covered:
                continue
            nxt = toks[k + 1]
            if nxt.start not in starts or not _PARTNER_JOIN_RE.fullmatch(text, tok.end, nxt.start):
                continue
            if k > 0 and self.joined(k - 1) and toks[k - 1].shape in ("title", "upper"):
                continue    # the last word of a longer name: "Women's Aid and Dr ..."
            if tok.low in _FUNCTION_WORDS or tok.low in _MONTHS or not (
                    self.first_tier(tok) > 0 or tok.low in self.lists.recorded_first):
                continue
            self.add(k, k, "name:first-name", "error", f"looks like a person's name: '{tok.base}'")
