"""The build cache (actionplans/cache/entries.py): an entry that is corrupt, truncated, from
another format or under another key is refused and made again; a pickle that would run code is
refused before it runs; the redaction list is in every key; where the cache lives."""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE, EXAMPLE_AS_OF, THEMES
from actionplans.build import build, check
from actionplans.cache.entries import FORMAT, MAGIC, Store, default_dir
from actionplans.core.options import BuildOptions


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("cache")
    shutil.copytree(EXAMPLE, root / "content")
    fresh = build(BuildOptions(root / "content", root / "fresh", themes=THEMES, as_of=EXAMPLE_AS_OF, cache=False))
    assert fresh.written
    return root


def _build(site: Path, out: str, cache: Path):
    return build(BuildOptions(site / "content", site / out, themes=THEMES, as_of=EXAMPLE_AS_OF, cache_dir=cache))


def _entries(cache: Path) -> list[Path]:
    """The cache's entries (not the spare copy of the site kept beside them: publish/spare.py)."""
    return sorted(p for p in cache.rglob("*") if p.is_file() and p.relative_to(cache).parts[0] != "spare")


def test_unit_round_trip_and_every_fault_is_refused(tmp_path):
    store = Store(tmp_path)
    store.put("k", "ab12", {"x": (1, 2)})
    assert store.get("k", "ab12") == {"x": (1, 2)}
    path = store.path("k", "ab12")
    good = path.read_bytes()
    faults = {
        "flipped": good[:-3] + bytes([good[-3] ^ 1]) + good[-2:],
        "truncated": good[: len(good) // 2],
        "empty": b"",
        "format": good.replace(MAGIC + b" " + FORMAT.encode(), MAGIC + b" 0", 1),
        "foreign": good.replace(b" ab12 ", b" cd34 ", 1),
    }
    for name, data in faults.items():
        path.write_bytes(data)
        before = store.rejected
        assert store.get("k", "ab12") is None, name
        assert store.rejected == before + 1, name
        assert not path.exists(), f"{name}: a refused entry is deleted"


def test_an_entry_kept_in_memory_is_refused_once_its_file_changes(tmp_path):
    """serve's builds keep small entries in memory (MEMO_KINDS), by their file's size, time and
    inode: a file changed afterwards is read and checked again, and refused when faulty."""
    from actionplans.cache import entries
    first, second = Store(tmp_path), Store(tmp_path)
    first.put("data", "ab12", [])
    path = first.path("data", "ab12")
    good = path.read_bytes()
    assert path in entries._memo
    assert second.get("data", "ab12") == [] and second.hits == 1
    real_read = Path.read_bytes
    try:        # a hit from memory reads nothing
        Path.read_bytes = lambda self: (_ for _ in ()).throw(AssertionError(f"{self} was read"))
        assert second.get("data", "ab12") == []
    finally:
        Path.read_bytes = real_read
    for fault in (good[:-3] + bytes([good[-3] ^ 1]) + good[-2:], good[: len(good) // 2]):
        path.write_bytes(fault)
        assert second.get("data", "ab12") is None and not path.exists()
        assert path not in entries._memo
        first.put("data", "ab12", [])
    first.put("data", "cd34", [])
    first.used = {first.path("data", "cd34")}
    first.prune()                       # pruned entries leave memory too
    assert path not in entries._memo and first.path("data", "cd34") in entries._memo


def test_tiny_verdicts_are_one_table_per_kind_checked_like_any_entry(tmp_path):
    """Guard verdicts, broken links and XML checks (TABLE_KINDS), one per file of the site, are
    kept in one entry per kind: read once, written once, holding only what the last build used,
    found by their own keys; a damaged table is refused whole and its verdicts made again."""
    from actionplans.cache import entries
    first = Store(tmp_path)
    first.put("guard", "ab12", [])
    first.put("guard", "cd34", ["problem"])
    assert first.get("guard", "ab12") == [] and first.get("guard", "ef56") is None
    first.flush()
    table = first.path("guard", entries.TABLE)
    assert table.is_file() and sorted(p.name for p in (tmp_path / "guard").rglob("*") if p.is_file()) == ["table"]
    second = Store(tmp_path)
    assert second.get("guard", "cd34") == ["problem"] and second.hits == 1
    second.flush()      # only cd34 was used: the table keeps only it
    third = Store(tmp_path)
    assert third.get("guard", "ab12") is None and third.get("guard", "cd34") == ["problem"]
    third.flush(keep_unused=True)
    data = table.read_bytes()
    table.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    entries._memo.clear()
    fourth = Store(tmp_path)
    assert fourth.get("guard", "cd34") is None and fourth.rejected == 1 and not table.exists()
    read_only = Store(tmp_path, read_only=True)
    read_only.put("guard", "ab12", [])
    read_only.flush()
    assert not table.exists()


def test_a_pickle_that_would_run_code_is_refused_even_with_the_right_hash(tmp_path):
    import hashlib

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {tmp_path / 'ran'}",))
    store = Store(tmp_path)
    payload = pickle.dumps(Evil())
    head = b" ".join([MAGIC, FORMAT.encode(), b"k", b"ab12", hashlib.sha256(payload).hexdigest().encode()])
    store.path("k", "ab12").parent.mkdir(parents=True)
    store.path("k", "ab12").write_bytes(head + b"\n" + payload)
    assert store.get("k", "ab12") is None
    assert not (tmp_path / "ran").exists()
    assert store.rejected == 1


def test_corrupt_entries_are_rebuilt_and_the_site_is_byte_identical(site, tmp_path):
    cache = tmp_path / "cache"
    first = _build(site, "one", cache)
    assert first.written and first.cache.hits == 0 and len(first.rendered) > 100
    entries = _entries(cache)
    kinds = {p.relative_to(cache).parts[0] for p in entries}
    assert {"review", "redact", "page", "guard", "data", "search", "progress", "guard-part"} <= kinds
    # damage one entry of each kind, each a different way
    for i, kind in enumerate(sorted(kinds)):
        victim = next(p for p in entries if p.relative_to(cache).parts[0] == kind)
        data = victim.read_bytes()
        victim.write_bytes([data[: len(data) // 3], data[:-1] + b"\x00", b"garbage\n" + data][i % 3])
    second = _build(site, "two", cache)
    assert second.written
    assert second.cache.rejected >= len(kinds)
    assert second.cache.hits > 100
    assert _tree(site / "two") == _tree(site / "fresh")


def test_a_warm_cache_renders_nothing_and_matches_a_fresh_build(site, tmp_path):
    cache = tmp_path / "cache"
    assert _build(site, "a", cache).written
    again = _build(site, "b", cache)
    assert again.written and again.rendered == [] and again.cache.misses == 0
    assert _tree(site / "b") == _tree(site / "fresh")


def test_the_redaction_list_is_in_every_key(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "content")
    cache = tmp_path / "cache"
    options = BuildOptions(tmp_path / "content", tmp_path / "out", themes=THEMES, as_of=EXAMPLE_AS_OF, cache_dir=cache)
    assert build(options).written
    page = tmp_path / "out" / "reviews" / "southampton-dhr-2022" / "index.html"
    assert b"Cabinet" in page.read_bytes()
    # a word in one review's text becomes a declared name: its pages may not come from the cache
    red = tmp_path / "content" / "redaction.yaml"
    text = red.read_text(encoding="utf-8")
    assert "\nnames: []" in text
    red.write_text(text.replace("\nnames: []", "\nnames:\n  - name: Cabinet\n    refer_to_as: the adult", 1),
                   encoding="utf-8")
    cached = build(options)
    fresh = build(BuildOptions(tmp_path / "content", tmp_path / "fresh", themes=THEMES, as_of=EXAMPLE_AS_OF, cache=False))
    assert [d.format() for d in cached.diagnostics.items] == [d.format() for d in fresh.diagnostics.items]
    assert cached.written and fresh.written
    assert b"Cabinet" not in page.read_bytes()
    assert _tree(tmp_path / "out") == _tree(tmp_path / "fresh")


def test_where_the_cache_lives(tmp_path, monkeypatch):
    monkeypatch.delenv("ACTIONPLANS_CACHE_DIR", raising=False)
    assert default_dir(tmp_path / "content") == (tmp_path / ".actionplans-cache").resolve()
    monkeypatch.setenv("ACTIONPLANS_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert default_dir(tmp_path / "content") == tmp_path / "elsewhere"


def test_check_reads_the_cache_and_writes_nothing(site, tmp_path):
    cache = tmp_path / "cache"
    assert _build(site, "c", cache).written
    victim = next(p for p in _entries(cache) if p.relative_to(cache).parts[0] == "page")
    victim.write_bytes(victim.read_bytes()[:50])
    before = {p: p.read_bytes() for p in _entries(cache)}
    result = check(BuildOptions(site / "content", None, themes=THEMES, as_of=EXAMPLE_AS_OF, cache_dir=cache))
    assert not result.failed() and not result.written
    assert len(result.rendered) == 1 and result.cache.hits > 100     # the damaged page, rendered again
    assert result.cache.rejected == 1
    assert {p: p.read_bytes() for p in _entries(cache)} == before      # nothing kept, nothing deleted


def test_cli_cache_dir_env_and_no_cache(site, tmp_path):
    env = {**os.environ, "ACTIONPLANS_CACHE_DIR": str(tmp_path / "from-env")}
    args = [sys.executable, "-m", "actionplans", "build", "--content", str(site / "content"), "--themes", str(THEMES),
            "--as-of", EXAMPLE_AS_OF.isoformat()]
    run = subprocess.run(args + ["--output", str(tmp_path / "o1")], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert _entries(tmp_path / "from-env")
    run = subprocess.run(args + ["--output", str(tmp_path / "o2"), "--cache-dir", str(tmp_path / "flag")],
                         env=env, capture_output=True, text=True)
    assert run.returncode == 0 and _entries(tmp_path / "flag")
    run = subprocess.run(args + ["--output", str(tmp_path / "o3"), "--no-cache", "--cache-dir", str(tmp_path / "none")],
                         env=env, capture_output=True, text=True)
    assert run.returncode == 0 and not (tmp_path / "none").exists()
    assert _tree(tmp_path / "o1") == _tree(tmp_path / "o2") == _tree(tmp_path / "o3") == _tree(site / "fresh")


def test_a_build_keeps_only_what_it_used(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "content")
    cache = tmp_path / "cache"
    options = BuildOptions(tmp_path / "content", tmp_path / "out", themes=THEMES, as_of=EXAMPLE_AS_OF, cache_dir=cache)
    assert build(options).written
    review = tmp_path / "content" / "reviews" / "somerset-dhr-024.yaml"
    review.write_text(review.read_text(encoding="utf-8").replace("lead: somerset-ccg", "lead: thames-valley-police", 1),
                      encoding="utf-8")
    second = build(options)
    assert second.written and 0 < len(second.rendered) < 100
    entries = _entries(cache)
    third = build(dataclasses.replace(options, output=tmp_path / "elsewhere"))    # past the whole-site stamp
    assert third.written and third.rendered == [] and third.cache.misses == 0
    # the second build left only what it used: the third uses all of it and so deletes nothing
    assert _entries(cache) == entries and third.cache.hits >= len(entries)


def test_only_templates_the_other_pages_reach_decide_what_they_show(tmp_path):
    """A template no page of this site renders (the national view's, say) may read a review's
    summary; one the home page includes may not, or the home page would go stale."""
    from types import SimpleNamespace
    from actionplans.cache.pages import review_page_only
    from actionplans.core.model import Review
    templates = tmp_path / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "home.html").write_text('{% include "parts.html" %}', encoding="utf-8")
    (templates / "parts.html").write_text("{{ title }}", encoding="utf-8")
    (templates / "unused.html").write_text("{{ r.summary }}", encoding="utf-8")
    (templates / "review.html").write_text("{{ review.summary }}", encoding="utf-8")
    review = Review.__new__(Review)
    pages = [SimpleNamespace(template="home.html", subject=None), SimpleNamespace(template="review.html", subject=review)]
    assert "summary" in review_page_only([tmp_path / "theme"], pages)
    (templates / "parts.html").write_text("{{ r.summary }}", encoding="utf-8")
    assert "summary" not in review_page_only([tmp_path / "theme"], pages)
    (templates / "home.html").write_text('{% include name %}', encoding="utf-8")
    assert review_page_only([tmp_path / "theme"], pages) == ()
