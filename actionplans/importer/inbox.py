"""`actionplans inbox`: import every Word, Excel or CSV plan uploaded into inbox/.

GitHub's "Upload files" puts a plan into inbox/ on a new branch and opens a pull request; the
"Import uploaded plan" workflow runs this, commits what it wrote, and posts the summary it
writes as the pull request's comment. So importing needs no Python on anyone's computer.
An imported plan is removed from inbox/ (its review file replaces it, and the source document
may hold real names that must not be merged); a plan that could not be imported stays.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

IMPORTABLE = (".docx", ".xlsx", ".csv")
# files that belong to the folder itself, never a plan
KEEP = {"readme.md", ".gitkeep"}


@dataclass
class InboxResult:
    imported: list[tuple[Path, str]] = field(default_factory=list)      # (uploaded file, importer summary)
    failed: list[tuple[Path, str]] = field(default_factory=list)        # (uploaded file, why)

    @property
    def ok(self) -> bool:
        return not self.failed

    def markdown(self) -> str:
        if not self.imported and not self.failed:
            return "## Import\n\nThere is no Word (.docx), Excel (.xlsx) or CSV plan in inbox/ to import.\n"
        out = ["## Import of the uploaded action plans", ""]
        for path, text in self.imported:
            out += [f"### {path.name}: imported", "",
                    "The review file is committed to this pull request and the uploaded file is removed from "
                    "`inbox/`. Fix each line listed under \"Needs a person\", declare the review's pseudonyms "
                    "under `people:`, and the \"Check content\" check will go green.", "",
                    "```text", text.rstrip("\n").replace("```", "'''"), "```", ""]
        for path, why in self.failed:
            out += [f"### {path.name}: not imported", "", why.replace("```", "'''"), ""]
        return "\n".join(out) + "\n"


def import_inbox(inbox: Path, content: Path, *, redaction_file: Path | None = None,
                 today: dt.date | None = None) -> InboxResult:
    from .convert import ReadError, import_plan
    result = InboxResult()
    if not inbox.is_dir():
        result.failed.append((inbox, f"{inbox} is not a folder: upload the plan into the inbox folder"))
        return result
    for path in sorted(p for p in inbox.iterdir() if p.is_file() and not p.name.startswith(".")):
        if path.name.lower() in KEEP:
            continue
        if path.suffix.lower() not in IMPORTABLE:
            hint = " (save it from Word as .docx)" if path.suffix.lower() in (".doc", ".pdf", ".odt", ".rtf") else ""
            result.failed.append((path, f"`{path.name}` is not a Word (.docx), Excel (.xlsx) or CSV file{hint}: "
                                        "it was left in inbox/"))
            continue
        try:
            report = import_plan(path, content, redaction_file=redaction_file, today=today)
        except FileExistsError as exc:
            result.failed.append((path, f"{exc}. To import a newer version of a plan, rename the upload "
                                        "(its file name becomes the review's id), or edit the existing review."))
            continue
        except (ReadError, ValueError) as exc:
            result.failed.append((path, str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - the comment gets a sentence, never a traceback
            result.failed.append((path, f"{path.name} could not be imported ({type(exc).__name__}: {exc}); "
                                        "nothing was written for it"))
            continue
        result.imported.append((path, report.summary()))
        path.unlink()
    return result
