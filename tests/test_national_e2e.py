"""`actionplans national` end to end: three copies of the example site, varied and built for
real, served from local HTTP servers on 127.0.0.1 (and one read from its folder), with a slow
server, a broken one and a site that published a phone number. Every good review is shown, the
failing sources are reported at their SOURCES line and on the pages with since when, the
planted detail is refused naming the source and the record and is nowhere in the output, and
the same sources build to the same bytes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE, ROOT, THEMES

PHONE = "07700 900123"
AS_OF, LATER = "2026-12-07", "2026-12-14"
VARIANTS = {    # folder: (site title, base_url, partnership name prefix)
    "north": ("Northshire action plans", "https://plans.northshire.example.org", "North"),
    "south": ("Southshire action plans", "https://plans.southshire.example.org", "South"),
    "planted": ("Westshire action plans", "https://plans.westshire.example.org", "West"),
}


class StaticServer:
    """A built site's folder over HTTP; `delay` before answering; `broken` serves reviews.json cut short."""

    def __init__(self, root: Path, delay: float = 0.0, broken: bool = False):
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
                time.sleep(delay)
                target = (root / self.path.split("?")[0].lstrip("/")).resolve()
                if not target.is_file() or not target.is_relative_to(root.resolve()):
                    body, status = b"not found", 404
                else:
                    body, status = target.read_bytes(), 200
                    if broken and target.name == "reviews.json":
                        body = body[: len(body) // 2]
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        outer.root = root

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def _variant(tmp: Path, name: str) -> Path:
    """A copy of the example content with its own title, address and partnership names."""
    title, base_url, prefix = VARIANTS[name]
    content = tmp / name / "content"
    shutil.copytree(EXAMPLE, content)
    site_file = content / "site.yaml"
    site = yaml.safe_load(site_file.read_text("utf-8"))
    site.pop("admin", None)
    site.update(title=title, base_url=base_url)
    for p in site["partnerships"]:
        p["name"] = f"{prefix} {p['name']}"
    site_file.write_text(yaml.safe_dump(site, allow_unicode=True, sort_keys=False), "utf-8")
    if name == "south":     # vary the content too: one review fewer
        (content / "reviews" / "west-oxfordshire-dhr-2019.yaml").unlink()
    if name == "planted":   # a partnership that switched the patterns off publishes a phone number
        red = content / "redaction.yaml"
        red.write_text(re.sub(r"(?m)^patterns:.*$", "patterns: []", red.read_text("utf-8")), "utf-8")
        review = content / "reviews" / "somerset-dhr-024.yaml"
        text = review.read_text("utf-8")
        old = "text: Ongoing DASH masterclass and CCB training throughout 2022, for new"
        assert text.count(old) == 1
        review.write_text(text.replace(old, f"text: Ongoing DASH masterclass (bookings on {PHONE}) and CCB training"
                                            " throughout 2022, for new"), "utf-8")
    return content


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    from actionplans.build import build
    import datetime as dt
    tmp = tmp_path_factory.mktemp("partnerships")
    out = {}
    for name in VARIANTS:
        content = _variant(tmp, name)
        result = build(content, tmp / name / "output", themes_dir=THEMES, as_of=dt.date(2026, 11, 21))
        assert result.written, [d.format() for d in result.diagnostics.sorted()]
        out[name] = tmp / name / "output"
    assert PHONE in (out["planted"] / "data" / "reviews.json").read_text("utf-8")
    return out


@pytest.fixture(scope="module")
def national(built, tmp_path_factory):
    """The SOURCES file, the servers, and the first national build's output and messages."""
    tmp = tmp_path_factory.mktemp("national")
    servers = {"north": StaticServer(built["north"]), "planted": StaticServer(built["planted"]),
               "slow": StaticServer(built["south"], delay=3.0), "broken": StaticServer(built["north"], broken=True)}
    (tmp / "south").symlink_to(built["south"], target_is_directory=True)
    lines = ["# the partnerships of the national view", servers["north"].url + "/", "south",
             servers["planted"].url, servers["slow"].url, servers["broken"].url]
    sources = tmp / "sources.txt"
    sources.write_text("\n".join(lines) + "\n", "utf-8")
    out = tmp / "out"
    done = run(tmp, sources, out, AS_OF)
    yield {"tmp": tmp, "sources": sources, "out": out, "done": done, "servers": servers, "lines": lines}
    for s in servers.values():
        s.close()


def run(cwd: Path, sources: Path, out: Path, as_of: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "actionplans", "national", str(sources), "--output", str(out),
                           "--as-of", as_of, "--timeout", "1", "--retries", "1"],
                          cwd=cwd, capture_output=True, text=True, timeout=300)


