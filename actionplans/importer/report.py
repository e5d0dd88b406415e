"""What an import did, for the person who ran it: counts, every cell accounted for, and the
lines of the new file that need a person, in the form an editor can jump to (file:line)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..content.load import display_path as shown_path  # the path as every diagnostic shows it


# the reason given to a cell whose text holds a possible name or other personal detail
PERSONAL = "possible name or personal detail"


@dataclass
class CellRecord:
    where: str
    column: str
    text: str
    todo: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    source: Path
    target: Path
    review_id: str
    recommendations: int = 0
    actions: int = 0
    tables: int = 0
    layout: str = ""
    cells: list[CellRecord] = field(default_factory=list)
    todos: list[tuple[int, str]] = field(default_factory=list)       # (line in the YAML, what to do)
    names: list[tuple[int, str, str]] = field(default_factory=list)  # (line, text found, why)
    replaced: int = 0                                               # declared names replaced
    unmatched: dict[str, list[str]] = field(default_factory=dict)    # agency text -> closest ids
    skipped: list[str] = field(default_factory=list)
    not_imported: list[str] = field(default_factory=list)
    joined: list[str] = field(default_factory=list)      # table rows put with the row above: to check
    judgements: int = 0
    tags: dict[str, int] = field(default_factory=dict, repr=False)   # where each text was written

    @property
    def cells_placed(self) -> int:
        return sum(1 for c in self.cells if not c.todo)

    @property
    def cells_human(self) -> int:
        return sum(1 for c in self.cells if c.todo)

    @property
    def cells_todo(self) -> int:
        return sum(1 for c in self.cells if any(t != PERSONAL for t in c.todo))

    def summary(self) -> str:
        shown = shown_path(self.target)
        out = [f"imported {self.source.name} into {shown}",
               f"  {self.recommendations} recommendation{'s' * (self.recommendations != 1)}, "
               f"{self.actions} action{'s' * (self.actions != 1)}, from {self.tables} "
               f"table{'s' * (self.tables != 1)} ({self.layout})",
               f"  {len(self.cells)} cells with text: {self.cells_placed} placed automatically, "
               f"{self.cells_human} need a person ({self.cells_todo} marked '# TODO' in the file, "
               f"{self.cells_human - self.cells_todo} only for a possible name or reference)"]
        if self.judgements:
            out.append(f"  {self.judgements} readings of dates or statuses are explained in comments: "
                       "worth a glance")
        if self.replaced:
            out.append(f"  {self.replaced} declared name{'s' * (self.replaced != 1)} replaced "
                       "(redaction.yaml names)")
        for s in self.skipped:
            out.append(f"  skipped {s}")
        for s in self.not_imported:
            out.append(f"  not imported: {s}")
        if self.joined:
            out.append("")
            out.append("Rows the importer could not place on their own (each was joined to the row above; "
                       "check it in the file):")
            for s in self.joined:
                out.append(f"  {s}")
        if self.todos:
            out.append("")
            out.append("Needs a person:")
            for line, message in sorted(self.todos):
                out.append(f"  {shown}:{line}: {message}")
        if self.unmatched:
            out.append("")
            out.append("Agencies not found in agencies.yaml (add each there, or add this spelling to an agency's "
                       "aliases):")
            for text, candidates in sorted(self.unmatched.items()):
                close = f" — closest: {', '.join(candidates)}" if candidates else ""
                out.append(f"  '{text}'{close}")
        if self.names:
            out.append("")
            out.append("Possible names of real people and other personal details (check fails until each is "
                       "declared with refer_to_as, reworded, or allowed):")
            for line, text, why in sorted(self.names):
                out.append(f"  {shown}:{line}: '{text}' ({why})")
        out.append("")
        out.append("Next: fix the items above, declare the review's pseudonyms under people:, write its "
                   "summary, then run: actionplans check")
        return "\n".join(out) + "\n"

