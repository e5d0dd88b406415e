"""Every GitHub workflow, the project's and the ones `init` writes: valid structure, current
actions, and every `actionplans` command they run accepted by the command line as written."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from actionplans.commands.cli import parser

INIT = ROOT / "actionplans" / "data" / "init"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml")) + \
    sorted((INIT / "dot-github" / "workflows").glob("*.y*ml"))
# The oldest major version of each action that runs on a Node version GitHub still supports.
CURRENT = {"actions/checkout": 5, "actions/setup-python": 6, "actions/cache": 5}
TRIGGERS = {"push", "pull_request", "schedule", "workflow_dispatch", "pull_request_target", "release",
            "workflow_call", "workflow_run"}


def _site_root(path: Path) -> Path:
    return INIT if INIT in path.parents else ROOT


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    if True in data:                        # YAML 1.1 reads a bare `on:` key as true
        data["on"] = data.pop(True)
    return data


def test_there_are_workflows_for_checks_tests_imports_and_rebuilds():
    assert {p.stem for p in WORKFLOWS if INIT not in p.parents} >= {"check", "tests", "import"}
    assert {p.stem for p in WORKFLOWS if INIT in p.parents} >= {"check", "tests", "import", "rebuild"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_workflow_structure(path):
    data = _load(path)
    assert isinstance(data.get("name"), str)
    on = data["on"]
    events = set(on) if isinstance(on, dict) else set([on] if isinstance(on, str) else on)
    assert events and events <= TRIGGERS, events
    if "schedule" in events:
        for entry in on["schedule"]:
            assert len(entry["cron"].split()) == 5
    jobs = data["jobs"]
    assert isinstance(jobs, dict) and jobs
    for job_id, job in jobs.items():
        assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", job_id)
        assert isinstance(job.get("runs-on"), str), job_id
        steps = job["steps"]
        assert isinstance(steps, list) and steps
        for step in steps:
            assert isinstance(step, dict)
            assert ("uses" in step) != ("run" in step), step      # exactly one of them
            assert set(step) <= {"name", "id", "if", "uses", "with", "run", "env", "shell",
                                 "continue-on-error", "timeout-minutes", "working-directory"}, step


def _uses(path):
    for job in _load(path)["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                yield step["uses"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_actions_are_current_major_versions(path):
    for uses in _uses(path):
        action, _, version = uses.partition("@")
        assert re.fullmatch(r"v\d+", version), f"{uses}: pin a major version (vN)"
        assert action in CURRENT, f"{uses}: an action this test does not know: add its current major"
        assert int(version[1:]) >= CURRENT[action], f"{uses} runs on a retired Node version"


def _commands(script: str):
    """Each `actionplans …` command in a shell script, as the words the shell would pass."""
    script = re.sub(r"\$\{\{[^}]*\}\}", "x", script)           # GitHub expressions
    script = re.sub(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?", "x", script)   # shell variables
    for line in script.splitlines():
        words = shlex.split(line, comments=True)
        while "actionplans" in words:
            words = words[words.index("actionplans") + 1:]
            command = []
            for w in words:
                if w in ("&&", "||", "|", ";", ">", ">>", "2>", "<"):
                    break
                command.append(w)
            yield command
            words = words[len(command):]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_commands_the_workflows_run_exist(path):
    found = 0
    root = _site_root(path)
    for job in _load(path)["jobs"].values():
        for step in job["steps"]:
            script = step.get("run", "")
            for command in _commands(script):
                found += 1
                try:
                    parser().parse_args(command)
                except SystemExit as exc:
                    pytest.fail(f"{path.name}: 'actionplans {' '.join(command)}' is not a valid command ({exc})")
            if "requirements.txt" in script:
                assert (root / "requirements.txt").is_file()
            for local in re.findall(r"bash (\S+)", script):
                assert (root / local).is_file(), local
    # the project's own test run is .ci/run; the daily rebuild only asks Netlify to build
    assert found or (path.stem == "tests" and path.parent.parent.parent == ROOT) or \
        (path.stem == "rebuild" and "NETLIFY_BUILD_HOOK" in path.read_text(encoding="utf-8")), path


def test_the_project_tests_run_readmes_command_in_ci():
    tests = _load(ROOT / ".github" / "workflows" / "tests.yml")
    runs = [s["run"] for job in tests["jobs"].values() for s in job["steps"] if "run" in s]
    assert any("bash .ci/run" in r for r in runs)
    assert tests["jobs"]["tests"]["env"]["CI"] == "true"        # browser tests fail, never skip
    command = (ROOT / "README.md").read_text(encoding="utf-8").split("<!-- test-command -->")[1]
    command = command.split("```bash")[1].split("```")[0].strip()
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_command_parser_used_here_rejects_what_the_cli_rejects():
    # the check above can fail: a misspelt option or command is refused
    with pytest.raises(SystemExit):
        parser().parse_args(["check", "--stirct"])
    assert list(_commands('actionplans check --strict --summary "$GITHUB_STEP_SUMMARY" && echo')) == \
        [["check", "--strict", "--summary", "x"]]


def _validate(paths):
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           *map(str, paths)], capture_output=True, text=True)


def test_workflows_are_valid_against_githubs_workflow_schema():
    done = _validate(WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_workflow_schema_rejects_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("name: x\non: [pull_request]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - uses: actions/checkout@v6\n        run: echo both\n")
    assert _validate([bad]).returncode == 1
