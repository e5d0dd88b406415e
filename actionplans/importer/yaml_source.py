"""Writing a review as YAML text, with comments, that reads well in a pull request.

PyYAML cannot write comments, so the text is made here. Every scalar is written in the
plainest style that reads back to exactly the same value with the project's own loader
(plain, then folded or literal block, then double quotes), so what the importer meant is what
`actionplans check` reads. The writer also remembers the line of every tagged value, so the
import summary can point at `file:line`.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass, field
from typing import Union

from ..core.diagnostics import Diagnostics
from ..content.load import parse_text

WIDTH = 100
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u2028\u2029\ud800-\udfff\ufffe\uffff]")


@dataclass
class Scalar:
    value: str
    comment: str = ""          # a trailing comment (one line)
    flow: bool = False         # short ids and dates: never a block
    typed: bool = False        # meant as YAML reads it (true): not checked to read back as text


@dataclass
class Entry:
    key: str
    value: "Node"
    comment: str = ""                            # trailing comment on the key's line
    above: list[str] = field(default_factory=list)   # comment lines written above the key
    tag: str = ""                                # remembered with its line number
    todo: str = ""                               # for the summary, tied to this line
    omit: bool = False                           # a value nobody found: written as '# key:' only,
                                                 # so check reports it missing until a person adds it


Map = list  # list[Entry]
Node = Union[Scalar, "list"]


class Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.tags: dict[str, int] = {}
        self.todos: list[tuple[int, str]] = []

    # -- scalars ----------------------------------------------------------------------------
    @staticmethod
    def _reads_back(rendered: list[str], value: str) -> bool:
        probe = "k: " + rendered[0] + "".join("\n" + ln for ln in rendered[1:]) + "\n"
        data = parse_text(probe, "<probe>", Diagnostics())
        return isinstance(data, dict) and data.get("k") == value

    def scalar(self, value: str, indent: int, room: int) -> list[str]:
        """The lines of a scalar: the first follows 'key: ', the rest are indented.

        Text of several paragraphs is written as a literal block with its lines wrapped: the
        value then holds line breaks where it held spaces, which Markdown reads the same way.
        """
        if not isinstance(value, str):
            value = str(value)
        pad = " " * indent
        printable = not _UNPRINTABLE.search(value)
        if printable and "\n" not in value and len(value) <= max(room, 20) and value == value.strip():
            if self._reads_back([value], value):
                return [value]
        if printable and value and value == value.strip():
            if "\n" not in value and "  " not in value and "\t" not in value:
                wrapped = textwrap.wrap(value, width=max(WIDTH - indent, 40), break_long_words=False,
                                        break_on_hyphens=False)
                lines = [">-"] + [pad + w for w in wrapped]
                if self._reads_back(lines, value):
                    return lines
            body = [w for ln in value.split("\n") for w in (markdown_wrap(ln, max(WIDTH - indent, 40)) or [""])]
            if not any(ln != ln.rstrip() for ln in body) and not (body and body[0].startswith(" ")):
                lines = ["|-"] + [(pad + ln) if ln else "" for ln in body]
                if self._reads_back(lines, "\n".join(body)):
                    return lines
        return [_double_quoted(value)]

    def flow(self, v: Scalar) -> str:
        """An id or a date as it stands, unless YAML would read it as something else ('1', 'yes')."""
        if v.typed or v.value.startswith('"') or (re.fullmatch(r"[a-z0-9][a-z0-9.\-]*", v.value)
                                                  and self._reads_back([v.value], v.value)):
            return v.value
        return _double_quoted(v.value)

    # -- structure ---------------------------------------------------------------------------
    @staticmethod
    def _comment_text(text: str) -> str:
        # a comment is one line (a line break would end it and start YAML), of printable characters
        return _UNPRINTABLE.sub("", re.sub(r"\s+", " ", text)).strip()

    def _comment(self, text: str) -> str:
        return "  # " + self._comment_text(text) if text else ""

    def write_map(self, entries: list[Entry], indent: int, first_prefix: str = "") -> None:
        pad = " " * indent
        pending = bool(first_prefix)          # the list item's '- ' still to be written
        for e in entries:
            for c in e.above:
                self.lines.append(pad + "# " + _UNPRINTABLE.sub("", c.replace("\n", " ")) if c else "")
            line_no = len(self.lines) + 1
            if e.tag:
                self.tags[e.tag] = line_no
            if e.todo:
                self.todos.append((line_no, e.todo))
            if e.omit:
                self.lines.append(f"{pad}# {e.key}:")
                continue
            lead = first_prefix if pending else pad
            pending = False
            v = e.value
            if isinstance(v, Scalar):
                room = WIDTH - len(lead) - len(e.key) - 2
                lines = [self.flow(v)] if v.flow else self.scalar(v.value, indent + 2, room)
                self.lines.append(f"{lead}{e.key}: {lines[0]}{self._comment(v.comment or e.comment)}")
                self.lines.extend(lines[1:])
            elif isinstance(v, list) and not v:
                self.lines.append(f"{lead}{e.key}: []{self._comment(e.comment)}")
            elif isinstance(v, list) and all(isinstance(x, Scalar) and x.flow for x in v):
                self.lines.append(f"{lead}{e.key}: [{', '.join(self.flow(x) for x in v)}]{self._comment(e.comment)}")
            elif isinstance(v, list) and isinstance(v[0], Entry):
                self.lines.append(f"{lead}{e.key}:{self._comment(e.comment)}")
                self.write_map(v, indent + 2)
            else:
                self.lines.append(f"{lead}{e.key}:{self._comment(e.comment)}")
                self.write_seq(v, indent + 2)
        if pending:
            self.lines.append(first_prefix + "{}")   # every value was missing: an empty item, reported by check

    def write_seq(self, items: list, indent: int) -> None:
        pad = " " * indent
        for item in items:
            if isinstance(item, Scalar):
                lines = self.scalar(item.value, indent + 2, WIDTH - indent - 2)
                self.lines.append(f"{pad}- {lines[0]}{self._comment(item.comment)}")
                self.lines.extend(lines[1:])
            else:
                self.write_map(item, indent + 2, first_prefix=pad + "- ")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _double_quoted(value: str) -> str:
    """A YAML double-quoted string: JSON's escapes, plus the characters YAML refuses to see raw."""
    text = json.dumps(value, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda m: "\\uFFFD" if 0xD800 <= ord(m.group()) <= 0xDFFF
                            else f"\\u{ord(m.group()):04X}", text)


