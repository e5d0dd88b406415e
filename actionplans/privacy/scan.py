"""Scanning text for the personal-data patterns (patterns.py defines them): a text's UTF-8 bytes
searched at C speed (TextBytes), each pattern's matches, and find_patterns over a whole text."""

from __future__ import annotations

import bisect
import re
from typing import Iterable

from .patterns import ALL_PATTERNS, CASE_ODD, FAST_MIN_CHARS, Finding, _ASCII_BYTES, _CASE_BARE_RE, _CASE_LABELLED_RE, _CASE_LABEL_START_RE, _CASE_LABEL_WORDS, _CASE_LONG_RE, _CASE_PREFIXED_RE, _CASE_PREFIX_IGNORE, _CASE_YEAR_NUMBER_RE, _EMAIL_RE, _FILE_EXT_RE, _FILE_STEM_STOP, _FILE_STOP_WORDS, _MESSAGES, _NHS_RE, _NI_RE, _PHONE_RE, _POSTCODE_RE, _PROTECTED_RES, _SEVEN_DIGITS_RE, _YEARISH_RE, _is_year_range, _phone_digits_ok, nhs_number_is_valid, normalise_phone


def _table(mapping: dict[int, int], default: int) -> bytes:
    return bytes(mapping.get(i, default) for i in range(256))


_DIGITS = {c: ord("0") for c in b"0123456789"}
# digits; space, "-" and "/" as they are; a no-break space's two bytes (C2 A0) as spaces
_SHAPE = _table({**_DIGITS, ord(" "): ord(" "), ord("-"): ord("-"), ord("/"): ord("/"), 0xC2: ord(" "),
                 0xA0: ord(" "), **{c: ord("A") for c in range(ord("A"), ord("Z") + 1)}}, ord("x"))
# postcode: digits; the letters an inward code ends with; other ASCII word characters; any
# other ASCII character; the bytes of non-ASCII characters (which may be word characters)
_INWARD = b"ABDEFGHJLNPQRSTUWXYZabdefghjlnpqrstuwxyz"
_POSTCODE_SHAPE = _table({**_DIGITS, **{c: ord("a") for c in _INWARD},
                          **{c: ord("w") for c in range(128)
                             if (chr(c).isalnum() or c == ord("_")) and c not in _INWARD and c not in _DIGITS},
                          **{c: ord(" ") for c in range(128)
                             if not (chr(c).isalnum() or c == ord("_"))},
                          }, ord("u"))
_NI_SHAPE_RE = re.compile(rb"AA {0,2}00 {0,2}00 {0,2}00 {0,2}A")
_YEAR_NUMBER_SHAPE_RE = re.compile(rb"0000 {0,2}/ {0,2}000")


