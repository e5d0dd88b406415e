"""The package's shape (README "For developers"): the import rule between its layers, checked by
import-linter from [tool.importlinter] in pyproject.toml, and the size of its modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "actionplans"
MOST_LINES = 400

# Modules still over the limit, each with the number of lines it may not grow past; the list
# only shrinks (a module that gets under the limit must leave it).
STILL_TOO_LONG = {
    "importer/assemble.py": 435,
}


def test_the_layers_import_only_downwards_and_no_modules_import_each_other_in_a_circle():
    lint = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 kept, 0 broken" in run.stdout


def test_every_module_is_short_enough_to_read():
    lines = {str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines())
             for p in PACKAGE.rglob("*.py")}
    too_long = {m: n for m, n in lines.items() if n > MOST_LINES and m not in STILL_TOO_LONG}
    assert not too_long, f"split these modules (at most {MOST_LINES} lines): {too_long}"
    grown = {m: lines.get(m) for m, most in STILL_TOO_LONG.items() if lines.get(m, 0) > most}
    assert not grown, f"these modules must shrink, not grow: {grown}"
    done = [m for m in STILL_TOO_LONG if lines.get(m, 0) <= MOST_LINES]
    assert not done, f"now short enough: remove from STILL_TOO_LONG: {done}"


def test_every_subpackage_says_what_it_is_for():
    for package in [p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()]:
        doc = (package / "__init__.py").read_text(encoding="utf-8")
        assert doc.startswith('"""') and len(doc) > 40, package
