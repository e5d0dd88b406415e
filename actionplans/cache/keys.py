"""Cache keys: the hash of everything a value was made from. Each key starts from base(): the
entry format, the package's own code and data (any change to the generator is a new cache), and
the options that shape output (as_of, and today's date when as_of is not given). Callers add
what the value itself was made from: a file's bytes, the site-wide files, the theme, the keys
of the reviews a page shows."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from pathlib import Path

from .entries import FORMAT, digest

_PACKAGE = Path(__file__).resolve().parent.parent


def tree_digest(root: Path) -> str:
    """Names and bytes of every file under root (hidden folders and __pycache__ left out)."""
    h = hashlib.sha256()
    root = Path(root)
    if not root.exists():
        return digest("missing", str(root))
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts) or not path.is_file():
            continue
        data = path.read_bytes()
        h.update(f"{rel.as_posix()}:{len(data)}\n".encode("utf-8", "surrogateescape"))
        h.update(data)
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """The generator's code, word lists, vocabulary and bundled themes: read once per process
    (serve restarts to pick up a code change; so does every CLI run)."""
    return tree_digest(_PACKAGE)


def base(as_of: dt.date | None) -> str:
    today = dt.date.today() if as_of is None else None     # without as_of, "today" shapes every page
    return digest(FORMAT, code_digest(), as_of, today)


def file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "unreadable"
