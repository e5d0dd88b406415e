"""The output guard's quick ways through a long page find exactly what the plain ways find.

A page of 4096+ characters is searched in its UTF-8 bytes first (actionplans/privacy/scan.py
TextBytes), and large sites are checked in worker processes. Each test here runs the guard, or
the search it relies on, both ways and compares, on pages built to hide a name or a personal
detail where a shortcut could miss it."""

from __future__ import annotations

import multiprocessing
import os
import random
import re

import pytest

from actionplans.privacy import guard
from actionplans.privacy import names
from actionplans.privacy import patterns
from actionplans.privacy.guard import guard_output
from actionplans.core.model import DeclaredName
from actionplans.privacy.names import DeclaredName as NameDecl
from actionplans.privacy.names import Replacer
from actionplans.privacy.scan import find_patterns
from actionplans.privacy.redact import RedactionLog

FILLER = "<p class=\"ap-text\">The panel reviewed how agencies shared information about risk.</p>\n" * 60
PEOPLE = [DeclaredName("Karen Whitlock", "a council officer"), DeclaredName("Zoë", "the victim's sister"),
          DeclaredName("Åsa Berg", "the mother"), DeclaredName("Sam", "the brother"),
          DeclaredName("Child G", "the child")]


def log(declared=PEOPLE, allow=("Clare’s Law",)) -> RedactionLog:
    return RedactionLog(declared=list(declared), allow=list(allow), allowed_phones=["0808 2000 247"],
                        patterns=patterns.ALL_PATTERNS)


def plain(monkeypatch) -> None:
    """Every text takes the plain way, as it did before the quick ways existed."""
    big = 10 ** 12
    monkeypatch.setattr(patterns, "FAST_MIN_CHARS", big)
    monkeypatch.setattr(guard, "FAST_MIN_CHARS", big)
    monkeypatch.setattr(names.Replacer, "_FAST_MIN_CHARS", big)


def both_ways(monkeypatch, files: dict[str, bytes], redaction: RedactionLog) -> list:
    quick = guard_output(files, None, redaction)
    with monkeypatch.context() as m:
        plain(m)
        slow = guard_output(files, None, redaction)
    assert quick == slow
    return quick


def page(body: str) -> bytes:
    return f"<!doctype html><html><body>\n{FILLER}{body}\n{FILLER}</body></html>\n".encode()


HIDDEN = {
    "attribute": '<img alt="Karen Whitlock at the meeting" src="/a.png">',
    "title attribute": '<a href="/x/" title="Ask Zoë">more</a>',
    "split across a line": "<p>A message from Karen\nWhitlock was not passed on.</p>",
    "hyphenated at a line end": "<p>Ms Whit-\nlock said so.</p>",
    "hyphenated before a space and a line end": "<p>Karen Whit- \t\r\nlock said so.</p>",
    "possessive": "<p>Sam’s school noticed the change.</p>",
    "upper case": "<p>KAREN WHITLOCK</p>",
    "escaped": "<p>Zo&euml; and &#197;sa Berg</p>",
    "after a non-ASCII letter": "<p>ÅSA BERG visited.</p>",
    "Angstrom sign": "<p>\u212bsa Berg visited.</p>",
    "Kelvin sign": "<p>The \u212a nearby, then Karen Whitlock.</p>",
    "Kelvin sign in the name": "<p>\u212aaren Whitlock</p>",
    "capital sigma": "<p>ΣΟΦΙΑ and Karen Whitlock.</p>",
    "dotted capital I": "<p>İlker met Karen Whitlock.</p>",
    "soft hyphen": "<p>Whit\u00adlock</p>",
    "in a script": "<script>var who = 'Karen Whitlock';</script>",
}


def test_details_in_attributes_and_text_but_not_links_are_found_as_before(monkeypatch):
    body = ('<img alt="Call 07700 900123" src="/Minutes%202.docx"> <a href="https://x.org/Report V2.docx">the '
            'report</a> <span title=\'SO14 7LP\'>x</span> see Minutes 3.docx, https://y.org/a.pdf or '
            'HTTPS://maps.example.org/?q=SO147LP or '
            '<meta content="AB 12 34 56 C"> <a   HREF = "mailto:x@y.org">write</a> <b tıtle="CR2 6XH">'
            '(a dotless i: title, case-blind)</b>')
    problems = both_ways(monkeypatch, {"index.html": page(body)}, log())
    assert sorted(re.search(r"\[(.*)\]", p.message).group(1) for p in problems) == [
        "file-name", "ni-number", "phone", "postcode", "postcode"]


