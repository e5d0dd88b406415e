"""Turning logical rows (import_table) into the entries of a review file (import_yaml): the
recommendation's actions with their lead agency, milestones, dates, status, outcome, updates,
and `notes` for whatever cannot be placed, each flagged for a person.

Declared names (redaction.yaml) are replaced in every text on its way into the file; every text
written is remembered, so the importer can look for undeclared names afterwards.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..core.dates import PartialDate
from ..core.vocabulary import CLOSED, DONE, STILL_OPEN
from .agencies import AgencyMatcher
from .read import Row
from .report import CellRecord, ImportReport
from .table import LRow, Part
from .cells import items, slug, tidy
from .leads import _LeadReading
from .text import FoundDate, canonical_status_phrase, find_dates, is_filler, read_status, read_when
from .yaml_source import Entry, Scalar, slug_scalar
from ..privacy.names import DeclaredName, Replacer, detect_names
from ..privacy.scan import find_patterns

NO_SEPARATE_ACTION = "The action plan gives no separate action for this recommendation."
# Words of dates and statuses: text made only of these (and numbers) names nobody.
_PLAIN_WORDS = set("""
january february march april may june july august september october november december jan feb mar apr
jun jul aug sep sept oct nov dec st nd rd th end of by the for and in on to be is was not yet started
complete completed ongoing on going progress achieved closed open tbc tba confirmed local regional
national level recommendation draft spring summer autumn winter quarter q early mid late beginning
""".split())


@dataclass
class Context:
    agencies: list[dict]
    partnerships: list[dict]
    declared: list[DeclaredName]
    allow: list[str]
    patterns: tuple[str, ...]
    known_terms: list[str]
    successors: dict[str, str]
    as_of: dt.date
    problems: list[str]


@dataclass
class ActionEntries:
    entries: list[Entry]
    dates: list[PartialDate]            # completion, update dates: candidates for 'updated'


class Builder(_LeadReading):
    def __init__(self, ctx: Context, doc_text: str, report: ImportReport):
        self.ctx = ctx
        self.report = report
        self.matcher = AgencyMatcher(ctx.agencies, context=doc_text)
        self.replacer = Replacer(unique_names(ctx.declared)) if ctx.declared else None
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
    def action(self, lrow: LRow, extra_notes: list[tuple[str, list[Part]]], hint: str) -> ActionEntries:
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
                       in CLOSED]
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
        return ActionEntries(entries, dates)

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
            if dated is not None and (dated[0] != reading.completed or reading.status not in DONE):
                updates.append((dated[0], dated[1], dated[2]))
                continue
            body.append(para)
        if body:
            text = tidy("\n\n".join(body))
            if reading.status in STILL_OPEN:
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


def unique_names(names: list[DeclaredName]) -> list[DeclaredName]:
    seen, out = set(), []
    for n in names:
        if n.name.lower() not in seen:
            seen.add(n.name.lower())
            out.append(n)
    return out
