"""Embedding in another site, in Chromium. The host page comes from another server
(127.0.0.2) and the site from 127.0.0.1, each under its real https address (the context
routes those addresses to the local servers, see conftest.py), so embed.js, the postMessage
origin checks and the frame-ancestors policy from output/_headers all run exactly as built
for https://actionplans.example.org."""

from __future__ import annotations

import re

import pytest

from .conftest import HOST_ORIGIN, OTHER_ORIGIN, SITE_ORIGIN

REVIEW = "somerset-dhr-022"
HOST_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>A partnership's own website</title></head>
<body><h1>Our work on domestic abuse</h1>
<div data-actionplans="reviews/{REVIEW}"><a href="{SITE_ORIGIN}/reviews/{REVIEW}/">Somerset review: progress of the action plan</a></div>
<p id="after">Text after the embed.</p>
<script src="{SITE_ORIGIN}/embed.js" async></script>
</body></html>""".encode()


@pytest.fixture(autouse=True)
def host_page(host_server):
    host_server.pages["/partner.html"] = HOST_PAGE


def embed_frame(page):
    for _ in range(100):
        for f in page.frames:
            if f.url.startswith(f"{SITE_ORIGIN}/embed/"):
                return f
        page.wait_for_timeout(100)
    raise AssertionError(f"no embedded frame: {[f.url for f in page.frames]}")


def test_embed_fits_its_content_without_an_inner_scrollbar(new_context):
    page = new_context(viewport={"width": 1024, "height": 800}).new_page()
    page.goto(f"{HOST_ORIGIN}/partner.html")
    iframe = page.locator(f"div[data-actionplans='reviews/{REVIEW}'] > iframe")
    iframe.wait_for(timeout=10_000)
    assert iframe.get_attribute("title") == "Somerset review: progress of the action plan"
    assert iframe.get_attribute("src") == f"{SITE_ORIGIN}/embed/reviews/{REVIEW}/"
    frame = embed_frame(page)
    frame.wait_for_selector("main", timeout=10_000)
    # The frame starts at 600 px; the page inside reports its height and embed.js applies it.
    page.wait_for_function("() => document.querySelector('div[data-actionplans] > iframe').style.height !== '600px'",
                           timeout=10_000)
    inner = frame.evaluate("() => ({content: document.documentElement.scrollHeight, view: innerHeight,"
                           " wide: document.documentElement.scrollWidth - innerWidth})")
    outer = iframe.evaluate("f => f.getBoundingClientRect().height")
    assert inner["content"] > 600, "the review is longer than the starting height: the resize must be real"
    assert inner["content"] <= inner["view"], f"the frame scrolls inside: {inner}"
    assert abs(outer - inner["content"]) <= 2, (outer, inner)
    assert inner["wide"] <= 0


def test_narrow_host_column_also_fits(new_context):
    page = new_context(viewport={"width": 360, "height": 700}).new_page()
    page.goto(f"{HOST_ORIGIN}/partner.html")
    frame = embed_frame(page)
    frame.wait_for_selector("main", timeout=10_000)
    page.wait_for_function("() => document.querySelector('div[data-actionplans] > iframe').style.height !== '600px'",
                           timeout=10_000)
    inner = frame.evaluate("() => ({content: document.documentElement.scrollHeight, view: innerHeight,"
                           " wide: document.documentElement.scrollWidth - innerWidth})")
    assert inner["content"] <= inner["view"] and inner["wide"] <= 0, inner


def test_messages_from_other_origins_do_not_resize_the_frame(new_context):
    page = new_context().new_page()
    page.goto(f"{HOST_ORIGIN}/partner.html")
    embed_frame(page).wait_for_selector("main", timeout=10_000)
    page.wait_for_function("() => document.querySelector('div[data-actionplans] > iframe').style.height !== '600px'",
                           timeout=10_000)
    before = page.evaluate("() => document.querySelector('div[data-actionplans] > iframe').style.height")
    page.evaluate("() => window.postMessage({type: 'actionplans:height', height: 31337}, '*')")
    page.wait_for_timeout(300)
    assert page.evaluate("() => document.querySelector('div[data-actionplans] > iframe').style.height") == before


def test_a_site_not_listed_is_refused_by_frame_ancestors(new_context):
    page = new_context().new_page()
    refusals = []
    page.on("console", lambda m: refusals.append(m.text) if "frame-ancestors" in m.text else None)
    page.goto(f"{OTHER_ORIGIN}/partner.html")
    page.locator("div[data-actionplans] > iframe").wait_for(timeout=10_000)
    page.wait_for_timeout(1500)
    loaded = []
    for f in page.frames[1:]:
        try:
            loaded.append(f.evaluate("() => !!document.querySelector('main')"))
        except Exception:          # an error page that cannot be read counts as not loaded
            loaded.append(False)
    assert not any(loaded), "the review was shown inside a site that is not allowed to embed it"
    assert any(re.search(r"frame-ancestors", r) for r in refusals), refusals
    height = page.evaluate("() => document.querySelector('div[data-actionplans] > iframe').style.height")
    assert height == "600px", "a refused frame never reports a height"


def test_the_real_site_pages_refuse_every_frame(new_context):
    """Only /embed/ pages may be framed; the full pages say frame-ancestors 'none'."""
    page = new_context().new_page()
    refusals = []
    page.on("console", lambda m: refusals.append(m.text) if "frame-ancestors" in m.text else None)
    page.goto(f"{HOST_ORIGIN}/partner.html")
    page.evaluate(f"() => {{ const f = document.createElement('iframe'); f.src = '{SITE_ORIGIN}/reviews/{REVIEW}/';"
                  " f.title = 'full page'; document.body.appendChild(f); }")
    page.wait_for_timeout(1500)
    assert any("'none'" in r for r in refusals), refusals


def test_without_javascript_the_host_shows_the_link(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{HOST_ORIGIN}/partner.html")
    link = page.locator("div[data-actionplans] > a")
    assert link.get_attribute("href") == f"{SITE_ORIGIN}/reviews/{REVIEW}/"
    assert page.locator("iframe").count() == 0


# --- Exit this page leaves the host page, not only the frame ------------------------------------

def _host_with_embed(new_context):
    page = new_context(viewport={"width": 1024, "height": 800}).new_page()
    page.goto(f"{HOST_ORIGIN}/partner.html")
    frame = embed_frame(page)
    frame.wait_for_selector(".ap-exit__button", timeout=10_000)
    frame.wait_for_function("() => !document.documentElement.classList.contains('no-js')", timeout=10_000)
    return page, frame


def _left_for_the_exit_page(page, exit_url):
    page.wait_for_url(lambda url: url.rstrip("/") == exit_url.rstrip("/"), timeout=10_000)
    assert page.main_frame.url.rstrip("/") == exit_url.rstrip("/")
    assert "Somewhere else." in page.content(), "the top window must show the exit page"
    assert not page.frames[1:], "the host page (and its frame) must be gone"


def test_the_frame_is_sandboxed_to_navigate_the_top_only_on_user_activation(new_context):
    page, _ = _host_with_embed(new_context)
    sandbox = page.locator("div[data-actionplans] > iframe").get_attribute("sandbox").split()
    assert "allow-top-navigation-by-user-activation" in sandbox and "allow-top-navigation" not in sandbox
    assert "allow-scripts" in sandbox


@pytest.mark.parametrize("how", ["click", "enter", "space", "shift-in-frame", "shift-on-host"])
def test_exit_this_page_in_an_embed_replaces_the_host_page(new_context, exit_url, how):
    page, frame = _host_with_embed(new_context)
    button = frame.locator(".ap-exit__button")
    if how == "click":
        button.click()
    elif how in ("enter", "space"):
        button.focus()
        page.keyboard.press("Enter" if how == "enter" else " ")
    elif how == "shift-in-frame":
        frame.locator("main").click(position={"x": 5, "y": 5})    # focus inside the frame, on no link
        for _ in range(3):
            page.keyboard.press("Shift")
    else:
        page.locator("h1").click()                              # focus on the host's own page
        for _ in range(3):
            page.keyboard.press("Shift")
    _left_for_the_exit_page(page, exit_url)
    # replaced, not pushed: Back does not return to the page the person was reading
    page.go_back(timeout=3_000)
    assert "partner.html" not in page.url


def test_two_shift_presses_do_not_leave(new_context):
    page, frame = _host_with_embed(new_context)
    frame.locator("main").click(position={"x": 5, "y": 5})
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_timeout(500)
    assert page.url.endswith("/partner.html")


def test_a_welsh_embed_from_embed_js_is_framed_and_in_welsh(new_context, host_server):
    """A host page asks for the Welsh embed ("cy/reviews/<id>"): embed.js frames the Welsh page
    (allowed by its own frame-ancestors rule), named in Welsh when the fallback link is empty."""
    welsh = "example-valleys-dhr-2021"
    host_server.pages["/partner-cy.html"] = f"""<!DOCTYPE html>
