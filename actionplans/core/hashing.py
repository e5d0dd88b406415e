"""The SHA-256 of a published file's bytes, computed once per build: the guard, the search
index's parts, the link check and the XML check each find their cached answers by it, and
hashing every page three times was a second of an edit at N = 2,000 per pass. The bytes are held
while their hash is (an id is only unique while its object lives); build() forgets them after."""

from __future__ import annotations

import hashlib

_seen: dict[int, tuple[bytes, bytes]] = {}


def sha256(data: bytes) -> bytes:
    kept = _seen.get(id(data))
    if kept is None or kept[0] is not data:
        kept = _seen[id(data)] = (data, hashlib.sha256(data).digest())
    return kept[1]


def forget() -> None:
    """Let the bytes hashed so far go (the end of a build)."""
    _seen.clear()
