"""The search index: Pagefind indexes the rendered pages in memory and hands its files back,
so the index goes through the link check and the output guard with everything else and
nothing is written before the whole build has passed.

Pagefind's Python API (pagefind.index.PagefindIndex) answers each request only after a
100 ms poll, which costs about 9 s for the example site's 89 pages on every build. This
module speaks the same line protocol to the same pinned binary (`pagefind --service`:
base64 JSON messages ending in a comma) and sends every page at once: under a second.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator

from ..core.urls import path_for, split_language

OUTPUT_DIR = path_for("pagefind").strip("/")
# Pagefind indexes only what is inside <main>: the exit button, navigation, helplines and
# footer repeat on every page and would open every excerpt. Parts of main that repeat too:
# An action's card is indexed as its own record (search_records.py), at its own address.
EXCLUDE = [".ap-embed-offer", ".ap-details", ".ap-breadcrumbs", ".ap-progress__key", ".ap-action"]
# What the search page's own script needs; the prebuilt UI bundles are left out.
NEEDED = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
NEEDED_PREFIXES = ("fragment/", "index/", "filter/", "wasm.", "pagefind.")
MERGED_PREFIXES = ("fragment/", "index/", "filter/")
# Pagefind's time grows with the pages (about 15 s for 60 MB of pages on 2 cores): the limit only
# catches a service that hangs, so it grows with them too.
TIMEOUT_S = 120
TIMEOUT_S_PER_MB = 3


class SearchError(Exception):
    pass


_REVIEW_VIEW = re.compile(r"reviews/[^/]+/(?:open|overdue|changes)/index\.html$")


def indexed(name: str) -> bool:
    """Real pages only: not the embeds (copies of real pages), not the 404 page, not the
    search page itself, the filtered review lists (copies of /reviews/) or the web editor."""
    name = split_language(name)[1]          # each language's pages alike (cy/embed/… too)
    return (name.endswith(".html") and name.rpartition("/")[2] != "404.html"
            and not name.startswith(("embed/", "search/", "admin/", "reviews/partnership/", "reviews/type/",
                                     "reviews/status/"))
            # a review's open, overdue and changed views repeat its page (a review may be called 'open')
            and not _REVIEW_VIEW.match(name))


_MAIN = re.compile(rb"<main[\s>]", re.I)
_BODY = re.compile(rb"<body[\s>]", re.I)


def searchable(data: bytes) -> bytes:
    """What Pagefind reads of a page: its head (language, title) and its <main>, the only part
    indexed (root_selector). The exit button, navigation, helplines and footer on every page are
    not sent: less to encode, send and parse, and the same index. A page without one <main>
    goes whole, for Pagefind to decide."""
    main = _MAIN.search(data)
    body = _BODY.search(data, 0, main.start()) if main else None
    end = data.rfind(b"</main>")
    if main is None or body is None or end < main.start() or _MAIN.search(data, main.end()):
        return data
    return b"".join((data[:body.start()], b"<body>", without_ignored(data[main.start():end]), b"</main></body></html>"))


# An element marked data-pagefind-ignore (the agency and topic pages' long lists of actions, which
# are searched on their review's page) is sent empty: Pagefind reads none of its words, and the
# lists were half the bytes it parsed. Kept whole when it holds another data-pagefind- attribute
# (a filter or meta inside an ignored element still counts) or its end cannot be found for sure.
_IGNORED = re.compile(rb"<([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?\sdata-pagefind-ignore(?:=\"(?:index|all)?\")?(?=[\s/>])[^<>]*>")


def _element_end(data: bytes, tag: bytes, start: int) -> int | None:
    """Where the element whose start tag ends at `start` closes (the index of its end tag),
    counting nested elements of the same name; None when the HTML does not say."""
    opening = re.compile(rb"<(/?)" + re.escape(tag) + rb"[\s/>]", re.I)
    depth = 1
    for m in opening.finditer(data, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.start()
    return None


def without_ignored(data: bytes) -> bytes:
    out, pos = [], 0
    while (m := _IGNORED.search(data, pos)) is not None:
        end = _element_end(data, m.group(1), m.end())
        inner = data[m.end():end] if end is not None else b""
        if end is None or b"data-pagefind-" in inner or m.group(0).endswith(b"/>"):
            out.append(data[pos:m.end()])
            pos = m.end()
            continue
        out.append(data[pos:m.end()])
        pos = end
    out.append(data[pos:])
    return b"".join(out)


def _page_url(name: str, base_path: str) -> str:
    return f"{base_path}/{name[:-len('index.html')] if name.endswith('index.html') else name}"


def _binary() -> str:
    try:
        from pagefind.service import get_executable
    except ImportError as exc:
        raise SearchError("Pagefind is not installed: pip install 'pagefind[extended]'") from exc
    path = get_executable()
    if path is None:
        raise SearchError("the Pagefind binary was not found: pip install 'pagefind[extended]'")
    return str(path)


def _message(message_id: int, payload: dict) -> bytes:
    return base64.b64encode(json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")) + b","


def _run_service(requests: Iterable[bytes], last_id: int, timeout: float = TIMEOUT_S) -> list[dict]:
    """Send every request, read responses until the one for `last_id`. The writer runs in a
    thread so neither pipe can fill up and stall the other; the service stops when its input
    closes, which is why input stays open until the last answer is in."""
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen([_binary(), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=errors, cwd=tempfile.gettempdir())
        assert proc.stdin is not None and proc.stdout is not None
        timer = threading.Timer(timeout, proc.kill)
        timer.start()

        failed: list[BaseException] = []

        def write() -> None:
            try:
                for r in requests:
                    proc.stdin.write(r)
                proc.stdin.flush()
            except (BrokenPipeError, ValueError):
                pass      # the service died; the reader reports it
            except Exception as exc:    # making a request failed (a bug): raised below, not waited out
                failed.append(exc)
                proc.kill()

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        responses: list[dict] = []
        try:
            for message in _messages(proc.stdout, errors):
                responses.append(json.loads(base64.b64decode(message)))
                if responses[-1].get("message_id") == last_id:
                    break
        except SearchError:
            writer.join(timeout=5)
            if failed:
                raise failed[0] from None
            raise
        finally:
            timer.cancel()
            writer.join(timeout=5)
            try:
                proc.stdin.close()
            except OSError:
                pass
            proc.wait(timeout=30)
    return responses


def _messages(stdout, errors) -> Iterator[bytes]:
    """The service's answers, one at a time, as they end (each with a comma). The answer with
    the index's files is tens of MB at national scale: its chunks are kept in a list and joined
    once, and only each new chunk is searched for the comma, so reading stays linear (adding
    each chunk to the unfinished answer and splitting it again copied it over and over: 22 s
    of CPU at N = 2,000)."""
    parts: list[bytes] = []
    while True:
        chunk = stdout.read1(1 << 20)
        if not chunk:
            errors.seek(0)
            raise SearchError(f"Pagefind stopped early: {errors.read()[-500:].decode('utf-8', 'replace')}")
        start = 0
        while (comma := chunk.find(b",", start)) >= 0:
            parts.append(chunk[start:comma])
            message = b"".join(parts)
            parts = []
            if message.strip():
                yield message
            start = comma + 1
        if start < len(chunk):
            parts.append(chunk[start:])


def search_files(files: dict[str, bytes], base_path: str, records: list[dict] = (), *,
                 output_dir: str = OUTPUT_DIR, merged: bool = False) -> dict[str, bytes]:
    """`pagefind/…` files for the pages in `files` (output path -> bytes) and the custom
    `records` (url, content, language, meta, filters: search_records.py). Pages are sent in
    sorted order with explicit URLs, so the same pages give byte-identical index files.
    `merged`: an index the browser merges into the one at pagefind/ (search_groups.py), which
    needs only its own entry, metadata and chunks: the script and WebAssembly are the main one's."""
    pages = [(name, files[name]) for name in sorted(files) if indexed(name)]
    size_mb = sum(len(data) for _, data in pages) / 1e6
    config = {"root_selector": "main", "exclude_selectors": EXCLUDE, "write_playground": False}
    records = tuple(records)
    last = len(pages) + len(records) + 2

    def requests() -> Iterator[bytes]:
        """Encoded one page at a time as the service reads them: never every page's copy at once."""
        yield _message(1, {"type": "NewIndex", "config": config})
        # The service numbers indexes from 0 in the order they are created: this is its first.
        n = 1
        for n, (name, data) in enumerate(pages, start=2):
            yield _message(n, {"type": "AddFile", "index_id": 0, "url": _page_url(name, base_path),
                               "file_path": None, "file_contents": searchable(data).decode("utf-8")})
        for n, record in enumerate(records, start=n + 1):
            yield _message(n, {"type": "AddRecord", "index_id": 0, "sort": None, **record})
        yield _message(last, {"type": "GetFiles", "index_id": 0})
    answers = {r.get("message_id"): r.get("payload", {}) for r in _run_service(requests(), last,
                                                                               TIMEOUT_S + TIMEOUT_S_PER_MB * size_mb)}
    for payload in answers.values():
        if payload.get("type") == "Error":
            raise SearchError(f"Pagefind refused a page: {payload.get('message')}")
    if answers.get(1, {}).get("index_id") != 0:
        raise SearchError("Pagefind numbered its index unexpectedly: is pagefind the pinned version?")
    out = {}
    for f in answers[last]["files"]:
        path = f["path"]
        if (path in NEEDED or path.startswith(NEEDED_PREFIXES)) if not merged else (
                path == "pagefind-entry.json" or path.startswith(MERGED_PREFIXES)
                or (path.startswith("pagefind.") and path.endswith(".pf_meta"))):
            out[f"{output_dir}/{path}"] = base64.b64decode(f["content"])
    needed = "pagefind-entry.json" if merged else "pagefind.js"
    if f"{output_dir}/{needed}" not in out:
        raise SearchError(f"Pagefind returned no {needed}")
    return _sort_filter_values(out, output_dir)


