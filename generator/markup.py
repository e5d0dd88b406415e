"""Markdown from content rendered with raw HTML escaped and only safe links kept."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from functools import lru_cache

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

SAFE_SCHEMES = ("https:", "http:", "mailto:")


class _SafeLinks(Treeprocessor):
    """Drops javascript:/data: links and turns images into text: no third-party requests."""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for i, el in enumerate(list(parent)):
                if el.tag == "a":
                    href = (el.get("href") or "").strip()
                    compact = re.sub(r"[\s\x00-\x1f]+", "", href).lower()
                    if not compact.startswith(SAFE_SCHEMES) and (":" in compact.split("/")[0] or not compact):
                        del el.attrib["href"]
                        el.tag = "span"
                    if "title" in el.attrib:
                        del el.attrib["title"]
                elif el.tag == "img":
                    span = etree.Element("span")
                    span.text = el.get("alt") or ""
                    span.tail = el.tail
                    parent.remove(el)
                    parent.insert(i, span)


class _NoRawHtml(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "safe_links", 0)


def _md() -> markdown.Markdown:
    return markdown.Markdown(extensions=[_NoRawHtml(), "sane_lists"], output_format="html")


@lru_cache(maxsize=4096)
def _render(text: str) -> str:
    md = _md()
    return md.convert(text)


def render_markdown(text: str | None) -> Markup:
    if not text:
        return Markup("")
    return Markup(_render(text))


def render_inline(text: str | None) -> Markup:
    """One paragraph of Markdown without the <p> around it."""
    html = _render(text or "")
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def plain_text(text: str | None) -> str:
    """Markdown reduced to words, for descriptions, feeds and CSV."""
    if not text:
        return ""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`#>]+", "", text)
    return re.sub(r"\s+", " ", text).strip()
