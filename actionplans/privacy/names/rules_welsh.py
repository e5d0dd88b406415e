"""A given name changed by Welsh mutation: "Diolch i Ddafydd" (Dafydd), "gan Wenllian"
(Gwenllian), "a Chatrin" (Catrin), "fy Nhad"... After a word that mutates the next one, a name's
first letters change, and the changed word is in no list of names."""

from __future__ import annotations

import re

from .lists import _ORDINARY, _PLACES


# Words after which the next word mutates (soft: prepositions, "ei" his, "dy"; nasal: "fy",
# "yn" before a place; aspirate: "a", "â", "gyda", "ei" her, "tua"), lower case.
_TRIGGERS = "am ar at gan heb i o dan dros drwy trwy wrth hyd ei dy fy yn a â gyda efo tua na".split()
_TRIGGER_SET = frozenset(_TRIGGERS)
# a capital after a space: the only places a mutated name can start (found at C speed)
_CAPITAL_AFTER_SPACE_RE = re.compile(r"[ \u00a0](?=[A-Z])")

# A mutated beginning -> the beginnings it can come from; the longest is tried first.
_UNMUTATE = (
    ("ngh", ("c",)), ("mh", ("p",)), ("nh", ("t",)), ("ng", ("g",)),
    ("ch", ("c",)), ("ph", ("p",)), ("th", ("t",)), ("dd", ("d",)),
    ("g", ("c",)), ("b", ("p",)), ("d", ("t",)), ("f", ("b", "m")), ("l", ("ll", "gl")),
    ("r", ("rh", "gr")), ("m", ("b",)), ("n", ("d",)), ("w", ("gw",)),
    ("a", ("ga",)), ("e", ("ge",)), ("i", ("gi",)), ("o", ("go",)), ("u", ("gu",)), ("y", ("gy",)),
)


def unmutated(word: str) -> list[str]:
    """The words ``word`` (lower case) may be a mutated form of: "ddafydd" -> ["dafydd"]."""
    out = []
    for start, origins in _UNMUTATE:
        if word.startswith(start) and len(word) > len(start) + 1:
            out.extend(origin + word[len(start):] for origin in origins)
            if len(start) > 1:
                break       # "ngh" is not also "ng" + "h"
    return out


class _WelshRules:
    """Mixed into the detector: uses its tokens, lists and findings."""

    def rule_welsh_mutated(self) -> None:
        text, at = self.text, None
        for m in _CAPITAL_AFTER_SPACE_RE.finditer(text):
            start = m.start()
            word_start = start
            while word_start > 0 and start - word_start < 5 and (text[word_start - 1].isalpha()):
                word_start -= 1
            if text[word_start:start].lower() not in _TRIGGER_SET or (
                    word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] in "'\u2019-_")):
                continue
            if at is None:
                at = {tok.start: k for k, tok in enumerate(self.toks)}
            k = at.get(m.end())
            if k is None:
                continue
            tok = self.toks[k]
            if tok.shape != "title" or tok.masked or tok.declared or k in self.covered or len(tok.base) < 3:
                continue
            if tok.low in self.lists.popular_first or tok.low in _ORDINARY or tok.low in _PLACES:
                continue    # a name or a word as it is: the other rules judge it
            origins = [w for w in unmutated(tok.low) if w not in _PLACES and w not in _ORDINARY]
            if any(w in self.lists.popular_first for w in origins):
                self.add(k, k, "name:first-name", "error",
                         f"looks like a person's name after a Welsh mutation: '{tok.base}'")
