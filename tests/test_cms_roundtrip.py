"""Nothing lost on save (issue 19): every file the web editor edits, read and written back by
Decap CMS's own YAML code (tests/tools/decap_yaml.js: decap-cms-core's formats/yaml.ts, run with
node on the `yaml` package the CMS uses, after /admin/'s own keep-order.js), holds the same content; and the example site is stored
in exactly the form the CMS writes, so an officer's edit changes only the lines they changed.

The JavaScript is checked against the real CMS in tests/browser/test_admin_cms.py: a file saved
through /admin/ there equals decap_yaml.js's output plus the officer's change."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from actionplans.content import schema as S
from actionplans.content.validate import read_content
from actionplans.core.diagnostics import Diagnostics
from actionplans.publish import admin
from conftest import EXAMPLE, EXAMPLE_AS_OF, ROOT, VALID, in_ci

NODE_MODULES = ROOT / ".tools" / "cms" / "node_modules"
SCRIPT = ROOT / "tests" / "tools" / "decap_yaml.js"


def decap_round_trip(paths: list[Path]) -> dict[str, dict]:
    """{path: {"data": what the CMS read, "text": what it would write}} for each file."""
    node = shutil.which("node")
    if node is None or not (NODE_MODULES / "yaml").is_dir():
        message = "the round trip needs node and .tools/cms (see .ci/run: npm install --prefix .tools/cms …)"
        if in_ci():
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    files = []
    for path in paths:
        name = path.stem if path.parent.name != "reviews" else "review"
        keys = list(S.REVIEW.fields) if name == "review" else [name]
        files.append({"path": str(path), "sortedKeys": keys})
    request = {"order": admin.key_order(), "files": files}
    done = subprocess.run([node, str(SCRIPT)], input=json.dumps(request), capture_output=True, text=True,
                          env={"NODE_PATH": str(NODE_MODULES), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def edited_files(content: Path) -> list[Path]:
    return sorted(content.glob("reviews/*.yaml")) + [content / f"{n}.yaml" for n in S.KEYED_LISTS
                                                      if (content / f"{n}.yaml").exists()]


def model(content: Path):
    diags = Diagnostics()
    loaded = read_content(content, diags, as_of=EXAMPLE_AS_OF)
    assert loaded is not None and not diags.errors, [d.format() for d in diags.sorted()]
    return loaded


def _without_sources(c):
    """The content model, minus where each thing was written (lines move when a file is rewritten)."""
    import dataclasses

    def strip(x):
        if dataclasses.is_dataclass(x) and not isinstance(x, type):
            return tuple((f.name, strip(getattr(x, f.name))) for f in dataclasses.fields(x) if f.name != "source")
        if isinstance(x, (tuple, list)):
            return tuple(strip(v) for v in x)
        return x
    return strip(c)


@pytest.mark.parametrize("site", [EXAMPLE, VALID], ids=["example", "valid-fixture"])
def test_a_save_through_the_cms_keeps_every_value(tmp_path, site):
    """Each file written back as the CMS would: the checked content model is the same."""
    saved = tmp_path / "content"
    shutil.copytree(site, saved)
    out = decap_round_trip(edited_files(saved))
    for path, got in out.items():
        Path(path).write_text(got["text"], encoding="utf-8")
    assert _without_sources(model(saved)) == _without_sources(model(site))


def test_the_example_is_stored_as_the_cms_writes_it():
    """Opening and saving any example file through the CMS changes no line of it: a later edit's
    pull request shows only what the officer changed."""
    out = decap_round_trip(edited_files(EXAMPLE))
    changed = [Path(p).name for p, got in out.items() if got["text"] != Path(p).read_text(encoding="utf-8")]
    assert not changed, f"not in the CMS's form (comments or layout a save would rewrite): {changed}"


def test_the_example_keeps_no_meaning_in_comments():
    """A YAML comment is lost on any CMS save: the example keeps editors' notes in `notes`."""
    for path in edited_files(EXAMPLE):
        lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l.lstrip().startswith("#")]
        assert not lines, f"{path.name}: {lines[:2]}"
