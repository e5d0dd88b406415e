"""Replacing declared names, and the variants their wording implies, wherever they appear."""

from __future__ import annotations

import re

from dataclasses import dataclass
from typing import Any, Iterator, Sequence
from ...core.fold import fold
from ..welsh import mutated_forms

from .lists import _TITLES, _TITLE_PREFIXES, name_lists
from .tokens import _APOSTROPHES, _at_sentence_start


_LOWER_TYPED_TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"})


def _in_name(c: str) -> bool:
    """A character a declared name cannot touch: a letter or digit. An underscore separates words
    as a space does ("IMR_Shabana_Evidence_v4.docx")."""
    return c.isalnum()


# capitals or digits and a hyphen before a name: an id or a file name ("DHR-Shabana-2023"), not
# the first half of a double-barrelled surname
_ID_BEFORE_RE = re.compile(r"(?<![^\W_])[A-Z0-9]+[-\u2010]$")
from .cues import _PERSON_LABELS
from .views import FAST_MIN_CHARS, _AMBIGUOUS, _FIRST_WORD_RE, _MONTHS, _POSS, _SEP, _TITLE_PREFIX_RE, _in_a_date, _is_initials, _is_ordinary_word, _key, _split_name, _without_word_breaks, _word_pattern

# =========================================================================== declared names


@dataclass(frozen=True)
class DeclaredName:
    name: str
    refer_to_as: str


@dataclass(frozen=True)
class Replacement:
    start: int  # offsets into the original text
    end: int
    original: str
    replacement: str


# A word broken at a line end ("Kar-\nen"), or with a soft hyphen in it: matched in a view of
# the text without the break, and mapped back.
# A name typed with its letters spaced out ("S u s a n", "J.T."): the spaces go from the view.
@dataclass(frozen=True)
class _Variant:
    words: tuple[str, ...]  # as written in the declaration
    refer_to_as: Any  # str, or _AMBIGUOUS
    capitalised_only: bool  # only 'Marsh' / 'MARSH', never 'marsh'
    declared: bool  # the declared name itself, not a variant of it