class TextBytes:
    """A text's UTF-8 bytes, searched at C speed; byte offsets found there are turned into
    offsets in the text."""

    __slots__ = ("text", "b", "_lower", "_non_ascii", "_shape")
    _recent: list[TextBytes] = []

    def __init__(self, text: str):
        self.text = text
        self.b = text.encode("utf-8", "surrogatepass")
        self._lower: bytes | None = None
        self._non_ascii: frozenset[str] | None = None
        self._shape: bytes | None = None

    @classmethod
    def of(cls, text: str) -> TextBytes:
        """The bytes of ``text``, shared by the steps that search the same text one after the
        other (the guard masks a page, looks for names in it, then for patterns)."""
        for tb in cls._recent:
            if tb.text is text:
                return tb
        tb = cls(text)
        cls._recent = [tb, *cls._recent[:2]]
        return tb

    @classmethod
    def made(cls, text: str, b: bytes, lower: bytes, non_ascii: frozenset[str]) -> TextBytes:
        """The bytes of ``text``, made by the caller (from another text's, say): remembered for
        ``of``. ``non_ascii`` may hold characters the text lacks, but only uncased ones (see
        _masked in guard.py)."""
        tb = cls.__new__(cls)
        tb.text, tb.b, tb._lower, tb._non_ascii, tb._shape = text, b, lower, frozenset(non_ascii), None
        cls._recent = [tb, *cls._recent[:2]]
        return tb

    @property
    def lower(self) -> bytes:
        """The bytes with ASCII letters lowered (every other byte as it is)."""
        if self._lower is None:
            self._lower = self.b.lower()
        return self._lower

    @property
    def non_ascii(self) -> frozenset[str]:
        """Every non-ASCII character in the text."""
        if self._non_ascii is None:
            self._non_ascii = frozenset(self.b.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass"))
        return self._non_ascii

    @property
    def ascii_digits(self) -> bool:
        """True when every digit (\\d) in the text is one of 0-9."""
        return not any(c.isdecimal() for c in self.non_ascii)

    @property
    def case_plain(self) -> bool:
        """True when no character in the text matches an ASCII letter case-blind except that
        letter's own two cases (see CASE_ODD)."""
        return not (self.non_ascii & CASE_ODD)

    @property
    def shape(self) -> bytes:
        if self._shape is None:
            self._shape = self.b.translate(_SHAPE)
        return self._shape

    def offsets(self, byte_offsets: Iterable[int]) -> list[int]:
        """Text offsets of byte offsets (each at the start of a character), sorted."""
        ordered = sorted(set(byte_offsets))
        if len(self.b) == len(self.text):
            return ordered
        out = []
        chars = last = 0
        b = self.b
        for at in ordered:
            chars += len(b[last:at].decode("utf-8", "surrogatepass"))
            last = at
            out.append(chars)
        return out

    def find_all(self, needle: bytes, *, lowered: bool = False, word_start: bool = False,
                 word_end: bool = False, then: tuple[bytes, ...] | None = None,
                 underscore_splits: bool = False) -> list[int]:
        """Byte offsets of every occurrence of ``needle`` (overlapping ones too). ``word_start``
        / ``word_end``: leave out those with an ASCII word character just before / after (a
        non-ASCII character there is for the caller to judge); ``then``: keep only those
        followed by one of these bytes; ``underscore_splits``: "_" is no word character (a name in
        a file name, "IMR_Shabana_v4")."""
        hay = self.lower if lowered else self.b
        word, word_bytes = (_ASCII_ALNUM, _ASCII_ALNUM_BYTES) if underscore_splits else (_ASCII_WORD, _ASCII_WORD_BYTES)
        out = []
        end = len(needle)
        i = hay.find(needle)
        while i >= 0:
            after = hay[i + end : i + end + 1]
            if not ((word_start and i > 0 and hay[i - 1] in word)
                    or (word_end and after in word_bytes) or (then is not None and after not in then)):
                out.append(i)
            i = hay.find(needle, i + 1)
        return out

    def word_starts(self, words: Iterable[str]) -> list[int] | None:
        """Text offsets where one of ``words`` (lower-case ASCII) starts, case-blind: every place
        re.IGNORECASE could match one of them, and maybe more. None when the text has a
        character that makes a case-blind match differ from a match in the lowered bytes."""
        if not self.case_plain:
            return None
        found: list[int] = []
        for w in words:
            found.extend(self.find_all(w.encode("ascii"), lowered=True))
        return self.offsets(found)


_ASCII_WORD = frozenset(c for c in range(128) if chr(c).isalnum() or c == ord("_"))
_ASCII_WORD_BYTES = frozenset(bytes([c]) for c in _ASCII_WORD)
_ASCII_ALNUM = frozenset(c for c in range(128) if chr(c).isalnum())
_ASCII_ALNUM_BYTES = frozenset(bytes([c]) for c in _ASCII_ALNUM)


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))``, given every offset at which a match may start (sorted;
    extra offsets do no harm). The pattern must not match the empty string."""
    out = []
    pos = 0
    match = pattern.match
    for start in starts:
        if start < pos:
            continue
        m = match(text, start)
        if m is not None:
            out.append(m)
            pos = m.end()
    return out


_EMAIL_LOCAL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-")


def _email_matches(text: str) -> Iterable[re.Match[str]]:
    """Where an address can start: an address holds one "@", and starts where the run of
    characters allowed before it starts (the look-behind refuses any later start)."""
    starts = []
    at = text.find("@")
    while at >= 0:
        k = at
        while k > 0 and text[k - 1] in _EMAIL_LOCAL:
            k -= 1
            if at - k > 512:
                return _EMAIL_RE.finditer(text)     # a very long run: the plain way
        if k < at:
            starts.append(k)
        at = text.find("@", at + 1)
    return matches_at(_EMAIL_RE, text, starts)


def _postcode_matches(tb: TextBytes) -> Iterable[re.Match[str]]:
    """A postcode ends in its inward code: a digit and two of the letters it allows, then no
    word character; it starts 2 to 5 characters before that digit."""
    shape = tb.b.translate(_POSTCODE_SHAPE)
    anchors = []
    i = shape.find(b"0aa")
    while i >= 0:
        if shape[i + 3 : i + 4] not in (b"0", b"a", b"w"):
            anchors.append(i)
        i = shape.find(b"0aa", i + 1)
    starts = sorted({s for j in tb.offsets(anchors) for s in range(max(0, j - 5), j - 1)})
    return matches_at(_POSTCODE_RE, tb.text, starts)


def _label_hits(tb: TextBytes) -> list[int]:
    """Where a label word starts a word, for a text without İ (the one character whose lower
    case is longer): those of ``_CASE_LABEL_START_RE.finditer(text.lower())`` that are not
    after a word character and that _CASE_LABELLED_RE may match (and maybe some after a
    non-ASCII character). A hit the expression's scan would skip lies inside an earlier hit,
    after a letter, so none is lost."""
    found = []
    for word in _CASE_LABEL_WORDS:
        # "crime", "incident", "case", "log" and "NHS" start a label only before a space or a
        # no-break space (whose first byte is C2)
        then = None if word in ("ref", "urn", "crn") else (b" ", b"\xc2")
        found.extend(tb.find_all(word.encode("ascii"), lowered=True, word_start=True, then=then))
    return tb.offsets(found)


# --------------------------------------------------------------------------- the finder


def _protected_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for rx in _PROTECTED_RES:
        for m in rx.finditer(text):
            groups = [g for g in range(1, (rx.groups or 0) + 1) if m.group(g) is not None]
            if groups:
                spans.append((m.start(groups[0]), m.end(groups[0])))
            else:
                spans.append((m.start(), m.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when start..end lies inside one of ``spans`` (sorted, not overlapping)."""
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def _file_name_start(text: str, stem_start: int) -> int:
    """Walk back from the last word of a file name over the words that belong to it."""
    window = max(0, stem_start - 300)
    line_start = max(text.rfind("\n", window, stem_start) + 1, window)
    tab = text.rfind("\t", line_start, stem_start)
    if tab >= 0:
        line_start = tab + 1
    start = stem_start
    words = 0
    pos = stem_start
    while words < 5:
        before = text[line_start:pos]
        if not before or not before[-1] in " \u00a0":
            break
        stripped = before.rstrip(" \u00a0")
        if not stripped or stripped[-1].isspace():
            break
        word = stripped.split()[-1]
        word_start = len(stripped) - len(word)
        opener = word.lstrip("[(\"'\u201c\u2018")
        if word.lower() in _FILE_STOP_WORDS or word[-1] in ".:;,!?)]\u2013\u2014" or word in ("-", "\u2013", "\u2014"):
            break
        if not opener or not (opener[0].isupper() or opener[0].isdigit()):
            break
        start = line_start + word_start + (len(word) - len(opener))
        if opener != word:
            break  # "[General Information Checklist V2.docx](...)": the link text starts here
        pos = start
        words += 1
    return start


