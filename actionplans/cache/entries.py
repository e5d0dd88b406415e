"""The persistent, content-addressed cache: one file per entry, named by the hash of everything
its value was made from (cache/keys.py), shared by build, check, serve and CI.

An entry is a header line and a payload:
    actionplans-cache <FORMAT> <kind> <key> <sha256 of the payload>\\n<payload>
It is used only when the header names this format, the kind and key asked for, and the payload
hashes to the recorded value; anything else (a truncated write, a flipped bit, an entry from
another version or another key) is deleted and the value made again. Never trusted, never fatal.

Why a pickle is safe to read here: the payload is unpickled by _SafeUnpickler, which can build
only the plain data classes of the model, diagnostics, redaction and guard records and a few
built-in containers (ALLOWED). A pickle that names anything else (os.system, a function of ours,
a class whose construction does work) is refused before it is called, so a tampered entry can at
most hold different data, not run code. Different data is what the hash check catches when it is
an accident; a deliberate edit needs write access to the cache folder, which (on a laptop, in a
CI job, on Netlify) only builds of the same site have. Privacy does not rest on the cache: the
redaction list and every site-wide file are in every key, and the guard runs on every page's
bytes (its verdict is cached by the hash of those bytes).
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from ..publish.spare import SPARE, spare_dir

FORMAT = "3"
MAGIC = b"actionplans-cache"

# module → the names an entry may build. Only data classes (no work in their construction) and
# containers. The unpickler refuses everything else (see the module docstring).
ALLOWED: dict[str, frozenset[str]] = {
    "builtins": frozenset({"set", "frozenset", "tuple", "list", "dict", "bytes", "bytearray", "str", "int",
                           "float", "bool", "complex", "slice"}),
    "copyreg": frozenset({"_reconstructor"}),
    "collections": frozenset({"OrderedDict"}),
    "datetime": frozenset({"date", "datetime", "timedelta", "timezone"}),
    "actionplans.core.model": None,          # every class in it (checked below: classes only)
    "actionplans.core.dates": frozenset({"PartialDate"}),
    "actionplans.core.diagnostics": frozenset({"Diagnostic"}),
    "actionplans.privacy.redact": frozenset({"ReplacementRecord", "FindingRecord"}),
    "actionplans.privacy.guard": frozenset({"GuardProblem"}),
    "actionplans.content.progress": frozenset({"ActionFacts"}),
}  # type: ignore[dict-item]


class RefusedEntry(pickle.UnpicklingError):
    pass


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module not in ALLOWED:
            raise RefusedEntry(f"{module}.{name} is not allowed in a cache entry")
        names = ALLOWED[module]
        if names is not None and name not in names:
            raise RefusedEntry(f"{module}.{name} is not allowed in a cache entry")
        found = super().find_class(module, name)
        if names is None and not (isinstance(found, type) and found.__module__ == module):
            raise RefusedEntry(f"{module}.{name} is not a data class of the model")
        return found


def loads(payload: bytes) -> Any:
    return _SafeUnpickler(io.BytesIO(payload)).load()


# A review's repr (every recommendation, action and update) is most of what a build hashes, and
# one review is hashed for its redaction, its data files and each page showing it. The model is
# frozen all the way down (frozen data classes, tuples, strings, dates), so a review or its
# recommendations is hashed once per object: while the object lives (it is held here) its repr
# cannot change. What the last two builds did not use is let go (Store() ages it).
_HASHED_ONCE = ("Review", "Recommendation")
_hashed: dict[int, tuple[object, bytes]] = {}
_used_now: set[int] = set()


def _once(part: object) -> bool:
    if isinstance(part, tuple):
        return bool(part) and all(_once(p) for p in part[:1]) and all(type(p) is type(part[0]) for p in part)
    return type(part).__name__ in _HASHED_ONCE and type(part).__module__ == "actionplans.core.model"


def _encoded(part: object) -> bytes:
    if isinstance(part, bytes):
        return part
    if _once(part):
        kept = _hashed.get(id(part))
        if kept is None or kept[0] is not part:
            kept = _hashed[id(part)] = (part, b"model:" + hashlib.sha256(
                repr(part).encode("utf-8", "surrogateescape")).digest())
        _used_now.add(id(part))
        return kept[1]
    return repr(part).encode("utf-8", "surrogateescape")


def age_hashed() -> None:
    """Forget the hashes of objects no build used since the last call (an edited review's old
    versions in serve), so that they can be freed."""
    for key in [k for k in _hashed if k not in _used_now]:
        del _hashed[key]
    _used_now.clear()


def digest(*parts: object) -> str:
    """sha256 of the parts' reprs (bytes as they are), each length-prefixed so no two lists of
    parts run together. The model is frozen data classes: their repr is their whole value (a
    review's or recommendations' repr enters as its own sha256, computed once per object)."""
    h = hashlib.sha256()
    for part in parts:
        data = _encoded(part)
        h.update(b"%d:" % len(data))
        h.update(data)
    return h.hexdigest()


def default_dir(content_dir: Path) -> Path:
    """ACTIONPLANS_CACHE_DIR, or .actionplans-cache/ beside the content folder (never inside
    content/ or output/: nothing in it is ever published or read as content)."""
    env = os.environ.get("ACTIONPLANS_CACHE_DIR")
    if env:
        return Path(env)
    return Path(content_dir).resolve().parent / ".actionplans-cache"


# Entries of these kinds (small, and read by every build) stay in memory once read and checked,
# for the next build in the same process (serve): while the file's size, time and inode are the
# ones it had, it holds the same bytes, so reading, hashing and unpickling it again is skipped.
# Pages and the search index are left out: they are most of the cache's bytes. Values are shared
# between builds, so no caller may change one (the model and verdicts are frozen or only read).
MEMO_KINDS = frozenset({"review", "redact", "redact-site", "data", "guard", "guard-part", "progress", "page-links",
                        "broken-links", "changes-feed", "search-records", "xml"})
_memo: dict[Path, tuple[tuple[int, int, int], Any]] = {}


# Entries of these kinds are tiny (a file's guard verdict, a page's broken links, an XML file's
# parse: nearly always an empty list) and there is one per file of the site: 12,000 files read,
# hashed and unpickled on every build at N = 2,000. Each kind is kept as one table instead, an
# entry like any other (same header and hash check) under the key TABLE, read once and written
# once per build with only what that build used. Its values are still found by their own
# content-addressed keys, so a table can only ever answer for the bytes it was made from.
TABLE_KINDS = frozenset({"guard", "guard-part", "broken-links", "xml"})
TABLE = "table"


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


class Store:
    """get/put by (kind, key). A disabled store (--no-cache) finds nothing and keeps nothing; a
    read-only one (check, which writes nothing) finds but neither keeps nor deletes.
    `hits`, `misses` and `rejected` count this process's lookups (tests and bench read them)."""

    def __init__(self, root: Path | None, base: str = "", read_only: bool = False):
        self.root = Path(root) if root is not None else None
        self.base = base        # keys.base(): format, code, options; in every key
        self.read_only = read_only
        self.used: set[Path] = set()     # the entries this build read or wrote: prune() keeps only these
        self.hits = self.misses = self.rejected = 0
        self._tables: dict[str, dict[str, Any]] = {}     # TABLE_KINDS: kind -> key -> value
        self._table_used: dict[str, set[str]] = {}
        self._table_changed: set[str] = set()
        age_hashed()        # a new build: what the previous one did not hash again can go

    def __call__(self, kind: str, parts: tuple, make):
        """The Remember of core/options.py: the value made from `parts` before, or make()'s."""
        if self.root is None:
            return make()
        return self.remember(kind, digest(self.base, kind, *parts), make)

    def spare(self, output: Path) -> Path | None:
        """Where the spare copy of the site written to `output` lives (publish/spare.py)."""
        return spare_dir(self.root, output) if self.root is not None and not self.read_only else None

    @property
    def enabled(self) -> bool:
        return self.root is not None

    def path(self, kind: str, key: str) -> Path:
        assert self.root is not None
        return self.root / kind / key[:2] / key

    def _table(self, kind: str) -> dict[str, Any]:
        table = self._tables.get(kind)
        if table is None:
            counts = self.hits, self.misses      # the table's own read is no lookup
            kept = self._entry(kind, TABLE)
            self.hits, self.misses = counts
            table = self._tables[kind] = dict(kept) if isinstance(kept, dict) else {}
            self._table_used[kind] = set()
        return table

    def get(self, kind: str, key: str) -> Any | None:
        """The value stored under (kind, key), or None (missing, or refused and deleted)."""
        if self.root is None:
            return None
        if kind in TABLE_KINDS:
            value = self._table(kind).get(key)
            if value is None:
                self.misses += 1
            else:
                self.hits += 1
                self._table_used[kind].add(key)
            return value
        return self._entry(kind, key)

    def _entry(self, kind: str, key: str) -> Any | None:
        path = self.path(kind, key)
        if kind in MEMO_KINDS:
            kept = _memo.get(path)
            if kept is not None and kept[0] == _signature(path):
                self.hits += 1
                self.used.add(path)
                return kept[1]
            _memo.pop(path, None)
        try:
            raw = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        head, _, payload = raw.partition(b"\n")
        expected = b" ".join([MAGIC, FORMAT.encode(), kind.encode(), key.encode(),
                              hashlib.sha256(payload).hexdigest().encode()])
        try:
            if head != expected:
                raise RefusedEntry("header, key or hash does not match")
            value = loads(payload)
        except Exception:       # any fault in an entry: make the value again, never trust it
            self.rejected += 1
            self.misses += 1
            if not self.read_only:
                try:
                    path.unlink()
                except OSError:
                    pass
            return None
        self.hits += 1
        self.used.add(path)
        if kind in MEMO_KINDS:
            signature = _signature(path)
            if signature is not None:
                _memo[path] = (signature, value)
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        """Written beside itself and renamed into place: a reader sees the whole entry or none.
        A cache that cannot be written only costs time; the build goes on."""
        if self.root is None or self.read_only:
            return
        if kind in TABLE_KINDS:
            self._table(kind)[key] = value
            self._table_used[kind].add(key)
            self._table_changed.add(kind)
            return
        self._write(kind, key, value)

    def flush(self, keep_unused: bool = False) -> None:
        """Write each table this build changed or left entries of unused: only what it used (all
        it had, with `keep_unused`: a build that failed part way used only some). Before prune()."""
        if self.root is None or self.read_only:
            return
        for kind, table in self._tables.items():
            used = self._table_used[kind]
            if not keep_unused and len(used) < len(table):
                table = self._tables[kind] = {k: table[k] for k in used}
                self._table_changed.add(kind)
            if kind in self._table_changed:
                self._write(kind, TABLE, dict(table))
            else:
                self.used.add(self.path(kind, TABLE))
        self._table_changed.clear()

    def _write(self, kind: str, key: str, value: Any) -> None:
        payload = pickle.dumps(value, protocol=5)
        head = b" ".join([MAGIC, FORMAT.encode(), kind.encode(), key.encode(),
                          hashlib.sha256(payload).hexdigest().encode()])
        path = self.path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(head + b"\n" + payload)
                os.replace(temp, path)
                self.used.add(path)
                if kind in MEMO_KINDS and (signature := _signature(path)) is not None:
                    _memo[path] = (signature, value)
            except BaseException:
                os.unlink(temp)
                raise
        except OSError:
            pass

    def prune(self) -> int:
        """Delete every entry this build did not use; the number deleted. After a build that
        wrote the site, what it used is all the next build can reuse (an edit's old entries
        would otherwise pile up, in the folder Netlify and CI carry between builds)."""
        if self.root is None or self.read_only or not self.root.is_dir():
            return 0
        gone = 0
        for path in self.root.glob("*/*/*"):
            if path in self.used or path.name.startswith(".tmp-") or path.parent.parent == self.root / SPARE:
                continue        # used, another build's write in flight, or a spare site (publish/spare.py)
            _memo.pop(path, None)
            try:
                path.unlink()
                gone += 1
            except OSError:
                pass
        return gone

    def remember(self, kind: str, key: str, make) -> Any:
        """The stored value, or make()'s, stored."""
        value = self.get(kind, key)
        if value is None:
            value = make()
            self.put(kind, key, value)
        return value
