"""Property-based robustness: whatever an officer (or an attacker) puts in a content file, the
generator answers with a clean build or with diagnostics that point at a line — never a traceback.

Examples per property: ROBUST_EXAMPLES for the loader, which is cheap (100 in a plain run, 3,000
under `-m slow` or ROBUST_FULL=1), and ROBUST_SITE_EXAMPLES for those that check a whole site
each time, about 50 ms each (40; 1,000). A failure prints the example to replay."""

from __future__ import annotations

import copy
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import THEMES, VALID, robust_size
from actionplans.build import build, prepare
from actionplans.core.diagnostics import Diagnostics
from actionplans.content.load import load_file, parse_text

pytestmark = pytest.mark.slow
EXAMPLES = robust_size("ROBUST_EXAMPLES", 100, 3000)
SITE_EXAMPLES = robust_size("ROBUST_SITE_EXAMPLES", 40, 1000)
# No example database: the repository stays clean, and a failure prints the blob to replay it.
_COMMON = dict(deadline=None, database=None, print_blob=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
SETTINGS = settings(max_examples=EXAMPLES, **_COMMON)
SITE_SETTINGS = settings(max_examples=SITE_EXAMPLES, **_COMMON)

REVIEW = "north-dhr-001"
VALID_REVIEW = yaml.safe_load((VALID / "reviews" / f"{REVIEW}.yaml").read_text(encoding="utf-8"))
CONTENT_FILES = ["site.yaml", "agencies.yaml", "topics.yaml", "glossary.yaml", "redaction.yaml",
                 f"reviews/{REVIEW}.yaml"]

# --- strategies -------------------------------------------------------------------------------

# Characters that mean something to YAML, Markdown, HTML or Jinja, and some that break naive code.
SPECIAL = list(":-[]{}&*!|>'\"#%@`,?\n\t \\<>/=()~$^") + ["\r", "\x85", "\u2028", "\ufeff", "é", "😀",
                                                         "\u202e", "\x7f", "\x0b"]
yaml_text = st.text(alphabet=st.one_of(st.sampled_from(SPECIAL), st.characters(codec="utf-8",
                                                                              exclude_categories=("Cs",))),
                    max_size=300)

# Strings that sit near the edges of what the format accepts: dates, statuses, ids, urls, numbers.
tricky_strings = st.sampled_from([
    "", " ", "\n", "~", "null", "yes", "no", "on", "0", "-1", "1e309", ".nan", "2020-06-31", "2020-02-29",
    "2021-02-29", "2020-13", "2020-00", "0000", "9999-12-31", "31/03/2023", "31.6.2020", "End of June 2023",
    "ongoing", "tbc", "ONGOING", "complete", "Complete", "not-achieved", "in progress", "north-police",
    "north-ccg", "../../x", "/etc/passwd", "C:\\x", "a b", "UPPER", "x" * 2000, "https://", "https://x",
    "https://a.b/c", "http://a.b", "javascript:alert(1)", "data:text/html,<script>x</script>",
    "{{ 7*7 }}", "{% include 'x' %}", "<script>alert(1)</script>", "Susan", "Daniel", "Karen Whitlock",
    "[x](javascript:alert(1))", "<img src=x onerror=alert(1)>", "\x00", "\ud7ff", "3.1", "1.0",
    # Numbers too long for Python to turn into text (more than 4,300 digits, or base 60).
    "9" * 5000, ":".join(["59"] * 3000), "0b" + "1" * 20000, "1e99999",
])
scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40), tricky_strings)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.text(max_size=12), tricky_strings,
                                                           st.sampled_from(["id", "text", "due", "lead"])),
                                                 inner, max_size=4)), max_leaves=12)


def _paths(node, prefix=()):
    """Every place in a document a mutation can touch."""
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


def _get_parent(doc, path):
    node = doc
    for step in path[:-1]:
        node = node[step]
    return node


@st.composite
def mutated_review(draw) -> dict:
    """The valid review with a few structural mutations: keys removed, renamed or added, values
    replaced by anything at all, list items duplicated or dropped."""
    doc = copy.deepcopy(VALID_REVIEW)
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(doc)][1:]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = _get_parent(doc, path)
        key = path[-1]
        kind = draw(st.sampled_from(["replace", "delete", "rename", "add", "duplicate", "empty"]))
        try:
            current = parent[key]
        except (KeyError, IndexError, TypeError):
            continue
        if kind == "replace":
            parent[key] = draw(values)
        elif kind == "delete":
            del parent[key]
        elif kind == "rename" and isinstance(parent, dict):
            parent[draw(st.one_of(st.text(max_size=12), tricky_strings))] = parent.pop(key)
        elif kind == "add" and isinstance(parent, dict):
            parent[draw(st.one_of(st.text(max_size=12), tricky_strings))] = draw(values)
        elif kind == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(current))
        elif kind == "empty":
            parent[key] = type(current)() if isinstance(current, (list, dict, str)) else None
    return doc


