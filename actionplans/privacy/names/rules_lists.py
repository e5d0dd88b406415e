"""Rules that read a name from the names around it: a word listed with people ("Liam and
Sunita", "Rukhsana and Hodan to meet", "Present: Chinedu Okafor (BSMHFT), Hodan (BSWA), ...")."""

from __future__ import annotations

import re

from .cues import _PERSON_LABELS
from .lists import _FUNCTION_WORDS, _LABEL_WORDS, _TITLES, _plain_word
from .views import _MONTHS

# Between two people in a list: a comma, semicolon, ampersand, slash or "and", after an optional
# bracket saying where the first one works ("Hodan (BSWA), ...")
_LIST_GAP_RE = re.compile(r"(?:[ \u00a0]*\([^()\n]{1,40}\))?[ \u00a0]*(?:,|;|&|/|\band\b)[ \u00a0]*")
# after a comma, a word is a person's only inside the list: an address ends with a town ("..., Abercynon.")
_STILL_IN_LIST_RE = re.compile(r"[ \u00a0]*(?:\(|,|;|&|/|and\b|or\b|from\b)")
_GAP_BEFORE_RE = re.compile(r"[ \u00a0]*(?:,|;|&|/|\band\b)[ \u00a0]*$")


class _ListRules:
    """Mixed into the detector: uses its tokens, lists and findings."""

    def rule_listed_with_names(self) -> None:
        toks = self.toks
        # only names found for sure (or declared): a place taken for a name must not spread to its neighbours
        anchors = set(self.error_covered) | {k for k, t in enumerate(toks) if t.declared}
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
                    if j is not None and self._listed_name(j) and not (j + 1 < len(toks) and self.joined(j)
                                                                     and toks[j + 1].shape in ("title", "upper")):
                        self.add(j, j, "name:listed", "warning",
                                 f"may be a person's name: '{toks[j].base}' (listed with a name)")
                        anchors.add(j)
                        added = True
                if k > 0 and (k - 1) not in anchors and toks[k].base not in _TITLES:
                    prev = k - 1
                    gap = self.text[toks[prev].end:toks[k].start]
                    if _GAP_BEFORE_RE.fullmatch(gap) and ends.get(toks[prev].end) == prev and self._listed_name(prev) \
                            and not (prev > 0 and self.joined(prev - 1) and toks[prev - 1].shape in ("title", "upper")
                                     and not toks[prev - 1].sent):
                        self.add(prev, prev, "name:listed", "warning",
                                 f"may be a person's name: '{toks[prev].base}' (listed with a name)")
                        anchors.add(prev)
                        added = True
            if not added:
                return

    def _listed_name(self, j: int) -> bool:
        """Token j could be a given name or a surname beside a person in a list."""
        tok = self.toks[j]
        if (tok.shape != "title" or tok.masked or tok.declared or j in self.covered or len(tok.base) < 3
                or self.never_name(tok) or self.is_place(tok) or self.is_suffix(tok)
                or tok.low in _FUNCTION_WORDS or tok.low in _LABEL_WORDS or tok.low in _PERSON_LABELS
                or tok.low in _MONTHS):
            return False
        if tok.low in self.lists.popular_first and tok.low not in self.doc_lower:
            return True
        return not self.ordinary(tok) and not _plain_word(tok.low.replace("-", ""))
