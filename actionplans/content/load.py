"""Read YAML safely, keeping the line and column of every key and value.

Dates are left as text (the timestamp resolver is removed) so that an impossible date such
as 2020-06-31 becomes a diagnostic with a line instead of a PyYAML traceback.
"""

from __future__ import annotations

import functools
import gc
import itertools
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..core.cleantext import check_text
from ..core.diagnostics import Diagnostics

MAX_FILE_BYTES = 5 * 1024 * 1024
# Far more than any real plan needs (a long plan is ~3,000 nodes), far less than a YAML bomb.
MAX_EXPANDED_NODES = 250_000
MAX_DEPTH = 64

Mark = tuple[int, int]


class MDict(dict):
    """A mapping that remembers where it, its keys and its values are in the file."""

    __slots__ = ("mark", "key_marks", "value_marks")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mark: Mark = (1, 1)
        self.key_marks: dict[str, Mark] = {}
        self.value_marks: dict[str, Mark] = {}


class MList(list):
    __slots__ = ("mark", "item_marks")

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.mark: Mark = (1, 1)
        self.item_marks: list[Mark] = []


def _mark(node: yaml.Node) -> Mark:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def without_cycle_collection(fn):
    """Run fn with Python's cycle collector paused. Reading a site makes millions of objects
    that all live on (nodes, marks, values): each full collection walks every one of them
    again, about 45% of the reading time at 2,000 reviews. Nothing read forms a cycle that
    needs collecting meanwhile; collection resumes (if it was on) when fn returns or raises."""
    @functools.wraps(fn)
    def paused(*args, **kwargs):
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()
    return paused


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    problems: list[tuple[Mark, str, str]]


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# _resolve is BaseResolver.resolve for a loader with no path resolvers and no resolvers for any
# first character (None): the parser calls it for every value, so it does no more than that needs
assert not _Loader.yaml_path_resolvers and None not in _Loader.yaml_implicit_resolvers
_RESOLVERS = {first: tuple(resolvers) for first, resolvers in _Loader.yaml_implicit_resolvers.items()}
_SCALAR, _SEQUENCE, _MAPPING = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode


def _resolve(self: _Loader, kind: type, value: Any, implicit: tuple[bool, bool]) -> str | None:
    if kind is _SCALAR:
        if implicit[0]:
            for tag, regexp in _RESOLVERS.get(value[:1], ()):
                if regexp.match(value):
                    return tag
        return _Loader.DEFAULT_SCALAR_TAG
    if kind is _SEQUENCE:
        return _Loader.DEFAULT_SEQUENCE_TAG
    if kind is _MAPPING:
        return _Loader.DEFAULT_MAPPING_TAG
    return None


_Loader.resolve = _resolve


_STR_TAG = "tag:yaml.org,2002:str"
_ScalarNode = yaml.ScalarNode


def _construct(loader: _Loader, node: yaml.Node) -> Any:
    """loader.construct_object(node, deep=True); plain text (most of a file) is taken straight
    from its node, as the safe constructor's construct_yaml_str would."""
    if node.tag == _STR_TAG and node.__class__ is _ScalarNode:
        return node.value
    return loader.construct_object(node, deep=True)


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> MDict:
    loader.flatten_mapping(node)
    result = MDict()
    result.mark = _mark(node)
    for key_node, value_node in node.value:
        key = _construct(loader, key_node)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            loader.problems.append((_mark(key_node), "a key must be a plain word", "write key: value"))
            continue
        key = str(key) if not isinstance(key, str) else key
        if key in result:
            first = result.key_marks[key]
            loader.problems.append((_mark(key_node), f"duplicate key '{key}' (first given on line {first[0]})",
                                    "remove one of them"))
            continue
        result[key] = _construct(loader, value_node)
        result.key_marks[key] = _mark(key_node)
        result.value_marks[key] = _mark(value_node)
    return result


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> MList:
    result = MList([_construct(loader, child) for child in node.value])
    result.mark = _mark(node)
    result.item_marks = [_mark(child) for child in node.value]
    return result


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int | str:
    # Python refuses to turn a number of more than 4,300 digits into text (and a long
    # '1:2:3…' base-60 number grows as large), which would be a traceback, not a diagnostic.
    if len(str(node.value)) > 64:
        loader.problems.append((_mark(node), "a number is too long to read",
                                "if it is text, put it in quotes"))
        return str(node.value)
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
# _construct relies on text being constructed as the node's value
assert _Loader.yaml_constructors[_STR_TAG] is yaml.constructor.SafeConstructor.construct_yaml_str


