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


def pytest_configure(config):
    # builds remember their inputs in the user's cache folder: keep the tests' records apart
    import tempfile
    os.environ.setdefault("XDG_CACHE_HOME", tempfile.mkdtemp(prefix="actionplans-test-cache-"))
    # and the build cache: by default it sits beside the content folder, which for the fixture
    # sites is inside the repository. One for the session (keys are content hashes, so sites
    # share it safely); tests of the cache itself pass their own --cache-dir.
    os.environ.setdefault("ACTIONPLANS_CACHE_DIR", tempfile.mkdtemp(prefix="actionplans-test-build-cache-"))


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
