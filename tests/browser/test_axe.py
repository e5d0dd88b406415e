"""axe-core in Chromium, with the WCAG 2.0, 2.1 and 2.2 A and AA rules, on every page type of
the example site, at desktop width and at 320 px (WCAG 1.4.10 reflow): zero violations."""

from __future__ import annotations

from pathlib import Path

import pytest

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
        "resultTypes": ["violations"]}

# One page of each type (every template a reader can land on).
PAGES = {
    "home": "/",
    "reviews list": "/reviews/",
    "reviews filtered": "/reviews/status/overdue/",
    "review": "/reviews/somerset-dhr-022/",
    "agencies list": "/agencies/",
    "agency": "/agencies/avon-and-somerset-police/",
    "topics list": "/topics/",
    "topic": "/topics/information-sharing/",
    "partnerships": "/partnerships/",
    "partnership": "/partnerships/safer-somerset/",
    "updates": "/updates/",
    "glossary": "/glossary/",
    "accessibility statement": "/accessibility/",
    "about": "/about/",
    "open data": "/data/",
    "search": "/search/?q=training",
    "404": "/no-such-page/",
    "embed review": "/embed/reviews/somerset-dhr-022/",
}
WIDTHS = {"1280px": (1280, 900), "320px": (320, 640)}


def axe_source() -> str:
    import axe_playwright_python
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe() -> str:
    return axe_source()


@pytest.mark.parametrize("name", PAGES)
def test_no_axe_violations(page, server, axe, name):
    """Both widths in one page load: axe is re-run after the viewport shrinks, which is what a
    reader who zooms or turns a phone gets."""
    response = page.goto(server.url(PAGES[name]))
    assert response is not None and response.status == (404 if name == "404" else 200)
    if name == "search":
        page.wait_for_selector(".ap-search__results li", timeout=10_000)
    page.evaluate(axe)                 # evaluate, not a script tag: the CSP allows only 'self'
    found = []
    for width, (w, h) in WIDTHS.items():
        page.set_viewport_size({"width": w, "height": h})
        violations = page.evaluate("o => axe.run(document, o)", WCAG)["violations"]
        if violations:
            found.append(f"{PAGES[name]} at {width}:\n{describe(violations)}")
    assert not found, "\n".join(found)


def test_axe_finds_a_planted_violation(page, server, axe):
    """The harness can fail: an image without alternative text is reported."""
    page.goto(server.url("/"))
    page.evaluate("() => { const i = document.createElement('img'); i.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';"
                  " document.querySelector('main').appendChild(i); }")
    page.evaluate(axe)
    violations = page.evaluate("o => axe.run(document, o)", WCAG)["violations"]
    assert "image-alt" in {v["id"] for v in violations}
