"""Keyboard and layout behaviour in Chromium: the skip link, visible focus in a sensible order,
"Exit this page" by every route, tables at 320 px, text spacing, 200% zoom, reduced motion and
forced colours. (Reflow at 320 px and target sizes are checked on every page type in
test_axe.py, in the same page loads as axe.)"""

from __future__ import annotations

import re

import pytest

from .checks import FOCUSABLE, REACHABLE, focus_visible, in_view, overflow_problems, tab_through

KEYBOARD_PAGES = ["/", "/reviews/", "/reviews/somerset-dhr-022/", "/agencies/", "/search/?q=training",
                  "/reviews/southampton-dhr-2022/overdue/", "/reviews/southampton-dhr-2022/changes/", "/glossary/"]

def test_skip_link_is_first_and_moves_focus_to_main(page, server):
    page.goto(server.url("/reviews/somerset-dhr-022/"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    box = page.locator(".ap-skip-link").bounding_box()
    assert box is not None and box["y"] >= 0 and box["height"] >= 24, "the skip link must show when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.keyboard.press("Tab")          # the next stop is inside main, not the header again
    assert page.evaluate("!!document.activeElement.closest('main')")


@pytest.mark.parametrize("path", KEYBOARD_PAGES)
def test_every_interactive_element_is_reached_in_order_with_visible_focus(page, server, path):
    page.goto(server.url(path))
    if "?q=" in path:
        page.locator(".ap-search__results li").first.wait_for(timeout=15_000)
    stops = tab_through(page)
    indices = [s["index"] for s in stops]
    assert stops and stops[0]["what"].startswith("a Skip to main content")
    assert "Exit this page" in stops[1]["what"], "Exit this page comes straight after the skip link"
    assert indices == sorted(indices), "focus order must follow the reading order (no positive tabindex)"
    assert len(set(indices)) == len(indices)
    expected = page.evaluate(REACHABLE, FOCUSABLE)
    missing = sorted(set(expected) - set(indices))
    assert not missing, f"{len(missing)} interactive elements are never reached by Tab"
    hidden = [s["what"] for s in stops if not focus_visible(s)]
    assert not hidden, f"focus is not visible on: {hidden[:10]}"
    off_screen = [s["what"] for s in stops if not in_view(s)]
    assert not off_screen, f"focused but out of view: {off_screen[:10]}"


def test_focus_check_can_fail(page, server):
    """An element whose focus style is removed is reported."""
    page.goto(server.url("/about/"))
    page.evaluate("() => { const a = document.querySelector('main a'); a.style.setProperty('outline', 'none', 'important');"
                  " a.style.setProperty('background-color', 'transparent', 'important');"
                  " a.style.setProperty('box-shadow', 'none', 'important'); a.classList.add('planted'); }")
    stops = tab_through(page)
    assert any(not focus_visible(s) for s in stops)


# ---------------------------------------------------------------- Exit this page

def left_for(page, exit_url: str) -> bool:
    page.wait_for_url(lambda u: u.rstrip("/") == exit_url.rstrip("/"), timeout=10_000)
    return True


def test_exit_by_click_replaces_the_page_in_history(page, server, exit_url):
    page.goto(server.url("/reviews/"))
    before = page.evaluate("history.length")
    page.click(".ap-exit__button")
    assert left_for(page, exit_url)
    assert page.evaluate("history.length") == before, "the site's page must not stay in the history"


@pytest.mark.parametrize("key", ["Enter", " "])
def test_exit_by_tab_and_key(page, server, exit_url, key):
    page.goto(server.url("/topics/"))
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert "Exit this page" in page.evaluate("document.activeElement.textContent")
    page.keyboard.press(key)
    assert left_for(page, exit_url)


def test_exit_by_pressing_shift_three_times(page, server, exit_url):
    page.goto(server.url("/glossary/"))
    page.keyboard.press("Shift")
    assert "2 more times" in page.inner_text(".ap-exit__announce")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    assert left_for(page, exit_url)


def test_other_keys_reset_the_shift_count(page, server):
    page.goto(server.url("/glossary/"))
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("a")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url.startswith(server.origin)


def test_exit_without_javascript_is_a_link(new_context, server, exit_url):
    page = new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900}).new_page()
    page.goto(server.url("/reviews/"))
    assert page.get_attribute(".ap-exit__button", "href").rstrip("/") == exit_url.rstrip("/")
    page.click(".ap-exit__button")
    assert left_for(page, exit_url)


# ---------------------------------------------------------------- tables, spacing, zoom

