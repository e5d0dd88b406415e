"""The four real seed plans, with their real names, as content: the strict check names the
people in them, and once they are declared the built site contains none of them in any file.
Also: a declared name placed anywhere a name could hide comes out redacted or fails the build."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import THEMES, VALID
from actionplans.build import build, prepare

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "seeds"
LABELS = Path(__file__).resolve().parent / "data" / "seed_staff_names.tsv"
SEED_FILES = sorted(p.name for p in FIXTURES.glob("*.txt"))


def labels() -> list[dict]:
    rows = [line for line in LABELS.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(rows, delimiter="\t"))


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40]


def seed_site(tmp_path: Path, *, declare: bool) -> Path:
    """A site whose reviews hold the seeds' raw text, paragraph by paragraph, as actions."""
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    shutil.rmtree(content / "reviews")
    # the acronyms the seeds use, explained as the example site's officers explained them
    # (one meaning each: this site's partnerships are not the example's, so scopes are dropped)
    terms, glossary = set(), []
    example = yaml.safe_load((Path(__file__).resolve().parent.parent / "content" / "glossary.yaml").read_text())
    for entry in example["glossary"] if isinstance(example, dict) else example:
        if entry["term"] not in terms:
            terms.add(entry["term"])
            glossary.append({k: v for k, v in entry.items() if k not in ("partnership", "review")})
    (content / "glossary.yaml").write_text(yaml.safe_dump(glossary, allow_unicode=True), encoding="utf-8")
    (content / "reviews").mkdir()
    rows = labels()
    for n, name in enumerate(SEED_FILES, start=1):
        text = (FIXTURES / name).read_text(encoding="utf-8")
        chunks = [c.strip() for c in re.split(r"\n\s*\n", text) if c.strip()]
        actions = [{"action": c[:4000], "lead": "north-council", "due": "tbc"} for c in chunks]
        pseudonyms = sorted({r["text"] for r in rows if r["file"] == name and r["kind"] == "pseudonym"})
        review = {
            "id": f"seed-{n}", "type": "dhr", "title": f"Seed review {n}", "partnership": "north-csp",
            "updated": "2024-06-01",
            "people": [{"name": p, "refer_to_as": "a family member"} for p in pseudonyms],
            **({} if pseudonyms else {"no_pseudonyms": True}),
            "recommendations": [{"id": str(i + 1), "text": "Raw seed text follows.", "actions": actions[i:i + 20]}
                                for i in range(0, len(actions), 20)],
        }
        (content / "reviews" / f"seed-{n}.yaml").write_text(yaml.safe_dump(review, allow_unicode=True, sort_keys=False),
                                                          encoding="utf-8")
    staff = sorted({r["text"] for r in rows if r["kind"] == "staff"})
    redaction = {"names": [{"name": s, "refer_to_as": "a member of staff"} for s in staff] if declare else [],
                 # this test is about names: file names and case references in the seeds are
                 # covered by test_patterns.py and would stop the build before the guard runs
                 "patterns": ["email", "phone", "postcode", "nhs-number", "ni-number"],
                 "allow": ["Clare's Law", "Niche", "Lighthouse", "Lifeline", "Barnardo's", "LiveWest", "Musgrove",
                           "Elmore", "Sapiens", "Carenotes", "Turning Point", "Reducing the Risk",
                           # unexplained capitals and OCR debris in the raw text, which an officer
                           # would explain or reword (the check reports each: see the test above)
                           "BGSW", "UI", "FAST", "SOT", "PRC", "ODAD", "Lutai Guverillile"]}
    (content / "redaction.yaml").write_text(yaml.safe_dump(redaction, allow_unicode=True), encoding="utf-8")
    return content


def test_strict_check_names_the_undeclared_staff(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = seed_site(tmp_path, declare=False)
    result = prepare(content)
    found = " ".join(d.message for d in result.diagnostics.items if "name" in d.message)
    staff = [r for r in labels() if r["kind"] == "staff"]
    caught = [r["text"] for r in staff if r["text"] in found]
    recall = len(caught) / len(staff)
    print(f"seed staff names flagged by the strict check: {len(caught)}/{len(staff)} = {recall:.3f}")
    assert recall >= 0.95, sorted({r["text"] for r in staff} - set(caught))
    assert result.failed(strict=True)


def test_declared_seed_names_reach_no_output_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = seed_site(tmp_path, declare=True)
    out = tmp_path / "output"
    result = build(content, out, themes_dir=THEMES)
    assert result.written, [d.format() for d in result.diagnostics.errors][:20]
    people = {r["text"] for r in labels()}
    # every declared name, and each part of a real person's name ("Stride" alone would leak);
    # "Baby A" and "Child E" are checked whole: "child" alone is an ordinary word
    words = sorted({w for p in people for w in [p, *(p.split() if not re.fullmatch(r"(Baby|Child) [A-Z]", p) else [])]
                    if len(w) > 2 and w[0].isupper()})
    leaks = []
    for path in out.rglob("*"):
        name = path.relative_to(out).as_posix()
        for w in words:
            if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", name):
                leaks.append((name, w))
        if path.is_file():
            text = path.read_bytes().decode("utf-8", "replace")
            for w in words:
                if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text):
                    leaks.append((name, w))
    assert leaks == []
    assert result.redaction.replacements, "the report lists each replacement"
    assert any(r.original == "Karen Marsh" for r in result.redaction.replacements)


PLACEMENTS = {
    "link title": ("review", lambda t: t.replace("text: Training dates set.",
                                                 "text: See [Karen Whitlock's notes](https://north.example.org/n).")),
    "evidence title": ("review", lambda t: t.replace("title: Audit summary", "title: Audit by Karen Whitlock")),
    "lead_role": ("review", lambda t: t.replace("lead_role: Head of Public Protection", "lead_role: Karen Whitlock")),
    "summary": ("review", lambda t: t.replace("The review looked at", "Karen Whitlock looked at")),
    "short_name": ("agencies", lambda t: t.replace("short_name: North CCG", "short_name: Whitlock CCG")),
    "topic name": ("topics", lambda t: t.replace("name: Information sharing", "name: Sharing with Karen Whitlock")),
    "glossary": ("glossary", lambda t: t.replace("meaning: A regular meeting", "meaning: Karen Whitlock chairs a meeting")),
    "pseudonym in title": ("review", lambda t: t.replace("title: Domestic Homicide Review 001",
                                                         "title: Review after Susan's death")),
    "milestone": ("review", lambda t: t.replace("text: Audit planned", "text: Audit planned with Daniel's probation officer")),
}


@pytest.mark.parametrize("where", sorted(PLACEMENTS))
def test_declared_name_anywhere_is_redacted_or_fails(tmp_path, monkeypatch, where):
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    kind, change = PLACEMENTS[where]
    path = content / ("reviews/north-dhr-001.yaml" if kind == "review" else f"{kind}.yaml")
    before = path.read_text()
    path.write_text(change(before))
    assert path.read_text() != before, "the placement was not applied"
    out = tmp_path / "output"
    result = build(content, out, themes_dir=THEMES)
    if not result.written:
        assert result.diagnostics.errors        # refused, with a reason
        return
    for file in out.rglob("*"):
        if file.is_file():
            text = file.read_bytes().decode("utf-8", "replace")
            assert not re.search(r"Whitlock|Susan|Daniel", text), (where, file)
