"""`actionplans serve` rebuilds when content changes, and keeps the last good site on a mistake."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import ROOT, THEMES


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode("utf-8")


def wait_for(predicate, timeout=30.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.25)
    return False


def test_serve_rebuilds_on_edit(site, tmp_path):
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port), "--themes", str(THEMES)],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/reviews/north-dhr-001/"
        assert wait_for(lambda: "Domestic Homicide Review 001" in fetch(url)), "the preview did not start"
        review = site / "reviews" / "north-dhr-001.yaml"
        review.write_text(review.read_text().replace("title: Domestic Homicide Review 001", "title: Edited Review 001"))
        assert wait_for(lambda: "Edited Review 001" in fetch(url)), "the edit did not show"
        # a mistake: the last good site keeps being served
        review.write_text(review.read_text().replace("due: 2022-12-31", "due: 2020-06-31"))
        time.sleep(2.5)
        assert "Edited Review 001" in fetch(url)
        assert "livereload" in fetch(url)      # the preview reloads the browser on change
    finally:
        proc.terminate()
        try:
            out, _ = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
    assert "June has 30 days" in out
