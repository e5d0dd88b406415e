"""Every internal link and #anchor in the output must resolve; checked at the end of every
build, before anything is written."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

_HREF = re.compile(r"""\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
# Produced by tools run after rendering (the search index); checked by their own tests.
EXEMPT_PREFIXES = ("/pagefind/",)


def _target_file(path: str, files: set[str]) -> str | None:
    rel = unquote(path).lstrip("/")
    candidates = [rel + "index.html"] if rel.endswith("/") or rel == "" else [rel, rel + "/index.html"]
    for c in candidates:
        if c in files:
            return c
    return None


def find_broken(files: dict[str, bytes], base_path: str = "") -> list[tuple[str, str]]:
    """(page, link) for every internal link that does not resolve."""
    pages = {name: files[name].decode("utf-8", "replace") for name in files if name.endswith(".html")}
    ids = {name: {html.unescape(a or b) for a, b in _ID.findall(text)} for name, text in pages.items()}
    names = set(files)
    broken = []
    for name in sorted(pages):
        page_dir = "/" + name.rsplit("/", 1)[0] + "/" if "/" in name else "/"
        for a, b in _HREF.findall(pages[name]):
            link = html.unescape(a or b).strip()
            parsed = urlparse(link)
            if parsed.scheme or link.startswith("//"):
                continue
            path, fragment = urldefrag(link)
            if not path:
                target = name
            else:
                if path.startswith("/"):
                    if base_path and not path.startswith(base_path + "/"):
                        broken.append((name, link))
                        continue
                    path = path[len(base_path):]
                else:
                    path = page_dir + path
                path = re.sub(r"/\./", "/", path)
                while "/../" in path:
                    path = re.sub(r"/[^/]+/\.\./", "/", path, count=1)
                if path.startswith(EXEMPT_PREFIXES):
                    continue
                target = _target_file(path.split("?", 1)[0], names)
                if target is None:
                    broken.append((name, link))
                    continue
            if fragment and target.endswith(".html") and unquote(fragment) not in ids.get(target, set()):
                broken.append((name, link))
    return broken


def broken_links(output: Path, base_path: str = "") -> list[tuple[str, str]]:
    files = {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    return find_broken(files, base_path)
