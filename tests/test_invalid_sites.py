"""One fixture folder per kind of mistake, each with the exact lines `check` must print.
A case folder holds only the files that differ from tests/sites/valid/content."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from pathlib import Path

import pytest

from conftest import SITES, THEMES, copy_site
from actionplans.commands.cli import main

CASES = sorted(p.name for p in (SITES / "invalid").iterdir() if p.is_dir())


def _lay_out(tmp_path: Path, case: str) -> None:
    """The valid site with the case's files over it; a case with a themes/ folder gets a copy
    of the project's themes with its own files laid over them."""
    if (tmp_path / "content").exists():
        return
    copy_site(tmp_path, SITES / "invalid" / case / "content")
    if (SITES / "invalid" / case / "themes").is_dir():
        shutil.copytree(THEMES, tmp_path / "themes")
        shutil.copytree(SITES / "invalid" / case / "themes", tmp_path / "themes", dirs_exist_ok=True)


def run(tmp_path: Path, case: str, command: str, *args: str) -> tuple[int, list[str]]:
    _lay_out(tmp_path, case)
    err = io.StringIO()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        with contextlib.redirect_stderr(err):
            code = main([command, *args])
    finally:
        os.chdir(cwd)
    return code, [line for line in err.getvalue().splitlines() if not line.startswith(("check:", "build failed:"))]


def run_check(tmp_path: Path, case: str, *args: str) -> tuple[int, list[str]]:
    return run(tmp_path, case, "check", *args)


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


# Problems only a rendered site shows: check must find them at the source line, as build does.
LATE = ["markdown-broken-link", "template-error", "guard-name-from-another-review", "guard-email-in-site-text",
        "theme-syntax-error", "theme-broken-link", "guard-found-in-theme"]


@pytest.mark.parametrize("case", LATE)
def test_check_and_build_report_the_same_late_problems(tmp_path, case):
    check_code, check_lines = run(tmp_path, case, "check", "--strict")
    build_code, build_lines = run(tmp_path, case, "build", "--strict", "--no-cache")
    assert check_code == build_code == 1
    assert check_lines == build_lines
    assert not (tmp_path / "output").exists()       # nothing was written by either
    errors = [line for line in check_lines if ": error: " in line]
    assert errors and not any(line.startswith("output/") for line in errors), errors
