"""The whole-site golden snapshot: every file the example site (content/) builds, as of
EXAMPLE_AS_OF, byte for byte against tests/snapshots/site/. The search index (pagefind/: binary,
named by hashes) and the web editor's pinned release (admin/) are compared as a listing of their
files' SHA-256 in tests/snapshots/site-pagefind.sha256.

Output is deterministic, so nothing is normalised. After an intended change (a template, the
CSS, the content), refresh with `python -m pytest tests/test_site_snapshot.py --update-snapshots`
and review the difference with `git diff tests/snapshots/`."""

from __future__ import annotations

import difflib
import hashlib
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE_AS_OF

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "site"
SEARCH_LISTING = SNAPSHOT.parent / "site-pagefind.sha256"
SEARCH_DIR = "pagefind/"
# The web editor's pinned release (its bytes are checked against this listing by the build): by hash too
EDITOR = frozenset("admin/" + line.split()[1] for line in
                   (Path(__file__).resolve().parent.parent / "actionplans" / "data" / "decap-cms.sha256")
                   .read_text(encoding="utf-8").splitlines() if line and not line.startswith("#"))


def hashed(name: str) -> bool:
    """Files the snapshot keeps as a SHA-256 listing: the search index and the editor's release."""
    return name.startswith(SEARCH_DIR) or name in EDITOR
SHOWN_FILES = 6          # the failure message shows this many files' differences in full…
SHOWN_LINES = 40         # …each up to this many lines of unified diff


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def search_listing(files: dict[str, bytes]) -> str:
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n"
                   for name, data in sorted(files.items()) if hashed(name))


def _diff(name: str, old: bytes, new: bytes) -> list[str]:
    try:
        a, b = old.decode("utf-8").splitlines(), new.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return [f"  (binary: {len(old)} bytes in the snapshot, {len(new)} built)"]
    lines = list(difflib.unified_diff(a, b, f"snapshot/{name}", f"built/{name}", n=2, lineterm=""))
    if len(lines) > SHOWN_LINES:
        lines = lines[:SHOWN_LINES] + [f"  … {len(lines) - SHOWN_LINES} more lines of difference"]
    return ["  " + line for line in lines]


def differences(snapshot: dict[str, bytes], built: dict[str, bytes]) -> list[str]:
    """What differs between the snapshot and the build, as lines a reader can follow: files
    new and gone by name, changed files with a unified diff (the first few in full)."""
    new = sorted(set(built) - set(snapshot))
    gone = sorted(set(snapshot) - set(built))
    changed = sorted(n for n in set(built) & set(snapshot) if built[n] != snapshot[n])
    out: list[str] = []
    if new:
        out += [f"{len(new)} file(s) built that the snapshot does not have:"] + [f"  + {n}" for n in new]
    if gone:
        out += [f"{len(gone)} file(s) in the snapshot no longer built:"] + [f"  - {n}" for n in gone]
    if changed:
        out.append(f"{len(changed)} file(s) changed:")
        for i, name in enumerate(changed):
            out += [f"  ~ {name}"] + (_diff(name, snapshot[name], built[name]) if i < SHOWN_FILES else [])
    return out


def snapshot_of(built: dict[str, bytes]) -> dict[str, bytes]:
    """The build as the snapshot stores it: every file but the search index, plus its listing."""
    files = {n: b for n, b in built.items() if not hashed(n)}
    files[SEARCH_LISTING.name] = search_listing(built).encode("utf-8")
    return files


def stored_snapshot() -> dict[str, bytes]:
    files = tree(SNAPSHOT) if SNAPSHOT.is_dir() else {}
    if SEARCH_LISTING.is_file():
        files[SEARCH_LISTING.name] = SEARCH_LISTING.read_bytes()
    return files


def write_snapshot(built: dict[str, bytes]) -> None:
    if SNAPSHOT.exists():
        shutil.rmtree(SNAPSHOT)      # files the site no longer builds go too
    for name, data in built.items():
        if hashed(name):
            continue
        path = SNAPSHOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    SEARCH_LISTING.write_text(search_listing(built), encoding="utf-8")


def test_example_site_matches_its_snapshot(example_output, update_snapshots):
    built = tree(example_output)
    assert len(built) > 100 and "index.html" in built and "pagefind/pagefind.js" in built
    if update_snapshots:
        write_snapshot(built)
        return
    if not SNAPSHOT.is_dir():
        write_snapshot(built)
        raise AssertionError("tests/snapshots/site/ did not exist: it was written; review it and run again")
    found = differences(stored_snapshot(), snapshot_of(built))
    if found:
        pytest.fail(f"the example site (as of {EXAMPLE_AS_OF}) no longer builds to its snapshot; if the change "
                    "is intended, run python -m pytest tests/test_site_snapshot.py --update-snapshots and review "
                    "git diff tests/snapshots/\n" + "\n".join(found), pytrace=False)


def test_the_comparison_finds_every_kind_of_difference():
    snapshot = {"a.html": b"<p>one</p>\n<p>two</p>\n", "b.css": b"x", "gone.html": b"", "img.png": b"\x89PNG\xff"}
    built = {"a.html": b"<p>one</p>\n<p>2</p>\n", "b.css": b"x", "new.html": b"", "img.png": b"\x89PNG\xfe"}
    found = "\n".join(differences(snapshot, built))
    assert "+ new.html" in found and "- gone.html" in found
    assert "~ a.html" in found and "-<p>two</p>" in found and "+<p>2</p>" in found
    assert "~ img.png" in found and "binary" in found
    assert "b.css" not in found
    assert differences(snapshot, dict(snapshot)) == []


def test_the_search_index_is_compared_by_its_hashes():
    one = {"pagefind/pagefind.js": b"js", "pagefind/index/en_1.pf_index": b"\x00\x01"}
    other = {**one, "pagefind/index/en_1.pf_index": b"\x00\x02"}
    assert search_listing(one) != search_listing(other)
    assert differences(snapshot_of(one), snapshot_of(other))
    assert "pagefind/pagefind.js" in search_listing(one)
