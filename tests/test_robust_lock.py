"""One build at a time per output folder (actionplans/core/lock.py). Builds started together into the
same output/ all finish, and what is left is always one complete site; a second build waits
for the first, saying so; clean-up never removes a folder whose builder still runs.

ROBUST_PARALLEL rounds (2 in a plain run; 50 under `-m slow` or ROBUST_FULL=1) of ROBUST_PARALLEL_WIDTH (3)
builds started at once, alternating two versions of the site."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, robust_size
from actionplans.core.lock import lock_path, output_lock
from actionplans.publish.write import TEMP_PREFIX, clean_stale
from test_robust_faults import cli_build, tree, two_sites, without_search

pytestmark = pytest.mark.slow
ROUNDS = robust_size("ROBUST_PARALLEL", 2, 50)
WIDTH = int(os.environ.get("ROBUST_PARALLEL_WIDTH", "3"))


def test_parallel_builds_always_leave_one_complete_site(tmp_path):
    sites = two_sites(tmp_path / "sites")
    work = tmp_path / "work"
    work.mkdir()
    out = work / "output"
    env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_CACHE_HOME=str(tmp_path / "cache"))
    expected = {}
    for name, content in sites.items():
        subprocess.run(cli_build(content, out) + ["--no-cache"], cwd=work, env=env, check=True, capture_output=True,
                       timeout=300)
        expected[name] = without_search(tree(out))
    waited = 0
    started = time.monotonic()
    for r in range(ROUNDS):
        procs = [subprocess.Popen(cli_build(sites["ab"[(r + i) % 2]], out) + ["--no-cache"], cwd=work, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(WIDTH)]
        for p in procs:
            _, err = p.communicate(timeout=600)
            assert p.returncode == 0, err
            assert "built" in err, err
            waited += "waiting for it to finish" in err
        now = tree(out)
        assert "_headers" in now and "pagefind/pagefind.js" in now and "index.html" in now
        assert without_search(now) in (expected["a"], expected["b"]), f"round {r}: an incomplete or mixed site"
        assert [p.name for p in work.iterdir() if p.name.startswith(TEMP_PREFIX)] == []
    print(f"\nparallel builds: {ROUNDS} rounds of {WIDTH}, {waited} waited, {time.monotonic() - started:.1f} s")
    assert waited >= ROUNDS, "builds started together must have met the lock"


HOLD = """
import sys, time
from pathlib import Path
from actionplans.core.lock import output_lock
with output_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_a_second_build_waits_and_says_so(tmp_path):
    sites = two_sites(tmp_path / "sites")
    out = tmp_path / "output"
    env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_CACHE_HOME=str(tmp_path / "cache"))
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(out), "2"], env=env, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    started = time.monotonic()
    proc = subprocess.run(cli_build(sites["a"], out), cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300)
    holder.wait(timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert f"another build is writing {out} (process {holder.pid}): waiting for it to finish" in proc.stderr
    assert time.monotonic() - started >= 1.5
    assert (out / "index.html").is_file()


def test_clean_up_keeps_the_folder_of_a_builder_that_still_runs(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        live = tmp_path / f"{TEMP_PREFIX}output.{sleeper.pid}"
        dead = tmp_path / f"{TEMP_PREFIX}output.999999999"
        live.mkdir()
        dead.mkdir()
        with output_lock(out, on_wait=None):
            clean_stale(out)
        assert live.is_dir() and not dead.exists()
    finally:
        sleeper.kill()
        sleeper.wait()
    assert lock_path(out).parent == tmp_path and not lock_path(out).is_relative_to(out)


def test_a_lock_held_too_long_times_out(tmp_path):
    out = tmp_path / "output"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(out), "5"], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        messages = []
        try:
            with output_lock(out, on_wait=messages.append, timeout=0.3):
                raise AssertionError("the lock was taken while another process held it")
        except TimeoutError as exc:
            assert str(holder.pid) in str(exc)
        assert messages and "waiting" in messages[0]
    finally:
        holder.kill()
        holder.wait()
