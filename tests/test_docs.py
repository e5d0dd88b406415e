"""The documentation in the repository: every relative link resolves inside it, and the content
format describes every key the code knows."""

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import ROOT
from actionplans.content import schema

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "actionplans" / "data" / "init" / "README.md"]
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REF_DEF = re.compile(r"^\s*\[[^\]]+\]:\s*(\S+)", re.M)


def links(text: str) -> list[str]:
    text = re.sub(r"```.*?```", "", text, flags=re.S)          # code blocks hold examples, not links
    text = re.sub(r"`[^`\n]*`", "", text)
    return LINK.findall(text) + REF_DEF.findall(text)


def test_the_documents_exist():
    assert (ROOT / "docs" / "content-format.md").is_file()
    assert (ROOT / "docs" / "officers-guide.md").is_file()
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert 'license = { text = "MIT" }' in (ROOT / "pyproject.toml").read_text()


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves_inside_the_repository(doc):
    root = ROOT if ROOT / "actionplans" / "data" / "init" not in doc.parents else doc.parent
    for target in links(doc.read_text(encoding="utf-8")):
        if re.match(r"[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("#"):
            continue            # a web address or an anchor in the same page
        path = (doc.parent / unquote(target.split("#", 1)[0])).resolve()
        assert root.resolve() in path.parents or path == root.resolve(), f"{doc.name}: {target} leaves the repository"
        assert path.exists(), f"{doc.name}: {target} does not exist"


def test_the_link_finder_finds_links():
    found = links("see [a](docs/x.md) and [b](https://e.org) `[c](no.md)`\n```\n[d](no2.md)\n```\n[e]: ../out.md")
    assert found == ["docs/x.md", "https://e.org", "../out.md"]


def _keys(typ, prefix=""):
    if isinstance(typ, schema.ListOf):
        yield from _keys(typ.item, prefix)
    elif isinstance(typ, schema.Either):
        if typ.mapping is not None:
            yield from _keys(typ.mapping, prefix)
    elif isinstance(typ, schema.Obj):
        for key, f in typ.fields.items():
            yield key
            yield from _keys(f.type, key)


@pytest.mark.parametrize("name", sorted(schema.FILES))
def test_the_content_format_describes_every_key(name):
    text = (ROOT / "docs" / "content-format.md").read_text(encoding="utf-8")
    missing = sorted({k for k in _keys(schema.FILES[name]) if f"`{k}`" not in text})
    assert not missing, f"docs/content-format.md does not describe {name} keys: {missing}"


def test_the_content_format_names_every_value_of_every_choice():
    text = (ROOT / "docs" / "content-format.md").read_text(encoding="utf-8")
    for values in (schema.STATUSES, schema.REVIEW_TYPES, schema.AGENCY_KINDS, schema.PATTERN_NAMES):
        for value in values:
            assert f"`{value}`" in text, value


def test_readme_says_to_make_a_virtual_environment_before_installing():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    venv = text.index("python3 -m venv .venv")
    assert venv < text.index("pip install -e . && actionplans build") and venv < text.index("pip install -e '.[test]'")
    assert ".venv/" in (ROOT / ".gitignore").read_text().split()