class Replacer:
    """Replaces declared names, and the variants they imply, by their ``refer_to_as``.

    For a declared ``Karen Marsh`` the variants are: the name itself in any case, across
    line breaks and with a possessive; ``Karen Marsh`` after a title or rank (``DS Karen
    Marsh``, ``Ms Marsh``); the initial with the surname (``K Marsh``, ``K. Marsh``); and,
    written with a capital, the surname alone (``Marsh``) and the first name alone
    (``Karen``). Lower-case ``marsh`` is left alone, and so is a declared name that is also
    an ordinary word (a pseudonym ``Hope``) unless it is written with a capital.

    Longest match first: full name, then surname, then first name. A variant implied by
    two declarations with different wording is not replaced (a person must say which is
    meant) but :meth:`find` still reports it.
    """

    def __init__(self, names: Sequence[DeclaredName]):
        self._last_view: tuple | None = None
        table: dict[str, _Variant] = {}
        implied: dict[str, list[_Variant]] = {}
        for decl in names:
            if isinstance(decl, str):
                raise TypeError("Replacer needs DeclaredName values, not strings")
            if not decl.name or not decl.name.strip():
                raise ValueError("a declared name is empty")
            if not decl.refer_to_as or not decl.refer_to_as.strip():
                raise ValueError(f"declared name {decl.name!r} has no refer_to_as")
            words = _split_name(fold(decl.name))    # compared as folded letters (fold.py)
            while len(words) > 2 and words[0].rstrip(".") in _TITLES | _TITLE_PREFIXES:
                words = words[1:]  # "Dr Andrew Tresidder": a title is matched anyway, optionally
            if len(words) == 2 and words[0].rstrip(".") in _TITLES and len(words[1]) > 1 and not _is_ordinary_word(words[1]):
                words = words[1:]  # "Mrs Jenkins", but not "Mr A"
            whole = _Variant(tuple(words), decl.refer_to_as, len(words) == 1 and _is_ordinary_word(words[0]), True)
            table[_key(" ".join(words))] = whole
            # a text is compared as its view writes it, spaced letters closed up ("J R" -> "JR",
            # "Lisa P-J" -> "Lisa PJ"): the name as its view writes it is the name too
            seen = tuple(_split_name(_without_word_breaks(" ".join(words))[0]))
            if seen and _key(" ".join(seen)) not in table:
                table[_key(" ".join(seen))] = _Variant(seen, decl.refer_to_as, whole.capitalised_only, True)
            variants = self._implied(words, decl.refer_to_as)
            variants += [_Variant((m, *v.words[1:]), decl.refer_to_as, True, False)   # Welsh: 'Gatrin' (welsh.py)
                         for v in (whole, *variants) if not _is_initials(v.words[0])     # "GC" is no "C"
                         for m in mutated_forms(v.words[0]) if len(m) > 1 and not _is_ordinary_word(m)]
            for variant in variants:
                implied.setdefault(_key(" ".join(variant.words)), []).append(variant)
        for key, variants in implied.items():
            if key in table:
                continue  # declared explicitly: the declaration wins
            wordings = {v.refer_to_as for v in variants}
            first = variants[0]
            if len(wordings) > 1:
                first = _Variant(first.words, _AMBIGUOUS, first.capitalised_only, False)
            table[key] = first
        self._table = table
        self._regex = self._compile(table) if table else None
        # the first word of every variant, and the titles: where a match can start
        starts = {t.casefold() for t in _TITLES | _TITLE_PREFIXES}
        for variant in table.values():
            first = _FIRST_WORD_RE.match(variant.words[0])
            if first:
                starts.add(first.group(0).casefold())
        self._starts = frozenset(starts)
        # The words a name itself can start with (titles left out): enough to find a name,
        # since "DS Karen Marsh" still contains "Karen Marsh".
        titles = {t.casefold() for t in _TITLES | _TITLE_PREFIXES}
        # ... except a name that is a title and a letter ("Mr Z"): it starts with its title
        own = {v.words[0].rstrip(".").casefold() for v in table.values() if v.words[0].rstrip(".").casefold() in titles}
        self._name_starts = tuple(sorted(w for w in starts if w not in titles or w in own))
        self._name_start_set = frozenset(self._name_starts)

    @staticmethod
    def _implied(words: list[str], refer_to_as: str) -> list[_Variant]:
        if len(words) < 2:
            return []
        first, last = words[0], words[-1]
        if _is_ordinary_word(first) and first.lower() not in name_lists().popular_first:
            return []  # "Baby A", "Child B", "Mother of X"
        if len(last.rstrip(".")) < 2 or not last[0].isalpha():
            return []  # "Person A"
        out = []
        if len(words) > 2:
            out.append(_Variant((first, last), refer_to_as, False, False))
        if len(first.rstrip(".")) > 1:
            out.append(_Variant((first[0] + ".", last), refer_to_as, False, False))
        out.append(_Variant((last,), refer_to_as, True, False))
        if len(first.rstrip(".")) > 1 and not _is_ordinary_word(first):
            out.append(_Variant((first,), refer_to_as, True, False))
        return out

    @staticmethod
    def _compile(table: dict[str, _Variant]) -> re.Pattern[str]:
        alternatives = []
        for key in sorted(table, key=lambda k: (-len(k), k)):
            words = table[key].words
            parts = []
            for i, w in enumerate(words):
                if len(w) == 2 and w.endswith("."):  # an initial: "K." matches "K", "K." and "K.Marsh"
                    # ... in capitals, unless it was declared as typed in lower case ("j. ekwueme")
                    letter = re.escape(w[0].upper()) if not w[0].islower() else "[" + w[0] + w[0].upper() + "]"
                    parts.append("(?-i:" + letter + r")(?:\.[\s\u00a0]*|[\s\u00a0]+)")
                    continue
                if len(w) == 1 and w.isalpha():  # "Baby A": the letter keeps its capital (as declared) ...
                    before = words[i - 1].rstrip(".").capitalize() if i > 0 else ""
                    # ... except after a title or a label, where "mr d", "adult z" are only ever
                    # "Mr D", "Adult Z" typed in lower case ("child a" and "child i" are words)
                    lower_too = before in _LOWER_TYPED_TITLES or (
                        before.lower() in _PERSON_LABELS and w.lower() not in ("a", "i"))
                    parts.append("(?-i:" + (f"[{w.upper()}{w.lower()}]" if lower_too else re.escape(w)) + ")")
                elif _is_initials(w):  # "JT": only in capitals and as a whole word, never "jt" in a script
                    parts.append("(?-i:" + re.escape(w) + ")")
                elif w.rstrip(".") in _TITLES and i < len(words) - 1:  # "Mr A", "Mr. A"
                    parts.append(re.escape(w.rstrip(".")) + r"\.?")
                else:
                    parts.append(_word_pattern(w))
                if i < len(words) - 1:
                    parts.append(_SEP)
            alternatives.append("".join(parts))
        body = "|".join(alternatives)
        # No assertion in front (it would slow the search down): _matches checks that a match
        # starts a word.
        return re.compile(
            f"(?P<title>{_TITLE_PREFIX_RE})?(?P<name>{body}){_POSS}(?![^\\W_])(?![-\u2010](?-i:[A-Z\u00c0-\u00d6\u00d8-\u00de]))",
            re.IGNORECASE,
        )

    def _start_words(self) -> re.Pattern[str]:
        pattern = getattr(self, "_start_re", None)
        if pattern is None:
            words = "|".join(re.escape(w) for w in sorted(self._starts, key=lambda w: (-len(w), w)))
            pattern = re.compile(r"(?<![^\W_])(?:" + (words or "(?!)") + r")(?![^\W_])", re.IGNORECASE)
            object.__setattr__(self, "_start_re", pattern)
        return pattern

    def _name_positions(self, view: str) -> list[int] | None:
        """Where a declared name's first word starts, by plain substring search (C speed; a
        regular expression alternation scans only a few MB a second). None when the text's
        lower-case form changes length, so positions would not line up."""
        if len(view) >= self._FAST_MIN_CHARS:
            fast = self._name_positions_in_bytes(view)
            if fast is not NotImplemented:
                return fast
        low = view.lower()
        if len(low) != len(view) or self._starts_not_lower():
            return None
        positions = []
        n = len(low)
        words = self._name_starts
        if len(words) > 64:
            # many names (a national site declares thousands): one pass over the text's words
            # and a set intersection, rather than one search per name
            present = set(_FIRST_WORD_RE.findall(low))
            words = [w for w in words if w in present] if len(present) < len(words) else \
                [w for w in present if w in self._name_start_set]
        for w in words:
            i = low.find(w)
            while i >= 0:
                end = i + len(w)
                if (i == 0 or not _in_name(low[i - 1])) and (end == n or not _in_name(low[end])):
                    positions.append(i)
                i = low.find(w, end)
        positions.sort()
        return positions

    def _starts_not_lower(self) -> bool:
        known = getattr(self, "_not_lower", None)
        if known is None:
            known = any(w != w.lower() for w in self._name_starts)
            object.__setattr__(self, "_not_lower", known)
        return known

    # A long text (a published page): its words are listed by C-level operations on its bytes,
    # not by a regular expression over the text or by a search per declared name.
    _FAST_MIN_CHARS = FAST_MIN_CHARS
    # ASCII word characters and line breaks are kept; every other byte becomes a space
    _LINE_WORD_BYTES = bytes(b if b == 10 or b < 128 and chr(b).isalnum() else ord(" ")
                             for b in range(256))
    _CLEAN_LINES_MAX = 8_000_000    # bytes of lines remembered

    def _name_positions_in_bytes(self, view: str) -> Any:
        """What the plain search below returns, for a long text; NotImplemented when the text
        has a character that ``view.lower()`` lowers differently from the bytes (K, Σ)."""
        from ..scan import TextBytes

        if self._starts_not_lower():
            return None
        tb = TextBytes.of(view)
        odd = tb.non_ascii
        if "\u0130" in odd:
            return None     # İ: the lower-case text is longer, as the plain search finds
        if "\u212a" in odd or "\u03a3" in odd:
            return NotImplemented   # K lowers to an ASCII k; Σ lowers by its place in a word
        ascii_starts = getattr(self, "_ascii_start_bytes", None)
        if ascii_starts is None:
            ascii_starts = frozenset(w.encode("ascii") for w in self._name_starts if w.isascii())
            used = set(b"".join(ascii_starts))
            unused = bytes(b for b in range(128) if chr(b).isalnum() and b not in used)
            object.__setattr__(self, "_ascii_start_bytes", ascii_starts)
            object.__setattr__(self, "_unused_bytes", unused)
        # An ASCII word that starts a name in the text is a run of ASCII word characters there,
        # with no word character either side: one of the runs between other bytes. (Word
        # characters no such word has are dropped first: fewer, shorter runs to compare.) A line
        # already seen in a text without such a word (the navigation and footer every page has)
        # has none now: only the other lines are split.
        lines = set(tb.lower.translate(self._LINE_WORD_BYTES, self._unused_bytes).split(b"\n"))
        clean = getattr(self, "_clean_lines", None)
        if clean is None:
            clean = set()
            object.__setattr__(self, "_clean_lines", clean)
            object.__setattr__(self, "_clean_size", 0)
        lines.difference_update(clean)
        present = [w.decode("ascii") for w in ascii_starts.intersection(b" ".join(lines).split())]
        if not present and self._clean_size < self._CLEAN_LINES_MAX:
            clean.update(lines)
            object.__setattr__(self, "_clean_size", self._clean_size + sum(map(len, lines)))
        # A word with other letters ("zoë") is in the text only if each of those letters is, in
        # some case: then it is looked for in each of the spellings the text's letters allow.
        hits: list[tuple[int, int]] = []
        other = [w for w in self._name_starts if not w.isascii()]
        if other:
            cases: dict[str, list[str]] = {}
            for c in odd:
                cases.setdefault(c.lower(), []).append(c)
            for w in other:
                if all(c in cases for c in w if not c.isascii()):
                    spellings = [""]
                    for c in w:
                        spellings = [s + x for s in spellings for x in (cases[c] if not c.isascii() else (c,))]
                    found = []
                    for spelling in spellings:
                        found += tb.find_all(spelling.encode("utf-8"), lowered=True, word_start=True, word_end=True,
                                                      underscore_splits=True)
                    hits.extend((i, len(w)) for i in tb.offsets(found))
        for w in present:
            found = tb.find_all(w.encode("ascii"), lowered=True, word_start=True, word_end=True,
                                                      underscore_splits=True)
            hits.extend((i, len(w)) for i in tb.offsets(found))
        positions = []
        n = len(view)
        for i, length in hits:
            end = i + length
            if (i == 0 or not _in_name(view[i - 1])) and (end == n or not _in_name(view[end])):
                positions.append(i)
        positions.sort()
        return positions

    def _matches(self, text: str, *, names_only: bool = False) -> Iterator[tuple[int, int, str, str, _Variant]]:
        """(start, end, name, possessive, variant) for every declared name or variant, left to
        right, longest first. ``start`` includes a title or rank; ``end`` the possessive."""
        if self._regex is None:
            return
        # the detector finds the declared names in a text, then the redactor replaces them in the
        # same text: the view and where names start are worked out once for both
        last = self._last_view
        if last is not None and (last[0] is text or last[0] == text):
            _, view, where, candidates = last
        else:
            view, where = _without_word_breaks(text)
            # Look only where a word that can start a name starts (found by one C-speed search;
            # most published files hold none), then try the pattern there.
            candidates = self._name_positions(view)
            self._last_view = (text, view, where, candidates)
        pos = 0
        starts = self._starts
        if not names_only and candidates:
            candidates = None   # a title may start the match ("DS Smith"): look where titles start too
        elif not names_only and candidates == []:
            return              # every match holds a name's word, and this text holds none (most texts)
        if candidates is None:
            candidates = [w.start() for w in self._start_words().finditer(view) if w.group(0).casefold() in starts]
        for start in candidates:
            if start < pos:
                continue
            before = view[start - 1] if start > 0 else ""
            if before and (_in_name(before) or (before in "-\u2010" and start > 1 and _in_name(view[start - 2])
                                                 and not _ID_BEFORE_RE.search(view, max(0, start - 12), start))):
                continue  # inside a word, or the second half of a hyphenated name (not of "DHR-Shabana-2023")
            m = self._regex.match(view, start)
            if m is None:
                continue
            name = m.group("name")
            variant = self._table.get(_key(name))
            if (variant is None or (variant.capitalised_only and not name[:1].isupper())) and m.group("title"):
                # "sgt wojcik" declared as typed: the title the pattern took is part of the name
                whole = self._table.get(_key(m.group("title") + name))
                if whole is not None and whole.declared:
                    variant = whole
            if variant is None or (variant.capitalised_only and not name[:1].isupper()):
                continue
            if len(variant.words) == 1 and variant.words[0].lower() in _MONTHS and _in_a_date(view, start, m.end("name")):
                continue    # "June 2022", "30 June": the month, not the person called June
            poss = m.group("poss") or ""
            end = m.end()
            if poss in _APOSTROPHES and start > 0 and before in "'\u2018\u2019":
                end -= 1  # 'Charles': a closing quote, not a possessive
                poss = ""
            pos = end
            if where is not None:
                start, end = where[start], where[end - 1] + 1
                name = text[where[m.start("name")] : where[m.end("name") - 1] + 1]
            elif view is not text:      # letters folded, one for one: the same places
                name = text[m.start("name") : m.end("name")]
            yield start, end, name, poss, variant

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Every declared name or variant still in ``text``: (start, end, text found)."""
        return [(start, end, text[start:end]) for start, end, _, _, _ in self._matches(text, names_only=True)]

    def replace(self, text: str) -> tuple[str, list[Replacement]]:
        """``text`` with every declared name replaced, and the list of replacements made."""
        out: list[str] = []
        done: list[Replacement] = []
        last = 0
        for start, end, name, poss, variant in self._matches(text):
            if variant.refer_to_as is _AMBIGUOUS:
                continue
            wording: str = variant.refer_to_as
            letters = [c for c in name if c.isalpha()]
            initials = any(_is_initials(w) for w in variant.words) or all(   # "JT", "J. R." keep the wording's case
                len(w.rstrip(".")) == 1 for w in variant.words) or len(letters) <= 3
            if len(letters) > 1 and not initials and all(c.isupper() for c in letters) and not wording[:1].isupper():
                wording = wording.upper()
            elif _at_sentence_start(text, start):
                wording = wording[:1].upper() + wording[1:]
            if poss:
                apostrophe = poss[0]
                wording += apostrophe if wording.endswith(("s", "S")) else apostrophe + ("S" if wording.isupper() else "s")
            out.append(text[last:start])
            out.append(wording)
            done.append(Replacement(start, end, text[start:end], wording))
            last = end
        out.append(text[last:])
        return "".join(out), done
