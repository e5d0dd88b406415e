"""A bilingual site's open data and feeds carry both languages: the Welsh texts beside the
English in reviews.json, each review's JSON and actions.csv (keys and columns only added, the
schema and the national view accepting them), and a Welsh twin of each feed that links its
English one and back. An English-only site's files gain nothing."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import jsonschema

from actionplans.national.sources import schema_problems

WELSH_REVIEW = "example-valleys-dhr-2021"
SITE = "https://actionplans.example.org"


def _json(out: Path, name: str):
    return json.loads((out / name).read_text(encoding="utf-8"))


def _keys(data) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for v in data.values() for k in _keys(v)}
    if isinstance(data, list):
        return {k for v in data for k in _keys(v)}
    return set()


def test_reviews_json_carries_the_welsh_texts_beside_the_english(example_output):
    data = _json(example_output, "data/reviews.json")
    jsonschema.validate(data, _json(example_output, "data/schema/reviews-data.schema.json"))
    assert schema_problems(data) == []          # the national view reads it as it is
    review = next(r for r in data["reviews"] if r["id"] == WELSH_REVIEW)
    assert review["title_cy"] == "Adolygiad Dynladdiad Domestig 2021" and review["summary_cy"].startswith("Adolygiad")
    rec = review["recommendations"][0]
    assert rec["text"].startswith("Agencies to share") and rec["text_cy"].startswith("Asiantaethau i rannu")
    action = rec["actions"][0]
    assert action["action_cy"].startswith("Ysgrifennu protocol") and action["action"].startswith("Write a protocol")
    assert all("text_cy" in u for r in review["recommendations"] for a in r["actions"] for u in a.get("updates", []))
    # an English-only review gains no Welsh key, and no English key is renamed or lost
    english = next(r for r in data["reviews"] if r["id"] == "somerset-dhr-022")
    assert not [k for k in _keys(english) if k.endswith("_cy")]
    assert {k[:-3] for k in _keys(review) if k.endswith("_cy")} <= _keys(review)
    agencies = {a["id"]: a for a in data["agencies"]}
    assert agencies["example-valleys-council"]["name_cy"].startswith("Cyngor")
    assert "name_cy" not in agencies["home-office"]
    assert data["site_cy"] == "Cynlluniau gweithredu adolygiadau dynladdiad domestig"


def test_a_reviews_own_json_has_its_welsh_texts_and_validates(example_output):
    one = _json(example_output, f"data/reviews/{WELSH_REVIEW}.json")
    jsonschema.validate(one, _json(example_output, "data/schema/review-data.schema.json"))
    assert one["title_cy"] and one["recommendations"][1]["actions"][0]["action_cy"].startswith("Ychwanegu")


def test_the_schema_rejects_a_welsh_key_the_format_does_not_have(example_output):
    data = _json(example_output, "data/reviews.json")
    data["reviews"][0]["partnership_cy"] = "x"          # ids are never translated
    assert schema_problems(data)


def test_actions_csv_adds_welsh_columns_after_the_english(example_output):
    rows = list(csv.DictReader(io.StringIO((example_output / "data/actions.csv").read_text(encoding="utf-8"))))
    header = list(rows[0])
    assert header[-4:] == ["review_title_cy", "lead_agency_name_cy", "recommendation_text_cy", "action_text_cy"]
    assert header[:-4][-2:] == ["recommendation_text", "action_text"]
    welsh = [r for r in rows if r["review"] == WELSH_REVIEW]
    assert welsh and all(r["action_text_cy"] and r["recommendation_text_cy"] for r in welsh)
    assert welsh[0]["lead_agency_name_cy"].startswith("Cyngor")
    assert all(r["action_text_cy"] == "" for r in rows if r["review"] == "somerset-dhr-022")


def test_an_english_only_site_gains_no_welsh_key_or_column(valid_output):
    assert not [k for k in _keys(_json(valid_output, "data/reviews.json")) if k.endswith("_cy")]
    header = (valid_output / "data/actions.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "_cy" not in header
    assert not (valid_output / "cy").exists()
    assert 'hreflang' not in (valid_output / "updates.xml").read_text(encoding="utf-8")


def _feed_links(text: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" type="application/atom\+xml" hreflang="([^"]+)" href="([^"]+)"/>', text))


def test_each_feed_of_the_welsh_partnership_has_a_welsh_twin_linking_both_ways(example_output):
    for feed in ("updates.xml", "changes.xml", f"reviews/{WELSH_REVIEW}/updates.xml", f"reviews/{WELSH_REVIEW}/changes.xml"):
        english = (example_output / feed).read_text(encoding="utf-8")
        welsh = (example_output / "cy" / feed).read_text(encoding="utf-8")
        pair = {"en-GB": f"{SITE}/{feed}", "cy": f"{SITE}/cy/{feed}"}
        assert _feed_links(english) == pair == _feed_links(welsh), feed
        assert 'xml:lang="cy"' in welsh and 'xml:lang' not in english
    welsh = (example_output / "cy" / f"reviews/{WELSH_REVIEW}/changes.xml").read_text(encoding="utf-8")
    assert "cam gweithredu 2.1, diweddariad (15 Medi 2022)" in welsh
    assert f'href="{SITE}/cy/reviews/{WELSH_REVIEW}/#action-2-1"' in welsh
    assert "action 2.1" not in welsh
    # an English-only review's feed has no twin and names none
    assert not (example_output / "cy/reviews/somerset-dhr-022").exists()
    assert not _feed_links((example_output / "reviews/somerset-dhr-022/updates.xml").read_text(encoding="utf-8"))


def test_a_welsh_page_links_its_welsh_feed(example_output):
    page = (example_output / "cy/updates/index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml"' in page and 'href="/cy/updates.xml"' in page
