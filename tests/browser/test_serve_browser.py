"""`actionplans serve` in Chromium: the preview sends the live site's Content-Security-Policy,
and live reload still runs under it (its snippet is allowed by hash, its script and socket by
'self'): no policy violation, and the reload socket connects."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT, THEMES
from test_serve import fetch, free_port, wait_for


def test_live_reload_runs_under_the_live_sites_policy(browser, site, tmp_path):
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "actionplans", "serve", "--port", str(port), "--themes", str(THEMES)],
                            cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    context = browser.new_context()
    try:
        url = f"http://127.0.0.1:{port}/reviews/north-dhr-001/"
        assert wait_for(lambda: "Domestic Homicide Review 001" in fetch(url))
        page = context.new_page()
        violations = []
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        sockets = []
        page.on("websocket", lambda ws: sockets.append(ws.url))
        response = page.goto(url)
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        page.wait_for_function("() => !!window.LiveReload", timeout=10_000)
        wait_for(lambda: bool(sockets), timeout=10)
        page.wait_for_timeout(1000)          # the handshake
        assert set(sockets) == {f"ws://127.0.0.1:{port}/livereload"}   # the connect-src 'self' socket
        page.reload()
        page.wait_for_function("() => !!window.LiveReload", timeout=10_000)
        assert violations == []
    finally:
        context.close()
        proc.terminate()
        proc.wait(timeout=10)