def _expanded_size(node: yaml.Node) -> int:
    """Nodes after alias expansion, computed over the shared graph (so a bomb costs nothing)."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    aliased = False

    def size(n: yaml.Node, depth: int) -> int:
        nonlocal aliased
        key = id(n)
        if key in sizes:
            aliased = True
            return sizes[key]
        if key in on_path:
            raise _Refused(_mark(n), "an alias refers to itself", "remove the recursive alias")
        if depth > MAX_DEPTH:
            raise _Refused(_mark(n), f"nested more than {MAX_DEPTH} levels deep", "flatten the structure")
        on_path.add(key)
        total = 1
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                total += size(k, depth + 1) + size(v, depth + 1)
        elif isinstance(n, yaml.SequenceNode):
            for child in n.value:
                total += size(child, depth + 1)
        on_path.discard(key)
        sizes[key] = total
        if total > MAX_EXPANDED_NODES and aliased:
            raise _Refused(_mark(n), "aliases expand to too many values (a 'YAML bomb')",
                           "write the values out instead of using anchors and aliases")
        if total > MAX_EXPANDED_NODES:    # no alias: simply far more entries than any plan has
            raise _Refused(_mark(n), f"the file holds more than {MAX_EXPANDED_NODES:,} values",
                           "split it, or remove pasted material")
        return total

    return size(node, 0)


# An anchor (&name) or an alias (*name) token starts the text or follows a character that is not
# part of a word (a space, a line break, a quote, a flow indicator, ':'), and its name starts
# with a letter, digit, '-' or '_' (PyYAML and libyaml accept no other). A file in which one of
# them cannot be found (with a literal first, so the search is fast) has no alias in it.
_MAY_BE_ANCHOR = re.compile(r"&(?<=(?<!\w)&)[\w-]").search
_MAY_BE_ALIAS = re.compile(r"\*(?<=(?<!\w)\*)[\w-]").search


def _may_have_aliases(text: str) -> bool:
    return bool(_MAY_BE_ANCHOR(text) and _MAY_BE_ALIAS(text))


def _within_limits(node: yaml.Node) -> bool:
    """For a file without aliases (its nodes form a tree): True when it is no deeper than
    MAX_DEPTH and holds no more than MAX_EXPANDED_NODES nodes, so _expanded_size would find
    nothing to refuse. Counted level by level, without a call per node."""
    level = [node]
    count = 0
    depth = 0
    while level:
        if depth > MAX_DEPTH:
            return False
        count += len(level)
        if count > MAX_EXPANDED_NODES:
            return False
        below: list[yaml.Node] = []
        for n in level:
            if isinstance(n, yaml.MappingNode):
                below.extend(itertools.chain.from_iterable(n.value))
            elif isinstance(n, yaml.SequenceNode):
                below.extend(n.value)
        level = below
        depth += 1
    return True


class _Refused(Exception):
    def __init__(self, mark: Mark, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


def _friendly(problem: str, text: str, line: int, col: int) -> str | None:
    """Plain English for the YAML mistakes officers actually make."""
    lines = text.split("\n")
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in here[: max(col, 1)] or "tab" in problem:
        return "a tab character is used for indentation: use spaces instead"
    if "mapping values are not allowed" in problem:
        return "a value contains ': ': put the whole value in quotes"
    if "undefined alias" in problem:
        return "an alias (*name) refers to no anchor"
    if "expected a single document" in problem or "but found another document" in problem:
        return "the file holds more than one YAML document ('---'): keep one"
    if "could not find expected ':'" in problem:
        return "a line is missing its ':' (or a quoted value is not closed)"
    return None


@dataclass(frozen=True)
class Loaded:
    path: Path
    display: str
    data: Any
    text: str


def display_path(path: Path) -> str:
    """The path as the officer sees it: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def decode(raw: bytes, shown: str, diags: Diagnostics) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        diags.error(shown, line, col, "the file is not UTF-8 text",
                    "save it as UTF-8 (in most editors: Save As, then choose the UTF-8 encoding)")
        return None
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        diags.error(shown, line, 1, "the file contains binary data (a NUL byte)",
                    "replace it with the YAML text file it should be")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_text(text: str, shown: str, diags: Diagnostics) -> Any:
    """Parse one YAML document; problems go to diags and None is returned."""
    loader = _Loader(text)
    loader.problems = []
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        # Without both an anchor and an alias the nodes form a tree, which a quick count can
        # clear; when it cannot, _expanded_size finds and reports the problem as always.
        if _may_have_aliases(text) or not _within_limits(node):
            _expanded_size(node)
        data = loader.construct_document(node)
    except _Refused as exc:
        diags.error(shown, exc.mark[0], exc.mark[1], exc.message, exc.hint)
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (exc.problem or str(exc)).strip()
        friendly = _friendly(str(exc), text, line, col)
        message = friendly or f"the file is not valid YAML: {problem}"
        if exc.context and not friendly:
            message += f" ({exc.context})"
        diags.error(shown, line, col, message,
                    "" if friendly else "compare this line with the one above it: indentation, quotes and ':'")
        return None
    except yaml.YAMLError as exc:
        diags.error(shown, 1, 1, f"the file is not valid YAML: {exc}")
        return None
    except RecursionError:
        diags.error(shown, 1, 1, "the file is nested too deeply to read", "flatten the structure")
        return None
    finally:
        loader.dispose()
    for (line, col), message, hint in loader.problems:
        diags.error(shown, line, col, message, hint)
    return data


def load_file(path: Path, shown: str, diags: Diagnostics) -> Loaded | None:
    try:
        if path.is_symlink():
            diags.error(shown, 1, 1, "the file is a symbolic link", "replace it with the file itself")
            return None
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # A FIFO or a device would block the build forever (or never end) when read.
            diags.error(shown, 1, 1, "this is not a regular file (a pipe, a device or a folder)",
                        "replace it with the YAML text file it should be")
            return None
        size = info.st_size
        if size > MAX_FILE_BYTES:
            diags.error(shown, 1, 1, f"the file is too large ({size // 1024 // 1024} MB; the limit is "
                        f"{MAX_FILE_BYTES // 1024 // 1024} MB)", "split it, or remove pasted material")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        diags.error(shown, 1, 1, f"the file cannot be read: {exc.strerror}")
        return None
    text = decode(raw, shown, diags)
    if text is None:
        return None
    before = len(diags.items)
    data = parse_text(text, shown, diags)
    if data is None and len(diags.items) > before:
        return None       # the parse problem is reported; "the file is empty" would mislead
    check_text(text, data, shown, diags)
    return Loaded(path, shown, data, text)
