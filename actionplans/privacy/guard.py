"""Stage 8: the output guard. Every byte about to be published — HTML text and attributes,
JSON, CSV, XML, the search index, file and folder names — is scanned for every declared name
and every personal-data pattern. Any hit fails the build before anything is written."""

from __future__ import annotations

import bisect
import functools
import gzip
import hashlib
import importlib.resources
import html
import re
from dataclasses import dataclass

from ..core.model import Content
from .names import DeclaredName as NameDecl
from .names import Replacer
from ..core.parallel import WorkerFailed, map_in_order
from .patterns import FAST_MIN_CHARS
from .scan import TextBytes, find_patterns, matches_at
from .redact import RedactionLog, _allow_pattern, _mask

TEXT_SUFFIXES = (".html", ".htm", ".json", ".csv", ".xml", ".txt", ".js", ".css", ".svg", "_headers",
                 "_redirects", ".webmanifest", ".pf_meta", ".pf_fragment", ".pf_index", ".pf_filter", ".pagefind")
# Links are the one place a file name (report.pdf) or long number may legitimately appear.
_URLS = re.compile(r"""(?:href|src|action|content|srcset)\s*=\s*("[^"]*"|'[^']*')|https?://[^\s"'<>)]+""", re.I)
_TAGS = re.compile(r"<[^>]*>")
# A site this big is checked by worker processes (one per core), file by file.
PARALLEL_BYTES = 20_000_000
PARALLEL_FILES = 300


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


class _Lines:
    """_line_col for many offsets in one text (a page can have thousands of findings): after
    the first, where each line starts is listed once and looked up."""

    def __init__(self, text: str):
        self.text = text
        self._starts: list[int] | None = None
        self._lines: list[str] | None = None

    def line_col(self, offset: int) -> tuple[int, int]:
        if self._starts is None:
            self._starts = []       # the next offset will use it
            return _line_col(self.text, offset)
        if not self._starts:
            self._starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def line(self, number: int) -> str:
        """``text.split("\n")[number - 1]``, or "" past the last line."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines[number - 1] if number <= len(self._lines) else ""


# The attributes whose values a reader meets (a link's address is checked as a link, not text).
_WORD_ATTRS = re.compile(r"""\s(?:title|alt|aria-label|content|placeholder|value|label|summary)\s*=\s*(?:"([^"]*)"|'([^']*)')""",
                         re.I)
_SCRIPT_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1>", re.S | re.I)


def _keep_lines(m: re.Match[str]) -> str:
    return " " + "\n" * m.group(0).count("\n")


def _pattern_text(name: str, text: str) -> str:
    """Visible words, then the words in attributes, with links and markup left out. Line breaks
    are kept, so a finding in the text keeps its line; attribute words follow the last line."""
    if name.endswith((".html", ".htm", ".xml", ".svg")):
        text = _SCRIPT_STYLE.sub(_keep_lines, text)
        attributes = _attribute_matches(_WORD_ATTRS, _WORD_ATTR_NAMES, text)
        words = "\n".join(m.group(1) or m.group(2) or "" for m in attributes)
        text = _TAGS.sub(" ", text) + "\n" + words   # tags hold no line breaks in our pages
    matches = _attribute_matches(_URLS, _URL_ATTR_NAMES, text, links=True)
    if not matches:
        return text
    out = []
    last = 0
    for m in matches:
        out.append(text[last:m.start()])
        out.append(_keep_lines(m))
        last = m.end()
    out.append(text[last:])
    return "".join(out)


# The attribute names _WORD_ATTRS and _URLS look for. Each of their matches is one of these
# names, spaces, "=" (a match of _WORD_ATTRS has a space before the name), or for _URLS also
# "http://" or "https://".
_WORD_ATTR_NAMES = ("title", "alt", "aria-label", "content", "placeholder", "value", "label", "summary")
_URL_ATTR_NAMES = ("href", "src", "action", "content", "srcset")