# A word that would begin a Markdown block (a list item, a heading, a quote, a rule) if a wrapped
# line started with it: it stays on the line before, so wrapping never changes the meaning.
_BLOCK_MARKER = re.compile(r"^(?:[-*+>]|#{1,6}|\d{1,9}[.)]|[=\-_*]{2,})$")


def markdown_wrap(line: str, width: int) -> list[str]:
    """Wrap one line of Markdown at spaces, keeping a list item's marker and never starting a
    continuation line with something Markdown would read as a new block."""
    if len(line) <= width or "  " in line.strip() or "\t" in line:
        return [line]
    marker = re.match(r"^(\s*(?:[-*+]|\d{1,9}[.)])\s+)", line)
    words = line.split(" ")
    out: list[str] = []
    current = ""
    for w in words:
        if not current:
            current = w
        elif len(current) + 1 + len(w) <= width or _BLOCK_MARKER.match(w):
            current += " " + w
        else:
            out.append(current)
            current = ("  " if marker else "") + w   # inside a list item: indented continuation
    out.append(current)
    return out


def id_scalar(value: str, comment: str = "") -> Scalar:
    """A recommendation id: always quoted, so "3" stays text and "3.10" is not a number."""
    return Scalar(_double_quoted(value), comment, flow=True)


def slug_scalar(value: str, comment: str = "") -> Scalar:
    return Scalar(value, comment, flow=True)
