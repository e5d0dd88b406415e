"""The national view at scale, small enough for every run: bench/national.py's synthetic
partnerships (bench/corpus.py's reviews dealt out to partnership sites) built into a national
site. Every review is shown, and no page grows with the nation (long lists continue on further
pages). `-m slow` (or ROBUST_FULL=1) runs it at 400 reviews in 30 partnerships; the full
N = 2,000 in 150 is bench/national.py's, reported in bench/RESULTS.md."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from conftest import ROOT, THEMES, robust_size

sys.path.insert(0, str(ROOT / "bench"))

REVIEWS = robust_size("NATIONAL_REVIEWS", 40, 400)
PARTNERSHIPS = max(2, REVIEWS // 13)
LARGEST_PAGE = 300_000      # the pipeline issue's target for the largest page


@pytest.mark.slow
def test_synthetic_partnerships_build_a_national_site(tmp_path):
    import national as bench_national
    from actionplans.national.build import NationalOptions, build_national
    sources = bench_national.make_sources(REVIEWS, PARTNERSHIPS, tmp_path / "sites", tmp_path / "corpus")
    result = build_national(NationalOptions(sources, tmp_path / "out", THEMES, dt.date(2026, 11, 21)))
    assert result.written, [d.format() for d in result.diagnostics.sorted()[:20]]
    assert [s["ok"] for s in result.sources] == [True] * PARTNERSHIPS
    assert len(result.nation.reviews) == REVIEWS and len(result.nation.partnerships) == PARTNERSHIPS
    pages = {n: b for n, b in result.files.items() if n.endswith(".html")}
    shown = b"".join(b for n, b in pages.items() if n.startswith("reviews/"))
    assert all(r.url.encode() in shown for r in result.nation.reviews)
    largest = max(pages, key=lambda n: len(pages[n]))
    assert len(pages[largest]) < LARGEST_PAGE, largest
    assert result.nation.lessons and result.nation.national
