"""Names: replacing declared names, and detecting undeclared ones.

Two pure parts, used by the build, the output guard and the redaction report:

* :class:`Replacer` replaces every declared name (a review's ``people``, ``redaction.yaml``
  ``names``) and the variants it implies by its ``refer_to_as`` wording.
* :func:`detect_names` finds names nobody declared, with deterministic rules over
  public-domain name lists (US census first and last names from the ``names`` package) and
  word lists kept here. The first-name dictionary of ``gender-guesser`` (GPL/GFDL, so not a
  default dependency) widens the lists when it is installed. Undeclared names are reported, never replaced: a person decides.

The name lists are read from the installed packages at run time, once, and never copied here.

Detector rules (``Finding.rule``), strongest first:

``name:title``            a title or rank with a name: "DS Holloway", "Dr Andrew Tresidder" (error)
``name:first-last``       a known first name and a surname-like word: "Karen Marsh" (error); a
                          warning when the first name is also an ordinary word ("Will", "Grace")
                          or is known only outside Britain, Ireland and the US, and the next word
                          is in no surname list
``name:initial-surname``  "K. Marsh", "S.J. Thornton" (error)
``name:initials``         two or three capitals used as a person: "JT –", "RB to discuss",
                          "agreed with KM" (error); "XY will ..." opening a line (warning)
``name:split``            a first name alone in a table cell, its surname in the same column of
                          the next line, as PDF and Word extraction leaves them (error)
``name:next-to-declared`` a surname left beside a declared first name: "Susan Smith" (error)
``name:repeat``           a word found in a name, used again elsewhere (as strong as that name);
                          a word of a declared name used on its own (warning)
``name:first-name``       a popular first name on its own: "Peter has completed ..." (warning)
``name:unknown``          two capitalised words that are in no list, in a name-like pair:
                          "Chidi Eze" (warning)

Look-alikes are left alone by lists and rules, not by guessing: ``allow`` and ``known_terms``
from the caller and a few built-in terms ("Clare's Law", "Operation Encompass") are masked; a
name followed by an institution word is an institution ("Mary Seacole Unit"); places, months,
days, acronyms and ordinary words are never names on their own; a capitalised word that also
appears in lower case in the same text is ordinary there.
"""

from __future__ import annotations

import bisect
import functools
import importlib.resources
import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping, Sequence

from ..core.fold import COMBINING, INVISIBLE, REMOVED_RE, fold, fold_letters, mixed_script_words, script
from .patterns import Finding

__all__ = [
    "DeclaredName",
    "Replacement",
    "Replacer",
    "detect_names",
    "NAME_HINT",
    "NameLists",
    "name_lists",
]

NAME_HINT = (
    "declare it in people/names with refer_to_as, reword it, "
    "or add it to allow in redaction.yaml with a reason"
)


# =========================================================================== word lists
#
# Kept here, not taken from a package: what counts as an ordinary word, a place, an
# acronym or a title in these documents. Lower-case unless said otherwise.


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_DATA = importlib.resources.files("actionplans").joinpath("data", "words")


