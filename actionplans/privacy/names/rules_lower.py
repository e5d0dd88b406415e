"""Names typed in lower case in a cell: "emailed by helen brookes", "copied in by morag"."""

from __future__ import annotations

import re

from .cues import _UNKNOWN_ACTS_RE, _ACTS_AFTER_RE, _INITIALS_ACTS_RE, _INITIALS_VERB_RE, _LOWER_GAP_RE, _LOWER_NAME_ALONE_RE, _LOWER_NAME_BEFORE, _LOWER_WORD_RE
from ...core.fold import fold
from .lists import _listed_word, _name_words, _plain_word
from .tokens import _ORDINARY_SUFFIXES, _word_before

# Only a person is e-mailed, thanked or copied in: "by", "with" or "to" can come before any word
# ("by charm"), and the baby-name records hold words
_LOWER_NAME_ADDRESSED = frozenset("cc emailed e-mailed thanks thank phoned rang chased contacted fao attn told asked".split())


# somebody in a team or a body: "rosa in CAT to re-brief", "gareth in WAST education"
_LOWER_IN_TEAM_RE = re.compile(r"[ \u00a0]+(?:in|at|from)[ \u00a0]+(?:the[ \u00a0]+)?[A-Z]{2,}\b")
_LOWER_THEN_BRACKET_RE = re.compile(r"[ \u00a0]*\([A-Za-z]")
_LOWER_ASKED_RE = re.compile(r"[ \t]+(?:can|could|will|would)[ \t]+(?:u|you|ya)\b|[ \t]*,?[ \t]+(?:pls|please)\b")
_ASKED_WORDS = frozenset("u you ya pls please".split())
_MENTION_RE = re.compile(r"(?<![\w.@])@([A-Za-z][a-z'\u2019-]+)(?![\w.@]*\.[a-z])")
_LOWER_LINE_ASKED_RE = re.compile(r"(?m)^[a-z]+(?:" + _LOWER_ASKED_RE.pattern + ")")
_LOWER_TITLES = frozenset("dr mr mrs ms cllr prof sgt insp supt".split())
_DOTTED_RE = re.compile(r"[a-z]\.[a-z]")
_LOWER_TITLED_RE = re.compile(r"(?<![\w.@-])(dr|mr|mrs|ms|cllr|prof|sgt|insp|supt)\.?[ \u00a0]+([a-z][a-z'\u2019-]{2,})\b")
# "sarah.kendrick" with no domain after it: the name part of an address, pasted alone
_LOWER_ADDRESS_RE = re.compile(r"(?<![\w.@/-])([a-z]{2,})\.([a-z]{2,}(?:-[a-z]+)?)(?![\w.@/-])")


# A person lettered as reviews do, typed in lower case: "mr d", "adult z", "baby r's" (not "a" or
# "i", which are words)
_LOWER_LABEL_RE = re.compile(r"(?<![\w'\u2019-])(?:mr|mrs|ms|miss|mx|adult|child|baby|victim|perpetrator)"
                             r"[ \u00a0][b-hj-z](?![\w\u2019-]|'(?!s\b))")


_LOWER_LABEL_WORDS = frozenset("mr mrs ms miss mx adult child baby victim perpetrator".split())


