"""Hostile markup is inert. tests/sites/hostile/ puts a payload in every published text field
(scripts, event handlers, javascript:/data: links, raw HTML, iframes, SVG, Jinja syntax, CSS);
the site must still build, and every payload must come out as text."""

from __future__ import annotations

import json
from html import unescape as html_unescape
from urllib.parse import unquote
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SITES, THEMES, copy_site, robust_size
import actionplans.content.conform
from actionplans.build import build, prepare
from actionplans.core.markup import render_inline, render_markdown

HOSTILE = SITES / "hostile" / "content"
URL_ATTRS = ("href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href", "background",
             "cite", "longdesc", "ping")
DANGEROUS_SCHEME = re.compile(r"^(?:javascript|data|vbscript|file|livescript):", re.I)
# Elements the theme never uses and content must never introduce.
FORBIDDEN_TAGS = ("iframe", "frame", "object", "embed", "svg:not(.ap-chart__svg)", "math", "img", "style", "applet",
                  "meta[http-equiv]", "link[rel=import]")
# The theme's own progress chart is the one SVG a page may hold: made of these, with no link,
# handler or style, its words only quarter names and numbers the generator wrote.
CHART_PARTS = {"svg": {"class", "viewbox", "width", "height", "role", "aria-labelledby", "focusable"},
               "title": {"id"}, "line": {"class", "x1", "y1", "x2", "y2"},
               "rect": {"class", "x", "y", "width", "height"}, "text": {"class", "x", "y", "text-anchor"}}


@pytest.fixture(scope="module")
def hostile_output(tmp_path_factory) -> Path:
    """The hostile site built with check's link refusal switched off: what the renderer alone
    makes of every payload (defence in depth, should a link ever get past check)."""
    out = tmp_path_factory.mktemp("hostile") / "output"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(actionplans.content.conform, "check_links", lambda *args: None)
        result = build(HOSTILE, out, themes_dir=THEMES)
    assert result.written, [d.format() for d in result.diagnostics.sorted()]
    return out


_parsed: dict[Path, list] = {}


def pages(out: Path) -> list[tuple[Path, BeautifulSoup]]:
    """Every page, parsed once per output folder (the tests only read the trees)."""
    if out not in _parsed:
        _parsed[out] = [(path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))
                        for path in sorted(out.rglob("*.html"))]
    return _parsed[out]


def our_scripts(out: Path) -> set[str]:
    """The only scripts a page may load: the theme's own files, by their hashed URLs."""
    return {"/" + p.relative_to(out).as_posix() for p in (out / "static").rglob("*.js")}


def test_the_fixture_really_carries_payloads():
    """If the payloads were dropped by validation, the checks below would pass vacuously."""
    text = "".join(p.read_text(encoding="utf-8") for p in HOSTILE.rglob("*.yaml"))
    for payload in ("<script>", "onerror=", "javascript:", "data:text/html", "<iframe", "<svg", "{{ 7*7 }}",
                    "<style>", "{% for"):
        assert payload in text, payload
    result = prepare(HOSTILE)
    # Every dangerous link is refused by check, at its line; nothing else is.
    errors = [d for d in result.diagnostics.sorted()]
    assert errors and all("a link in" in d.message and "is not allowed" in d.message for d in errors), \
        [d.format() for d in errors]
    lines = {(Path(d.path).name, d.line) for d in errors}
    review = (HOSTILE / "reviews" / "north-dhr-001.yaml").read_text(encoding="utf-8").split("\n")
    for n, line in enumerate(review, start=1):
        if re.search(r"\]\((?!https://)|^\s*\[evil\]:", line):
            assert ("north-dhr-001.yaml", n) in lines, (n, line)


def test_no_script_but_ours(hostile_output):
    allowed = our_scripts(hostile_output)
    assert allowed
    seen = 0
    for path, soup in pages(hostile_output):
        for script in soup.find_all("script"):
            assert script.get("src") in allowed and not script.string, (path, str(script)[:200])
            seen += 1
    assert seen > 0