# ---------------------------------------------------------------------------------------------
# Pagefind 1.5.2 writes each filter's values (partnership names, progress groups) in hash-map
# order, which changes from run to run; the filter files' names are hashes of their bytes, and
# the language's .pf_meta and pagefind-entry.json name those files in turn. So: sort the values,
# name each rewritten file after its new bytes, and update the references (same-length names,
# so the CBOR around them stays valid). Everything else Pagefind writes is already stable.

SIGNATURE = b"pagefind_dcd"


def _head(b: bytes, i: int) -> tuple[int, int, int]:
    """CBOR item head at i: (major type, argument, offset after the head)."""
    major, info = b[i] >> 5, b[i] & 31
    if info < 24:
        return major, info, i + 1
    if info > 27:
        raise SearchError("unexpected CBOR in a Pagefind filter file (indefinite length)")
    size = 1 << (info - 24)
    return major, int.from_bytes(b[i + 1:i + 1 + size], "big"), i + 1 + size


def _skip(b: bytes, i: int) -> int:
    major, n, i = _head(b, i)
    if major in (2, 3):                  # byte and text strings
        return i + n
    for _ in range(n if major == 4 else 2 * n if major == 5 else 0):
        i = _skip(b, i)
    return i


def _text(b: bytes, i: int) -> str:
    major, n, start = _head(b, i)
    if major != 3:
        raise SearchError("unexpected CBOR in a Pagefind filter file (value is not text)")
    return b[start:start + n].decode("utf-8")


