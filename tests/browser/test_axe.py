"""Every page type of the example site, in Chromium, at 1280 px and at 320 px (WCAG 1.4.10
reflow): axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules finds nothing, nothing
scrolls sideways or is clipped, and every target is big enough (WCAG 2.5.8). One page load
serves both widths: axe takes most of the time, the page load need not be paid twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from .checks import FOCUSABLE, PAGES, SMALL_TARGETS, WIDTHS, overflow_problems

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
        "resultTypes": ["violations"]}


def axe_source() -> str:
    import axe_playwright_python
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe(chromium_path) -> str:
    return axe_source()


def run_axe(page) -> list[dict]:
    return page.evaluate("o => axe.run(document, o)", WCAG)["violations"]


def problems_at_every_width(page) -> list[str]:
    """axe's violations, targets under 24 × 24 px, sideways scrolling at 320 px and clipped
    content, at each width in WIDTHS (axe already loaded into the page)."""
    found = []
    for width, (w, h) in WIDTHS.items():
        page.set_viewport_size({"width": w, "height": h})
        violations = run_axe(page)
        if violations:
            found.append(f"axe at {width}:\n{describe(violations)}")
        small = page.evaluate(SMALL_TARGETS, FOCUSABLE)
        if small:
            found.append(f"targets under 24 × 24 px at {width}: {small[:10]}")
        layout = overflow_problems(page)
        if layout["sideways"] > 0 and w == 320:
            found.append(f"scrolls sideways by {layout['sideways']} px at 320 px")
        if layout["clipped"]:
            found.append(f"clipped content at {width}: {layout['clipped'][:10]}")
    return found


@pytest.mark.parametrize("name", PAGES)
def test_page_type_passes_axe_reflow_and_target_size(page, server, axe, name):
    response = page.goto(server.url(PAGES[name]))
    assert response is not None and response.status == (404 if name == "404" else 200)
    if name == "search":
        page.locator(".ap-search__results li").first.wait_for(timeout=15_000)
    page.evaluate(axe)                 # evaluate, not a script tag: the CSP allows only 'self'
    found = problems_at_every_width(page)
    assert not found, f"{PAGES[name]}:\n" + "\n".join(found)


def test_axe_finds_a_planted_violation(page, server, axe):
    """The harness can fail: an image without alternative text is reported."""
    page.goto(server.url("/"))
    page.evaluate("() => { const i = document.createElement('img'); i.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';"
                  " document.querySelector('main').appendChild(i); }")
    page.evaluate(axe)
    assert "image-alt" in {v["id"] for v in run_axe(page)}


def test_target_check_can_fail(page, server):
    page.goto(server.url("/"))
    page.evaluate("""() => { const p = document.createElement('p');
      for (const t of ['one', 'two']) { const a = document.createElement('a'); a.href = '/'; a.textContent = t;
        a.style.cssText = 'display:inline-block;font-size:8px;line-height:8px;margin:0 2px'; p.appendChild(a); }
      document.querySelector('main').prepend(p); }""")
    assert len(page.evaluate(SMALL_TARGETS, FOCUSABLE)) == 2


def test_reflow_check_can_fail(new_context, server):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    page.goto(server.url("/"))
    page.evaluate("() => { const d = document.createElement('div'); d.style.width = '600px'; d.textContent = 'wide';"
                  " document.querySelector('main').appendChild(d); }")
    assert overflow_problems(page)["sideways"] > 0