def _reversed_names(names: tuple[str, ...]) -> re.Pattern[bytes]:
    """In the reversed lowered bytes: "=", then what may be white space (ASCII white space, or
    any byte of a non-ASCII character), then one of the names backwards. Reversed, the search
    starts with a plain "=", which the engine skips to at C speed."""
    backwards = "|".join(re.escape(n[::-1]) for n in sorted(names, key=len, reverse=True))
    return re.compile(b"=[\t\n\x0b\x0c\r\x1c-\x1f \x80-\xff]*(?=(?:" + backwards.encode("ascii") + b"))")


_REVERSED = {names: _reversed_names(names) for names in (_WORD_ATTR_NAMES, _URL_ATTR_NAMES)}


def _attribute_matches(pattern: re.Pattern[str], names: tuple[str, ...], text: str,
                       links: bool = False) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))`` for _WORD_ATTRS or _URLS. In a long text the places a
    match can start are found in the text's bytes first (C speed), and the pattern is tried only
    there; the search is case-blind, as the patterns are."""
    tb = TextBytes.of(text) if len(text) >= FAST_MIN_CHARS else None
    if tb is None or not tb.case_plain:
        return list(pattern.finditer(text))
    low = tb.lower
    n = len(low)
    found = []
    encoded = [(name.encode("ascii"), len(name)) for name in names]
    for m in _REVERSED[names].finditer(low[::-1]):
        end = n - m.end()       # where the name ends
        for name, size in encoded:
            if low[end - size : end] == name:
                found.append(end - size)
    if links:
        for at in tb.find_all(b"://"):
            for scheme in (b"https", b"http"):
                if low[at - len(scheme) : at] == scheme:
                    found.append(at - len(scheme))
    starts = tb.offsets(found)
    if pattern is _WORD_ATTRS:
        starts = [s - 1 for s in starts if s > 0]   # the white space before the name
    return matches_at(pattern, text, starts)


def _masked(text: str, allow: list[str]) -> str:
    """``_mask(text, allow)[0]``: allowed phrases behind placeholders. In a long text, where an
    allowed phrase can start is found in the lowered bytes first."""
    pattern = _allow_pattern(tuple(allow))
    if pattern is None or len(text) < FAST_MIN_CHARS:
        return _mask(text, allow)[0]
    needles = {p.encode("utf-8", "surrogatepass").lower() for p in allow}
    # a phrase's characters must be ASCII or have no case, for the bytes to find every match
    if b"" in needles or not all(c.isascii() or c.lower() == c == c.upper() for p in allow for c in p):
        return _mask(text, allow)[0]
    tb = TextBytes.of(text)
    if not tb.case_plain:
        return _mask(text, allow)[0]
    found = sorted({at for needle in needles for at in tb.find_all(needle, lowered=True)})
    if not found:
        return text
    byte_at = dict(zip(tb.offsets(found), found))
    out: list[str] = []
    out_b: list[bytes] = []     # the masked text's bytes, and lowered, made alongside
    out_low: list[bytes] = []
    last = last_b = 0
    for i, m in enumerate(matches_at(pattern, text, list(byte_at))):
        token = f"\uE000{i}\uE001"
        start_b = byte_at[m.start()]
        out.append(text[last:m.start()])
        out.append(token)
        out_b += (tb.b[last_b:start_b], token.encode("utf-8"))
        out_low += (tb.lower[last_b:start_b], token.encode("utf-8"))
        last = m.end()
        last_b = start_b + len(m.group(0).encode("utf-8", "surrogatepass"))
    out.append(text[last:])
    out_b.append(tb.b[last_b:])
    out_low.append(tb.lower[last_b:])
    masked = "".join(out)
    # Its non-ASCII characters: the text's and the placeholders' (perhaps one more than it has,
    # an uncased one that was only in a phrase: every use of the list allows that).
    TextBytes.made(masked, b"".join(out_b), b"".join(out_low), tb.non_ascii | {"\uE000", "\uE001"})
    return masked


def _json_strings(text: str) -> str:
    """Every key and string value of a JSON file, one per line, as a reader would see them."""
    import json
    start = text.find("{")
    try:
        data = json.loads(text[start:] if start > 0 else text)
    except ValueError:
        return text
    out: list[str] = []
    append = out.append

    def walk(value: object) -> None:    # depth first, each key before its value
        kind = type(value)
        if kind is dict:
            for k, v in value.items():  # type: ignore[attr-defined]
                append(k)               # a JSON key is a string
                if type(v) is str:
                    append(v)
                else:
                    walk(v)
        elif kind is list:
            for v in value:             # type: ignore[attr-defined]
                if type(v) is str:
                    append(v)
                else:
                    walk(v)
        elif kind is str:
            append(value)               # type: ignore[arg-type]
        elif value is not None:
            append(str(value))
    walk(data)
    return "\n".join(out)


@functools.lru_cache(maxsize=2)
def _replacer(declared: tuple[tuple[str, str], ...]) -> Replacer:
    """One Replacer for the build's two calls (pages, then the search index): made once."""
    return Replacer([NameDecl(name, refer_to_as) for name, refer_to_as in declared])


