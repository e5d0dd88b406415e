"""Broken files are refused cleanly, whichever content file they land in: a diagnostic naming
the file and a line, never a traceback, never a hang. CRLF line endings and a BOM are accepted.

tests/test_load.py covers the loader on single strings; tests/sites/invalid/ covers one broken
review each. Here every kind of breakage meets every content file, and the CLI."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, THEMES, VALID, copy_site
from actionplans.build import build, prepare
from actionplans.content.load import MAX_FILE_BYTES

FILES = ["site.yaml", "agencies.yaml", "topics.yaml", "glossary.yaml", "redaction.yaml",
         "reviews/north-dhr-001.yaml"]


def bomb() -> bytes:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 10)}]")
    return ("\n".join(lines) + "\n").encode()


BROKEN: dict[str, bytes] = {
    "yaml-bomb": bomb(),
    "recursive-alias": b"a: &x [*x]\n",
    "deep-unclosed": b"[" * 5000,
    "deep-flow": b"[" * 300 + b"]" * 300,
    "deep-block": b"".join(b"  " * i + b"k:\n" for i in range(100)) + b"  " * 100 + b"v\n",
    "binary": bytes(range(256)) * 4,
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64,
    "utf-16": "\ufeffid: x\ntitle: y\n".encode("utf-16-le"),
    "latin-1-in-utf-8": "title: caf\u00e9\n".encode() + b"summary: na\xefve\n",
    "cp1252-quotes": b"title: \x93quoted\x94\n",
    "overlong-utf-8": b"title: \xc0\xaf\n",
    "utf-8-surrogate": b"title: \xed\xa0\x80\n",
    "nul-byte": b"title: a\n\x00\n",
    "tab-indent": b"a:\n\tb: 1\n",
    "unclosed-quote": b'title: "abc\nb: 2\n',
    "two-documents": b"a: 1\n---\nb: 2\n",
    "empty": b"",
    "whitespace-only": b"  \n\n   \n",
    "comment-only": b"# nothing here yet\n",
    "document-marker-only": b"---\n",
    "null": b"~\n",
    "scalar": b"just some words\n",
    "number": b"42\n",
    "a-list": b"- id: x\n- id: y\n",
    "a-mapping": b"id: x\nname: y\n",
    "list-of-scalars": b"- a\n- b\n",
    "long-number": b"stale_after_months: 1" + b"0" * 5000 + b"\n",
    "base-60-number": b"title: " + b":".join([b"59"] * 3000) + b"\n",
    "complex-key": b"? [a, b]\n: c\n",
    "duplicate-anchor-merge": b"base: &b {x: 1}\nother:\n  <<: *b\n  <<: *b\n",
    "bad-tag": b"title: !!python/object:os.system 'echo hi'\n",
    "unknown-tag": b"title: !secret x\n",
    "binary-tag": b"title: !!binary aGVsbG8=\n",
}


EMPTY = ("empty", "whitespace-only", "comment-only", "document-marker-only", "null")


def assert_located(result, name: str) -> None:
    errors = result.diagnostics.errors
    assert errors, f"{name}: accepted a broken file"
    for d in result.diagnostics.items:
        assert d.path and d.line >= 1 and d.col >= 1 and d.message, d


@pytest.fixture(scope="module")
def shared_site(tmp_path_factory):
    """One copy of the valid site for the whole matrix; each case restores what it broke."""
    return copy_site(tmp_path_factory.mktemp("broken"))


@pytest.mark.parametrize("kind", sorted(BROKEN))
@pytest.mark.parametrize("target", FILES)
def test_broken_file_is_refused_with_a_line(shared_site, target, kind):
    content = shared_site
    original = (VALID / target).read_bytes()
    (content / target).write_bytes(BROKEN[kind])
    started = time.monotonic()
    try:
        result = prepare(content)
    finally:
        (content / target).write_bytes(original)
    assert time.monotonic() - started < 10, "refusing a broken file must be quick"
    if kind in EMPTY and target in ("agencies.yaml", "topics.yaml", "glossary.yaml"):
        # An empty list of agencies, topics or terms is not broken in itself: what then goes
        # unresolved is reported where it is used.
        assert not any(d.path.endswith(target) for d in result.diagnostics.items)
        assert all(d.line >= 1 for d in result.diagnostics.items)
        return
    assert_located(result, f"{kind} in {target}")
    assert any(d.path.endswith(target) for d in result.diagnostics.errors), \
        [d.format() for d in result.diagnostics.sorted()]


def test_a_50_mb_file_is_refused_without_being_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = copy_site(tmp_path)
    big = content / "reviews" / "north-dhr-001.yaml"
    with open(big, "wb") as fh:          # 50 MB of real data, not a sparse file
        chunk = b"# padding " + b"x" * 1013 + b"\n"
        for _ in range(50 * 1024):
            fh.write(chunk)
    assert big.stat().st_size >= 50 * 1024 * 1024
    started = time.monotonic()
    result = prepare(content)
    assert time.monotonic() - started < 5
    [error] = result.diagnostics.errors
    assert error.path.endswith("north-dhr-001.yaml") and "too large" in error.message and "50 MB" in error.message


def test_just_under_the_size_limit_is_still_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = copy_site(tmp_path)
    review = content / "reviews" / "north-dhr-001.yaml"
    text = review.read_bytes()
    review.write_bytes(text + b"#" * (MAX_FILE_BYTES - len(text) - 1) + b"\n")
    assert not prepare(content).diagnostics.errors


def test_many_plain_values_are_not_called_a_yaml_bomb(tmp_path, monkeypatch):
    """A huge list without a single alias is refused, but not with a message about aliases.
    (The limit is lowered so the test need not parse 250,000 values.)"""
    import actionplans.content.load
    monkeypatch.setattr(actionplans.content.load, "MAX_EXPANDED_NODES", 1000)
    monkeypatch.chdir(tmp_path)
    content = copy_site(tmp_path)
    (content / "topics.yaml").write_bytes(b"".join(b"- %d\n" % i for i in range(2000)))
    [error] = [d for d in prepare(content).diagnostics.errors if d.path.endswith("topics.yaml")]
    assert "alias" not in error.message and "values" in error.message


@pytest.mark.parametrize("target", ["reviews/north-dhr-001.yaml", "site.yaml"])
def test_a_pipe_in_place_of_a_file_does_not_hang_the_build(tmp_path, monkeypatch, target):
    """Reading a FIFO blocks forever; the build must refuse it instead."""
    monkeypatch.chdir(tmp_path)
    content = copy_site(tmp_path)
    (content / target).unlink()
    os.mkfifo(content / target)
    proc = subprocess.run([sys.executable, "-m", "actionplans", "check", "--content", str(content)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "not a regular file" in proc.stderr


def test_a_folder_in_place_of_a_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = copy_site(tmp_path)
    (content / "agencies.yaml").unlink()
    (content / "agencies.yaml").mkdir()
    assert_located(prepare(content), "folder")


def _to_crlf(content: Path, bom: bool = False) -> None:
    for path in content.rglob("*.yaml"):
        data = path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def tree(root: Path) -> dict[str, str]:
    # The search index is left out: Pagefind's own output varies from run to run (see
    # test_robust_determinism.py); every other file is compared byte for byte.
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.relative_to(root).as_posix().startswith("pagefind/")}


def test_crlf_and_bom_build_the_same_site_as_lf(tmp_path):
    """Windows editors save CRLF and often a BOM: accepted, and the output is byte-identical."""
    plain = tmp_path / "plain"
    windows = tmp_path / "windows"
    copy_site(plain)
    copy_site(windows)
    _to_crlf(windows / "content", bom=True)
    assert b"\r\n" in (windows / "content" / "site.yaml").read_bytes()
    outs = []
    for site in (plain, windows):
        result = build(site / "content", site / "output", themes_dir=THEMES)
        assert result.written, [d.format() for d in result.diagnostics.sorted()]
        outs.append(tree(site / "output"))
    assert outs[0] == outs[1]


def test_crlf_diagnostics_keep_their_lines(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = copy_site(tmp_path)
    review = content / "reviews" / "north-dhr-001.yaml"
    review.write_text(review.read_text(encoding="utf-8").replace("status: in-progress", "status: in progres"),
                      encoding="utf-8")
    lf = [d.format() for d in prepare(content).diagnostics.sorted()]
    _to_crlf(content)
    crlf = [d.format() for d in prepare(content).diagnostics.sorted()]
    assert lf and lf == crlf


def test_a_tab_inside_a_value_is_accepted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = copy_site(tmp_path)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("title: Test action plans", 'title: "Test\taction plans"'),
                    encoding="utf-8")
    assert not prepare(content).diagnostics.errors


def test_cli_reports_every_broken_file_at_once_without_a_traceback(tmp_path):
    """One run, many broken files: each is named, the exit code is 1, and nothing is written."""
    content = copy_site(tmp_path)
    (content / "topics.yaml").write_bytes(BROKEN["yaml-bomb"])
    (content / "glossary.yaml").write_bytes(BROKEN["binary"])
    (content / "redaction.yaml").write_bytes(BROKEN["long-number"])
    (content / "agencies.yaml").write_bytes(BROKEN["utf-16"])
    (content / "reviews" / "north-dhr-001.yaml").write_bytes(BROKEN["a-list"])
    (content / "reviews" / "south-sar-002.yaml").write_bytes(BROKEN["deep-unclosed"])
    out = tmp_path / "output"
    proc = subprocess.run([sys.executable, "-m", "actionplans", "build", "--content", str(content), "--output", str(out),
                           "--themes", str(THEMES)], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), XDG_CACHE_HOME=str(tmp_path / "cache")))
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for name in ("topics.yaml", "glossary.yaml", "redaction.yaml", "agencies.yaml", "north-dhr-001.yaml",
                 "south-sar-002.yaml"):
        assert any(name in line and ": error: " in line for line in proc.stderr.splitlines()), (name, proc.stderr)
    assert not out.exists()


@pytest.mark.parametrize("command", [["check", "--format", "text"], ["check", "--format", "github"],
                                     ["check", "--format", "json"], ["build", "--themes", str(THEMES)]])
def test_cli_survives_a_file_name_that_is_not_utf_8(tmp_path, command):
    """A file name with a Latin-1 byte (copied from an old Windows share) must not crash the
    printing of the diagnostic that names it, in any output format, nor the build's record of
    its inputs."""
    content = copy_site(tmp_path)
    os.rename(content / "reviews" / "south-sar-002.yaml", os.fsencode(content / "reviews") + b"/caf\xe9.yaml")
    proc = subprocess.run([sys.executable, "-m", "actionplans", *command, "--content", str(content)],
                          cwd=tmp_path, capture_output=True, timeout=120,
                          env=dict(os.environ, PYTHONIOENCODING="utf-8", LC_ALL="C.UTF-8", PYTHONPATH=str(ROOT),
                                   XDG_CACHE_HOME=str(tmp_path / "cache")))
    assert proc.returncode == 1, proc.stderr
    assert b"Traceback" not in proc.stderr, proc.stderr.decode("utf-8", "replace")
    assert b"caf" in proc.stdout + proc.stderr
