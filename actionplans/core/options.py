"""One value holding everything a build is asked to do: build(), check() and serve all take it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Protocol


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    output: Path | None = None          # None with write=False: check
    themes: Path | None = None          # None: themes/ beside content/, else the package's own
    as_of: dt.date | None = None
    redaction: Path | None = None       # a redaction list outside content/ (--redaction)
    strict: bool = False                # warnings fail the build too
    write: bool = True                  # False: check, the same build without writing
    cache: bool = True                  # False: --no-cache, nothing read from or kept in the cache
    cache_dir: Path | None = None       # None: ACTIONPLANS_CACHE_DIR, else .actionplans-cache/ beside content/


class Remember(Protocol):
    """How a stage asks for a value it may have made before: remember(kind, parts, make) is
    make(), or the value make() returned in an earlier build from the same parts. `parts` must
    hold everything the value depends on (cache/entries.py keys the value by their hash)."""

    def __call__(self, kind: str, parts: tuple, make: Callable[[], Any]) -> Any: ...


def uncached(kind: str, parts: tuple, make: Callable[[], Any]) -> Any:
    return make()