def _finding(rule: str, start: int, end: int, text: str, severity: str = "error", what: str | None = None) -> Finding:
    noun, hint = _MESSAGES[rule]
    found = text[start:end]
    message = f"looks like {what or noun}: '{found}'"
    return Finding(start, end, rule, found, severity, message, hint)


def find_patterns(
    text: str,
    *,
    enabled: Iterable[str] = ALL_PATTERNS,
    allowed_phones: Iterable[str] = (),
) -> list[Finding]:
    """Every personal-data pattern in ``text``, sorted by position.

    ``enabled`` names the rules to run (unknown names raise ``ValueError``);
    ``allowed_phones`` are public numbers (in any format) that are not reported.
    """
    enabled = tuple(enabled)
    unknown = [r for r in enabled if r not in ALL_PATTERNS]
    if unknown:
        raise ValueError(f"unknown pattern {unknown[0]!r}; known patterns: {', '.join(ALL_PATTERNS)}")
    on = set(enabled)
    found: list[Finding] = []
    tb = TextBytes.of(text) if len(text) >= FAST_MIN_CHARS else None
    digits_plain = tb is not None and tb.ascii_digits   # shapes may then be looked for in bytes

    if "email" in on and "@" in text:
        for m in _email_matches(text) if tb is not None else _EMAIL_RE.finditer(text):
            found.append(_finding("email", m.start(), m.end(), text))

    phone_spans: list[tuple[int, int]] = []
    if "phone" in on or "nhs-number" in on:
        allowed = {normalise_phone(p) for p in allowed_phones if p}
        for m in _PHONE_RE.finditer(text):
            if not _phone_digits_ok(m):
                continue
            phone_spans.append((m.start(), m.end()))
            if "phone" in on and normalise_phone(m.group(0)) not in allowed:
                found.append(_finding("phone", m.start(), m.end(), text))

    if "postcode" in on:
        for m in _postcode_matches(tb) if tb is not None else _POSTCODE_RE.finditer(text):
            code = m.group(0)
            letters = [c for c in code if c.isalpha()]
            if not (all(c.isupper() for c in letters) or all(c.islower() for c in letters)):
                continue
            found.append(_finding("postcode", m.start(), m.end(), text))

    if "nhs-number" in on and not (digits_plain and b"000 000 0000" not in tb.shape
                                   and b"000-000-0000" not in tb.shape and b"0000000000" not in tb.shape):
        for m in _NHS_RE.finditer(text):
            if (m.start(), m.end()) in phone_spans:
                continue  # a phone number that happens to pass the check
            if nhs_number_is_valid(m.group(0)):
                found.append(_finding("nhs-number", m.start(), m.end(), text))

    if "ni-number" in on and not (digits_plain and _NI_SHAPE_RE.search(tb.shape) is None):
        for m in _NI_RE.finditer(text):
            found.append(_finding("ni-number", m.start(), m.end(), text))

    if "file-name" in on:
        protected: list[tuple[int, int]] | None = None
        for m in _FILE_EXT_RE.finditer(text):
            stem_start = m.start()
            limit = max(0, stem_start - 200)
            while stem_start > limit and text[stem_start - 1] not in _FILE_STEM_STOP:
                stem_start -= 1
            stem = text[stem_start : m.start()]
            if not stem or not (stem[-1].isalnum() or stem[-1] in "_)]-") or "@" in stem:
                continue
            if stem_start > 0 and text[stem_start - 1] in "/\\":
                continue
            if protected is None:
                protected = _protected_spans(text)
            if _inside(protected, stem_start, m.end()):
                continue
            start = _file_name_start(text, stem_start)
            found.append(_finding("file-name", start, m.end(), text))

    if "case-reference" in on:
        spans: list[tuple[int, int]] = []

        def add(start: int, end: int, severity: str, what: str | None = None) -> None:
            for s, e in spans:
                if s <= start < e or start <= s < end:
                    return
            spans.append((start, end))
            found.append(_finding("case-reference", start, end, text, severity, what))

        if tb is not None:
            # text.lower() is longer than the text only where it has an İ: then no label is looked for
            hits = None if "\u0130" in tb.non_ascii else _label_hits(tb)
            word_char_before = lambda i: text[i - 1].isalnum() or text[i - 1] == "_"   # noqa: E731
        else:
            lowered = text.lower()
            hits = [h.start() for h in _CASE_LABEL_START_RE.finditer(lowered)] if len(lowered) == len(text) else None
            word_char_before = lambda i: lowered[i - 1].isalnum() or lowered[i - 1] == "_"   # noqa: E731
        for start in hits or ():
            if start > 0 and word_char_before(start):
                continue
            m = _CASE_LABELLED_RE.match(text, start)
            if m is None or _YEARISH_RE.fullmatch(m.group("ref")):
                continue
            add(m.start(), m.end(), "error")
        if (_YEAR_NUMBER_SHAPE_RE.search(tb.shape) is not None if digits_plain else True) \
                and _CASE_YEAR_NUMBER_RE.search(text):
            for m in _CASE_PREFIXED_RE.finditer(text):
                if m.group("prefix") in _CASE_PREFIX_IGNORE or _is_year_range(m.group("year"), m.group("num")):
                    continue
                add(m.start(), m.end(), "error")
            for m in _CASE_BARE_RE.finditer(text):
                if _is_year_range(m.group("year"), m.group("num")):
                    continue
                add(m.start(), m.end(), "warning", "a reference number")
        if (b"0000000" in tb.shape if digits_plain else True) and _SEVEN_DIGITS_RE.search(text):
            for m in _CASE_LONG_RE.finditer(text):
                if any(s <= m.start("num") < e for s, e in phone_spans) or nhs_number_is_valid(m.group("num")):
                    continue
                add(m.start(), m.end(), "error")

    found.sort(key=lambda f: (f.start, f.end, f.rule))
    return found
