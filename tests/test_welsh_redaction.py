"""The Welsh texts of the site-wide files — agencies, topics, glossary entries — go through the
same redaction as the English: a declared name, and its mutated forms (soft, nasal, aspirate),
is replaced by the name's Welsh wording on the Welsh pages and in the open data, not left for
the guard to stop the build."""

from __future__ import annotations

import json

from conftest import SITES, THEMES, copy_site
from actionplans.build import build


def _bilingual_site(tmp_path):
    content = copy_site(tmp_path, SITES / "invalid" / "welsh-text-missing" / "content")
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace(
        "description: A small site used by the tests.\n",
        "description: A small site used by the tests.\ndescription_cy: Gwefan fach ar gyfer y profion.\n"),
        encoding="utf-8")
    review = content / "reviews" / "south-sar-002.yaml"
    review.write_text(review.read_text(encoding="utf-8").replace(
        "        outcome: Carers' assessments are now routine.\n",
        "        action_cy: Cynnig asesiad i bob gofalwr.\n"
        "        outcome: Carers' assessments are now routine.\n"
        "        outcome_cy: Mae asesiadau gofalwyr bellach yn arferol.\n"), encoding="utf-8")
    red = content / "redaction.yaml"
    red.write_text(red.read_text(encoding="utf-8").replace(
        "    refer_to_as: a council officer\n",
        "    refer_to_as: a council officer\n    refer_to_as_cy: swyddog cyngor\n"
        "  - name: Catrin\n    refer_to_as: the carer\n    refer_to_as_cy: y gofalwr\n"), encoding="utf-8")
    return content


def test_a_declared_name_in_a_welsh_topic_agency_or_glossary_text_is_replaced(tmp_path):
    content = _bilingual_site(tmp_path)
    topics = content / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8").replace(
        "  description: How agencies identify and assess risk (DASH).\n",
        "  description: How agencies identify and assess risk (DASH).\n"
        "  description_cy: Sut mae asiantaethau'n asesu risg, fel y dywedodd wrth Gatrin a Chatrin (DASH).\n"),
        encoding="utf-8")
    glossary = content / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace(
        "  meaning: A checklist used to assess the risk of serious harm.\n",
        "  meaning: A checklist used to assess the risk of serious harm.\n"
        "  meaning_cy: Rhestr wirio a luniwyd gyda Karen Whitlock i asesu'r risg o niwed difrifol.\n"),
        encoding="utf-8")
    agencies = content / "agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8").replace(
        "- id: south-council\n  name: South Council\n",
        "- id: south-council\n  name: South Council\n  name_cy: Cyngor y De (tîm Karen Whitlock)\n"),
        encoding="utf-8")
    out = tmp_path / "output"
    result = build(content, out, themes_dir=THEMES)
    assert result.written, [d.format() for d in result.diagnostics.sorted()]
    pages = {name: (out / "cy" / name / "index.html").read_text(encoding="utf-8")
             for name in ("topics", "glossary", "agencies")}
    assert "fel y dywedodd wrth y gofalwr a y gofalwr" in pages["topics"]      # soft and aspirate mutation
    assert "gyda swyddog cyngor i asesu" in pages["glossary"]
    assert "Cyngor y De (tîm swyddog cyngor)" in pages["agencies"]
    data = (out / "data/reviews.json").read_text(encoding="utf-8")
    for text in (*pages.values(), data):
        assert "Whitlock" not in text and "Karen" not in text and "atrin" not in text
    topic = next(t for t in json.loads(data)["topics"] if t["id"] == "risk-assessment")
    assert topic["description_cy"].startswith("Sut mae asiantaethau'n asesu risg, fel y dywedodd wrth y gofalwr")
