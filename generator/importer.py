"""`actionplans import FILE`: an action plan in Word, Excel or CSV → content/reviews/<id>.yaml.

  read (import_read) → find the tables and put split rows back together (import_table)
  → read dates, statuses, scopes (import_text) and agencies (import_agencies)
  → redact declared names → write commented YAML (import_yaml) → a summary for a person.

Nothing is dropped: a cell, or the part of one, that cannot be placed in the content format
goes into the action's `notes` (kept for editors, never published) under a `# TODO` comment,
and the summary lists every such place by line. A required value that cannot be found is left
out with a `# TODO`, so `actionplans check` keeps failing until a person has decided.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .dates import PartialDate
from .diagnostics import Diagnostics
from .import_agencies import AgencyMatcher
from .import_read import ReadError, Row, read_document
from .import_table import NEW_ACTION, NEW_REC, LRow, Part, find_tables, logical_rows, rec_number
from .import_text import (FoundDate, canonical_status_phrase, find_dates, is_filler, items, read_scope,
                          read_status, read_when, tidy)
from .import_yaml import Entry, Scalar, Writer, id_scalar, slug_scalar
from .load import load_file
from .names import DeclaredName, Replacer, detect_names
from .patterns import ALL_PATTERNS, find_patterns

__all__ = ["ImportReport", "import_plan", "ReadError"]

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NO_SEPARATE_ACTION = "The action plan gives no separate action for this recommendation."
# Words of dates and statuses: text made only of these (and numbers) names nobody.
_PLAIN_WORDS = set("""
january february march april may june july august september october november december jan feb mar apr
jun jul aug sep sept oct nov dec st nd rd th end of by the for and in on to be is was not yet started
complete completed ongoing on going progress achieved closed open tbc tba confirmed local regional
national level recommendation draft spring summer autumn winter quarter q early mid late beginning
""".split())


# --- the report ------------------------------------------------------------------------------

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
    judgements: int = 0
    tags: dict[str, int] = field(default_factory=dict, repr=False)   # where each text was written

    @property
    def cells_placed(self) -> int:
        return sum(1 for c in self.cells if not c.todo)

    @property
    def cells_human(self) -> int:
        return sum(1 for c in self.cells if c.todo)

    def summary(self) -> str:
        shown = _shown(self.target)
        out = [f"imported {self.source.name} into {shown}",
               f"  {self.recommendations} recommendation{'s' * (self.recommendations != 1)}, "
               f"{self.actions} action{'s' * (self.actions != 1)}, from {self.tables} "
               f"table{'s' * (self.tables != 1)} ({self.layout})",
               f"  {len(self.cells)} cells with text: {self.cells_placed} placed automatically, "
               f"{self.cells_human} need a person (marked '# TODO' in the file)"]
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
            out.append("Possible names of real people (check fails until each is declared with refer_to_as, "
                       "reworded, or allowed):")
            for line, text, why in sorted(self.names):
                out.append(f"  {shown}:{line}: '{text}' ({why})")
        out.append("")
        out.append("Next: fix the items above, declare the review's pseudonyms under people:, write its "
                   "summary, then run: actionplans check")
        return "\n".join(out) + "\n"


def _shown(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


# --- the content the import must fit -----------------------------------------------------------

@dataclass
class _Context:
    agencies: list[dict]
    partnerships: list[dict]
    declared: list[DeclaredName]
    allow: list[str]
    patterns: tuple[str, ...]
    known_terms: list[str]
    successors: dict[str, str]
    as_of: dt.date
    problems: list[str]


def _load_yaml(path: Path, problems: list[str]):
    if not path.exists():
        return None
    diags = Diagnostics()
    loaded = load_file(path, _shown(path), diags)
    if loaded is None or diags.errors:
        problems.append(f"{_shown(path)} could not be read ({diags.errors[0].message if diags.errors else 'unknown'}); "
                        "run actionplans check")
        return None
    return loaded.data


def _context(content: Path, redaction_file: Path | None, today: dt.date) -> _Context:
    problems: list[str] = []
    agencies = _load_yaml(content / "agencies.yaml", problems)
    agencies = [a for a in agencies if isinstance(a, dict)] if isinstance(agencies, list) else []
    site = _load_yaml(content / "site.yaml", problems)
    site = site if isinstance(site, dict) else {}
    partnerships = [p for p in site.get("partnerships") or [] if isinstance(p, dict) and isinstance(p.get("id"), str)]
    red = _load_yaml(Path(redaction_file) if redaction_file else content / "redaction.yaml", problems)
    red = red if isinstance(red, dict) else {}
    declared = [DeclaredName(str(n["name"]), str(n["refer_to_as"])) for n in red.get("names") or []
                if isinstance(n, dict) and n.get("name") and n.get("refer_to_as")]
    allow = [a if isinstance(a, str) else str(a.get("text", "")) for a in red.get("allow") or []
             if isinstance(a, (str, dict))]
    allow = [a for a in allow if a]
    patterns = tuple(p for p in (red.get("patterns") or ALL_PATTERNS) if p in ALL_PATTERNS)
    known: set[str] = set(allow)
    for a in agencies:
        for t in [a.get("name"), a.get("short_name"), *(a.get("aliases") or [])]:
            if isinstance(t, str):
                known.add(t)
    for name in ("glossary", "topics"):
        data = _load_yaml(content / f"{name}.yaml", problems)
        for entry in data if isinstance(data, list) else []:
            if isinstance(entry, dict):
                for key in ("term", "stands_for", "name"):
                    if isinstance(entry.get(key), str):
                        known.add(entry[key])
    known |= {p.get("name") for p in partnerships if isinstance(p.get("name"), str)}
    successors = {a["id"]: a["replaced_by"] for a in agencies
                  if isinstance(a.get("id"), str) and isinstance(a.get("replaced_by"), str)}
    as_of = today
    value = site.get("as_of")
    if value not in (None, "build"):
        try:
            from .dates import parse_date
            as_of = min(today, parse_date(str(value)).last_day())
        except ValueError:
            pass
    return _Context(agencies, partnerships, declared, allow, patterns, sorted(known), successors, as_of, problems)


# --- building the review -----------------------------------------------------------------------

@dataclass
class _Action:
    entries: list[Entry]
    dates: list[PartialDate]            # completion, update dates: candidates for 'updated'


class _Builder:
    def __init__(self, ctx: _Context, doc_text: str, report: ImportReport):
        self.ctx = ctx
        self.report = report
        self.matcher = AgencyMatcher(ctx.agencies, context=doc_text)
        self.replacer = Replacer(_unique(ctx.declared)) if ctx.declared else None
        self.texts: list[tuple[str, str]] = []      # (tag, text written) for the name check
        self.n = 0                                  # tags

    # -- cells --------------------------------------------------------------------------------
    def cell_id(self, row: Row, column: int, kind: str, text: str) -> int:
        self.report.cells.append(CellRecord(f"{row.where}, column {column + 1}", kind, text))
        return len(self.report.cells) - 1

    def flag(self, parts: list[Part], reason: str) -> None:
        for p in parts:
            for c in p.cells:
                self.report.cells[c].todo.append(reason)

    # -- text ---------------------------------------------------------------------------------
    def t(self, text: str, tag_hint: str) -> tuple[str, str]:
        """Text as written into the file: declared names replaced. Returns (text, tag)."""
        if self.replacer is not None:
            text, done = self.replacer.replace(text)
            self.report.replaced += len(done)
        self.n += 1
        tag = f"{tag_hint}#{self.n}"
        self.texts.append((tag, text))
        return text, tag

    def text_entry(self, key: str, text: str, hint: str, **kw) -> Entry:
        value, tag = self.t(text, hint)
        return Entry(key, Scalar(value), tag=tag, **kw)

    def quotable(self, text: str) -> bool:
        """Safe to quote in a comment: comments are never checked, so nothing personal may go there."""
        if all(w.lower() in _PLAIN_WORDS for w in re.findall(r"[A-Za-z]+", text)) and \
                not re.search(r"\d{5}|@", text):
            return True       # a date or a status as written: month names, numbers and status words only
        if self.replacer is not None and self.replacer.find(text):
            return False
        if detect_names(text, allow=self.ctx.allow, known_terms=self.ctx.known_terms, declared=self.ctx.declared):
            return False
        return not find_patterns(text, enabled=self.ctx.patterns)

    def quote(self, text: str) -> str:
        text = re.sub(r"\s+", " ", text).strip()
        return f'"{text}"' if self.quotable(text) else "(see the plan)"

    # -- agencies -----------------------------------------------------------------------------
    def _successor_only(self, ids: list[str]) -> list[str]:
        """'CCG – now known as the ICB': keep the body that took over, not both."""
        keep = []
        for i in ids:
            cur, seen = i, {i}
            newer = False
            while cur in self.ctx.successors and self.ctx.successors[cur] not in seen:
                cur = self.ctx.successors[cur]
                seen.add(cur)
                if cur in ids:
                    newer = True
            if not newer:
                keep.append(i)
        return keep

    def lead(self, lrow: LRow, hint: str) -> list[Entry]:
        parts = lrow.cols.get("lead", [])
        text = re.sub(r"\s+", " ", " ".join(p.text for p in parts)).strip()
        out: list[Entry] = []
        if not text:
            heading = self.matcher.match(lrow.heading) if lrow.heading else None
            if heading and heading.lead:
                exact = heading.exact and not heading.supporting
                out.append(Entry("lead", slug_scalar(heading.lead),
                                 comment=f"from the heading above the table: {self.quote(lrow.heading)}",
                                 todo="" if exact else f"lead: taken from the table's heading "
                                                       f"{self.quote(lrow.heading)}: check it"))
                if not exact:
                    self.report.judgements += 1
                return out
            out.append(Entry("lead", Scalar(""), omit=True, above=["TODO: the plan names no lead agency for this action: "
                                                        "add lead: <an id from agencies.yaml>"],
                             todo="lead: the plan names no lead agency: add one"))
            return out
        m = self.matcher.match(text)
        if m.lead:
            ids = self._successor_only([m.lead, *m.supporting])
            comment = ""
            todo = ""
            if m.fuzzy:
                comment = f"spelt {self.quote(text)} in the plan"
                todo = f"lead: {self.quote(text)} read as '{ids[0]}' (close spelling of '{m.fuzzy}'): check it"
                self.flag(parts, "close spelling of an agency")
            elif m.chose:
                term, ranked = next(iter(m.chose.items()))
                comment = f"'{term}' could also be {', '.join(ranked[1:])}: chosen by the places the plan names"
                self.report.judgements += 1
            if m.ambiguous:
                term, ranked = next(iter(m.ambiguous.items()))
                todo = f"lead: '{term}' could be {' or '.join(ranked)}: choose"
                self.flag(parts, "ambiguous agency")
            out.append(Entry("lead", slug_scalar(ids[0]), comment=comment, todo=todo))
            if len(ids) > 1:
                out.append(Entry("supporting", [slug_scalar(i) for i in ids[1:]]))
            if not m.exact and not is_filler(m.leftover) and re.search(r"[A-Za-z]{3}", m.leftover):
                value, tag = self.t(text, f"{hint}.lead_role")
                out.append(Entry("lead_role", Scalar(value), tag=tag,
                                 comment="the plan's lead cell, as written"))
            return out
        if m.ambiguous:
            term, ranked = next(iter(m.ambiguous.items()))
            self.flag(parts, "ambiguous agency")
            value, tag = self.t(text, f"{hint}.lead_role")
            return [Entry("lead", Scalar(""), omit=True, above=[f"TODO: '{term}' could be {' or '.join(ranked)}: choose one"],
                          todo=f"lead: '{term}' could be {' or '.join(ranked)}: choose"),
                    Entry("lead_role", Scalar(value), tag=tag, comment="the plan's lead cell, as written")]
        self.flag(parts, "agency not in agencies.yaml")
        shifted = next((k for k in ("action", "scope", "milestones") if k in lrow.cols
                        and self.matcher.match(lrow.text(k, " ")).exact), None)
        if shifted:
            m.candidates = [c for c in [self.matcher.match(lrow.text(shifted, " ")).lead] if c] + m.candidates
        named = detect_names(text, allow=self.ctx.allow, known_terms=self.ctx.known_terms, declared=self.ctx.declared)
        self.report.unmatched.setdefault(text if not named else "(a cell that holds a name)", [
            f"{c} ({self.matcher.names.get(c, c)})" for c in m.candidates])
        slug = "todo-lead-agency" if named else _slug(text, 6) or "todo-lead-agency"
        value, tag = self.t(text, f"{hint}.lead_role")
        close = f" (closest: {', '.join(m.candidates)})" if m.candidates else ""
        return [Entry("lead", slug_scalar(slug),
                      above=["TODO: the lead agency is not in agencies.yaml: add it there with this id, "
                             "or choose an existing id" + close],
                      todo=f"lead: {self.quote(text)} is not in agencies.yaml{close}" + (
                          f"; the {shifted} cell names an agency, so this row's columns may be shifted" if shifted
                          else "")),
                Entry("lead_role", Scalar(value), tag=tag, comment="the plan's lead cell, as written")]

    # -- dates --------------------------------------------------------------------------------
    def due_value(self, found: FoundDate | None, due, original: str) -> tuple[Scalar, str, bool]:
        """(the value, a todo message or '', whether it is a judgement worth a comment)."""
        if isinstance(due, str):
            comment = "" if original.strip().lower() == due else self.quote(original)
            return slug_scalar(due, comment), "", bool(comment)
        if found is not None and found.problem:
            return (slug_scalar(due.iso(), f"the plan says {self.quote(found.text)}, which does not exist "
                                           f"({found.problem}): {due.iso()} assumed"),
                    f"date {self.quote(found.text)} does not exist ({found.problem}): {due.iso()} assumed, check it",
                    True)
        comment = "" if original.strip() == due.iso() else self.quote(original)
        if found is not None and found.vague:
            comment += " (a season or quarter, read as its last month)"
        return slug_scalar(due.iso(), comment), "", bool(comment)

    # -- one action -----------------------------------------------------------------------------
    def action(self, lrow: LRow, extra_notes: list[tuple[str, list[Part]]], hint: str) -> _Action:
        entries: list[Entry] = []
        notes: list[tuple[str, str, list[Part]]] = []      # (label, text, parts)
        dates: list[PartialDate] = []

        for label, parts in extra_notes:
            notes.append((label, "\n\n".join(p.text for p in parts), parts))

        action_parts = lrow.cols.get("action", [])
        if action_parts:
            entries.append(self.text_entry("action", tidy("\n\n".join(p.text for p in action_parts)),
                                           f"{hint}.action"))
        else:
            # The row has a lead, dates or progress but an empty action cell: the recommendation is
            # its own action. Saying so is what a careful officer writes; it is not invented.
            entries.append(Entry("action", Scalar(NO_SEPARATE_ACTION),
                                 comment="the plan's action cell is empty"))
            self.report.judgements += 1
        entries.extend(self.lead(lrow, hint))

        # milestones and target dates, paired when the plan gives one date per milestone
        m_parts = lrow.cols.get("milestones", [])
        # "Completed April 2020" in a target-date column says what happened, not when it was due
        done_in_due = [d for d in lrow.cols.get("due", []) if read_status(d.text, completion_column=False).status
                       in ("complete", "complete-ongoing", "not-achieved")]
        d_parts = [d for d in lrow.cols.get("due", []) if d not in done_in_due]
        milestone_entries: list[list[Entry]] = []
        due_entry: Entry | None = None
        if m_parts or d_parts:
            m_texts = [p.text for p in m_parts]
            pairs: list[tuple[str, list[Part], Part | None]] = []
            if len(m_parts) == len(d_parts) > 1:
                pairs = [(tidy(m.text), [m], d) for m, d in zip(m_parts, d_parts)]
            elif len(m_parts) == 1 and len(d_parts) == 1 and len(items(m_texts[0])) > 1 and \
                    len(items(m_texts[0])) == len([x for x in items(d_parts[0].text) if read_when(x).due]):
                whens = items(d_parts[0].text)
                pairs = [(it, [m_parts[0]], Part(w, d_parts[0].cells)) for it, w in zip(items(m_texts[0]), whens)]
            else:
                for m in m_parts:
                    for it in items(m.text):
                        pairs.append((it, [m], None))
            paired = any(d is not None for _, _, d in pairs)
            latest: tuple[PartialDate, FoundDate | None, str] | None = None
            for text, parts, d in pairs:
                ms: list[Entry] = [self.text_entry("text", text, f"{hint}.milestone")]
                if d is not None:
                    w = read_when(d.text)
                    if w.due is not None:
                        f = next((x for x in (w.found or []) if x.date == w.due), None)
                        value, todo, judged = self.due_value(f, w.due, d.text if not w.rest or
                                                             len(w.rest.split()) <= 6 else w.original)
                        if todo:
                            self.flag([d], "impossible date")
                        self.report.judgements += judged
                        ms.append(Entry("due", value, todo=todo))
                        if isinstance(w.due, PartialDate) and (latest is None or
                                                               w.due.last_day() > latest[0].last_day()):
                            latest = (w.due, f, d.text)
                        if w.rest and len(w.rest.split()) > 6:
                            notes.append(("Target date", w.rest, [d]))
                    elif d.text.strip():
                        notes.append(("Target date", d.text, [d]))
                milestone_entries.append(ms)
            if paired and latest is not None:
                due_entry = Entry("due", slug_scalar(latest[0].iso(),
                                                     "the last of the milestones' target dates"))
            elif d_parts:
                first = d_parts[0]
                w = read_when(first.text)
                if w.due is not None:
                    f = next((x for x in (w.found or []) if x.date == w.due), None)
                    short_rest = bool(w.rest) and len(w.rest.split()) <= 6 and self.quotable(w.rest)
                    value, todo, judged = self.due_value(f, w.due, first.text if short_rest or not w.rest
                                                         else w.original)
                    if todo:
                        self.flag([first], "impossible date")
                    self.report.judgements += judged
                    due_entry = Entry("due", value, todo=todo)
                    if w.rest and not short_rest:
                        notes.append(("Target date", w.rest, [first]))
                else:
                    notes.append(("Target date", first.text, [first]))
                for extra in d_parts[1:]:
                    notes.append(("Target date", extra.text, [extra]))
        if milestone_entries:
            entries.append(Entry("milestones", milestone_entries))
        if due_entry is not None:
            entries.append(due_entry)

        # status, completion date, outcome and dated updates
        status_entries, updates, outcome, more_notes, sdates = self.completion(lrow, hint, done_in_due)
        entries.extend(status_entries)
        dates.extend(sdates)
        notes.extend(more_notes)
        if outcome:
            entries.append(self.text_entry("outcome", outcome[0], f"{hint}.outcome", comment=outcome[1]))
        if updates:
            ups = []
            for date, text, written in sorted(updates, key=lambda u: u[0].first_day()):
                dates.append(date)
                note = "" if written == date.iso() else (written if written.startswith("the ") else self.quote(written))
                future = date.first_day() > self.ctx.as_of
                ups.append([Entry("date", slug_scalar(date.iso(), note),
                                  todo=f"update date {date.iso()} is in the future: check it" if future else ""),
                            self.text_entry("text", text, f"{hint}.update")])
            entries.append(Entry("updates", ups))

        for kind, parts in lrow.cols.items():
            if kind.startswith("other:"):
                notes.append((kind[6:], "\n\n".join(p.text for p in parts), parts))
        if notes:
            body = "\n\n".join(f"{label}: {tidy(text)}" if label else tidy(text) for label, text, _ in notes)
            for _, _, parts in notes:
                self.flag(parts, "kept in notes")
            labels = sorted({label or "text" for label, _, _ in notes})
            entries.append(self.text_entry(
                "notes", body, f"{hint}.notes",
                above=["TODO: text the importer could not place (never published):",
                       "move it into the fields above, or delete it"],
                todo=f"notes: text the importer could not place ({', '.join(labels)}): move it or delete it"))
        return _Action(entries, dates)

    def completion(self, lrow: LRow, hint: str, extra: list[Part] = ()):
        parts = lrow.cols.get("completion", []) + list(extra)
        progress = lrow.cols.get("update", [])
        status_parts = lrow.cols.get("status", [])
        entries: list[Entry] = []
        updates: list[tuple[PartialDate, str, str]] = []   # (date, text, the date as written)
        notes: list[tuple[str, str, list[Part]]] = []
        dates: list[PartialDate] = []
        outcome: tuple[str, str] | None = None
        if not parts and not status_parts and not progress:
            return entries, updates, outcome, notes, dates

        reading = read_status("\n\n".join(p.text for p in parts))
        for extra_parts, label in ((status_parts, "Status"), (progress, "")):
            if not extra_parts:
                continue
            sr = read_status("\n\n".join(p.text for p in extra_parts), completion_column=False)
            if sr.status and not reading.status:
                reading.status, reading.phrase, reading.judgement = sr.status, sr.phrase, sr.judgement
                reading.completed = reading.completed or sr.completed
                leftover = sr.rest
            else:
                leftover = "\n\n".join(p.text for p in extra_parts)
            if label and leftover.strip():
                notes.append((label, leftover, extra_parts))      # "Green": not a status we know
            elif leftover.strip():
                reading.rest = (reading.rest + "\n\n" + leftover).strip()
        parts = parts + progress

        if reading.status:
            comment = ""
            if not canonical_status_phrase(reading.phrase, reading.status):
                comment = self.quote(reading.phrase)
                if reading.judgement:
                    comment += ": a judgement, check it"
                self.report.judgements += 1
            entries.append(Entry("status", slug_scalar(reading.status, comment)))
        if reading.completed is not None:
            todo = ""
            if reading.date_problem:
                todo = f"completed: the plan's date does not exist ({reading.date_problem}): check it"
                self.flag(parts, "impossible date")
            elif reading.completed.first_day() > self.ctx.as_of:
                todo = f"completed: {reading.completed.iso()} is in the future: check it"
                self.flag(parts, "date in the future")
            entries.append(Entry("completed", slug_scalar(reading.completed.iso()), todo=todo,
                                 comment=f"({reading.date_problem})" if reading.date_problem else ""))
            dates.append(reading.completed)
        elif reading.status == "complete":
            # the plan says it is done but not when: say so, rather than leave check to wonder
            entries.append(Entry("completed_unknown", Scalar("true", flow=True, typed=True),
                                 comment="the plan gives no completion date"))
        if reading.status == "not-achieved" and not reading.rest.strip():
            entries.append(Entry("outcome", Scalar(""), omit=True, above=["TODO: 'not-achieved' needs an outcome saying why"],
                                 todo="outcome: a 'not-achieved' action needs the reason"))

        body: list[str] = []
        for para in [p.strip() for p in re.split(r"\n\s*\n|\n", reading.rest) if p.strip()]:
            dated = _dated_paragraph(para)
            if dated is not None and (dated[0] != reading.completed or reading.status not in
                                      ("complete", "complete-ongoing")):
                updates.append((dated[0], dated[1], dated[2]))
                continue
            body.append(para)
        if body:
            text = tidy("\n\n".join(body))
            if reading.status in ("in-progress", "not-started"):
                inside = [f for f in find_dates(text) if f.date is not None and not f.problem]
                if len(inside) == 1 and inside[0].date.first_day() <= self.ctx.as_of:
                    updates.append((inside[0].date, text, "the date in the text"))
                    self.report.judgements += 1
                else:
                    notes.append(("Progress (no date)", text, parts))
            else:
                why = "" if reading.status else "the plan gives no status: add one if the text says"
                outcome = (text, why)
        return entries, updates, outcome, notes, dates


def _dated_paragraph(para: str) -> tuple[PartialDate, str, str] | None:
    """'April 2022: Ongoing DASH masterclass …' → (2022-04, 'Ongoing DASH masterclass …', 'April 2022')."""
    found = find_dates(para)
    if not found or found[0].start > 2 or found[0].date is None or found[0].problem:
        return None
    after = para[found[0].end:]
    m = re.match(r"\s*[:\-–—]\s*|\s+-\s+", after)
    if not m or not after[m.end():].strip():
        return None
    return found[0].date, after[m.end():].strip(), found[0].text


def _unique(names: list[DeclaredName]) -> list[DeclaredName]:
    seen, out = set(), []
    for n in names:
        if n.name.lower() not in seen:
            seen.add(n.name.lower())
            out.append(n)
    return out


def _slug(text: str, words: int = 8) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower().replace("&", " and ").replace("'", "")).strip("-")
    return "-".join(s.split("-")[:words])


# --- the review around the recommendations ---------------------------------------------------------

_TYPES = [("dardr", r"domestic abuse related death"), ("sar", r"safeguarding adults? review"),
          ("cspr", r"child safeguarding practice review|serious case review"),
          ("dhr", r"domestic homicide review|\bDHR\b")]


def _metadata(paras: list[str], all_text: str, ctx: _Context, builder: _Builder, review_id: str,
              fallback_updated: PartialDate | None) -> list[Entry]:
    entries: list[Entry] = [Entry("id", slug_scalar(review_id), comment="the web address: never a pseudonym or a name")]
    kind = next((k for k, pattern in _TYPES if re.search(pattern, all_text, re.I)), None)
    entries.append(Entry("type", slug_scalar(kind or "dhr", "dhr | dardr | sar | cspr | other" +
                                             ("" if kind else ": TODO check"))))
    title = next((p for p in paras if re.search(r"review", p, re.I) and len(p.split()) <= 15
                  and ":" not in p), None)
    if title:
        if title.isupper():
            title = title.title()
        entries.append(builder.text_entry("title", re.sub(r"\s+", " ", title).strip(), "title",
                                          comment="TODO: check (from the document's first heading)",
                                          todo="title: taken from the document's heading: check it"))
    else:
        entries.append(Entry("title", Scalar(""), omit=True, above=["TODO: the review's title, e.g. Domestic Homicide Review 031"],
                             todo="title: write the review's title"))
    # partnership: the only one, or the one whose place the document names most
    parts = ctx.partnerships
    chosen = None
    if len(parts) == 1:
        chosen = parts[0]["id"]
    elif parts:
        def score(p: dict) -> int:
            words = {w for w in re.findall(r"[a-z]+", f"{p.get('name', '')} {p['id']}".lower())
                     if w not in {"partnership", "community", "safety", "safer", "safe", "city", "csp", "the", "and",
                                  "of", "district", "county", "borough", "council"} and len(w) > 2}
            return sum(len(re.findall(rf"\b{re.escape(w)}\b", all_text.lower())) for w in words)
        ranked = sorted(parts, key=lambda p: -score(p))
        if score(ranked[0]) > (score(ranked[1]) if len(ranked) > 1 else 0):
            chosen = ranked[0]["id"]
    if chosen:
        entries.append(Entry("partnership", slug_scalar(chosen, "an id from site.yaml partnerships" +
                                                         ("" if len(parts) == 1 else ": chosen by the places named"))))
    else:
        entries.append(Entry("partnership", Scalar(""), omit=True, above=["TODO: an id from site.yaml partnerships"],
                             todo="partnership: choose the partnership (an id from site.yaml)"))
    ref = None
    for p in paras:
        m = re.search(r"\b(?:DHR|Domestic Homicide Review)\s*(?:No\.?\s*)?\(?\s*(\d{1,4})\s*\)?", p, re.I)
        if m:
            ref = f"DHR {m.group(1)}"
            break
    if ref:
        entries.append(Entry("reference", Scalar(ref), comment="from the document's heading"))
    updated = None
    for p in paras:
        if re.search(r"\bupdated\b|\blast update\b|\bdate of update\b", p, re.I):
            found = [f for f in find_dates(p) if f.date is not None and not f.problem]
            if found:
                updated = (found[0].date, builder.quote(p))
                break
    if updated and updated[0].first_day() <= ctx.as_of:
        entries.append(Entry("updated", slug_scalar(updated[0].iso(), updated[1])))
    elif fallback_updated is not None:
        entries.append(Entry("updated", slug_scalar(fallback_updated.iso(),
                                                    "TODO: the latest date in the plan; the document gives no "
                                                    "'updated' date"),
                             todo="updated: the document says when it was last updated nowhere; the latest date "
                                  "in the plan was used: check it"))
    else:
        entries.append(Entry("updated", Scalar(""), omit=True, above=["TODO: when this action plan was last updated (YYYY-MM-DD)"],
                             todo="updated: when was the plan last updated?"))
    entries.append(Entry("summary", Scalar(""), omit=True, above=[
        "TODO: two or three plain-English sentences about what the review looked at. No names."], todo="summary: write two or three sentences (optional, but every review should have one)"))
    entries.append(Entry("people", [], above=[
        "NEVER published: declare every pseudonym in the text (victim, perpetrator, family) so the build",
        "replaces it, e.g.  - name: Susan", "                     refer_to_as: the victim"]))
    return entries


# --- the whole import ----------------------------------------------------------------------------

def import_plan(source: Path, content: Path, *, review_id: str | None = None, force: bool = False,
                redaction_file: Path | None = None, today: dt.date | None = None) -> ImportReport:
    source, content = Path(source), Path(content)
    if review_id is None:
        review_id = _slug(source.stem, 12)
    if not _SLUG_RE.match(review_id or ""):
        raise ValueError(f"'{review_id}' is not a valid review id: use lower-case letters, digits and hyphens, "
                         "e.g. --id somerset-dhr-031")
    target = content / "reviews" / f"{review_id}.yaml"
    if target.exists() and not force:
        raise FileExistsError(f"{_shown(target)} already exists: nothing was changed "
                              "(use --force to replace it)")
    doc = read_document(source)
    ctx = _context(content, redaction_file, today or dt.date.today())
    report = ImportReport(source, target, review_id)
    report.not_imported.extend(ctx.problems)
    layout = find_tables(doc.blocks)
    if not layout.segments:
        raise ReadError(f"{source}: no action-plan table was found. The importer looks for a header row with "
                        "columns such as 'Recommendation', 'Action to take', 'Lead agency' and 'Target date'; "
                        "check that the plan is in a table (not text or an image)")
    report.skipped.extend(layout.skipped)
    if layout.repeated_headers:
        report.skipped.append(f"{layout.repeated_headers} header row{'s' * (layout.repeated_headers != 1)} "
                              "repeated on later pages")
    for table, rows in sorted(layout.other_tables.items()):
        cells = sum(1 for r in rows for c in r.cells if c.strip())
        head = " | ".join(c for c in rows[0].cells if c.strip())[:60]
        report.not_imported.append(f"{rows[0].where.split(',')[0]}: not an action-plan table ({len(rows)} rows, "
                                   f"{cells} cells; it begins '{head}…')")
    report.tables = len({r.table for s in layout.segments for r in s.rows})
    report.layout = "lead agency first" if any(s.lead_first for s in layout.segments) else "recommendation first"
    if len({s.heading for s in layout.segments if s.heading}) > 1:
        report.layout += ", one table per agency"

    doc_text = "\n".join([p.text for p in layout.paragraphs] +
                         [c for s in layout.segments for r in s.rows for c in r.cells])
    builder = _Builder(ctx, doc_text, report)
    lrows, numbered = logical_rows(layout, builder.cell_id)
    if not lrows:
        raise ReadError(f"{source}: the action-plan table has a header row but nothing under it")

    # group into recommendations
    groups: list[tuple[LRow | None, list[LRow]]] = []
    for lr in lrows:
        if lr.kind == NEW_REC or not groups:
            groups.append((lr if lr.kind == NEW_REC else None, []))
        if lr.kind == NEW_ACTION or any(k not in ("recommendation", "number", "scope") for k in lr.cols):
            groups[-1][1].append(lr)

    numbers = []
    for rec_row, _ in groups:
        n = None
        if rec_row is not None:
            n = (rec_row.text("number").strip(" .") or None) if "number" in rec_row.cols else None
            n = n or rec_number(rec_row.text("recommendation"))[0]
        numbers.append(n if n and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.\-]*", n) else None)
    use_numbers = all(numbers) and len(set(numbers)) == len(numbers)

    rec_entries = []
    all_dates: list[PartialDate] = []
    seen_texts: dict[str, str] = {}
    for i, ((rec_row, action_rows), number) in enumerate(zip(groups, numbers), start=1):
        rid = number if use_numbers else str(i)
        hint = f"r{rid}"
        rec: list[Entry] = []
        comment = f"the plan numbers it {number}" if number and not use_numbers else ""
        rec.append(Entry("id", id_scalar(rid, comment)))
        extra_notes: list[tuple[str, list[Part]]] = []
        rec_text = ""
        if rec_row is not None and "recommendation" in rec_row.cols:
            rec_text = rec_number(rec_row.text("recommendation"))[1] if (number and "number" not in rec_row.cols) \
                else rec_row.text("recommendation")
            rec_text = tidy(rec_text)
        if rec_text:
            key = re.sub(r"\W+", " ", rec_text.lower()).strip()
            repeat = seen_texts.get(key)
            seen_texts.setdefault(key, rid)
            todo = f"recommendation {rid} repeats recommendation {repeat} word for word: is it an update of it?" \
                if repeat else ""
            rec.append(builder.text_entry("text", rec_text, f"{hint}.text", todo=todo))
        else:
            rec.append(Entry("text", Scalar(""), omit=True, above=["TODO: the plan gives no recommendation text for these actions"],
                             todo=f"recommendation {rid}: the plan gives no recommendation text: write it"))
        if rec_row is not None and "scope" in rec_row.cols:
            parts = rec_row.cols["scope"]
            scope_text = rec_row.text("scope", " ")
            sc = read_scope(scope_text)
            if sc.scope:
                note = "" if scope_text.strip().lower() == sc.scope else builder.quote(scope_text)
                if sc.widened:
                    note += ": the widest scope the plan gives"
                rec.append(Entry("scope", slug_scalar(sc.scope, note)))
                report.judgements += bool(note)
            if not sc.whole:
                extra_notes.append(("Scope", parts))
        actions = [builder.action(lr, extra_notes if j == 0 else [], f"{hint}.a{j + 1}")
                   for j, lr in enumerate(action_rows)]
        if not actions and extra_notes:
            builder.flag([p for _, ps in extra_notes for p in ps], "no action to keep it in")
            rec[1:2] = [builder.text_entry("text", rec_text + "\n\n" + "\n\n".join(
                f"{label}: {' '.join(p.text for p in ps)}" for label, ps in extra_notes), f"{hint}.text",
                todo=f"recommendation {rid}: the scope cell is kept in the text: move or delete it")]
        for a in actions:
            all_dates.extend(a.dates)
        report.actions += len(actions)
        if actions:
            rec.append(Entry("actions", [a.entries for a in actions]))
        else:
            rec.append(Entry("actions", [], comment="TODO: the plan gives no action for this recommendation",
                             todo=f"recommendation {rid} has no actions in the plan: check the rows around it"))
        rec_entries.append(rec)
    report.recommendations = len(rec_entries)

    past = [d for d in all_dates if d.first_day() <= builder.ctx.as_of]
    fallback = max(past, key=lambda d: d.last_day()) if past else None
    paras = [p.text for p in layout.paragraphs]
    head = _metadata(paras, doc_text, ctx, builder, review_id, fallback)
    head.append(Entry("recommendations", rec_entries, above=[""]))
    text = _render(head, report, source)
    _find_names(builder, report)
    _write(target, text, force)
    return report


def _render(entries: list[Entry], report: ImportReport, source: Path) -> str:
    writer = Writer()
    writer.lines += [
        "# yaml-language-server: $schema=../../generator/schemas/review.schema.json",
        f"# Imported from {source.name} by 'actionplans import'. Fix every line marked TODO,",
        "# then run: actionplans check",
    ]
    writer.write_map(entries, 0)
    report.todos = writer.todos
    report.tags = writer.tags
    return writer.text()


def _find_names(builder: _Builder, report: ImportReport) -> None:
    tags = report.tags
    joined, spans, pos = [], [], 0
    for tag, text in builder.texts:
        spans.append((pos, pos + len(text), tag))
        joined.append(text)
        pos += len(text) + 2
    whole = "\n\n".join(joined)
    ctx = builder.ctx

    def line_of(offset: int) -> int:
        for start, end, tag in spans:
            if start <= offset <= end:
                return tags.get(tag, 1)
        return 1

    seen = set()
    for f in detect_names(whole, allow=ctx.allow, known_terms=ctx.known_terms, declared=ctx.declared):
        key = (line_of(f.start), f.text)
        if key not in seen:
            seen.add(key)
            why = f.message.split(":")[0]
            report.names.append((key[0], f.text, why + ("" if f.severity == "error" else ", a weak sign")))
    for start, end, tag in spans:
        for f in find_patterns(whole[start:end], enabled=ctx.patterns):
            report.names.append((tags.get(tag, 1), f.text, f.message.split(":")[0]))


def _write(target: Path, text: str, force: bool) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if not force:
        with open(target, "x", encoding="utf-8") as fh:     # 'x': never overwrite, even in a race
            fh.write(text)
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

