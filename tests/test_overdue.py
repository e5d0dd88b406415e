"""Overdue says how long, on every view that lists actions; the escalation view lists those
overdue by more than escalate_after_months, by agency, longest first (page, feed and CSV)."""

from __future__ import annotations

import csv
import re
import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from actionplans.core.dates import PartialDate
from actionplans.core.model import Action, Review
from actionplans.content.progress import action_facts, overdue_label

REVIEW = Review("r", "dhr", "R", "p", PartialDate(2020, 1), ())


def label(due: PartialDate, as_of: dt.date) -> str:
    return overdue_label(action_facts(Action(1, "x", "a", due=due, status="in-progress"), REVIEW, as_of, 6))


@pytest.mark.parametrize("due, as_of, expected", [
    (PartialDate(2023, 3, 31), dt.date(2024, 5, 31), "Overdue by 14 months"),
    (PartialDate(2023, 3, 31), dt.date(2024, 5, 30), "Overdue by 13 months"),
    (PartialDate(2023, 3), dt.date(2023, 4, 30), "Overdue by 1 month"),        # a month means its last day
    (PartialDate(2023, 1, 31), dt.date(2023, 2, 28), "Overdue by 1 month"),    # to the end of a shorter month
    (PartialDate(2023, 1, 31), dt.date(2023, 2, 27), "Overdue by 3 weeks"),
    (PartialDate(2024, 2, 29), dt.date(2025, 2, 28), "Overdue by 12 months"),  # from a leap day
    (PartialDate(2023, 6, 1), dt.date(2023, 6, 8), "Overdue by 1 week"),
    (PartialDate(2023, 6, 1), dt.date(2023, 6, 7), "Overdue by 6 days"),
    (PartialDate(2023, 6, 1), dt.date(2023, 6, 2), "Overdue by 1 day"),
    (PartialDate(2022), dt.date(2024, 1, 1), "Overdue by 12 months"),           # a year means 31 December
])
def test_overdue_by_in_plain_english(due, as_of, expected):
    assert label(due, as_of) == expected


def test_not_overdue_says_nothing():
    assert label(PartialDate(2023, 6, 1), dt.date(2023, 6, 1)) == ""
    facts = action_facts(Action(1, "x", "a", due=PartialDate(2020), status="complete"), REVIEW, dt.date(2024, 1, 1), 6)
    assert overdue_label(facts) == ""


def _text(path) -> str:
    return " ".join(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text().split())


def test_every_view_that_lists_actions_says_how_long(example_output):
    for page in ["reviews/west-oxfordshire-dhr-2019/index.html", "agencies/oxford-health-nhs-foundation-trust/index.html",
                 "topics/risk-assessment/index.html", "updates/index.html", "index.html",
                 "embed/agencies/oxford-health-nhs-foundation-trust/index.html",
                 "embed/reviews/west-oxfordshire-dhr-2019/index.html", "escalation/index.html"]:
        text = _text(example_output / page)
        assert re.search(r"[Oo]verdue by \d+ months", text), page
        assert "Overdue Overdue" not in text


def test_escalation_page_feed_and_csv(example_output):
    rows = list(csv.DictReader(io.StringIO((example_output / "data" / "escalation.csv").read_text(encoding="utf-8"))))
    assert rows and all(int(r["overdue_months"]) >= 6 for r in rows)
    # grouped by agency (each agency's rows together), longest overdue first within each
    agencies = [r["agency"] for r in rows]
    assert agencies == sorted(agencies, key=lambda a: agencies.index(a))
    for agency in set(agencies):
        days = [int(r["overdue_days"]) for r in rows if r["agency"] == agency]
        assert days == sorted(days, reverse=True)
    # every overdue action past the threshold is there, none other
    import json
    data = json.loads((example_output / "data" / "reviews.json").read_text(encoding="utf-8"))
    as_of = dt.date.fromisoformat(data["as_of"])
    from actionplans.core.dates import add_months, parse_date
    expected = set()
    for review in data["reviews"]:
        for rec in review["recommendations"]:
            for a in rec.get("actions", []):
                if a["overdue"] and add_months(parse_date(a["due"]).last_day(), 6) < as_of:
                    expected.add((review["id"], rec["id"], str(a["number"])))
    assert {(r["review"], r["recommendation"], r["action"]) for r in rows} == expected

    page = BeautifulSoup((example_output / "escalation" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.h1.get_text() == "Actions overdue by more than 6 months"
    assert len(page.select("main section li")) == len(rows)
    assert [h.get_text() for h in page.select("main section h2")][0].startswith(rows[0]["agency_name"])
    feed = ET.fromstring((example_output / "escalation.xml").read_bytes())
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == len(rows)
    home = (example_output / "index.html").read_text(encoding="utf-8")
    assert 'href="/escalation/"' in home
    assert "<loc>https://actionplans.example.org/escalation/</loc>" in (example_output / "sitemap.xml").read_text()


def test_the_threshold_comes_from_site_yaml(site, tmp_path):
    from actionplans.build import build
    from conftest import THEMES
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "escalate_after_months: 1\n")
    result = build(site, tmp_path / "out", themes_dir=THEMES)
    assert result.written, [d.format() for d in result.diagnostics.items]
    text = _text(tmp_path / "out" / "escalation" / "index.html")
    assert "Actions overdue by more than 1 months" not in text and "more than 1 month" in text


def test_every_page_says_when_progress_was_last_checked(example_output):
    pages = sorted(p for p in example_output.rglob("*.html") if p.relative_to(example_output).parts[0] != "admin")
    assert len(pages) > 100
    for path in pages:
        s = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        checked = s.select_one(".ap-checked")
        assert checked is not None, path
        welsh = path.relative_to(example_output).parts[0] == "cy"
        assert ("Gwiriwyd y cynnydd ddiwethaf ar 21 Tachwedd 2026" if welsh else "Progress last checked on 21 November 2026") \
            in " ".join(checked.get_text().split()), path
        assert checked.find("time")["datetime"] == "2026-11-21"


def test_a_scheduled_workflow_rebuilds_the_live_site_daily():
    import yaml
    from conftest import ROOT
    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "rebuild.yml").read_text())
    on = wf.get(True, wf.get("on"))
    assert on["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]        # every day
    step = wf["jobs"]["rebuild"]["steps"][0]
    assert step["env"]["NETLIFY_BUILD_HOOK"] == "${{ secrets.NETLIFY_BUILD_HOOK }}"
    assert '"$NETLIFY_BUILD_HOOK"' in step["run"] and "curl --fail" in step["run"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "NETLIFY_BUILD_HOOK" in readme and "rebuild.yml" in readme