def test_wide_tables_scroll_inside_a_labelled_focusable_region(new_context, server):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    scrolled = 0
    for path in ("/data/", "/agencies/"):
        page.goto(server.url(path))
        tables = page.locator("main table")
        assert tables.count() > 0
        for i in range(tables.count()):
            info = tables.nth(i).evaluate("""t => { const w = t.closest('.ap-table-wrap');
              return w && {role: w.getAttribute('role'), tabindex: w.getAttribute('tabindex'),
                name: w.getAttribute('aria-label') || (w.getAttribute('aria-labelledby') &&
                      (document.getElementById(w.getAttribute('aria-labelledby')) || {}).textContent),
                overflow: getComputedStyle(w).overflowX, wide: t.scrollWidth > w.clientWidth}; }""")
            assert info and info["role"] == "region" and info["tabindex"] == "0" and (info["name"] or "").strip(), \
                f"table {i} on {path} is not in a labelled, focusable region: {info}"
            assert info["overflow"] in ("auto", "scroll")
            if info["wide"]:
                wrap = tables.nth(i).locator("xpath=ancestor::div[contains(@class,'ap-table-wrap')][1]")
                wrap.focus()
                page.keyboard.press("ArrowRight")
                page.wait_for_timeout(100)
                assert wrap.evaluate("w => w.scrollLeft") > 0, "a focused table region scrolls with the arrow keys"
                scrolled += 1
    assert scrolled, "no table was wider than a 320 px screen: this test checked nothing"


TEXT_SPACING = ("* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }"
                " p { margin-bottom: 2em !important; }")


@pytest.mark.parametrize("path", ["/reviews/somerset-dhr-022/", "/agencies/", "/search/?q=training",
                                  "/reviews/somerset-dhr-022/changes/"])
def test_text_spacing_hides_nothing(new_context, server, path):
    """WCAG 1.4.12: the bookmarklet's spacing, at 320 px. bypass_csp lets the test add its style."""
    page = new_context(viewport={"width": 320, "height": 640}, bypass_csp=True).new_page()
    page.goto(server.url(path))
    if "?q=" in path:
        page.locator(".ap-search__results li").first.wait_for(timeout=15_000)
    page.add_style_tag(content=TEXT_SPACING)
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).letterSpacing)") > 0
    found = overflow_problems(page)
    assert found["sideways"] <= 0 and not found["clipped"], found


@pytest.mark.parametrize("path", ["/", "/reviews/somerset-dhr-022/", "/data/"])
def test_zoom_200_percent_hides_nothing(new_context, server, path):
    """A 1280 px window at 200% zoom lays out 640 CSS pixels at twice the density."""
    page = new_context(viewport={"width": 640, "height": 450}, device_scale_factor=2).new_page()
    page.goto(server.url(path))
    found = overflow_problems(page)
    assert found["sideways"] <= 0 and not found["clipped"], found


# ---------------------------------------------------------------- motion and forced colours

MOTION = """() => { const d = document.createElement('div'); d.className = 'planted-motion';
  d.style.transition = 'opacity 2s'; d.style.animation = 'none 3s infinite';
  document.querySelector('main').appendChild(d);
  const moving = [];
  for (const el of document.querySelectorAll('*')) {
    const s = getComputedStyle(el);
    const t = s.transitionDuration.split(',').some(v => parseFloat(v) > 0);
    const a = s.animationName !== 'none' && s.animationDuration.split(',').some(v => parseFloat(v) > 0);
    if (t || a || s.scrollBehavior === 'smooth') moving.push(el.tagName.toLowerCase() + '.' + el.className);
  }
  return moving; }"""


def test_reduced_motion_stops_every_transition(new_context, server):
    page = new_context(reduced_motion="reduce").new_page()
    page.goto(server.url("/reviews/somerset-dhr-022/"))
    assert page.evaluate(MOTION) == []
    # The same check without the preference sees the planted transition: it can fail.
    page.emulate_media(reduced_motion="no-preference")
    assert "div.planted-motion" in page.evaluate(MOTION)


def test_forced_colours_keep_focus_status_and_progress_visible(new_context, server):
    page = new_context(forced_colors="active", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(server.url("/agencies/avon-and-somerset-police/"))      # small, with status tags and a bar
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    # Backgrounds and shadows are replaced by system colours: only outlines show focus.
    stops = tab_through(page)
    no_outline = [s["what"] for s in stops if not s["focused"]["outline"]]
    assert stops and not no_outline, f"no focus outline in forced colours: {no_outline[:10]}"
    tag = page.locator(".ap-tag").first.evaluate("e => getComputedStyle(e).borderTopStyle + ' ' + getComputedStyle(e).borderTopWidth")
    assert re.match(r"solid [2-9]", tag), f"status tags need a border to stay distinct: {tag}"
    bar = page.locator(".ap-bar__part").first.evaluate("e => getComputedStyle(e).forcedColorAdjust")
    assert bar == "none", "the progress bar keeps its colours and patterns"
    exit_border = page.locator(".ap-exit__button").evaluate("e => parseFloat(getComputedStyle(e).borderTopWidth)")
    assert exit_border >= 2, "the Exit button keeps a visible edge"
