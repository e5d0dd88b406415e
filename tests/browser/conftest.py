"""Fixtures for the browser tests: Debian's Chromium driven by Playwright, the example site
served over HTTP with the headers the build generates (output/_headers), and a second
server on 127.0.0.2 for pages of other sites that embed ours.

Locally the tests skip, saying why, when Chromium or Playwright is missing. Under CI=true
they fail instead: a browser test that silently skips proves nothing."""

from __future__ import annotations

import mimetypes
import os
import shutil
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import in_ci

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions"]
# The example site's real addresses. Requests to them are answered by the local servers (see
# `route_external`), so pages keep their real https origins, CSP and embed settings.
SITE_ORIGIN = "https://actionplans.example.org"
HOST_ORIGIN = "https://www.example.gov.uk"           # listed in embed_allowed_origins
OTHER_ORIGIN = "https://not-allowed.example.net"     # not listed
EXIT_STUB = b"<!DOCTYPE html><html lang='en'><title>Exit page</title><p>Somewhere else.</p></html>"

mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/wasm", ".wasm")
for _ext in (".pagefind", ".pf_meta", ".pf_index", ".pf_fragment"):
    mimetypes.add_type("application/octet-stream", _ext)


def unavailable(reason: str) -> None:
    message = f"browser tests need {reason}; see .ci/run for the install steps"
    if in_ci():
        pytest.fail(f"CI=true: {message}", pytrace=False)
    pytest.skip(message)


def find_chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for c in CHROMIUM_CANDIDATES:
        found = c if Path(c).is_file() else shutil.which(c)
        if found:
            return found
    return None


# ---------------------------------------------------------------- _headers and the server

@dataclass
class HeaderRules:
    """Netlify's `_headers`, read and matched by the generator's own code (actionplans/publish/headers.py,
    which serve uses too): every rule that matches a path applies, in file order."""

    rules: list = field(default_factory=list)

    @classmethod
    def parse(cls, text: str) -> "HeaderRules":
        from actionplans.publish.headers import parse_rules
        return cls(parse_rules(text))

    def for_path(self, path: str) -> list[tuple[str, str]]:
        from actionplans.publish.headers import headers_for
        return headers_for(self.rules, path)


class SiteServer:
    """Serves a folder as Netlify would: `dir/` is `dir/index.html`, `dir` redirects to
    `dir/`, anything else missing is /404.html with status 404, and `_headers` applies."""

    def __init__(self, root: Path | None, host: str = "127.0.0.1", pages: dict[str, bytes] | None = None):
        self.root = root
        self.pages = pages if pages is not None else {}
        rules_file = root / "_headers" if root else None
        self.rules = HeaderRules.parse(rules_file.read_text()) if rules_file and rules_file.exists() else HeaderRules()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):       # keep test output readable
                pass

            def do_GET(self):
                server.handle(self)

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.origin = f"http://{host}:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "/") -> str:
        return self.origin + path

    def _file(self, path: str) -> Path | None:
        if self.root is None:
            return None
        rel = path.lstrip("/")
        target = (self.root / rel).resolve()
        if not target.is_relative_to(self.root.resolve()):
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        path = unquote(urlsplit(request.path).path)
        status, body, name = 200, None, path
        if path in self.pages:
            body = self.pages[path]
        else:
            found = self._file(path)
            if found is not None and not path.endswith("/") and found.name == "index.html" \
                    and not path.endswith("index.html"):
                request.send_response(301)
                request.send_header("Location", path + "/")
                request.end_headers()
                return
            if found is None:
                status, found = 404, self._file("/404.html")
            if found is not None:
                body, name = found.read_bytes(), found.name
        if body is None:
            body = b"not found"
        ctype = "text/html; charset=utf-8" if name.endswith((".html", "/")) or name in self.pages else \
            (mimetypes.guess_type(name)[0] or "application/octet-stream")
        request.send_response(status)
        request.send_header("Content-Type", ctype)
        request.send_header("Content-Length", str(len(body)))
        for key, value in self.rules.for_path(path):
            request.send_header(key, value)
        request.end_headers()
        request.wfile.write(body)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def chromium_path() -> str:
    for module in ("playwright", "axe_playwright_python"):
        try:
            __import__(module)
        except ImportError:
            unavailable(f"the Python package {module} (pip install -e '.[test]')")
    path = find_chromium()
    if path is None:
        unavailable("Chromium (apt-get install chromium), or set CHROMIUM to its path")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def site_dir(example_output) -> Path:
    return example_output


@pytest.fixture(scope="session")
def server(site_dir):
    s = SiteServer(site_dir)
    yield s
    s.close()


@pytest.fixture(scope="session")
def host_server():
    """Pages of other sites (127.0.0.2: another origin than the site's server)."""
    s = SiteServer(None, host="127.0.0.2")
    yield s
    s.close()


@pytest.fixture(scope="session")
def exit_url(site_dir) -> str:
    import re
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    return re.search(r'data-exit-url="([^"]+)"', html).group(1)


@pytest.fixture
def new_context(browser, server, host_server, exit_url):
    """Browser contexts that never reach the network: the site's and the host sites' https
    addresses are answered by the local servers (headers included), the exit page by a stub,
    and anything else is refused."""
    made = []

    def route_external(route):
        url = route.request.url
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        rest = url[len(origin):]
        if origin == SITE_ORIGIN:
            route.fulfill(response=route.fetch(url=server.origin + rest, max_redirects=0))
        elif origin in (HOST_ORIGIN, OTHER_ORIGIN):
            route.fulfill(response=route.fetch(url=host_server.origin + rest, max_redirects=0))
        elif url.rstrip("/") == exit_url.rstrip("/"):
            route.fulfill(status=200, content_type="text/html", body=EXIT_STUB)
        else:
            route.abort()

    local = (server.origin, host_server.origin)

    def make(**kwargs):
        context = browser.new_context(**kwargs)
        context.route(lambda url: not url.startswith(local), route_external)
        made.append(context)
        return context

    yield make
    for c in made:
        c.close()


@pytest.fixture
def page(new_context):
    return new_context(viewport={"width": 1280, "height": 900}).new_page()


# ---------------------------------------------------------------- a site with long lists

PAGED_REVIEWS = 40          # the bench corpus at this size: an agency with 5 pages of actions


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory) -> Path:
    """The bench corpus scaled down (bench/corpus.py: deterministic), built: agencies and
    topics with more than one page of rows, so the page links are tested in a browser."""
    import datetime as dt
    import subprocess
    import sys

    from conftest import ROOT, THEMES
    from actionplans.build import build
    root = tmp_path_factory.mktemp("paged")
    subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), "--reviews", str(PAGED_REVIEWS),
                    "--out", str(root / "content")], check=True, capture_output=True)
    result = build(root / "content", root / "output", themes_dir=THEMES, as_of=dt.date(2026, 11, 21))
    assert result.written, [d.format() for d in result.diagnostics.sorted()]
    return root / "output"


@pytest.fixture(scope="session")
def paged_server(paged_site):
    s = SiteServer(paged_site)
    yield s
    s.close()
