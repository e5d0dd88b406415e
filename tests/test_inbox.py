"""The upload-to-import workflow's command (`actionplans inbox`) and the check's step summary."""

import os
import subprocess
import sys
from pathlib import Path

import docx

from conftest import ROOT
from actionplans.commands.init import init_site


def run(*args, cwd):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "actionplans", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, stdin=subprocess.DEVNULL)


def write_plan(path: Path, rows: list[list[str]]) -> Path:
    """A Word action plan made here: a header row and the given rows."""
    document = docx.Document()
    document.add_paragraph("Domestic Homicide Review action plan")
    header = ["Recommendation", "Action to take", "Lead agency", "Target date", "Status"]
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    for col, text in enumerate(header):
        table.cell(0, col).text = text
    for r, row in enumerate(rows, start=1):
        for col, text in enumerate(row):
            table.cell(r, col).text = text
    document.save(path)
    return path


ROWS = [
    ["1. Agencies should train staff in the DASH risk checklist.", "Deliver training to frontline staff.",
     "Home Office", "31 March 2025", "Complete"],
    ["2. Referrals to the MARAC should be audited.", "Audit a sample of referrals each quarter.",
     "NHS England", "June 2026", "In progress"],
]


def test_an_uploaded_word_plan_becomes_a_review_and_leaves_the_inbox(tmp_path):
    init_site(tmp_path, "Safer Northshire Partnership")
    plan = write_plan(tmp_path / "inbox" / "northshire-dhr-002.docx", ROWS)
    done = run("inbox", "--summary", "import-summary.md", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    review = tmp_path / "content" / "reviews" / "northshire-dhr-002.yaml"
    text = review.read_text(encoding="utf-8")
    assert "Deliver training to frontline staff" in text and "home-office" in text and "nhs-england" in text
    ref = text.splitlines()[0].split("$schema=", 1)[1]
    assert (review.parent / ref).resolve() == (tmp_path / "schemas" / "review.schema.json").resolve()
    assert not plan.exists()                                       # never merged or published
    assert (tmp_path / "inbox" / "README.md").is_file()            # the folder's own file stays
    summary = (tmp_path / "import-summary.md").read_text(encoding="utf-8")
    assert "northshire-dhr-002.docx: imported" in summary
    assert "content/reviews/northshire-dhr-002.yaml" in summary and "2 recommendations" in summary
    assert "Needs a person:" in summary and "Next:" in summary
    # the workflow then appends the check's result to the same comment
    checked = run("check", "--strict", "--summary", "import-summary.md", cwd=tmp_path)
    assert checked.returncode == 1                     # the new review still needs a person
    summary = (tmp_path / "import-summary.md").read_text(encoding="utf-8")
    assert summary.index("northshire-dhr-002.docx: imported") < summary.index("## Content check:")
    assert "| content/reviews/northshire-dhr-002.yaml:" in summary


def test_what_cannot_be_imported_stays_and_is_explained(tmp_path):
    init_site(tmp_path, "Safer Northshire Partnership")
    (tmp_path / "inbox" / "plan.pdf").write_bytes(b"%PDF-1.4")
    write_plan(tmp_path / "inbox" / "example-dhr-001.docx", ROWS)         # a review with this id exists
    (tmp_path / "inbox" / "broken.docx").write_bytes(b"not a zip")
    before = (tmp_path / "content" / "reviews" / "example-dhr-001.yaml").read_text()
    done = run("inbox", "--summary", "s.md", cwd=tmp_path)
    assert done.returncode == 1
    summary = (tmp_path / "s.md").read_text(encoding="utf-8")
    assert "plan.pdf: not imported" in summary and "save it from Word as .docx" in summary
    assert "example-dhr-001.docx: not imported" in summary and "already exists" in summary
    assert "broken.docx: not imported" in summary
    assert (tmp_path / "content" / "reviews" / "example-dhr-001.yaml").read_text() == before
    for name in ("plan.pdf", "example-dhr-001.docx", "broken.docx"):
        assert (tmp_path / "inbox" / name).exists()
    assert sorted(p.name for p in (tmp_path / "content" / "reviews").iterdir()) == ["example-dhr-001.yaml"]


def test_an_empty_inbox_says_so(tmp_path):
    init_site(tmp_path, "Safer Northshire Partnership")
    done = run("inbox", "--summary", "s.md", cwd=tmp_path)
    assert done.returncode == 0
    assert "no Word" in (tmp_path / "s.md").read_text()


def test_check_writes_every_problem_to_the_step_summary(tmp_path):
    init_site(tmp_path, "Safer Northshire Partnership")
    review = tmp_path / "content" / "reviews" / "example-dhr-001.yaml"
    text = review.read_text(encoding="utf-8")
    # fifteen mistakes: more than GitHub shows as annotations
    bad = text.replace("scope: local ", "scope: locall", 1)
    extra = "".join(f"\n  - id: \"x{i}\"\n    text: More text.\n    scpe: local\n" for i in range(14))
    review.write_text(bad + extra, encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    done = run("check", "--strict", "--format", "github", "--summary", str(summary), cwd=tmp_path)
    assert done.returncode == 1
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::error")]
    table = [line for line in summary.read_text().splitlines() if line.startswith("| content/")]
    assert len(annotations) == len(table) == 15
    assert summary.read_text().startswith("earlier step\n")        # appended, as GitHub expects
    assert "15 errors" in summary.read_text()
    assert any("scpe" in row and "did you mean" in row for row in table)


def test_the_summary_escapes_markdown():
    from actionplans.core.diagnostics import Diagnostic
    from actionplans.commands.summary import format_markdown
    text = format_markdown([Diagnostic("a|b.yaml", 3, 4, "error", "bad `x` | <script>", "use *y*\nnow")])
    row = [line for line in text.splitlines() if line.startswith("| a")][0]
    assert row.count(" | ") == 2 and "<script>" not in row and "\\|" in row
    assert format_markdown([]).startswith("## Content check: no problems found")
