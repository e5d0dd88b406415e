"""Words as the detector sees them: capitalised tokens with their shape, sentence starts and
what joins two of them into one name."""

from __future__ import annotations

import functools
import re

from dataclasses import dataclass

from .lists import _TITLES

# =========================================================================== tokens

_WORD_RE = re.compile(r"[^\W_](?:[^\W_]|['\u2019](?=[^\W\d_])|[-\u2010](?=[^\W_]))*")
# A word that does not start with a lower-case ASCII letter: the only ones a name can use.
_CAP_WORD_RE = re.compile(r"[^\W\d_a-z](?:[^\W_]|['\u2019](?=[^\W\d_])|[-\u2010](?=[^\W_]))*")
_POSSESSIVE_ENDINGS = frozenset({"'s", "'S", "\u2019s", "\u2019S"})
_APOSTROPHES = "'\u2019"
_CAMEL_OK_RE = re.compile(r"^(?:Mc|Mac|O['\u2019]|D['\u2019]|De|Di|Da|Du|La|Le|Van|Von|Fitz|St)[A-Z]")
_ORDINARY_SUFFIXES = (
    "ing", "ings", "tion", "tions", "sion", "sions", "ment", "ments", "ness", "ity", "ities",
    "ance", "ances", "ence", "ences", "ous", "ive", "ives", "ful", "less", "ship", "ships",
    "ism", "isms", "able", "ible", "ology", "ies", "ised", "ized", "ise", "ize", "ising",
    "izing", "ated", "ally", "ly", "ed", "ers", "ics", "ists", "ary", "ory", "ual", "ial",
    "ical", "ure", "ures", "age", "ages",
)
_SENTENCE_OPENERS = "\"'\u201c\u2018([*_"


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    base: str  # without a possessive 's
    low: str
    shape: str  # 'title' | 'initial' | 'upper' | 'lower' | 'mixed' | 'other'
    poss: bool  # ends in 's or s'
    dot: bool  # followed by '.'
    sent: bool  # at the start of a sentence, line or table cell
    masked: bool = False
    declared: bool = False
    tier: int = -1  # first_tier, once worked out


_HAS_DIGIT = re.compile(r"\d").search


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


_LETTERS_ONLY = re.compile(r"[^\W\d_]+(?:['\u2019\-\u2010][^\W\d_]+)*").fullmatch


@functools.lru_cache(maxsize=1 << 16)
def _shape(base: str) -> str:
    if not base:
        return "other"
    first = base[0]
    if first.islower():
        return "other" if _HAS_DIGIT(base) else "lower"
    if len(base) == 1:
        return "initial" if first.isalpha() else "other"
    rest = base[1:]
    if rest.isalpha() and rest.islower():
        return "title"  # the common case: Karen
    if not _LETTERS_ONLY(base) or not base.replace("-", "").replace("'", "").replace("\u2019", "").replace("\u2010", "").isalpha():
        return "other"
    if base.isupper():
        return "upper"
    # Title case, allowing O'Brien, McDonald, Smith-Jones, Lucy-Antoinette.
    for part in re.split(r"[-\u2010'\u2019]", base):
        if not part:
            continue
        rest = part[1:]
        if any(c.isupper() for c in rest) and not _CAMEL_OK_RE.match(part):
            return "mixed"
    return "title"


_NOT_SENTENCE_ENDS = frozenset({"e.g", "i.e", "eg", "ie", "st", "no", "vs", "cf", "approx", "inc", "etc", "ref", "tel"})


# What may stand before the space before a word that starts a sentence (or is skipped on the way)
_NOT_PLAIN_BEFORE = frozenset(" \u00a0" + _SENTENCE_OPENERS + "\n\t\r>\u2022\u25cf\u25aa\uf0b7!?:;\u2013\u2014-.")


def _sentence_start(text: str, start: int) -> bool:
    """True when the word at ``start`` begins a sentence, a line, a table cell or a list item."""
    if start >= 2 and text[start - 1] == " " and text[start - 2] not in _NOT_PLAIN_BEFORE:
        return False    # the common case: a word, a space, this word
    i = start - 1
    while i >= 0 and (text[i] in " \u00a0" or text[i] in _SENTENCE_OPENERS):
        i -= 1
    if i < 0:
        return True
    c = text[i]
    if c in "\n\t\r>\u2022\u25cf\u25aa\uf0b7":
        return True
    if c in "!?:;\u2013\u2014-":
        return True
    if c == ".":
        j = i
        while j > 0 and i - j < 12 and (text[j - 1].isalpha() or text[j - 1] == "."):
            j -= 1
        word = text[j:i]
        if (len(word) == 1 and word.isupper()) or word in _TITLES or word.lower() in _NOT_SENTENCE_ENDS:
            return False  # "J. Smith", "Dr. Smith", "e.g. Smith"
        return True
    return False