@pytest.mark.parametrize("where", sorted(HIDDEN))
def test_a_name_hidden_in_a_long_page_is_found_as_before(monkeypatch, where):
    problems = both_ways(monkeypatch, {"review/index.html": page(HIDDEN[where])}, log())
    assert any("declared name" in p.message for p in problems), where


def test_where_a_hidden_name_is_reported(monkeypatch):
    problems = both_ways(monkeypatch, {"review/index.html": page(HIDDEN["attribute"] + HIDDEN["split across a line"])},
                         log())
    line = FILLER.count("\n") + 2
    assert [(p.line, p.col, p.message) for p in problems] == [
        (line, 11, "a declared name would be published: 'Karen Whitlock'"),
        (line, 73, "a declared name would be published: 'Karen\nWhitlock'")]


def test_an_allowed_phrase_still_hides_what_is_inside_it(monkeypatch):
    redaction = log(declared=[DeclaredName("Clare", "the victim")], allow=["Clare’s Law", "CLARE'S LAW"])
    quiet = both_ways(monkeypatch, {"index.html": page("<p>Under Clare’s Law and clare's law.</p>")}, redaction)
    assert quiet == []
    loud = both_ways(monkeypatch, {"index.html": page("<p>Clare’s Law. Clare went home.</p>")}, redaction)
    assert [p.message for p in loud] == ["a declared name would be published: 'Clare'"]


def test_json_csv_and_xml_strings_are_searched_as_before(monkeypatch):
    rows = "".join(f'{{"id": "r{i}", "text": "Action {i} was completed in 2021."}},' for i in range(80))
    files = {
        "data/reviews.json": f'{{"reviews": [{rows} {{"text": "Karen\\nWhitlock called 0808 2000 247"}}]}}'.encode(),
        "data/actions.csv": ("id,text\n" + "a,plain words\n" * 400
                             + "b,Email sam@example.org from SO14 7LP\n").encode(),
        "feed.xml": ("<feed>" + "<entry><title>Update</title></entry>" * 200
                     + "<entry><summary>NHS number 943 476 5919, NI AB 12 34 56 C</summary></entry></feed>").encode(),
    }
    problems = both_ways(monkeypatch, files, log())
    rules = {re.search(r"\[(.*)\]", p.message).group(1) for p in problems if "[" in p.message}
    assert {"email", "postcode", "nhs-number", "ni-number"} <= rules
    assert any(p.path == "output/data/reviews.json" and "declared name" in p.message for p in problems)


def test_patterns_in_a_long_text_match_the_plain_search(monkeypatch):
    pieces = ["SO14 7LP", "so14 7lp", "GIR 0AA", "SO14\u00a07LP", "d14th", "31st", "AB 12 34 56 C", "943 476 5919",
              "9434765919", "SI 2020/2680", "Ref: 12345/19", "crime reference: AB123456", "urnhs 1234567",
              "URN 1234567",
              "FW 20192680", "x@y.org", "a.b@c.co.uk", "0808 2000 247", "+44 7700 900 123", "Report V2.docx",
              "https://example.org/a.pdf", "\u0661\u0662\u0663", "\u212a", "ſ", "İ", "’", "—", "\n", "\t"]
    rng = random.Random(7)
    for _ in range(40):
        text = " ".join(rng.choice(pieces) for _ in range(rng.choice([20, 400, 1500])))
        quick = find_patterns(text, allowed_phones=["0808 2000 247"])
        with monkeypatch.context() as m:
            plain(m)
            assert find_patterns(text, allowed_phones=["0808 2000 247"]) == quick


def test_declared_names_in_a_long_text_match_the_plain_search(monkeypatch):
    replacer = Replacer([NameDecl(p.name, p.refer_to_as) for p in PEOPLE] + [NameDecl("Ørjan", "the uncle")])
    pieces = ["Karen", "Whitlock", "karen whitlock", "K. Whitlock", "Zoë", "ZOË", "zoe", "Åsa", "\u212bsa", "ÅSA",
              "Ørjan", "øRJAN", "Sam", "sam", "Samuel", "sam_x", "Child G", "child", "children", "’s", "-\n", "\u00ad",
              "\u212a",
              "Σ", "<a title=\"", "\">", "&", "é"]
    rng = random.Random(11)
    for _ in range(60):
        text = " ".join(rng.choice(pieces) for _ in range(rng.choice([30, 900, 2000])))
        quick = replacer.find(text)
        with monkeypatch.context() as m:
            plain(m)
            assert replacer.find(text) == quick


