"""The redaction report, for the officer who signs a publication off. Never part of output/."""

from __future__ import annotations


def redaction_report(result) -> str:
    log = result.redaction
    lines = ["# Redaction report", ""]
    if log is None:
        lines += ["The content has errors, so redaction did not run. Fix the problems listed below first.", ""]
        return "\n".join(lines) + "\n"
    lines += [f"Replacements: {len(log.replacements)}", f"Findings: {len(log.findings)} "
              f"({sum(f.severity == 'error' for f in log.findings)} errors, "
              f"{sum(f.severity == 'warning' for f in log.findings)} warnings)", ""]
    lines += ["## Replacements (declared names replaced by their wording)", ""]
    by_file: dict[str, list] = {}
    for r in log.replacements:
        by_file.setdefault(r.path, []).append(r)
    if not by_file:
        lines.append("None.")
    for path in sorted(by_file):
        lines.append(f"### {path}")
        for r in sorted(by_file[path], key=lambda r: (r.line, r.field, r.original)):
            lines.append(f"- line {r.line} ({r.field}): '{r.original}' → '{r.replacement}'")
        lines.append("")
    lines += ["", "## Findings (need a person: declare, reword, or allow with a reason)", ""]
    by_file = {}
    for f in log.findings:
        by_file.setdefault(f.path, []).append(f)
    if not by_file:
        lines.append("None.")
    for path in sorted(by_file):
        lines.append(f"### {path}")
        for f in sorted(by_file[path], key=lambda f: (f.line, f.col)):
            lines.append(f"- {path}:{f.line}:{f.col}: {f.severity}: {f.rule}: '{f.text}' — {f.hint}")
        lines.append("")
    return "\n".join(lines) + "\n"
