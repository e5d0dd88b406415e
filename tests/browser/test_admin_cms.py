"""The web editor end to end (issue 19), in Chromium: /admin/ of the built example site, Decap CMS
saving through decap-server (its proxy to a local git repository, on 127.0.0.1) into a scratch
copy of the content repository. An officer opens a review, changes an action's status, adds a
dated update and saves; the save is a branch (what the GitHub backend opens as a pull request)
whose file has exactly that change and passes `check --strict`.

With --update-snapshots the screenshots for README.md and docs/officers-guide.md are written to
docs/images/; otherwise to a temporary folder, so every run still takes them."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from actionplans.build import check
from actionplans.publish.headers import ADMIN_LOCAL_PROXY, allow_local_backend
from conftest import EXAMPLE, ROOT, THEMES
from .conftest import SiteServer, unavailable

NODE_MODULES = ROOT / ".tools" / "cms" / "node_modules"
PROXY = ADMIN_LOCAL_PROXY + "/api/v1"
REVIEW = "somerset-dhr-022"
REVIEW_FILE = f"content/reviews/{REVIEW}.yaml"
BRANCH = f"cms/reviews/{REVIEW}"
DOCS_IMAGES = ROOT / "docs" / "images"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    """A scratch content repository: the example site's content/, committed on main."""
    if shutil.which("git") is None:
        unavailable("git")
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo / "content")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Test Officer")
    git(repo, "config", "user.email", "officer@example.org")
    git(repo, "config", "commit.gpgsign", "false")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "content")
    return repo


@pytest.fixture
def decap_server(repo, tmp_path):
    """decap-server in git mode on 127.0.0.1:8081 (the address config.yml names), for `repo`."""
    node = shutil.which("node")
    entry = NODE_MODULES / "decap-server" / "dist" / "index.js"
    if node is None or not entry.is_file():
        unavailable("node and decap-server in .tools/cms (see .ci/run)")
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", 8081)) == 0:
            pytest.fail("127.0.0.1:8081 is in use: decap-server needs it (the web editor's local backend)")
    log = (tmp_path / "decap-server.log").open("w")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PORT": "8081", "BIND_HOST": "127.0.0.1", "MODE": "git",
           "GIT_REPO_DIRECTORY": str(repo), "LOG_LEVEL": "warn", "HOME": str(tmp_path)}
    proc = subprocess.Popen([node, str(entry)], cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                request = urllib.request.Request(PROXY, data=json.dumps({"action": "info"}).encode(),
                                                 headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(request, timeout=2) as answer:
                    assert "editorial_workflow" in json.load(answer)["publish_modes"]
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"decap-server did not start: {(tmp_path / 'decap-server.log').read_text()}")
                time.sleep(0.2)
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture
def admin_server(site_dir):
    """The built site with its _headers, as `actionplans serve` sends them: /admin/ may also
    reach decap-server."""
    server = SiteServer(site_dir)
    plain = server.rules.for_path
    server.rules.for_path = lambda path: allow_local_backend(plain(path)) if path.startswith("/admin/") else plain(path)
    yield server
    server.close()


def shots_dir(update_snapshots: bool, tmp_path: Path) -> Path:
    folder = DOCS_IMAGES if update_snapshots else tmp_path / "shots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def list_field(scope, page, label: str):
    return scope.locator('[aria-label="list field"]', has=page.locator(f'label:text-is("{label}")')).first


def test_an_officer_adds_a_dated_update_and_it_becomes_a_pull_request(browser, admin_server, decap_server, repo,
                                                                       tmp_path, update_snapshots):
    shots = shots_dir(update_snapshots, tmp_path)
    today = dt.date.today().isoformat()
    note = "The Domestic Abuse Board agreed the new DASH audit."
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # nothing but this machine: the site's server and decap-server
    context.route(lambda url: not url.startswith(("http://127.0.0.1:",)), lambda route: route.abort())
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto(admin_server.url("/admin/"))
    page.get_by_role("button", name="Login").click()
    page.get_by_text("Domestic Homicide Review 022").wait_for()
    page.screenshot(path=str(shots / "admin-reviews.png"))
    page.get_by_text("Domestic Homicide Review 022").click()
    page.get_by_label("Title").first.wait_for()           # the review's; each recommendation has one too

    recommendations = list_field(page, page, "Recommendations")
    recommendations.locator("button").nth(2).click()            # open the first recommendation
    actions = list_field(recommendations, page, "Actions")
    actions.locator("button").nth(2).click()                    # and its first action
    status = actions.locator('[aria-label="select field"]', has=page.locator('label:text-is("Status")')).first
    status.scroll_into_view_if_needed()
    status.locator("input").first.click(force=True)
    page.get_by_role("option", name="In progress", exact=True).click()
    updates = list_field(actions, page, "Updates")
    updates.get_by_role("button", name="Add updates").click()
    updates.get_by_label("Date").last.fill(today)
    updates.get_by_label("Text", exact=True).last.fill(note)     # not "Text (Welsh)" (a bilingual site)
    status.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "admin-edit-action.png"))
    page.get_by_role("button", name="Save").first.click()

    deadline = time.monotonic() + 30
    while BRANCH not in git(repo, "branch", "--list", BRANCH):
        assert time.monotonic() < deadline, "the save made no branch in the repository"
        time.sleep(0.2)
    page.get_by_text("Entry saved").wait_for()
    page.screenshot(path=str(shots / "admin-saved.png"))
    page.goto(admin_server.url("/admin/#/workflow"))
    page.reload()       # a change of the #fragment alone does not leave the open entry
    page.get_by_text("Domestic Homicide Review 022").first.wait_for()
    page.screenshot(path=str(shots / "admin-workflow.png"))
    context.close()
    assert not errors, errors

    # main is untouched: the change waits on its own branch, as a pull request would
    before = git(repo, "show", f"main:{REVIEW_FILE}")
    assert before == (EXAMPLE / "reviews" / f"{REVIEW}.yaml").read_text(encoding="utf-8")
    after = git(repo, "show", f"{BRANCH}:{REVIEW_FILE}")
    assert git(repo, "diff", "--name-only", "main", BRANCH).split() == [REVIEW_FILE]

    # the data: exactly the status and the update
    old, new = yaml.safe_load(before), yaml.safe_load(after)
    action = old["recommendations"][0]["actions"][0]
    assert "status" not in action and "updates" not in action
    action["status"] = "in-progress"
    action["updates"] = [{"date": dt.date.fromisoformat(today), "text": note}]
    assert new == old

    # the text: only lines added, none rewritten
    diff = [l for l in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if l[:1] in "+-" and not l.startswith(("+++", "---"))]
    assert [l[0] + l[1:].strip() for l in diff] == ["+status: in-progress", "+updates:", f"+- date: {today}",
                                        f"+text: {note}"], diff

    # and the saved content passes the strict check
    git(repo, "checkout", "-q", BRANCH)
    result = check(repo / "content", themes_dir=THEMES, strict=True)
    assert not result.failed(strict=True), [d.format() for d in result.diagnostics.sorted()]
