"""A text as names are compared in it: invisible characters, combining marks, line-end
hyphens and spaced letters removed, letters folded; and where each character came from."""

from __future__ import annotations

import bisect
import functools
import re

from ...core.fold import COMBINING, INVISIBLE, REMOVED_RE, fold_letters

from .lists import _KEEP_AS_NAMES, _NEVER_NAME, _ORDINARY, _TITLES, _TITLE_PREFIXES, name_lists
from .tokens import _APOSTROPHES

# A text this long (a page) is searched in its UTF-8 bytes first: C speed, where most hold nothing.
FAST_MIN_CHARS = 4096

_SPACED = "(?<=\\b[^\\W\\d_])[ .\\-\u00b7\u00a0](?=[^\\W\\d_]\\b)"
_SPACED_BYTES_RE = re.compile(rb"\b[A-Za-z][ .\-][A-Za-z]\b|\xc2[\xb7\xa0]")
_WORD_BREAK_RE = re.compile(f"[{INVISIBLE}{COMBINING}]|{_SPACED}|" "(?<=[^\\W\\d_])-[ \\t]*\\r?\\n[ \\t]*(?=[a-z\u00df-\u00ff])")
_SEP = "(?:[\\s\u00a0]*[-\u2010][\\s\u00a0]*|[\\s\u00a0]+)"  # between the words of a name
_TITLE_ALT = "|".join(sorted((re.escape(t) for t in _TITLES if not t.isupper() or len(t) <= 4), key=len, reverse=True))
_TITLE_PREFIX_RE = f"(?:(?:{'|'.join(re.escape(t) for t in sorted(_TITLE_PREFIXES))})[\\s\u00a0]+)?(?:{_TITLE_ALT})\\.?[\\s\u00a0]+"
_POSS = "(?P<poss>['\u2019][sS](?!\\w)|(?<=[sS])['\u2019](?![\\w'\u2019]))?"
_AMBIGUOUS = object()  # a variant implied by two declared names with different wording
_FIRST_WORD_RE = re.compile(r"[^\W_]+")


def _word_pattern(word: str) -> str:
    """A word; a hyphen in it may also be a space, an apostrophe either kind of apostrophe."""
    parts = []
    for ch in word:
        if ch in "-\u2010":
            parts.append(_SEP)
        elif ch in _APOSTROPHES:
            parts.append("['\u2019]")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


# The same, for a long text: "-\n", "-\r\n" or "-[ \t]+\r?\n" in its bytes; and the breaks
# themselves, by an expression that starts with what they start with (found at C speed).
_LINE_END_HYPHEN_RE = re.compile(rb"-[ \t]*\r?\n")
_LINE_END_HYPHEN_STR_RE = re.compile(r"-[ \t]*\r?\n")
_SPACED_ASCII_RE = re.compile(r"\b[A-Za-z][ .\-][A-Za-z]\b")
_WORD_BREAK_FAST_RE = re.compile(f"[{INVISIBLE}{COMBINING}]|{_SPACED}|" "-(?<=[^\\W\\d_]-)[ \\t]*\\r?\\n[ \\t]*(?=[a-z\u00df-\u00ff])")


_SPACED_RE = re.compile(_SPACED)
# Whether a short text has anything to remove at all: one search.
_ANY_BREAK_RE = re.compile(f"[{INVISIBLE}{COMBINING}]|{_SPACED}|-[ \\t]*\\r?\\n")
_ANY_BREAK_UNSPACED_RE = re.compile(f"[{INVISIBLE}{COMBINING}]|-[ \\t]*\\r?\\n")
# The detector reads spaced letters as they are (as spaced initials), so its view keeps them.
_WORD_BREAK_UNSPACED_RE = re.compile(_WORD_BREAK_RE.pattern.replace(f"|{_SPACED}|", "|"))
_WORD_BREAK_FAST_UNSPACED_RE = re.compile(_WORD_BREAK_FAST_RE.pattern.replace(f"|{_SPACED}|", "|"))


def _has_removable(chars: frozenset[str]) -> bool:
    return any(REMOVED_RE.match(c) for c in chars)


def _without_word_breaks(text: str, spaced: bool = True) -> tuple[str, _Where | None]:
    """The text as names are compared in it (see fold.py): without invisible characters,
    combining marks and line-end hyphenation, letters folded, and (``spaced``) the spaces of
    a word typed letter by letter ("S u s a n") closed up; and where each character came from
    (None when no character was removed: folding is one for one)."""
    if len(text) < FAST_MIN_CHARS:
        return _short_view(text, spaced)     # a field's text is replaced, checked and found: once
    view, where = _without_removed(text, spaced)
    return fold_letters(view), where


