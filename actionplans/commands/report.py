"""The redaction report, for the officer who signs a publication off. Never part of output/.

For each review: the decisions people made (each pseudonym and name declared, with the wording
the page uses instead, and how often it was replaced), every replacement, and every finding
still waiting for a decision. Then the site-wide decisions: names in redaction.yaml and the
words allowed, each with its reason."""

from __future__ import annotations


def redaction_report(result) -> str:
    log = result.redaction
    lines = ["# Redaction report", ""]
    if log is None:
        lines += ["The content could not be read, so redaction did not run. Fix the problems "
                  "`actionplans check` lists first.", ""]
        return "\n".join(lines) + "\n"
    undecided = len(log.findings)
    lines += [f"- Replacements made: {len(log.replacements)}",
              f"- Findings waiting for a decision: {undecided}"
              + (" — the site cannot be built until each is declared, reworded or allowed" if undecided else ""),
              ""]
    def replaced(path: str, wording: str) -> int:
        w = wording.lower()
        return sum(1 for r in log.replacements if r.path == path and r.replacement.lower() in (w, w + "'s", w + "'"))
    files = sorted(set(log.people) | {r.path for r in log.replacements} | {f.path for f in log.findings})
    for path in files:
        lines += [f"## {path}", ""]
        people = log.people.get(path)
        if people is not None:
            lines.append("Declared in this review (never published; the page says instead):")
            if people:
                for name, wording in people:
                    lines.append(f"- '{name}' → '{wording}' ({replaced(path, wording)} replacements "
                                 "with this wording)")
            else:
                lines.append("- nobody (the review says its documents name no one: no_pseudonyms)")
            lines.append("")
        mine = sorted((r for r in log.replacements if r.path == path), key=lambda r: (r.line, r.field, r.original))
        if mine:
            lines.append("Replacements:")
            lines += [f"- line {r.line} ({r.field}): '{r.original}' → '{r.replacement}'" for r in mine]
            lines.append("")
        found = sorted((f for f in log.findings if f.path == path), key=lambda f: (f.line, f.col))
        lines.append("Waiting for a decision (declare with refer_to_as, reword, or allow with a reason):")
        lines += [f"- {f.path}:{f.line}:{f.col}: {f.rule}: '{f.text}' — {f.message}" for f in found] or ["- none"]
        lines.append("")
    lines += ["## Site-wide decisions (redaction.yaml)", "", "Names replaced on every page:"]
    lines += [f"- '{name}' → '{wording}'" for name, wording in log.site_names] or ["- none"]
    lines += ["", "Allowed (they look like names or initials but are not):"]
    lines += [f"- '{text}' — {reason or 'NO REASON GIVEN: add one'}" for text, reason in log.allowed] or ["- none"]
    return "\n".join(lines) + "\n"
