"""A failing build leaves the previous output/ byte for byte as it was; nothing is written
outside output/."""

import hashlib
import os
import shutil

import pytest

from conftest import THEMES
from actionplans.build import build
from actionplans.publish.write import UnsafePath, safe_relative, write_output


def snapshot(root):
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def contents(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_failed_build_leaves_previous_output_intact(site, tmp_path):
    out = tmp_path / "output"
    assert build(site, out, themes_dir=THEMES).written
    before = snapshot(out)
    review = site / "reviews" / "north-dhr-001.yaml"
    review.write_text(review.read_text().replace("due: 2022-12-31", "due: 2020-06-31"))
    result = build(site, out, themes_dir=THEMES)
    assert not result.written and result.diagnostics.errors
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".actionplans-")] == []


def test_write_failure_midway_leaves_output_intact(tmp_path, monkeypatch):
    out = tmp_path / "output"
    write_output(out, {"index.html": b"old", "a/b.html": b"old b"})
    before = snapshot(out)
    import actionplans.publish.write as w
    real = w.write_tree

    def failing(target, files, previous=None):
        real(target, dict(list(files.items())[:1]), previous)
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(w, "write_tree", failing)
    with pytest.raises(OSError):
        write_output(out, {"index.html": b"new", "a/b.html": b"new b"})
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".actionplans-")] == []


def test_unchanged_files_are_hard_links_to_the_previous_output(tmp_path):
    out = tmp_path / "output"
    write_output(out, {"same.html": b"same", "a/changed.html": b"old", "a/gone.html": b"gone"})
    before = {p: (out / p).stat().st_ino for p in ("same.html", "a/changed.html")}
    (out / "by-hand.html").write_bytes(b"edited")      # not ours: gone after the next write
    write_output(out, {"same.html": b"same", "a/changed.html": b"new", "b/added.html": b"added"})
    assert contents(out) == {"same.html": b"same", "a/changed.html": b"new", "b/added.html": b"added"}
    assert (out / "same.html").stat().st_ino == before["same.html"]          # linked, not written
    assert (out / "a/changed.html").stat().st_ino != before["a/changed.html"]
    assert (out / "same.html").stat().st_nlink == 1                         # the old folder is gone
    assert oct((out / "same.html").stat().st_mode & 0o777) == oct(0o644)


def test_a_file_edited_in_place_or_reached_through_a_link_is_written_anew(tmp_path):
    """Only a published file holding exactly the new bytes is linked: one edited by hand (same
    size), one whose mode was changed, or one reached through a symbolic link is written."""
    out, elsewhere = tmp_path / "output", tmp_path / "elsewhere"
    write_output(out, {"a.html": b"aaaa", "b.html": b"bbbb", "d/c.css": b"cccc"})
    (out / "a.html").write_bytes(b"AAAA")
    os.chmod(out / "b.html", 0o600)
    elsewhere.mkdir()
    (elsewhere / "c.css").write_bytes(b"cccc")
    os.chmod(elsewhere / "c.css", 0o644)
    shutil.rmtree(out / "d")
    (out / "d").symlink_to(elsewhere)
    write_output(out, {"a.html": b"aaaa", "b.html": b"bbbb", "d/c.css": b"cccc"})
    assert contents(out) == {"a.html": b"aaaa", "b.html": b"bbbb", "d/c.css": b"cccc"}
    assert (out / "d/c.css").stat().st_ino != (elsewhere / "c.css").stat().st_ino
    assert (elsewhere / "c.css").stat().st_nlink == 1
    assert oct((out / "b.html").stat().st_mode & 0o777) == oct(0o644)


def test_a_failure_after_some_files_were_linked_leaves_the_previous_output(tmp_path, monkeypatch):
    out = tmp_path / "output"
    write_output(out, {f"p{i}.html": b"same %d" % i for i in range(5)})
    before = snapshot(out)
    import actionplans.publish.write as w
    real_open = open

    def full(path, mode="r", *args, **kwargs):
        if "w" in mode:
            raise OSError(28, "No space left on device")
        return real_open(path, mode, *args, **kwargs)
    monkeypatch.setattr(w, "open", full, raising=False)
    with pytest.raises(OSError):
        write_output(out, {**{f"p{i}.html": b"same %d" % i for i in range(5)}, "new.html": b"new"})
    assert snapshot(out) == before
    assert all((out / f"p{i}.html").stat().st_nlink == 1 for i in range(5))
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".actionplans-")] == []


def test_stale_temporary_folders_are_cleaned_by_the_next_build(tmp_path):
    out = tmp_path / "output"
    stale = tmp_path / ".actionplans-output.99999"
    (stale / "x").mkdir(parents=True)
    write_output(out, {"index.html": b"x"})
    assert not stale.exists()
    assert (out / "index.html").read_bytes() == b"x"


def test_swap_killed_between_renames_is_recovered(tmp_path):
    out = tmp_path / "output"
    old = tmp_path / ".actionplans-output.old"
    old.mkdir()
    (old / "index.html").write_bytes(b"previous")
    write_output(out, {"index.html": b"next"})
    assert (out / "index.html").read_bytes() == b"next"


@pytest.mark.parametrize("name", ["../x.html", "/etc/passwd", "a/../../x", "", "a\\b", "a/./b", "a//b"])
def test_unsafe_paths_are_refused(name):
    with pytest.raises(UnsafePath):
        safe_relative(name)


def test_output_that_is_a_symlink_is_refused(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "output"
    link.symlink_to(real)
    with pytest.raises(UnsafePath):
        write_output(link, {"index.html": b"x"})


@pytest.mark.parametrize("umask", [0o077, 0o027, 0o002])
def test_published_files_are_world_readable_whatever_the_umask(tmp_path, umask):
    import os
    import stat
    old = os.umask(umask)
    try:
        write_output(tmp_path / "output", {"index.html": b"x", "a/b/c.html": b"y", "data/d.json": b"{}"})
    finally:
        os.umask(old)
    out = tmp_path / "output"
    for path in [out, *out.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))
