"""The guard's verdict on reviews.json from its per-review parts (actionplans/cache/joined.py):
the parts' guard texts make the file's exactly; a finding inside a part or across a junction
is never proven clean; an edit guards one part, not the whole file; a damaged part verdict is
made again; and the site built this way is byte for byte a fresh build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, EXAMPLE_AS_OF, THEMES
import actionplans.build as B
from actionplans.build import build, check
from actionplans.cache.entries import Store
from actionplans.cache.joined import WINDOW, joined_clean
from actionplans.core.model import DeclaredName
from actionplans.core.options import BuildOptions
from actionplans.privacy.guard import guard_view, scan_views
from actionplans.privacy.redact import RedactionLog
from actionplans.publish.opendata import SITE_WIDE, joined_files

REVIEWS_JSON = SITE_WIDE[0]


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("joined")
    shutil.copytree(EXAMPLE, root / "content")
    return root


def _options(root: Path, out: str, cache: bool = True) -> BuildOptions:
    return BuildOptions(root / "content", root / out, themes=THEMES, as_of=EXAMPLE_AS_OF, cache=cache,
                        cache_dir=root / "cache")


def test_the_parts_guard_text_is_the_files(site):
    result = check(BuildOptions(site / "content", None, themes=THEMES, as_of=EXAMPLE_AS_OF, write=False, cache=False))
    files, content = result.files, result.content
    joined = joined_files(files, content)
    pieces, sep = joined[REVIEWS_JSON]
    assert len(pieces) == len(content.reviews) + 1
    assert guard_view(REVIEWS_JSON, files[REVIEWS_JSON]) == sep.join(guard_view(REVIEWS_JSON, p) for p in pieces)
    # parts that do not make the file are not offered as its parts
    changed = dict(files)
    changed[REVIEWS_JSON] = files[REVIEWS_JSON].replace(b'"reviews": [', b'"reviews":  [', 1)
    assert joined_files(changed, content) == {}


def _log(*names: str) -> RedactionLog:
    return RedactionLog(declared=[DeclaredName(n, "the adult") for n in names], patterns=("email", "phone"))


def _lines(word: str, n: int = 2 * WINDOW) -> list[str]:
    return [f"{word} line {i} of a plain record" for i in range(n)]


@pytest.mark.parametrize("where", ["inside a part", "across a junction", "near a junction", "a short part"])
def test_a_finding_is_never_proven_clean(tmp_path, where):
    log = _log("Gwendolyn Abernathy", "Ward 7B")
    a, b, c = _lines("alpha"), _lines("beta"), _lines("gamma")
    if where == "inside a part":
        b[WINDOW] = "the review heard from Gwendolyn Abernathy"
    elif where == "across a junction":       # no part holds the name: neither word is one alone
        a[-1] += " Ward"
        b[0] = "7B " + b[0]
    elif where == "near a junction":
        c[1] = "write to someone@example.org"
    else:
        b = ["beta"]                          # too short to keep its junctions apart
    pieces = ["\n".join(x).encode() for x in (a, b, c)]
    store = Store(tmp_path / "cache")
    settings = ("test",)
    if where == "across a junction":        # the test means something: each part alone is clean
        assert all(p == [] for p in scan_views([("x.csv", p.decode()) for p in pieces], log))
    assert not joined_clean("x.csv", pieces, "\n", store, settings, log)
    assert not joined_clean("x.csv", pieces, "\n", store, settings, log)    # and not from the cache either
    clean = ["\n".join(x).encode() for x in (_lines("alpha"), _lines("beta"), _lines("gamma"))]
    assert joined_clean("x.csv", clean, "\n", store, settings, log)


@pytest.fixture(scope="module")
def fresh(site) -> dict[str, bytes]:
    assert build(_options(site, "fresh", cache=False)).written
    return _tree(site / "fresh")


def test_an_edit_guards_one_part_and_matches_a_fresh_build(site, fresh, monkeypatch):
    assert build(_options(site, "out")).written
    path = site / "content" / "reviews" / "somerset-dhr-024.yaml"
    text = path.read_text(encoding="utf-8")
    guarded: list[str] = []
    real = B.guard_output

    def spy(files, *a, **k):
        guarded.extend(files)
        return real(files, *a, **k)
    monkeypatch.setattr(B, "guard_output", spy)
    scanned: list[int] = []
    import actionplans.cache.joined as J
    real_scan = J.scan_views
    monkeypatch.setattr(J, "scan_views", lambda views, log: (scanned.append(len(views)), real_scan(views, log))[1])
    try:
        path.write_text(text.replace("summary: ", "summary: An edited sentence. ", 1), encoding="utf-8")
        edited = build(_options(site, "out"))
        assert edited.written, [d.format() for d in edited.diagnostics.items]
        assert REVIEWS_JSON in guarded            # its name only: the file is empty when proven
        assert sum(scanned) <= 3                  # one part, then its two junctions
        monkeypatch.undo()
        full = build(_options(site, "full", cache=False))
        assert _tree(site / "out") == _tree(site / "full")
    finally:
        path.write_text(text, encoding="utf-8")
    assert build(_options(site, "out")).written
    assert _tree(site / "out") == fresh


def test_a_damaged_part_verdict_is_made_again(site, fresh):
    assert build(_options(site, "out")).written
    tables = sorted((site / "cache" / "guard-part").rglob("*"))
    tables = [p for p in tables if p.is_file()]
    assert tables
    for p in tables:
        data = p.read_bytes()
        p.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    (site / "cache" / "guard").exists() and shutil.rmtree(site / "cache" / "guard")   # the file's own verdict too
    again = build(_options(site, "again"))
    assert again.written and again.cache.rejected >= 1
    assert _tree(site / "again") == fresh