def guard_output(files: dict[str, bytes], content: Content, log: RedactionLog | None,
                 output_label: str = "output") -> list[GuardProblem]:
    log = log or RedactionLog()
    replacer = _replacer(tuple((n.name, n.refer_to_as) for n in log.declared))
    names = sorted(files)

    def one(name: str) -> list[GuardProblem]:
        return _guard_file(name, files[name], replacer, log, output_label)

    text_files = [n for n in names if n.endswith(TEXT_SUFFIXES)]
    big = len(text_files) > PARALLEL_FILES or sum(len(files[n]) for n in text_files) > PARALLEL_BYTES
    try:
        found = map_in_order(one, names, weight=int(big), threshold=1)
    except WorkerFailed:
        found = [one(name) for name in names]     # raises the real error, with its traceback
    return [problem for problems in found for problem in problems]


@functools.cache
def _engine_hashes() -> frozenset[str]:
    """The SHA-256 of each of Pagefind's own engine files in the pinned release (a data file)."""
    text = importlib.resources.files("actionplans").joinpath("data", "pagefind-engine.sha256").read_text("utf-8")
    return frozenset(line.split()[0] for line in text.splitlines() if line.strip() and not line.startswith("#"))


def is_search_engine(name: str, data: bytes) -> bool:
    """Pagefind's engine (its scripts and WebAssembly), byte for byte the pinned release: code,
    not content, in which almost any pair of letters occurs. Its index and fragments are not this."""
    return (name.startswith("pagefind/") and name.endswith((".js", ".pagefind"))
            and hashlib.sha256(data).hexdigest() in _engine_hashes())


def guard_view(name: str, data: bytes) -> str:
    """The text the guard scans for a file: Pagefind's gzip undone, a JSON file's keys and
    strings one per line, HTML and XML unescaped."""
    if name.endswith((".pf_fragment", ".pf_meta", ".pf_index", ".pf_filter")) and data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)     # Pagefind gzips its index: scan what it will serve
    text = data.decode("utf-8", errors="replace")
    if name.endswith((".json", ".pf_fragment", ".pf_meta")):
        text = _json_strings(text)     # JSON escapes such as \t31st must not read as a postcode
    if name.endswith((".html", ".htm", ".xml", ".svg")):
        text = html.unescape(text)     # same offsets are not needed: lines are what officers use
    return text


def _initials_only(found: str) -> bool:
    """Initials, in capitals ("TR") or typed in lower case ("gh"): letters that spell part of an address."""
    letters = [c for c in found if c.isalpha()]
    plain = found.replace(".", "").replace(" ", "")
    return plain.isalpha() and (1 < len(letters) <= 4 and all(c.isupper() for c in letters) or len(plain) <= 3)


