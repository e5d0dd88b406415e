"""Text is clean before it is published (actionplans/core/cleantext.py), and every XML file is parsed
after the build (actionplans/publish/xmlcheck.py). Control characters, NUL, non-characters and bidi
controls come from YAML escapes or from pasted text; each is a check error at its line."""

from __future__ import annotations

import pytest

from conftest import THEMES
from actionplans.build import build, check
from actionplans.publish.xmlcheck import malformed_xml

REVIEW = "reviews/north-dhr-001.yaml"
# (how it is written in a double-quoted YAML value, the character it makes)
ESCAPES = [("\\v", "\x0b"), ("\\x01", "\x01"), ("\\0", "\x00"), ("\\e", "\x1b"), ("\\uFFFE", "\ufffe"),
           ("\\uFFFF", "\uffff"), ("\\uFDD0", "\ufdd0"), ("\\U0001FFFE", "\U0001fffe"), ("\\x7f", "\x7f"),
           ("\\x9b", "\x9b"), ("\\r", "\r"), ("\\b", "\x08"), ("\\f", "\x0c"), ("\\u202E", "\u202e"),
           ("\\u2066", "\u2066"), ("\\u2069", "\u2069")]
# Typed (pasted) straight into the file: YAML itself refuses raw C0 controls, not these.
TYPED = ["\u202e", "\u202a", "\u2067", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"]
FIELDS = [(REVIEW, "title: Domestic Homicide Review 001", "title: \"Domestic {} Homicide Review 001\""),
          (REVIEW, "            text: Audit finished and reported to the board.",
           "            text: \"Audit finished {} and reported to the board.\""),
          ("agencies.yaml", "  name: North Police", "  name: \"North {} Police\""),
          ("site.yaml", "title: Test action plans", "title: \"Test {} action plans\"")]


def _put(site, name, old, new):
    path = site / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8", errors="surrogatepass")
    return text[: text.index(old)].count("\n") + 1


@pytest.mark.parametrize("escape, char", ESCAPES)
@pytest.mark.parametrize("field", range(len(FIELDS)))
def test_an_escaped_control_character_is_an_error_at_its_line(site, escape, char, field):
    name, old, new = FIELDS[field]
    line = _put(site, name, old, new.format(escape))
    result = check(site)
    errors = [d for d in result.diagnostics.errors if d.path.endswith(name)]
    assert result.content is None and len(errors) == 1, [d.format() for d in result.diagnostics.sorted()]
    assert errors[0].line == line and f"U+{ord(char):04X}" in errors[0].message and errors[0].hint.startswith("delete")


@pytest.mark.parametrize("char", TYPED)
def test_a_typed_invisible_character_is_an_error_at_its_exact_place(site, char):
    line = _put(site, REVIEW, "title: Domestic Homicide Review 001", f"title: Domestic {char}Homicide Review 001")
    errors = check(site).diagnostics.errors
    assert [(d.line, d.col) for d in errors] == [(line, len("title: Domestic ") + 1)], [d.format() for d in errors]
    assert not build(site, site.parent / "output", themes_dir=THEMES).written


def test_tab_newline_and_ordinary_unicode_are_clean(site):
    _put(site, REVIEW, "            text: Audit finished and reported to the board.",
         "            text: \"Audit\\tfinished\\nand reported — to the board: é ∑ 😀 ‏ \\u00a0 \\u200e.\"")
    assert not check(site).diagnostics.errors


def test_the_output_check_parses_every_xml_file(site, monkeypatch):
    """Defence in depth: with the content check switched off, a control character reaches the
    feeds, and the output check refuses to publish them."""
    import actionplans.content.load
    monkeypatch.setattr(actionplans.content.load, "check_text", lambda *args: None)
    _put(site, REVIEW, "            text: Audit finished and reported to the board.",
         "            text: \"Audit finished \\x01 and reported to the board.\"")
    out = site.parent / "output"
    result = build(site, out, themes_dir=THEMES)
    assert not result.written and not out.exists()
    bad = sorted({d.path for d in result.diagnostics.errors})
    # the updates feeds and the change feeds (issue 18) all carry the update's text
    assert bad == ["output/changes.xml", "output/reviews/north-dhr-001/changes.xml",
                   "output/reviews/north-dhr-001/updates.xml", "output/updates.xml"], \
        [d.format() for d in result.diagnostics.sorted()]


def test_malformed_xml_names_the_file_and_place():
    files = {"a.xml": b"<?xml version='1.0'?>\n<feed>\n<x>\x01</x></feed>", "b.xml": b"<ok/>", "c.html": b"<"}
    found = malformed_xml(files)
    assert [(m.name, m.line) for m in found] == [("a.xml", 3)]
