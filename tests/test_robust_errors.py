"""No traceback from any input or option: each case the second hostile-input probe found is a
file:line:col error or a clear command error (exit 1 or 2), never a Python traceback."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, THEMES, copy_site
from actionplans.commands.cli import main

REVIEW = "reviews/north-dhr-001.yaml"


def run(args: list[str]) -> tuple[int, str]:
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main(args)
    return code, err.getvalue() + out.getvalue()


@pytest.mark.parametrize("value", ["0000-01-01", "0000-12", "0000", "0001-01-01", "9999-12-31", "0000-02-30",
                                   "31/03/0000"])
@pytest.mark.parametrize("key", ["due", "updated", "completed", "date"])
def test_a_year_out_of_range_is_an_error_at_its_line(site, key, value):
    review = site / REVIEW
    text = review.read_text(encoding="utf-8")
    line = next(n for n, l in enumerate(text.split("\n"), 1) if l.strip().startswith(f"{key}:")
                or l.strip().startswith(f"- {key}:"))
    lines = text.split("\n")
    lines[line - 1] = lines[line - 1].split(":", 1)[0] + f": {value}"
    review.write_text("\n".join(lines), encoding="utf-8")
    for command in (["check"], ["build", "--themes", str(THEMES)]):
        code, text_out = run(command)
        assert code == 1, text_out
        assert "Traceback" not in text_out
        assert f"content/{REVIEW}:{line}:" in text_out and f"'{key}' is not a date" in text_out, text_out


@pytest.mark.parametrize("value", ["0000-01-01", "0000", "0000-06", "9999-12-31", "0001-01-01"])
def test_as_of_out_of_range_is_a_command_error(site, value):
    for command in ("check", "build", "diff"):
        args = [command, "--as-of", value] + (["HEAD"] if command == "diff" else [])
        code, text = run(args)
        assert code == 2 and f"--as-of {value}:" in text and "1900 to 2200" in text, text


@pytest.mark.parametrize("entry, where, message", [
    ("names: [{name: Susan}]", "1:9", "'refer_to_as' is missing"),
    ('names: [{name: "", refer_to_as: x}]', "1:16", "'name' is empty"),
    ('names: [{name: "  ", refer_to_as: x}]', "1:16", "'name' is empty"),
    ("names: [{name: 12, refer_to_as: x}]", "1:16", "'name' should be text"),
    ("names: [{name: [a], refer_to_as: x}]", "1:16", "'name' should be text"),
    ("names: [{name: {a: b}, refer_to_as: x}]", "1:16", "'name' should be text"),
    ("names: [{refer_to_as: x}]", "1:9", "'name' is missing"),
    ("names: [{name: null, refer_to_as: null}]", "1:16", "'name' is empty"),
    ('names: [{name: Susan, refer_to_as: ""}]', "1:36", "'refer_to_as' is empty"),
    ("allow: [{reason: x}]", "1:9", "'text' is missing"),
    ('allow: [{text: ""}]', "1:16", "'text' is empty"),
])
@pytest.mark.parametrize("external", [False, True])
def test_broken_redaction_entries_are_errors_at_their_line(site, tmp_path, entry, where, message, external):
    path = tmp_path / "private" / "redaction.yaml" if external else site / "redaction.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(entry + "\n", encoding="utf-8")
    extra = ["--redaction", str(path)] if external else []
    for command in (["check"], ["build", "--themes", str(THEMES)], ["redaction-report"]):
        code, text = run(command + extra)
        assert code == 1, text
        assert "Traceback" not in text
        shown = "private/redaction.yaml" if external else "content/redaction.yaml"
        assert f"{shown}:{where}: error: {message}" in text, text


def test_new_review_where_it_cannot_be_written_is_a_command_error(site, tmp_path):
    # /proc/self refuses the write even to root (CI runs as root, where a read-only folder would not)
    code, text = run(["new", "review", "north-dhr-009", "--content", "/proc/self"])
    assert code == 2 and "could not be written" in text and "nothing was written" in text, text
    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "reviews").write_text("not a folder")
    code, text = run(["new", "review", "north-dhr-009", "--content", str(odd)])
    assert code == 2 and "is a file, not a folder" in text, text


@pytest.mark.parametrize("command", [["redaction-report"], ["diff", "HEAD"]])
def test_out_into_a_missing_folder_or_onto_a_folder_is_a_command_error(site, tmp_path, command):
    if command[0] == "diff":
        subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
        subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "x"],
                       cwd=tmp_path, check=True)
    code, text = run(command + ["--out", "missing/folder/summary.md"])
    assert code == 2 and "does not exist" in text and "Traceback" not in text, text
    code, text = run(command + ["--out", str(tmp_path / "content")])
    assert code == 2 and "is a folder" in text, text
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("key, value", [("id", '"north-dhr-001\\n"'), ("partnership", '"north-csp\\n"'),
                                        ("id", '"north-dhr-001 "'), ("lead", '"north-police\\n"')])
def test_ids_are_matched_in_full(site, key, value):
    review = site / REVIEW
    text = review.read_text(encoding="utf-8")
    lines = text.split("\n")
    line = next(n for n, l in enumerate(lines, 1) if l.lstrip(" -").startswith(f"{key}:"))
    lines[line - 1] = lines[line - 1].split(":", 1)[0] + f": {value}"
    review.write_text("\n".join(lines), encoding="utf-8")
    code, text_out = run(["check"])
    assert code == 1 and f"content/{REVIEW}:{line}:" in text_out and f"'{key}' cannot be" in text_out, text_out


@pytest.mark.parametrize("command", [["new", "review"], ["import", "plan.csv", "--id"]])
def test_command_line_ids_are_matched_in_full(site, tmp_path, command):
    (tmp_path / "plan.csv").write_text("Recommendation,Action\n1,Do it\n", encoding="utf-8")
    code, text = run(command + ["north-dhr-009\n"])
    assert code == 2 and "is not a valid id" in text, text
    assert not list((site / "reviews").glob("north-dhr-009*"))
