"""The one URL allow-list (actionplans/core/safeurl.py): every kind of spelling a browser decodes."""

from __future__ import annotations

import pytest

from actionplans.core.markup import links_in, render_markdown
from actionplans.core.safeurl import decoded, url_problem

REFUSED = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "javascript&#58;alert(1)", "javascript&colon;alert(1)",
    "javascript&#x3a;alert(1)", "javascript&#X3A;alert(1)", "javascript&#0000058;alert(1)",
    "jav&NewLine;ascript&colon;alert(1)", "jav&Tab;ascript:alert(1)", "java\tscript:alert(1)",
    "java\x00script:alert(1)", " \x01javascript:alert(1)", "java%73cript:alert(1)", "javascript%3Aalert(1)",
    "javascript&amp;#58;alert(1)", "%26%2358%3B", "&#106;avascript:alert(1)", "java\u200bscript:alert(1)",
    "data:text/html,<script>", "DATA&colon;text/html;base64,PHNjcmlwdD4=", "vbscript:x", "file:///etc/passwd",
    "http://example.org/", "HTTP&colon;//example.org", "//evil.example.org/", "/\\evil.example.org",
    "\\\\evil", "relative/page.html", "../up/", "?q=1", "", "  ", "https://", "https:///x", "blob:https://x.org/1",
]
ALLOWED = ["https://example.org/", "HTTPS://Example.org/a?b=1&c=2#d", "https://example.org/a%20b",
           "mailto:someone@example.org", "/reviews/north-dhr-001/", "/reviews/x/#recommendation-1", "#main-content",
           "&#109;&#97;&#105;&#108;&#116;&#111;&#58;a&#64;b.org"]


@pytest.mark.parametrize("url", REFUSED)
def test_refused_in_every_spelling(url):
    assert url_problem(url) is not None, decoded(url)


@pytest.mark.parametrize("url", ALLOWED)
def test_allowed(url):
    assert url_problem(url) is None


def test_https_only_fields_refuse_the_other_kinds():
    for url in ("mailto:a@b.org", "/reviews/", "#x"):
        assert url_problem(url) is None and url_problem(url, https_only=True) is not None


@pytest.mark.parametrize("url", REFUSED)
def test_the_renderer_drops_what_check_refuses(url):
    """Defence in depth: the same URL in a Markdown link or a reference link keeps no href."""
    if not url.strip() or any(c in url for c in "()<>[] \t\x00\x01"):
        url = url.replace("(", "%28").replace(")", "%29")
    for text in (f"[x](<{url}>)", f"[x][r]\n\n[r]: <{url}>"):
        html = str(render_markdown(text))
        assert "href" not in html, (text, html)


def test_links_in_finds_links_references_autolinks_and_images():
    text = "[a](/x/) ![i](https://img.example.org/i.png) <https://auto.example.org> [b][r]\n\n[r]: mailto:x@y.org"
    found = links_in(text)
    assert "/x/" in found and "https://img.example.org/i.png" in found and "mailto:x@y.org" in found
    assert any(u.startswith("https://auto.example.org") for u in found)
