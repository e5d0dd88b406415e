"""Small truths: a successor agency is listed once with all its former names; the accessibility
statement's contact comes from site.yaml and is shown."""

from __future__ import annotations

from bs4 import BeautifulSoup

from conftest import THEMES
from actionplans.build import build


def _page(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_two_predecessors_of_one_successor_are_one_supporter(site, tmp_path):
    agencies = site / "agencies.yaml"
    agencies.write_text(agencies.read_text() + "- id: south-ccg\n  name: NHS South Clinical Commissioning Group\n"
                        "  kind: health\n  replaced_by: north-icb\n")
    review = site / "reviews" / "north-dhr-001.yaml"
    review.write_text(review.read_text().replace("        supporting: [north-council]",
                                                 "        supporting: [north-ccg, south-ccg, north-council]"))
    result = build(site, tmp_path / "out", themes_dir=THEMES)
    assert result.written, [d.format() for d in result.diagnostics.items]
    card = _page(tmp_path / "out" / "reviews" / "north-dhr-001" / "index.html").find(id="action-1-1")
    row = next(r for r in card.select(".ap-summary__row") if r.dt.get_text() == "Supported by")
    items = [" ".join(li.get_text().split()) for li in row.select("li")]
    assert items == ["NHS North Integrated Care Board (formerly NHS North Clinical Commissioning Group; "
                     "NHS South Clinical Commissioning Group)", "North Council"]
    # and the successor's page lists the action it supports once
    icb = _page(tmp_path / "out" / "agencies" / "north-icb" / "index.html")
    supported = [a["href"] for a in icb.select("main li a") if a["href"].endswith("#action-1-1")]
    assert len(supported) == 1


def test_the_accessibility_statement_shows_the_contact(valid_output, site, tmp_path):
    page = _page(valid_output / "accessibility" / "index.html")
    assert page.find("a", href="https://north.example.org/contact-us").get_text() == "contact form"
    (site / "site.yaml").write_text((site / "site.yaml").read_text().replace(
        "contact: https://north.example.org/contact-us", "contact: access@north.example.org"))
    result = build(site, tmp_path / "out", themes_dir=THEMES)
    assert result.written, [d.format() for d in result.diagnostics.items]     # the guard allows this address
    link = _page(tmp_path / "out" / "accessibility" / "index.html").find("a", href="mailto:access@north.example.org")
    assert link.get_text() == "access@north.example.org"
