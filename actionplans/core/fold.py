"""Text as names are compared in it: the same letters, however they were typed.

A declared "Susan" must be found (and replaced, and refused by the guard) when it is written
with a Cyrillic "а", full-width letters, a combining accent, a zero-width joiner or a soft
hyphen inside it. Every comparison of names (the check, the replacement and the output guard)
looks at a *view* of the text in which:

* invisible characters are removed: zero-width spaces and joiners, soft hyphens, word joiners,
  bidirectional controls, the byte-order mark, and combining marks (accents typed separately);
* every letter is folded, one character for one, to the Latin letter it looks like: its
  compatibility decomposition without accents (NFKD: "é" → "e", full-width "Ｓ" → "S",
  mathematical "𝐒" → "S") and, for letters of other scripts that look like Latin ones, the
  Unicode confusables data (UTS #39, from the confusable-homoglyphs package: Cyrillic "а" → "a").

Folding is one character for one, so a position in the view is a position in the text once
the removed characters are accounted for (see privacy/names/views.py, _Where). A word that mixes scripts
("Sus\u0430n") is also reported by the check: nobody types that by accident.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Characters with no width that can hide inside a word.
INVISIBLE = ("\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u202a-\u202e"
             "\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0")
COMBINING = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
REMOVED_RE = re.compile(f"[{INVISIBLE}{COMBINING}]")

# The blocks whose letters can stand in for Latin ones.
_RANGES = ((0x00C0, 0x024F), (0x0250, 0x02AF), (0x0370, 0x03FF), (0x0400, 0x052F), (0x1D00, 0x1DBF),
           (0x1E00, 0x1FFF), (0x2100, 0x214F), (0x2C60, 0x2C7F), (0xA720, 0xA7FF), (0xAB30, 0xAB6F),
           (0xFB00, 0xFB06), (0xFF01, 0xFF5E), (0x1D400, 0x1D7FF))


@functools.cache
def table() -> dict[int, str]:
    """code point -> the one Latin letter it is folded to (only letters that change)."""
    out: dict[int, str] = {}
    for lo, hi in _RANGES:
        for cp in range(lo, hi + 1):
            c = chr(cp)
            if not c.isalpha():
                continue
            base = "".join(ch for ch in unicodedata.normalize("NFKD", c) if not unicodedata.combining(ch))
            if len(base) == 1 and base != c and base.isascii() and base.isalpha():
                out[cp] = base
    try:
        from confusable_homoglyphs import confusables
        data = confusables.confusables_data
    except ImportError:     # pragma: no cover - an install without the dependency
        data = {}
    for key, glyphs in data.items():
        if len(key) != 1:
            continue
        for g in glyphs:
            other = g.get("c", "")
            if len(other) != 1:
                continue
            if key.isascii() and key.isalpha() and not other.isascii() and other.isalpha():
                out.setdefault(ord(other), key)
            elif other.isascii() and other.isalpha() and not key.isascii() and key.isalpha():
                out.setdefault(ord(key), other)
    return out


# A letter that is not ASCII: most texts have none (their only other characters are quotes
# and dashes), and then there is nothing to fold or to mix.
_NON_ASCII_LETTER = re.compile(r"[^\W\d_\x00-\x7f]").search


_ASCII_BYTES = bytes(range(128))
# Above this many distinct letters to fold, one pass of str.translate is quicker than a replace each.
_REPLACE_AT_MOST = 48


def fold_letters(text: str) -> str:
    """Each letter folded to the Latin letter it looks like; same length as ``text``."""
    if text.isascii() or not _NON_ASCII_LETTER(text):
        return text
    # str.translate looks every character up in the table, one at a time: seconds for a site's
    # pages. Only non-ASCII characters are in the table, and a page has few distinct ones, found
    # at C speed in its bytes; each is then replaced in one C pass (the targets are ASCII, so a
    # replacement never makes another character to replace): the same text as translate gives.
    fold_to = table()
    present = set(text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass"))
    changes = [(c, fold_to[ord(c)]) for c in sorted(present) if ord(c) in fold_to]
    if not changes:
        return text
    if len(changes) > _REPLACE_AT_MOST:
        return text.translate(fold_to)
    for c, latin in changes:
        text = text.replace(c, latin)
    return text


def fold(text: str) -> str:
    """The comparable form of a short text (a declared name): invisible characters removed,
    letters folded."""
    if text.isascii():
        return text
    return fold_letters(REMOVED_RE.sub("", unicodedata.normalize("NFC", text)))


def script(c: str) -> str:
    """'LATIN', 'CYRILLIC', 'GREEK', ... for a letter ('' for anything else)."""
    if not c.isalpha():
        return ""
    try:
        return unicodedata.name(c).split(" ", 1)[0]
    except ValueError:
        return ""


# Greek and Cyrillic letters (with their extensions): without one, no word mixes the three scripts
_GREEK_OR_CYRILLIC = re.compile("[\u0370-\u03ff\u1f00-\u1fff\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]").search
_MIXED_CANDIDATE_RE = re.compile(r"[^\W\d_]*[^\W\d_\x00-\x7f][^\W\d_]*")


def mixed_script_words(text: str) -> list[tuple[int, int, str]]:
    """Words whose letters come from more than one of the Latin, Greek and Cyrillic scripts."""
    if text.isascii() or not _GREEK_OR_CYRILLIC(text):
        return []       # only Latin letters (and others no name here mixes with them)
    out = []
    for m in _MIXED_CANDIDATE_RE.finditer(REMOVED_RE.sub("", text) if REMOVED_RE.search(text) else text):
        scripts = {script(c) for c in m.group(0)} & {"LATIN", "CYRILLIC", "GREEK"}
        if len(scripts) > 1:
            out.append((m.start(), m.end(), m.group(0)))
    return out
