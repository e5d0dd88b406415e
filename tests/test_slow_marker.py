"""The `slow` marker: a plain run runs the fault and property suites at a smaller size, `-m slow`
(or ROBUST_FULL=1) at full size, and a size's own variable (ROBUST_KILLS, …) wins over both."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import conftest
from conftest import ROOT, robust_size

SLOW_MODULES = ["test_robust_faults", "test_robust_properties", "test_robust_lock"]


def test_sizes(monkeypatch):
    monkeypatch.delenv("ROBUST_FULL", raising=False)
    monkeypatch.delenv("ROBUST_X", raising=False)
    assert robust_size("ROBUST_X", 3, 300) == 3
    monkeypatch.setenv("ROBUST_FULL", "1")
    assert robust_size("ROBUST_X", 3, 300) == 300
    monkeypatch.setenv("ROBUST_X", "7")
    assert robust_size("ROBUST_X", 3, 300) == 7


@pytest.mark.parametrize("expr, full", [("slow", True), ("not slow", False), ("slow or not slow", False),
                                        ("", False), ("browser", False), ("slow and not browser", True)])
def test_only_a_selection_of_slow_tests_is_full_size(expr, full):
    assert conftest._selects_only_slow(expr) is full


def test_the_fault_and_property_suites_are_marked_slow():
    for name in SLOW_MODULES:
        module = __import__(name)
        assert getattr(module, "pytestmark", None) is not None and module.pytestmark.name == "slow", name


@pytest.mark.slow
def test_the_size_follows_the_selection():
    """Run in a child pytest below: under `-m slow` the suites see ROBUST_FULL set."""
    expected = os.environ.get("EXPECT_ROBUST_FULL")
    if expected is None:
        return      # the everyday run: only the child's answer counts
    assert os.environ.get("ROBUST_FULL", "") == expected


@pytest.mark.parametrize("args, full", [(["-m", "slow"], "1"), ([], "")])
def test_a_child_run_is_sized_by_its_marker_selection(args, full):
    env = {k: v for k, v in os.environ.items() if k != "ROBUST_FULL"}
    env["EXPECT_ROBUST_FULL"] = full
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args,
                           "tests/test_slow_marker.py::test_the_size_follows_the_selection"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout + done.stderr
