"""Paths: ids that try to leave their folder, absolute paths, symbolic links out of content/
or themes/, odd file names, and output folders that would swallow the project. Each is refused
with a clear error, and nothing is ever written outside output/."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, THEMES, copy_site
from actionplans.build import build, prepare
from actionplans.commands.cli import main

REVIEW = "reviews/north-dhr-001.yaml"
ESCAPES = ["../../x", "/etc/passwd", "..", "a/b", "a\\b", "C:\\x", "~/x", "%2e%2e/x", "x\x00y", "north dhr",
           "north-dhr-001/"]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def yaml_str(value: str) -> str:
    """A double-quoted YAML string, so the value reaches the schema exactly as written."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\x00", "\\0") + '"'


def snapshot(root: Path) -> dict[str, str]:
    """Every file under root (outside output/) with its hash: to prove nothing else was written."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel == "output" or rel.startswith("output/"):
            continue
        out[rel] = "link" if path.is_symlink() else hashlib.sha256(path.read_bytes()).hexdigest() \
            if path.is_file() else "dir"
    return out


FIELDS = {
    # (file, the text to replace, a template for the new text)
    "review id": (REVIEW, "id: north-dhr-001", "id: {}"),
    "partnership id": ("site.yaml", "  - id: north-csp", "  - id: {}"),
    "agency id": ("agencies.yaml", "- id: north-police", "- id: {}"),
    "topic id": ("topics.yaml", "- id: risk-assessment", "- id: {}"),
    "site theme": ("site.yaml", "theme: default", "theme: {}"),
    "partnership theme": ("site.yaml", "    url: https://north.example.org", "    url: https://north.example.org\n    theme: {}"),
    "recommendation id": (REVIEW, 'id: "1"', "id: {}"),
    "lead": (REVIEW, "lead: north-police", "lead: {}"),
    "review partnership": (REVIEW, "partnership: north-csp", "partnership: {}"),
}


@pytest.fixture(scope="module")
def shared_site(tmp_path_factory):
    """One copy of the valid site for the whole matrix; each case restores the file it edited."""
    return copy_site(tmp_path_factory.mktemp("paths"))


@pytest.mark.parametrize("value", ESCAPES)
@pytest.mark.parametrize("field", sorted(FIELDS))
def test_ids_that_leave_their_folder_are_refused(shared_site, field, value):
    """Ids become folder names in output/: the schema must stop every traversal at its line.
    (prepare() is enough here: build() runs it first and writes nothing when it fails.)"""
    name, old, new = FIELDS[field]
    original = (shared_site / name).read_bytes()
    try:
        edit(shared_site / name, old, new.format(yaml_str(value)))
        errors = prepare(shared_site).diagnostics.errors
    finally:
        (shared_site / name).write_bytes(original)
    assert errors, f"{field} = {value!r} was accepted"
    assert all(d.line >= 1 and d.path for d in errors)
    assert any(d.path.endswith(name) and repr(value)[1:-1].split("\\")[0] in d.message for d in errors), \
        [d.format() for d in errors]


@pytest.mark.parametrize("value", ["../../x", "/tmp/evil", "a/b", "..", "x\ny", "-rf", "North-DHR", ""])
def test_new_review_refuses_an_id_that_is_not_a_slug(tmp_path, monkeypatch, capsys, value):
    monkeypatch.chdir(tmp_path)
    content = copy_site(tmp_path)
    before = snapshot(tmp_path)
    assert main(["new", "review", "--content", str(content), "--", value]) == 2
    assert "not a valid id" in capsys.readouterr().err
    assert snapshot(tmp_path) == before


ODD_NAMES = ["North DHR 1.yaml", "x;rm -rf ~.yaml", "\u00fc-dhr.yaml", "-rf.yaml", "a\nb.yaml", "dhr'1.yaml",
             "<script>.yaml", "north-dhr-001.YAML", "north-dhr-003.yml", "north-dhr-003.yaml.bak",
             "north-dhr-003", " north-dhr-003.yaml", "north-dhr-003.yaml ", "\u202eman.yaml"]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_review_files_with_odd_names_are_refused_by_name(tmp_path, monkeypatch, name):
    """The file name becomes the page's address: anything but <slug>.yaml is an error that
    names the file."""
    monkeypatch.chdir(tmp_path)
    content = copy_site(tmp_path)
    (content / "reviews" / name).write_bytes((content / REVIEW).read_bytes().replace(b"north-dhr-001", b"north-dhr-003"))
    result = build(content, tmp_path / "output", themes_dir=THEMES)
    assert not result.written
    errors = [d for d in result.diagnostics.errors if name.strip() in d.path or repr(name)[1:-1] in d.path
              or name in d.message]
    assert errors, [d.format() for d in result.diagnostics.sorted()]
    assert not (tmp_path / "output").exists()


def test_a_review_file_linked_from_outside_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = copy_site(tmp_path)
    outside = tmp_path / "elsewhere.yaml"
    shutil.move(content / REVIEW, outside)
    (content / REVIEW).symlink_to(outside)
    errors = prepare(content).diagnostics.errors
    assert any("symbolic link" in d.message and d.path.endswith("north-dhr-001.yaml") for d in errors)


@pytest.mark.parametrize("name", ["site.yaml", "agencies.yaml", "redaction.yaml"])
def test_site_files_linked_from_outside_are_refused(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    content = copy_site(tmp_path)
    outside = tmp_path / f"outside-{name}"
    shutil.move(content / name, outside)
    (content / name).symlink_to(outside)
    errors = prepare(content).diagnostics.errors
    assert any("symbolic link" in d.message and d.path.endswith(name) for d in errors), errors


def test_a_reviews_folder_linked_from_outside_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = copy_site(tmp_path)
    shutil.move(content / "reviews", tmp_path / "elsewhere")
    (content / "reviews").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    errors = prepare(content).diagnostics.errors
    assert [d.message for d in errors if d.path.endswith("reviews")] == ["reviews/ is a symbolic link"]


def _themes_copy(tmp_path: Path) -> Path:
    themes = tmp_path / "themes"
    shutil.copytree(THEMES / "default", themes / "default")
    return themes


@pytest.mark.parametrize("where", ["templates", "static", "templates/file", "static/file", "static/css/dir",
                                   "partnership theme"])
def test_theme_links_to_outside_are_refused(tmp_path, monkeypatch, where):
    """A link in themes/ would load templates from anywhere, or publish any file on the disk
    (a linked static/ folder pointing at ~/.ssh would put keys on the web)."""
    monkeypatch.chdir(tmp_path)
    content = copy_site(tmp_path)
    themes = _themes_copy(tmp_path)
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "id_rsa").write_text("PRIVATE KEY\n")
    (secret / "base.html").write_text("PRIVATE TEMPLATE\n")
    default = themes / "default"
    if where in ("templates", "static"):
        shutil.copytree(default / where, secret, dirs_exist_ok=True)
        shutil.rmtree(default / where)
        (default / where).symlink_to(secret, target_is_directory=True)
    elif where == "templates/file":
        (default / "templates" / "extra.html").symlink_to(secret / "base.html")
    elif where == "static/file":
        (default / "static" / "key.txt").symlink_to(secret / "id_rsa")
    elif where == "static/css/dir":
        (default / "static" / "css" / "keys").symlink_to(secret, target_is_directory=True)
    else:
        shutil.copytree(default, secret / "north")
        (themes / "north").symlink_to(secret / "north", target_is_directory=True)
        edit(content / "site.yaml", "    url: https://north.example.org", "    url: https://north.example.org\n    theme: north")
    result = build(content, tmp_path / "output", themes_dir=themes)
    assert not result.written and not (tmp_path / "output").exists()
    assert any("symbolic link" in d.message for d in result.diagnostics.errors), \
        [d.format() for d in result.diagnostics.sorted()]


@pytest.mark.parametrize("output", [".", "..", "content", "content/reviews", "themes", "themes/default/static", "~"])
def test_an_output_folder_that_would_swallow_the_project_is_refused(tmp_path, monkeypatch, output):
    """Writing replaces the whole output folder: `--output .` used to delete the project, and
    `--output content` the content. Now they are refused before anything is touched."""
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(project)
    monkeypatch.setenv("HOME", str(tmp_path))
    content = copy_site(project)
    themes = _themes_copy(project)
    (project / "notes.txt").write_text("precious\n")
    before = snapshot(tmp_path)
    target = Path(os.path.expanduser(output))
    result = build(content, target, themes_dir=themes)
    assert not result.written
    [error] = result.diagnostics.errors
    assert error.message.startswith("refusing to write the site into"), error
    assert snapshot(tmp_path) == before


def test_the_cli_refuses_output_dot_and_keeps_the_project(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    copy_site(project)
    (project / "notes.txt").write_text("precious\n")
    before = snapshot(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "actionplans", "build", "--content", "content", "--output", ".",
                           "--themes", str(THEMES)], cwd=project, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode == 1 and "refusing to write the site into ." in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert snapshot(tmp_path) == before


def test_a_normal_build_writes_only_inside_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = copy_site(tmp_path)
    before = snapshot(tmp_path)
    result = build(content, tmp_path / "output", themes_dir=THEMES)
    assert result.written
    lock = tmp_path / ".actionplans.output.lock"       # the build lock, beside output/ (lock.py)
    assert {k: v for k, v in snapshot(tmp_path).items() if k != lock.name} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [lock.name, "content", "output"]
    for path in (tmp_path / "output").rglob("*"):
        assert not path.is_symlink()
        assert path.resolve().is_relative_to((tmp_path / "output").resolve())
        # Every output name is a plain, portable path: no traversal, no odd characters.
        assert re.fullmatch(r"[A-Za-z0-9._\-/]+", path.relative_to(tmp_path / "output").as_posix()), path