class _LowerRules:
    """Mixed into the detector: uses its text, lists and findings."""

    def rule_repeat_lower(self) -> None:
        """A name found in the review, typed again in lower case: "Hương Trần ... huong on leave"."""
        found = {fold(w.lower()) for w in (*self.name_words, *self.learned) if len(w) > 2 and not w.isupper()}
        if not found:
            return
        words = {w for w in self.all_lower if fold(w) in found and not _plain_word(w)}
        if not words:
            return
        for m in _LOWER_WORD_RE.finditer(self.text):
            if m.group(0) in words and not any(s < m.end() and m.start() < e for s, e in self.masked) \
                    and not any(s < m.end() and m.start() < e for s, e, *_ in self.findings):
                self.findings.append((m.start(), m.end(), "name:repeat", "error",
                                      f"'{m.group(0)}' is part of a name found in this review, typed in lower case"))

    def _lower_title_or_address(self) -> None:
        """A title typed in lower case before a surname ("dr okoro"), and an address's name part
        standing alone in a list ("sarah.kendrick;"): both only a person's."""
        text, lists = self.text, self.lists
        for m in (_LOWER_TITLED_RE.finditer(text) if not self.doc_lower.isdisjoint(_LOWER_TITLES) else ()):
            word = m.group(2)
            if (word in lists.last and not _listed_word(word)) or not _plain_word(word):
                self.findings.append((m.start(), m.end(), "name:lower-case", "error",
                                      f"looks like a person's name typed in lower case: '{m.group(0)}'"))
        if "." in text and _DOTTED_RE.search(text):
            for m in _LOWER_ADDRESS_RE.finditer(text):
                first, last = m.group(1), m.group(2)
                if (first in lists.popular_first or first in lists.recorded_first) and not _plain_word(first) \
                        and self._lower_surname(last):
                    self.findings.append((m.start(), m.end(), "name:lower-case", "error",
                                          f"looks like a person's name typed in lower case: '{m.group(0)}'"))

    def rule_mentions(self) -> None:
        """A person called to in a chat: "@bisi can you remind me", "@Funmi" (an e-mail address is
        not: its '@' follows a word)."""
        if "@" not in self.text:
            return
        lists = self.lists
        for m in _MENTION_RE.finditer(self.text):
            word = m.group(1).lower()
            if _plain_word(word):
                continue    # "@team please note"
            if word in lists.popular_first or word in lists.recorded_first or m.group(1)[0].isupper() \
                    or _LOWER_ASKED_RE.match(self.text, m.end()):
                self._add_where_free(m.start(1), m.end(1), "name:lower-case",
                                     f"looks like a person called to in a chat: '{m.group(0)}'")

    def rule_lower_labels(self) -> None:
        if _LOWER_LABEL_WORDS.isdisjoint(self.all_lower):
            return
        for m in _LOWER_LABEL_RE.finditer(self.text):
            self._add_where_free(m.start(), m.end(), "name:lower-case",
                                 f"a person lettered as the review names them, in lower case: '{m.group(0)}'")

    # "emailed by helen brookes": a name typed in lower case in a cell
    def rule_lower_case(self) -> None:
        text, lists = self.text, self.lists
        self._lower_title_or_address()
        if not self.lower_names and self.doc_lower.isdisjoint(_name_words().recorded) \
                and (_ASKED_WORDS.isdisjoint(self.all_lower) or not _LOWER_LINE_ASKED_RE.search(text)):
            return
        words = list(_LOWER_WORD_RE.finditer(text))
        paired: set[int] = set()
        for a, b in zip(words, words[1:]):
            if not _LOWER_GAP_RE.fullmatch(text, a.end(), b.start()):
                continue
            first, last = a.group(0), b.group(0)
            # "ana-maria popescu": every part of a hyphenated first name a first name
            given = first in lists.popular_first or ("-" in first and all(
                p in lists.popular_first for p in first.split("-") if p))
            # a name only the baby-name records know ("kasia") needs a listed surname after it:
            # those records hold words too ("promise", "charm")
            if not given and first in lists.recorded_first and last in lists.last and not _listed_word(last):
                given = not _plain_word(first)
            # or, before a bracket or a person's verb, a surname in no list ("kasia dabrowska (TfC legal)")
            if not given and first in lists.recorded_first and not _plain_word(first) and last not in lists.last \
                    and (_LOWER_THEN_BRACKET_RE.match(text, b.end()) or _UNKNOWN_ACTS_RE.match(text, b.end())):
                given = True
            if not given or not self._lower_surname(last):
                continue
            if any(_plain_word(w) for w in (first,)) or any(s < b.end() and a.start() < e for s, e in self.masked):
                continue
            start, end = a.start(), b.end()
            self.findings.append((start, end, "name:lower-case", "error",
                                  f"looks like a person's name typed in lower case: '{text[start:end]}'"))
            paired.add(a.start())
        # alone: "copied in by morag", "emailed tanisha" — a given name that is no word in any form
        for a in words:
            word = a.group(0)
            if word not in self.lower_names and word in lists.recorded_first and not _plain_word(word) \
                    and a.start() not in paired and _word_before(text, a.start()).lower() in _LOWER_NAME_ADDRESSED \
                    and not any(s < a.end() and a.start() < e for s, e in self.masked) \
                    and not any(s < a.end() and a.start() < e for s, e, *_ in self.findings):
                # a name only the baby-name records know, where only a person stands ("by morag")
                self.findings.append((a.start(), a.end(), "name:lower-case", "error",
                                      f"looks like a person's name typed in lower case: '{word}'"))
                continue
            if a.start() in paired or (word not in self.lower_names and word not in lists.popular_first) or any(
                    s < a.end() and a.start() < e for s, e in self.masked):
                continue
            if any(s < a.end() and a.start() < e for s, e, *_ in self.findings):
                continue
            if self._lower_addressed(a):
                self.findings.append((a.start(), a.end(), "name:lower-case", "error",
                                      f"looks like a person's name typed in lower case: '{word}'"))
                continue
            if _plain_word(word) and word not in self.lower_names:
                continue
            if not (_word_before(text, a.start()).lower() in _LOWER_NAME_BEFORE or _ACTS_AFTER_RE.match(text, a.end())
                    or _UNKNOWN_ACTS_RE.match(text, a.end()) or self._lower_alone_in_brackets(a)
                    or (not _plain_word(word) and self._lower_opens_clause(a))
                    or _INITIALS_VERB_RE.match(text, a.end()) or _INITIALS_ACTS_RE.match(text, a.end())
                    or _LOWER_NAME_ALONE_RE.match(text, a.end()) or _LOWER_IN_TEAM_RE.match(text, a.end())):
                continue    # only where a person stands: a word list cannot hold every English word
            self.findings.append((a.start(), a.end(), "name:lower-case", "error",
                                  f"looks like a person's name typed in lower case: '{word}'"))

    def _lower_addressed(self, a: re.Match) -> bool:
        """A given name opening a chat line, asked to do something: "jade can u send the ref"."""
        return bool(_LOWER_ASKED_RE.match(self.text, a.end())) and self._lower_opens_clause(a, line_only=True)

    def _lower_opens_clause(self, a: re.Match, line_only: bool = False) -> bool:
        """The word starts a line (or a sentence) and a lower-case word follows it: typed by
        somebody not using capitals, and a given name in no list of words is then a person."""
        before = self.text[max(0, a.start() - 3):a.start()]
        starts = a.start() == 0 or before.endswith("\n") or (not line_only and bool(re.search(r"[.!?][ \t]+$", before)))
        return starts and bool(re.match(r"[ \t]+[a-z]", self.text[a.end():a.end() + 2]))

    def _lower_alone_in_brackets(self, a: re.Match) -> bool:
        """"raised with the Athena team (gavin)": alone in brackets, after the body they work in."""
        return self.text[a.start() - 1:a.start()] == "(" and self.text[a.end():a.end() + 1] == ")"

    def _lower_surname(self, word: str) -> bool:
        """A lower-case word after a first name that is a surname: in the lists, or in no list
        of words at all ("thwaite"), and not an ordinary word in any form."""
        parts = [p for p in re.split(r"[-\u2010]", word) if p]
        if not parts:
            return False
        # a listed surname is one unless it is a word itself ("sayers" only looks like say + -ers)
        return all((p in self.lists.last and not _listed_word(p))
                   or (not _plain_word(p) and not p.endswith(_ORDINARY_SUFFIXES)) for p in parts)

