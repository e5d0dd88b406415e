"""`actionplans serve` rebuilds when content changes, and keeps the last good site on a mistake."""

import os
import socket
import subprocess
import sys
import time
import re
import urllib.error
import urllib.request

import pytest

from conftest import ROOT, THEMES, robust_size


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
    proc = subprocess.Popen([sys.executable, "-m", "actionplans", "serve", "--port", str(port), "--themes", str(THEMES)],
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


def test_serve_sends_the_security_headers_of_the_live_site(site, tmp_path):
    """Every response of the preview — pages, embeds, search, files, redirects and 404s at any
    address — carries the headers output/_headers gives Netlify for that path (headers.py),
    the live-reload snippet's hash being the only addition."""
    from actionplans.publish.headers import headers_for, parse_rules
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "actionplans", "serve", "--port", str(port), "--themes", str(THEMES)],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        assert wait_for(lambda: "Domestic Homicide Review 001" in fetch(base + "/reviews/north-dhr-001/"))
        rules = parse_rules((tmp_path / "output" / "_headers").read_text(encoding="utf-8"))
        paths = ["/", "/index.html", "/reviews/north-dhr-001/", "/embed/reviews/north-dhr-001/", "/search/",
                 "/embed.js", "/updates.xml", "/data/reviews.json", "/no-such-page/", "/reviews/no-such/",
                 "/embed/no-such/", "/404.html"]
        for path in paths:
            request = urllib.request.Request(base + path, method="GET")
            try:
                response = urllib.request.urlopen(request, timeout=5)
                status = response.status
            except urllib.error.HTTPError as exc:
                response, status = exc, exc.code
            got = [(k, v) for k, v in response.headers.items()]
            expected = headers_for(rules, path)
            assert expected and any(k == "Content-Security-Policy" for k, _ in expected), path
            for name, value in expected:
                sent = [v for k, v in got if k.lower() == name.lower()]
                if name == "Content-Security-Policy":
                    value = re.sub(r"'sha256-[^']+' ", "", value)
                    sent = [re.sub(r"'sha256-[^']+' ", "", v) for v in sent]
                assert value in sent, (path, name, value, sent)
            assert len([1 for k, _ in got if k.lower() == "content-security-policy"]) == \
                len([1 for k, _ in expected if k == "Content-Security-Policy"]), path
            if "no-such" in path:
                assert status == 404 and "Page not found" in response.read().decode("utf-8"), path
    finally:
        proc.terminate()
        try:
            proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()


@pytest.mark.slow
def test_serve_memory_plateaus_over_many_rebuilds(site, tmp_path, capsys):
    """serve rebuilds through the build cache; what an edit replaces must be let go. The Python heap
    (tracemalloc) and the resident size after ROBUST_REBUILDS saves (20 in the everyday run, 60
    under -m slow; about 2 s each, twice) are no larger
    than after the first 10, within a small margin: a leak of one review's objects per save, or
    cyclic garbage left for a full collection that never came (both as before), fails this."""
    import datetime as dt
    import gc
    import tracemalloc
    from pathlib import Path
    from actionplans.commands.serve import Rebuilder
    rebuilds = robust_size("ROBUST_REBUILDS", 20, 60)
    from actionplans.core.options import BuildOptions
    again = Rebuilder(BuildOptions(site, tmp_path / "output", themes=THEMES, as_of=dt.date(2024, 6, 30),
                                   cache_dir=tmp_path / "cache"))
    review = site / "reviews" / "north-dhr-001.yaml"
    text = review.read_text(encoding="utf-8")

    def save(i: int) -> None:
        review.write_text(text.replace("title: Domestic Homicide Review 001", f"title: Review 001, edit {i % 2}"),
                          encoding="utf-8")
        assert again()

    def resident() -> int:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    rss = []
    middle = (10 + rebuilds - 1) // 2
    for i in range(rebuilds):       # the process as serve runs it: no collection forced here
        save(i)
        if i in (10, middle, rebuilds - 1):
            rss.append(resident())
    tracemalloc.start()
    try:
        sizes = []
        for i in range(rebuilds):
            save(i)
            if i in (10, rebuilds - 1):
                gc.collect()
                sizes.append(tracemalloc.get_traced_memory()[0])
    finally:
        tracemalloc.stop()
    capsys.readouterr()
    per_save = (sizes[1] - sizes[0]) / (rebuilds - 11)
    # A leak grows the resident size in both halves of the run; the allocator taking one more
    # arena or chunk (a step of ~2 MB, seen once in 70 saves, flat before and after) in only one.
    rss_per_save = min((rss[1] - rss[0]) / (middle - 10), (rss[2] - rss[1]) / (rebuilds - 1 - middle))
    print(f"\nserve heap: {sizes[0] / 1e6:.2f} MB after 10 saves, {sizes[1] / 1e6:.2f} MB after {rebuilds}: "
          f"{per_save / 1e3:.1f} KB per save; resident {rss[0] / 1e6:.1f} -> {rss[1] / 1e6:.1f} -> "
          f"{rss[2] / 1e6:.1f} MB: {rss_per_save / 1e3:.1f} KB per save in the slower half")
    assert per_save < 2_000, f"the heap grows by {per_save / 1e3:.1f} KB per save"
    assert rss_per_save < 60_000, f"the process grows by {rss_per_save / 1e3:.1f} KB per save"
