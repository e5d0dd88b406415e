"""Open data and feeds: the CSV has one row per action; the JSON validates against the
published schema; the Atom feeds parse and have one entry per update."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import jsonschema
import yaml

from conftest import EXAMPLE

ATOM = "{http://www.w3.org/2005/Atom}"


def example_reviews():
    return {p.stem: yaml.safe_load(p.read_text()) for p in sorted((EXAMPLE / "reviews").glob("*.yaml"))}


def test_csv_has_one_row_per_action_and_per_recommendation_without_one(example_output):
    rows = list(csv.DictReader(io.StringIO((example_output / "data" / "actions.csv").read_text(encoding="utf-8"))))
    expected = sum(len(r.get("actions") or []) or 1 for rv in example_reviews().values() for r in rv["recommendations"])
    assert len(rows) == expected > 100
    assert {row["overdue"] for row in rows} <= {"yes", "no"}
    assert all(row["url"].startswith("https://actionplans.example.org/reviews/") for row in rows)


def test_json_validates_against_published_schema(example_output):
    schema = json.loads((example_output / "data" / "schema" / "reviews-data.schema.json").read_text())
    data = json.loads((example_output / "data" / "reviews.json").read_text())
    jsonschema.validate(data, schema)
    one = json.loads((example_output / "data" / "schema" / "review-data.schema.json").read_text())
    for rid in example_reviews():
        jsonschema.validate(json.loads((example_output / "data" / "reviews" / f"{rid}.json").read_text()), one)
    assert sorted(r["id"] for r in data["reviews"]) == sorted(example_reviews())


def test_schema_catches_a_wrong_record(example_output):
    schema = json.loads((example_output / "data" / "schema" / "reviews-data.schema.json").read_text())
    data = json.loads((example_output / "data" / "reviews.json").read_text())
    data["reviews"][0]["recommendations"][0]["status"] = "done-ish"
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError:
        return
    raise AssertionError("the schema accepted an unknown status")


def test_atom_feeds_parse_with_one_entry_per_update(example_output):
    reviews = example_reviews()
    total = 0
    for rid, review in reviews.items():
        n = sum(len(a.get("updates") or []) for r in review["recommendations"] for a in r.get("actions") or [])
        feed = ET.parse(example_output / "reviews" / rid / "updates.xml").getroot()
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == n, rid
        ids = [e.find(f"{ATOM}id").text for e in entries]
        assert len(set(ids)) == len(ids)
        total += n
    site_feed = ET.parse(example_output / "updates.xml").getroot()
    assert len(site_feed.findall(f"{ATOM}entry")) == total > 0


def test_review_pages_link_their_feed(example_output):
    from bs4 import BeautifulSoup
    s = BeautifulSoup((example_output / "reviews" / "southampton-dhr-2022" / "index.html").read_text(), "html.parser")
    alt = s.find("link", rel="alternate", type="application/atom+xml")
    assert alt["href"] == "/reviews/southampton-dhr-2022/updates.xml"
    assert s.find("a", string=lambda t: t and "Follow this review" in t)


def test_sitemap_and_robots(example_output):
    sitemap = ET.parse(example_output / "sitemap.xml").getroot()
    locs = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://actionplans.example.org/reviews/somerset-dhr-022/" in locs
    assert not any("/embed/" in u or "404" in u for u in locs)
    assert "Sitemap: https://actionplans.example.org/sitemap.xml" in (example_output / "robots.txt").read_text()


def test_noindex_switch(site, tmp_path):
    from conftest import THEMES
    from actionplans.build import build
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "noindex: true\n")
    out = tmp_path / "out"
    assert build(site, out, themes_dir=THEMES).written
    assert "Disallow: /\n" in (out / "robots.txt").read_text()
    assert '<meta name="robots" content="noindex, nofollow">' in (out / "index.html").read_text()


def test_descriptions_and_open_graph_hold_no_pseudonym(example_output):
    from bs4 import BeautifulSoup
    s = BeautifulSoup((example_output / "reviews" / "southampton-dhr-2022" / "index.html").read_text(), "html.parser")
    og = {m["property"]: m["content"] for m in s.find_all("meta", property=True)}
    assert og["og:title"] == "Domestic Homicide Review 2022 – Southampton Safe City Partnership"
    assert "Peter" not in s.find("meta", attrs={"name": "description"})["content"]
    assert s.find("link", rel="canonical")["href"] == "https://actionplans.example.org/reviews/southampton-dhr-2022/"


def test_csv_cells_cannot_run_as_spreadsheet_formulas(site, tmp_path):
    from conftest import THEMES
    from actionplans.build import build
    review = site / "reviews" / "north-dhr-001.yaml"
    review.write_text(review.read_text().replace("title: Domestic Homicide Review 001", "title: \"=HYPERLINK(1)\""))
    out = tmp_path / "out"
    assert build(site, out, themes_dir=THEMES).written
    rows = list(csv.DictReader(io.StringIO((out / "data" / "actions.csv").read_text(encoding="utf-8"))))
    titles = {r["review_title"] for r in rows}
    assert "'=HYPERLINK(1)" in titles and "=HYPERLINK(1)" not in titles


def test_reviews_json_from_each_reviews_file_is_the_whole_encoding():
    """reviews.json is joined from each review's cached JSON: byte for byte what encoding the
    whole would write, for the example site and for awkward values (newlines and quotes in
    text, Unicode, empty and nested lists, no reviews at all)."""
    from actionplans.build import prepare
    from actionplans.core.urls import links_for
    from actionplans.publish.opendata import _json, _site_wide, review_record
    result = prepare(EXAMPLE)
    content, progress = result.content, result.progress
    links = links_for(content.site.base_url)
    records = [review_record(r, progress, links) for r in content.reviews]
    odd = [{"id": "a", "summary": "two\nlines, \"quoted\" – ü 🙂", "topics": [], "recommendations": [
               {"id": "1", "actions": [{"updates": [], "milestones": [{"text": "x\r\n y"}]}]}]},
           {"id": "b", "nested": {"k": [[], {}, [1, [2, {"z": None}]]]}}]
    for recs in (records, odd, records[:1], []):
        whole = _site_wide(recs, content, progress, links)
        joined = _site_wide(recs, content, progress, links, [_json(r) for r in recs])
        assert joined == whole
        assert json.loads(joined["data/reviews.json"])["reviews"] == json.loads(json.dumps(recs))
