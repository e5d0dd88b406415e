import json
import subprocess
import sys

import pytest

from conftest import ROOT, THEMES
from actionplans.commands.cli import main


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["build", "--no-such-option"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == 2
    assert main(["check", "--as-of", "31/13/2024"]) == 2


def test_python_dash_m_and_console_script_agree(tmp_path):
    out = subprocess.run([sys.executable, "-m", "actionplans", "schema", "review"], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert json.loads(out.stdout)["title"] == "actionplans review"


def test_check_writes_nothing(site, tmp_path):
    before = sorted(p.as_posix() for p in tmp_path.rglob("*"))
    assert main(["check"]) == 0
    assert sorted(p.as_posix() for p in tmp_path.rglob("*")) == before


def test_build_then_check_exit_codes(site, tmp_path):
    assert main(["build", "--themes", str(THEMES)]) == 0
    assert (tmp_path / "output" / "index.html").is_file()
    review = site / "reviews" / "north-dhr-001.yaml"
    review.write_text(review.read_text().replace("lead: north-police\n        supporting", "lead: north-polce\n        supporting"))
    assert main(["check"]) == 1
    assert main(["build", "--themes", str(THEMES)]) == 1


def test_new_review_skeleton_fails_check_until_filled_in_and_never_overwrites(site, capsys):
    assert main(["new", "review", "north-dhr-009"]) == 0
    path = site / "reviews" / "north-dhr-009.yaml"
    text = path.read_text()
    capsys.readouterr()
    # a skeleton is not content: every TODO is an error at its own line
    assert main(["check", "--strict"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    # ... and it declares nobody yet (issue 13): one error for that, at the type line
    assert sum("declares none" in line for line in errors) == 1
    err = [line for line in errors if "declares none" not in line]
    lines = text.splitlines()
    todo_lines = [i + 1 for i, line in enumerate(lines) if "TODO" in line.split("#", 1)[0]]
    assert len(err) == len(todo_lines) >= 6
    for line_no, message in zip(todo_lines, err):
        assert message.startswith(f"content/reviews/north-dhr-009.yaml:{line_no}:"), message
        assert "is not filled in yet: it still says 'TODO'" in message
    # several partnerships: the skeleton does not guess one, it lists them in its note
    assert "partnership: TODO" in text and "e.g. north-csp, south-csp" in text
    filled = (text.replace("title: TODO", "title: Domestic Homicide Review 009")
              .replace("partnership: TODO", "partnership: north-csp").replace("reference: TODO", "reference: DHR 009")
              .replace("published: TODO", "published: 2024").replace("lead: TODO", "lead: north-police")
              .replace("TODO: two or three plain-English sentences about what the review looked at. No names.",
                       "The review looked at risk assessment.")
              .replace("TODO: the recommendation, as written in the report.", "Agencies assess risk.")
              .replace("TODO: what will be done.", "Train staff.")
              .replace("# no_pseudonyms: true", "no_pseudonyms: true"))
    path.write_text(filled)
    assert main(["check", "--strict"]) == 0, capsys.readouterr().err
    path.write_text(text + "# my edits\n")
    assert main(["new", "review", "north-dhr-009"]) == 2
    assert path.read_text().endswith("# my edits\n")
    assert main(["new", "review", "Not A Slug"]) == 2


def test_formats(site, capsys):
    review = site / "reviews" / "north-dhr-001.yaml"
    review.write_text(review.read_text().replace("due: 2022-12-31", "due: 31.6.2020"))
    assert main(["check", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == 1
    assert data["diagnostics"][0]["message"] == "'due' is not a date: '31.6.2020' (June has 30 days)"
    assert main(["check", "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("::error file=content/reviews/north-dhr-001.yaml,line=")
    assert "June has 30 days" in out


def test_redaction_report_is_refused_inside_output(site, tmp_path, capsys):
    assert main(["redaction-report", "--out", str(tmp_path / "output" / "report.md")]) == 2
    assert main(["redaction-report", "--out", str(tmp_path / "report.md")]) == 0
    report = (tmp_path / "report.md").read_text()
    assert "'Susan's' → 'the victim's'" in report
    assert "'Karen Whitlock' → 'A council officer'" in report


def test_pull_request_workflow_runs_the_strict_github_check():
    import yaml as _yaml
    wf = _yaml.safe_load((ROOT / ".github" / "workflows" / "check.yml").read_text())
    steps = [s.get("run", "") for s in wf["jobs"]["check"]["steps"]]
    assert any(r.startswith("actionplans check --strict --format github") and '--summary "$GITHUB_STEP_SUMMARY"' in r
               for r in steps)
    # on pull requests, against the base branch: status changes without a dated update warn
    assert any('--since "origin/${{ github.base_ref }}"' in r for r in steps)
    assert "pull_request" in wf[True] if True in wf else "pull_request" in wf["on"]


def test_example_content_passes_the_strict_check(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["check", "--strict", "--as-of", "2026-11-21"]) == 0, capsys.readouterr().err


def test_github_format_escapes_and_points_at_lines():
    from actionplans.core.diagnostics import Diagnostic, format_github
    out = format_github([Diagnostic("content/a,b.yaml", 3, 7, "warning", "50% done\nnext", "fix: this")])
    assert out == "::warning file=content/a%2Cb.yaml,line=3,col=7::50%25 done%0Anext — fix: this\n"
