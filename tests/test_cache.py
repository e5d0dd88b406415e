"""A build with nothing changed returns at once; anything that changes (content, themes, the
options, or output/ itself) rebuilds; the result is byte-identical to a build without caches."""

import hashlib
import os

from conftest import THEMES
from actionplans.build import build


def tree(root):
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_nothing_changed_is_up_to_date_and_identical(site, tmp_path):
    out = tmp_path / "output"
    first = build(site, out, themes_dir=THEMES)
    assert first.written and not first.up_to_date
    before = tree(out)
    again = build(site, out, themes_dir=THEMES)
    assert again.written and again.up_to_date
    assert tree(out) == before
    fresh = tmp_path / "fresh"
    assert build(site, fresh, themes_dir=THEMES, use_cache=False).written
    assert tree(fresh) == before


def test_changes_rebuild(site, tmp_path):
    out = tmp_path / "output"
    assert build(site, out, themes_dir=THEMES).written
    review = site / "reviews" / "north-dhr-001.yaml"
    review.write_text(review.read_text().replace("title: Domestic Homicide Review 001", "title: Review 001 renamed"))
    result = build(site, out, themes_dir=THEMES)
    assert not result.up_to_date and "Review 001 renamed" in (out / "reviews/north-dhr-001/index.html").read_text()
    # a different as-of date changes what is overdue
    assert not build(site, out, themes_dir=THEMES, as_of=__import__("datetime").date(2024, 6, 29)).up_to_date


def test_tampered_output_is_rebuilt(site, tmp_path):
    out = tmp_path / "output"
    assert build(site, out, themes_dir=THEMES).written
    good = (out / "index.html").read_bytes()
    (out / "index.html").write_bytes(b"tampered")
    result = build(site, out, themes_dir=THEMES)
    assert not result.up_to_date and (out / "index.html").read_bytes() == good
    (out / "extra.html").write_bytes(b"stray")
    assert not build(site, out, themes_dir=THEMES).up_to_date
    assert not (out / "extra.html").exists()


def test_failed_build_forgets_the_record(site, tmp_path):
    out = tmp_path / "output"
    assert build(site, out, themes_dir=THEMES).written
    review = site / "reviews" / "north-dhr-001.yaml"
    good = review.read_text()
    review.write_text(good.replace("due: 2022-12-31", "due: 2020-06-31"))
    assert not build(site, out, themes_dir=THEMES).written
    review.write_text(good)
    assert not build(site, out, themes_dir=THEMES).up_to_date    # rebuilt, not trusted blindly
    # nothing beside output/ but the build lock (actionplans/core/lock.py)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".actionplans.output.lock", "content", "output"]


def test_no_cache_builds_anyway_and_records_for_next_time(site, tmp_path):
    out = tmp_path / "output"
    assert build(site, out, themes_dir=THEMES, use_cache=False).written
    assert not build(site, out, themes_dir=THEMES, use_cache=False).up_to_date
    assert build(site, out, themes_dir=THEMES).up_to_date


def test_the_cli_answers_up_to_date_without_loading_the_generator(site, tmp_path):
    import subprocess
    import sys
    out = tmp_path / "out"
    script = ("import sys; from actionplans.commands.cli import main; code = main(sys.argv[1:]); "
              "print('loaded' if 'actionplans.build' in sys.modules else 'light', code)")
    args = [sys.executable, "-c", script, "build", "--content", str(site), "--output", str(out), "--themes", str(THEMES)]
    first = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path)
    assert first.stdout.split() == ["loaded", "0"], first.stderr
    again = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path)
    assert again.stdout.split() == ["light", "0"], again.stderr
    assert "is up to date" in again.stderr
