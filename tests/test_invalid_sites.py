"""One fixture folder per kind of mistake, each with the exact lines `check` must print.
A case folder holds only the files that differ from tests/sites/valid/content."""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pytest

from conftest import SITES, copy_site
from generator.cli import main

CASES = sorted(p.name for p in (SITES / "invalid").iterdir() if p.is_dir())


def run_check(tmp_path: Path, case: str, *args: str) -> tuple[int, list[str]]:
    copy_site(tmp_path, SITES / "invalid" / case / "content")
    err = io.StringIO()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        with contextlib.redirect_stderr(err):
            code = main(["check", *args])
    finally:
        os.chdir(cwd)
    return code, [line for line in err.getvalue().splitlines() if not line.startswith("check:")]


@pytest.mark.parametrize("case", CASES)
def test_invalid_case_reports_exactly_its_problems(tmp_path, case):
    expected_file = SITES / "invalid" / case / "expected.txt"
    expected = expected_file.read_text(encoding="utf-8").splitlines()
    code, lines = run_check(tmp_path, case, "--strict")
    assert lines == expected
    assert code == 1


def test_warnings_pass_without_strict(tmp_path):
    code, lines = run_check(tmp_path, "complete-without-completed")
    assert code == 0
    assert lines and all(": warning: " in line for line in lines)


def test_valid_site_is_clean(tmp_path):
    copy_site(tmp_path)
    err = io.StringIO()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        with contextlib.redirect_stderr(err):
            code = main(["check", "--strict"])
    finally:
        os.chdir(cwd)
    assert code == 0, err.getvalue()
    assert "no problems found" in err.getvalue()


def test_every_case_has_expected_output():
    missing = [c for c in CASES if not (SITES / "invalid" / c / "expected.txt").exists()]
    assert not missing
