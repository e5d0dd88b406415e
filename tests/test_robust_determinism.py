"""Determinism beyond tests/test_determinism.py (two hash seeds, same path): the same content
gives byte-identical output whatever order the file system lists files in, wherever the
content lives, whatever the working folder, time zone, locale and hash seed, and however many
times it is built in one process.

The search index (pagefind/) is compared by its file list only: Pagefind's own filter and
metadata files vary from run to run, which tests/browser/test_search.py covers."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SITES, THEMES, VALID
from actionplans.build import build

SHUFFLE = '''
import os, pathlib, random, sys
rng = random.Random(int(os.environ["SHUFFLE_SEED"]))
real_listdir, real_scandir, real_iterdir = os.listdir, os.scandir, pathlib.Path.iterdir
def shuffled(items):
    items = list(items)
    rng.shuffle(items)
    return items
class Scan:
    def __init__(self, it): self.items = shuffled(it); it.close()
    def __iter__(self): return iter(self.items)
    def __next__(self): return self.items.pop(0)
    def __enter__(self): return self
    def __exit__(self, *a): pass
    def close(self): pass
os.listdir = lambda path=".": shuffled(real_listdir(path))
os.scandir = lambda path=".": Scan(real_scandir(path))
pathlib.Path.iterdir = lambda self: iter(shuffled(real_iterdir(self)))
from actionplans.commands.cli import main
sys.exit(main(sys.argv[1:]))
'''


def digest(files: dict[str, bytes]) -> dict[str, str]:
    return {name: (hashlib.sha256(data).hexdigest() if not name.startswith("pagefind/") else "index")
            for name, data in sorted(files.items())}


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def copy_in_order(src: Path, dest: Path, reverse: bool) -> None:
    """Copy a site creating its files in a chosen order: on file systems that list a folder in
    creation order (tmpfs), this alone changes what the generator sees first."""
    paths = sorted(src.rglob("*"), reverse=reverse)
    for path in sorted((p for p in paths if p.is_dir()), key=lambda p: len(p.parts)):
        (dest / path.relative_to(src)).mkdir(parents=True, exist_ok=True)
    dest.mkdir(parents=True, exist_ok=True)
    for path in paths:
        if path.is_file():
            shutil.copyfile(path, dest / path.relative_to(src))


def reverse_listings(monkeypatch):
    """Patch every way the generator and its libraries list a folder; returns the real listdir."""
    real_listdir, real_scandir = os.listdir, os.scandir

    class Scan(list):
        def __enter__(self):
            return self

        def __exit__(self, *args):
            return None

        def close(self):
            return None

    def scandir(path="."):
        with real_scandir(path) as it:
            return Scan(reversed(list(it)))
    monkeypatch.setattr(os, "listdir", lambda path=".": list(reversed(real_listdir(path))))
    monkeypatch.setattr(os, "scandir", scandir)
    # Built from the real listdir: Path.iterdir may itself call os.listdir (and be reversed twice).
    monkeypatch.setattr(Path, "iterdir", lambda self: iter([self / n for n in reversed(real_listdir(self))]))
    return real_listdir


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, str]:
    """The valid site built the plain way: what every variation must reproduce."""
    root = tmp_path_factory.mktemp("reference")
    content = root / "content"
    shutil.copytree(VALID, content)
    result = build(content, root / "output", themes_dir=THEMES, write=False)
    assert result.files, [d.format() for d in result.diagnostics.sorted()]
    assert len(result.files) > 50
    return digest(result.files)


def test_reversed_listings_and_creation_order_give_the_same_bytes(tmp_path, monkeypatch, reference):
    content = tmp_path / "somewhere" / "else" / "content"
    copy_in_order(VALID, content, reverse=True)
    monkeypatch.chdir(tmp_path / "somewhere")
    real_listdir = reverse_listings(monkeypatch)
    assert os.listdir(content) == list(reversed(real_listdir(content)))        # the patch is live
    assert [p.name for p in content.iterdir()] == list(reversed(real_listdir(content)))
    result = build(content, tmp_path / "out", themes_dir=THEMES, write=False)
    assert result.files, [d.format() for d in result.diagnostics.sorted()]
    assert digest(result.files) == reference


def test_building_twice_in_one_process_gives_the_same_bytes(tmp_path, reference):
    """Caches (Markdown, templates, the name lists) must not carry anything from one build
    into the next."""
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    first = build(content, tmp_path / "out", themes_dir=THEMES, write=False).files
    second = build(content, tmp_path / "out", themes_dir=THEMES, write=False).files
    assert digest(first) == digest(second) == reference


def test_shuffled_listings_seed_locale_and_time_zone_in_a_fresh_process(tmp_path, reference):
    """The CLI in a new process with another hash seed, a far-away time zone, the plain C
    locale, a different working folder, and every directory listing shuffled."""
    seed = int(os.environ.get("ROBUST_SEED", random.randrange(1 << 30)))
    content = tmp_path / "deep" / "path with spaces" / "content"
    copy_in_order(VALID, content, reverse=False)
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED=str(seed % 4294967295), SHUFFLE_SEED=str(seed),
               TZ="Pacific/Kiritimati", LC_ALL="C", LANG="C")
    proc = subprocess.run([sys.executable, "-c", SHUFFLE, "build", "--content", str(content), "--output", str(out),
                           "--themes", str(THEMES)], cwd=tmp_path / "deep", env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, f"seed {seed}: {proc.stderr}"
    assert digest(tree(out)) == reference, f"seed {seed}"


def test_hostile_site_is_deterministic_across_paths(tmp_path, monkeypatch):
    """The hostile fixture (payloads, quotes, non-ASCII) built from two places is identical, and
    no output names the folder it was built from (its links, which check refuses, let through)."""
    import actionplans.content.conform
    monkeypatch.setattr(actionplans.content.conform, "check_links", lambda *args: None)
    digests = []
    for name in ("first", "second place"):
        content = tmp_path / name / "content"
        shutil.copytree(SITES / "hostile" / "content", content)
        result = build(content, tmp_path / name / "output", themes_dir=THEMES, write=False)
        assert result.files, [d.format() for d in result.diagnostics.sorted()]
        for file, data in result.files.items():
            assert str(tmp_path).encode() not in data, file
        digests.append(digest(result.files))
    assert digests[0] == digests[1]