<html lang="cy"><head><meta charset="utf-8"><title>Gwefan y bartneriaeth</title></head>
<body><div data-actionplans="cy/reviews/{welsh}"><a href="{SITE_ORIGIN}/cy/reviews/{welsh}/"></a></div>
<script src="{SITE_ORIGIN}/embed.js" async></script></body></html>""".encode()
    page = new_context(viewport={"width": 1024, "height": 800}).new_page()
    page.goto(f"{HOST_ORIGIN}/partner-cy.html")
    iframe = page.locator("div[data-actionplans] > iframe")
    iframe.wait_for(timeout=10_000)
    assert iframe.get_attribute("src") == f"{SITE_ORIGIN}/cy/embed/reviews/{welsh}/"
    assert iframe.get_attribute("title") == "Cynnydd cynllun gweithredu"
    frame = None
    for _ in range(100):
        frame = next((f for f in page.frames if f.url.startswith(f"{SITE_ORIGIN}/cy/embed/")), None)
        if frame:
            break
        page.wait_for_timeout(100)
    assert frame is not None, [f.url for f in page.frames]
    frame.wait_for_selector("main", timeout=10_000)
    assert frame.evaluate("document.documentElement.lang") == "cy"
    assert "Gadael y dudalen hon" in frame.inner_text(".ap-exit")