def _tokenise(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    n = len(text)
    for m in _CAP_WORD_RE.finditer(text):
        word = m.group(0)
        if word[0].islower():
            continue  # only capitalised words, initials and numbers can start or be part of a name
        start, end = m.start(), m.end()
        poss = False
        base = word
        if word[-2:] in _POSSESSIVE_ENDINGS:
            base = word[:-2]
            poss = True
        elif end < n and text[end] in _APOSTROPHES and word[-1:] in "sS" and (end + 1 >= n or not text[end + 1].isalnum()):
            # "James' car", but not a closing quote: 'Charles'
            if not (start > 0 and text[start - 1] in _APOSTROPHES + "\u2018"):
                poss = True
        tok = _Tok(
            start,
            end,
            word,
            base,
            base.lower(),
            _shape(base) if start == 0 or not text[start - 1].isdigit() else "other",   # "7MB", "2GB": a unit
            poss,
            end < n and text[end] == ".",
            False,
        )
        tok.sent = _sentence_start(text, start)
        toks.append(tok)
    return toks


_ANY_WORD_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def _word_before(text: str, pos: int) -> str:
    """The word of letters ending one or two spaces before ``pos`` ("" if there is none)."""
    i = pos
    while i > 0 and pos - i < 2 and text[i - 1] in " \u00a0":
        i -= 1
    if i == pos:
        return ""
    end = i
    while i > 0 and end - i < 40 and text[i - 1].isalpha():
        i -= 1
    return text[i:end]
_JOIN_RE = re.compile(r"[ \u00a0]*(?:\r?\n[ \u00a0]*)?")
_JOIN_DOT_RE = re.compile(r"\.[ \u00a0]*(?:\r?\n[ \u00a0]*)?")


def _in_table_row(text: str, newline: int) -> bool:
    """True when the line before or after this line break has a tab: a flattened table."""
    before = text.rfind("\n", 0, newline) + 1
    after = text.find("\n", newline + 1)
    if after < 0:
        after = len(text)
    return text.find("\t", before, after) >= 0


def _joined(text: str, a: _Tok, b: _Tok) -> bool:
    """True when b follows a in the same name: only spaces, or one line break, between them."""
    if a.poss or a.masked or b.masked:
        return False
    gap_start, gap_end = a.end, b.start
    if gap_end - gap_start > 12:
        return False
    if _JOIN_RE.fullmatch(text, gap_start, gap_end):
        if gap_end == gap_start:
            return False
        nl = text.find("\n", gap_start, gap_end)
        if nl >= 0 and _in_table_row(text, nl):
            return False
        return True
    if (a.shape == "initial" or a.base in _TITLES) and _JOIN_DOT_RE.fullmatch(text, gap_start, gap_end):
        nl = text.find("\n", gap_start, gap_end)
        return nl < 0 or not _in_table_row(text, nl)
    return False


_LIST_MARKER_RE = re.compile(r"[ \t]*(?:[-*+\u2022]|\d{1,3}[.)]|#{1,6}|>)?[ \t]*[\"'\u201c\u2018(\[*_]*$")
_ABBREVIATIONS = ("e.g.", "i.e.", "cf.", "vs.", "etc.", "approx.", "no.", "St.")


def _at_sentence_start(text: str, pos: int) -> bool:
    """True when a word at ``pos`` begins a sentence, a list item, a heading or a table cell."""
    window = max(0, pos - 300)
    newline = text.rfind("\n", window, pos)
    line_start = newline + 1 if newline >= 0 else window
    prefix = text[line_start:pos]
    if "\t" in prefix:
        prefix = prefix[prefix.rfind("\t") + 1 :]
        if not prefix.strip(" \"'\u201c\u2018([*_"):
            return True  # the start of a table cell
    if _LIST_MARKER_RE.fullmatch(prefix):
        if prefix.strip(" \t\"'\u201c\u2018([*_"):
            return True  # a list item or a heading
        if newline < 0:
            return window == 0  # the start of the text
        # the first word on a line: a new sentence if the line before is blank or ends one
        prev_newline = text.rfind("\n", max(0, newline - 300), newline)
        prev_line = text[prev_newline + 1 : newline].rstrip(" \t\r")
        return not prev_line or bool(re.search(r"[.!?:][\"'\u201d\u2019)\]*_]*$", prev_line))
    stripped = prefix.rstrip(" \u00a0\"'\u201c\u2018([*_")
    if not stripped:
        return True
    if stripped[-1] in "!?":
        return True
    if stripped[-1] == ".":
        if stripped.lower().endswith(tuple(a.lower() for a in _ABBREVIATIONS)):
            return False
        word = re.search(r"(\S+)$", stripped).group(1).rstrip(".")
        if word in _TITLES or (len(word) == 1 and word.isupper()):
            return False
        return True
    return False
