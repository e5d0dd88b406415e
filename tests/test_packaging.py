"""The package installs as users get it: every run-time dependency pinned in constraints.txt (what
Netlify and CI install with), and the wheel holds everything a site needs to build."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_dependency_has_its_tested_version_in_constraints():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    pinned = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pinned[name.lower().replace("_", "-")] = version
    missing = sorted(n for n in wanted if n not in pinned)
    assert not missing, f"constraints.txt lacks {missing}: refresh it (see its first lines)"
    assert all(v for v in pinned.values())
    # an exact pin in pyproject must be the version constraints.txt holds
    for r in project["dependencies"] + project["optional-dependencies"]["test"]:
        if "==" in r:
            assert pinned[_name(r)] == r.split("==", 1)[1].split(";")[0].strip(), r


def test_the_wheel_holds_the_theme_schemas_skeletons_and_data(tmp_path):
    """A plain (not editable) install must build a site from any folder: everything the build
    reads from the package is in the wheel."""
    import subprocess
    import sys
    import zipfile
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True)
    [wheel] = tmp_path.glob("actionplans-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "actionplans"
    needed = [p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    missing = sorted(str(p.relative_to(ROOT)) for p in needed if str(p.relative_to(ROOT)) not in names)
    assert not missing, f"not in the wheel: {missing[:10]}"
    assert "actionplans/themes/default/templates/base.html" in names
