"""output/ written by updating a spare copy and swapping (actionplans/publish/spare.py): after
any run of writes the output is exactly the files asked for; an edit writes only what changed;
a file put or changed by hand in output/ never survives into a later site through the spare;
a write that fails part way leaves output/ as it was and the next write right; a damaged or
missing manifest is never trusted."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

import actionplans.publish.write as write
from actionplans.publish.spare import spare_dir
from actionplans.publish.write import write_output


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _site(rng: random.Random, base: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """A site like the last one with some files changed, added, removed, or turned into folders."""
    files = dict(base or {f"p{i}/index.html": b"page %d" % i for i in range(30)})
    for name in rng.sample(sorted(files), 5):
        del files[name]
    for _ in range(5):
        files[f"p{rng.randrange(40)}/index.html"] = b"changed %d" % rng.randrange(1 << 30)
    if rng.random() < 0.5:
        files.pop("x", None)
        files["x/y.html"] = b"x is a folder now"
    else:
        files = {n: b for n, b in files.items() if not n.startswith("x/")}
        files["x"] = b"x is a file now"
    return files


@pytest.fixture
def place(tmp_path):
    out = tmp_path / "work" / "output"
    return out, spare_dir(tmp_path / "cache", out)


def _write_counting(monkeypatch, out, files, spare) -> int:
    opened = []
    real = open

    def counting(*a):
        opened.append(a[0])
        return real(*a)
    monkeypatch.setattr(write, "open", counting, raising=False)
    write_output(out, files, spare)
    monkeypatch.undo()
    return len(opened)


def test_any_run_of_writes_gives_exactly_the_files(place, monkeypatch):
    out, spare = place
    rng = random.Random(7)
    files = _site(rng)
    for step in range(12):
        write_output(out, files, spare)
        assert _tree(out) == files, step
        assert sorted(p.name for p in out.parent.iterdir()) == ["output"]      # nothing beside it
        files = _site(rng, files)
    assert spare.is_dir()
    # an edit writes what changed since the spare's site: the file edited, then also the last edit's
    write_output(out, files, spare)
    write_output(out, files, spare)                 # output/ and its spare both hold `files`
    edited = dict(files, **{"p1/index.html": b"one edit"})
    assert _write_counting(monkeypatch, out, edited, spare) == 1
    assert _tree(out) == edited
    again = dict(edited, **{"p2/index.html": b"another edit"})
    assert _write_counting(monkeypatch, out, again, spare) == 2
    assert _tree(out) == again


def test_files_put_or_changed_by_hand_do_not_come_back(place):
    out, spare = place
    files = {"a.html": b"aaaa", "b/c.html": b"cccc", "d.html": b"dddd"}
    write_output(out, files, spare)
    write_output(out, files, spare)                 # now there is a spare
    (out / "extra.html").write_bytes(b"put here by hand")
    with open(out / "a.html", "r+b") as fh:         # edited in place: same size, same inode
        fh.write(b"AAAA")
    for n in range(4):                              # that output/ becomes the spare, and is used
        files = dict(files, **{"d.html": b"d %d" % n})
        write_output(out, files, spare)
        assert _tree(out) == files, n


def test_a_write_failing_part_way_leaves_the_output_and_the_next_is_right(place, monkeypatch):
    out, spare = place
    first = {f"f{i}.html": b"one %d" % i for i in range(20)}
    write_output(out, first, spare)
    write_output(out, first, spare)
    second = {f"f{i}.html": b"two %d" % i for i in range(20)}
    calls = []
    real = open

    def full(*a):
        calls.append(a)
        if len(calls) > 5:
            raise OSError(28, "No space left on device")
        return real(*a)
    monkeypatch.setattr(write, "open", full, raising=False)
    with pytest.raises(OSError):
        write_output(out, second, spare)
    monkeypatch.undo()
    assert len(calls) > 5                           # it failed inside the spare's update
    assert _tree(out) == first
    write_output(out, second, spare)
    assert _tree(out) == second


@pytest.mark.parametrize("damage", ["missing", "garbage", "wrong hash"])
def test_a_damaged_manifest_is_not_trusted(place, damage):
    out, spare = place
    files = {"a.html": b"aaaa", "b.html": b"bbbb"}
    write_output(out, files, spare)
    write_output(out, dict(files, **{"b.html": b"b2b2"}), spare)
    manifests = sorted(spare.parent.glob("*.manifest"))
    assert len(manifests) == 2
    for m in manifests:
        if damage == "missing":
            m.unlink()
        elif damage == "garbage":
            m.write_bytes(b"\x00{not json")
        else:
            data = json.loads(m.read_bytes())
            for entry in data.values():
                entry[0] = "0" * 64          # says every file holds other bytes
            m.write_text(json.dumps(data))
    target = {"a.html": b"aaaa", "b.html": b"bbbb"}
    write_output(out, target, spare)
    assert _tree(out) == target
    write_output(out, dict(target, c=b"c"), spare)
    assert _tree(out) == dict(target, c=b"c")


def test_published_modes_hold_through_the_spare(place):
    out, spare = place
    old = os.umask(0o077)
    try:
        for n in range(3):
            write_output(out, {"a/b.html": b"x%d" % n, "c.html": b"c"}, spare)
    finally:
        os.umask(old)
    assert all((p.stat().st_mode & 0o777) == (0o755 if p.is_dir() else 0o644) for p in out.rglob("*"))


def test_the_first_spare_is_used_after_the_usual_writes(place, monkeypatch):
    # The usual write hard-links unchanged files into the next folder: that must not make every
    # file of the folder that becomes the spare look changed (and the next edit write them all).
    out, spare = place
    files = {f"p{i}/index.html": b"page %d" % i for i in range(50)}
    write_output(out, files, spare)        # the first write
    write_output(out, files, spare)        # the usual write: no spare yet; the first folder becomes it
    edited = dict(files, **{"p3/index.html": b"edited"})
    assert _write_counting(monkeypatch, out, edited, spare) == 1
    assert _tree(out) == edited
