"""`actionplans diff REV`: a pull-request summary of what changed in content/ since a revision.

Each test makes a real git repository in a temporary folder, commits the valid fixture site,
changes it, and reads the Markdown the command prints.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import VALID
from actionplans.commands.cli import main
from actionplans.commands.gitdiff import diff_markdown

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str, date: str = "2023-06-15T12:00:00") -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.org", GIT_COMMITTER_NAME="Test",
               GIT_COMMITTER_EMAIL="test@example.org", GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date,
               GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_SYSTEM=os.devnull)
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """The valid site committed on 15 June 2023; its site.yaml judges overdue as of 30 June 2024."""
    shutil.copytree(VALID, tmp_path / "content")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "the plans as they were")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def section(markdown: str, title: str) -> str:
    m = re.search(rf"^### {re.escape(title)}\n(.*?)(?=^### |\Z)", markdown, re.M | re.S)
    return m.group(1) if m else ""


def test_nothing_changed(repo, capsys):
    git(repo, "commit", "-q", "--allow-empty", "-m", "later", date="2024-07-01T09:00:00")
    assert main(["diff", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert "No changes to the published action plans since `HEAD`" in out
    assert "###" not in out


def test_time_alone_makes_actions_overdue(repo):
    """Committed on 15 June 2023, judged on 30 June 2024: two actions have fallen due meanwhile."""
    out = diff_markdown(repo / "content", "main")
    assert out.count("\n- ") == 2 and "2 actions newly overdue" in out
    assert "compared with 15 June 2023 when `main` was committed" in out


def test_a_pull_request_summary(repo, capsys):
    north = repo / "content" / "reviews" / "north-dhr-001.yaml"
    # an action is completed, with a progress update that names people (declared: replaced)
    edit(north, """        due: 2023-06
        status: in-progress
        updates:
          - date: 2023-05-02
            text: Training dates set.""", """        due: 2023-06
        status: complete
        completed: 2024-05
        updates:
          - date: 2023-05-02
            text: Training dates set.
          - date: 2024-05-10
            text: Daniel's case was used in the training, which Karen Whitlock led.""")
    # a target date brought forward into the past
    edit(north, "        due: 2025-03\n        status: not-started", "        due: 2024-01\n        status: not-started")
    # a new review
    south = (repo / "content" / "reviews" / "south-sar-002.yaml").read_text()
    (repo / "content" / "reviews" / "south-sar-003.yaml").write_text(
        south.replace("south-sar-002", "south-sar-003").replace("Review 002", "Review 003"))

    assert main(["diff", "main"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Changes to the action plans since `main` (")
    assert "1 new review; 1 action changed status; 1 new progress update; 2 actions newly overdue" in out

    assert "**Safeguarding Adults Review 003** (`south-sar-003`, South Community Safety Partnership): " \
           "1 recommendation, 1 action." in section(out, "New reviews")
    status = section(out, "Actions that changed status")
    assert "**Domestic Homicide Review 001**, recommendation 1, action 2 (North CCG): In progress → **Complete** " \
           "(completed May 2024)." in status
    updates = section(out, "New progress updates")
    assert "10 May 2024" in updates and "The perpetrator's case was used in the training, which a council officer led" \
        in updates
    assert "Daniel" not in out and "Karen" not in out and "Whitlock" not in out
    overdue = section(out, "Actions newly overdue")
    # by the change of date: due January 2024, now past
    assert "recommendation 2, action 1 (North Council): due January 2024; Not started." in overdue
    # by the passing of time: due December 2023, not yet due when main was committed (15 June 2023)
    assert "recommendation 2, action 3 (North Police): due December 2023; No update published." in overdue
    # completed now, so not overdue, although it was due in June 2023
    assert "recommendation 1, action 2" not in overdue
    assert "due January 2024 (was due March 2025)" in section(out, "Other changes")


def test_inserted_actions_are_matched_by_their_text_not_their_place(repo):
    north = repo / "content" / "reviews" / "north-dhr-001.yaml"
    edit(north, """    actions:
      - action: Write an information-sharing agreement.""", """    actions:
      - action: Agree a template for sharing risk information.
        lead: north-council
        due: 2024-12
        status: in-progress
      - action: Write an information-sharing agreement.""")
    out = diff_markdown(repo / "content", "main")
    assert "Actions that changed status" not in out           # nothing moved status, though positions did
    assert "recommendation 2, action 1 (North Council) added: Agree a template" in section(out, "Other changes")


def test_removed_reviews_and_recommendations(repo):
    (repo / "content" / "reviews" / "south-sar-002.yaml").unlink()
    north = repo / "content" / "reviews" / "north-dhr-001.yaml"
    text = north.read_text()
    north.write_text(text[:text.index('  - id: "2"')])
    out = diff_markdown(repo / "content", "main")
    assert "**Safeguarding Adults Review 002** (`south-sar-002`)" in section(out, "Reviews removed")
    assert "recommendation 2 was removed" in section(out, "Other changes")


def test_old_content_that_fails_check_is_said_plainly(repo):
    north = repo / "content" / "reviews" / "north-dhr-001.yaml"
    edit(north, "lead: north-ccg", "lead: north-ccgg")
    git(repo, "commit", "-q", "-am", "a typo")
    edit(north, "lead: north-ccgg", "lead: north-ccg")
    out = diff_markdown(repo / "content", "HEAD")
    assert "does not pass check (1 error)" in out
    assert "**Domestic Homicide Review 001**" in section(out, "New reviews")


def test_errors_are_sentences(repo, tmp_path, capsys):
    assert main(["diff", "no-such-branch"]) == 2
    err = capsys.readouterr().err
    assert "'no-such-branch' is not a revision in this repository" in err and "Traceback" not in err

    edit(repo / "content" / "reviews" / "north-dhr-001.yaml", "lead: north-ccg", "lead: north-ccgg")
    assert main(["diff", "main"]) == 2
    assert "does not pass check (1 error)" in capsys.readouterr().err

    outside = tmp_path.parent / (tmp_path.name + "-not-a-repo")
    shutil.copytree(VALID, outside / "content")
    assert main(["diff", "main", "--content", str(outside / "content")]) == 2
    assert "not inside a git repository" in capsys.readouterr().err


def test_written_to_a_file(repo, capsys):
    assert main(["diff", "main", "--out", "pr.md"]) == 0
    assert (repo / "pr.md").read_text().startswith("## Changes to the action plans since `main`")
    assert "wrote pr.md" in capsys.readouterr().err


def test_a_status_change_without_a_dated_update_is_a_warning(repo, capsys):
    north = repo / "content" / "reviews" / "north-dhr-001.yaml"
    # status changed, nothing dated added: warned, in diff and in check --since
    edit(north, "        due: 2025-03\n        status: not-started", "        due: 2025-03\n        status: in-progress")
    # status changed with a dated update: not warned
    edit(north, """        status: in-progress
        updates:
          - date: 2023-05-02
            text: Training dates set.""", """        status: complete
        completed: 2024-05
        updates:
          - date: 2023-05-02
            text: Training dates set.""")
    out = diff_markdown(repo / "content", "main")
    warnings = section(out, "Warnings")
    assert "recommendation 2, action 1 (North Council): the status changed (Not started → In progress) " \
           "without a dated update" in warnings
    assert "recommendation 1, action 2" not in warnings

    assert main(["check", "--since", "main"]) == 0          # a warning: fails only under --strict
    assert main(["check", "--strict", "--since", "main"]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "without a dated update" in line]
    line_no = next(i + 1 for i, text in enumerate(north.read_text().splitlines())
                   if text.strip() == "status: in-progress" and "2025-03" in north.read_text().splitlines()[i - 1])
    assert lines == [f"content/reviews/north-dhr-001.yaml:{line_no}:9: warning: recommendation 2, action 1: the status "
                     "changed since main (Not started → In progress) without a dated update — add a dated update "
                     "saying what changed (updates: - date: YYYY-MM-DD, text: …), or a completed: date"] * 2
    assert main(["check", "--strict"]) == 0                  # without --since, nothing to compare
    assert main(["check", "--since", "no-such-branch"]) == 2


def test_a_submodule_or_link_in_the_history_is_reported_and_the_rest_compared(repo):
    """A gitlink (submodule) has no file to show: 'bad object' used to end the command."""
    head = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{head},content/vendor-plans")
    blob = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo, input="../elsewhere.yaml",
                          capture_output=True, text=True, check=True).stdout.strip()
    git(repo, "update-index", "--add", "--cacheinfo", f"120000,{blob},content/reviews/linked.yaml")
    git(repo, "commit", "-q", "-m", "a submodule and a link")
    git(repo, "rm", "-q", "--cached", "content/vendor-plans", "content/reviews/linked.yaml")
    git(repo, "commit", "-q", "-m", "gone again")
    edit(repo / "content" / "reviews" / "north-dhr-001.yaml", "title: Domestic Homicide Review 001",
         "title: Domestic Homicide Review 001 (revised)")
    text = diff_markdown(repo / "content", "HEAD~1")
    assert "`content/vendor-plans` at `HEAD~1` is a submodule, not a file: it was not compared." in text, text
    assert "`content/reviews/linked.yaml` at `HEAD~1` is a symbolic link" in text, text
    assert "does not pass check" not in text
