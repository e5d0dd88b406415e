"""`actionplans init`: a new partnership's site that checks and builds at once, never overwriting."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from actionplans.commands import cli
from actionplans.content import schema
from actionplans.commands.init import init_site, partnership_id, planned_files


def run(*args, cwd):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "actionplans", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, stdin=subprocess.DEVNULL)


def test_init_site_checks_strict_and_builds_from_its_own_folder(tmp_path):
    made = run("init", "site", "--name", "Safer Northshire Partnership", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    site = tmp_path / "site"
    for rel in ("content/site.yaml", "content/agencies.yaml", "content/glossary.yaml", "content/topics.yaml",
                "content/redaction.yaml", "content/reviews/example-dhr-001.yaml", "netlify.toml", ".gitignore",
                "README.md", "requirements.txt", "inbox/README.md", ".github/workflows/check.yml",
                ".github/workflows/rebuild.yml", ".github/workflows/tests.yml", ".github/workflows/import.yml"):
        assert (site / rel).is_file(), rel
    assert {".venv/", "output/"} <= set((site / ".gitignore").read_text().split())
    checked = run("check", "--strict", cwd=site)
    assert checked.returncode == 0, checked.stderr
    assert "no problems found" in checked.stderr
    # no themes/ in the new site: the installed default theme is found
    assert not (site / "themes").exists()
    built = run("build", cwd=site)
    assert built.returncode == 0, built.stderr
    out = site / "output"
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Safer Northshire Partnership" in home
    page = (out / "reviews" / "example-dhr-001" / "index.html").read_text(encoding="utf-8")
    assert "Example review" in page and "the victim" in page
    # the example's declared pseudonym is replaced everywhere, as in a real review
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".xml"):
            assert "Adult A" not in path.read_text(encoding="utf-8"), path


def test_example_review_is_marked_and_declares_its_people():
    files = planned_files("Safer Northshire Partnership", today=dt.date(2026, 12, 7))
    review = yaml.safe_load(files["content/reviews/example-dhr-001.yaml"])
    assert "example" in review["title"].lower() and "example" in review["summary"].lower()
    assert review["people"] and all(p["refer_to_as"] for p in review["people"])
    glossary = {g["term"]: g for g in yaml.safe_load(files["content/glossary.yaml"])}
    for term in ("MARAC", "MASH", "IDVA", "DASH", "MAPPA", "DHR", "DARDR", "SAR", "CSP", "IMR"):
        assert glossary[term]["stands_for"] and glossary[term]["meaning"], term
    agencies = {a["id"]: a for a in yaml.safe_load(files["content/agencies.yaml"])}
    for agency in ("home-office", "department-of-health-and-social-care", "ministry-of-justice",
                   "department-for-education", "department-for-work-and-pensions", "nhs-england",
                   "college-of-policing"):
        assert agency in agencies
    phones = {s.get("phone") for s in yaml.safe_load(files["content/site.yaml"])["support"]}
    assert {"0808 2000 247", "0808 801 0327", "0800 999 5428", "116 123"} <= phones


@pytest.mark.parametrize("name", ['Cardiff & Vale: "Safer" #1', "Ynys Môn Diogel", "O'Brien Road: Partnership",
                                  "  Spaces  ", "yes", "123"])
def test_any_name_stays_text_in_every_yaml_file(name):
    files = planned_files(name, today=dt.date(2026, 12, 7))
    site = yaml.safe_load(files["content/site.yaml"])
    assert site["partnerships"][0]["name"] == name
    assert site["publisher"] == name and site["title"] == f"{name} action plans"
    assert site["partnerships"][0]["id"] == partnership_id(name)
    assert yaml.safe_load(files["content/agencies.yaml"])[0]["name"] == name
    assert not any("__" in text and "__pycache__" not in text and "__NAME" in text for text in files.values())


def test_partnership_id_is_a_slug():
    assert partnership_id("Safer Northshire Partnership") == "safer-northshire-partnership"
    assert partnership_id("Cardiff & Vale") == "cardiff-and-vale"
    assert partnership_id("Ynys Môn") == "ynys-mon"
    assert partnership_id("!!!") == "partnership"
    assert partnership_id("Yes") == "yes-partnership" and partnership_id("2024") == "2024-partnership"
    import re
    assert re.match(schema.SLUG_RE, partnership_id("x" * 100 + " y"))


def test_init_never_overwrites_and_writes_nothing_when_it_refuses(tmp_path, capsys):
    target = tmp_path / "site"
    (target / "content").mkdir(parents=True)
    (target / "content" / "site.yaml").write_text("title: mine\n")
    assert cli.main(["init", str(target), "--name", "X Partnership"]) == 2
    err = capsys.readouterr().err
    assert "content/site.yaml" in err and "nothing was written" in err
    assert (target / "content" / "site.yaml").read_text() == "title: mine\n"
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == ["content", "content/site.yaml"]


def test_init_into_a_folder_with_other_files_is_fine(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    init_site(tmp_path, "Safer Northshire Partnership")
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert (tmp_path / "content" / "site.yaml").is_file()


def test_name_is_asked_for_in_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "Safer Eastshire Partnership")
    assert cli.main(["init", str(tmp_path / "s")]) == 0
    assert "Safer Eastshire Partnership" in (tmp_path / "s" / "content" / "site.yaml").read_text()


def test_without_a_terminal_or_name_a_default_name_is_used(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    assert cli.main(["init", str(tmp_path / "s")]) == 0
    assert "no --name given" in capsys.readouterr().err
    assert cli.main(["init", str(tmp_path / "t"), "--name", "  "]) == 2
    assert cli.main(["init", str(tmp_path / "u"), "--name", "A", "--base-url", "http://x.org"]) == 2
    assert not (tmp_path / "t").exists() and not (tmp_path / "u").exists()


def test_schema_comments_point_at_files_init_writes(tmp_path, monkeypatch):
    init_site(tmp_path, "Safer Northshire Partnership")
    for path in (tmp_path / "content").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file(), (path, target)
        assert json.loads(target.read_text()) == schema.json_schema(target.name.split(".")[0])
    # and so does a review started later with `new review`
    monkeypatch.chdir(tmp_path)
    assert cli.main(["new", "review", "northshire-dhr-001"]) == 0
    review = tmp_path / "content" / "reviews" / "northshire-dhr-001.yaml"
    ref = review.read_text().splitlines()[0].split("$schema=", 1)[1]
    assert (review.parent / ref).resolve() == (tmp_path / "schemas" / "review.schema.json").resolve()


def test_new_review_in_this_repository_points_at_the_package_schema(site, tmp_path):
    from actionplans.content.newreview import schema_ref
    # the fixture site has no schemas/ and no package inside it: the published schema
    assert schema_ref(site, site / "reviews").endswith("/data/schema/review.schema.json")
    ref = schema_ref(ROOT / "content", ROOT / "content" / "reviews")
    assert (ROOT / "content" / "reviews" / ref).resolve() == (ROOT / "actionplans" / "schemas" / "review.schema.json").resolve()


def test_init_output_is_the_same_for_the_same_day(tmp_path):
    day = dt.date(2026, 12, 7)
    assert planned_files("A Partnership", today=day) == planned_files("A Partnership", today=day)
    assert planned_files("A Partnership", today=day)["content/reviews/example-dhr-001.yaml"].count("2026-12-07") >= 2
