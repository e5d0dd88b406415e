from actionplans.core.diagnostics import Diagnostics
from actionplans.content.load import MAX_FILE_BYTES, load_file, parse_text


def parse(text):
    d = Diagnostics()
    return parse_text(text, "f.yaml", d), [x.format() for x in d.sorted()]


def test_marks_are_kept():
    data, problems = parse("a: 1\nb:\n  - x\n  - y\n")
    assert problems == []
    assert data.key_marks["b"] == (2, 1)
    assert data["b"].item_marks == [(3, 5), (4, 5)]


def test_dates_stay_text_so_impossible_dates_do_not_crash():
    data, problems = parse("due: 2020-06-31\n")
    assert data == {"due": "2020-06-31"} and problems == []


def test_duplicate_keys_are_errors():
    _, problems = parse("a: 1\nb: 2\na: 3\n")
    assert problems == ["f.yaml:3:1: error: duplicate key 'a' (first given on line 1) — remove one of them"]


def test_billion_laughs_is_refused_quickly():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 10)}]")
    data, problems = parse("\n".join(lines) + "\n")
    assert data is None
    assert len(problems) == 1 and "YAML bomb" in problems[0]


def test_recursive_alias_is_refused():
    data, problems = parse("a: &x [*x]\n")
    assert data is None and "refers to itself" in problems[0]


def test_deep_nesting_is_refused_not_crashing():
    data, problems = parse("[" * 5000)
    assert data is None and problems


def test_tabs_get_plain_english():
    _, problems = parse("a:\n\tb: 1\n")
    assert problems == ["f.yaml:2:1: error: a tab character is used for indentation: use spaces instead"]


def test_unquoted_colon_gets_plain_english():
    _, problems = parse("title: Review: part two\n")
    assert problems == ["f.yaml:1:14: error: a value contains ': ': put the whole value in quotes"]


def test_bom_and_crlf_are_accepted(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: two\r\n")
    d = Diagnostics()
    loaded = load_file(path, "x.yaml", d)
    assert loaded.data == {"a": 1, "b": "two"} and not d.items


def test_non_utf8_points_at_the_byte(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    d = Diagnostics()
    assert load_file(path, "x.yaml", d) is None
    assert [(x.line, x.col, x.message) for x in d.items] == [(2, 7, "the file is not UTF-8 text")]


def test_binary_is_refused(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: 1\n\x00\x01\x02")
    d = Diagnostics()
    assert load_file(path, "x.yaml", d) is None
    assert "binary data" in d.items[0].message


def test_oversized_file_is_refused_without_reading(tmp_path):
    path = tmp_path / "big.yaml"
    with open(path, "wb") as fh:
        fh.seek(MAX_FILE_BYTES + 10)
        fh.write(b"\n")
    d = Diagnostics()
    assert load_file(path, "big.yaml", d) is None
    assert "too large" in d.items[0].message


def test_symlink_is_refused(tmp_path):
    target = tmp_path / "elsewhere.yaml"
    target.write_text("a: 1\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    d = Diagnostics()
    assert load_file(link, "link.yaml", d) is None
    assert "symbolic link" in d.items[0].message
