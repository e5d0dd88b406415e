"""Acronyms mean what they mean where they are used: a scoped glossary meaning wins on texts of
its partnership's (or review's) reviews, wherever those texts are shown."""

from __future__ import annotations

import dataclasses
import re

from bs4 import BeautifulSoup

from actionplans.content.glossary import entry_for, mark_acronyms
from actionplans.core.model import GlossaryEntry
from actionplans.core.urls import links_for


def _meanings(path) -> set[tuple[str, str]]:
    s = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return {(a.get_text(), a["title"]) for a in s.select("main abbr")}


def test_scc_on_southampton_pages_is_southampton_city_council(example_output):
    southampton = [example_output / "reviews" / "southampton-dhr-2022" / "index.html",
                   # an agency page whose action rows quote a Southampton action mentioning SCC
                   example_output / "agencies" / "hampshire-iow-icb" / "index.html",
                   example_output / "index.html", example_output / "updates" / "index.html"]
    for path in southampton:
        meanings = _meanings(path)
        assert ("SCC", "Southampton City Council") in meanings, path
    assert ("SCC", "Somerset County Council") not in _meanings(southampton[0])
    somerset = _meanings(example_output / "reviews" / "somerset-dhr-022" / "index.html")
    assert ("SCC", "Somerset County Council") in somerset and ("SCC", "Southampton City Council") not in somerset
    glossary = (example_output / "glossary" / "index.html").read_text(encoding="utf-8")
    assert glossary.count('<abbr title="Southampton City Council">SCC</abbr>') == 1
    assert glossary.count('<abbr title="Somerset County Council">SCC</abbr>') == 1
    ids = re.findall(r'id="(term-[^"]+)"', glossary)
    assert len(ids) == len(set(ids)), "each meaning has its own anchor"


def _content_with(entries):
    import datetime as dt
    from conftest import VALID
    from actionplans.build import prepare
    content = prepare(VALID, as_of=dt.date(2026, 11, 21)).content
    return dataclasses.replace(content, glossary=tuple(entries))


def test_one_page_holds_both_meanings_for_different_fragments():
    north = GlossaryEntry("SCC", "n", "North City Council", partnerships=("north-csp",))
    south = GlossaryEntry("SCC", "s", "South County Council", partnerships=("south-csp",))
    content = _content_with([north, south])
    html = ('<html><main><ol><li data-review="south-sar-002"><p>SCC agreed.</p></li>'
            '<li data-review="north-dhr-001"><div><p>The SCC board, and SCC again.</p></div></li>'
            '<li data-review="south-sar-002"><p>SCC again.</p></li></ol><p>SCC outside.</p></main></html>')
    out = mark_acronyms(html, content, links_for(content.site.base_url))
    titles = re.findall(r'<abbr title="([^"]+)">SCC</abbr>', out)
    assert titles == ["South County Council", "North City Council"]    # each meaning at its first use
    assert f'#{north.anchor}"' in out and f'#{south.anchor}"' in out and north.anchor != south.anchor
    # text outside any review's element has no meaning here (no unscoped one): left alone
    assert out.endswith("<p>SCC outside.</p></main></html>")


def test_the_review_meaning_wins_over_the_partnership_then_the_unscoped():
    everywhere = GlossaryEntry("SCC", "e", "Everywhere")
    partnership = GlossaryEntry("SCC", "p", "Partnership", partnerships=("north-csp",))
    review = GlossaryEntry("SCC", "r", "Review", reviews=("north-dhr-001",))
    entries = [everywhere, partnership, review]
    assert entry_for(entries, "north-dhr-001", "north-csp") is review
    assert entry_for(entries, "north-dhr-002", "north-csp") is partnership
    assert entry_for(entries, "south-sar-002", "south-csp") is everywhere
    assert entry_for([partnership], "south-sar-002", "south-csp") is None
