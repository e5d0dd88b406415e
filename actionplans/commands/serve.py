"""`actionplans serve`: build, serve output/ on this machine, rebuild when content/ or themes/
change and reload the browser. A failed rebuild prints its problems and keeps the last good site."""

from __future__ import annotations

import datetime as dt
import gc
import sys
import threading
import time
from pathlib import Path

from ..build import build, default_themes_dir, finish_pending
from ..core.diagnostics import format_text
from ..cache.memo import Memo


class Rebuilder:
    """serve's builds. The memo keeps the last build in memory, so saving one review redoes only
    what depends on it; the search index and the two whole-site data files follow in a thread
    (a build waits for the previous one's to finish, so two never write at once)."""

    def __init__(self, content: Path, output: Path, themes: Path, as_of: dt.date | None, redaction: Path | None):
        self.args = (content, output, themes, as_of, redaction)
        self.memo = Memo()
        self.finishing: threading.Thread | None = None

    def __call__(self) -> bool:
        content, output, themes, as_of, redaction = self.args
        if self.finishing is not None:
            self.finishing.join()
        started = time.perf_counter()
        result = build(content, output, themes_dir=themes, as_of=as_of, redaction_file=redaction, memo=self.memo)
        # What a rebuild replaced includes cycles (templates' contexts, the old model's parts).
        # Builds pause and freeze the cycle collector, so a full collection, which would find
        # them, hardly ever ran: serve grew by ~0.3 MB a save with no plateau. One per rebuild.
        gc.collect()
        sys.stderr.write(format_text(result.diagnostics.sorted()))
        if not result.written:
            print("rebuild failed: the previous site is still being served", file=sys.stderr)
            return False
        pages = len(self.memo.rendered)
        print(f"rebuilt {output}/ in {time.perf_counter() - started:.2f} s ({pages} page{'s' * (pages != 1)} "
              f"rendered)", file=sys.stderr)
        if self.memo.pending is not None:
            self.finishing = threading.Thread(target=self._finish, daemon=True)
            self.finishing.start()
        return True

    def _finish(self) -> None:
        started = time.perf_counter()
        problems = finish_pending(self.memo)
        for line in problems:
            print(line, file=sys.stderr)
        if not problems:
            print(f"search index and data files updated in {time.perf_counter() - started:.1f} s", file=sys.stderr)


class SiteHeaders:
    """The headers of output/_headers (headers.py), read again whenever a build rewrote it, for
    each path as Netlify would match it (under the site's base path)."""

    def __init__(self, output: Path):
        self.file = Path(output) / "_headers"
        self.stamp: tuple | None = None
        self.rules: list = []
        self.base = ""

    def for_path(self, path: str) -> list[tuple[str, str]]:
        from ..publish.headers import headers_for, parse_rules
        try:
            st = self.file.stat()
            stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            stamp = None
        if stamp != self.stamp:
            try:
                self.rules = parse_rules(self.file.read_text(encoding="utf-8")) if stamp else []
            except (OSError, UnicodeDecodeError):
                self.rules = []
            self.stamp = stamp
            first = self.rules[0][0] if self.rules else "/*"
            self.base = first[:-2] if first.endswith("/*") else ""
        headers = headers_for(self.rules, self.base + path)
        if path.startswith("/admin/"):     # a preview may use Decap's local proxy (decap-server)
            from ..publish.headers import allow_local_backend
            headers = allow_local_backend(headers)
        return headers


def handler_class(output: Path):
    """livereload's file handler, sending the site's security headers with every response
    (redirects and errors too) and answering a missing page with 404.html, status 404, as
    Netlify does. The live-reload snippet livereload puts into each page is allowed by its
    hash in the Content-Security-Policy; nothing else is loosened."""
    import re
    from livereload.handlers import StaticFileHandler
    from ..publish.headers import allow_inline_script

    site = SiteHeaders(output)

    class Handler(StaticFileHandler):
        def set_default_headers(self) -> None:
            super().set_default_headers()
            script = ""
            for transform in getattr(self.application, "transforms", []):
                raw = getattr(transform, "script", b"")
                found = re.search(rb"<script[^>]*>(.*?)</script>", raw if isinstance(raw, bytes) else raw.encode(), re.S)
                if found:
                    script = found.group(1).decode("utf-8")
            headers = site.for_path(self.request.path)
            for name, value in allow_inline_script(headers, script) if script else headers:
                if name == "Content-Security-Policy" and name in self._headers:
                    self.add_header(name, value)        # every policy is sent, as a joining host would
                else:
                    self.set_header(name, value)

        def write_error(self, status_code: int, **kwargs) -> None:
            page = Path(output) / "404.html"
            if status_code == 404 and page.is_file():
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(page.read_bytes())
                return
            super().write_error(status_code, **kwargs)

    return Handler


def serve(content: Path, output: Path, *, themes_dir: str | None, host: str, port: int,
          as_of: dt.date | None = None, redaction_file: Path | None = None) -> int:
    from livereload import Server

    themes = Path(themes_dir) if themes_dir else default_themes_dir(content)
    again = Rebuilder(content, output, themes, as_of, redaction_file)
    again()
    if not output.is_dir():
        print("nothing to serve yet: fix the problems above and save a file", file=sys.stderr)
        output.mkdir(parents=True, exist_ok=True)
    server = Server()
    server.SFH = handler_class(output)
    server.watch(str(content / "**" / "*.yaml"), again, delay=0.2)
    server.watch(str(content / "*.yaml"), again, delay=0.2)
    server.watch(str(themes / "**" / "*"), again, delay=0.2)
    print(f"serving {output}/ at http://{host}:{port}/ — edit content/ and the page reloads (Ctrl+C stops)",
          file=sys.stderr)
    server.serve(root=str(output), host=host, port=port, open_url_delay=None, restart_delay=0)
    return 0
