"""Personal-data patterns: each rule finds what it should and leaves alone what it should."""

from __future__ import annotations

from pathlib import Path

import pytest

from actionplans.privacy.patterns import ALL_PATTERNS, Finding, nhs_number_is_valid, normalise_phone
from actionplans.privacy.scan import find_patterns

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"   # the public seed plans, real text


def found(text: str, rule: str, **kwargs) -> list[str]:
    return [f.text for f in find_patterns(text, **kwargs) if f.rule == rule]


def test_all_patterns_are_the_documented_ones():
    assert ALL_PATTERNS == ("email", "phone", "postcode", "nhs-number", "ni-number", "file-name", "case-reference")


def test_finding_has_offsets_rule_text_severity_message_and_hint():
    text = "Contact karen.marsh@example.gov.uk for details."
    [f] = find_patterns(text)
    assert isinstance(f, Finding)
    assert (f.rule, f.severity) == ("email", "error")
    assert text[f.start : f.end] == f.text == "karen.marsh@example.gov.uk"
    assert "email" in f.message and f.text in f.message
    assert f.hint


# --------------------------------------------------------------------------- email


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Email karen.marsh@southampton.gov.uk today", "karen.marsh@southampton.gov.uk"),
        ("(j_smith+dhr@nhs.net)", "j_smith+dhr@nhs.net"),
        ("Sent to SAFEGUARDING.TEAM@SOMERSET.GOV.UK.", "SAFEGUARDING.TEAM@SOMERSET.GOV.UK"),
        ("<mailto:info@example.org>", "info@example.org"),
    ],
)
def test_email_found(text, expected):
    assert found(text, "email") == [expected]


@pytest.mark.parametrize("text", ["Meet @ 10am", "user@localhost", "the @SafeLives account", "a@b"])
def test_email_not_found(text):
    assert found(text, "email") == []


# --------------------------------------------------------------------------- phone


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Call 01632 960123 now", "01632 960123"),
        ("Call 020 7946 0958.", "020 7946 0958"),
        ("mobile 07700 900123", "07700 900123"),
        ("mobile 07700900123", "07700900123"),
        ("+44 (0)20 7946 0958", "+44 (0)20 7946 0958"),
        ("+44 7700 900123", "+44 7700 900123"),
        ("0044 20 7946 0958", "0044 20 7946 0958"),
        ("(01632) 960123", "(01632) 960123"),
        ("tel: 0161-496-0000", "0161-496-0000"),
        ("0800 123 4567", "0800 123 4567"),
    ],
)
def test_uk_phone_found(text, expected):
    assert found(text, "phone") == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Target date 30.06.2020",  # dates are never phone numbers
        "Training on 16/12/21 and 05/01/22",
        "Due 31.6.2020 and 01.02.2022",
        "Strategy 2017 -2020",
        "FW 20192680 update",
        "Call 999 or 101",
        "Open 0930-1700",
        "NHS number 943 476 5919",
        "Version 0.5.12",
    ],
)
def test_phone_not_found(text):
    assert found(text, "phone") == []


def test_allowed_support_phone_is_not_reported_in_any_format():
    text = "Helpline 0808 2000 247, or +44 808 2000 247, or 08082000247; our office is 01632 960123."
    assert found(text, "phone", allowed_phones=["0808 2000 247"]) == ["01632 960123"]
    assert len(found(text, "phone")) == 4


def test_normalise_phone():
    assert normalise_phone("+44 (0)808 2000 247") == "08082000247"
    assert normalise_phone("0044 808 2000 247") == "08082000247"
    assert normalise_phone("0808-2000-247") == "08082000247"


# --------------------------------------------------------------------------- postcode


@pytest.mark.parametrize(
    "text, expected",
    [
        ("lives at SO14 7LP with", "SO14 7LP"),
        ("address: TA1 5DA.", "TA1 5DA"),
        ("London SW1A 1AA", "SW1A 1AA"),
        ("OX28 1NB", "OX28 1NB"),
        ("M1 1AE", "M1 1AE"),
        ("EC1A1BB", "EC1A1BB"),
        ("so14 7lp", "so14 7lp"),
    ],
)
def test_postcode_found(text, expected):
    assert found(text, "postcode") == [expected]


@pytest.mark.parametrize("text", ["L3 Domestic Abuse training", "the SO14 area", "A2Dominion", "Q1 2023 report", "Co 2AB", "V2 1AA"])
def test_postcode_not_found(text):
    assert found(text, "postcode") == []


# --------------------------------------------------------------------------- NHS number


def test_nhs_check_digit():
    assert nhs_number_is_valid("943 476 5919")
    assert nhs_number_is_valid("4010232137")
    assert not nhs_number_is_valid("943 476 5918")  # wrong check digit
    assert not nhs_number_is_valid("943 476 591")  # nine digits
    # 000 000 006x: the weighted sum leaves remainder 1, so the check digit would be 10: never valid
    assert not any(nhs_number_is_valid(f"000000006{d}") for d in range(10))


@pytest.mark.parametrize("text, expected", [("NHS no 943 476 5919.", "943 476 5919"), ("9434765919", "9434765919"), ("943-476-5919", "943-476-5919"), ("ref 401 023 2137", "401 023 2137")])
def test_nhs_number_found(text, expected):
    assert found(text, "nhs-number") == [expected]


@pytest.mark.parametrize("text", ["943 476 5918", "9434765910", "943 4765 919", "12345678901", "943 476 59190"])
def test_nhs_number_with_bad_check_digit_or_shape_not_found(text):
    assert found(text, "nhs-number") == []


