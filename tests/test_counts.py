"""Counts that hide nothing: every progress summary says how many recommendations have no
published action, and what its percentage is a percentage of."""

from __future__ import annotations

import csv
import io
import json

import yaml
from bs4 import BeautifulSoup

from conftest import EXAMPLE


def _source_gaps() -> dict[str, tuple[int, int]]:
    out = {}
    for path in (EXAMPLE / "reviews").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        recs = data["recommendations"]
        out[data["id"]] = (sum(not r.get("actions") for r in recs), len(recs))
    return out


def test_review_pages_and_summaries_state_recommendations_with_no_action(example_output):
    gaps = _source_gaps()
    assert any(n for n, _ in gaps.values()), "the example has recommendations with no published action"
    for rid, (n, total) in gaps.items():
        for page in (f"reviews/{rid}/index.html", f"embed/reviews/{rid}/index.html"):
            s = BeautifulSoup((example_output / page).read_text(encoding="utf-8"), "html.parser")
            gap = " ".join(s.select_one(".ap-progress__gap").get_text().split())
            if n:
                assert gap.startswith(f"{n} of the {total} recommendations ha"), (page, gap)
            else:
                assert f"Every one of the {total} recommendations" in gap, (page, gap)
            summary = " ".join(s.select_one(".ap-progress__summary").get_text().split())
            assert "% of the " in summary and summary.endswith(" actions)"), summary
    home = BeautifulSoup((example_output / "index.html").read_text(encoding="utf-8"), "html.parser")
    first = " ".join(home.select_one(".ap-progress__gap").get_text().split())
    assert first.startswith(f"{sum(n for n, _ in gaps.values())} of the {sum(t for _, t in gaps.values())} "
                            "recommendations")
    for page in ["agencies", "partnerships", "embed/agencies", "embed/partnerships"]:
        for path in (example_output / page).glob("*/index.html"):
            s = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            if s.select_one(".ap-progress__summary .ap-progress__summary strong") or s.select_one(".ap-bar"):
                assert s.select_one(".ap-progress__gap"), path


def test_open_data_counts_recommendations_with_no_action(example_output):
    gaps = _source_gaps()
    data = json.loads((example_output / "data" / "reviews.json").read_text(encoding="utf-8"))
    for review in data["reviews"]:
        n, total = gaps[review["id"]]
        assert review["progress"]["recommendations_without_action"] == n
        assert review["progress"]["recommendations"] == total
        assert review["progress"]["percent_of"] == "actions"
    assert data["progress"]["recommendations_without_action"] == sum(n for n, _ in gaps.values())
    rows = list(csv.DictReader(io.StringIO((example_output / "data" / "actions.csv").read_text(encoding="utf-8"))))
    no_action = [r for r in rows if r["status_shown"] == "No action published"]
    assert len(no_action) == sum(n for n, _ in gaps.values())
    assert all(r["action"] == "" and r["url"].split("#")[1].startswith("recommendation-") for r in no_action)


