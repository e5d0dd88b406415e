"""Issue 18 in the browser: the first screen of every review on a phone says how much is done
and what is overdue; the change list keeps ?since= in the address and shows only later changes
(all of them without JavaScript); share links copy an action's address (a plain link without
JavaScript)."""

from __future__ import annotations

import re

import pytest

from conftest import EXAMPLE

REVIEWS = sorted(p.stem for p in (EXAMPLE / "reviews").glob("*.yaml"))
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("review", REVIEWS)
def test_first_phone_screen_says_how_much_is_done_and_what_is_overdue(new_context, server, review):
    page = new_context(viewport=PHONE).new_page()
    page.goto(server.url(f"/reviews/{review}/"))
    glance = page.locator(".ap-glance")
    text = " ".join(glance.inner_text().split())
    assert re.search(r"\d+ of the \d+ actions? (is|are) complete", text), text
    assert re.search(r"(\d+ actions? (is|are) overdue|No action is overdue)", text), text
    # the sentences saying both end within the first screen (the box's links may run below it)
    bottom = page.evaluate("""() => Math.max(...[...document.querySelectorAll('.ap-glance p')].slice(0, 2)
        .map(p => p.getBoundingClientRect().bottom + window.scrollY))""")
    assert bottom <= PHONE["height"], f"{review}: the summary ends at {bottom} px"


def test_the_summary_check_can_fail(new_context, server):
    """Pushed down by a tall block above it, the same measure reports the summary below the fold."""
    page = new_context(viewport=PHONE, bypass_csp=True).new_page()
    page.goto(server.url(f"/reviews/{REVIEWS[0]}/"))
    page.add_style_tag(content="h1 { margin-bottom: 900px !important; }")
    bottom = page.evaluate("() => document.querySelector('.ap-glance p').getBoundingClientRect().bottom + window.scrollY")
    assert bottom > PHONE["height"]


def test_since_in_the_address_keeps_only_later_changes(page, server):
    page.goto(server.url("/reviews/southampton-dhr-2022/changes/"))
    every = page.eval_on_selector_all("li[data-date]", "ls => ls.map(l => l.dataset.date)")
    since = sorted(every)[len(every) // 2]
    page.goto(server.url(f"/reviews/southampton-dhr-2022/changes/?since={since}"))
    kept = page.eval_on_selector_all("li[data-date]", "ls => ls.map(l => l.dataset.date)")
    assert kept and len(kept) < len(every) and all(d >= since for d in kept)
    assert kept == [d for d in every if d >= since]
    status = page.inner_text("[data-since-status]")
    assert f"{len(kept)} change" in status and since in status
    assert page.input_value("#since-date") == since
    # the month links left point at months still shown
    for href in page.eval_on_selector_all("nav[aria-label='Months with changes'] a", "as => as.map(a => a.hash)"):
        assert page.locator(href).count() == 1
    # the form puts the chosen date in the address
    page.fill("#since-date", "2023-01-01")
    page.click(".ap-since__form button")
    page.wait_for_url(re.compile(r"since=2023-01-01"))
    assert all(d >= "2023-01-01" for d in page.eval_on_selector_all("li[data-date]", "ls => ls.map(l => l.dataset.date)"))


def test_without_javascript_the_change_list_is_whole_and_dated(new_context, server):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(server.url("/reviews/southampton-dhr-2022/changes/"))
    every = page.locator("li[data-date]").count()
    page.goto(server.url("/reviews/southampton-dhr-2022/changes/?since=2099-01-01"))
    assert page.locator("li[data-date]").count() == every > 0        # nothing hidden
    assert page.locator("a[data-since-link]").get_attribute("href").startswith("?since=")


def test_share_link_copies_the_action_address(new_context, server):
    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url("/").rstrip("/"))
    page = context.new_page()
    page.goto(server.url("/reviews/west-oxfordshire-dhr-2019/"))
    link = page.locator("article.ap-action a[data-share]").first
    assert link.inner_text().startswith("Copy a link to action ")
    link.focus()
    page.keyboard.press("Enter")
    page.locator(".ap-share__status").first.wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    card = page.locator("article.ap-action").first.get_attribute("id")
    assert copied == server.url(f"/reviews/west-oxfordshire-dhr-2019/#{card}")
    assert "Copied" in page.locator(".ap-share__status").first.inner_text()


def test_share_link_without_javascript_is_a_plain_link(new_context, server):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(server.url("/reviews/west-oxfordshire-dhr-2019/"))
    link = page.locator("article.ap-action a[data-share]").first
    assert link.inner_text().startswith("Link to action ")
    card = page.locator("article.ap-action").first.get_attribute("id")
    link.click()
    assert page.url.endswith(f"/reviews/west-oxfordshire-dhr-2019/#{card}")
