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
