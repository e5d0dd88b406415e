"""Every problem as Markdown, for GitHub's step summary: annotations show only the first few
problems of a step, the summary shows them all."""

from __future__ import annotations

from typing import Iterable

from ..core.diagnostics import ERROR, Diagnostic


def _cell(text: str) -> str:
    # a table cell: no line breaks, and no character that would end the cell or start markup
    text = " ".join(str(text).split())
    for ch in "\\|`*_<>[]":
        text = text.replace(ch, "\\" + ch)
    return text


def format_markdown(diags: Iterable[Diagnostic], *, strict: bool = False, title: str = "Content check") -> str:
    items = list(diags)
    errors = sum(d.severity == ERROR for d in items)
    warnings = len(items) - errors
    if not items:
        return f"## {title}: no problems found\n\n"
    counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    note = " (warnings count as errors: the check runs with --strict)" if strict and warnings else ""
    out = [f"## {title}: {counts}{note}", "",
           "Every problem, with where it is and how to fix it. Open the file on GitHub, go to the line, "
           "and fix each one; the check runs again when you commit.", "",
           "| where | problem | how to fix it |", "|---|---|---|"]
    for d in items:
        icon = "error" if d.severity == ERROR else "warning"
        out.append(f"| {_cell(d.path)}:{d.line}:{d.col} | **{icon}**: {_cell(d.message)} | {_cell(d.hint)} |")
    return "\n".join(out) + "\n\n"
