"""What is known not to be a person (terms, agencies, allowed words) and who is declared,
prepared once per set of lists."""

from __future__ import annotations

import functools
import re

from typing import Any, Mapping

from .lists import NameLists, _FUNCTION_WORDS, _LABEL_WORDS, _NEVER_NAME, _ORDINARY, _TITLES
from .replacer import DeclaredName, Replacer
from .views import _split_name

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
        by_word = self._by_word     # the text's words looked up (a site knows thousands of terms)
        ks = [by_word[w] for w in set(_PLAIN_WORD_RE.findall(plain)) if w in by_word]
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