def test_case_blind_shortcuts_know_every_odd_letter():
    """The byte searches assume that only İ ı ſ K match an ASCII letter case-blind besides its own
    two cases, that only İ lowers to more than one character, that only K lowers to ASCII, and
    that lowering never makes a word character of another character or the reverse."""
    letter = re.compile("(?i)[a-z]")
    odd, longer, to_ascii, word_changes = set(), set(), set(), set()
    for cp in range(0x80, 0x110000):
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        if letter.fullmatch(c):
            odd.add(c)
        low = c.lower()
        if len(low) != 1:
            longer.add(c)
        elif low.isascii():
            to_ascii.add(c)
        elif (c.isalnum() or c == "_") != (low.isalnum() or low == "_"):
            word_changes.add(c)
    assert odd == set(patterns.CASE_ODD)
    assert longer == {"\u0130"} and to_ascii == {"\u212a"} and not word_changes


def test_a_large_site_is_checked_in_workers_with_the_same_result(monkeypatch):
    monkeypatch.setenv("ACTIONPLANS_WORKERS", "2")
    files = {f"reviews/r{i:03}/index.html": page("<p>Nothing to see.</p>") for i in range(60)}
    files["reviews/r017/index.html"] = page(HIDDEN["attribute"])
    files["reviews/r042/index.html"] = page("<p>Call 07700 900123.</p>")
    files["sam-notes.txt"] = b"plain"
    serial = guard_output(files, None, log())
    monkeypatch.setattr(guard, "PARALLEL_FILES", 10)
    for _ in range(2):      # again in the same process: a new pool each time
        assert guard_output(files, None, log()) == serial
        assert multiprocessing.active_children() == []
    assert [p.path for p in serial] == ["output/reviews/r017/index.html", "output/reviews/r042/index.html",
                                        "output/sam-notes.txt"]


def test_workers_do_not_hold_the_parents_pipes_open(monkeypatch):
    """The build runs Pagefind meanwhile, which stops only when its input pipe closes: a worker
    holding a copy of that pipe would keep it running until the guard ends."""
    monkeypatch.setenv("ACTIONPLANS_WORKERS", "2")
    monkeypatch.setattr(guard, "PARALLEL_FILES", 10)
    read, write = os.pipe()
    real = guard._guard_file

    def spy(name, *args):
        try:
            os.fstat(write)
            still_open = 1
        except OSError:
            still_open = 0
        return real(name, *args) + [guard.GuardProblem(name, os.getpid(), still_open, "spy", "")]

    monkeypatch.setattr(guard, "_guard_file", spy)
    try:
        problems = guard_output({f"r{i:03}.html": page("") for i in range(40)}, None, log())
        spies = [p for p in problems if p.message == "spy"]
    finally:
        os.close(read)
        os.close(write)
    in_workers = [p for p in spies if p.line != os.getpid()]
    assert len(spies) == 40 and in_workers and not any(p.col for p in in_workers)


def test_line_and_column_of_many_findings_are_as_one_at_a_time():
    rng = random.Random(3)
    for _ in range(200):
        text = "".join(rng.choice(["a", "\n", "bc", "\n\n", "é"]) for _ in range(rng.randrange(0, 60)))
        lines = guard._Lines(text)
        offsets = [rng.randrange(len(text) + 1) for _ in range(rng.randrange(1, 10))]
        assert [lines.line_col(o) for o in offsets] == [guard._line_col(text, o) for o in offsets]
        assert [lines.line(n) for n in range(1, 8)] == [
            text.split("\n")[n - 1] if n <= text.count("\n") + 1 else "" for n in range(1, 8)]


def test_a_page_with_thousands_of_findings_is_reported_in_full(monkeypatch):
    rows = "\n".join(f"row {i}, SO14 7LP, Sam" for i in range(3000))
    problems = both_ways(monkeypatch, {"data/rows.csv": rows.encode()}, log())
    assert len(problems) == 6000
    assert problems[-1].line == 3000 and problems[-2].col == len("row 2999, ") + 1