def _lines(name: str) -> Iterator[str]:
    for line in _DATA.joinpath(name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line


def _words_file(name: str) -> frozenset[str]:
    """A word list from actionplans/data/words/NAME.txt: one word a line, # comments."""
    return frozenset(w for line in _lines(f"{name}.txt") for w in line.split())


def _faker_common_words() -> list[str]:
    """The thousand commonest English words, as Faker's English lorem provider lists them (MIT):
    "Add", "Long" or "Test" at the start of a sentence are words, whatever a name list says."""
    try:
        from faker.providers.lorem.en_US import Provider
    except ImportError:  # pragma: no cover - install problem
        return []
    return [w.lower() for w in Provider.word_list if w.isalpha()]


def _tsv_file(name: str, column: int = -1) -> dict[str, str]:
    """actionplans/data/words/NAME.tsv: a term, then columns; term -> a column (by default the
    last: what it stands for)."""
    out: dict[str, str] = {}
    for line in _lines(f"{name}.tsv"):
        cols = line.split("\t")
        out[cols[0].strip()] = cols[column].strip() if len(cols) > 1 else ""
    return out


# Ordinary English words: the vocabulary of published action plans, function words, and
# words that happen to be in a first-name list (so "Will", "Hope", "Grace", "Key", "Job"
# need more than themselves to count as a name).
_ORDINARY = _words_file("ordinary") | frozenset(_faker_common_words())

# Words that are never a first name, whatever a name list says ("The", "In", "On", "To").
_FUNCTION_WORDS = _words_file("function-words")

# First names that are ordinary words are treated as ordinary; these are names first.
_KEEP_AS_NAMES = _words_file("keep-as-names")

# Words that are never a surname after a first name here: institutions, roles, the
# headings of an action plan. ("Will Care Board", "Karen Training Plan").
_NEVER_NAME = _words_file("never-name")

# Capitalised words that, after a name, make it the name of a place or an institution
# ("Mary Seacole Unit", "Clare's Law", "Florence Nightingale Foundation").
_INSTITUTION_SUFFIX = _words_file("institution-suffixes")

# Words before a single capital that make it a label, not an initial ("Baby A", "Child B").
_LABEL_WORDS = _words_file("label-words")

# Titles and ranks before a name. Case-sensitive: "DS" is a rank, "ds" is not.
_TITLES = frozenset(
    """
    Mr Mrs Ms Miss Mx Dr Prof Professor Cllr Councillor Sir Dame Lord Lady Rev Revd Reverend
    Sgt Sergeant Insp Inspector Supt Superintendent Constable Det Detective Judge HHJ
    DS DC PC DI DCI DSI DSU DCS PS PCSO DSupt Ch
    MR MRS MS MISS DR PROF CLLR SGT INSP SUPT
    """.split()
)
# Words that are a title only before another title ("Chief Inspector", "Police Constable").
_TITLE_PREFIXES = frozenset("Chief Police Deputy Assistant Acting Temporary Det Detective Ch".split())
# Titles that are also ordinary words or acronyms: they need a real surname after them.
_WEAK_TITLES = frozenset("Miss Lord Lady Sir Dame Judge Constable DC PC DS DI PS Ch Det Rev MS DR".split())

# Acronyms, ranks, roles and qualifications that are not anybody's initials: data files.
_RANKS = frozenset(term for term, kind in _tsv_file("roles", column=1).items() if kind == "rank")
_ROLES = frozenset(term for term, kind in _tsv_file("roles", column=1).items() if kind != "qualification")
_ACRONYMS = frozenset(_tsv_file("acronyms")) | frozenset(_tsv_file("roles"))

# Places. The caller passes its own (agencies' areas, known_terms); these are the common
# ones, so "Somerset", "Taunton" or "Oxford" never make a name on their own.
_PLACES = _words_file("places")


# =========================================================================== name lists


@dataclass(frozen=True)
class NameLists:
    """First and last names from the installed packages (lower case)."""

    popular_first: frozenset[str]  # US census first names, or British, Irish or US in gender-guesser
    world_first: frozenset[str]  # any other first name in gender-guesser
    last: Mapping[str, int]  # US census surnames -> rank (1 = commonest)


def _read_package_text(package: str, resource: str) -> str:
    try:
        return importlib.resources.files(package).joinpath(resource).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:  # pragma: no cover - install problem
        raise RuntimeError(
            f"the name detector needs the {package!r} package ({resource} not found): "
            "pip install 'names==0.3.0' 'gender-guesser==0.4.0'"
        ) from exc


def _optional_package_text(package: str, resource: str) -> str:
    """gender-guesser's list is GPL/GFDL, not public domain: used only when someone installs it."""
    try:
        return importlib.resources.files(package).joinpath(resource).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return ""


@functools.cache
def name_lists() -> NameLists:
    """Read the packages' name files once."""
    popular: set[str] = set()
    world: set[str] = set()
    for resource in ("dist.male.first", "dist.female.first"):
        for line in _read_package_text("names", resource).splitlines():
            parts = line.split()
            if parts:
                popular.add(parts[0].lower())
    last: dict[str, int] = {}
    for rank, line in enumerate(_read_package_text("names", "dist.all.last").splitlines(), 1):
        parts = line.split()
        if parts:
            last.setdefault(parts[0].lower(), rank)

    # gender-guesser's nam_dict.txt: a sex code, the name from column 3, and from column 30
    # one hexadecimal frequency per country (Great Britain, Ireland, USA, Italy, ...).
    for line in _optional_package_text("gender_guesser", "data/nam_dict.txt").splitlines():
        if not line or line[0] == "#":
            continue
        if line[0] == "=":  # "=  Becca Rebecca": a short form and its long form
            parts = line.split()
            for part in parts[1:3]:
                world.add(part.lower())
            continue
        if len(line) > 29 and line[29] == "+":  # the same name again with expanded umlauts
            continue
        name = line[3:29].strip().lower()
        if not name:
            continue
        freqs = line[30:]
        british = any(c not in " $" for c in freqs[:3])  # Great Britain, Ireland, USA
        variants = {name.replace("+", sep) for sep in ("", " ", "-")} if "+" in name else {name}
        for variant in variants:
            (popular if british else world).add(variant)
    first, surnames = _faker_names()
    popular |= first | _words_file("given-names-welsh")
    for name in surnames:
        last.setdefault(name, _RARE_SURNAME_RANK)
    world -= popular
    return NameLists(frozenset(popular), frozenset(world), last)


# A surname known only from Faker's lists: ranked as a rare one (the census ranks 88,799).
_RARE_SURNAME_RANK = 100_000


def _faker_names() -> tuple[set[str], set[str]]:
    """Given names and surnames, lower case and folded (fold.py), from the person providers of
    every locale of the Faker package (MIT licence) written in the Latin alphabet: British, Irish,
    Welsh and names from the countries people in Britain come from, which the US census lists
    lack (Siobhán, Bethan, Imran, Kofi, Nwosu). Read from the installed package, never copied."""
    import pkgutil

    try:
        import faker.providers.person as people
    except ImportError as exc:  # pragma: no cover - install problem
        raise RuntimeError("the name detector needs the 'faker' package: pip install faker") from exc
    first: set[str] = set()
    last: set[str] = set()
    for module in pkgutil.iter_modules(people.__path__):
        provider = getattr(importlib.import_module(f"{people.__name__}.{module.name}"), "Provider", None)
        for attr, value in vars(provider).items() if provider is not None else ():
            if not attr.startswith(("first_name", "last_name")) or attr.endswith("_formats"):
                continue
            if not isinstance(value, (dict, tuple, list, set, frozenset)):
                continue
            into = first if attr.startswith("first") else last
            for name in value:
                if isinstance(name, str) and name and _latin(name):
                    low = name.lower()
                    into.add(low)
                    into.add(fold(low))
    return first, last


def _latin(name: str) -> bool:
    return all(c.isascii() or script(c) == "LATIN" for c in name if c.isalpha())


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


def _sentence_start(text: str, start: int) -> bool:
    """True when the word at ``start`` begins a sentence, a line, a table cell or a list item."""
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
            _shape(base),
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
    if len(text) < Replacer._FAST_MIN_CHARS:
        return _short_view(text, spaced)     # a field's text is replaced, checked and found: once
    view, where = _without_removed(text, spaced)
    return fold_letters(view), where


@functools.lru_cache(maxsize=8192)
def _short_view(text: str, spaced: bool) -> tuple[str, _Where | None]:
    view, where = _without_removed(text, spaced)
    return fold_letters(view), where


def _without_removed(text: str, spaced: bool) -> tuple[str, _Where | None]:
    if len(text) >= Replacer._FAST_MIN_CHARS:     # a page: look in its bytes (C speed)
        from .patterns import TextBytes

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


_MONTHS = frozenset("january february march april may june july august september october november december".split())
_DAY_BEFORE_RE = re.compile(r"(?<!\d)\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?[\s\u00a0]+$", re.IGNORECASE)
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
            for variant in self._implied(words, decl.refer_to_as):
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
                    parts.append("(?-i:" + re.escape(w[0].upper()) + r")(?:\.[\s\u00a0]*|[\s\u00a0]+)")
                    continue
                if len(w) == 1 and w.isalpha():  # "Baby A": the letter keeps its capital
                    parts.append("(?-i:" + re.escape(w) + ")")
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
            f"(?P<title>{_TITLE_PREFIX_RE})?(?P<name>{body}){_POSS}(?![\\w])(?![-\u2010](?-i:[A-Z\u00c0-\u00d6\u00d8-\u00de]))",
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
                if (i == 0 or not _is_word_char(low[i - 1])) and (end == n or not _is_word_char(low[end])):
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
    _FAST_MIN_CHARS = 4096
    # ASCII word characters and line breaks are kept; every other byte becomes a space
    _LINE_WORD_BYTES = bytes(b if b == 10 or b < 128 and (chr(b).isalnum() or b == ord("_")) else ord(" ")
                             for b in range(256))
    _CLEAN_LINES_MAX = 8_000_000    # bytes of lines remembered

    def _name_positions_in_bytes(self, view: str) -> Any:
        """What the plain search below returns, for a long text; NotImplemented when the text
        has a character that ``view.lower()`` lowers differently from the bytes (K, Σ)."""
        from .patterns import TextBytes

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
            unused = bytes(b for b in range(128) if (chr(b).isalnum() or b == ord("_")) and b not in used)
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
                        found += tb.find_all(spelling.encode("utf-8"), lowered=True, word_start=True, word_end=True)
                    hits.extend((i, len(w)) for i in tb.offsets(found))
        for w in present:
            found = tb.find_all(w.encode("ascii"), lowered=True, word_start=True, word_end=True)
            hits.extend((i, len(w)) for i in tb.offsets(found))
        positions = []
        n = len(view)
        for i, length in hits:
            end = i + length
            if (i == 0 or not _is_word_char(view[i - 1])) and (end == n or not _is_word_char(view[end])):
                positions.append(i)
        positions.sort()
        return positions

    def _matches(self, text: str, *, names_only: bool = False) -> Iterator[tuple[int, int, str, str, _Variant]]:
        """(start, end, name, possessive, variant) for every declared name or variant, left to
        right, longest first. ``start`` includes a title or rank; ``end`` the possessive."""
        if self._regex is None:
            return
        view, where = _without_word_breaks(text)
        pos = 0
        starts = self._starts
        # Look only where a word that can start a name starts (found by one C-speed search;
        # most published files hold none), then try the pattern there.
        candidates = self._name_positions(view) if names_only else None
        if candidates is None:
            candidates = [w.start() for w in self._start_words().finditer(view) if w.group(0).casefold() in starts]
        for start in candidates:
            if start < pos:
                continue
            before = view[start - 1] if start > 0 else ""
            if before and (_is_word_char(before) or (before in "-\u2010" and start > 1 and _is_word_char(view[start - 2]))):
                continue  # inside a word, or the second half of a hyphenated one
            m = self._regex.match(view, start)
            if m is None:
                continue
            name = m.group("name")
            variant = self._table.get(_key(name))
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
            initials = any(_is_initials(w) for w in variant.words)     # "JT" stays lower-case wording
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


# =========================================================================== detection

# Look-alikes that are not people, whatever the caller passes.
_BUILTIN_KNOWN = (
    "Clare's Law", "Claire's Law", "Sarah's Law", "Helen's Law", "Operation Encompass",
    "Triangle of Care", "Mary Seacole", "Florence Nightingale", "Marie Curie", "Sue Ryder",
    "Leonard Cheshire", "Barnardo's", "Dr Barnardo's", "Joseph Rowntree", "John Lewis",
    "Ask for Angela", "Ask for ANI", "Jo Cox", "Citizens Advice", "Victim Support",
    "Women's Aid", "Refuge", "Respect", "SafeLives", "Standing Together", "Hestia",
    "Stephen Lawrence", "Elmore", "Anchor Programme", "Lighthouse", "Niche", "Rio",
    "Carenotes", "SystmOne", "EMIS", "Mosaic", "Liquidlogic", "Homefinder", "Care Director",
)

_TO_VERBS = (
    "discuss|liaise|speak|contact|chase|follow|confirm|check|send|e-?mail|share|update|arrange|"
    "meet|ask|look|raise|circulate|feed|provide|review|write|draft|attend|agree|action|link|"
    "pick|take|forward|escalate|call|phone|ring|visit|complete|present|lead|report|investigate|"
    "consider|explore|establish|find|obtain|identify|progress|seek|source|prepare|organise|"
    "organize|book|set|bring|produce|amend|sign|approve|invite|inform|advise|cascade|collate|"
    "pull|put|pass|let|add|make|get|do|go|see|discuss"
)
_PAST_VERBS = (
    "said|says|agreed|agrees|confirmed|confirms|advised|advises|reported|reports|stated|states|"
    "explained|noted|notes|emailed|e-mailed|called|phoned|rang|spoke|speaks|met|asked|asks|"
    "requested|informed|raised|sent|sends|shared|chased|attended|visited|completed|presented|"
    "suggested|proposed|mentioned|recommended|wrote|writes|replied|responded|discussed|liaised|"
    "contacted|arranged|updated|reviewed|approved|signed|actioned|escalated|highlighted|"
    "feels|felt|thinks|thought|believes|wants|explained|delivered|led|chaired|to\\s+lead"
)
_INITIALS_VERB_RE = re.compile(rf"[ \t]+(?:to[ \t]+(?:{_TO_VERBS})|(?:{_PAST_VERBS}))\b")
# present-tense verbs a person does in minutes: "AM confirms", "BA has drafted"
_INITIALS_ACTS_RE = re.compile(r"[ \t]+(?:confirms|reports|advises|agrees|suggests|notes|states|explains|asks|"
                               r"has[ \t]+(?:drafted|agreed|confirmed|sent|shared|written|delivered|spoken|"
                               r"contacted|chased|completed|offered|asked|been[ \t]+asked))\b")
_INITIALS_WEAK_VERB_RE = re.compile(r"[ \t]+(?:will|has|had|is|was|would|can|could|should|needs?|and|&|/)\b")
_INITIALS_DASH_RE = re.compile(r"[ \t]*(?:[\u2013\u2014]|-{1,2}|:)[ \t]")
_INITIALS_BEFORE_RE = re.compile(
    r"(?:\b(?:agreed|agree|discussed|discuss|spoke|spoken|speak|speaking|met|meeting|liaised|liaising|"
    r"liaise|checked|check|confirmed|emailed|e-mailed|email|called|phoned|rang|contacted|contact|"
    r"shared|raised|escalated|sent|forwarded|passed|chased|according|thanks|thank|asked|informed|"
    r"advised|updated|chaired|led|completed|signed\s+off|signed|provided|sent\s+to|delegated|allocated|"
    r"assigned)(?:[ \t]+(?:with|to|by|from|on|for))?|\bcc|\bper|\bFAO|\bfao|\battn|\bc/o|"
    r"\b(?:actions?|tasks?)[ \t]+(?:for|from)|\b(?:owner|action[ \t]+owner|lead|contact|by)[ \t]*:|"
    r"\b(?:present|attendees|attending|apologies|in[ \t]+attendance)[ \t]*:)[:. \t]+$",
    re.IGNORECASE,
)
_ACRONYM_NOUN_SET = _words_file("acronym-nouns")
_ARTICLES = "the|a|an|our|their|this|that|its|each|every|any|all|whose|which"
_CONTACT_AFTER_RE = re.compile(r"[ \u00a0]+(?:on|at|via)[ \u00a0]+(?:\+?\d[\d ()-]{6,}\d|[\w.+-]+@[\w-]+\.)")
_OPEN_QUOTES = ("'", "\u2018", '"', "\u201c")
_CLOSE_QUOTES = ("'", "\u2019", '"', "\u201d")
# Words reviews put before a letter or a number to name somebody: "Adult A", "Mother B", "Child 2"
_PERSON_LABELS = frozenset(
    "child baby adult person subject sibling victim perpetrator infant young mother father son daughter brother "
    "sister friend neighbour partner colleague relative cousin aunt uncle grandmother grandfather stepfather "
    "stepmother parent carer patient resident client tenant man woman boy girl male female witness suspect "
    "offender twin member".split())
_ACTS_AFTER_RE = re.compile(
    r"[ \u00a0]+\(\d{1,3}\)|[ \u00a0]+was[ \u00a0]+\d{1,3}\b|[ \u00a0]+(?:said|says|told|tells|reported|reports|lived|lives|died|attended|attends|called|rang|phoned|saw|"
    r"met|moved|disclosed|discloses|described|describes|returned|married|worked|works|spoke|visited|stayed|"
    r"contacted|received|became|was[ \u00a0]+(?:seen|killed|found|admitted|referred|assessed|living|known|pregnant)|"
    r"had[ \u00a0]+(?:been|told|said|a|an|no))\b")
_PERSON_AFTER_RE = re.compile(
    r"[ \u00a0]+(?:(?:line|team|case|named|new|former|old|own)[ \u00a0]+)?(?:deputy|manager|team|colleague|colleagues|"
    r"mother|father|mum|dad|sister|brother|partner|husband|wife|son|daughter|children|child|baby|family|friend|"
    r"friends|aunt|uncle|grandmother|grandfather|niece|nephew|cousin|neighbour|carer|gp|post|role|email|e-mail|"
    r"office|caseload|supervisor|worker|advocate|absence|leave|view|views|death|home|flat|house|car)\b", re.IGNORECASE)
_PROGRAMME_AFTER_RE = re.compile(
    r"[ \u00a0]+(?:review|report|pathway|session|sessions|training|model|protocol|audit|tool|toolkit|pack|"
    r"approach|framework|visits|checklist|method|briefing|workshop|template)\b(?![ \u00a0]*\d)", re.IGNORECASE)
_PLACE_BEFORE = frozenset("in at for from of into near across around within outside between via and or the a an "
                          "to towards through".split())
# where a name typed in lower case stands on its own: "copied in by morag", "emailed tanisha", "thanks, jo"
_LOWER_NAME_BEFORE = frozenset("by cc emailed e-mailed asked thanks thank told ask contact contacted phoned called rang "
                               "chased per fao attn from with to".split())
_LOWER_NAME_ALONE_RE = re.compile(r"[ \t]*(?::|\(|,[ \t]*\(|\r?\n|$)")
_AGENT_ENDINGS = ("ors", "ers", "ists", "ians", "ants", "ents", "ees")
_LABEL_NUMBER_RE = re.compile(r"[ \u00a0]+(\d{1,2})(?![\d/.:%\w]|\.\d)")
# "DapR", "McK", "VdM", "DeS": initials with a particle (a capital at each end, 1–3 lower-case between)
_MIXED_INITIALS_RE = re.compile(r"[A-Z][a-z]{1,3}[A-Z]{1,2}|[A-Z][a-z][A-Z][a-z]?|[A-Z]{2}[a-z]{1,2}[A-Z]")
_LOWER_WORD_RE = re.compile(r"(?<![\w@.\-/])[a-z][a-z\u2010-]*[a-z](?![\w@/]|\.[a-z])")
_LOWER_GAP_RE = re.compile(r"[ \u00a0]+")


@dataclass(frozen=True)
class _NameWords:
    first: frozenset[str]   # popular first names that are no ordinary word
    last: frozenset[str]    # surnames that are no ordinary word


@functools.cache
def _name_words() -> _NameWords:
    lists = name_lists()
    return _NameWords(frozenset(w for w in lists.popular_first if w.isalpha() and not _plain_word(w)),
                      frozenset(w for w in lists.last if w.isalpha() and not _plain_word(w)))


def _listed_word(word: str) -> bool:
    """In one of the lists of words (not only shaped like a form of one)."""
    return word in _ORDINARY or word in _FUNCTION_WORDS or word in _NEVER_NAME or word in _PLACES


def _plain_word(word: str) -> bool:
    """An ordinary English word (or a form of one), a function word, a place or a plan word."""
    if word in _ORDINARY or word in _FUNCTION_WORDS or word in _NEVER_NAME or word in _PLACES:
        return True
    for suffix in ("s", "es", "ed", "d", "ing", "ly", "er", "ers"):
        if word.endswith(suffix) and word[:-len(suffix)] in _ORDINARY:
            return True
    return False
_SPACED_GAP_RE = re.compile(r"\.?[ \u00a0]|\.")     # between spaced initials: "A B", "J. T.", "J.T."


_NAME_CELL_RE = re.compile(
    r"(?m)(?:^|\t)[ \u00a0]*(?P<cell>(?:[A-Z][\w.'\u2019-]*[ \u00a0]+){0,2}[A-Z][\w'\u2019-]*[ \u00a0]*)(?=\t|\r?$)"
)
_ARTICLE_SET = frozenset(_ARTICLES.split("|"))
_SERVICE_NOUN_AFTER_RE = re.compile(
    r"[ \u00a0]+(?:helpline|line|service|services|project|scheme|programme|program|team|unit|"
    r"centre|center|model|tool|toolkit|pathway|app|website|clinic|ward|house|suite|hub|group|"
    r"network|forum|approach|framework|protocol|checklist|form|award|fund|law|act|principles)\b"
)
_NEXT_WORD_RE = re.compile(r"[ \t]+([a-z]+(?:-[a-z]+)?)")


def _as_term(item: Any) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, Mapping):
        for key in ("term", "name", "text", "value"):
            if isinstance(item.get(key), str):
                return item[key]
    for attr in ("term", "name", "text", "value"):
        value = getattr(item, attr, None)
        if isinstance(value, str):
            return value
    raise TypeError(f"not a term: {item!r}")


