"""Stage 8: the output guard. Every byte about to be published — HTML text and attributes,
JSON, CSV, XML, the search index, file and folder names — is scanned for every declared name
and every personal-data pattern. Any hit fails the build before anything is written."""

from __future__ import annotations

import gzip
import html
import re
from dataclasses import dataclass

from .model import Content
from .names import DeclaredName as NameDecl
from .names import Replacer
from .patterns import find_patterns
from .redact import RedactionLog, _mask

TEXT_SUFFIXES = (".html", ".htm", ".json", ".csv", ".xml", ".txt", ".js", ".css", ".svg", "_headers",
                 "_redirects", ".webmanifest", ".pf_meta", ".pf_fragment", ".pf_index", ".pf_filter", ".pagefind")
# Links are the one place a file name (report.pdf) or long number may legitimately appear.
_URLS = re.compile(r"""(?:href|src|action|content|srcset)\s*=\s*("[^"]*"|'[^']*')|https?://[^\s"'<>)]+""", re.I)
_TAGS = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class GuardProblem:
    path: str
    line: int
    col: int
    message: str
    hint: str


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# The attributes whose values a reader meets (a link's address is checked as a link, not text).
_WORD_ATTRS = re.compile(r"""\s(?:title|alt|aria-label|content|placeholder|value|label|summary)\s*=\s*(?:"([^"]*)"|'([^']*)')""",
                         re.I)
_SCRIPT_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1>", re.S | re.I)


def _pattern_text(name: str, text: str) -> str:
    """Visible words, then the words in attributes, with links and markup left out. Line breaks
    are kept, so a finding in the text keeps its line; attribute words follow the last line."""
    keep_lines = lambda m: " " + "\n" * m.group(0).count("\n")   # noqa: E731
    if name.endswith((".html", ".htm", ".xml", ".svg")):
        text = _SCRIPT_STYLE.sub(keep_lines, text)
        words = "\n".join(a or b for a, b in _WORD_ATTRS.findall(text))
        text = _TAGS.sub(" ", text) + "\n" + words   # tags hold no line breaks in our pages
    return _URLS.sub(keep_lines, text)


def _json_strings(text: str) -> str:
    """Every key and string value of a JSON file, one per line, as a reader would see them."""
    import json
    start = text.find("{")
    try:
        data = json.loads(text[start:] if start > 0 else text)
    except ValueError:
        return text
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                out.append(str(k))
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif value is not None:
            out.append(str(value))
    walk(data)
    return "\n".join(out)


def guard_output(files: dict[str, bytes], content: Content, log: RedactionLog | None,
                 output_label: str = "output") -> list[GuardProblem]:
    log = log or RedactionLog()
    replacer = Replacer([NameDecl(n.name, n.refer_to_as) for n in log.declared])
    problems: list[GuardProblem] = []
    for name in sorted(files):
        shown = f"{output_label}/{name}"
        masked_name, _ = _mask(re.sub(r"[/_.\-]+", " ", name), log.allow)
        for start, end, found in replacer.find(masked_name):
            problems.append(GuardProblem(shown, 1, 1, f"the file name contains the declared name '{found}'",
                                         "ids and file names are published as they are: rename"))
        if not name.endswith(TEXT_SUFFIXES):
            continue
        data = files[name]
        if name.endswith((".pf_fragment", ".pf_meta", ".pf_index", ".pf_filter")) and data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)     # Pagefind gzips its index: scan what it will serve
        text = data.decode("utf-8", errors="replace")
        if name.endswith((".json", ".pf_fragment", ".pf_meta")):
            text = _json_strings(text)     # JSON escapes such as \t31st must not read as a postcode
        if name.endswith((".html", ".htm", ".xml", ".svg")):
            text = html.unescape(text)     # same offsets are not needed: lines are what officers use
        masked, _ = _mask(text, log.allow)
        for start, end, found in replacer.find(masked):
            line, col = _line_col(masked, start)
            problems.append(GuardProblem(shown, line, col, f"a declared name would be published: '{found}'",
                                         "declare every spelling in people/names; the build published nothing"))
        # The word index, filter lists and search engine are binary: their personal details
        # would be in the page text, which the fragments hold and the patterns scan.
        if log.patterns and not name.endswith((".css", ".js", ".pf_index", ".pf_filter", ".pagefind")):
            scan = _pattern_text(name, masked)
            for f in find_patterns(scan, enabled=log.patterns, allowed_phones=log.allowed_phones):
                if f.severity != "error":
                    continue
                line, _ = _line_col(scan, f.start)
                original = masked.split("\n")[line - 1] if line <= masked.count("\n") + 1 else ""
                col = original.find(f.text) + 1 if f.text in original else 1
                problems.append(GuardProblem(shown, line, col, f"{f.message} would be published [{f.rule}]",
                                             f.hint))
    return problems