def test_no_event_handler_attributes(hostile_output):
    for path, soup in pages(hostile_output):
        for tag in soup.find_all(True):
            handlers = [a for a in tag.attrs if a.lower().startswith("on")]
            assert not handlers, (path, tag.name, handlers)


def test_no_javascript_or_data_urls(hostile_output):
    checked = 0
    for path, soup in pages(hostile_output):
        for tag in soup.find_all(True):
            for attr in URL_ATTRS:
                if attr in tag.attrs:
                    # Browsers ignore whitespace and control characters inside a scheme.
                    value = re.sub(r"[\s\x00-\x1f]+", "", str(tag[attr]))
                    assert not DANGEROUS_SCHEME.match(value), (path, tag.name, attr, tag[attr])
                    checked += 1
    assert checked > 100


def test_no_elements_that_content_could_smuggle_in(hostile_output):
    charts = 0
    for path, soup in pages(hostile_output):
        for selector in FORBIDDEN_TAGS:
            assert not soup.select(selector), (path, selector, str(soup.select(selector)[0])[:200])
        for svg in soup.select("svg.ap-chart__svg"):
            charts += 1
            assert svg.find_parent("section", class_="ap-chart") is not None, path
            for el in [svg, *svg.find_all(True)]:
                assert el.name in CHART_PARTS and set(el.attrs) <= CHART_PARTS[el.name], (path, str(el)[:200])
            words = " ".join(t.get_text(" ") for t in svg.find_all("text"))
            assert re.fullmatch(r"[\w–\s]*", words) and "<" not in words, (path, words)
    assert charts, "the hostile site's reviews have completed actions: their charts are checked here"


def test_no_content_reaches_a_style_attribute(hostile_output):
    """The theme draws progress bars with classes; any style attribute at all would be a way in
    for CSS from content, so only a bare percentage width would be tolerated."""
    for path, soup in pages(hostile_output):
        for tag in soup.find_all(style=True):
            assert re.fullmatch(r"\s*width:\s*\d+(?:\.\d+)?%;?\s*", tag["style"]), (path, tag["style"])


