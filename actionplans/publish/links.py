"""Every internal link and #anchor in the output must resolve; checked at the end of every
build, before anything is written."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

from ..core.urls import path_for

_HREF = re.compile(r"""\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
# Produced by tools run after rendering (the search index); checked by their own tests.
EXEMPT_PREFIXES = (path_for("pagefind"),)


def _target_file(path: str, files: set[str]) -> str | None:
    rel = unquote(path).lstrip("/")
    candidates = [rel + "index.html"] if rel.endswith("/") or rel == "" else [rel, rel + "/index.html"]
    for c in candidates:
        if c in files:
            return c
    return None


def _page_links(data: bytes) -> tuple[list[str], frozenset[str]]:
    text = data.decode("utf-8", "replace")
    return ([html.unescape(a or b).strip() for a, b in _HREF.findall(text)],
            frozenset(html.unescape(a or b) for a, b in _ID.findall(text)))


def _resolve(link: str, page_dir: str, names: set[str], base_path: str) -> tuple[bool, str | None, str]:
    """(whether the link is checked here, the file it leads to or None, its #fragment)."""
    parsed = urlparse(link)
    if parsed.scheme or link.startswith("//"):
        return False, None, ""
    path, fragment = urldefrag(link)
    if not path:
        return True, "", fragment       # this page's own anchor
    if path.startswith("/"):
        if base_path and not path.startswith(base_path + "/"):
            return True, None, fragment
        path = path[len(base_path):]
    else:
        path = page_dir + path
    path = re.sub(r"/\./", "/", path)
    while "/../" in path:
        path = re.sub(r"/[^/]+/\.\./", "/", path, count=1)
    if path.startswith(EXEMPT_PREFIXES):
        return False, None, ""
    return True, _target_file(path.split("?", 1)[0], names), fragment


def _broken_on(name: str, hrefs: list[str], ids: dict[str, frozenset[str]], names: set[str],
               base_path: str, resolved: dict | None = None) -> list[str]:
    """The links on one page that lead nowhere. `resolved` keeps each distinct link's answer for
    the whole check: the same address is on hundreds of pages (a link from the site root reads
    the same from any page; a relative one is kept per folder)."""
    page_dir = "/" + name.rsplit("/", 1)[0] + "/" if "/" in name else "/"
    resolved = {} if resolved is None else resolved
    broken = []
    for link in hrefs:
        key = (link, "" if link.startswith(("/", "#")) else page_dir)
        answer = resolved.get(key)
        if answer is None:
            answer = resolved[key] = _resolve(link, page_dir, names, base_path)
        checked, target, fragment = answer
        if not checked:
            continue
        if target == "":
            target = name
        if target is None:
            broken.append(link)
        elif fragment and target.endswith(".html") and unquote(fragment) not in ids.get(target, frozenset()):
            broken.append(link)
    return broken


def find_broken(files: dict[str, bytes], base_path: str = "", memo: dict | None = None) -> list[tuple[str, str]]:
    """(page, link) for every internal link that does not resolve. With a `memo` (serve's,
    between builds) a page whose bytes did not change keeps its last answer, unless a page or
    an anchor it could point at went or came."""
    memo = {} if memo is None else memo
    names = set(files)
    pages = sorted(name for name in files if name.endswith(".html"))
    # Exempt files (the search index: its file names are hashes that change with any page)
    # are never link targets here, so they do not count as a file coming or going.
    targets = frozenset(n for n in names if not ("/" + n).startswith(EXEMPT_PREFIXES))
    ids: dict[str, frozenset[str]] = {}
    changed: set[str] = set()
    lost = memo.get("", (None,))[0] != targets        # a file went (or came): check every page
    for name in pages:
        data = files[name]
        old = memo.get(name)
        if old is not None and (old[0] is data or old[0] == data):
            ids[name] = old[2]
            continue
        hrefs, page_ids = _page_links(data)
        ids[name] = page_ids
        changed.add(name)
        lost = lost or (old is not None and old[2] != page_ids)   # an anchor went or came
        memo[name] = (data, hrefs, page_ids, None)
    broken = []
    resolved: dict = {}
    for name in pages:
        data, hrefs, page_ids, found = memo[name]
        if found is None or lost or name in changed:
            found = _broken_on(name, hrefs, ids, names, base_path, resolved)
            memo[name] = (data, hrefs, page_ids, found)
        broken += [(name, link) for link in found]
    for gone in set(memo) - names - {""}:
        del memo[gone]
    memo[""] = (targets,)
    return broken


def broken_links(output: Path, base_path: str = "") -> list[tuple[str, str]]:
    files = {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    return find_broken(files, base_path)
