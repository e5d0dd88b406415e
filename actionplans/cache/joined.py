"""The guard's verdict on a site-wide file made of per-review parts (reviews.json, actions.csv),
from each part's cached verdict, so that a one-review edit guards one part, not 115 MB.

A finding in a text is a few words (a name, a number, an address) judged by a few characters
around it. So a file whose guard text is its parts' guard texts joined is clean when each part
is clean and so is each junction: the last WINDOW lines of a part joined to the first WINDOW
lines of the next (names and patterns spread over a line break or two at most; WINDOW is many
times that). Each part's verdict, head and tail are kept by the hash of its bytes, each
junction's verdict by its text. This only ever proves a file clean: when a part or a junction
has a finding, or the parts do not make the file byte for byte, the file is guarded whole, so
what an officer is told (every finding, at its line in the file) is what a whole scan says."""

from __future__ import annotations

from typing import Callable

from ..core.hashing import sha256
from ..privacy.guard import guard_view, scan_views
from ..privacy.redact import RedactionLog
from ..publish.opendata import joined_files
from .entries import Store, digest

WINDOW = 8      # lines each side of a junction


def _ends(text: str) -> tuple[str, str] | None:
    """(first WINDOW lines, last WINDOW lines) of a part's guard text; None when the part is
    too short for its junctions to be apart (then a finding could reach over it)."""
    lines = text.split("\n")
    if len(lines) < 2 * WINDOW:
        return None
    return "\n".join(lines[:WINDOW]), "\n".join(lines[-WINDOW:])


def joined_clean(name: str, pieces: list[bytes], sep: str, store: Store, settings: tuple,
                 log: RedactionLog | None, scan: bool = True) -> bool:
    """Whether guarding the file `name`, whose guard text is sep.join(guard_view of each piece),
    would find nothing. False means only "not proven": guard the file whole. With scan=False
    nothing is scanned: the verdicts kept are only marked as used (the file's own verdict was
    found; its parts' are kept for the next edit)."""
    base = digest(store.base, "guard-part", settings, name)
    keys = [digest(base, sha256(piece)) for piece in pieces]
    kept = [store.get("guard-part", key) for key in keys]
    todo = [i for i, value in enumerate(kept) if value is None]
    if todo and not scan:
        return False
    views = [guard_view(name, pieces[i]) for i in todo]
    for i, view, problems in zip(todo, views, scan_views([(name, v) for v in views], log)):
        ends = _ends(view)
        kept[i] = (not problems and ends is not None, *(ends or ("", "")))
        store.put("guard-part", keys[i], kept[i])
    if not all(clean for clean, _, _ in kept):
        return False
    junctions = [kept[i][2] + sep + kept[i + 1][1] for i in range(len(kept) - 1)]
    window_base = digest(store.base, "guard-junction", settings, name)
    window_keys = [digest(window_base, text) for text in junctions]
    verdicts = [store.get("guard-part", key) for key in window_keys]
    todo = [i for i, v in enumerate(verdicts) if v is None]
    if todo and not scan:
        return False
    for i, problems in zip(todo, scan_views([(name, junctions[i]) for i in todo], log)):
        verdicts[i] = (not problems, "", "")
        store.put("guard-part", window_keys[i], verdicts[i])
    return all(clean for clean, _, _ in verdicts)


def joined_proofs(files: dict[str, bytes], content, store: Store, settings: tuple,
                  log: RedactionLog | None) -> dict[str, Callable[[bool], bool]]:
    """For each site-wide file made of per-review parts, a proof that it is clean (cache/pages.py
    guard_cached calls it instead of guarding the file, when the file's own verdict is not kept)."""
    if not store.enabled:
        return {}
    return {name: (lambda scan, name=name, pieces=pieces, sep=sep:
                   joined_clean(name, pieces, sep, store, settings, log, scan))
            for name, (pieces, sep) in joined_files(files, content).items()}
