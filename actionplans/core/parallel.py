"""Work spread over the machine's cores. A national site is thousands of pages, and CI and
Netlify give a build two cores; pages are independent, so each worker takes a share.

Workers are forked, so they start with the model, templates and name lists already in memory
(nothing is pickled on the way in, only the results on the way back). Small jobs, and
machines without fork, run in this process: a pool costs more than it saves there."""

from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Set by the parent just before forking, read by the workers: fork copies it, so the function
# and its items need not be picklable (closures over the model are not).
_JOB: tuple[Callable, Sequence] | None = None


class WorkerFailed(Exception):
    """A worker raised: the caller redoes the work in this process to get the real error with
    its traceback (which a pickled exception would lose)."""


def workers() -> int:
    env = os.environ.get("ACTIONPLANS_WORKERS", "")
    if env.isdigit():
        return max(1, int(env))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:      # not Linux
        return os.cpu_count() or 1


def _open_files() -> dict[int, tuple[int, int]]:
    """This process's open file descriptors (but standard input, output and error), each with
    the device and inode it refers to. Empty where /proc/self/fd is not there."""
    try:
        numbers = [int(n) for n in os.listdir("/proc/self/fd")]
    except OSError:
        return {}
    out = {}
    for fd in numbers:
        if fd > 2:
            try:
                st = os.fstat(fd)
            except OSError:
                continue    # the listing's own descriptor, closed by now
            out[fd] = (st.st_dev, st.st_ino)
    return out


def _close_inherited(inherited: dict[int, tuple[int, int]]) -> None:
    """A worker's first step: close what the parent had open before the pool (still the same
    files; the pool's own pipes are newer). The build runs Pagefind in a thread meanwhile, and a
    worker holding its input pipe open would keep Pagefind from ever finishing."""
    for fd, (dev, ino) in inherited.items():
        try:
            st = os.fstat(fd)
            if (st.st_dev, st.st_ino) == (dev, ino):
                os.close(fd)
        except OSError:
            pass


def _run_chunk(bounds: tuple[int, int]) -> tuple[bool, list]:
    assert _JOB is not None
    fn, items = _JOB
    try:
        return True, [fn(item) for item in items[bounds[0]:bounds[1]]]
    except Exception:           # noqa: BLE001 — reported to the parent, which redoes it
        return False, []


def map_in_order(fn: Callable[[T], R], items: Sequence[T], *, weight: int, threshold: int,
                 chunk: int = 16) -> list[R]:
    """[fn(item) for item in items], in order. In worker processes when `weight` (a size of
    the work: pages, bytes) reaches `threshold` and there is more than one core."""
    n = workers()
    if n < 2 or weight < threshold or len(items) < 2 * chunk or "fork" not in multiprocessing.get_all_start_methods():
        return [fn(item) for item in items]
    global _JOB
    _JOB = (fn, items)
    try:
        bounds = [(i, min(i + chunk, len(items))) for i in range(0, len(items), chunk)]
        with multiprocessing.get_context("fork").Pool(n, initializer=_close_inherited,
                                                      initargs=(_open_files(),)) as pool:
            parts = pool.map(_run_chunk, bounds, chunksize=1)
    finally:
        _JOB = None
    if not all(ok for ok, _ in parts):
        raise WorkerFailed()
    return [r for _, rs in parts for r in rs]