@st.composite
def mutated_text(draw) -> str:
    """The valid review's text with lines dropped, duplicated, re-indented or spliced."""
    lines = (VALID / "reviews" / f"{REVIEW}.yaml").read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["drop", "dup", "indent", "dedent", "insert", "splice", "value"]))
        if kind == "drop" and len(lines) > 1:
            del lines[i]
        elif kind == "dup":
            lines.insert(i, lines[i])
        elif kind == "indent":
            lines[i] = " " * draw(st.integers(1, 5)) + lines[i]
        elif kind == "dedent":
            lines[i] = lines[i].lstrip()
        elif kind == "insert":
            lines.insert(i, draw(yaml_text))
        elif kind == "splice":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.one_of(yaml_text, tricky_strings)) + lines[i][at:]
        elif kind == "value":
            # The value after 'key: ' replaced by a raw token, unquoted, as an officer might type it.
            m = re.match(r"^(\s*(?:- )?[\w]+:\s)", lines[i])
            if m:
                lines[i] = m.group(1) + draw(tricky_strings)
    return "\n".join(lines)


# --- the property -----------------------------------------------------------------------------

class Site:
    """One copy of the valid site, rewritten in place by each example (hypothesis cannot use a
    function-scoped tmp_path, and copying a site per example would dominate the run time)."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        shutil.copytree(VALID, self.content)
        self.originals = {name: (self.content / name).read_bytes() for name in CONTENT_FILES}
        self.changed: str | None = None

    def put(self, name: str, data: bytes) -> None:
        """Restore the file the previous example changed, then change this one."""
        if self.changed and self.changed != name:
            (self.content / self.changed).write_bytes(self.originals[self.changed])
        (self.content / name).write_bytes(data)
        self.changed = name


@pytest.fixture(scope="module")
def scratch():
    with tempfile.TemporaryDirectory() as tmp:
        yield Site(Path(tmp))


# A full build costs about half a second (the output guard scans every page), so each property
# renders at most BUILDS of its clean examples; every example still goes through prepare().
BUILDS = robust_size("ROBUST_BUILDS", 4, 40)
stats: dict[str, dict[str, int]] = {}


def assert_clean_or_located(site: Site, name: str) -> None:
    """The property itself: no exception escapes, and a failure is explained at a line."""
    counts = stats.setdefault(name, {"examples": 0, "clean": 0, "built": 0})
    counts["examples"] += 1
    result = prepare(site.content)
    diags = result.diagnostics
    for d in diags.items:
        assert d.path and d.line >= 1 and d.col >= 1, d
        assert d.message.strip(), d
        assert "Traceback" not in d.message and "Error(" not in d.message, d
    if diags.errors:
        assert result.content is None or result.failed()
        return
    counts["clean"] += 1
    if counts["clean"] > BUILDS and name != "harness":
        return
    built = build(site.content, site.root / "output", themes_dir=THEMES, write=False)
    for d in built.diagnostics.items:
        assert d.path and d.line >= 1, d
        # The default theme must render any valid content: a template error here is a bug.
        assert not d.message.startswith("the template failed"), d
    if not built.diagnostics.errors:
        counts["built"] += 1
        assert built.files and "index.html" in built.files


def dump(doc) -> bytes:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(doc, Dumper=dumper, allow_unicode=True, sort_keys=False).encode("utf-8", "surrogatepass")


@SETTINGS
@given(text=yaml_text)
def test_any_text_parses_or_is_located(text):
    diags = Diagnostics()
    parse_text(text, "f.yaml", diags)
    assert all(d.line >= 1 and d.col >= 1 and d.message for d in diags.items)


@SITE_SETTINGS
@given(name=st.sampled_from(CONTENT_FILES), doc=values)
def test_any_yaml_document_in_any_file(scratch, name, doc):
    scratch.put(name, dump(doc))
    assert_clean_or_located(scratch, "any document")


@SITE_SETTINGS
@given(doc=mutated_review())
def test_mutated_reviews(scratch, doc):
    scratch.put(f"reviews/{REVIEW}.yaml", dump(doc))
    assert_clean_or_located(scratch, "mutated review")


@SITE_SETTINGS
@given(text=mutated_text())
def test_mutated_review_text(scratch, text):
    scratch.put(f"reviews/{REVIEW}.yaml", text.encode("utf-8", "surrogatepass"))
    assert_clean_or_located(scratch, "mutated text")


KEY_LINES = [i for i, line in enumerate((VALID / "reviews" / f"{REVIEW}.yaml").read_text(encoding="utf-8")
                                       .split("\n")) if re.match(r"^\s*(?:- )?\w+:\s", line)]


@SITE_SETTINGS
@given(i=st.sampled_from(KEY_LINES), token=st.one_of(tricky_strings, yaml_text))
def test_any_raw_value_for_any_key(scratch, i, token):
    """One value typed raw (unquoted), as an officer would: whatever YAML makes of it."""
    lines = (VALID / "reviews" / f"{REVIEW}.yaml").read_text(encoding="utf-8").split("\n")
    lines[i] = re.match(r"^(\s*(?:- )?\w+:\s)", lines[i]).group(1) + token
    scratch.put(f"reviews/{REVIEW}.yaml", "\n".join(lines).encode("utf-8", "surrogatepass"))
    assert_clean_or_located(scratch, "raw value")


@SETTINGS
@given(raw=st.one_of(st.binary(max_size=400), yaml_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
                     st.tuples(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]),
                               st.binary(max_size=200)).map(b"".join)))
def test_any_bytes_load_or_are_located(scratch, raw):
    """Any bytes at all, read from a file: BOMs, invalid UTF-8, NULs, control characters."""
    path = scratch.root / "bytes.yaml"
    path.write_bytes(raw)
    diags = Diagnostics()
    load_file(path, "bytes.yaml", diags)
    assert all(d.line >= 1 and d.col >= 1 and d.message for d in diags.items)


@SITE_SETTINGS
@given(name=st.sampled_from(CONTENT_FILES), raw=st.binary(max_size=400))
def test_any_bytes_in_any_file(scratch, name, raw):
    scratch.put(name, raw)
    assert_clean_or_located(scratch, "any bytes")


def test_the_harness_reaches_rendering(scratch):
    """Guards the guard: an unmutated review must come out as a clean, rendered build, or the
    properties above would silently exercise only the loader."""
    scratch.put(f"reviews/{REVIEW}.yaml", dump(VALID_REVIEW))
    assert_clean_or_located(scratch, "harness")
    assert stats["harness"]["built"] == 1


@pytest.fixture(scope="module", autouse=True)
def report_counts():
    yield
    # Shown with -s: how many generated inputs each property tried and how many rendered.
    print(f"\nrobustness properties: {stats}")


# --- years, invisible characters and redaction entries (the second probe's kinds) --------------

DATE_LINES = [i for i, line in enumerate((VALID / "reviews" / f"{REVIEW}.yaml").read_text(encoding="utf-8")
                                         .split("\n")) if re.match(r"^\s*(?:- )?(?:due|done|completed|updated|published|date):\s", line)]
years = st.one_of(st.integers(0, 10000), st.sampled_from([0, 1, 1899, 1900, 2200, 2201, 9999]))
date_text = st.tuples(years, st.integers(-1, 13), st.integers(-1, 32), st.integers(1, 3)).map(
    lambda t: "-".join([f"{t[0]:04d}", f"{t[1]:02d}", f"{t[2]:02d}"][: t[3]]))


@SITE_SETTINGS
@given(i=st.sampled_from(DATE_LINES), value=date_text)
def test_any_year_in_any_date(scratch, i, value):
    lines = (VALID / "reviews" / f"{REVIEW}.yaml").read_text(encoding="utf-8").split("\n")
    lines[i] = re.match(r"^(\s*(?:- )?\w+:\s)", lines[i]).group(1) + value
    scratch.put(f"reviews/{REVIEW}.yaml", "\n".join(lines).encode())
    assert_clean_or_located(scratch, "any year")


@SITE_SETTINGS
@given(value=date_text)
def test_any_year_as_of(scratch, value):
    """--as-of is parsed before anything is read: an impossible one is a usage error (exit 2)."""
    from actionplans.commands.cli import main
    scratch.put(f"reviews/{REVIEW}.yaml", dump(VALID_REVIEW))
    code = main(["check", "--content", str(scratch.content), "--as-of", value])
    assert code in (0, 1, 2)
    if code == 2:       # the same answer from build (a clean value would cost a whole build)
        assert main(["build", "--content", str(scratch.content), "--output", str(scratch.root / "out"),
                     "--as-of", value]) == 2


INVISIBLE = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9b", "\r", "\ufffe", "\uffff",
             "\ufdd0", "\U0001fffe", "\u202a", "\u202e", "\u2066", "\u2069", "\u200e", "\ufeff", "\t", "\n", "a", " "]
invisible_text = st.text(alphabet=st.sampled_from(INVISIBLE), min_size=1, max_size=12)


@SITE_SETTINGS
@given(i=st.sampled_from(KEY_LINES), text=invisible_text)
def test_any_invisible_character_in_any_value(scratch, i, text):
    """Written as a double-quoted YAML escape, the way the probe put them in."""
    import json
    lines = (VALID / "reviews" / f"{REVIEW}.yaml").read_text(encoding="utf-8").split("\n")
    lines[i] = re.match(r"^(\s*(?:- )?\w+:\s)", lines[i]).group(1) + json.dumps("x" + text + "y")
    scratch.put(f"reviews/{REVIEW}.yaml", "\n".join(lines).encode())
    assert_clean_or_located(scratch, "invisible characters")


redaction_entry = st.one_of(values, st.dictionaries(st.sampled_from(["name", "refer_to_as", "text", "reason", "x"]),
                                                    st.one_of(scalars, st.lists(scalars, max_size=2)), max_size=3))


@SITE_SETTINGS
@given(names=st.lists(redaction_entry, max_size=3), allow=st.lists(redaction_entry, max_size=3))
def test_any_redaction_entries(scratch, names, allow):
    scratch.put("redaction.yaml", dump({"names": names, "allow": allow}))
    assert_clean_or_located(scratch, "redaction entries")