def _sorted_filter(body: bytes) -> bytes:
    """A filter file is [name, [[value, [page numbers]], …]]: sort the inner list by value."""
    major, _, i = _head(body, 0)
    i = _skip(body, i)                                # the filter's name
    major2, count, start = _head(body, i)
    if major != 4 or major2 != 4:
        raise SearchError("unexpected CBOR in a Pagefind filter file")
    spans, j = [], start
    for _ in range(count):
        end = _skip(body, j)
        spans.append((_text(body, _head(body, j)[2]), body[j:end]))
        j = end
    return body[:start] + b"".join(span for _, span in sorted(spans)) + body[j:]


def _items(b: bytes, i: int) -> tuple[int, list[tuple[int, int]], int]:
    """An array at i: (its major type, the (start, end) of each item, the offset after it)."""
    major, count, j = _head(b, i)
    spans = []
    for _ in range(count if major == 4 else 0):
        end = _skip(b, j)
        spans.append((j, end))
        j = end
    return major, spans, j


def _sorted_filter_list(meta: bytes, filter_files: set[str]) -> bytes:
    """The .pf_meta is an array; one of its items lists the filters as [[name, file], …] in
    hash-map order too. Found by its file names, not by position, and sorted by name."""
    major, top, _ = _items(meta, 0)
    if major != 4:
        raise SearchError("unexpected CBOR in a Pagefind .pf_meta file")
    for start, end in top:
        kind, entries, _ = _items(meta, start)
        pairs = [_items(meta, s) for s, _ in entries] if kind == 4 else []
        if not pairs or any(k != 4 or len(sp) != 2 or meta[sp[1][0]] >> 5 != 3 for k, sp, _ in pairs):
            continue
        if {_text(meta, sp[1][0]) for _, sp, _ in pairs} != filter_files:
            continue
        ordered = sorted((_text(meta, _head(meta, s)[2]), meta[s:e]) for s, e in entries)
        first, last = entries[0][0], entries[-1][1]
        return meta[:first] + b"".join(span for _, span in ordered) + meta[last:]
    if filter_files:
        raise SearchError("the filters were not found in Pagefind's .pf_meta file")
    return meta