@functools.lru_cache(maxsize=8192)
def _short_view(text: str, spaced: bool) -> tuple[str, _Where | None]:
    view, where = _without_removed(text, spaced)
    return fold_letters(view), where


def _without_removed(text: str, spaced: bool) -> tuple[str, _Where | None]:
    if len(text) >= FAST_MIN_CHARS:     # a page: look in its bytes (C speed)
        from ..scan import TextBytes

        tb = TextBytes.of(text)
        if not _has_removable(tb.non_ascii) and not _LINE_END_HYPHEN_RE.search(tb.b) \
                and not (spaced and _SPACED_BYTES_RE.search(tb.b)):
            return text, None
        breaks = _WORD_BREAK_FAST_RE if spaced else _WORD_BREAK_FAST_UNSPACED_RE
    elif text.isascii() and not ("\n" in text and "-" in text and _LINE_END_HYPHEN_STR_RE.search(text)) \
            and not (spaced and _SPACED_ASCII_RE.search(text)):
        return text, None   # most texts: nothing invisible, no combining mark, no word broken or spaced
    elif not (_ANY_BREAK_RE if spaced else _ANY_BREAK_UNSPACED_RE).search(text):
        return text, None
    else:
        breaks = _WORD_BREAK_RE if spaced else _WORD_BREAK_UNSPACED_RE
    pieces: list[str] = []
    view_starts: list[int] = []     # where each piece starts in the view
    shifts: list[int] = []          # and how far it has moved from the text
    last = 0
    size = 0
    for m in breaks.finditer(text):
        pieces.append(text[last : m.start()])
        view_starts.append(size)
        shifts.append(last - size)
        size += m.start() - last
        last = m.end()
    pieces.append(text[last:])
    view_starts.append(size)
    shifts.append(last - size)
    return "".join(pieces), _Where(view_starts, shifts, size + len(text) - last)


class _Where:
    """``where[i]``: the offset in the text of the view's character ``i`` (``where[len(view)]``
    is ``len(text)``), kept as the pieces' shifts rather than one number per character."""

    __slots__ = ("_starts", "_shifts", "_size")

    def __init__(self, starts: list[int], shifts: list[int], size: int):
        self._starts = starts
        self._shifts = shifts
        self._size = size   # the view's length

    def __getitem__(self, i: int) -> int:
        if i < 0:
            i += self._size + 1
        if not 0 <= i <= self._size:
            raise IndexError(i)
        return i + self._shifts[bisect.bisect_right(self._starts, i) - 1]


# English and Welsh month names: a pseudonym "June" or "Mai" is never matched inside a date
_MONTHS = frozenset("january february march april may june july august september october november december "
                    "ionawr chwefror mawrth ebrill mai mehefin gorffennaf awst medi hydref tachwedd rhagfyr".split())
_DAY_BEFORE_RE = re.compile(r"(?<![\d.])\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?[\s\u00a0]+$", re.IGNORECASE)
_YEAR_AFTER_RE = re.compile(r",?[\s\u00a0]+(?:\d{4}|\d{1,2}(?:st|nd|rd|th)?\b|'\d\d\b)")


def _in_a_date(text: str, start: int, end: int) -> bool:
    """A month name written as part of a date: "30 June", "June 2022", "June 30th", "May '22"."""
    return bool(_DAY_BEFORE_RE.search(text, max(0, start - 12), start)) or bool(_YEAR_AFTER_RE.match(text, end))


def _is_initials(word: str) -> bool:
    """Two or three capitals ("JT", "KLM"), or four that are not a name written in capitals."""
    return (word.isalpha() and word.isupper() and 2 <= len(word) <= 4
            and (len(word) < 4 or word.lower() not in name_lists().popular_first))


def _split_name(name: str) -> list[str]:
    return [w for w in re.split(r"[\s\u00a0]+", name.strip()) if w]


def _key(text: str) -> str:
    """The comparable form of a matched name: 'K.\\nMarsh's' -> 'k marsh'."""
    text = re.sub(r"['\u2019][sS]$|(?<=[sS])['\u2019]$", "", text)
    text = re.sub(r"[\s\u00a0.\-\u2010]+", " ", text).replace("\u2019", "'")
    return text.strip().casefold()


def _is_ordinary_word(word: str) -> bool:
    low = word.lower()
    return (low in _ORDINARY or low in _NEVER_NAME) and low not in _KEEP_AS_NAMES
