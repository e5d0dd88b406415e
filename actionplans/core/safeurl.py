"""The one allow-list for every URL that comes from content: Markdown links, reference links,
autolinks and images, evidence, report, agency, partnership and site addresses.

A URL is judged by what a browser could make of it, not by how it is written: HTML entities
(every HTML5 named and numeric one), percent-escapes, whitespace and control characters are
decoded or removed first — repeatedly, since escapes can be nested — and only then must it be
an https: address, a mailto: address, a path from the site root or an #anchor. Everything
else (javascript:, data:, vbscript:, file:, http:, //other-host, relative paths) is refused:
by `check` at the line that wrote it, and again by the Markdown renderer (defence in depth).
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

# Browsers drop tab and newline anywhere in a URL and C0 controls and spaces at its ends;
# invisible format characters can hide a scheme from a reader. All go before judging.
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f"
                        r"\u205f-\u2064\u3000\ufeff]+")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_ROUNDS = 8


def decoded(url: str) -> str:
    """The URL with entities and percent-escapes decoded until nothing changes, and whitespace,
    control and invisible characters removed."""
    text = url
    for _ in range(_ROUNDS):
        before = text
        text = _INVISIBLE.sub("", unquote(html.unescape(text), errors="replace"))
        if text == before:
            break
    return text


def url_problem(url: str, *, https_only: bool = False) -> str | None:
    """None when `url` is allowed; otherwise why not, as the start of a sentence."""
    if not isinstance(url, str):
        return "it is not text"
    d = decoded(url)
    if not d:
        return "it is empty"
    if "\\" in d:
        return "it holds a backslash, which browsers read as '/'"
    m = _SCHEME.match(d)
    scheme = m.group(1).lower() if m else ""
    if scheme == "https":
        return None if re.match(r"https://[^/?#@]*[^/?#@.:]", d, re.I) else "it has no host after https://"
    if https_only:
        if scheme:
            return f"it is a '{scheme}:' link, not an https:// address"
        return "it is not a full https:// address"
    if scheme == "mailto":
        return None if len(d) > len("mailto:") else "it has no address after mailto:"
    if scheme:
        return f"it is a '{scheme}:' link"
    if d.startswith("//"):
        return "it starts with '//', which leads to another site"
    if d.startswith(("/", "#")):
        return None
    return "it is a relative address"


FIX = ("use an https:// address, a mailto: address, a path on this site starting with /, "
       "or an #anchor")


def url_hint(url: str) -> str:
    """What to write instead."""
    d = decoded(url)
    if re.match(r"http:", d, re.I):
        return f"write https:{d[5:]}"
    return FIX
