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