def page_text(path: Path) -> str:
    html = path.read_text("utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_it_builds_and_says_what_it_left_out(national):
    done = national["done"]
    assert done.returncode == 0, done.stderr
    assert "2 of 5 sources" in done.stdout


def test_every_good_review_is_shown_linking_to_its_partnerships_page(national, built):
    index = (national["out"] / "reviews" / "index.html").read_text("utf-8")
    pages = sorted((national["out"] / "reviews").glob("*/index.html"))
    # four partnerships in each good site (the example's Welsh one too); the south has no review of its third
    assert len(pages) == index.count("<tr><td><a href=") == 7
    reviews = "".join(p.read_text("utf-8") for p in pages)
    shown = 0
    for name in ("north", "south"):
        data = json.loads((built[name] / "data" / "reviews.json").read_text("utf-8"))
        names = {p["id"]: p["name"] for p in data["partnerships"]}
        for r in data["reviews"]:
            assert f'<a href="{r["url"]}">{r["title"]}</a>' in reviews, r["url"]
            assert names[r["partnership"]] in index
            shown += 1
    assert shown == 9 and reviews.count("<tr><td><a href=") == shown
    assert "Westshire" not in reviews + index and "plans.westshire" not in reviews


def test_the_failing_sources_are_reported_at_their_line(national):
    err, sources, servers = national["done"].stderr, national["sources"], national["servers"]
    slow = f"{sources}:5:1: warning: {servers['slow'].url}: skipped, could not be read: " \
           f"{servers['slow'].url}/data/reviews.json did not answer within 1 s (2 tries)"
    assert slow in err
    assert f"{sources}:6:1: warning: {servers['broken'].url}: skipped, could not be read: " \
           f"{servers['broken'].url}/data/reviews.json is not JSON" in err


def test_the_planted_detail_is_refused_naming_source_and_record(national):
    err, sources, url = national["done"].stderr, national["sources"], national["servers"]["planted"].url
    assert f"{sources}:4:1: warning: {url}: refused, review somerset-dhr-024, recommendation 10, action 1, " \
           f"update 1 (2022-04) (text): " in err
    assert "[phone]" in err
    for f in national["out"].rglob("*"):
        if f.is_file():
            text = f.read_text("utf-8", errors="replace")
            assert PHONE not in text and "07700" not in text, f


def test_the_pages_say_which_sources_are_missing_and_since_when(national):
    sources = page_text(national["out"] / "sources" / "index.html")
    for key in ("slow", "broken", "planted"):
        url = national["servers"][key].url
        assert re.search(re.escape(url) + r".*? No .*? 2026-12-07 ", sources), key
    assert "refused: it would publish a personal detail" in sources
    home = page_text(national["out"] / "index.html")
    assert "3 sources could not be included in this build" in home
    data = json.loads((national["out"] / "data" / "sources.json").read_text("utf-8"))
    assert [s["ok"] for s in data["sources"]] == [True, True, False, False, False]


def test_national_recommendations_and_repeated_lessons(national):
    out = national["out"]
    recs = page_text(out / "national-recommendations" / "index.html")
    for label in ("Fully implemented", "Deemed to be happening already", "Partly met", "Not met",
                  "Missing (no evidence either way)"):
        assert label in recs
    assert "Home Office" in recs
    home_office = page_text(out / "national-recommendations" / "home-office" / "index.html")
    assert "7 years" in home_office and "Domestic Homicide Review 022" in home_office
    lessons = page_text(out / "repeated-lessons" / "index.html")
    # the two good sources share their plans: each lesson is in both partnerships' sites
    assert re.search(r"Recommended \d+ times since 20\d\d in \d+ partnerships", lessons)
    one = sorted((out / "repeated-lessons").glob("lesson-*/index.html"))
    assert one and "Status of each:" in page_text(one[0])
    data = json.loads((out / "data" / "national.json").read_text("utf-8"))
    assert len(data["reviews"]) == 9 and data["repeated_lessons"]
    import jsonschema
    jsonschema.validate(data, json.loads((out / "data" / "schema" / "national-data.schema.json").read_text()))
    header = (out / "data" / "actions.csv").read_text("utf-8").splitlines()[0]
    assert "recommendation_text" in header and "action_text" in header and "category" in header


def test_the_same_sources_build_to_the_same_bytes(national):
    again = national["tmp"] / "again"
    done = run(national["tmp"], national["sources"], again, AS_OF)
    assert done.returncode == 0, done.stderr
    first = {p.relative_to(national["out"]): p.read_bytes() for p in national["out"].rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_a_later_build_keeps_since_when_and_a_failed_one_keeps_the_site(national):
    out = national["tmp"] / "later"
    shutil.copytree(national["out"], out)
    done = run(national["tmp"], national["sources"], out, LATER)
    assert done.returncode == 0, done.stderr
    data = {s["source"]: s for s in json.loads((out / "data" / "sources.json").read_text())["sources"]}
    lines = national["lines"]
    assert data[lines[4]]["failing_since"] == AS_OF and data[lines[4]]["last_success"] is None
    assert data[lines[1]]["last_success"] == LATER and data[lines[1]]["failing_since"] is None
    assert "since 2026-12-07" in done.stderr
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    empty = national["tmp"] / "empty.txt"
    empty.write_text("# no sources\n")
    failed = run(national["tmp"], empty, out, LATER)
    assert failed.returncode == 1 and "lists no source" in failed.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_strict_writes_nothing_when_a_source_fails(national):
    out = national["tmp"] / "strict"
    done = subprocess.run([sys.executable, "-m", "actionplans", "national", str(national["sources"]), "--output",
                           str(out), "--as-of", AS_OF, "--timeout", "1", "--retries", "0", "--strict"],
                          cwd=national["tmp"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and "nothing written (--strict)" in done.stderr
    assert "refused, review somerset-dhr-024" in done.stderr
    assert not out.exists()
