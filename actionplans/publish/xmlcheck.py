"""Every XML file about to be published (the Atom feeds, the sitemap) must parse: a feed reader
drops a whole feed at its first error. Checked at the end of every build, with the links and
the guard, before anything is written. The content check keeps out the characters that would
break it (cleantext.py); this proves the result, whatever reached it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..core.hashing import sha256
from ..core.options import Remember, uncached


@dataclass(frozen=True)
class Malformed:
    name: str
    line: int
    col: int
    message: str


def malformed_xml(files: dict[str, bytes], remember: Remember = uncached) -> list[Malformed]:
    """One problem per XML file that does not parse. `remember` (the build's cache) keeps each
    file's answer by its bytes: after an edit only the feeds that changed are parsed again."""
    found = []
    for name in sorted(n for n in files if n.endswith(".xml")):
        data = files[name]
        for line, col, message in remember("xml", (sha256(data),), lambda data=data: _parse(data)):
            found.append(Malformed(name, line, col, message))
    return found


def _parse(data: bytes) -> list[tuple[int, int, str]]:
    try:
        ET.fromstring(data)
    except ET.ParseError as exc:
        line, col = exc.position
        return [(line, col + 1, f"this XML file is not well-formed: {exc}")]
    return []