def _as_declared(item: Any) -> DeclaredName:
    if isinstance(item, DeclaredName):
        return item
    if isinstance(item, str):
        return DeclaredName(item, "someone")
    if isinstance(item, Mapping):
        return DeclaredName(str(item["name"]), str(item.get("refer_to_as") or "someone"))
    return DeclaredName(str(getattr(item, "name")), str(getattr(item, "refer_to_as", "") or "someone"))


def _is_acronym(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


@functools.lru_cache(maxsize=4096)
def _term_regex(term: str, on_lowered: bool) -> re.Pattern[str] | None:
    """An allowed or known term, whole words, any spacing. Acronyms keep their case; other
    terms match in any case: against the lower-cased text when ``on_lowered`` (faster)."""
    words = term.split()
    if not words:
        return None
    acronym = _is_acronym(term)
    if on_lowered and not acronym:
        words = [w.lower() for w in words]
    body = r"[\s\u00a0]+".join(re.escape(w) for w in words)
    body = re.sub("['\u2019]", "['\u2019]", body)
    flags = 0 if acronym or on_lowered else re.IGNORECASE
    # no assertion in front: a literal start lets the search skip ahead fast; the caller checks
    # that the match starts a word
    return re.compile(r"(?:" + body + r")(?:['\u2019][sS])?(?!\w)", flags)


@functools.lru_cache(maxsize=64)
def _replacer_for(declared: tuple[DeclaredName, ...]) -> Replacer:
    return Replacer(declared)


_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@functools.lru_cache(maxsize=16)
def _term_index(terms: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Terms grouped by their first word (lower case), built once per set of terms: a text is
    then only matched against the terms whose first word it contains."""
    index: dict[str, list[str]] = {}
    for term in dict.fromkeys(terms):
        words = term.split()
        if words:
            index.setdefault(words[0].lower().replace("\u2019", "'"), []).append(term)
    return tuple((first, tuple(ts)) for first, ts in index.items())


@functools.lru_cache(maxsize=16)
def _terms_of(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_as_term(i) for i in items)


class _Terms:
    """The allowed and known terms (and the built-in ones), prepared once for many texts: grouped
    by first word, each with whether it is an acronym and its regex for lower-cased text."""

    __slots__ = ("index", "_by_word", "_others")

    def __init__(self, terms: tuple[str, ...]):
        self.index = tuple((first, tuple((term, _is_acronym(term), _term_regex(term, True)) for term in group))
                           for first, group in _term_index(terms))
        self._by_word: dict[str, int] = {}   # a first word of ASCII letters and digits -> its group
        others = []
        for k, (first, _) in enumerate(self.index):
            if first.isascii() and first.isalnum():
                self._by_word[first] = k
            else:
                others.append(k)
        self._others = tuple(others)

    def groups_in(self, plain: str, same_length: bool) -> list:
        """The groups worth matching in a text: those whose first word is in ``plain`` (the text
        lower-cased, with ’ as '). When the lower-cased text is as long as the text (so each
        character became one character, a word character if and only if it was one), a first
        word of ASCII letters and digits counts only when it is one of the text's words: a
        term's match starts a word and its first word ends before a space, an apostrophe or the
        end, so there is nothing to find anywhere else."""
        index = self.index
        if not same_length:
            return [group for group in index if group[0] in plain]
        ks = [self._by_word[w] for w in self._by_word.keys() & set(_PLAIN_WORD_RE.findall(plain))]
        ks.extend(k for k in self._others if index[k][0] in plain)
        ks.sort()
        return [index[k] for k in ks]


_PLAIN_WORD_RE = re.compile(r"\w+")


@functools.lru_cache(maxsize=16)
def _terms_for(terms: tuple[str, ...]) -> _Terms:
    return _Terms(terms)


class _Declared:
    """Declared names, prepared once for many texts: the replacer that finds them, and the words
    of each name that rule_repeat looks for on their own."""

    __slots__ = ("names", "_replacer", "_from_declared")

    def __init__(self, names: tuple[DeclaredName, ...], replacer: Replacer | None = None):
        self.names = names
        self._replacer = replacer
        self._from_declared: dict[str, str] | None = None

    def spans(self, text: str) -> list[tuple[int, int]]:
        if not self.names:
            return []
        if self._replacer is None:
            self._replacer = _replacer_for(self.names)
        return [(s, e) for s, e, _ in self._replacer.find(text)]

    def from_declared(self, lists: NameLists) -> dict[str, str]:
        """Each word of a declared name of two or more words -> the first name it is part of."""
        if self._from_declared is None:
            from_declared: dict[str, str] = {}
            for decl in self.names:
                parts = _split_name(decl.name)
                if len(parts) < 2:
                    continue
                for part in parts:
                    base = part.rstrip(".")
                    if len(base) < 2 or base in _TITLES or base.lower() in _LABEL_WORDS or base.lower() in _FUNCTION_WORDS:
                        continue
                    if base.lower() in _NEVER_NAME or (base.lower() in _ORDINARY and base.lower() not in lists.popular_first):
                        continue
                    from_declared.setdefault(base[:1].upper() + base[1:], decl.name)
            self._from_declared = from_declared
        return self._from_declared


@functools.lru_cache(maxsize=64)
def _declared_for(names: tuple[DeclaredName, ...]) -> _Declared:
    return _Declared(names)


class _Detector:
    """One run of the rules over one text."""

    def __init__(self, text: str, terms: _Terms, declared: _Declared, learned: Mapping[str, str] | None = None):
        self.text = text
        self.learned = learned or {}     # words of names found in the review's earlier texts
        self.name_words: dict[str, str] = {}
        self.declared = declared.names
        self._declared_set = declared
        self.lists = name_lists()
        self.toks = _tokenise(text)
        self.masked: list[tuple[int, int]] = []
        self.declared_spans: list[tuple[int, int]] = []
        lowered = text.lower()
        same_length = len(lowered) == len(text)
        plain = lowered.replace("\u2019", "'")
        for _first, group in terms.groups_in(plain, same_length):
            for term, acronym, rx in group:
                if not same_length:
                    rx = _term_regex(term, False)
                if rx is not None:
                    where = lowered if same_length and not acronym else text
                    self.masked.extend(
                        (m.start(), m.end()) for m in rx.finditer(where)
                        if m.start() == 0 or not _is_word_char(where[m.start() - 1])
                    )
        if "://" in text or "www." in text:
            self.masked.extend((m.start(), m.end()) for m in _URL_RE.finditer(text))
        if "@" in text:
            self.masked.extend((m.start(), m.end()) for m in _EMAIL_RE.finditer(text))
        if declared.names:
            self.declared_spans = declared.spans(text)
        self._mark_masked()
        # an e-mail address or a link ("helen.brookes@...") holds names in lower case: its words
        # must not make the same name, capitalised beside it, look like an ordinary word
        plain_text = text
        if "@" in text or "://" in text or "www." in text:
            plain_text = _EMAIL_RE.sub(" ", _URL_RE.sub(" ", text))
        words = _ANY_WORD_RE.findall(plain_text)
        self.doc_lower = set(filter(str.islower, words))
        # first names typed in lower case: "leah abramsky also asked" is a name, not two words
        self.lower_names = self.doc_lower & _name_words().first
        if any("-" in w for w in self.doc_lower):       # "ana-maria": every part a first name
            firsts = name_lists().popular_first
            self.lower_names |= {w for w in self.doc_lower if "-" in w and all(p in firsts for p in w.split("-"))}
        if self.lower_names:
            self.doc_lower -= self.lower_names
            after = re.finditer(r"\b(?:" + "|".join(sorted(self.lower_names)) + r")[ \u00a0]+([a-z][a-z\u2010-]+)", text)
            self.doc_lower -= {m.group(1) for m in after if not _plain_word(m.group(1))}
            self.doc_lower -= {w for w in self.doc_lower & _name_words().last if w[:1].upper() + w[1:] in text}
        self.doc_upper = frozenset()
        self.findings: list[tuple[int, int, str, str, str]] = []  # start, end, rule, severity, message
        self.covered: set[int] = set()  # token indexes inside a finding
        self.error_covered: set[int] = set()  # token indexes inside an error
        self._plurals: set[str] | None = None

    # ------------------------------------------------------------------ token facts

    def _mark_masked(self) -> None:
        spans = sorted(self.masked + self.declared_spans)
        declared = sorted(self.declared_spans)
        if not spans:
            return
        j = 0
        d = 0
        for tok in self.toks:
            while j < len(spans) and spans[j][1] <= tok.start:
                j += 1
            k = j
            while k < len(spans) and spans[k][0] < tok.end:
                if spans[k][1] > tok.start:
                    tok.masked = True
                    break
                k += 1
            while d < len(declared) and declared[d][1] <= tok.start:
                d += 1
            if d < len(declared) and declared[d][0] < tok.end and declared[d][1] > tok.start:
                tok.declared = True

    def is_place(self, tok: _Tok) -> bool:
        if tok.low not in _PLACES:
            return False
        rank = self.lists.last.get(tok.low)
        return rank is None or rank > 3000

    def first_tier(self, tok: _Tok) -> int:
        """2: a popular first name; 1: a first name somewhere in the world; 0: not one."""
        if tok.tier < 0:
            tok.tier = self._first_tier(tok)
        return tok.tier

    def _first_tier(self, tok: _Tok) -> int:
        if tok.shape not in ("title", "upper") or tok.masked or tok.low in _PLACES or tok.base in _TITLES:
            return 0
        if tok.low in _FUNCTION_WORDS:
            return 0
        if tok.low in self.lists.popular_first:
            return 2
        best = 0
        for part in (re.split(r"[-\u2010]", tok.low) if "-" in tok.low or "\u2010" in tok.low else (tok.low,)):
            if part in self.lists.popular_first:
                best = 2
            elif part in self.lists.world_first and best == 0:
                best = 1
            if best == 2:
                break
        return best

    def is_last(self, tok: _Tok) -> bool:
        parts = [p for p in re.split(r"[-\u2010]", tok.low) if p]
        return bool(parts) and all(p in self.lists.last or p in self.lists.popular_first for p in parts)

    def ordinary(self, tok: _Tok) -> bool:
        """An ordinary word, in our lists, in lower case elsewhere in this text, or by its ending."""
        low = tok.low
        if low in _KEEP_AS_NAMES:
            return False
        if low in _ORDINARY or low in _NEVER_NAME or low in self.doc_lower:
            return True
        doc = self.doc_lower
        if len(low) > 3 and (low + "s" in doc or low + "ed" in doc or low + "ing" in doc or (low.endswith("e") and (low + "d" in doc or low[:-1] + "ing" in doc))):
            return True
        if "-" in low:
            parts = low.split("-")
            if all(p in _ORDINARY or p in self.doc_lower for p in parts):
                return True
        if low in self.lists.last or low in self.lists.popular_first or low in self.lists.world_first:
            return False
        return len(low) > 4 and low.endswith(_ORDINARY_SUFFIXES)

    def _ordinary_by_ending_only(self, tok: _Tok) -> bool:
        """Thought ordinary only for its ending ("Sioned": -ed), not for being a known word."""
        low = tok.low
        return not (low in _ORDINARY or low in _NEVER_NAME or low in self.doc_lower) and "-" not in low \
            and not any(low + e in self.doc_lower for e in ("s", "ed", "ing"))

    def ambiguous_first(self, tok: _Tok) -> bool:
        if tok.low in _KEEP_AS_NAMES:
            return False
        return self.ordinary(tok) or tok.low in _INSTITUTION_SUFFIX

    def never_name(self, tok: _Tok) -> bool:
        return tok.masked or tok.low in _NEVER_NAME or self.is_place(tok) or tok.base in _TITLES

    def surname_score(self, tok: _Tok) -> int:
        """2: a surname; 1: could be one (a surname that is also a word, or an unknown word); 0: not."""
        if tok.shape == "upper":
            if tok.base in _ACRONYMS or len(tok.base) < 3 or self.never_name(tok):
                return 0
            return 2 if (self.is_last(tok) and not self.ordinary(tok)) else 0
        if tok.shape != "title" or self.never_name(tok):
            return 0
        ordinary = self.ordinary(tok)
        if self.is_last(tok):
            return 1 if ordinary else 2
        if ordinary:
            return 0
        return 1

    def is_suffix(self, tok: _Tok) -> bool:
        return tok.shape in ("title", "upper") and tok.low in _INSTITUTION_SUFFIX

    def soft_suffix(self, tok: _Tok) -> bool:
        """An institution word that is also a common surname (Ward, Hall, Lane, Park)."""
        rank = self.lists.last.get(tok.low)
        return self.is_suffix(tok) and rank is not None and rank <= 5000

    def joined(self, i: int) -> bool:
        return i + 1 < len(self.toks) and _joined(self.text, self.toks[i], self.toks[i + 1])

    # ------------------------------------------------------------------ findings

    def add(self, i: int, j: int, rule: str, severity: str, message: str | None = None) -> None:
        """A finding over tokens i..j (inclusive)."""
        start, end = self.toks[i].start, self.toks[j].end
        if self.toks[j].poss and self.text[self.toks[j].end - 2 : self.toks[j].end].lower() in ("'s", "\u2019s"):
            end -= 2  # report "Karen", not "Karen's"
        found = self.text[start:end]
        if message is None:
            if severity == "error":
                message = f"looks like a person's name: '{found}'"
            else:
                message = f"may be a person's name: '{found}'"
        self.findings.append((start, end, rule, severity, message))
        self.covered.update(range(i, j + 1))
        if severity == "error":
            self.error_covered.update(range(i, j + 1))

    def run(self) -> list[Finding]:
        self.rule_runs()
        self.rule_split()
        self.rule_initials()
        self.rule_spaced_initials()
        self.rule_capitals()
        self.rule_capitals_word()
        self.rule_mixed_initials()
        self.rule_lower_case()
        self.rule_labels()
        self.rule_next_to_declared()
        self.rule_repeat()
        return self.result()

    # "DS Smith", "Karen Marsh", "K. Marsh", "Nkechi Okafor"
    def rule_runs(self) -> None:
        toks = self.toks
        i = 0
        n = len(toks)
        while i < n:
            tok = toks[i]
            if tok.masked or tok.shape not in ("title", "initial", "upper"):
                i += 1
                continue
            nxt = self.rule_title(i)
            if nxt is None:
                nxt = self.rule_first(i)
            if nxt is None:
                nxt = self.rule_initial(i)
            if nxt is None:
                nxt = self.rule_unknown(i)
            if nxt is None:
                nxt = self.rule_unknown_initial(i)
            if nxt is None:
                nxt = self.rule_programme(i)
            if nxt is None:
                nxt = self.rule_possessive(i)
            if nxt is None:
                nxt = self.rule_acts(i)
            if nxt is None:
                nxt = self.rule_contact(i)
            if nxt is None:
                nxt = self.rule_acts_unknown(i)
            if nxt is None:
                nxt = self.rule_capitals_name(i)
            i = nxt if nxt is not None else i + 1

    def _collect(self, i: int, limit: int = 3, allow_initials: bool = True) -> list[int]:
        """Name-like tokens after token i (joined to it), up to ``limit``."""
        out: list[int] = []
        k = i
        while len(out) < limit and self.joined(k):
            nxt = self.toks[k + 1]
            if nxt.shape == "initial" and allow_initials and nxt.base not in ("A", "I") and self.joined(k + 1):
                out.append(k + 1)
                k += 1
                continue
            if self.surname_score(nxt) == 0:
                break
            if out and self.is_suffix(nxt):
                break
            out.append(k + 1)
            k += 1
            if nxt.poss:
                break
        while out and self.toks[out[-1]].shape == "initial":
            out.pop()
        return out

    def _institution_after(self, j: int) -> bool:
        """The name ending at token j is part of an institution's name ("... Unit")."""
        if self.toks[j].poss:
            k = j + 1
            if k < len(self.toks) and self.toks[k].start - self.toks[j].end <= 2 and self.is_suffix(self.toks[k]):
                return True
            return False
        return self.joined(j) and self.is_suffix(self.toks[j + 1])

    def rule_title(self, i: int) -> int | None:
        toks = self.toks
        tok = toks[i]
        k = i
        if tok.base in _TITLE_PREFIXES and self.joined(i) and toks[i + 1].base in _TITLES:
            k = i + 1
        elif tok.base not in _TITLES:
            return None
        while self.joined(k) and toks[k + 1].base in _TITLES and toks[k + 1].base not in ("PC", "DC", "DS"):
            k += 1
        title = toks[k]
        names = self._collect(k)
        if not names:
            # "Mr Z", "Dr S": a title and one capital, a pseudonym or a surname's initial
            nxt = toks[k + 1] if self.joined(k) else None
            if (nxt is not None and nxt.shape == "initial" and title.base not in _WEAK_TITLES
                    and not (self.joined(k + 1) and toks[k + 2].shape in ("title", "upper"))):
                self.add(i, k + 1, "name:title", "error")
                return k + 2
            return None
        last = toks[names[-1]]
        if title.base in _WEAK_TITLES or title.shape == "upper":
            rank = title.base in _RANKS and not last.sent
            if not (self.surname_score(last) == 2 or self.first_tier(toks[names[0]]) == 2
                    or (self.surname_score(last) == 1 and (rank or not self.is_last(last)))):
                return None
        if self._institution_after(names[-1]):
            return names[-1] + 1
        self.add(i, names[-1], "name:title", "error")
        return names[-1] + 1

    def rule_first(self, i: int) -> int | None:
        toks = self.toks
        tok = toks[i]
        tier = self.first_tier(tok)
        if tier == 0 or tok.masked:
            return None
        if tok.shape == "upper" and (len(tok.base) < 3 or tok.base in _ACRONYMS):
            return None
        prev = toks[i - 1] if i > 0 else None
        after_place_word = prev is not None and prev.low in ("st", "saint", "operation", "project", "storm", "hurricane", "hms", "camp", "port", "fort", "mount", "lake") and self.joined(i - 1)
        if after_place_word:
            return None
        ambiguous = self.ambiguous_first(tok)
        names = self._collect(i)
        if tok.shape == "upper":
            names = [k for k in names if toks[k].shape == "upper"]
            if not names or ambiguous or self.surname_score(toks[names[-1]]) < 2:
                return None
        if names:
            last = toks[names[-1]]
            if self._institution_after(names[-1]):
                return names[-1] + 1
            score = max(self.surname_score(toks[k]) for k in names)
            unknown = any(not self.is_last(toks[k]) and self.surname_score(toks[k]) == 1 for k in names)
            if self.is_suffix(last) and len(names) == 1:
                if not self.soft_suffix(last) or ambiguous:
                    return names[-1] + 1  # "Victoria Hospital", "Grace House"
                if self.joined(names[-1]) and toks[names[-1] + 1].shape == "title":
                    return names[-1] + 1  # "Eden House Women's Centre"
                self.add(i, names[-1], "name:first-last", "warning")
                return names[-1] + 1
            if tok.shape == "upper":
                severity = "warning"
            elif ambiguous:
                if self.surname_score(toks[names[0]]) == 2:
                    severity = "error"
                elif unknown and not tok.sent:
                    severity = "warning"
                else:
                    return None
            elif tier == 2:
                severity = "error"
            else:
                severity = "error" if score == 2 else "warning"
            self.add(i, names[-1], "name:first-last", severity)
            return names[-1] + 1
        # a first name and the initial of a surname: "Karen M", "Helen B."
        if (tok.shape == "title" and not tok.poss and self._initial_after(i)
                and not toks[i + 1].masked and toks[i + 1].base not in ("A", "I")
                and not (self.joined(i + 1) and toks[i + 2].shape in ("title", "initial", "upper"))
                and (tier == 2 or not ambiguous)):
            self.add(i, i + 1, "name:first-initial", "error",
                     f"looks like a person's first name and initial: '{self.text[tok.start:toks[i + 1].end]}'")
            return i + 2
        # a first name on its own
        if ambiguous or tier < 2 or tok.shape != "title":
            return None
        if self._institution_after(i):
            return i + 1
        if tok.poss and i + 1 < len(toks) and toks[i + 1].shape == "title" and toks[i + 1].start - tok.end <= 2:
            return i + 1  # "Sarah's Law"-like: a possessive in front of a capitalised word
        if self.joined(i) and toks[i + 1].shape in ("title", "upper") and self.ordinary(toks[i + 1]) and not toks[i + 1].sent:
            return i + 1  # "Christian Aid": part of the name of something
        if not tok.poss and _SERVICE_NOUN_AFTER_RE.match(self.text, tok.end):
            return i + 1  # "the Pippa helpline"
        self.add(i, i, "name:first-name", "warning")
        return i + 1

    def _initial_after(self, i: int) -> bool:
        """A single capital (not 'A' or 'I') follows token i and ends the name."""
        toks = self.toks
        return (self.joined(i) and toks[i + 1].shape == "initial" and not toks[i + 1].masked
                and toks[i + 1].base not in ("A", "I")
                and not (self.joined(i + 1) and toks[i + 2].shape in ("title", "initial", "upper")))

    def rule_unknown_initial(self, i: int) -> int | None:
        """A capitalised word in no list and not a word, then an initial: "Harjit B", "Gethin L"."""
        toks = self.toks
        tok = toks[i]
        if (tok.shape != "title" or tok.poss or self.never_name(tok) or self.ordinary(tok) or self.is_suffix(tok)
                or tok.low in _LABEL_WORDS or not self._initial_after(i)):
            return None
        if _word_before(self.text, tok.start).lower() in _LABEL_WORDS:
            return None
        self.add(i, i + 1, "name:first-initial", "error",
                 f"looks like a person's first name and initial: '{self.text[tok.start:toks[i + 1].end]}'")
        return i + 2

    def rule_possessive(self, i: int) -> int | None:
        """A capitalised word in no word list, owning a person or a role: "Priyanka's deputy"."""
        tok = self.toks[i]
        # a given name that is also a word counts too: "Amber's sister", "Will's GP" are people
        if (tok.shape != "title" or not tok.poss or self.never_name(tok) or self.is_place(tok)
                or tok.low in _INSTITUTION_SUFFIX or (self.ordinary(tok) and tok.low not in self.lists.popular_first)):
            return None
        if not _PERSON_AFTER_RE.match(self.text, tok.end):
            return None
        self.add(i, i, "name:possessive", "error", f"looks like a person's name: '{tok.base}'")
        return i + 1

    def rule_acts(self, i: int) -> int | None:
        """A given name, even one that is also a word, doing what people do: "Rose saw her GP",
        "Amber reports contact", "May called police" (a pseudonym not declared yet)."""
        tok = self.toks[i]
        if (tok.shape != "title" or tok.poss or tok.masked or self.is_place(tok) or tok.low not in self.lists.popular_first
                or tok.low in _FUNCTION_WORDS or tok.base in _TITLES):
            return None
        if tok.low in _MONTHS and _in_a_date(self.text, tok.start, tok.end):
            return None
        quoted = self.text[tok.start - 1:tok.start] in _OPEN_QUOTES and self.text[tok.end:tok.end + 1] in _CLOSE_QUOTES
        if not (quoted or _ACTS_AFTER_RE.match(self.text, tok.end)):
            return None     # a review named by its pseudonym is quoted: "DHR 'Hope'"
        self.add(i, i, "name:first-name", "error", f"looks like a person's name: '{tok.base}'")
        return i + 1

    # "Child G asked", "Adult M's brother": a pseudonym of the kind reviews give
    def rule_labels(self) -> None:
        toks = self.toks
        for i, tok in enumerate(toks):
            if tok.low not in _PERSON_LABELS or tok.masked:
                continue
            number = _LABEL_NUMBER_RE.match(self.text, tok.end) if tok.shape == "title" and not tok.poss else None
            if number and not any(s < tok.start + 1 and tok.start < e for s, e, *_ in self.findings):
                # "Child 2", "Adult 1": people numbered the way reviews number them
                self.findings.append((tok.start, number.end(1), "name:pseudonym", "error",
                                      f"looks like a pseudonym: '{self.text[tok.start:number.end(1)]}' "
                                      "(declare it under people:)"))
                continue
            if not self.joined(i):
                continue
            nxt = toks[i + 1]
            if nxt.shape != "initial" or nxt.masked or nxt.declared or (i + 1) in self.covered:
                continue
            if self.joined(i + 1) and toks[i + 2].shape in ("title", "initial"):
                continue
            self.add(i, i + 1, "name:pseudonym", "error",
                     f"looks like a pseudonym: '{self.text[tok.start:nxt.end]}' (declare it under people:)")

    def rule_acts_unknown(self, i: int) -> int | None:
        """A capitalised word in no list doing what people do in minutes: "Tobenna to book the
        room", "Shireen confirmed", "Precious said" — given names no list can hold them all."""
        tok = self.toks[i]
        if (tok.shape != "title" or tok.poss or tok.masked or tok.declared or len(tok.base) < 3
                or self.never_name(tok) or self.ordinary(tok) or self.is_place(tok) or self.is_suffix(tok)
                or tok.low in _FUNCTION_WORDS or tok.low in _LABEL_WORDS or tok.low in _MONTHS):
            return None
        if i > 0 and self.joined(i - 1) and self.toks[i - 1].shape in ("title", "upper") and not self.toks[i - 1].sent:
            return None     # the last word of a longer name: "Cranstoun Women's Service confirmed" is judged whole
        if _word_before(self.text, tok.start).lower() in _PLACE_BEFORE:
            return None     # "data for Moulsecoomb shared", "Keighley and Shipley had been told": a place
        if tok.low.endswith(_AGENT_ENDINGS) or _plain_word(tok.low.replace("-", "").replace("\u2010", "")):
            return None     # "Co-ordinators to update": people by their job, not by name
        if not (_ACTS_AFTER_RE.match(self.text, tok.end) or _INITIALS_VERB_RE.match(self.text, tok.end)
                or _INITIALS_ACTS_RE.match(self.text, tok.end)):
            return None
        self.add(i, i, "name:first-name", "error",
                 f"looks like a person's name: '{tok.base}' (in no list of words; if it is an organisation or a "
                 "system, add it to the agencies, the glossary or allow)")
        return i + 1

    def rule_capitals_name(self, i: int) -> int | None:
        """A name written in capitals: "MARY O'BRIEN", "JOHN SMITH-JONES" (a given name that is no
        word, then a surname that is no word), as in a heading or a signature."""
        toks = self.toks
        tok = toks[i]
        if tok.shape != "upper" or len(tok.base) < 3 or tok.masked or tok.declared or not self.joined(i):
            return None
        nxt = toks[i + 1]
        if nxt.shape != "upper" or len(nxt.base) < 2 or nxt.masked or nxt.declared:
            return None
        if tok.base in _ACRONYMS or nxt.base in _ACRONYMS or tok.low not in _name_words().first:
            return None
        if not self.is_last(nxt) or self.ordinary(nxt) or self.never_name(nxt) or self.is_place(nxt):
            return None
        self.add(i, i + 1, "name:full-name", "error",
                 f"looks like a person's name in capitals: '{self.text[tok.start:nxt.end]}'")
        return i + 2

    def rule_capitals_word(self) -> None:
        """One word in capitals that is a given name or a surname and no word: "KAREN, was seen",
        "OKAFOR was arrested"; and the police style "Ade OYELARAN", a given name then a surname in
        capitals that no list or glossary explains."""
        toks = self.toks
        for idx, tok in enumerate(toks):
            if (tok.shape != "upper" or len(tok.base) < 4 or tok.masked or tok.declared or idx in self.covered
                    or tok.base in _ACRONYMS or tok.base in _TITLES or _plain_word(tok.low) or self.is_place(tok)
                    or tok.low in _INSTITUTION_SUFFIX):
                continue
            if self.joined(idx) and self.is_suffix(toks[idx + 1]):
                continue    # "CROMER WARD", "LLOYD HOUSE": a place named after somebody or somewhere
            # a surname among other words in capitals is more often a firm's name: "DOMINION HOUSING GROUP"
            named = tok.low in _name_words().first or (tok.low in _name_words().last
                                                        and not self._in_capitals_heading(idx))
            after_given = (idx > 0 and self.joined(idx - 1) and toks[idx - 1].shape == "title"
                           and self.first_tier(toks[idx - 1]) > 0)
            if after_given and (idx - 1) in self.error_covered:     # "DS Mark" found: its surname too
                self.add(idx, idx, "name:capitals", "error", f"looks like a surname in capitals: '{tok.base}'")
            elif after_given and not self.ordinary(toks[idx - 1]):
                self.add(idx - 1, idx, "name:full-name", "error",
                         f"looks like a person's name: '{self.text[toks[idx - 1].start:tok.end]}'")
            elif named:
                self.add(idx, idx, "name:capitals", "error",
                         f"looks like a person's name in capitals: '{tok.base}'")

    def rule_contact(self, i: int) -> int | None:
        """A capitalised word in no list, reached on a phone number or an address: "to Imtiaz on
        0121 464 2290", "Shireen at s.daley@…" — a person's contact details follow a person."""
        tok = self.toks[i]
        if (tok.shape != "title" or tok.poss or tok.masked or tok.sent or self.never_name(tok) or self.ordinary(tok)
                or self.is_place(tok) or self.is_suffix(tok)):
            return None
        if not _CONTACT_AFTER_RE.match(self.text, tok.end):
            return None
        self.add(i, i, "name:first-name", "error", f"looks like a person's name: '{tok.base}'")
        return i + 1

    def rule_programme(self, i: int) -> int | None:
        """A surname that names a local programme or document: "the Halloran session", "Nuttall
        Review", "Holbrook pathway" (often a member of staff's name)."""
        toks = self.toks
        tok = toks[i]
        if tok.shape != "title" or tok.poss or self.never_name(tok) or self.ordinary(tok) or self.is_place(tok):
            return None
        if not self.is_last(tok) or self.first_tier(tok) == 2 and not self.is_last(tok):
            return None
        m = _PROGRAMME_AFTER_RE.match(self.text, tok.end)
        if m is None or (i > 0 and self.joined(i - 1) and toks[i - 1].shape == "title" and not toks[i - 1].sent):
            return None     # "Mary Seacole ...": part of a longer name, judged by the other rules
        self.add(i, i, "name:in-programme", "error",
                 f"a programme or document named after a person: '{tok.base}' (if it is a member of staff, "
                 "reword; if it is a published name, allow it with a reason)")
        return i + 1

    def rule_initial(self, i: int) -> int | None:
        toks = self.toks
        tok = toks[i]
        if tok.shape != "initial" or tok.masked:
            return None
        if tok.base in ("A", "I") and not tok.dot:
            return None
        if _word_before(self.text, tok.start).lower() in _LABEL_WORDS:
            return None
        k = i
        while self.joined(k) and toks[k + 1].shape == "initial" and k - i < 2:
            k += 1
        if not self.joined(k):
            return None
        sur = toks[k + 1]
        score = self.surname_score(sur)
        if score == 0 or self.first_tier(sur) == 2 and not self.is_last(sur):
            return None
        list_marker = tok.sent and (tok.dot or self.text[tok.end : tok.end + 1] == ")")
        if list_marker and not (self.is_last(sur) and not self.ordinary(sur)):
            return None
        if sur.sent and not self.is_last(sur):
            return None
        end = k + 1
        if not sur.poss and self.joined(end) and self.surname_score(toks[end + 1]) == 2 and not self.is_suffix(toks[end + 1]):
            end += 1  # "J. Smith Jones"
        if self._institution_after(end):
            return end + 1
        self.add(i, end, "name:initial-surname", "error")
        return end + 1

    def rule_unknown(self, i: int) -> int | None:
        """Capitalised words that are in no list, in a name-like pair: a warning."""
        toks = self.toks
        tok = toks[i]
        if tok.shape != "title" or self.never_name(tok) or tok.poss:
            return None
        if self.first_tier(tok) or tok.low in _INSTITUTION_SUFFIX:
            return None
        if not self.joined(i):
            return None
        nxt = toks[i + 1]
        if self.ordinary(tok) and not (self.surname_score(nxt) == 2 and (
                self._ordinary_by_ending_only(tok) or (not tok.sent and tok.low in self.lists.last
                                                         and tok.low not in self.doc_lower))):
            return None
        if nxt.shape != "title" or self.never_name(nxt) or self.is_suffix(nxt):
            return None
        if self.ordinary(nxt) and not (self.lists.last.get(nxt.low, 10**9) <= 2500 and not tok.sent
                                        and nxt.low not in self.doc_lower and not self.is_place(tok)):
            return None     # "Manpreet Gill": a surname that is also a word, after an unknown name
        if self.is_last(tok) and self.is_last(nxt) and self.lists.last.get(tok.low, 10**9) < 2000 and tok.sent:
            return None
        end = i + 1
        if self._institution_after(end):
            return end + 1
        if i > 0 and self.joined(i - 1) and toks[i - 1].shape == "title" and not toks[i - 1].sent:
            prev = toks[i - 1]
            if self.is_suffix(prev) or (prev.low in _ORDINARY and prev.low not in _KEEP_AS_NAMES):
                return None  # "Foundry Risk Management Consultancy"-like names
        self.add(i, end, "name:unknown", "warning")
        return end + 1

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

    # "emailed by helen brookes": a name typed in lower case in a cell
    def rule_lower_case(self) -> None:
        if not self.lower_names:
            return
        text, lists = self.text, self.lists
        words = list(_LOWER_WORD_RE.finditer(text))
        paired: set[int] = set()
        for a, b in zip(words, words[1:]):
            if not _LOWER_GAP_RE.fullmatch(text, a.end(), b.start()):
                continue
            first, last = a.group(0), b.group(0)
            # "ana-maria popescu": every part of a hyphenated first name a first name
            given = first in lists.popular_first or ("-" in first and all(
                p in lists.popular_first for p in first.split("-") if p))
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
            if a.start() in paired or word not in self.lower_names or any(
                    s < a.end() and a.start() < e for s, e in self.masked):
                continue
            if any(s < a.end() and a.start() < e for s, e, *_ in self.findings):
                continue
            if not (_word_before(text, a.start()).lower() in _LOWER_NAME_BEFORE or _ACTS_AFTER_RE.match(text, a.end())
                    or _INITIALS_VERB_RE.match(text, a.end()) or _INITIALS_ACTS_RE.match(text, a.end())
                    or _LOWER_NAME_ALONE_RE.match(text, a.end())):
                continue    # only where a person stands: a word list cannot hold every English word
            self.findings.append((a.start(), a.end(), "name:lower-case", "error",
                                  f"looks like a person's name typed in lower case: '{word}'"))

    def _lower_surname(self, word: str) -> bool:
        """A lower-case word after a first name that is a surname: in the lists, or in no list
        of words at all ("thwaite"), and not an ordinary word in any form."""
        parts = [p for p in re.split(r"[-\u2010]", word) if p]
        if not parts:
            return False
        # a listed surname is one unless it is a word itself ("sayers" only looks like say + -ers)
        return all((p in self.lists.last and not _listed_word(p))
                   or (not _plain_word(p) and not p.endswith(_ORDINARY_SUFFIXES)) for p in parts)

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
                   and not toks[k + 1].declared and _SPACED_GAP_RE.fullmatch(text, toks[k].end, toks[k + 1].start)):
                k += 1
            if k == i:
                i += 1
                continue
            letters = [t.base for t in toks[i:k + 1]]
            label = _word_before(text, tok.start).lower() in _LABEL_WORDS
            article = letters[0] == "I" and not tok.dot
            if not label and not article and not self._letter_list(i, k):
                self.add(i, k, "name:initials", "error",
                         f"looks like initials used as a person's name: '{text[tok.start:toks[k].end]}'")
            i = k + 1

    def _letter_list(self, i: int, k: int) -> bool:
        """'A, B and C' or '(a) (b)': options or list labels, not somebody's initials."""
        text = self.text
        return any(text[t.start - 1:t.start] == "(" and text[t.end:t.end + 1] == ")" for t in self.toks[i:k + 1]) \
            or (text[self.toks[k].end:self.toks[k].end + 1] == ")" and "(" not in text[max(0, self.toks[i].start - 2):self.toks[i].start])

    # Every token of two to four capitals is accounted for: a glossary term, an agency's
    # short name or alias, allowed, a rank, role, qualification or common acronym (data
    # files), a word of a heading written in capitals, or a declared person. Anything else may
    # be somebody's initials, and is reported.
    def rule_capitals(self) -> None:
        toks = self.toks
        for idx, tok in enumerate(toks):
            base = tok.base
            if tok.shape != "upper" or not (2 <= len(base) <= 4) or tok.masked or tok.declared:
                continue
            if idx in self.covered or base in _ACRONYMS or base in _TITLES:
                continue
            low = base.lower()
            if low in _FUNCTION_WORDS or ((low in _ORDINARY or low in _NEVER_NAME) and (
                    low not in self.lists.popular_first or self._in_capitals_heading(idx))):
                continue    # a word, written in capitals: "NOT", "PLAN", "DATE"
            if base[-1] == "S" and base[:-1] in _ACRONYMS:
                continue    # "KPIS"
            self._partners(idx)
            self.add(idx, idx, "name:capitals", "error",
                     f"capitals that may be somebody's initials (no glossary term, agency or allowed word explains "
                     f"them): '{base}'")

    def rule_mixed_initials(self) -> None:
        """Initials written with a particle: "DapR" (D. ap Rhys), "McK", "VdM" — short, capitals at
        both ends or split by lower-case letters, and no acronym or term explains them."""
        for idx, tok in enumerate(self.toks):
            if tok.shape != "mixed" or tok.masked or tok.declared or idx in self.covered or tok.poss:
                continue
            base = tok.base
            if not _MIXED_INITIALS_RE.fullmatch(base) or base in _ACRONYMS:
                continue
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
            if o.masked or o.declared:
                continue
            # "Jas / PH / NU": a word in no list beside initials is somebody's first name
            given = (o.shape == "title" and not o.poss and not (self.ordinary(o) or self.never_name(o)
                                                                or self.is_suffix(o) or self.is_place(o)))
            if not given and (o.shape != "upper" or not (2 <= len(o.base) <= 3) or o.base in _ROLES):
                continue
            a, b = sorted((toks[idx], o), key=lambda t: t.start)
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

    def result(self) -> list[Finding]:
        rank = {"error": 0, "warning": 1}
        items = sorted(set(self.findings), key=lambda f: (f[0], -(f[1] - f[0]), rank[f[3]], f[2]))
        kept: list[tuple[int, int, str, str, str]] = []
        reach = -1  # the furthest end of a finding kept so far (they are sorted by start)
        for f in items:
            if f[1] <= reach and not (f[3] == "error" and any(k[3] != "error" and k[0] <= f[0] and f[1] <= k[1] for k in kept[-3:])):
                continue  # inside a finding already kept, which starts no later and is as severe
            kept.append(f)
            reach = f[1]
        out = [Finding(s, e, rule, self.text[s:e], sev, msg, NAME_HINT) for s, e, rule, sev, msg in kept]
        out.sort(key=lambda f: (f.start, f.end, f.rule))
        return out


def detect_names(
    text: str,
    *,
    allow: Iterable[Any] = (),
    known_terms: Iterable[Any] = (),
    declared: Iterable[Any] = (),
) -> list[Finding]:
    """Undeclared people's names in ``text``, sorted by position.

    ``allow``: redaction.yaml ``allow`` (strings, or mappings with a ``term``); ``known_terms``:
    agency names, short names and aliases, glossary terms, topics and places, never flagged;
    ``declared``: names already declared (``DeclaredName``, or plain strings), not reported
    because they will be replaced. Errors are strong signals (a title or rank with a name, a
    known first name with a surname, an initial with a surname, initials used as a person, a
    name split across table lines, a word already found in a name); warnings are weak ones (a
    first name alone, unknown capitalised words in a name-like pair).
    """
    if not text:
        return []
    allow, known_terms = tuple(allow), tuple(known_terms)
    # the build passes the same lists for every text: convert them once
    allow_terms = _terms_of(allow) if all(isinstance(a, str) for a in allow) else tuple(_as_term(a) for a in allow)
    known = _terms_of(known_terms) if all(isinstance(k, str) for k in known_terms) \
        else tuple(_as_term(k) for k in known_terms)
    decl = tuple(_as_declared(d) for d in declared)
    terms, names = _terms_for(allow_terms + known + _BUILTIN_KNOWN), _declared_for(decl)
    return _in_view(text, lambda view: _Detector(view, terms, names).run(), names)


def _in_view(text: str, detect, declared: _Declared | None = None) -> list[Finding]:
    """The findings of ``detect`` run on the text as names are compared in it (fold.py), placed
    back on the text as it is written; and every word that mixes scripts."""
    view, where = _without_word_breaks(text, spaced=False)
    found = detect(view) if view is not text else detect(text)
    if view is not text:
        placed = []
        for f in found:
            start, end = (where[f.start], where[f.end - 1] + 1) if where is not None else (f.start, f.end)
            original = text[start:end]
            placed.append(Finding(start, end, f.rule, original, f.severity,
                                  f.message.replace(f"'{f.text}'", f"'{original}'"), f.hint))
        found = placed
    mixed = mixed_script_words(text)
    replaced = declared.spans(text) if mixed and declared is not None and declared.names else []
    for start, end, word in mixed:
        if any(a < end and start < b for a, b in replaced):
            continue    # a declared name, however it is typed, is replaced: nothing to decide
        found.append(Finding(start, end, "name:mixed-script", word, "error",
                             f"a word mixes letters of different alphabets: '{word}'",
                             "retype it with ordinary letters: a name disguised this way is still a name"))
    return sorted(found, key=lambda f: (f.start, f.end, f.rule))


class NameDetector:
    """``detect_names`` for many texts checked against the same lists (the build checks every
    text of a review with the same ones): the lists are converted and prepared once, and the
    findings for a text seen before are given again without running the rules.

    ``NameDetector(allow=..., known_terms=..., declared=...)(text) == detect_names(text, allow=...,
    known_terms=..., declared=...)``. The lists are read when the detector is made: make a new
    one when they change.

    ``replacer``: a ``Replacer`` already made from exactly the declared names, in the same order
    (with any ``refer_to_as``: where names are found does not depend on the wording), used to
    find them instead of making another one."""

    def __init__(self, *, allow: Iterable[Any] = (), known_terms: Iterable[Any] = (),
                 declared: Iterable[Any] = (), replacer: Replacer | None = None):
        terms = tuple(_as_term(a) for a in allow) + tuple(_as_term(k) for k in known_terms) + _BUILTIN_KNOWN
        self._terms = _terms_for(terms)
        self._declared = _Declared(tuple(_as_declared(d) for d in declared), replacer)
        self._seen: dict[tuple[str, int], tuple[Finding, ...]] = {}
        # The words of the names found so far (a review's texts are checked in file order): "Shireen
        # Daley" found once makes "Shireen" alone a name in every later text of the review.
        self._learned: dict[str, str] = {}

    def __call__(self, text: str) -> list[Finding]:
        if not text:
            return []
        key = (text, len(self._learned))
        found = self._seen.get(key)
        if found is None:
            def run(view: str) -> list[Finding]:
                detector = _Detector(view, self._terms, self._declared, self._learned)
                out = detector.run()
                for word, sev in detector.name_words.items():
                    low = word.lower()
                    # initials are judged where they stand; a surname that is also a word for a
                    # place or a body ("Ward", "Hall") names things too often to count alone
                    if not (word.isupper() and len(word) < 4) and low not in _INSTITUTION_SUFFIX \
                            and low not in _NEVER_NAME and low not in _ORDINARY and low not in _PLACES:
                        self._learned.setdefault(word, sev)
                return out
            found = self._seen[key] = tuple(_in_view(text, run, self._declared))
        return list(found)
