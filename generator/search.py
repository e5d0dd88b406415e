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
import json
import subprocess
import tempfile
import threading

OUTPUT_DIR = "pagefind"
# Pagefind indexes only what is inside <main>: the exit button, navigation, helplines and
# footer repeat on every page and would open every excerpt. Parts of main that repeat too:
EXCLUDE = [".ap-embed-offer", ".ap-details", ".ap-breadcrumbs", ".ap-progress__key"]
# What the search page's own script needs; the prebuilt UI bundles are left out.
NEEDED = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
NEEDED_PREFIXES = ("fragment/", "index/", "filter/", "wasm.", "pagefind.")
TIMEOUT_S = 120


class SearchError(Exception):
    pass


def indexed(name: str) -> bool:
    """Real pages only: not the embeds (copies of real pages), not the 404 page, not the
    search page itself, and not the filtered review lists (copies of /reviews/)."""
    return (name.endswith(".html") and name != "404.html"
            and not name.startswith(("embed/", "search/", "reviews/partnership/", "reviews/type/",
                                     "reviews/status/")))


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


def _run_service(requests: list[bytes], last_id: int) -> list[dict]:
    """Send every request, read responses until the one for `last_id`. The writer runs in a
    thread so neither pipe can fill up and stall the other; the service stops when its input
    closes, which is why input stays open until the last answer is in."""
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen([_binary(), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=errors, cwd=tempfile.gettempdir())
        assert proc.stdin is not None and proc.stdout is not None
        timer = threading.Timer(TIMEOUT_S, proc.kill)
        timer.start()

        def write() -> None:
            try:
                for r in requests:
                    proc.stdin.write(r)
                proc.stdin.flush()
            except (BrokenPipeError, ValueError):
                pass      # the service died; the reader reports it

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        responses: list[dict] = []
        pending = b""
        try:
            while not responses or responses[-1].get("message_id") != last_id:
                chunk = proc.stdout.read1(1 << 20)
                if not chunk:
                    errors.seek(0)
                    raise SearchError(f"Pagefind stopped early: {errors.read()[-500:].decode('utf-8', 'replace')}")
                *done, pending = (pending + chunk).split(b",")
                responses += [json.loads(base64.b64decode(d)) for d in done if d.strip()]
        finally:
            timer.cancel()
            writer.join(timeout=5)
            try:
                proc.stdin.close()
            except OSError:
                pass
            proc.wait(timeout=30)
    return responses


def search_files(files: dict[str, bytes], base_path: str) -> dict[str, bytes]:
    """`pagefind/…` files for the pages in `files` (output path -> bytes). Pages are sent in
    sorted order with explicit URLs, so the same pages give byte-identical index files."""
    pages = [(name, files[name]) for name in sorted(files) if indexed(name)]
    config = {"root_selector": "main", "exclude_selectors": EXCLUDE, "write_playground": False}
    requests = [_message(1, {"type": "NewIndex", "config": config})]
    # The service numbers indexes from 0 in the order they are created: this is its first.
    for i, (name, data) in enumerate(pages, start=2):
        requests.append(_message(i, {"type": "AddFile", "index_id": 0, "url": _page_url(name, base_path),
                                     "file_path": None, "file_contents": data.decode("utf-8")}))
    last = len(requests) + 1
    requests.append(_message(last, {"type": "GetFiles", "index_id": 0}))
    answers = {r.get("message_id"): r.get("payload", {}) for r in _run_service(requests, last)}
    for payload in answers.values():
        if payload.get("type") == "Error":
            raise SearchError(f"Pagefind refused a page: {payload.get('message')}")
    if answers.get(1, {}).get("index_id") != 0:
        raise SearchError("Pagefind numbered its index unexpectedly: is pagefind the pinned version?")
    out = {}
    for f in answers[last]["files"]:
        path = f["path"]
        if path in NEEDED or path.startswith(NEEDED_PREFIXES):
            out[f"{OUTPUT_DIR}/{path}"] = base64.b64decode(f["content"])
    if f"{OUTPUT_DIR}/pagefind.js" not in out:
        raise SearchError("Pagefind returned no pagefind.js")
    return out
