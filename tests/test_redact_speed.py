"""The shortcuts that make redaction fast must not change what it finds or writes:
NameDetector (lists prepared once, repeated texts remembered) equals detect_names; a review's
Replacer can find names for the detector whatever their wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from actionplans.privacy.names import DeclaredName, NameDetector, Replacer, detect_names

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"
DATA = Path(__file__).resolve().parent / "data"

TEXTS = [
    "Karen Marsh met DS Smith and K. Marsh about Clare's Law.",
    "JT – staff do attend; as agreed with KM. Peter's mother spoke to the GP.",
    "Michael\tChildren's Service\nHammond\tManager",
    "Susan Smith told Daniel at Avon and Somerset Police that Mark also attended.",
    "The MARAC referral (Ask for ANI) went to Somerset Council.",
    "",
    "ÉTIENNE DUPONT and İlker saw Dr O'Brien-Smith.",
]


def _labelled_texts() -> list[str]:
    rows = []
    for line in (DATA / "names_labelled.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            rows.append(line.split("\t")[0].replace("\\n", "\n").replace("\\t", "\t"))
    return rows


LISTS = [
    {},
    {"allow": ["Clare's Law", "Ask for ANI"], "known_terms": ["Avon and Somerset Police", "MARAC", "Somerset Council"]},
    {"declared": ["Susan", "Mark Wolski", DeclaredName("Karen Marsh", "an officer")]},
    {"allow": [{"term": "Turning Point"}], "known_terms": ["Hammond Care"], "declared": [{"name": "Peter", "refer_to_as": "x"}]},
]


@pytest.mark.parametrize("lists", LISTS)
def test_name_detector_equals_detect_names(lists):
    texts = TEXTS + _labelled_texts() + [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for text in texts:
        detector = NameDetector(**lists)    # (one that has found no name yet: see the next test)
        first = detector(text)
        assert first == detect_names(text, **lists)
        assert detector(text) == first or any(f.rule == "name:repeat" for f in detector(text))


def test_a_name_found_once_is_a_name_in_every_later_text_of_the_review():
    detector = NameDetector()
    assert [f.text for f in detector("Family contact via Shireen Daley, AAFDA.")] == ["Shireen Daley"]
    later = detector("The dates suit Shireen.")
    assert [(f.text, f.rule) for f in later] == [("Shireen", "name:repeat")]
    assert "another text of this review" in later[0].message
    assert detect_names("The dates suit Shireen.") == []      # on its own, nothing says so
    assert detector("Christian Aid and the Grace House refuge.") == []


def test_remembered_findings_are_not_shared_lists():
    detector = NameDetector()
    first = detector("Karen Marsh met DS Smith.")
    first.clear()
    assert detector("Karen Marsh met DS Smith.") != []


@pytest.mark.parametrize("names", [
    ["Karen Marsh", "Peter", "Baby A", "Mrs Jenkins", "Dr Andrew Tresidder"],
    ["Karen Marsh", "Karen Smith", "K. Marsh"],          # implied variants shared: ambiguous wording
    ["Mark Wolski", "Mark Smith", "Hope"],
])
def test_where_names_are_found_does_not_depend_on_their_wording(names):
    """redact.py lets the detector find names with the review's own Replacer (real wording)
    instead of one made with the same names and 'someone'."""
    texts = TEXTS + ["Karen and Marsh; K Marsh's file; Mrs Jenkins; Andrew; Mark; Smith; hope; Hope",
                     "Dr Tresidder and Ms Marsh-\nSmith met Baby A."]
    same = Replacer([DeclaredName(n, "someone") for n in names])
    varied = Replacer([DeclaredName(n, f"person {i}") for i, n in enumerate(names)])
    for text in texts:
        assert varied.find(text) == same.find(text)


def test_lower_case_keeps_word_characters_apart():
    """_Terms.groups_in relies on it: a character that lower-cases to one character is a word
    character (for re's \\w and str.isalnum) exactly when its lower-case form is."""
    import re
    import sys
    word = re.compile(r"\w")
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        low = c.lower()
        if len(low) == 1:
            assert bool(word.match(c)) == bool(word.match(low)) == (c.isalnum() or c == "_"), hex(cp)


def test_known_terms_found_by_words_as_by_searching(monkeypatch):
    """The word lookup in _Terms.groups_in finds every term the plain substring search finds."""
    from actionplans.privacy.names import cues, detector
    from actionplans.privacy.names import terms as known
    texts = TEXTS + _labelled_texts() + [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] + [
        "NHS England and A&E met Kent Police; \u212aent Police; the Kent\u2019s team; Clare\u2019s Law",
        "\u00c9cole and KENT POLICE; nhs-england; (MARAC) Ask for ANI; Somerset\u00a0Council",
        "\u03a3\u039f\u03a3 MARAC \u0130stanbul Kent Police", "multi-agency Multi-Agency Risk Assessment Conference",
    ]
    lists = {"allow": ["Clare's Law", "Ask for ANI", "Turning Point"],
             "known_terms": ["Avon and Somerset Police", "MARAC", "Somerset Council", "Kent Police", "NHS England",
                             "A&E", "Multi-Agency Risk Assessment Conference", "multi-agency", "\u00c9cole"]}
    terms = known._terms_for(tuple(lists["allow"]) + tuple(lists["known_terms"]) + cues._BUILTIN_KNOWN)
    nobody = known._Declared(())

    def masks() -> list:
        return [sorted(detector._Detector(t, terms, nobody).masked) for t in texts]

    quick, found = masks(), [detect_names(t, **lists) for t in texts]
    assert sum(map(len, quick)) > 50
    monkeypatch.setattr(known._Terms, "groups_in",
                        lambda self, plain, same_length: [g for g in self.index if g[0] in plain])
    assert masks() == quick
    assert [detect_names(t, **lists) for t in texts] == found
