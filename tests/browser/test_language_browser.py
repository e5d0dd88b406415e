"""A reader switches a bilingual review from English to Welsh and back, and leaves quickly from
the Welsh page with Gadael y dudalen hon (Exit this page)."""

from __future__ import annotations

from .test_keyboard import left_for

REVIEW = "/reviews/example-valleys-dhr-2021/"


def test_switch_language_on_a_review_and_back(page, server):
    page.goto(server.url(REVIEW))
    assert page.get_attribute("html", "lang") == "en-GB"
    assert "Sharing risk information" in page.inner_text("main")
    switch = page.locator("a[data-language-switch]")
    assert switch.inner_text() == "Cymraeg" and switch.get_attribute("hreflang") == "cy"
    switch.click()
    page.wait_for_url(server.url("/cy" + REVIEW))
    assert page.get_attribute("html", "lang") == "cy"
    main = page.inner_text("main")
    assert "Rhannu gwybodaeth am risg" in main and "Sharing risk information" not in main
    assert page.inner_text(".ap-exit__button").strip().endswith("Gadael y dudalen hon")
    back = page.locator("a[data-language-switch]")
    assert back.inner_text() == "English"
    back.click()
    page.wait_for_url(server.url(REVIEW))
    assert page.get_attribute("html", "lang") == "en-GB"
    assert "Sharing risk information" in page.inner_text("main")


def test_exit_this_page_in_welsh_by_click_and_by_keyboard(page, server, exit_url):
    page.goto(server.url("/cy" + REVIEW))
    assert "Gadael y dudalen hon" in page.inner_text(".ap-exit")
    assert "Yn gadael y wefan hon yn gyflym" in page.inner_text(".ap-exit__hint")
    before = page.evaluate("history.length")
    page.click(".ap-exit__button")
    assert left_for(page, exit_url)
    assert page.evaluate("history.length") == before
    page.goto(server.url("/cy" + REVIEW))
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    assert left_for(page, exit_url)


def test_exit_this_page_tells_a_screen_reader_in_welsh(page, server, exit_url):
    """The live region's messages on a Welsh page come from the page, in Welsh."""
    page.goto(server.url("/cy/updates/"))
    page.keyboard.press("Shift")
    assert page.inner_text(".ap-exit__announce") == "Shift, pwyswch 2 waith eto i adael."
    page.keyboard.press("Shift")
    assert page.inner_text(".ap-exit__announce") == "Shift, pwyswch unwaith eto i adael."
    page.keyboard.press("Shift")
    assert left_for(page, exit_url)


def test_welsh_search_finds_welsh_pages_and_speaks_welsh(page, server):
    """Search on a Welsh page: Pagefind's Welsh index (made from lang="cy"), results and
    status in Welsh."""
    page.goto(server.url("/cy/search/?q=hyfforddi"))
    page.locator("#search-status").filter(has_text="canlyniad").wait_for(timeout=15_000)
    status = page.inner_text("#search-status")
    assert "ar gyfer" in status and "result" not in status
    links = page.eval_on_selector_all(".ap-search__results a", "as => as.map(a => a.getAttribute('href'))")
    assert links and any("/cy/" in href for href in links), links

