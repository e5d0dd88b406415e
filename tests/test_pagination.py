"""Long lists cut into pages: the example site built with 3 rows a page, so every kind of
list (agency, topic, reviews, escalation, agency embed) has pages 2…n. Every row is on exactly one page, in order; each page has its own title,
canonical address and page links; the sitemap lists every page but the embeds'."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import EXAMPLE, EXAMPLE_AS_OF, THEMES
from actionplans.site import listing

PER_PAGE = 3


@pytest.fixture(scope="module")
def paged(tmp_path_factory):
    from actionplans.build import build
    out = tmp_path_factory.mktemp("paged-example") / "output"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(listing, "PER_PAGE", PER_PAGE)
        result = build(EXAMPLE, out, themes_dir=THEMES, as_of=EXAMPLE_AS_OF, use_cache=False)
    assert result.written, [d.format() for d in result.diagnostics.sorted()]
    return out, result


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def pages_of(out, base: str) -> list:
    """The pages of the list at `base` ('/agencies/north-icb/'), in order, as parsed HTML."""
    first = out / base.strip("/") / "index.html"
    found = [soup(first)]
    n = 2
    while (out / base.strip("/") / "page" / str(n) / "index.html").is_file():
        found.append(soup(out / base.strip("/") / "page" / str(n) / "index.html"))
        n += 1
    assert not (out / base.strip("/") / "page" / "1").exists()      # page 1 is the list's own address
    return found


AGENCY = "somerset-council"       # 28 actions it leads or supports in the example site
LISTS = [f"/agencies/{AGENCY}/", "/topics/information-sharing/", "/escalation/", "/reviews/",
         f"/embed/agencies/{AGENCY}/"]


@pytest.mark.parametrize("base", LISTS)
def test_each_page_has_its_title_canonical_and_page_links(paged, base):
    out, _ = paged
    pages = pages_of(out, base)
    count = len(pages)
    assert count >= 2, f"{base}: the fixture must give this list more than one page"
    for n, s in enumerate(pages, 1):
        url = base if n == 1 else f"{base}page/{n}/"
        assert f"page {n} of {count}" in s.title.get_text()
        canonical = s.find("link", rel="canonical")["href"]
        if base.startswith("/embed/"):
            assert canonical.endswith(f"/agencies/{AGENCY}/")        # an embed stands for the agency's page
        else:
            assert canonical.endswith(url)
        nav = s.find("nav", class_="ap-pagination")
        assert nav is not None and nav.get("aria-label")
        current = nav.find_all(attrs={"aria-current": "page"})
        assert len(current) == 1 and current[0]["href"] == url
        prev, nxt = nav.find("a", rel="prev"), nav.find("a", rel="next")
        assert (prev is None) == (n == 1) and (nxt is None) == (n == count)
        if prev is not None:
            assert prev["href"] == (base if n == 2 else f"{base}page/{n - 1}/")
        if nxt is not None:
            assert nxt["href"] == f"{base}page/{n + 1}/"


def row_links(s) -> list[str]:
    main = s.find("main")
    rows = main.select(".ap-rows .ap-row") or main.select(".ap-cards > li") or main.select(".ap-escalation li")
    return [r.find("a")["href"] for r in rows]


def test_every_action_of_an_agency_is_on_exactly_one_page_in_order(paged):
    out, result = paged
    progress = result.progress
    expected = listing.agency_rows(progress, AGENCY)
    pages = pages_of(out, f"/agencies/{AGENCY}/")
    seen = [href for s in pages for href in row_links(s)]
    want = [f"/reviews/{ref.review.id}/#action-{ref.recommendation.id}-{ref.action.number}" for _, ref in expected]
    assert seen == want and len(set(seen)) == len(seen)
    assert all(len(row_links(s)) <= PER_PAGE for s in pages)


def test_groups_show_whole_counts_and_continue_across_pages(paged):
    out, result = paged
    rows = listing.agency_rows(result.progress, AGENCY)
    groups = listing.groups_of(rows)
    for s in pages_of(out, f"/agencies/{AGENCY}/"):
        summary = {a.get_text(): int(a.find_next("strong").get_text()) for a in s.select("nav.ap-groups a")}
        assert summary == {g.label: g.count for g in groups}
        for h in s.select(".ap-group-title"):       # "Overdue (1)" or "Closed – not achieved (1), continued"
            m = re.fullmatch(r"(.+) \((\d+)\)(, continued)?", h.get_text(" ", strip=True))
            assert m and int(m[2]) == {g.label: g.count for g in groups}[m[1]]


def test_reviews_list_pages_hold_every_review_once(paged):
    out, result = paged
    pages = pages_of(out, "/reviews/")
    assert len(pages) == -(-len(result.content.reviews) // PER_PAGE)
    seen = [href for s in pages for href in row_links(s)]
    assert sorted(seen) == sorted(f"/reviews/{r.id}/" for r in result.content.reviews)


def test_sitemap_lists_every_page_but_the_embeds_and_the_editor(paged):
    out, _ = paged
    sitemap = (out / "sitemap.xml").read_text()
    assert f"/agencies/{AGENCY}/page/2/</loc>" in sitemap and "/topics/information-sharing/page/2/</loc>" in sitemap
    assert "/embed/" not in sitemap and "/admin/" not in sitemap
    assert "/cy/embed/" not in sitemap and "/cy/404.html" not in sitemap
    pages = {p.relative_to(out).as_posix() for p in out.rglob("index.html")
             if not p.is_relative_to(out / "embed") and not p.is_relative_to(out / "admin")
             and not p.is_relative_to(out / "cy" / "embed")}
    locs = set(re.findall(r"<loc>https?://[^/]+(/[^<]*)</loc>", sitemap))
    assert {("/" + p[:-len("index.html")]) for p in pages} <= locs | {"/"}


def test_a_long_welsh_list_has_its_welsh_pages_each_naming_its_english_twin(paged):
    """The Welsh twin of a paginated list: the same pages, titled in Welsh, each page linking
    the same page of the English list (and back), its page links staying in Welsh."""
    out, _ = paged
    english, welsh = pages_of(out, "/reviews/"), pages_of(out, "/cy/reviews/")
    assert len(welsh) == len(english) > 1
    for n, (en, cy) in enumerate(zip(english, welsh), start=1):
        suffix = "" if n == 1 else f"page/{n}/"
        pair = {"en-GB": f"https://actionplans.example.org/reviews/{suffix}",
                "cy": f"https://actionplans.example.org/cy/reviews/{suffix}"}
        for page in (en, cy):
            assert {link["hreflang"]: link["href"] for link in page.find_all("link", hreflang=True)} == pair
        if n > 1:
            assert f"tudalen {n} o {len(welsh)}" in cy.title.get_text()
        assert all(a["href"].startswith("/cy/reviews/") for a in cy.select(".ap-pagination a"))
