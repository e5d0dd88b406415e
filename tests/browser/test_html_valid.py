"""Every generated page and stylesheet passes the Nu Html Checker (vnu.jar from npm, on the
system Java) with no errors. One call for the whole site: Java's start-up costs seconds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

from .conftest import unavailable

VNU_DEFAULT = ROOT / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="module")
def vnu() -> list[str]:
    jar = Path(os.environ.get("VNU_JAR", VNU_DEFAULT))
    java = shutil.which("java")
    if java is None:
        unavailable("Java (apt-get install default-jre-headless)")
    if not jar.is_file():
        unavailable(f"the Nu Html Checker at {jar} (npm install --prefix .tools vnu-jar)")
    return [java, "-jar", str(jar)]


def run_checker(vnu: list[str], targets: list[Path]) -> list[dict]:
    done = subprocess.run(vnu + ["--errors-only", "--format", "json", "--skip-non-html", "--also-check-css",
                                 *map(str, targets)], capture_output=True, text=True, timeout=300)
    try:
        report = json.loads(done.stderr)
    except json.JSONDecodeError:
        raise AssertionError(f"the checker did not report (exit {done.returncode}): {done.stderr[-2000:]}")
    return [m for m in report["messages"] if m["type"] in ("error", "non-document-error")]


@pytest.fixture(scope="module")
def report(vnu, site_dir, tmp_path_factory) -> dict[str, list[dict]]:
    """The site and a page with known mistakes, in the same call: the known mistakes show the
    checker ran and can fail without paying Java's start-up twice."""
    planted = tmp_path_factory.mktemp("planted")
    (planted / "bad.html").write_text("<!DOCTYPE html><html lang='en'><title>x</title><p id=a>1<p id=a>2</div>")
    errors = run_checker(vnu, [site_dir, planted])
    return {"site": [m for m in errors if str(planted) not in m.get("url", "")],
            "planted": [m for m in errors if str(planted) in m.get("url", "")]}


def test_every_page_and_stylesheet_is_valid(report, site_dir):
    assert len(list(site_dir.rglob("*.html"))) > 50
    errors = report["site"]
    shown = [f"{m.get('url', '').split(site_dir.name + '/')[-1]}:{m.get('lastLine')}: {m['message']}"
             f" [{m.get('extract', '').strip()[:80]}]" for m in errors[:25]]
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(shown)


def test_the_checker_reports_planted_errors(report):
    assert len(report["planted"]) >= 2, report["planted"]
