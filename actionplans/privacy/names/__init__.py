"""Names: replacing declared names, and detecting undeclared ones.

Two pure parts, used by the build, the output guard and the redaction report:

* :class:`Replacer` replaces every declared name (a review's ``people``, ``redaction.yaml``
  ``names``) and the variants it implies by its ``refer_to_as`` wording.
* :func:`detect_names` finds names nobody declared, with deterministic rules over
  public-domain name lists (US census first and last names from the ``names`` package) and
  word lists kept here. The first-name dictionary of ``gender-guesser`` (GPL/GFDL, so not a
  default dependency) widens the lists when it is installed. Undeclared names are reported, never replaced: a person decides.

The name lists are read from the installed packages at run time, once, and never copied here.

The package, by role: ``lists`` (word lists in data/words/ and the packages' name lists),
``tokens`` (words as the detector sees them), ``views`` (a text as names are compared in it),
``replacer`` (declared names), ``terms`` (what is known and who is declared), ``cues`` (the
words around a mention), ``detector`` with its rules in ``rules_people`` and ``rules_text``;
this module is the interface: ``detect_names``, ``NameDetector``, ``Replacer``.

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


from typing import Any, Iterable
from ...core.fold import fold, mixed_script_words
from ..patterns import Finding

from .cues import _BUILTIN_KNOWN
from .detector import _Detector
from .lists import _INSTITUTION_SUFFIX, _NEVER_NAME, _ORDINARY, _PLACES
from .replacer import Replacer
from .rules_initials import initials_of
from .terms import _Declared, _as_declared, _as_term, _declared_for, _terms_for, _terms_of
from .views import _without_word_breaks
from .lists import NameLists, name_lists  # noqa: F401 (the package's interface)
from .replacer import DeclaredName, Replacement, Replacer  # noqa: F401
from .cues import NAME_HINT  # noqa: F401

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


# Runs of the rules shared by every detector in the process, by what they read (see _run).
_SHARED: dict[tuple, tuple[tuple[Finding, ...], tuple[tuple[str, str], ...]]] = {}
_SHARED_LIMIT = 200_000


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
        # Initials of the people named so far (declared, or found in two or more words) -> the
        # name: "Graham Holliday" makes "gh" and "GH" a person in the review's texts.
        self._initials: dict[str, str] = {}
        for decl in self._declared.names:
            self._learn_initials(decl.name)

    def _learn_initials(self, name: str) -> None:
        for ini in sorted(initials_of(name)):
            self._initials.setdefault(ini, name)

    def __call__(self, text: str) -> list[Finding]:
        if not text:
            return []
        key = (text, self.learned)
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = tuple(_in_view(text, self._run, self._declared))
        return list(found)

    def _run(self, view: str) -> list[Finding]:
        spans = self._declared.spans(view)
        # The same text in another review (a lead role, a stock milestone) gives the same
        # findings when it holds the same declared names and learned words: everything else a
        # run reads is the site's lists. Look those up in the text, and the run may be shared.
        low = view.lower()
        folded = fold(low)
        own = tuple(sorted((w, whole) for w, whole in self._declared.from_declared(name_lists()).items()
                           if w.lower() in low))
        learned = tuple(sorted((w, sev) for w, sev in self._learned.items() if fold(w.lower()) in folded))
        upper = folded.upper()
        initials = tuple((i, n) for i, n in self._initials.items() if i in upper)
        shared_key = (view, self._terms, tuple(spans), own, learned, initials)
        shared = _SHARED.get(shared_key)
        if shared is None:
            detector = _Detector(view, self._terms, self._declared, dict(learned), declared_spans=spans,
                                 known_initials=dict(initials))
            if len(_SHARED) >= _SHARED_LIMIT:
                _SHARED.clear()
            shared = _SHARED[shared_key] = (tuple(detector.run()), tuple(detector.name_words.items()),
                                            tuple(detector.names_found_here()))
        out, name_words, names = shared
        for name in names:
            self._learn_initials(name)
        for word, sev in name_words:
            low = word.lower()
            # initials are judged where they stand; a surname that is also a word for a
            # place or a body ("Ward", "Hall") names things too often to count alone
            if not (word.isupper() and len(word) < 4) and low not in _INSTITUTION_SUFFIX \
                    and low not in _NEVER_NAME and low not in _ORDINARY and low not in _PLACES:
                self._learned.setdefault(word, sev)
        return list(out)

    @property
    def learned(self) -> int:
        """How many words and initials of names the review's texts have shown so far."""
        return len(self._learned) + len(self._initials)

    def recheck(self, text: str, since: int) -> list[Finding]:
        """The findings in a text checked when only ``since`` words of names were known, that the
        words learned later add: "Hodan (BSWA)" early in a review, "Hodan Farah" in a later list."""
        if not text or since >= self.learned:
            return []
        upper = fold(text).upper()
        if not any(w in text for w in self._learned) and not any(i in upper for i in self._initials):
            return []
        before = {(f.start, f.end) for f in self._seen.get((text, since), ())}
        return [f for f in self(text) if (f.start, f.end) not in before]
