"""Long lists in Chromium: an agency's, a topic's and an agency embed's pages 2…n (the bench
corpus scaled down, see conftest.paged_site) pass axe, reflow and target size at 320 and
1280 px like every other page type; their page links work by keyboard and without JavaScript;
each page has its own title and canonical address; a row leads to its action."""

from __future__ import annotations

import re

import pytest

from .checks import FOCUSABLE, REACHABLE, focus_visible, in_view, tab_through
from .test_axe import problems_at_every_width

AGENCY = "ashbury-council"          # five pages of actions at conftest.PAGED_REVIEWS reviews
PAGED = {
    "agency, first of several pages": f"/agencies/{AGENCY}/",
    "agency, a middle page": f"/agencies/{AGENCY}/page/3/",
    "agency, last page": f"/agencies/{AGENCY}/page/5/",
    "topic, second page": "/topics/information-sharing/page/2/",
    "agency embed, second page": f"/embed/agencies/{AGENCY}/page/2/",
    "escalation, second page": "/escalation/page/2/",
}


@pytest.fixture
def new_paged_context(browser, paged_server):
    """Contexts that reach only the paged site's server: anything else is refused."""
    made = []

    def make(**kwargs):
        context = browser.new_context(**kwargs)
        context.route(lambda url: not url.startswith(paged_server.origin), lambda route: route.abort())
        made.append(context)
        return context
    yield make
    for c in made:
        c.close()


@pytest.fixture
def page(new_paged_context):
    return new_paged_context(viewport={"width": 1280, "height": 900}).new_page()


@pytest.fixture(scope="module")
def axe(chromium_path) -> str:
    from .test_axe import axe_source
    return axe_source()


def test_the_fixture_has_the_pages_this_file_tests(paged_site):
    for path in PAGED.values():
        assert (paged_site / path.strip("/") / "index.html").is_file(), path
    assert not (paged_site / "agencies" / AGENCY / "page" / "6").exists()
    assert not (paged_site / "agencies" / AGENCY / "page" / "1").exists()     # page 1 is the agency's own URL


@pytest.mark.parametrize("name", PAGED)
def test_paginated_page_passes_axe_reflow_and_target_size(page, paged_server, axe, name):
    response = page.goto(paged_server.url(PAGED[name]))
    assert response is not None and response.status == 200
    page.evaluate(axe)
    found = problems_at_every_width(page)
    assert not found, f"{PAGED[name]}:\n" + "\n".join(found)


def test_page_links_are_a_labelled_nav_with_the_current_page_marked(page, paged_server):
    page.goto(paged_server.url(f"/agencies/{AGENCY}/page/3/"))
    nav = page.locator("nav.ap-pagination")
    assert nav.count() == 1
    assert "Council" in (nav.get_attribute("aria-label") or "")
    current = nav.locator("[aria-current=page]")
    assert current.count() == 1 and current.inner_text().split()[-1] == "3"
    assert current.get_attribute("href") == f"/agencies/{AGENCY}/page/3/"
    assert nav.locator("a[rel=prev]").get_attribute("href") == f"/agencies/{AGENCY}/page/2/"
    assert nav.locator("a[rel=next]").get_attribute("href") == f"/agencies/{AGENCY}/page/4/"
    assert page.title().startswith(f"{page.locator('h1').inner_text()} – page 3 of 5")
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    assert canonical.endswith(f"/agencies/{AGENCY}/page/3/")


def test_page_links_work_without_javascript(new_paged_context, paged_server):
    page = new_paged_context(java_script_enabled=False, viewport={"width": 320, "height": 640}).new_page()
    page.goto(paged_server.url(f"/agencies/{AGENCY}/"))
    assert page.locator("nav.ap-pagination a[rel=prev]").count() == 0        # none before the first
    page.locator("nav.ap-pagination a[rel=next]").click()
    page.wait_for_url(re.compile(r"/page/2/$"))
    page.locator("nav.ap-pagination a", has_text=re.compile(r"^\s*Page 5\s*$")).click()
    page.wait_for_url(re.compile(r"/page/5/$"))
    assert page.locator("nav.ap-pagination a[rel=next]").count() == 0        # none after the last
    assert page.locator("nav.ap-pagination [aria-current=page]").inner_text().split()[-1] == "5"
    rows = page.locator(".ap-rows .ap-row")
    assert 1 <= rows.count() <= 50


def test_group_links_lead_to_the_page_where_the_group_starts(page, paged_server):
    page.goto(paged_server.url(f"/agencies/{AGENCY}/page/4/"))
    links = page.locator("nav.ap-groups a")
    assert links.count() >= 2
    last = links.nth(links.count() - 1)
    target = last.get_attribute("href")
    last.click()
    page.wait_for_url(re.compile(re.escape(target.split("#")[0]) + "#"))
    anchor = target.split("#", 1)[1]
    heading = page.locator(f"#{anchor}")
    assert heading.count() == 1 and heading.inner_text().startswith(last.inner_text())


def test_a_row_leads_to_its_action_on_the_review_page(page, paged_server):
    page.goto(paged_server.url(f"/agencies/{AGENCY}/page/2/"))
    link = page.locator(".ap-rows .ap-row a").first
    title = link.inner_text()                     # "<review title>, action 3.1"
    link.click()
    page.wait_for_load_state()
    anchor = page.url.split("#", 1)[1]
    assert anchor.startswith("action-")
    action = page.locator(f"#{anchor}")
    assert action.count() == 1 and action.is_visible()
    # the heading says the title, then on its own line (after a hidden dash) partnership and year
    assert " ".join(page.locator("h1").inner_text().split()) == title.rsplit(", action", 1)[0]


def test_every_stop_on_a_middle_page_is_reached_with_visible_focus(page, paged_server):
    page.goto(paged_server.url(f"/agencies/{AGENCY}/page/3/"))
    stops = tab_through(page)
    indices = [s["index"] for s in stops]
    assert indices == sorted(indices) and len(set(indices)) == len(indices)
    missing = sorted(set(page.evaluate(REACHABLE, FOCUSABLE)) - set(indices))
    assert not missing, f"{len(missing)} interactive elements are never reached by Tab"
    assert any("Next" in s["what"] for s in stops) and any("Previous" in s["what"] for s in stops)
    hidden = [s["what"] for s in stops if not focus_visible(s)]
    assert not hidden, f"focus is not visible on: {hidden[:10]}"
    assert all(in_view(s) for s in stops)


def test_embed_page_links_stay_in_the_frame(page, paged_server):
    page.goto(paged_server.url(f"/embed/agencies/{AGENCY}/page/2/"))
    for a in page.locator("nav.ap-pagination a, nav.ap-groups a").all():
        assert a.get_attribute("target") == "_self" and a.get_attribute("href").startswith("/embed/agencies/")
    rows = page.locator(".ap-rows .ap-row a")
    assert rows.count() and all(not (r.get_attribute("target")) for r in rows.all())   # rows open on top (<base>)
