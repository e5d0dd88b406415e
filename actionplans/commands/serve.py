"""`actionplans serve`: build, serve output/ on this machine, rebuild when content/ or themes/
change and reload the browser. A failed rebuild prints its problems and keeps the last good site."""

from __future__ import annotations

import dataclasses
import gc
import sys
import time
from pathlib import Path

from ..build import build
from ..cache.store import default_themes_dir
from ..core.diagnostics import format_text
from ..core.options import BuildOptions


def _trim() -> None:
    """Hand the memory a rebuild freed back to the system (glibc keeps it otherwise, and a
    long serve session's resident size crept up by ~130 KB a save with a flat Python heap)."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass        # not glibc: nothing to do


class Rebuilder:
    """serve's builds: the same build() as the command line, over the same options. What an
    edit did not touch comes from the build cache, so a save redoes only what depends on it."""

    def __init__(self, options: BuildOptions):
        self.options = options
        self.rendered: list[str] = []
        self.last = None        # the last build's Result

    def __call__(self) -> bool:
        started = time.perf_counter()
        result = self.last = build(self.options)
        # Builds pause and freeze the cycle collector, so a full collection, which would find
        # what a rebuild replaced (templates' contexts, the old model's parts), hardly ever ran.
        gc.collect()
        _trim()
        sys.stderr.write(format_text(result.diagnostics.sorted()))
        if not result.written:
            print("rebuild failed: the previous site is still being served", file=sys.stderr)
            return False
        self.rendered = result.rendered
        pages = len(result.rendered)
        print(f"rebuilt {self.options.output}/ in {time.perf_counter() - started:.2f} s ({pages} "
              f"page{'s' * (pages != 1)} rendered)", file=sys.stderr)
        return True


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


def serve(options: BuildOptions, *, host: str, port: int) -> int:
    from livereload import Server

    content, output = options.content, options.output
    themes = options.themes or default_themes_dir(content)
    again = Rebuilder(dataclasses.replace(options, themes=themes))
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