# --------------------------------------------------------------------------- NI number


@pytest.mark.parametrize("text, expected", [("NI AB 12 34 56 C", "AB 12 34 56 C"), ("NINo: JK123456D.", "JK123456D"), ("ST 98 76 54 A", "ST 98 76 54 A")])
def test_ni_number_found(text, expected):
    assert found(text, "ni-number") == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "QQ 12 34 56 C",  # Q is never a first letter
        "BG 12 34 56 A",  # prefixes never allocated
        "GB 12 34 56 A",
        "AO 12 34 56 A",  # O is never a second letter
        "AB 12 34 56 E",  # the suffix is A to D
        "AB1234567C",
        "TVP 12 34 56",
    ],
)
def test_ni_number_not_found(text):
    assert found(text, "ni-number") == []


# --------------------------------------------------------------------------- file names


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Completed June 2022 with a carer's communication plan. General Information Checklist V2.docx January 2023",
            "General Information Checklist V2.docx",
        ),
        ("Audit results from MDT format use in E evidence.msg", "E evidence.msg"),
        ("action plan: CMHT SOP SOT.pdf Audit results", "CMHT SOP SOT.pdf"),
        ("see Tracker.xlsx.", "Tracker.xlsx"),
        ("[General Information Checklist V2.docx](https://example.org/checklist)", "General Information Checklist V2.docx"),
        ("saved as minutes_2022-03-01.DOCX", "minutes_2022-03-01.DOCX"),
    ],
)
def test_file_name_found(text, expected):
    assert found(text, "file-name") == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "See [the self-assessment](https://example.org/self-assessment-2019.pdf) for details.",
        "See [the report](reports/file.pdf).",
        "See [the report](<reports/my file.pdf> \"title\").",
        "Published at https://example.org/dhr-022-executive-summary.pdf today.",
        "Published at www.example.org/plan.pdf today.",
        '<a href="/files/plan.pdf">the plan</a>',
        "[plan]: https://example.org/plan.pdf",
        "<https://example.org/a.docx>",
        "The PDF version is attached.",
        "Contact plan.pdf@example.org",
    ],
)
def test_file_name_in_link_target_or_url_not_found(text):
    assert found(text, "file-name") == []


# --------------------------------------------------------------------------- case references


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Evidence is embedded in the Trust SI 2020/2680 action plan", "SI 2020/2680"),
        ("StEIS 2019/12345 closed", "StEIS 2019/12345"),
        ("FW 20192680 update on agreed a", "FW 20192680"),
        ("Crime ref: 5219123456 was", "Crime ref: 5219123456"),
        ("Ref 12345/19 refers", "Ref 12345/19"),
    ],
)
def test_case_reference_found(text, expected):
    [f] = [f for f in find_patterns(text) if f.rule == "case-reference"]
    assert (f.text, f.severity) == (expected, "error")


def test_bare_reference_number_is_a_warning():
    [f] = find_patterns("see 2020/2680 for the action plan", enabled=["case-reference"])
    assert (f.text, f.severity) == ("2020/2680", "warning")


@pytest.mark.parametrize(
    "text",
    [
        "DHR 022 action plan",
        "Somerset Domestic Homicide Review (024)",
        "the 2019/2020 plan and 2019/20 budget",
        "Care Act 2014 and Domestic Abuse Act 2021",
        "terms of reference 2019-2020",
        "Update 27/4/23 and 31/03/2023",
        "Recommendation 16",
        "Section 42 threshold",
    ],
)
def test_case_reference_not_found(text):
    assert found(text, "case-reference") == []


# --------------------------------------------------------------------------- the whole finder


def test_enabled_limits_the_rules_run():
    text = "Email a.b@example.org or call 01632 960123 about SO14 7LP."
    assert {f.rule for f in find_patterns(text)} == {"email", "phone", "postcode"}
    assert {f.rule for f in find_patterns(text, enabled=["postcode"])} == {"postcode"}
    assert find_patterns(text, enabled=()) == []


def test_unknown_pattern_name_is_an_error():
    with pytest.raises(ValueError, match="unknown pattern 'emails'"):
        find_patterns("x", enabled=["emails"])


def test_findings_are_sorted_and_offsets_are_exact():
    text = "SO14 7LP; 01632 960123; a.b@example.org; AB 12 34 56 C; 943 476 5919; plan.docx; SI 2020/2680"
    fs = find_patterns(text)
    assert [f.start for f in fs] == sorted(f.start for f in fs)
    assert [f.rule for f in fs] == ["postcode", "phone", "email", "ni-number", "nhs-number", "file-name", "case-reference"]
    for f in fs:
        assert text[f.start : f.end] == f.text


def test_seed_documents_have_only_the_known_file_names_and_references():
    assert SEEDS.is_dir(), f"seed documents not found at {SEEDS}"
    seen = []
    for path in sorted(SEEDS.glob("*.txt")):
        for f in find_patterns(path.read_text(encoding="utf-8")):
            seen.append((path.name, f.rule, f.text))
    southampton = "southampton-dhr-2022-action-plan.txt"
    assert (southampton, "file-name", "General Information Checklist V2.docx") in seen
    assert (southampton, "file-name", "E evidence.msg") in seen
    assert (southampton, "file-name", "CMHT SOP SOT.pdf") in seen
    assert (southampton, "case-reference", "SI 2020/2680") in seen
    assert any(rule == "file-name" and text.endswith("development.docx") for _, rule, text in seen)
    # no phone numbers, postcodes, NHS or NI numbers, emails in these documents (dates included)
    assert {rule for _, rule, _ in seen} <= {"file-name", "case-reference"}
