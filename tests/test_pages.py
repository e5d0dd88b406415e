"""The public pages, checked as a reader relies on them: structure per page type, snapshots of a
review and an agency page (refresh with --update-snapshots), and a partnership theme override."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import THEMES, VALID

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def normalise(html: str) -> str:
    """Asset file names carry a content hash; a CSS edit should not fail a page snapshot."""
    return re.sub(r"\.[0-9a-f]{10}\.(css|js)", r".HASH.\1", html)


def check_snapshot(name: str, html: str, update: bool) -> None:
    path = SNAPSHOTS / name
    if update or not path.exists():
        path.write_text(normalise(html), encoding="utf-8")
        if not update:
            raise AssertionError(f"{name} had no snapshot: one was written; review it and run again")
        return
    assert normalise(html) == path.read_text(encoding="utf-8"), \
        f"{name} changed: review the difference, then run pytest --update-snapshots"


def test_snapshot_review_page(valid_output, update_snapshots):
    check_snapshot("review-north-dhr-001.html", (valid_output / "reviews/north-dhr-001/index.html").read_text(),
                   update_snapshots)


def test_snapshot_agency_page(valid_output, update_snapshots):
    check_snapshot("agency-north-icb.html", (valid_output / "agencies/north-icb/index.html").read_text(),
                   update_snapshots)


def test_review_page_structure(valid_output):
    s = soup(valid_output / "reviews/north-dhr-001/index.html")
    main = s.find("main")
    # the heading says whose review it is and when: titles alone repeat across partnerships
    assert main.find("h1").get_text(" ", strip=True) == "Domestic Homicide Review 001 – North Community Safety Partnership, 2022"
    assert [a["href"] for a in s.select(".ap-breadcrumbs a")] == ["/", "/reviews/"]
    rec = s.find(id="recommendation-1")
    assert rec.find("h2").get_text(strip=True) == "Recommendation 1"
    first = rec.find("article", id="action-1-1")
    text = first.get_text(" ", strip=True)
    assert "Complete" in text and "North Police" in text and "December 2022" in text and "January 2023" in text
    assert first.find("a", href="/agencies/north-police/")
    assert first.find("a", href="https://north.example.org/audit-summary.pdf").get_text() == "Audit summary"
    dates = [t.get_text() for t in first.select(".ap-timeline time")]
    assert dates == ["20 January 2023", "1 October 2022"]        # newest first
    second = rec.find("article", id="action-1-2")
    flags = [f.get_text(" ", strip=True) for f in second.select(".ap-flag")]
    # due 2023-06, as_of 2024-06-30: the flag says how late, in words (the icon is aria-hidden)
    assert flags == ["Overdue by 12 months", "No recent update"]
    # the CCG led it; the page names its successor, "formerly" the CCG
    assert "formerly NHS North Clinical Commissioning Group" in second.get_text(" ", strip=True)
    # declared names replaced, the sentence-start capitalised
    assert "Susan" not in main.get_text() and "the victim's" in main.get_text()
    assert "A council officer presented the audit" in main.get_text(" ", strip=True)
    # no update published is shown plainly, never hidden
    assert "No update published" in s.find(id="recommendation-2").get_text()


def test_acronyms_marked_at_first_use_and_linked(valid_output):
    s = soup(valid_output / "reviews/north-dhr-001/index.html")
    abbrs = s.find("main").find_all("abbr")
    terms = [a.get_text() for a in abbrs]
    assert terms.count("DASH") == 1 and terms.count("MARAC") == 1
    dash = next(a for a in abbrs if a.get_text() == "DASH")
    assert dash["title"].startswith("Domestic Abuse, Stalking")
    assert dash.parent.name == "a" and dash.parent["href"] == "/glossary/#term-dash"
    g = soup(valid_output / "glossary/index.html")
    assert g.find(id="term-dash") and g.find(id="term-marac")


def test_agency_page_shows_predecessors_and_overdue_first(valid_output):
    s = soup(valid_output / "agencies/north-icb/index.html")
    headings = [h.get_text(" ", strip=True) for h in s.find("main").find_all("h2")]
    assert headings[0] == "Progress of the actions it leads"
    groups = [h.get_text(" ", strip=True) for h in s.find("main").select(".ap-group-title")]
    assert groups == ["Overdue (1)", "Closed – not achieved (1)"]        # overdue first, closed last
    assert "NHS North Clinical Commissioning Group" in s.find("dl").get_text()
    rows = s.select(".ap-rows .ap-row")
    assert [r.find("a")["href"] for r in rows] == ["/reviews/north-dhr-001/#action-1-2", "/reviews/north-dhr-001/#action-2-2"]
    assert "promised as NHS North Clinical Commissioning Group" in rows[0].get_text(" ")   # a predecessor's action
    assert s.find("nav", class_="ap-pagination") is None          # one page: no page links
    old = soup(valid_output / "agencies/north-ccg/index.html")
    assert old.find("a", href="/agencies/north-icb/")


def test_topic_and_list_pages(valid_output):
    t = soup(valid_output / "topics/risk-assessment/index.html")
    assert t.find("a", href="/reviews/north-dhr-001/#recommendation-1")
    r = soup(valid_output / "reviews/index.html")
    filters = [a["href"] for a in r.select(".ap-filters a")]
    assert "/reviews/partnership/north-csp/" in filters and "/reviews/type/sar/" in filters
    only_south = soup(valid_output / "reviews/partnership/south-csp/index.html")
    titles = [h.get_text(strip=True) for h in only_south.select(".ap-card__title")]
    assert titles == ["Safeguarding Adults Review 002 – South Community Safety Partnership, 2023"]
    assert (valid_output / "partnerships/north-csp/index.html").is_file()    # more than one partnership


def test_accessibility_statement_and_support_box(valid_output):
    s = soup(valid_output / "accessibility/index.html")
    assert "Web Content Accessibility Guidelines version 2.2" in s.get_text()
    assert "Enforcement procedure" in s.get_text()
    support = s.find("aside", class_="ap-support")
    assert support.find("a", href="tel:08082000247")


def test_progress_bar_has_numbers_in_text(valid_output):
    s = soup(valid_output / "reviews/north-dhr-001/index.html")
    bar = s.find(class_="ap-progress")
    assert "1 of 5 actions complete" in bar.get_text(" ", strip=True)
    assert "Complete: 1" in bar.find(class_="ap-progress__key").get_text(" ", strip=True)
    assert bar.find(class_="ap-bar")["role"] == "img" and "1 complete" in bar.find(class_="ap-bar")["aria-label"]


def test_partnership_theme_overrides_one_template(tmp_path):
    from actionplans.build import build
    themes = tmp_path / "themes"
    shutil.copytree(THEMES / "default", themes / "default")
    (themes / "north" / "templates").mkdir(parents=True)
    (themes / "north" / "templates" / "review.html").write_text(
        '{% extends "default/review.html" %}\n{% block content %}<p class="north-banner">North CSP</p>{{ super() }}{% endblock %}\n')
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    site = content / "site.yaml"
    site.write_text(site.read_text().replace("  - id: north-csp\n", "  - id: north-csp\n    theme: north\n"))
    out = tmp_path / "out"
    result = build(content, out, themes_dir=themes)
    assert result.written, [d.format() for d in result.diagnostics.sorted()]
    north = soup(out / "reviews/north-dhr-001/index.html")
    assert north.find(class_="north-banner") and north.find("h1")
    south = soup(out / "reviews/south-sar-002/index.html")
    assert south.find(class_="north-banner") is None


def test_unknown_theme_is_a_clear_error(site, tmp_path):
    from actionplans.build import build
    (site / "site.yaml").write_text((site / "site.yaml").read_text().replace("theme: default", "theme: nosuch"))
    result = build(site, tmp_path / "out", themes_dir=THEMES)
    assert not result.written
    assert "theme 'nosuch' is not a folder" in result.diagnostics.errors[0].message


def test_review_page_budget(example_output):
    """Every review page's HTML + CSS + JS, as sent (gzip, which Netlify always applies), stays
    under 60 KB; the biggest of the four real plans is measured."""
    import gzip
    assets = [p for p in (example_output / "static").rglob("*") if p.is_file() and re.search(r"site\.\w+\.(css|js)$", p.name)]
    assert len(assets) == 2
    shared = sum(len(gzip.compress(p.read_bytes(), 6)) for p in assets)
    for page in (example_output / "reviews").glob("*/index.html"):
        total = len(gzip.compress(page.read_bytes(), 6)) + shared
        assert total < 60 * 1024, (page, total)


def test_acronyms_skip_links_headings_attributes_and_comments():
    import datetime as dt
    from conftest import VALID
    from actionplans.build import prepare
    from actionplans.core.urls import links_for
    from actionplans.site.extras import mark_acronyms
    content = prepare(VALID, as_of=dt.date(2026, 11, 21)).content
    term = next(g for g in content.glossary if g.stands_for and g.term.isupper())
    t = term.term
    html = (f'<html><main><h2>{t} in a heading</h2><!-- {t} in a comment --><p title="{t}">'
            f'<a href="/x/">{t} in a link <b>{t}</b></a> {t}s, X{t} and {t}-led are other words.</p>'
            f'<p>First in text: {t}. Again: {t}.</p></main></html>')
    out = mark_acronyms(html, content, links_for(content.site.base_url))
    assert out.count("<abbr") == 1
    assert f"First in text: <a class=\"ap-abbr\"" in out
    assert out.replace(out[out.index('<a class="ap-abbr"'):out.index("</abbr></a>") + len("</abbr></a>")], t) == html
