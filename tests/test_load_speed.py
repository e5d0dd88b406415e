"""The quick size check in load.py (files without aliases) must refuse exactly what the full
alias-expanding check refuses, at the same line, with the same words."""

from __future__ import annotations

import pytest

import actionplans.content.load
from actionplans.core.diagnostics import Diagnostics
from actionplans.content.load import MAX_DEPTH, parse_text


def nested_block(depth: int) -> str:
    return "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "leaf: 1\n"


def nested_flow(depth: int, open_: str = "[", close: str = "]") -> str:
    return "top: " + open_ * depth + "x" + close * depth + "\n"


def many(n: int) -> str:
    return "items:\n" + "".join(f"  - {{a: {i}, b: text {i}}}\n" for i in range(n))


DOCS = {
    **{f"block-{d}": nested_block(d) for d in (MAX_DEPTH - 2, MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, MAX_DEPTH + 5)},
    **{f"flow-{d}": nested_flow(d) for d in (MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, 500)},
    **{f"flow-map-{d}": nested_flow(d, "{a: ", "}") for d in (MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1)},
    "many": many(300),
    "anchor-without-alias": "a: &x {b: 1}\nc: [1, 2]\n",
    "markdown-star": "text: '**bold** and *em*'\n",
    "star-and-ampersand": "text: '**bold**'\nother: A&E\n",
    "alias": "a: &x [1, 2, 3]\nb: *x\nc: *x\n",
    "merge": "base: &b {x: 1}\nthing:\n  <<: *b\n  y: 2\n",
    "bomb": "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(6)),
    "empty-values": "a:\nb: []\nc: {}\nd: ~\n? [x, y]\n: z\n",
    "scalar": "just text\n",
}


def diagnostics(text: str) -> tuple[object, list[tuple]]:
    diags = Diagnostics()
    data = parse_text(text, "file.yaml", diags)
    return data, [(d.line, d.col, d.severity, d.message, d.hint) for d in diags.items]


@pytest.mark.parametrize("limit", [None, 500, 50])
@pytest.mark.parametrize("name", sorted(DOCS))
def test_quick_check_refuses_exactly_what_the_full_check_refuses(monkeypatch, name, limit):
    if limit is not None:
        monkeypatch.setattr(actionplans.content.load, "MAX_EXPANDED_NODES", limit)
    text = DOCS[name]
    quick = diagnostics(text)
    monkeypatch.setattr(actionplans.content.load, "_within_limits", lambda node: False)   # always the full check
    full = diagnostics(text)
    assert quick == full


def test_the_quick_check_is_what_runs_for_a_file_without_aliases(monkeypatch):
    calls = []
    original = actionplans.content.load._expanded_size
    monkeypatch.setattr(actionplans.content.load, "_expanded_size", lambda node: calls.append(node) or original(node))
    diagnostics(many(50))
    diagnostics(DOCS["markdown-star"])
    diagnostics(DOCS["star-and-ampersand"])
    diagnostics(DOCS["anchor-without-alias"])
    assert calls == []
    diagnostics(DOCS["alias"])
    diagnostics("[&x 1,*x]")
    diagnostics(nested_block(MAX_DEPTH + 1))
    assert len(calls) == 3


def _shared(node) -> bool:
    import yaml
    seen, stack = set(), [node]
    while stack:
        n = stack.pop()
        if id(n) in seen:
            return True
        seen.add(id(n))
        if isinstance(n, yaml.MappingNode):
            stack += [x for pair in n.value for x in pair]
        elif isinstance(n, yaml.SequenceNode):
            stack += n.value
    return False


def test_every_file_whose_nodes_are_shared_is_seen_to_have_aliases():
    """Anchors and aliases placed after every kind of character: whenever the parser makes an
    alias, the text check must have seen that the file may hold one."""
    import random
    import yaml
    rng = random.Random(7)
    seps = ["", " ", "\n", "\t", ":", ": ", ",", ", ", "[", "{", "- ", "? ", "\u00a0", "'x'", "!!str ",
            "\u2028", "\x85", "\ufeff", "a", "\u00e9"]
    names = ["a", "1", "-", "_", "\u00e9", "ab", "a-b"]
    shared = 0
    for _ in range(20000):
        n = rng.choice(names)
        text = (rng.choice(seps) + rng.choice(seps) + "&" + n + rng.choice(seps) + rng.choice(["x", "", "[1]", "{k: v}"])
                + rng.choice(seps) + rng.choice(seps) + "*" + n + rng.choice(seps) + rng.choice(["", "]", "}", "\n"]))
        try:
            node = actionplans.content.load._Loader(text).get_single_node()
        except yaml.YAMLError:
            continue
        if node is not None and _shared(node):
            shared += 1
            assert actionplans.content.load._may_have_aliases(text), repr(text)
    assert shared > 10


def test_text_values_are_the_same_as_the_safe_loader_gives():
    import yaml
    text = ("a: plain\nb: 'single'\nc: \"double \\u00e9\"\nd: |\n  block\n  text\ne: >-\n  folded\n  text\n"
            "f: !!str 12\ng: [x, 'y', !!str 3]\nh: 2020-01-01\ni: ''\n")
    data, problems = diagnostics(text)
    assert problems == []
    expected = yaml.safe_load(text)
    expected["h"] = "2020-01-01"      # dates stay text
    assert dict(data) == expected


def test_the_loaders_resolve_gives_what_pyyaml_gives():
    """load._resolve replaces BaseResolver.resolve (called for every value): the same tag for
    every kind of value, quoted or not."""
    import random
    import yaml
    from yaml.resolver import BaseResolver
    loader = actionplans.content.load._Loader("")
    rng = random.Random(3)
    chars = "yYnNtTfFoO-+0123456789.<~=!&*abcxZ _:eE\u00e9\u2019"
    values = ["", "~", "null", "Null", "true", "yes", "No", "on", "OFF", "1", "-1", "0x1F", "0o17", "1_000", "1:20",
              "1.5", ".inf", "-.INF", ".nan", "<<", "=", "2020-01-01", "2020-1-1 10:00", "1e3", "+12", "0b101", "text"]
    values += ["".join(rng.choice(chars) for _ in range(rng.randint(1, 8))) for _ in range(20000)]
    for value in values:
        for implicit in ((True, False), (False, True), (True, True), (False, False)):
            for kind in (yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode):
                assert actionplans.content.load._resolve(loader, kind, value, implicit) == \
                    BaseResolver.resolve(loader, kind, value, implicit), (value, implicit, kind)
