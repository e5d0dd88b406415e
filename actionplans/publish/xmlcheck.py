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


def malformed_xml(files: dict[str, bytes]) -> list[Malformed]:
    """One problem per XML file that does not parse."""
    found = []
    for name in sorted(n for n in files if n.endswith(".xml")):
        try:
            ET.fromstring(files[name])
        except ET.ParseError as exc:
            line, col = exc.position
            found.append(Malformed(name, line, col + 1, f"this XML file is not well-formed: {exc}"))
    return found
