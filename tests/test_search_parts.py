"""The search index in parts (publish/search_groups.py): an edit to one review makes only its
partnership's part of the index again; the other parts, the main index, every review's change
feed and search records but its own come from the cache; the result is byte for byte a fresh
build's. (That search still finds everything across the parts: tests/browser/test_search.py.)"""

from __future__ import annotations

import shutil

import pytest

import actionplans.build as build_module
import actionplans.publish.changefeeds as changefeeds
import actionplans.publish.search_records as search_records
from conftest import EXAMPLE, EXAMPLE_AS_OF, THEMES
from actionplans.build import build
from actionplans.core.options import BuildOptions


def _tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def site(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    options = BuildOptions(content, tmp_path / "output", themes=THEMES, as_of=EXAMPLE_AS_OF, cache_dir=tmp_path / "cache")
    assert build(options).written
    return tmp_path, content, options


def _spy(monkeypatch, module, name):
    calls = []
    real = getattr(module, name)

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)
    monkeypatch.setattr(module, name, spy)
    return calls


def test_an_edit_reindexes_its_partnership_only(site, monkeypatch):
    root, content, options = site
    before = _tree(root / "output")
    parts = _spy(monkeypatch, build_module, "part_files")
    feeds = _spy(monkeypatch, changefeeds, "feed")
    review = content / "reviews" / "somerset-dhr-024.yaml"
    text = review.read_text(encoding="utf-8")
    review.write_text(text.replace("lead: somerset-ccg", "lead: somerset-ccg\n        lead_role: Edited role", 1),
                      encoding="utf-8")
    assert build(options).written
    assert [args[0].output_dir for args in parts] == ["pagefind/partnerships/safer-somerset"]
    # the edited review's change feed and the whole site's (in each language); every other
    # review's from the cache, the Welsh review's too
    assert sorted(args[1] for args in feeds) == ["/changes.xml", "/cy/changes.xml", "/reviews/somerset-dhr-024/changes.xml"]
    after = _tree(root / "output")
    changed = {n for n in after if before.get(n) != after[n]} | (before.keys() - after.keys())
    index = {n for n in changed if n.startswith("pagefind/")}
    assert index and all(n.startswith("pagefind/partnerships/safer-somerset/") for n in index), sorted(index)
    fresh = build(content, root / "fresh", themes_dir=THEMES, as_of=EXAMPLE_AS_OF, use_cache=False)
    assert fresh.written
    theirs = _tree(root / "fresh")
    assert sorted(after) == sorted(theirs) and [n for n in theirs if after[n] != theirs[n]] == []


def test_a_partnership_left_without_reviews_loses_its_part_and_the_search_page_stops_merging_it(site, monkeypatch):
    root, content, options = site
    parts = _spy(monkeypatch, build_module, "part_files")
    records = _spy(monkeypatch, search_records, "plain_text")
    review = content / "reviews" / "southampton-dhr-2022.yaml"
    text = review.read_text(encoding="utf-8")
    assert "partnership: southampton-safe-city" in text
    site_yaml = (content / "site.yaml").read_text(encoding="utf-8")
    assert "southampton-safe-city" in site_yaml
    # the review moves to another partnership: its new part and the main one (the partnership
    # pages list it) are made again; its old partnership has no review left, and no part
    review.write_text(text.replace("partnership: southampton-safe-city", "partnership: west-oxfordshire-csp", 1),
                      encoding="utf-8")
    result = build(options)
    assert result.written, [d.format() for d in result.diagnostics.items]
    made = sorted(args[0].output_dir for args in parts)
    assert made == ["pagefind", "pagefind/partnerships/west-oxfordshire-csp"], made
    assert records          # the moved review's records were made again (its partnership filter)
    out = root / "output"
    assert not (out / "pagefind/partnerships/southampton-safe-city").exists()
    page = (out / "search/index.html").read_text(encoding="utf-8")
    assert "/pagefind/partnerships/southampton-safe-city/" not in page
    assert "/pagefind/partnerships/west-oxfordshire-csp/" in page
