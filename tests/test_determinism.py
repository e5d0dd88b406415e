"""The same content builds to byte-identical files."""

import hashlib
import os
import subprocess
import sys

from conftest import EXAMPLE, ROOT, THEMES


def tree_hash(root):
    h = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            h[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return h


def test_two_builds_in_separate_processes_are_identical(tmp_path):
    outs = []
    for i, seed in enumerate(["0", "12345"]):
        out = tmp_path / f"out{i}"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-m", "actionplans", "build", "--content", str(EXAMPLE), "--output", str(out),
                        "--themes", str(THEMES), "--as-of", "2026-11-21"], check=True, env=env, cwd=ROOT,
                       capture_output=True)
        outs.append(tree_hash(out))
    assert outs[0] == outs[1]
    assert len(outs[0]) > 50
