"""serve's memo (actionplans/cache/memo.py): after every kind of edit, the output equals a full build of
the same content byte for byte, and an edit re-renders only the pages that show what changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, EXAMPLE_AS_OF, THEMES
from actionplans.build import build, finish_pending
from actionplans.cache.memo import Memo


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
        self.memo = Memo()
        self.fulls = 0

    def build(self):
        return build(self.content, self.output, themes_dir=self.themes, as_of=EXAMPLE_AS_OF, memo=self.memo)

    def edit(self, relative: str, old: str, new: str, count: int = 1) -> None:
        path = self.content / relative if not relative.startswith("themes/") else self.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {relative}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    def assert_same_as_full_build(self) -> None:
        assert finish_pending(self.memo) == []
        self.fulls += 1
        full = self.root / f"full{self.fulls}"
        result = build(self.content, full, themes_dir=self.themes, as_of=EXAMPLE_AS_OF, use_cache=False)
        assert result.written, [d.format() for d in result.diagnostics.items]
        mine, theirs = _tree(self.output), _tree(full)
        assert sorted(mine) == sorted(theirs)
        assert [n for n in theirs if mine[n] != theirs[n]] == []


@pytest.fixture(scope="module")
def session(tmp_path_factory) -> Session:
    s = Session(tmp_path_factory.mktemp("incremental"))
    first = s.build()
    assert first.written and len(s.memo.rendered) > 100
    return s


def test_an_edited_action_rerenders_its_pages_only(session):
    session.edit("reviews/somerset-dhr-024.yaml", "lead: somerset-ccg", "lead: somerset-ccg\n        lead_role: Edited role")
    result = session.build()
    assert result.written
    rendered = set(session.memo.rendered)
    assert "reviews/somerset-dhr-024/index.html" in rendered
    assert "agencies/somerset-ccg/index.html" in rendered
    assert "reviews/index.html" in rendered                            # lists show every review
    assert "reviews/southampton-dhr-2022/index.html" not in rendered   # another review's page
    assert "agencies/thames-valley-police/index.html" not in rendered  # an agency not in that review
    assert len(rendered) < 60
    session.assert_same_as_full_build()


def test_an_action_moved_to_another_agency(session):
    session.edit("reviews/somerset-dhr-024.yaml", "lead: somerset-ccg", "lead: thames-valley-police")
    assert session.build().written
    assert {"agencies/somerset-ccg/index.html", "agencies/thames-valley-police/index.html"} <= set(session.memo.rendered)
    session.assert_same_as_full_build()


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
    assert len(session.memo.rendered) > 100
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
    assert any("unknown agency 'no-such-agency'" in d.message for d in result.diagnostics.errors)
    assert finish_pending(session.memo) == []
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
    assert any("declared name" in d.message and "southampton-dhr-2022" in d.path for d in result.diagnostics.errors)
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
