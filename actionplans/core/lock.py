"""One build at a time per output folder.

A build that writes holds an exclusive lock (fcntl.flock) on a lock file beside output/ —
never inside it, since output/ is swapped whole — from before it looks at output/ until it
has swapped the new site in. A second build into the same folder waits, saying so, and then
builds on what the first one left. Only the holder tidies temporary folders, so a build never
deletes another's folder while that one is still being written. The kernel releases the lock
when its holder ends in any way (even SIGKILL), so a killed build never blocks the next one.
The lock file itself is left in place: removing it would let two builds lock two files.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

LOCK_PREFIX = ".actionplans."     # not the temporary folders' ".actionplans-"
_held: dict[Path, int] = {}     # locks this process holds, so a nested use does not wait on itself
_guard = threading.Lock()


def lock_path(output: Path) -> Path:
    output = Path(output).absolute()
    return output.parent / f"{LOCK_PREFIX}{output.name}.lock"


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def output_lock(output: Path, on_wait: Callable[[str], None] | None = _say,
                timeout: float | None = None) -> Iterator[None]:
    """Hold the output folder's lock for the duration of the block. Raises TimeoutError if
    `timeout` seconds pass without getting it, OSError if the lock file cannot be made."""
    path = lock_path(output)
    with _guard:
        if path in _held:           # this process holds it already (serve's finishing step)
            _held[path] += 1
            nested = True
        else:
            nested = False
    if nested:
        try:
            yield
        finally:
            with _guard:
                _held[path] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "another process"
            if on_wait is not None:
                on_wait(f"another build is writing {output} (process {holder}): waiting for it to finish")
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | (fcntl.LOCK_NB if deadline is not None else 0))
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:   # type: ignore[operator]
                        raise TimeoutError(f"{output} is still being written by process {holder}") from None
                    time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        with _guard:
            _held[path] = 1
        try:
            yield
        finally:
            with _guard:
                del _held[path]
    finally:
        os.close(fd)        # releases the lock
