"""Every XML file about to be published (the Atom feeds, the sitemap) must parse: a feed reader
drops a whole feed at its first error. Checked at the end of every build, with the links and
the guard, before anything is written. The content check keeps out the characters that would
break it (cleantext.py); this proves the result, whatever reached it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass


@dataclass(frozen=True)
class Malformed:
    name: str
    line: int
    col: int
    message: str


def malformed_xml(files: dict[str, bytes], memo: dict | None = None) -> list[Malformed]:
    """One problem per XML file that does not parse. With a `memo` (serve's), a file whose
    bytes are the same object as last time keeps its last answer."""
    memo = {} if memo is None else memo
    found = []
    for name in sorted(n for n in files if n.endswith(".xml")):
        data = files[name]
        kept = memo.get(name)
        if kept is None or kept[0] is not data:
            problem = None
            try:
                ET.fromstring(data)
            except ET.ParseError as exc:
                line, col = exc.position
                problem = Malformed(name, line, col + 1, f"this XML file is not well-formed: {exc}")
            kept = memo[name] = (data, problem)
        if kept[1] is not None:
            found.append(kept[1])
    for gone in set(memo) - set(files):
        del memo[gone]
    return found
