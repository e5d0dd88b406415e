"""The readability check (issue 18): unexplained acronyms and remarks to colleagues in published
text are warnings at their file, line and column; what explains a term silences it."""

from __future__ import annotations

import pytest

from conftest import THEMES
from actionplans.build import check

REVIEW = "reviews/north-dhr-001.yaml"


def warnings_for(site, update_text: str, glossary: str = "") -> list:
    path = site / REVIEW
    text = path.read_text()
    assert "text: Training dates set." in text
    path.write_text(text.replace("text: Training dates set.", "text: " + update_text))
    if glossary:
        (site / "glossary.yaml").write_text((site / "glossary.yaml").read_text() + glossary)
    result = check(site, themes_dir=THEMES, use_cache=False)
    assert not result.diagnostics.errors, [d.format() for d in result.diagnostics.errors]
    return [d for d in result.diagnostics.warnings if d.path.endswith(REVIEW)]


@pytest.mark.parametrize("remark", [
    "However, I cannot see this on the public website.",
    "I have chased the team twice.",
    "Please chase the council for a date.",
    "Could you confirm the training numbers?",
    "Needs to be chased with the provider.",
    "Figures ?? to follow.",
])
def test_remarks_to_colleagues_are_warned_at_their_column(site, remark):
    found = warnings_for(site, remark)
    assert len(found) == 1, [d.format() for d in found]
    d = found[0]
    line = (site / REVIEW).read_text().splitlines()[d.line - 1]
    assert "published update" in d.message and d.hint
    assert line[d.col - 1:].lower().startswith(d.message.split("'")[1].lower())


@pytest.mark.parametrize("text", [
    "Training dates set by the council; the board agreed the plan.",          # plain English
    'The record read "I asked him about this" and was kept as written.',     # a quotation
    "The MARAC agreed the plan.",                                            # in the glossary
    "Training covers ALL staff.",                                            # emphasis, not an acronym
    "The NHS and GPs agreed.",                                               # known to everyone
    "The Practice Review Panel (PRPAN) met. The PRPAN agreed.",              # explained at first use
    "Reported to SINWK (Safeguarding Information Network) in May.",          # explained after it
])
def test_plain_or_explained_text_passes(site, text):
    assert warnings_for(site, text) == []


def test_an_unexplained_acronym_is_warned_once_and_a_glossary_entry_explains_it(site):
    found = warnings_for(site, "Reported to SIRANQ. SIRANQ agreed.")
    assert [d.message for d in found] == [
        "'SIRANQ' is not explained: no glossary entry, agency or known acronym has it"]
    assert "glossary.yaml" in found[0].hint
    line = (site / REVIEW).read_text().splitlines()[found[0].line - 1]
    assert line[found[0].col - 1:].startswith("SIRANQ")


def test_glossary_terms_explain_their_plurals_and_capitals(site):
    glossary = "\n- term: Siranq\n  meaning: A network of safeguarding leads.\n"
    assert warnings_for(site, "SIRANQ and the SIRANQs agreed.", glossary) == []
