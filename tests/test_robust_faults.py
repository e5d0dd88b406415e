"""Faults: a build killed at a random moment, or a write that fails (disk full), leaves the
previous output/ complete and unchanged, and the next build cleans up the temporary folder.

The kill test runs the real CLI in a subprocess and SIGKILLs it after random delays:
ROBUST_KILLS trials (8 in a plain run; 200 under `-m slow` or ROBUST_FULL=1). The seed is printed,
and ROBUST_SEED replays a run."""

from __future__ import annotations

import errno
import hashlib
import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, THEMES, copy_site, robust_size
from actionplans.build import build
import actionplans.publish.write as write
from actionplans.core.lock import lock_path

pytestmark = pytest.mark.slow
KILLS = robust_size("ROBUST_KILLS", 8, 200)
TEMP = write.TEMP_PREFIX + "output."


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def without_search(files: dict[str, str]) -> dict[str, str]:
    """Pagefind's index differs from run to run (see tests/browser/test_search.py), so a fresh
    build is recognised by every other file, and by having an index at all."""
    return {k: v for k, v in files.items() if not k.startswith("pagefind/")}


def cli_build(content: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "actionplans", "build", "--content", str(content), "--output", str(out),
            "--themes", str(THEMES)]


def two_sites(tmp_path: Path) -> dict[str, Path]:
    """Two versions of the site whose outputs differ, so an old and a new output can be told apart."""
    sites = {}
    for name, title in (("a", "Test action plans"), ("b", "Test action plans, second edition")):
        content = copy_site(tmp_path / name)
        site = content / "site.yaml"
        site.write_text(site.read_text(encoding="utf-8").replace("title: Test action plans", f"title: {title}"),
                        encoding="utf-8")
        sites[name] = content
    return sites


def test_builds_killed_at_random_moments_leave_a_complete_output(tmp_path):
    seed = int(os.environ.get("ROBUST_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    print(f"\nkill test: {KILLS} trials, ROBUST_SEED={seed}")
    sites = two_sites(tmp_path / "sites")
    work = tmp_path / "work"
    work.mkdir()
    out = work / "output"
    # The build record (which lets an unchanged site skip its build) is kept apart from the user's.
    env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_CACHE_HOME=str(tmp_path / "cache"))

    # What each complete output looks like, and how long an uninterrupted build takes.
    expected = {}
    for name, content in sites.items():
        started = time.monotonic()
        subprocess.run(cli_build(content, out), cwd=work, env=env, check=True, capture_output=True, timeout=300)
        duration = time.monotonic() - started
        expected[name] = without_search(tree(out))
        assert "pagefind/pagefind.js" in tree(out)
    assert expected["a"] != expected["b"]
    current, current_tree = "b", tree(out)

    outcomes = {"kept the previous output": 0, "finished the new output": 0, "killed while writing": 0,
                "temporary folder left behind": 0}
    for trial in range(KILLS):
        target = "a" if current == "b" else "b"
        proc = subprocess.Popen(cli_build(sites[target], out), cwd=work, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if trial % 2:
            # Half the kills land at any moment of the build...
            delay = rng.uniform(0, 1.1 * duration)
            time.sleep(delay)
        else:
            # ...and half inside the short writing stage, which is where a kill could do harm:
            # wait for this build's temporary folder (named by its process id) to appear, then
            # kill within the next few milliseconds.
            deadline = time.monotonic() + 5 * duration
            mine = work / f"{TEMP}{proc.pid}"
            while proc.poll() is None and time.monotonic() < deadline and not mine.exists():
                time.sleep(0.0005)
            delay = rng.uniform(0, 0.03)
            time.sleep(delay)
            outcomes["killed while writing"] += proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        where = f"trial {trial} (seed {seed}, delay {delay:.3f}s)"
        assert out.is_dir(), f"{where}: output/ is missing"
        now = tree(out)
        if now == current_tree:
            outcomes["kept the previous output"] += 1
        else:
            assert without_search(now) == expected[target] and "pagefind/pagefind.js" in now, \
                f"{where}: output/ is neither the old site nor the new one"
            outcomes["finished the new output"] += 1
            current, current_tree = target, now
        leftovers = [p.name for p in work.iterdir() if p.name not in ("output", lock_path(out).name)]
        assert all(name.startswith(write.TEMP_PREFIX) for name in leftovers), leftovers
        outcomes["temporary folder left behind"] += bool(leftovers)
    print(f"kill test outcomes: {outcomes}")

    # The next build cleans up whatever the killed ones left, and finishes.
    proc = subprocess.run(cli_build(sites["a"], out), cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in work.iterdir()) == [lock_path(out).name, "output"]
    assert without_search(tree(out)) == expected["a"]


@pytest.fixture(scope="module")
def two_outputs(tmp_path_factory) -> tuple[dict[str, bytes], dict[str, bytes], dict[str, Path]]:
    """The files of both versions, rendered once: the fault tests below only write them."""
    sites = two_sites(tmp_path_factory.mktemp("faults"))
    files = [build(sites[n], Path("unused"), themes_dir=THEMES, write=False).files for n in ("a", "b")]
    assert files[0] and files[1] and files[0] != files[1]
    return files[0], files[1], sites


@pytest.fixture
def previous(tmp_path, two_outputs):
    """output/ as the previous build left it, and the new files to write over it."""
    files_a, files_b, _ = two_outputs
    out = tmp_path / "output"
    write.write_output(out, files_a)
    return out, files_b, tree(out)


def assert_untouched(out: Path, before: dict[str, str]) -> None:
    assert tree(out) == before
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(write.TEMP_PREFIX)] == []


def full_disk_after(monkeypatch, n: int) -> None:
    """Every file opened for writing, or hard-linked from the previous output/ (a link takes a
    directory entry too), in the temporary folder after the first n fails: ENOSPC."""
    count = {"n": 0}
    real_open, real_link = open, os.link

    def linker(src, dst, *args, **kwargs):
        if write.TEMP_PREFIX in str(dst):
            count["n"] += 1
            if count["n"] > n:
                raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real_link(src, dst, *args, **kwargs)
    monkeypatch.setattr(write.os, "link", linker)

    def opener(path, mode="r", *args, **kwargs):
        if "w" in mode and write.TEMP_PREFIX in str(path):
            count["n"] += 1
            if count["n"] > n:
                raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_open(path, mode, *args, **kwargs)
    monkeypatch.setattr(write, "open", opener, raising=False)


@pytest.mark.parametrize("fail_after", [0, 1, 7, 30, "last"])
def test_disk_full_while_writing_leaves_the_previous_output(previous, monkeypatch, fail_after):
    out, files, before = previous
    full_disk_after(monkeypatch, len(files) - 1 if fail_after == "last" else fail_after)
    with pytest.raises(OSError):
        write.write_output(out, files)
    assert_untouched(out, before)


def test_disk_full_is_reported_by_the_build_as_a_diagnostic(tmp_path, monkeypatch, two_outputs):
    files_a, _, sites = two_outputs
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "output"
    write.write_output(out, files_a)
    before = tree(out)
    full_disk_after(monkeypatch, 7)
    result = build(sites["b"], out, themes_dir=THEMES)
    assert not result.written
    [error] = result.diagnostics.errors
    assert "could not be written" in error.message and "No space left" in error.message
    assert_untouched(out, before)


@pytest.mark.parametrize("step", ["mkdir", "exchange", "rename"])
def test_a_failing_folder_operation_leaves_the_previous_output(previous, monkeypatch, step):
    """Failures outside the file writes: creating the temporary folder, the atomic swap, and
    (where the system has no atomic swap, as on macOS) the second of the two renames."""
    out, files, before = previous

    def fail(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    if step == "mkdir":
        real = Path.mkdir
        monkeypatch.setattr(Path, "mkdir", lambda self, *a, **k: fail() if write.TEMP_PREFIX in self.name
                            else real(self, *a, **k))
    elif step == "exchange":
        monkeypatch.setattr(write, "_exchange", fail)
    else:
        monkeypatch.setattr(write, "_exchange", lambda a, b: False)
        real_rename = Path.rename
        monkeypatch.setattr(Path, "rename", lambda self, target: fail() if self.name.startswith(write.TEMP_PREFIX)
                            and not self.name.endswith(".old") else real_rename(self, target))
    with pytest.raises(OSError):
        write.write_output(out, files)
    assert_untouched(out, before)


def test_without_an_atomic_swap_the_two_renames_still_replace_the_output(previous, monkeypatch):
    out, files, before = previous
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    write.write_output(out, files)
    assert tree(out) != before and tree(out) == {k: hashlib.sha256(v).hexdigest() for k, v in sorted(files.items())}
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(write.TEMP_PREFIX)] == []


def test_tidying_up_after_the_swap_cannot_fail_the_write(previous, monkeypatch):
    """Once the new site is in place, a leftover that cannot be removed is the next build's job."""
    out, files, before = previous
    real = write.shutil.rmtree

    def stubborn(path, *args, **kwargs):
        if Path(path).name.startswith(write.TEMP_PREFIX):
            if kwargs.get("ignore_errors"):
                return None
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)
    monkeypatch.setattr(write.shutil, "rmtree", stubborn)
    write.write_output(out, files)               # must not raise: the site is written
    assert tree(out) != before
    monkeypatch.undo()
    write.write_output(out, files)               # the next write removes the leftover
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(write.TEMP_PREFIX)] == []


