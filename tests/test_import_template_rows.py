"""The importer and a template's guidance rows ("What will be done", "dd/mm/yyyy", questions),
wherever they sit; a row it cannot place is reported by its table row, never folded silently.
Every plan here is a .docx made in the test."""

import datetime as dt
from pathlib import Path

import docx
import pytest
import yaml

from conftest import example_without_reviews
from actionplans.importer.convert import import_plan

TODAY = dt.date(2026, 11, 21)
HEADER = ["Recommendation", "Action to take", "Lead agency", "Target date", "Status"]
GUIDANCE = ["Set out the recommendation as written in the report", "What will be done", "Name of lead agency",
            "dd/mm/yyyy", "Red/Amber/Green"]
QUESTIONS = ["What is the over-arching recommendation?", "How exactly is the action to be done?",
             "Who will lead it?", "When should it be done by?", ""]


def rows(numbers):
    return [[f"{i}. Agencies should review practice area {i}.", f"Provide training on area {i}.", "Home Office",
             f"{10 + i}/0{i}/2025", "Complete"] for i in numbers]


@pytest.fixture
def content(tmp_path) -> Path:
    return example_without_reviews(tmp_path)


def plan(path: Path, tables: list[list[list[str]]]) -> Path:
    document = docx.Document()
    document.add_paragraph("Domestic Homicide Review action plan")
    for table_rows in tables:
        table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        for r, row in enumerate(table_rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        document.add_paragraph("")
    document.save(path)
    return path


def sheet(path: Path, tables: list[list[list[str]]]) -> Path:
    """The same plan as an Excel sheet: each table under the one before, a blank row between."""
    import openpyxl
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Action plan"
    ws.append(["Domestic Homicide Review action plan"])
    for table_rows in tables:
        ws.append([])
        for row in table_rows:
            ws.append(row)
    book.save(path)
    return path


def run(content, tables, name="plan-dhr-1", kind="docx"):
    path = content.parent / f"{name}.{kind}"
    (plan if kind == "docx" else sheet)(path, tables)
    report = import_plan(path, content, review_id=name, today=TODAY)
    data = yaml.safe_load(report.target.read_text(encoding="utf-8"))
    return report, data


def dues(data):
    return [str(a.get("due")) for r in data["recommendations"] for a in r.get("actions") or []]


def notes(data):
    return [a["notes"] for r in data["recommendations"] for a in r.get("actions") or [] if a.get("notes")]


@pytest.mark.parametrize("guidance", [GUIDANCE, QUESTIONS], ids=["template-words", "questions"])
@pytest.mark.parametrize("position", [0, 3, 6], ids=["under-header", "middle", "end"])
def test_a_guidance_row_is_skipped_wherever_it_sits(content, guidance, position):
    body = rows(range(1, 7))
    body.insert(position, guidance)
    report, data = run(content, [[HEADER] + body])
    assert [r["id"] for r in data["recommendations"]] == ["1", "2", "3", "4", "5", "6"]
    assert dues(data) == [f"2025-0{i}-{10 + i}" for i in range(1, 7)]      # due dates read, not in notes
    assert not notes(data)
    assert report.skipped == [f"the template's guidance row (table 1, row {position + 2})"]
    assert f"skipped the template's guidance row (table 1, row {position + 2})" in report.summary()
    assert not report.joined


def test_a_guidance_row_in_a_spreadsheet_is_skipped_with_its_row(content):
    body = rows(range(1, 5))
    body.insert(2, GUIDANCE)
    report, data = run(content, [[HEADER] + body], kind="xlsx")
    assert len(data["recommendations"]) == 4 and not notes(data)
    assert report.skipped == ["the template's guidance row (sheet 'Action plan', row 6)"]


def test_a_guidance_row_under_a_repeated_header_on_a_later_page(content):
    report, data = run(content, [[HEADER] + rows([1, 2, 3]), [HEADER, GUIDANCE] + rows([4, 5, 6])])
    assert len(data["recommendations"]) == 6 and not notes(data)
    assert report.skipped[0] == "the template's guidance row (table 2, row 2)"


def test_a_guidance_row_above_the_header_does_not_become_the_header(content):
    report, data = run(content, [[GUIDANCE, HEADER] + rows(range(1, 4))])
    assert dues(data) == ["2025-01-11", "2025-02-12", "2025-03-13"] and not notes(data)
    assert "the template's guidance row (table 1, row 1)" in report.skipped


def test_headers_with_hints_and_questions_are_still_headers(content):
    hinted = ["Recommendation", "Action (what will be done)", "Lead agency", "Target date (dd/mm/yyyy)",
              "Status (Red/Amber/Green)"]
    report, data = run(content, [[hinted] + rows(range(1, 4))], "hinted-dhr-1")
    assert dues(data) == ["2025-01-11", "2025-02-12", "2025-03-13"] and not report.skipped
    asked = ["What is the recommendation?", "What will be done?", "Who will lead?", "By when?", "Status?"]
    report, data = run(content, [[asked] + rows(range(1, 4))], "asked-dhr-1")
    assert dues(data) == ["2025-01-11", "2025-02-12", "2025-03-13"] and not report.skipped


def test_real_rows_that_read_like_instructions_are_kept(content):
    body = rows([1]) + [["2. Describe the referral route to staff.", "Please see the attached e.g. leaflet.",
                         "Home Office", "2025", "In progress"]]
    report, data = run(content, [[HEADER] + body])
    assert len(data["recommendations"]) == 2 and not report.skipped


def test_a_row_that_cannot_be_placed_is_reported_with_its_table_row(content):
    # a numbered plan: the third row's recommendation has no number and does not carry on the
    # sentence above, so it is joined to recommendation 1 and the summary says where it came from
    body = rows([1]) + [["Staff should also be told about the new leaflet.", "", "", "", ""]] + rows([2, 3])
    report, data = run(content, [[HEADER] + body])
    assert [r["id"] for r in data["recommendations"]] == ["1", "2", "3"]
    assert "told about the new leaflet" in report.target.read_text(encoding="utf-8")     # nothing lost
    assert len(report.joined) == 1 and report.joined[0].startswith("table 1, row 3: its recommendation")
    summary = report.summary()
    assert "could not place on their own" in summary and "table 1, row 3" in summary


def test_sub_rows_and_split_sentences_are_not_reported(content):
    body = rows([1]) + [["", "", "", "", "In progress"],                    # a status for the action above
                        ["", "and to the new starters.", "", "", ""]] + rows([2])
    report, data = run(content, [[HEADER] + body])
    assert len(data["recommendations"]) == 2 and not report.joined
