"""Markdown from content rendered with raw HTML escaped and only safe links kept."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from functools import lru_cache
from html import escape as html_escape

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .safeurl import url_problem

def _unescape(md: markdown.Markdown, text: str) -> str:
    """Markdown's placeholders (for '&' and backslash escapes) put back, as the page will have them."""
    unescape = md.treeprocessors["unescape"] if "unescape" in md.treeprocessors else None
    text = text.replace(markdown.util.AMP_SUBSTITUTE, "&")
    return unescape.unescape(text) if unescape is not None else text


class _SafeLinks(Treeprocessor):
    """Links whose URL the allow-list refuses lose their href (defence in depth: `check` has
    already refused them); images become their alt text, so no third-party request is made.
    Every URL seen is recorded in `seen` for `links_in()`."""

    seen: list[str] | None = None

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for i, el in enumerate(list(parent)):
                if el.tag == "a":
                    href = _unescape(self.md, el.get("href") or "")
                    if self.seen is not None:
                        self.seen.append(href)
                    if url_problem(href) is not None:
                        el.attrib.pop("href", None)
                        el.tag = "span"
                    if "title" in el.attrib:
                        del el.attrib["title"]
                elif el.tag == "img":
                    if self.seen is not None:
                        self.seen.append(el.get("src") or "")
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


_PARSER: markdown.Markdown | None = None
# Text with none of these characters renders to one escaped paragraph: most action text.
_MARKDOWN_CHARS = re.compile(r"[\\`*_{}\[\]()#+\-.!<>&|~:\n]|^\s|\s$|  ")


def _parser() -> markdown.Markdown:
    # Building a Markdown parser costs far more than converting a paragraph: keep one per
    # process and reset it between texts (the build is single-threaded within a process).
    global _PARSER
    if _PARSER is None:
        _PARSER = markdown.Markdown(extensions=[_NoRawHtml(), "sane_lists"], output_format="html")
    return _PARSER


@lru_cache(maxsize=65536)
def _render(text: str) -> str:
    if not _MARKDOWN_CHARS.search(text):
        return f"<p>{html_escape(text, quote=False)}</p>"
    md = _parser()
    try:
        return md.convert(text)
    finally:
        md.reset()


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


# A link, reference definition, autolink or image needs one of these characters.
_MAY_LINK = re.compile(r"[\]<]").search


def links_in(text: str) -> list[str]:
    """Every link and image URL in a Markdown text, as the renderer sees it (entities and
    escapes as written): what `check` holds against the allow-list."""
    if not text or not _MAY_LINK(text):
        return []
    md = _parser()
    safe = md.treeprocessors["safe_links"]
    safe.seen = []
    try:
        md.convert(text)
        return safe.seen
    finally:
        safe.seen = None
        md.reset()
