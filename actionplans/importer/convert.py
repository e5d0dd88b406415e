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
from pathlib import Path

from ..core.dates import PartialDate
from ..core.diagnostics import Diagnostics
from ..core.vocabulary import REVIEW_TYPES
from .assemble import Builder, Context
from .cells import slug
from .read import ReadError, read_document
from .report import PERSONAL, ImportReport, shown_path
from .table import NEW_ACTION, NEW_REC, LRow, Part, find_tables, logical_rows, rec_number
from .cells import tidy
from .text import find_dates, read_scope
from .yaml_source import Entry, Scalar, Writer, id_scalar, slug_scalar
from ..content.load import load_file
from ..content.schema import KEYED_LISTS
from ..privacy.names import DeclaredName, detect_names
from ..privacy.patterns import ALL_PATTERNS
from ..privacy.scan import find_patterns

__all__ = ["ImportReport", "import_plan", "ReadError"]

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# --- the content the import must fit -----------------------------------------------------------

def _load_yaml(path: Path, problems: list[str]):
    if not path.exists():
        return None
    diags = Diagnostics()
    loaded = load_file(path, shown_path(path), diags)
    if loaded is None or diags.errors:
        problems.append(f"{shown_path(path)} could not be read ({diags.errors[0].message if diags.errors else 'unknown'}); "
                        "run actionplans check")
        return None
    data = loaded.data
    if isinstance(data, dict) and list(data) == [path.stem] and path.stem in KEYED_LISTS:
        return data[path.stem]      # the list kept under its file's key (the web editor's form)
    return data


def _context(content: Path, redaction_file: Path | None, today: dt.date) -> Context:
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
            from ..core.dates import parse_date
            as_of = min(today, parse_date(str(value)).last_day())
        except ValueError:
            pass
    return Context(agencies, partnerships, declared, allow, patterns, sorted(known), successors, as_of, problems)


# --- the review around the recommendations ---------------------------------------------------------

_TYPES = [("dardr", r"domestic abuse related death"), ("sar", r"safeguarding adults? review"),
          ("cspr", r"child safeguarding practice review|serious case review"),
          ("dhr", r"domestic homicide review|\bDHR\b")]


def _metadata(paras: list[str], all_text: str, ctx: Context, builder: Builder, review_id: str,
              fallback_updated: PartialDate | None) -> list[Entry]:
    entries: list[Entry] = [Entry("id", slug_scalar(review_id), comment="the web address: never a pseudonym or a name")]
    kind = next((k for k, pattern in _TYPES if re.search(pattern, all_text, re.I)), None)
    entries.append(Entry("type", slug_scalar(kind or "dhr", " | ".join(REVIEW_TYPES) +
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
                             todo="updated: the document never says when it was last updated; the latest date "
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
    if not content.is_dir():
        raise ValueError(f"{content} is not a folder: run the command from the project folder, or pass --content DIR")
    if review_id is None:
        review_id = slug(source.stem, 12)
    if not _SLUG_RE.fullmatch(review_id or ""):
        raise ValueError(f"'{review_id}' is not a valid review id: use lower-case letters, digits and hyphens, "
                         "e.g. --id somerset-dhr-031")
    target = content / "reviews" / f"{review_id}.yaml"
    if target.exists() and not force:
        raise FileExistsError(f"{shown_path(target)} already exists: nothing was changed "
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
    _describe_layout(layout, report)

    doc_text = "\n".join([p.text for p in layout.paragraphs] +
                         [c for s in layout.segments for r in s.rows for c in r.cells])
    builder = Builder(ctx, doc_text, report)
    lrows, _numbered = logical_rows(layout, builder.cell_id)
    report.joined.extend(layout.joined)
    if not lrows:
        raise ReadError(f"{source}: the action-plan table has a header row but nothing under it")

    rec_entries, all_dates = _recommendations(lrows, builder, report)

    past = [d for d in all_dates if d.first_day() <= builder.ctx.as_of]
    fallback = max(past, key=lambda d: d.last_day()) if past else None
    paras = [p.text for p in layout.paragraphs]
    head = _metadata(paras, doc_text, ctx, builder, review_id, fallback)
    head.append(Entry("recommendations", rec_entries, above=[""]))
    text = _render(head, report, source)
    _find_names(builder, report)
    _write(target, text, force)
    return report


def _describe_layout(layout, report: ImportReport) -> None:
    """What the importer found, and what it left out on purpose, for the summary."""
    report.skipped.extend(layout.skipped)
    if layout.paragraphs:
        n = len(layout.paragraphs)
        report.not_imported.append(f"{n} paragraph{'s' * (n != 1)} outside the tables (title page, introduction, "
                                   "lists): only the title and dates were read from them; copy anything else by hand")
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



def _recommendations(lrows: list[LRow], builder: Builder, report: ImportReport):
    """The recommendations' entries, and every completion and update date (for 'updated')."""
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
            if repeat:
                builder.flag(rec_row.cols["recommendation"], "repeated recommendation")
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
            if rec_row is not None:
                builder.flag([p for ps in rec_row.cols.values() for p in ps], "recommendation without actions")
        rec_entries.append(rec)
    report.recommendations = len(rec_entries)
    return rec_entries, all_dates



def _render(entries: list[Entry], report: ImportReport, source: Path) -> str:
    from ..content.newreview import schema_ref
    writer = Writer()
    content = report.target.parent.parent
    writer.lines += [
        f"# yaml-language-server: $schema={schema_ref(content, report.target.parent)}",
        f"# Imported from {source.name} by 'actionplans import'. Fix every line marked TODO,",
        "# then run: actionplans check",
    ]
    writer.write_map(entries, 0)
    report.todos = writer.todos
    report.tags = writer.tags
    return writer.text()


def _find_names(builder: Builder, report: ImportReport) -> None:
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
    # the cells a found name came from need a person too (to declare it, or reword)
    for _, found, _ in report.names:
        needle = re.sub(r"\s+", " ", found).casefold()
        for c in report.cells:
            if needle in re.sub(r"\s+", " ", c.text).casefold() and PERSONAL not in c.todo:
                c.todo.append(PERSONAL)


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