def test_jinja_in_content_is_text_not_template(hostile_output):
    review = (hostile_output / "reviews" / "north-dhr-001" / "index.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in review
    assert "{% for x in range(3) %}loop{% endfor %}" in review
    assert "{# comment #}" in review
    assert "looplooploop" not in review
    for path, soup in pages(hostile_output):
        assert "49" not in soup.get_text(), path
    agency = (hostile_output / "agencies" / "north-council" / "index.html").read_text(encoding="utf-8")
    assert "{% if true %}jinja-if{% endif %}" in agency


def test_payloads_are_shown_as_text(hostile_output):
    """Inert, not silently dropped: the officer's words stay visible, so mistakes can be seen."""
    soup = BeautifulSoup((hostile_output / "reviews" / "north-dhr-001" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    text = soup.get_text()
    assert "<script>alert('review-title')</script>" in soup.find("h1").get_text()
    assert "<script>alert('summary')</script>" in text
    assert "<div onclick=\"alert('div')\">raw block html</div>" in text
    assert "Role <b onmouseover=alert('role')>x</b>" in text


def test_https_links_from_content_stay_links_with_their_exact_address(hostile_output):
    """Escaping must not go too far either: a URL with quotes in it is still one link."""
    soup = BeautifulSoup((hostile_output / "reviews" / "north-dhr-001" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    report = soup.find("a", string="Read the published report")
    assert report is not None, "the published report row must be a link, not escaped markup"
    assert report["href"] == "https://north.example.org/report?a=1&b=\"><script>alert('report')</script>"
    evidence = soup.find("a", href=re.compile(r"^https://north\.example\.org/e\.pdf"))
    assert evidence["href"] == "https://north.example.org/e.pdf?\"onclick=\"alert('evidence-url')"
    agency = BeautifulSoup((hostile_output / "agencies" / "north-police" / "index.html").read_text(encoding="utf-8"),
                           "html.parser")
    site = agency.find("a", href=re.compile(r"^https://police\.example\.org/"))
    assert site is not None and site["href"] == "https://police.example.org/?q=<script>alert('agency-url')</script>"


def test_markdown_links_with_dangerous_schemes_lose_their_href(hostile_output):
    soup = BeautifulSoup((hostile_output / "reviews" / "north-dhr-001" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    for label in ("plain js", "upper js", "spaced js", "angle js", "entity js", "hex entity js", "tabbed js", "vb",
                  "data", "file", "reference link"):
        found = soup.find(string=label)
        assert found is not None, label
        assert found.parent.name != "a" and not found.parent.get("href"), (label, str(found.parent))


def test_notes_are_never_published(hostile_output):
    for path in hostile_output.rglob("*"):
        if path.is_file():
            assert b"NOTES-NEVER-PUBLISHED" not in path.read_bytes(), path


def test_feeds_are_well_formed_and_their_html_is_inert(hostile_output):
    feeds = sorted(hostile_output.rglob("*.xml"))
    assert len(feeds) >= 2
    for feed in feeds:
        root = ET.parse(feed).getroot()          # a payload that broke the XML would raise here
        for el in root.iter():
            if el.get("type") == "html" and el.text:
                soup = BeautifulSoup(el.text, "html.parser")
                assert not soup.find_all(["script", "iframe", "svg", "img", "style"]), (feed, el.text[:200])
                for tag in soup.find_all(True):
                    assert not [a for a in tag.attrs if a.lower().startswith("on")], (feed, str(tag))
                    assert not DANGEROUS_SCHEME.match(re.sub(r"\s+", "", tag.get("href", ""))), (feed, str(tag))


def test_open_data_keeps_the_text_exactly(hostile_output):
    """JSON is data, not markup: the payload is kept as the officer wrote it, and parses."""
    data = json.loads((hostile_output / "data" / "reviews.json").read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False)
    assert "Review <script>alert('review-title')</script> {{ 7*7 }}" in text
    assert "NOTES-NEVER-PUBLISHED" not in text


def test_security_headers_hold_only_origins(hostile_output):
    headers = (hostile_output / "_headers").read_text(encoding="utf-8")
    for line in headers.splitlines():
        if "Content-Security-Policy" in line:
            directives = [d.strip().split()[0] for d in line.split(":", 1)[1].split(";") if d.strip()]
            assert len(directives) == len(set(directives)), line
            assert set(directives) <= {"default-src", "script-src", "style-src", "img-src", "font-src",
                                       "connect-src", "object-src", "base-uri", "form-action",
                                       "frame-ancestors"}, line


@pytest.mark.parametrize("origin", ["https://www.council.example;sandbox",
                                    "https://a.example/'unsafe-inline';report-uri",
                                    "https://a.example/path", "https://a.example?x", "https://a.example#x"])
def test_embed_origins_cannot_inject_policy(tmp_path, monkeypatch, origin):
    """embed_allowed_origins is written into a Content-Security-Policy header: a path, ';' or a
    quote would add directives to it, so anything but an origin is refused at its line."""
    monkeypatch.chdir(tmp_path)
    content = copy_site(tmp_path)
    site = content / "site.yaml"
    site.write_text(re.sub(r"(?m)^embed_allowed_origins:.*$", f'embed_allowed_origins: ["{origin}"]',
                           site.read_text(encoding="utf-8")), encoding="utf-8")
    result = build(content, tmp_path / "output", themes_dir=THEMES)
    assert not result.written
    errors = [d for d in result.diagnostics.errors if "not an origin" in d.message]
    assert len(errors) == 1 and errors[0].path.endswith("site.yaml") and errors[0].line > 1, \
        [d.format() for d in result.diagnostics.sorted()]


def test_an_origin_with_a_port_is_accepted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = copy_site(tmp_path)
    site = content / "site.yaml"
    site.write_text(re.sub(r"(?m)^embed_allowed_origins:.*$", "embed_allowed_origins: [https://a.example:8443/]",
                           site.read_text(encoding="utf-8")), encoding="utf-8")
    assert not prepare(content).diagnostics.errors


@pytest.mark.parametrize("base_url", ['https://actionplans.test.example/a"onmouseover="alert(1)',
                                      "https://actionplans.test.example/a<script>x</script>",
                                      "https://actionplans.test.example/{{7*7}}", "https://actionplans.test.example/?a=1&b=2",
                                      "https://actionplans.test.example/#x", "https://actionplans.test.example/a;b",
                                      "https://user:pw@actionplans.test.example"])
def test_a_base_url_that_could_break_out_of_links_is_refused(tmp_path, monkeypatch, base_url):
    """base_url is written into every link, feed, header and script. A quote in it once turned
    the glossary links into an event handler (and only the link check stopped the build)."""
    monkeypatch.chdir(tmp_path)
    content = copy_site(tmp_path)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("base_url: https://actionplans.test.example",
                                                             f"base_url: '{base_url}'"), encoding="utf-8")
    result = build(content, tmp_path / "output", themes_dir=THEMES)
    assert not result.written
    [error] = result.diagnostics.errors
    assert error.path.endswith("site.yaml") and error.line > 1 and "not a plain web address" in error.message, \
        error.format()


def test_a_base_url_with_a_simple_path_is_accepted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = copy_site(tmp_path)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace(
        "base_url: https://actionplans.test.example", "base_url: https://Council.example:8443/plans/dhr_2024.v1/"),
        encoding="utf-8")
    assert not prepare(content).diagnostics.errors


# --- the Markdown renderer, fuzzed directly ------------------------------------------------------

# Tokens that build links, tags, entities and schemes in every spelling a browser accepts.
TOKENS = ["<", ">", "</", "/>", '"', "'", "=", " ", "\n", "\n\n", "\t", "[", "]", "(", ")", "![", "<!--", "-->",
          "*", "_", "`", "```", "    ", "&", "&#", "&#x", "6A;", "106;", "#", ":", ";", "//", "\\", "\x00", "\x0b",
          "javascript", "JaVaScRiPt", "java\tscript", "data", "vbscript", "text/html", "base64,", "alert(1)",
          "script", "img", "svg", "iframe", "style", "object", "a", "href", "src", "onerror", "onload",
          "srcdoc", "https://example.org/", "mailto:x@example.org", "[r]:", "[r]", "{{ 7*7 }}", "<https://x.org>",
          "<javascript:alert(1)>", "&lt;", "&gt;", "&quot;", "%0a", "%6A", "58;", "x3a;", "&colon;", "&NewLine;",
          "&Tab;", "%3A", "&amp;", "http://x.org", "&#0000058;"]
markdown_text = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
SAFE_TAGS = {"p", "a", "span", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "h1", "h2", "h3", "h4",
             "h5", "h6", "hr", "br"}


def assert_inert(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name in SAFE_TAGS, (tag.name, html)
        for attr, value in tag.attrs.items():
            assert attr in ("href", "class", "id"), (attr, html)
            if attr == "href":
                # as a browser reads it: entities (BeautifulSoup decodes them), percent-escapes,
                # whitespace and controls; then only the allow-list's four kinds may remain
                compact = re.sub(r"[\s\x00-\x1f]+", "", unquote(html_unescape(value))).lower()
                assert not DANGEROUS_SCHEME.match(compact), html
                assert compact.startswith(("https://", "mailto:", "#")) or \
                    (compact.startswith("/") and not compact.startswith("//")), html


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning")
@settings(max_examples=robust_size("ROBUST_EXAMPLES", 100, 3000), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=markdown_text)
def test_any_markdown_renders_inert(text):
    """Whatever the text, the Markdown renderer emits only plain formatting tags and safe links."""
    assert_inert(str(render_markdown(text)))
    assert_inert(str(render_inline(text)))
