"""Bounded import (actionplans/importer/read.py): hostile files, built here in the test, are each
refused within a few seconds with the limit named, before the work they would cause; and text
after an entity nothing resolves is kept, not dropped."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest

import actionplans.importer.read as read
from actionplans.importer.read import ReadError, read_document

SECONDS = 5.0


def refused(path: Path, limit_words: str) -> str:
    started = time.monotonic()
    with pytest.raises(ReadError) as exc:
        read_document(path)
    took = time.monotonic() - started
    message = str(exc.value)
    assert took < SECONDS, f"refused only after {took:.1f} s"
    assert "limit" in message and limit_words in message, message
    return message


def _rewrite(path: Path, part: str, change) -> None:
    """Rewrite one part of a zip package in place."""
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            z.writestr(info.filename, change(data) if info.filename == part else data)


def test_a_sheet_declaring_a_far_cell_is_refused_before_reading(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Recommendation"
    ws["XFD1048576"] = "far away"
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    assert path.stat().st_size < 20_000
    message = refused(path, f"{read.MAX_ROWS:,} rows and {read.MAX_COLUMNS} columns")
    assert "1,048,576 rows" in message and "16,384" in message


def test_a_sheet_without_its_size_is_bounded_as_it_is_read(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Recommendation"
    ws["A1048576"] = "far away"
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda d: re.sub(rb"<dimension [^>]*/>", b"", d))
    refused(path, f"{read.MAX_ROWS:,} rows")


def test_a_sheet_whose_size_is_wrong_loses_no_cell(tmp_path):
    """A declared size smaller than the cells: every cell is still read."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Recommendation", "Action", "Lead"])
    ws.append(["1", "Train staff", "North Police"])
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda d: re.sub(rb'<dimension ref="[^"]*"/>',
                                                                b'<dimension ref="A1:A1"/>', d))
    doc = read_document(path)
    assert [b.cells for b in doc.blocks if isinstance(b, read.Row)] == [["Recommendation", "Action", "Lead"],
                                                                       ["1", "Train staff", "North Police"]]


def test_a_million_row_csv_is_refused_quickly(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("Recommendation,Action\n" + "1,Do it\n" * 1_000_000, encoding="utf-8")
    refused(path, f"{read.MAX_ROWS:,} rows")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_giant_cell_is_refused(tmp_path, suffix):
    big = "x" * (read.MAX_CELL_CHARS + 10)
    path = tmp_path / f"plan{suffix}"
    if suffix == ".csv":
        path.write_text(f"Recommendation,Action\n1,{big}\n", encoding="utf-8")
    else:
        openpyxl = pytest.importorskip("openpyxl")
        wb = openpyxl.Workbook()
        wb.active.append(["Recommendation", "Action"])
        wb.active.append(["1", big[:32767]])
        wb.active.append(["2", big[:100]])
        wb.save(path)
        # Excel refuses to write a longer cell: the file is edited as a hostile one would be
        parts = zipfile.ZipFile(path).namelist()
        part = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in parts else "xl/worksheets/sheet1.xml"
        _rewrite(path, part, lambda d: d.replace(b"x" * 32767, b"x" * 40_000, 1))
        assert b"x" * 40_000 in zipfile.ZipFile(path).read(part)
    refused(path, f"{read.MAX_CELL_CHARS:,} characters in one cell")


def _docx(path: Path, text: str = "Before the table.") -> Path:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph(text)
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Recommendation", "Action"
    table.cell(1, 0).text, table.cell(1, 1).text = "1", "Train staff"
    d.save(path)
    return path


def test_a_docx_that_expands_to_a_huge_document_is_refused_before_parsing(tmp_path):
    path = _docx(tmp_path / "plan.docx")
    padding = b"<!--" + b" " * (read.MAX_XML_PART_BYTES + 1024) + b"-->"
    _rewrite(path, "word/document.xml", lambda d: d.replace(b"<w:body>", b"<w:body>" + padding, 1))
    assert path.stat().st_size < 2 * 1024 * 1024
    refused(path, f"{read.MAX_XML_PART_BYTES // 1024 // 1024} MB for one part")


def test_a_package_expanding_past_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "MAX_EXPANDED_BYTES", 4 * 1024 * 1024)
    path = _docx(tmp_path / "plan.docx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/media/image1.png", b"\0" * (5 * 1024 * 1024))
    refused(path, "4 MB expanded")


def test_a_docx_with_too_many_rows_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "MAX_ROWS", 50)
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_table(rows=60, cols=2)
    path = tmp_path / "plan.docx"
    d.save(path)
    refused(path, "50 rows")


def test_text_after_an_unresolved_entity_is_kept(tmp_path):
    path = _docx(tmp_path / "plan.docx", "Before MARKER after.")
    _rewrite(path, "word/document.xml", lambda d: re.sub(
        rb"(<\?xml[^>]*\?>)", rb'\1<!DOCTYPE w:document [<!ENTITY agency "North Council">]>', d, count=1)
        .replace(b"MARKER", b"&agency;"))
    doc = read_document(path)
    texts = [b.text for b in doc.blocks if isinstance(b, read.Para)]
    assert "Before &agency; after." in texts, texts