def test_a_killed_builds_leftovers_go_even_when_the_next_build_has_nothing_to_do(tmp_path, monkeypatch, two_outputs):
    """A build killed while writing leaves its temporary folder; if the content is then put back,
    the next build finds output/ up to date and skips the work, but must still clean up."""
    _, _, sites = two_outputs
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    out = tmp_path / "output"
    assert build(sites["a"], out, themes_dir=THEMES).written
    stale = tmp_path / f"{TEMP}99999"
    (stale / "reviews").mkdir(parents=True)
    (stale / "reviews" / "index.html").write_bytes(b"half a site")
    again = build(sites["a"], out, themes_dir=THEMES)
    assert again.written and again.up_to_date, "the second build should have had nothing to do"
    assert not stale.exists()


def _small_file_limit() -> None:
    # In the child only: files may not grow beyond 4 KB, as on a full disk; the signal the
    # kernel sends is ignored so the write fails with an error instead of killing the build.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_real_failing_write_leaves_the_previous_output(tmp_path):
    """No mocking: the kernel refuses the writes (RLIMIT_FSIZE), in a CLI subprocess."""
    sites = two_sites(tmp_path / "sites")
    work = tmp_path / "work"
    work.mkdir()
    out = work / "output"
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1", XDG_CACHE_HOME=str(tmp_path / "cache"))
    write.write_output(out, build(sites["a"], out, themes_dir=THEMES, write=False).files)
    before = tree(out)
    proc = subprocess.run(cli_build(sites["b"], out), cwd=work, env=env, capture_output=True, text=True,
                          timeout=300, preexec_fn=_small_file_limit)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "the site could not be written" in proc.stderr and "File too large" in proc.stderr, proc.stderr
    assert tree(out) == before
    assert sorted(p.name for p in work.iterdir()) == [lock_path(work / "output").name, "output"]