def _renamed(old: str, data: bytes) -> str:
    """`en-gb_1d47bc5` -> `en-gb_` + as many hex digits of the new bytes' hash."""
    prefix, _, digest = old.rpartition("_")
    return f"{prefix}_{hashlib.sha256(data).hexdigest()[:len(digest)]}"


def _cbor_text(s: str) -> bytes:
    raw = s.encode("utf-8")
    return (bytes([0x60 + len(raw)]) if len(raw) < 24 else bytes([0x78, len(raw)])) + raw


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def _sort_filter_values(out: dict[str, bytes], output_dir: str = OUTPUT_DIR) -> dict[str, bytes]:
    out = dict(out)
    prefix = f"{output_dir}/filter/"
    renames: dict[str, str] = {}
    for path in sorted(p for p in out if p.startswith(prefix) and p.endswith(".pf_filter")):
        raw = gzip.decompress(out.pop(path))
        if not raw.startswith(SIGNATURE):
            raise SearchError(f"{path} is not a Pagefind file")
        data = _gzip(SIGNATURE + _sorted_filter(raw[len(SIGNATURE):]))
        old = path[len(prefix):-len(".pf_filter")]
        renames[old] = _renamed(old, data)
        out[f"{prefix}{renames[old]}.pf_filter"] = data
    entry_name = f"{output_dir}/pagefind-entry.json"
    entry = out[entry_name]
    meta_prefix = f"{output_dir}/pagefind."
    for path in sorted(p for p in out if p.startswith(meta_prefix) and p.endswith(".pf_meta")):
        raw = gzip.decompress(out.pop(path))
        for old, new in renames.items():
            raw = raw.replace(_cbor_text(old), _cbor_text(new))
        if not raw.startswith(SIGNATURE):
            raise SearchError(f"{path} is not a Pagefind file")
        old = path[len(meta_prefix):-len(".pf_meta")]
        # one index per language (<html lang>): each language's .pf_meta lists its own filters
        language = old.rpartition("_")[0]
        own = {new for new in renames.values() if new.rpartition("_")[0] == language}
        data = _gzip(SIGNATURE + _sorted_filter_list(raw[len(SIGNATURE):], own))
        new = _renamed(old, data)
        out[f"{meta_prefix}{new}.pf_meta"] = data
        entry = entry.replace(f'"{old}"'.encode(), f'"{new}"'.encode())
    out[entry_name] = _sorted_languages(entry)
    return out


def _sorted_languages(entry: bytes) -> bytes:
    """pagefind-entry.json lists the languages (one index each) in hash-map order too: sorted."""
    data = json.loads(entry)
    languages = data.get("languages", {})
    if len(languages) < 2:
        return entry            # one language: as Pagefind wrote it
    data["languages"] = dict(sorted(languages.items()))
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
