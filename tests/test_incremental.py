"""The build cache (actionplans/cache/): after every kind of edit, a build through the cache equals a
fresh build of the same content without it, byte for byte, and an edit re-renders only the pages
that show what changed. Every edit runs three ways: build() in this process, the command line in a
new process (the cache read back from disk) and serve's Rebuilder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import EXAMPLE, EXAMPLE_AS_OF, THEMES
from actionplans.build import build
from actionplans.commands.serve import Rebuilder
from actionplans.core.options import BuildOptions


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


class Session:
    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        self.themes = root / "themes"
        shutil.copytree(EXAMPLE, self.content)
        shutil.copytree(THEMES, self.themes)
        self.output = root / "output"
        self.options = BuildOptions(self.content, self.output, themes=self.themes, as_of=EXAMPLE_AS_OF,
                                    cache_dir=root / "cache")
        self.fulls = 0
        self.rendered: set[str] = set()
        self.serve = Rebuilder(self.options)

    def build(self):
        """(written, the pages rendered, the errors' messages), by the session's way."""
        if self.way == "build":
            result = build(self.options)
            out = SimpleNamespace(written=result.written, rendered=set(result.rendered),
                                  errors=[(d.path, d.message) for d in result.diagnostics.errors])
        elif self.way == "serve":
            written = self.serve()
            result = self.serve.last
            out = SimpleNamespace(written=written, rendered=set(result.rendered),
                                  errors=[(d.path, d.message) for d in result.diagnostics.errors])
        else:
            proc = subprocess.run(
                [sys.executable, "-m", "actionplans", "build", "--content", str(self.content), "--output",
                 str(self.output), "--themes", str(self.themes), "--as-of", EXAMPLE_AS_OF.isoformat(),
                 "--cache-dir", str(self.root / "cache")], capture_output=True, text=True, cwd=self.root)
            found = re.search(r"(\d+) rendered", proc.stderr)
            out = SimpleNamespace(written=proc.returncode == 0, rendered=None if found is None else int(found[1]),
                                  errors=[(m[0], m[1]) for m in re.findall(r"^(\S+?):\d+:\d+: error: (.*)$",
                                                                            proc.stderr, re.M)])
            assert proc.returncode == 0 or out.errors, proc.stderr
        self.rendered = out.rendered
        return out

    def edit(self, relative: str, old: str, new: str, count: int = 1) -> None:
        path = self.content / relative if not relative.startswith("themes/") else self.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {relative}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    def assert_same_as_full_build(self) -> None:
        self.fulls += 1
        full = self.root / f"full{self.fulls}"
        result = build(self.content, full, themes_dir=self.themes, as_of=EXAMPLE_AS_OF, use_cache=False)
        assert result.cache is not None and not result.cache.enabled
        assert result.written, [d.format() for d in result.diagnostics.items]
        mine, theirs = _tree(self.output), _tree(full)
        assert sorted(mine) == sorted(theirs)
        assert [n for n in theirs if mine[n] != theirs[n]] == []


@pytest.fixture(scope="module", params=["build", "cli", "serve"])
def session(request, tmp_path_factory) -> Session:
    s = Session(tmp_path_factory.mktemp(f"incremental-{request.param}"))
    s.way = request.param
    first = s.build()
    assert first.written and (len(first.rendered) if isinstance(first.rendered, set) else first.rendered) > 100
    return s


def _rendered(session) -> set[str] | None:
    """The pages the last build rendered; None from the command line, which prints only their number."""
    return session.rendered if isinstance(session.rendered, set) else None


def test_an_edited_action_rerenders_its_pages_only(session):
    session.edit("reviews/somerset-dhr-024.yaml", "lead: somerset-ccg", "lead: somerset-ccg\n        lead_role: Edited role")
    result = session.build()
    assert result.written
    rendered = _rendered(session)
    if rendered is None:
        # the English pages, and at most the Welsh twins of those (the site-wide lists)
        assert 0 < session.rendered < 64 + len(list((session.output / "cy").rglob("*.html")))
        return session.assert_same_as_full_build()
    assert "reviews/somerset-dhr-024/index.html" in rendered
    assert "agencies/somerset-ccg/index.html" in rendered
    assert "reviews/index.html" in rendered                            # lists show every review
    assert "reviews/southampton-dhr-2022/index.html" not in rendered   # another review's page
    assert "agencies/thames-valley-police/index.html" not in rendered  # an agency not in that review
    assert "reviews/somerset-dhr-024/open/index.html" in rendered      # its views and the change list show it
    assert "reviews/southampton-dhr-2022/open/index.html" not in rendered
    # a Welsh page (the site-wide lists show every review) only where its English twin is
    welsh = {n[len("cy/"):] for n in rendered if n.startswith("cy/")}
    assert welsh <= rendered, sorted(welsh - rendered)
    assert len(rendered - {f"cy/{n}" for n in welsh}) < 64
    session.assert_same_as_full_build()


def test_an_action_moved_to_another_agency(session):
    session.edit("reviews/somerset-dhr-024.yaml", "lead: somerset-ccg", "lead: thames-valley-police")
    assert session.build().written
    if _rendered(session) is not None:
        assert {"agencies/somerset-ccg/index.html", "agencies/thames-valley-police/index.html"} <= _rendered(session)
    session.assert_same_as_full_build()


def test_a_summary_edit_rerenders_the_reviews_own_pages_only(session):
    """What a page shows of a review, not the whole review: the default theme shows a review's
    summary on its own pages (and its embed), so the agency, topic, list and home pages it
    appears on are taken from the cache."""
    session.edit("reviews/somerset-dhr-022.yaml", "summary: The review looked", "summary: Edited. The review looked")
    assert session.build().written
    rendered = _rendered(session)
    if rendered is None:
        assert 0 < session.rendered <= 5       # the review, its open, overdue and changes views, its embed
    else:
        assert "reviews/somerset-dhr-022/index.html" in rendered
        assert {n for n in rendered if not n.startswith("embed/")} <= {
            f"reviews/somerset-dhr-022/{view}index.html" for view in ("", "open/", "overdue/", "changes/")}
    session.assert_same_as_full_build()


def test_a_theme_showing_the_summary_on_other_pages_rerenders_them(session):
    """The theme's templates say which fields other pages read: one that shows summaries on
    the home page makes a summary edit re-render the home page too."""
    home = session.themes / "default" / "templates" / "home.html"
    original = home.read_text(encoding="utf-8")
    try:
        session.edit("themes/default/templates/home.html", "{% block content %}",
                     "{% block content %}{% for r in reviews_sorted %}<p>{{ r.summary }}</p>{% endfor %}")
        assert session.build().written
        session.edit("reviews/somerset-dhr-022.yaml", "summary: Edited. ", "summary: Edited again. ")
        assert session.build().written
        assert b"Edited again. The review" in (session.output / "index.html").read_bytes()
        if _rendered(session) is not None:
            assert "index.html" in _rendered(session)
        session.assert_same_as_full_build()
    finally:
        home.write_text(original, encoding="utf-8")


def test_a_review_added_then_removed(session):
    text = (session.content / "reviews" / "somerset-dhr-024.yaml").read_text(encoding="utf-8")
    new = session.content / "reviews" / "somerset-dhr-099.yaml"
    new.write_text(text.replace("id: somerset-dhr-024", "id: somerset-dhr-099", 1)
                   .replace("title: Domestic Homicide Review 024", "title: Domestic Homicide Review 099"), encoding="utf-8")
    assert session.build().written
    assert (session.output / "reviews" / "somerset-dhr-099" / "index.html").exists()
    session.assert_same_as_full_build()
    new.unlink()
    assert session.build().written
    assert not (session.output / "reviews" / "somerset-dhr-099").exists()
    session.assert_same_as_full_build()


def test_site_wide_edits_rebuild_every_page(session):
    session.edit("site.yaml", "title: ", "title: Edited ")
    assert session.build().written
    assert (len(session.rendered) if _rendered(session) is not None else session.rendered) > 100
    session.assert_same_as_full_build()
    session.edit("glossary.yaml", "meaning: ", "meaning: Edited. ")
    assert session.build().written
    session.assert_same_as_full_build()


def test_a_template_edit(session):
    session.edit("themes/default/templates/review.html", "{% block content %}", "{% block content %}<!-- edited -->")
    assert session.build().written
    assert b"<!-- edited -->" in (session.output / "reviews" / "somerset-dhr-022" / "index.html").read_bytes()
    session.assert_same_as_full_build()


def test_a_mistake_keeps_the_last_good_site_then_the_fix_builds(session):
    before = _tree(session.output)
    session.edit("reviews/somerset-dhr-024.yaml", "lead: thames-valley-police", "lead: no-such-agency")
    result = session.build()
    assert not result.written
    assert any("unknown agency 'no-such-agency'" in message for _, message in result.errors)
    assert _tree(session.output) == before
    session.edit("reviews/somerset-dhr-024.yaml", "lead: no-such-agency", "lead: avon-and-somerset-police")
    assert session.build().written
    session.assert_same_as_full_build()


def test_a_declared_name_is_guarded_on_every_page(session):
    # A pseudonym declared in one review that another review's text contains: the guard must
    # look at pages that were not re-rendered too.
    other = (session.content / "reviews" / "southampton-dhr-2022.yaml").read_text(encoding="utf-8")
    assert "Cabinet" in other
    session.edit("reviews/somerset-dhr-024.yaml", "no_pseudonyms: true", "people:\n  - name: Cabinet\n    refer_to_as: the adult")
    result = session.build()
    assert not result.written
    assert any("declared name" in message and "southampton-dhr-2022" in path for path, message in result.errors)
    session.edit("reviews/somerset-dhr-024.yaml", "people:\n  - name: Cabinet\n    refer_to_as: the adult", "no_pseudonyms: true")
    assert session.build().written
    session.assert_same_as_full_build()


def test_no_temporary_files_are_left(session):
    assert not [p for p in session.output.rglob("*") if ".actionplans-tmp" in p.name]


def test_a_deleted_output_folder_is_written_whole_again(session):
    shutil.rmtree(session.output)
    session.edit("reviews/somerset-dhr-024.yaml", "lead: avon-and-somerset-police", "lead: somerset-ccg")
    assert session.build().written
    session.assert_same_as_full_build()
