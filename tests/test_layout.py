"""The package's shape (README "For developers"): the import rule between its layers, checked by
import-linter from [tool.importlinter] in pyproject.toml, and the size of its modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "actionplans"
MOST_LINES = 400


def test_the_layers_import_only_downwards_and_no_modules_import_each_other_in_a_circle():
    lint = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 kept, 0 broken" in run.stdout


def test_every_module_is_short_enough_to_read():
    lines = {str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines())
             for p in PACKAGE.rglob("*.py")}
    too_long = {m: n for m, n in lines.items() if n > MOST_LINES}
    assert not too_long, f"split these modules by role (at most {MOST_LINES} lines): {too_long}"
    assert len(lines) > 60      # the package was read


def test_every_subpackage_says_what_it_is_for():
    for package in [p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()]:
        doc = (package / "__init__.py").read_text(encoding="utf-8")
        assert doc.startswith('"""') and len(doc) > 40, package
