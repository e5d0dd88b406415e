"""Issue 18: the ways into a review — listed titles, contents subjects, the summary box, the
open/overdue/changed views, the change lists and their feeds, progress over time."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup

from actionplans.content.changes import by_quarter, changes
from actionplans.content.titles import SUBJECT_CHARS, cut, first_sentence, listed_title, subject
from actionplans.core.dates import PartialDate
from actionplans.core.model import Action, Recommendation, Review, Update
from actionplans.content.progress import ActionFacts, ActionRef

ATOM = "{http://www.w3.org/2005/Atom}"


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def review(title="Domestic Homicide Review 022", published=PartialDate(2019, 5)):
    return Review("x", "dhr", title, "p", PartialDate(2020, 1), (), published=published)


# --- names ----------------------------------------------------------------------------------

def test_listed_title_adds_partnership_and_year_once():
    assert listed_title(review(), "Safer Somerset") == "Domestic Homicide Review 022 – Safer Somerset, 2019"
    assert listed_title(review("Safer Somerset DHR 2019"), "Safer Somerset") == "Safer Somerset DHR 2019"
    # no publication date: the plan's own update date gives the year
    assert listed_title(review(published=None), "North") == "Domestic Homicide Review 022 – North, 2020"
    # two reviews with one title in two partnerships no longer read alike
    assert listed_title(review(), "North") != listed_title(review(), "South")


def test_subject_prefers_the_short_title():
    assert subject("Risk assessments", "A long text. Another sentence.") == "Risk assessments"


def test_subject_is_the_first_sentence_not_cut_at_abbreviations():
    text = "Review their response to the 3 themes, i.e. risk and health. Then report back."
    assert subject(None, text) == "Review their response to the 3 themes, i.e. risk and health"
    assert first_sentence("Raise awareness (e.g. leaflets). Then more.") == "Raise awareness (e.g. leaflets)."
    assert subject(None, "**Share** [information](https://example.org) quickly.") == "Share information quickly"


def test_a_long_sentence_is_cut_at_a_clause_or_word_never_mid_word():
    words = "Southern Health NHS Foundation Trust to ensure a distressed caller receives a follow up call or, " \
            "if not operationally possible, a signposting to an appropriate service."
    got = subject(None, words)
    assert got.endswith("…") and len(got) <= SUBJECT_CHARS + 1
    assert words.startswith(got[:-1])
    assert words[len(got) - 1] in " ,"          # the cut fell between words
    assert cut("short") == "short"
    assert cut("x" * 200).endswith("…") and len(cut("x" * 200)) == SUBJECT_CHARS + 1


# --- change lists and quarters ----------------------------------------------------------------

def ref(status="complete", completed=None, updates=(), rec_id="1", n=1):
    a = Action(n, "Do it", "lead", status=status, completed=completed,
               updates=tuple(Update(d, f"update {i}") for i, d in enumerate(updates)))
    rec = Recommendation(rec_id, "Text", actions=(a,))
    r = Review("r", "dhr", "T", "p", PartialDate(2024), (rec,))
    return ActionRef(r, rec, a, ActionFacts(status, False, False, None))


def test_quarters_run_evenly_from_first_to_last_completion():
    refs = [ref(completed=PartialDate(2021, 2, 3)), ref(completed=PartialDate(2021, 11)),
            ref(completed=PartialDate(2021, 12, 31)), ref(completed=None),                      # undated
            ref(status="complete-ongoing", updates=[PartialDate(2022, 4, 1)]),                 # dated by its update
            ref(status="in-progress", completed=PartialDate(2021, 5))]                         # not done: left out
    qs, undated = by_quarter(refs)
    assert [(q.key, q.completed, q.to_date) for q in qs] == [
        ("2021-Q1", 1, 1), ("2021-Q2", 0, 1), ("2021-Q3", 0, 1), ("2021-Q4", 2, 3), ("2022-Q1", 0, 3), ("2022-Q2", 1, 4)]
    assert undated == 1
    assert qs[0].label == "Jan–Mar 2021"
    assert by_quarter([ref(completed=PartialDate(2020))])[0][0].key == "2020-Q4"    # a year: its last quarter
    assert by_quarter([]) == ([], 0)


def test_changes_are_newest_first_and_since_counts_a_month_from_its_last_day():
    r = ref(completed=PartialDate(2024, 3, 2), updates=[PartialDate(2024, 1, 5), PartialDate(2024, 2)])
    every = changes([r])
    assert [(c.kind, c.date.iso()) for c in every] == [("completed", "2024-03-02"), ("update", "2024-02"),
                                                      ("update", "2024-01-05")]
    since = changes([r], since=dt.date(2024, 2, 20))
    assert [c.date.iso() for c in since] == ["2024-03-02", "2024-02"]      # February's update may be after the 20th


# --- the built pages ------------------------------------------------------------------------

def test_every_review_has_its_summary_views_chart_and_change_list(valid_output):
    for rid in ("north-dhr-001", "south-sar-002"):
        page = soup(valid_output / "reviews" / rid / "index.html")
        glance = page.find("section", class_="ap-glance")
        assert glance is not None and glance.find_previous("h1") is not None
        text = glance.get_text(" ", strip=True)
        assert " complete" in text and ("overdue" in text)
        assert page.find("section", class_="ap-chart") is not None
        for view in ("open", "overdue", "changes"):
            assert (valid_output / "reviews" / rid / view / "index.html").is_file(), (rid, view)
            assert page.find("a", href=f"/reviews/{rid}/{view}/") is not None or view != "changes"
        ET.parse(valid_output / "reviews" / rid / "changes.xml")


def test_views_hold_only_their_actions(valid_output):
    whole = soup(valid_output / "reviews/north-dhr-001/index.html")
    cards = {a["id"]: a for a in whole.select("article.ap-action")}
    overdue = soup(valid_output / "reviews/north-dhr-001/overdue/index.html")
    open_ = soup(valid_output / "reviews/north-dhr-001/open/index.html")
    got_overdue = {a["id"] for a in overdue.select("article.ap-action")}
    got_open = {a["id"] for a in open_.select("article.ap-action")}
    want_overdue = {i for i, a in cards.items() if a.select_one(".ap-flag--overdue")}
    closed = ("ap-action--complete", "ap-action--complete-ongoing", "ap-action--not-achieved")
    want_open = {i for i, a in cards.items() if not set(a["class"]) & set(closed)}
    assert got_overdue == want_overdue and want_overdue
    assert got_open == want_open and want_open != set(cards)
    # the summary box's count is the overdue view's length
    assert f"{len(want_overdue)} action" in whole.find("section", class_="ap-glance").get_text(" ", strip=True)


def test_contents_names_every_recommendation(example_output):
    # the longest example review: every line names its recommendation's subject, not only its number
    page = soup(example_output / "reviews/somerset-dhr-022/index.html")
    items = page.select("ol.ap-contents > li")
    recs = page.select("section.ap-recommendation")
    assert len(items) == len(recs) == 37
    for li in items:
        label = li.find("a").get_text(" ", strip=True)
        number, _, named = label.partition(":")
        assert number.startswith("Recommendation ") and len(named.split()) >= 2, label


def test_change_list_and_feed_agree_and_are_dated_newest_first(example_output):
    page = soup(example_output / "reviews/southampton-dhr-2022/changes/index.html")
    dates = [li["data-date"] for li in page.select("li[data-date]")]
    assert dates and dates == sorted(dates, reverse=True)
    feed = ET.parse(example_output / "reviews/southampton-dhr-2022/changes.xml").getroot()
    assert len(feed.findall(f"{ATOM}entry")) == len(dates)
    # each month heading has an anchor the month list links to (the no-JavaScript way in)
    for a in page.select("nav[aria-label='Months with changes'] a"):
        assert page.find(id=a["href"][1:]) is not None
    # the bookmarkable link keeps the date in the address
    assert page.find("a", attrs={"data-since-link": True})["href"] == "?since=2026-11-21"
    site_wide = soup(example_output / "changes/index.html")
    assert site_wide.select("li[data-date]")
    ET.parse(example_output / "changes.xml")


def test_chart_numbers_match_the_table_and_the_actions(example_output):
    page = soup(example_output / "reviews/somerset-dhr-022/index.html")
    chart = page.find("section", class_="ap-chart")
    rows = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in chart.select("tbody tr")]
    bars = chart.select("svg rect")
    assert len(rows) == len(bars) > 1
    done_dated = sum(int(r[1]) for r in rows)
    assert int(rows[-1][2]) == done_dated
    # the tallest bar is the total to date, and bars never shrink
    heights = [float(b["height"]) for b in bars]
    assert heights == sorted(heights) and abs(heights[-1] - 160) < 0.5
    assert chart.find("svg")["role"] == "img" and chart.find("svg").find("title").get_text()
    assert f"{done_dated} actions were completed" in chart.get_text(" ", strip=True)


# --- glossary, icons, share links ------------------------------------------------------------

def test_glossary_letters_group_every_term_once_in_order():
    from actionplans.core.model import GlossaryEntry
    from actionplans.site.wayin import glossary_letters
    entries = [GlossaryEntry("MARAC", "m"), GlossaryEntry("4LSAB", "f"), GlossaryEntry("asc", "a"),
               GlossaryEntry("Advice", "b"), GlossaryEntry("Zed", "z")]
    letters = glossary_letters(entries)
    assert [x[0] for x in letters][:3] == ["0–9", "A", "B"] and len(letters) == 27
    by = {letter: [g.term for g in es] for letter, _, es in letters}
    assert by["A"] == ["Advice", "asc"] and by["0–9"] == ["4LSAB"] and by["B"] == [] and by["Z"] == ["Zed"]
    assert sum(len(es) for _, _, es in letters) == len(entries)


def test_glossary_page_jumps_to_each_letter(example_output):
    page = soup(example_output / "glossary/index.html")
    nav = page.find("nav", id="letters")
    links = nav.select("a[href^='#letter-']")
    assert len(links) >= 20
    for a in links:
        section = page.find(id=a["href"][1:])
        assert section is not None and section.name == "h2"
        terms = section.find_parent("section").select("dt")
        assert terms and all(t.get_text(strip=True)[:1].upper() == section.get_text(strip=True)
                             or section.get_text(strip=True) == "0–9" for t in terms)
    # letters with no term are shown, not linked
    assert len(nav.select("li")) == len(links) + len(nav.select("li > span"))
    assert len(page.select(".ap-glossary__entry")) == 206


def test_every_page_names_its_icons_and_they_are_built(example_output):
    for rel in ("index.html", "reviews/somerset-dhr-022/index.html", "glossary/index.html"):
        head = soup(example_output / rel).find("head")
        icons = [head.find("link", rel="icon", type="image/svg+xml"), head.find("link", rel="apple-touch-icon")]
        for link in icons:
            assert link is not None and (example_output / link["href"].lstrip("/")).is_file()
    svg = next((example_output / "static/icons").glob("favicon.*.svg")).read_text()
    assert svg.startswith("<svg") and "<script" not in svg


def test_each_action_has_a_share_link_to_its_own_address(example_output):
    page = soup(example_output / "reviews/west-oxfordshire-dhr-2019/index.html")
    cards = page.select("article.ap-action")
    assert cards
    for card in cards:
        link = card.select_one("a[data-share]")
        assert link["href"] == f"/reviews/west-oxfordshire-dhr-2019/#{card['id']}"
        assert link["data-share"].startswith("Copy a link to action ")


def test_partnership_chart_counts_its_reviews_completions(example_output):
    """The partnership's chart is the sum of its reviews' charts."""
    def to_date(path):
        chart = soup(path).find("section", class_="ap-chart")
        rows = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in chart.select("tbody tr")]
        return {r[0]: int(r[1]) for r in rows}
    somerset = to_date(example_output / "partnerships/safer-somerset/index.html")
    parts = [to_date(example_output / f"reviews/{r}/index.html") for r in ("somerset-dhr-022", "somerset-dhr-024")]
    quarters = set().union(*parts)
    assert quarters <= set(somerset)
    assert sum(somerset.values()) == sum(sum(p.values()) for p in parts) > 0
    for q in quarters:
        assert somerset[q] == sum(p.get(q, 0) for p in parts), q


def test_search_leaves_out_a_reviews_views_but_not_a_review_named_like_one():
    from actionplans.publish.search import indexed
    assert not any(indexed(f"reviews/somerset-dhr-022/{v}/index.html") for v in ("open", "overdue", "changes"))
    assert indexed("reviews/open/index.html") and indexed("changes/index.html")
