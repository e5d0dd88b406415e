"""Shared fixtures. Sites are built into temporary folders for real: no mocked file system."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
VALID = SITES / "valid" / "content"
EXAMPLE = ROOT / "content"
THEMES = ROOT / "actionplans" / "themes"
EXAMPLE_AS_OF = dt.date(2026, 11, 21)


FULL_SIZE = "ROBUST_FULL"


def _selects_only_slow(markexpr: str) -> bool:
    """True when -m picks the tests marked slow and leaves the unmarked ones out (`-m slow`)."""
    if not markexpr:
        return False
    try:
        from _pytest.mark.expression import Expression
        expr = Expression.compile(markexpr)
    except Exception:                   # pytest's own parser: should it move, read the words
        return markexpr.split() == ["slow"]
    return expr.evaluate(lambda name: name == "slow") and not expr.evaluate(lambda name: False)


def pytest_configure(config):
    # builds remember their inputs in the user's cache folder: keep the tests' records apart
    import tempfile
    os.environ.setdefault("XDG_CACHE_HOME", tempfile.mkdtemp(prefix="actionplans-test-cache-"))
    # and the build cache: by default it sits beside the content folder, which for the fixture
    # sites is inside the repository. One for the session (keys are content hashes, so sites
    # share it safely); tests of the cache itself pass their own --cache-dir.
    os.environ.setdefault("ACTIONPLANS_CACHE_DIR", tempfile.mkdtemp(prefix="actionplans-test-build-cache-"))
    # `-m slow` runs the fault and property suites at full size (before their modules are imported)
    if _selects_only_slow(config.getoption("markexpr", "") or ""):
        os.environ.setdefault(FULL_SIZE, "1")


def robust_size(variable: str, default: int, full: int) -> int:
    """How many trials or examples a slow suite runs: the environment variable if set, else
    `full` under `-m slow` or ROBUST_FULL=1, else `default` (the everyday run: smaller, same checks)."""
    if os.environ.get(variable):
        return int(os.environ[variable])
    return full if os.environ.get(FULL_SIZE, "").lower() in ("1", "true", "yes") else default


def pytest_addoption(parser):
    parser.addoption("--update-snapshots", action="store_true", default=False,
                     help="rewrite tests/snapshots/ from the current output instead of comparing")


@pytest.fixture
def update_snapshots(request) -> bool:
    return request.config.getoption("--update-snapshots")


def copy_site(dest: Path, overlay: Path | None = None) -> Path:
    """A copy of the valid fixture site (optionally with a case's files laid over it)."""
    content = dest / "content"
    shutil.copytree(VALID, content)
    if overlay is not None:
        shutil.copytree(overlay, content, dirs_exist_ok=True)
    return content


def example_without_reviews(dest: Path) -> Path:
    """A copy of the example site's content without its reviews: what an import fills."""
    content = dest / "content"
    shutil.copytree(EXAMPLE, content)
    for f in (content / "reviews").glob("*.yaml"):
        f.unlink()
    return content


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return copy_site(tmp_path)


@pytest.fixture(scope="session")
def example_output(tmp_path_factory) -> Path:
    """The example site in content/, built once for the session."""
    from actionplans.build import build
    out = tmp_path_factory.mktemp("example") / "output"
    result = build(EXAMPLE, out, themes_dir=THEMES, as_of=EXAMPLE_AS_OF)
    assert result.written, [d.format() for d in result.diagnostics.sorted()]
    return out


@pytest.fixture(scope="session")
def valid_output(tmp_path_factory) -> Path:
    from actionplans.build import build
    out = tmp_path_factory.mktemp("valid") / "output"
    result = build(VALID, out, themes_dir=THEMES)
    assert result.written, [d.format() for d in result.diagnostics.sorted()]
    return out


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")
