"""Rendering in forked workers gives the same bytes as one process, and a template's mistake is
still reported at its file and line."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from conftest import EXAMPLE, EXAMPLE_AS_OF, THEMES
from actionplans.core import parallel
from actionplans.site import render
from actionplans.build import build


def _tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_worker_pool_gives_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("ACTIONPLANS_WORKERS", "1")
    one = build(EXAMPLE, tmp_path / "one", themes_dir=THEMES, as_of=EXAMPLE_AS_OF, use_cache=False)
    monkeypatch.setenv("ACTIONPLANS_WORKERS", "2")
    monkeypatch.setattr(render, "PARALLEL_PAGES", 1)    # the example site is below the real threshold
    calls = []
    real = parallel.multiprocessing.get_context
    monkeypatch.setattr(parallel.multiprocessing, "get_context", lambda m: calls.append(m) or real(m))
    two = build(EXAMPLE, tmp_path / "two", themes_dir=THEMES, as_of=EXAMPLE_AS_OF, use_cache=False)
    assert one.written and two.written
    assert calls and set(calls) == {"fork"}             # the pool really ran (a pool per language's pages)
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")


def test_map_in_order_keeps_order_and_runs_in_other_processes(monkeypatch):
    import os
    monkeypatch.setenv("ACTIONPLANS_WORKERS", "2")
    items = list(range(100))
    out = parallel.map_in_order(lambda i: (i * i, os.getpid()), items, weight=100, threshold=1, chunk=4)
    assert [v for v, _ in out] == [i * i for i in items]
    assert os.getpid() not in {pid for _, pid in out}


def test_a_worker_error_is_raised_again_here(monkeypatch):
    monkeypatch.setenv("ACTIONPLANS_WORKERS", "2")

    def boom(i):
        if i == 57:
            raise ValueError("item 57")
        return i
    with pytest.raises(parallel.WorkerFailed):
        parallel.map_in_order(boom, list(range(100)), weight=100, threshold=1, chunk=4)


def test_a_template_mistake_in_a_worker_points_at_the_template(tmp_path, monkeypatch):
    monkeypatch.setenv("ACTIONPLANS_WORKERS", "2")
    monkeypatch.setattr(render, "PARALLEL_PAGES", 1)
    themes = tmp_path / "themes"
    shutil.copytree(THEMES, themes)
    agency = themes / "default" / "templates" / "agency.html"
    agency.write_text(agency.read_text().replace("{% block content %}", "{% block content %}{{ subject.no_such_field }}", 1))
    result = build(EXAMPLE, tmp_path / "out", themes_dir=themes, as_of=dt.date(2026, 11, 21), use_cache=False)
    assert not result.written
    [problem] = result.diagnostics.errors
    assert problem.path.endswith("agency.html") and problem.line > 1
    assert "no_such_field" in problem.message