def _without_markup_names(name: str, text: str) -> str:
    """The generator's markup is no text: tag and attribute names and the values of attributes it
    alone writes (class, lang…) blanked, the same length, so that a declared "Li" or "Em" is
    looked for in what a reader meets, not in <li> or <em>. Every other attribute value is kept."""
    if not name.endswith((".html", ".htm", ".xml", ".svg")):
        return text
    return _MARKUP_NAMES.sub(_blank, _MARKUP_VALUES.sub(_blank_value, text))


_MARKUP_NAMES = re.compile(r"(?<=<)/?[A-Za-z][\w:.-]*|(?<=[\s\"'])[A-Za-z_:][\w:.-]*(?=\s*=\s*[\"'])")
_MARKUP_VALUES = re.compile(r"(\s(?:class|lang|hreflang|rel|type|datetime|role|charset|media|sizes|crossorigin|loading|"
                            r"decoding|method|autocomplete|inputmode|xmlns(?::\w+)?|version|encoding)\s*=\s*\")([^\"]*)(\")")


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group(0))


def _blank_value(m: re.Match[str]) -> str:
    return m.group(1) + " " * len(m.group(2)) + m.group(3)


def scan_views(views: list[tuple[str, str]], log: RedactionLog | None) -> list[list[GuardProblem]]:
    """The guard's findings in each (file name, guard_view text): part of a file, scanned as
    the whole file's text would be (no file-name check)."""
    log = log or RedactionLog()
    replacer = _replacer(tuple((n.name, n.refer_to_as) for n in log.declared))
    return [_scan_view(name, f"output/{name}", text, replacer, log) for name, text in views]


def _guard_file(name: str, data: bytes, replacer: Replacer, log: RedactionLog, output_label: str) -> list[GuardProblem]:
    problems: list[GuardProblem] = []
    shown = f"{output_label}/{name}"
    masked_name, _ = _mask(re.sub(r"[/_.\-]+", " ", name), log.allow)
    for start, end, found in replacer.find(masked_name):
        problems.append(GuardProblem(shown, 1, 1, f"the file name contains the declared name '{found}'",
                                     "ids and file names are published as they are: rename"))
    if not name.endswith(TEXT_SUFFIXES) or is_search_engine(name, data):
        return problems
    return problems + _scan_view(name, shown, guard_view(name, data), replacer, log)


def _scan_view(name: str, shown: str, text: str, replacer: Replacer, log: RedactionLog) -> list[GuardProblem]:
    problems: list[GuardProblem] = []
    masked = _masked(text, log.allow)
    masked_lines = _Lines(masked)
    # the theme's style sheets and scripts are the generator's own text ("li", "em"), never content
    theme_code = name.endswith(".css") or (name.startswith("static/") and name.endswith(".js"))
    names_in = "" if theme_code else _without_markup_names(name, masked)
    links = None
    for start, end, found in replacer.find(names_in):
        if _initials_only(found):
            # initials inside a web address ("https://www.w3.org/TR/WCAG22/") are a path, not a
            # person: an address is checked for names in full ("/agencies/susans-house/")
            if links is None:
                links = [m.span() for m in _attribute_matches(_URLS, _URL_ATTR_NAMES, names_in, links=True)]
            if any(a <= start and end <= b for a, b in links):
                continue
        line, col = masked_lines.line_col(start)
        problems.append(GuardProblem(shown, line, col, f"a declared name would be published: '{found}'",
                                     "declare every spelling in people/names; the build published nothing"))
    # The word index, filter lists and search engine are binary: their personal details
    # would be in the page text, which the fragments hold and the patterns scan.
    if log.patterns and not name.endswith((".css", ".js", ".pf_index", ".pf_filter", ".pagefind")):
        scan = _pattern_text(name, masked)
        scan_lines = _Lines(scan)
        for f in find_patterns(scan, enabled=log.patterns, allowed_phones=log.allowed_phones):
            if f.severity != "error":
                continue
            line, _ = scan_lines.line_col(f.start)
            original = masked_lines.line(line)
            col = original.find(f.text) + 1 if f.text in original else 1
            problems.append(GuardProblem(shown, line, col, f"{f.message} would be published [{f.rule}]", f.hint))
    return problems
