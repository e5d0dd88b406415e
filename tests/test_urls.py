"""One url_for(): every URL and anchor the site makes comes from actionplans/core/urls.py.
The grep below keeps it so: a path spelt out by hand in the package or a template fails."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from actionplans.core.urls import ROUTES, Links, anchor_for, embed_key, links_for, output_path, path_for
from actionplans.site.listing import PER_PAGE, groups_of, listing, page_count, page_numbers

PACKAGE = Path(__file__).resolve().parent.parent / "actionplans"
TOP = "reviews|agencies|topics|partnerships|embed|data|updates|escalation|search|glossary|about|accessibility"
# A site path: '/reviews/…', '/updates.xml', '/embed.js'; or an anchor spelt out: '#action-', 'recommendation-{'.
PY_URL = re.compile(rf"(?<![\w.-])/({TOP})(/|\.|$)|#(action|recommendation|group)-|^(action|recommendation|group)-\{{"
                    r"|/page/|sitemap\.xml")
TEMPLATE_URL = re.compile(rf"""['"]/({TOP}|pagefind|page)\b|(action|recommendation|group)-\{{\{{|(?<!g)\.anchor\b|/page/""")


def python_strings(source: str) -> list[tuple[int, str]]:
    """String literals of a module with their lines (f-strings with {} for each field), but
    not docstrings, which may mention paths to explain them."""
    tree = ast.parse(source)
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    parts = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    out = []
    for node in ast.walk(tree):
        if id(node) in parts:
            continue
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            out.append((node.lineno, text))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            out.append((node.lineno, node.value))
    return sorted(out)


def prose(text: str) -> bool:
    """A sentence for a person (a field's description, a hint) may name a path to explain it."""
    return " " in text.strip() and not any(markup in text for markup in ("href", "src=", "<a ", "Sitemap:"))


def hand_built_python(path: Path) -> list[str]:
    return [f"{path.relative_to(PACKAGE.parent)}:{line}: {text!r}"
            for line, text in python_strings(path.read_text(encoding="utf-8")) if PY_URL.search(text) and not prose(text)]


def hand_built_template(path: Path) -> list[str]:
    return [f"{path.relative_to(PACKAGE.parent)}:{n}: {line.strip()[:120]}"
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if TEMPLATE_URL.search(line)]


def test_no_hand_built_urls_in_the_package():
    found = [hit for path in sorted(PACKAGE.rglob("*.py")) if path != PACKAGE / "core" / "urls.py"
             for hit in hand_built_python(path)]
    assert found == [], "build these with path_for()/url_for() (actionplans/core/urls.py):\n" + "\n".join(found)


def test_no_hand_built_urls_in_the_templates():
    found = [hit for path in sorted(PACKAGE.glob("themes/*/templates/*")) for hit in hand_built_template(path)]
    assert found == [], "use url_for()/anchor_for() in templates:\n" + "\n".join(found)


def test_the_grep_finds_what_it_is_for(tmp_path):
    """The detectors above see the shapes they must refuse (so their passing means something)."""
    bad = tmp_path / "bad.py"
    bad.write_text('"""/reviews/ in a docstring is fine."""\n'
                   'def f(r, rec, a, links):\n'
                   '    x = f"/reviews/{r}/"\n'
                   '    y = links.absolute("/agencies/" + a)\n'
                   '    z = f"action-{rec}-{a}"\n'
                   '    w = "/updates.xml"\n'
                   '    v = "leads to /reviews/ (a hint for a person)"\n'
                   '    u = f\'<a href="/topics/{r}/">\'\n', encoding="utf-8")
    hits = [h.split(": ", 1)[1] for h in hand_built_python_any(bad)]
    assert hits == ["'/reviews/{}/'", "'/agencies/'", "'action-{}-{}'", "'/updates.xml'", "'<a href=\"/topics/{}/\">'"]
    html = tmp_path / "bad.html"
    html.write_text("<a href=\"{{ url('/topics/' ~ t.id ~ '/') }}\">\n<p id=\"action-{{ n }}\">\n"
                    "<a href=\"#{{ rec.anchor }}\">\n<a href=\"#{{ g.anchor }}\">\n<a href=\"{{ url_for('topic', t) }}\">\n",
                    encoding="utf-8")
    lines = [int(h.split(":")[1]) for h in hand_built_template_any(html)]
    assert lines == [1, 2, 3]


def hand_built_python_any(path: Path) -> list[str]:
    return [f"{line}: {text!r}" for line, text in python_strings(path.read_text(encoding="utf-8"))
            if PY_URL.search(text) and not prose(text)]


def hand_built_template_any(path: Path) -> list[str]:
    return [f"x:{n}" for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if TEMPLATE_URL.search(line)]


def test_routes():
    assert path_for("review", "north-dhr-001") == "/reviews/north-dhr-001/"
    assert path_for("action", "north-dhr-001", "3a", 2) == "/reviews/north-dhr-001/#action-3a-2"
    assert path_for("recommendation", "north-dhr-001", "4") == "/reviews/north-dhr-001/#recommendation-4"
    assert path_for("agency", "nhs-england", page=1) == "/agencies/nhs-england/"
    assert path_for("agency", "nhs-england", page=3) == "/agencies/nhs-england/page/3/"
    assert path_for("embed_agency", "x", page=2) == "/embed/agencies/x/page/2/"
    assert path_for("data_review", "north-dhr-001") == "/data/reviews/north-dhr-001.json"
    assert anchor_for("action", "1", 2) == "action-1-2"
    assert embed_key("agency", "nhs-england") == "agencies/nhs-england"
    with pytest.raises(ValueError):
        path_for("data_reviews", page=2)        # a file has no pages
    with pytest.raises(TypeError):
        path_for("review")                       # the review's id is missing
    for route in ROUTES:                         # every route's file is where the server looks for it
        args = ["x"] * ROUTES[route].count("{}")
        out = output_path(path_for(route, *args))
        assert not out.startswith("/") and (out.endswith((".html", ".xml", ".json", ".csv", ".js"))
                                            or out.endswith("/index.html")), (route, out)
    assert output_path("/") == "index.html" and output_path("/agencies/a/page/2/") == "agencies/a/page/2/index.html"


def test_links_apply_the_base_path():
    links = links_for("https://example.org/plans/")
    assert links == Links("/plans", "https://example.org/plans")
    assert links.url_for("topic", "training", page=2) == "/plans/topics/training/page/2/"
    assert links.url_for("action", "r", "1", 1, absolute=True) == "https://example.org/plans/reviews/r/#action-1-1"


def test_listing_pages_groups_and_links():
    rows = [("overdue", i) for i in range(3)] + [("in-progress", i) for i in range(PER_PAGE + 10)] + \
           [("complete", i) for i in range(PER_PAGE)]
    groups = groups_of(rows)
    assert [(g.key, g.count, g.first_page) for g in groups] == [("overdue", 3, 1), ("in-progress", PER_PAGE + 10, 1),
                                                                ("complete", PER_PAGE, 2)]
    assert page_count(rows) == 3 and page_count([]) == 1
    pages = [listing(rows, n, groups) for n in (1, 2, 3)]
    assert [len(p.rows) for p in pages] == [PER_PAGE, PER_PAGE, 13]
    assert sum(len(p.rows) for p in pages) == len(rows)          # every row on exactly one page
    assert [r for p in pages for r in p.rows] == rows
    second = [(g.key, len(items), continued) for g, items, continued in pages[1].sections()]
    assert second == [("in-progress", 13, True), ("complete", PER_PAGE - 13, False)]
    assert page_numbers(1, 1) == [1]
    assert page_numbers(1, 3) == [1, 2, 3]
    assert page_numbers(10, 150) == [1, None, 8, 9, 10, 11, 12, None, 150]
