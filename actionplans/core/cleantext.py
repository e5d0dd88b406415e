"""Text is clean before it is published: no control characters but tab and newline, no NUL,
no non-characters (U+FFFE, U+FDD0…), no lone surrogates and no bidirectional overrides or
isolates. Such characters are invisible in an editor, make the Atom feeds and sitemap invalid
XML (a feed reader then drops the whole feed), put NUL bytes into pages, or (bidi controls)
make text display in another order than it is written. `check` reports each at its line.

They reach a value two ways: typed or pasted into the file (found at their exact place), or
written as a YAML escape in a double-quoted value ("\\v", "\\x01", "\\0", "\\e", "\\uFFFE"),
found in the loaded value and reported at the value.
"""

from __future__ import annotations

import re
from typing import Any

from .diagnostics import Diagnostics

_NONCHARS = "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
UNCLEAN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ud800-\udfff"
                     + re.escape(_NONCHARS) + "]")


def describe(char: str) -> tuple[str, str]:
    """(what the character is, what to do), for a message."""
    cp = ord(char)
    code = f"U+{cp:04X}"
    if 0x202A <= cp <= 0x202E or 0x2066 <= cp <= 0x2069:
        return (f"an invisible bidirectional control character ({code}), which makes text display in a different "
                "order from how it is written", "delete it (retype the text around it if it was pasted)")
    if 0xD800 <= cp <= 0xDFFF:
        return f"half of a character ({code}, a lone surrogate)", "delete it, or write the whole character"
    if cp == 0:
        return "a NUL character (U+0000)", "delete it (in a quoted value, remove the \\0 escape)"
    if cp < 0x20 or 0x7F <= cp <= 0x9F:
        return (f"an invisible control character ({code})",
                "delete it (in a quoted value, remove the escape such as \\v, \\e or \\x01; "
                "retype the text if it was pasted)")
    return f"{code}, which is not a character", "delete it (in a quoted value, remove its \\u escape)"


def check_text(text: str, data: Any, shown: str, diags: Diagnostics) -> None:
    """Report every unclean character in a loaded file: where it is typed in `text`, and in
    the values of `data` (MDict/MList from load.py, with their marks) where an escape made it."""
    typed = set()
    for m in UNCLEAN.finditer(text):
        typed.add(m.group())
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        what, fix = describe(m.group())
        diags.error(shown, line, col, f"the text holds {what}", fix)
    if "\\" in text:        # only a double-quoted escape can make one that is not typed
        _walk(data, getattr(data, "mark", (1, 1)), typed, shown, diags)


def _walk(value: Any, mark: tuple[int, int], typed: set[str], shown: str, diags: Diagnostics) -> None:
    if isinstance(value, str):
        m = UNCLEAN.search(value)
        if m is not None and m.group() not in typed:
            what, fix = describe(m.group())
            diags.error(shown, mark[0], mark[1], f"this value holds {what}", fix)
    elif isinstance(value, dict):
        marks = getattr(value, "value_marks", {})
        keys = getattr(value, "key_marks", {})
        for key, item in value.items():
            _walk(key, keys.get(key, mark), typed, shown, diags)
            _walk(item, marks.get(key, mark), typed, shown, diags)
    elif isinstance(value, list):
        marks = getattr(value, "item_marks", [])
        for i, item in enumerate(value):
            _walk(item, marks[i] if i < len(marks) else mark, typed, shown, diags)
