"""Finding the action-plan tables in a document and turning their rows into logical rows.

Real plans are built on the Home Office template, but rarely as it was issued: columns are
renamed ("Action to Take/Taken", "Implementation Lead"), the header is repeated on every page
and a row split by a page break continues under it, the template's guidance row is left in,
each agency has its own table under a heading, and some plans put the lead agency first.

A *logical row* is one recommendation or one action with all its pieces put back together:
the rest of a row split across a page, and the sub-rows that add a milestone and its date.
Every piece keeps the id of the cell it came from, so the importer can account for each cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .read import Para, Row
from .cells import ends_sentence, starts_lower
from .text import read_scope

NEW_REC, NEW_ACTION = "recommendation", "action"

# Order matters: "Key milestones in enacting recommendation" is milestones, not a recommendation;
# "When should this action be completed by" is a target date, not a completion.
_COLUMN_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("number", re.compile(r"^(?:rec(?:ommendation)?\.?\s*)?(?:no|number|ref|reference|#|id)\.?$")),
    ("scope", re.compile(r"\bscope\b")),
    ("milestones", re.compile(r"milestone|outcome expected|expected outcome|key steps|how will (?:we|you) know")),
    ("due", re.compile(r"\btarget\b|\bdue\b|by when|deadline|timescale|completed by|when should|to be completed|"
                       r"date for completion|target dates?")),
    ("completion", re.compile(r"summary of action taken|action taken and date|taken to date|date of completion|"
                              r"completion|completed|outcome|evidence of")),
    # progress columns: a date at the start of a line there dates an update, it completes nothing
    ("update", re.compile(r"^progress|progress (?:to date|update)|updates?$|^comments?$|what has been done")),
    ("status", re.compile(r"\bstatus\b|\brag\b")),
    ("lead", re.compile(r"\blead\b|responsib|owner|accountable|\bagency\b|\bagencies\b|\bwho\b")),
    ("action", re.compile(r"\bactions?\b|what will be done|how will")),
    ("recommendation", re.compile(r"recommendation|learning|finding")),
]


def _norm_header(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[?:*…]+|\.{3}", " ", text.lower())).strip()


def column_kind(header: str) -> str | None:
    h = _norm_header(header)
    if not h:
        return None
    for kind, pattern in _COLUMN_RULES:
        if pattern.search(h):
            return kind
    return None


def _distinct(cells: list[str]) -> list[str]:
    seen: list[str] = []
    for c in cells:
        c = c.strip()
        if c and c not in seen:
            seen.append(c)
    return seen


def is_header(row: Row) -> bool:
    cells = _distinct(row.cells)
    if len(cells) < 3:
        return False
    kinds = [column_kind(c) for c in cells]
    known = [k for k in kinds if k]
    if not ({"recommendation", "action"} & set(known)) or len(set(known)) < 3:
        return False
    if any(len(c.split()) > 15 for c in cells):
        return False
    return len(known) / len(cells) >= 0.6


# What a template's guidance row says in its cells, rather than content: a question to the
# author, a date to fill in, a list of choices, a placeholder, an instruction.
_TEMPLATE_CELL = re.compile(
    r"\?\s*$|\?\s|"                                                     # a question to the author
    r"\b(?:dd|mm|yy|yyyy)(?:\s*[/.\-]\s*(?:dd|mm|yy|yyyy))+\b|"           # dd/mm/yyyy
    r"\bwhat (?:will|needs to|is to|should|has to) be done\b|"
    r"^\s*(?:e\.g\.|eg\b|for example|insert\b|enter\b|name of\b|please\b|set out\b|describe\b|"
    r"state (?:the|what|how|who|when)\b|list (?:the|any|all)\b|give (?:the|a)\b|include\b|specify\b|"
    r"summari[sz]e\b|brief description\b|identify the\b|select\b|choose\b)|"
    r"\[[^\]]*\]|<[^>]*>|"                                                # [placeholder] <placeholder>
    r"\b\w+\s*/\s*\w+\s*/\s*\w+\b",                                        # choices: Red/Amber/Green
    re.I)
# a real date or a recommendation number: the row holds content, whatever else it says
_CONTENT = re.compile(r"\b\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}\b|\b(?:19|20)\d\d\b|^\s*\d{1,3}(?:\.\d{1,3})*\s*[.):]\s")


def is_guidance(row: Row) -> bool:
    """A row of the template's guidance, wherever it sits: "What is the over-arching
    recommendation?", "What will be done", "dd/mm/yyyy", "Red/Amber/Green", "Name of agency"."""
    cells = _distinct(row.cells)
    if not cells or any(_CONTENT.search(c) for c in cells):
        return False
    marked = [c for c in cells if _TEMPLATE_CELL.search(c)]
    return len(marked) >= 2 and len(marked) * 2 >= len(cells)


@dataclass
class Segment:
    kinds: list[str]                 # the kind of each column ("other:<header>" when unknown)
    headers: list[str]
    heading: str = ""                # the text just above the table, e.g. an agency's name
    rows: list[Row] = field(default_factory=list)
    breaks: set[int] = field(default_factory=set)   # rows that follow a page break (index into rows)

    @property
    def lead_first(self) -> bool:
        k = self.kinds
        return "lead" in k and "recommendation" in k and k.index("lead") < k.index("recommendation")


@dataclass
class Layout:
    segments: list[Segment] = field(default_factory=list)
    paragraphs: list[Para] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)       # what was left out on purpose, and why
    other_tables: dict[int, list[Row]] = field(default_factory=dict)   # tables that are not action plans
    repeated_headers: int = 0
    joined: list[str] = field(default_factory=list)     # rows put with the row above without a sign they belong


def _kinds(header: Row) -> list[str]:
    kinds: list[str] = []
    for i, text in enumerate(header.cells):
        kind = column_kind(text) or (f"other:{text.strip()}" if text.strip() else f"other:column {i + 1}")
        if kind in kinds and not kind.startswith("other:"):
            kind = f"other:{text.strip()}"   # a second column of the same kind: kept, with its header
        kinds.append(kind)
    return kinds


def _same_header(a: list[str], b: list[str]) -> bool:
    return [_norm_header(x) for x in a] == [_norm_header(x) for x in b]


def find_tables(blocks: list) -> Layout:
    layout = Layout()
    rows = [b for b in blocks if isinstance(b, Row)]
    header_flags = {id(r): is_header(r) for r in rows}
    seg: Segment | None = None
    seg_table = None                       # the table (or sheet) the segment's last row is in
    other: set[int] = set()                # tables (or sheets) that are not action plans
    paras_since_row: list[Para] = []
    pending_heading = ""
    next_is_break = False
    for i, block in enumerate(blocks):
        if isinstance(block, Para):
            paras_since_row.append(block)
            layout.paragraphs.append(block)
            continue
        row: Row = block
        nxt = blocks[i + 1] if i + 1 < len(blocks) and isinstance(blocks[i + 1], Row) else None
        distinct = _distinct(row.cells)
        header_like = header_flags[id(row)]
        if is_guidance(row) and (
                (not header_like and (seg is not None or any(header_flags[id(r)] for r in rows)))
                or (header_like and seg is not None and not _same_header(row.cells, seg.headers))
                or (header_like and nxt is not None and header_flags[id(nxt)])):
            # guidance, also where it reads like a header ("What will be done" names a column) but
            # a header is already in force, or follows: skipped wherever it sits, and said so
            layout.skipped.append(f"the template's guidance row ({row.where})")
            continue
        if header_flags[id(row)]:
            if seg is not None and _same_header(row.cells, seg.headers) and not paras_since_row:
                layout.repeated_headers += 1       # the header printed again on a new page
                next_is_break = True
            else:
                heading = pending_heading or (paras_since_row[-1].text if paras_since_row else "")
                seg = Segment(_kinds(row), list(row.cells), heading if len(heading.split()) <= 12 else "")
                layout.segments.append(seg)
                next_is_break = False
            seg_table, pending_heading = row.table, ""
            other.discard(row.table)
            paras_since_row = []
            continue
        if len(distinct) == 1 and nxt is not None and header_flags[id(nxt)] and (
                seg is None or not _same_header(nxt.cells, seg.headers)):
            pending_heading = distinct[0]          # a title row above the next table: its heading
            layout.paragraphs.append(Para(distinct[0], row.where))
            paras_since_row = []
            continue
        if row.new_table and len(row.cells) == 1:
            # a line of text on its own in a spreadsheet (or a one-cell table): a paragraph
            layout.paragraphs.append(Para(row.cells[0], row.where))
            paras_since_row.append(layout.paragraphs[-1])
            continue
        if row.table in other:
            continues_table = False            # a table already found not to be an action plan
        elif seg is not None and row.table == seg_table and not row.new_table:
            continues_table = True
        else:
            # a new table without a header: the action plan carried on over a page, if nothing
            # came between and it has no more columns
            continues_table = seg is not None and not paras_since_row and len(row.cells) <= len(seg.kinds) + 1
        if seg is None or not continues_table:
            other.add(row.table)
            if len(distinct) <= 1:
                if distinct:
                    layout.paragraphs.append(Para(distinct[0], row.where))
            else:
                layout.other_tables.setdefault(row.table, []).append(row)
            paras_since_row = []
            continue
        if row.table != seg_table or row.new_table:
            next_is_break = True               # a new table without a header: the page went on
        if next_is_break:
            seg.breaks.add(len(seg.rows))
        seg.rows.append(row)
        seg_table, next_is_break = row.table, False
        paras_since_row = []
    return layout


# --- logical rows ------------------------------------------------------------------------------

@dataclass
class Part:
    text: str
    cells: list[int]         # ids of the source cells this text came from


@dataclass
class LRow:
    kind: str                                  # NEW_REC or NEW_ACTION
    cols: dict[str, list[Part]]
    where: str
    heading: str = ""
    lead_first: bool = False

    def text(self, kind: str, sep: str = "\n\n") -> str:
        return sep.join(p.text for p in self.cols.get(kind, []) if p.text.strip())

    def last(self, kind: str) -> str:
        parts = self.cols.get(kind)
        return parts[-1].text if parts else ""


_REC_NUMBER_RE = re.compile(
    r"^\W*(?:recommendation|rec)\.?\s*(?:no\.?\s*|number\s*)?(?P<n>\d{1,3}(?:\.\d{1,3})*[a-z]?)\b\W*", re.I)
_BARE_NUMBER_RE = re.compile(r"^\s*(?P<n>\d{1,3}(?:\.\d{1,3})*)\s*[.):\-–]\s+(?=\S)")


def rec_number(text: str) -> tuple[str | None, str]:
    """("3", the text without "Recommendation 3:") or (None, text)."""
    m = _REC_NUMBER_RE.match(text or "") or _BARE_NUMBER_RE.match(text or "")
    if not m:
        return None, text
    rest = (text[m.end():] if m.re is _REC_NUMBER_RE else text[m.end():]).lstrip(" :.-–—*")
    return m.group("n"), rest


def _continues(prev: str, new: str, after_break: bool) -> bool:
    """Does ``new`` carry on the sentence in ``prev`` (a cell split by a page or line break)?"""
    if not new.strip():
        return False
    return starts_lower(new) or (after_break and bool(prev.strip()) and not ends_sentence(prev))


def logical_rows(layout: Layout, cell_ids) -> tuple[list[LRow], bool]:
    """The document's recommendations and actions, each row put back together.

    ``cell_ids(row, column, kind, text)`` registers a source cell and returns its id.
    Returns the rows and whether the plan numbers its recommendations.
    """
    rec_cells = [r.cells[seg.kinds.index("recommendation")] for seg in layout.segments for r in seg.rows
                 if "recommendation" in seg.kinds and seg.kinds.index("recommendation") < len(r.cells)
                 and r.cells[seg.kinds.index("recommendation")].strip()]
    numbered_cells = [c for c in rec_cells if rec_number(c)[0]]
    numbered = bool(rec_cells) and len(numbered_cells) * 2 >= len(rec_cells) and len(numbered_cells) >= 2
    out: list[LRow] = []
    for seg in layout.segments:
        for n, row in enumerate(seg.rows):
            after_break = n in seg.breaks
            cols: dict[str, list[Part]] = {}
            for c, text in enumerate(row.cells):
                kind = seg.kinds[c] if c < len(seg.kinds) else f"other:column {c + 1}"
                if text.strip():
                    cols.setdefault(kind, []).append(Part(text.strip(), [cell_ids(row, c, kind, text.strip())]))
            if not cols:
                continue
            prev = out[-1] if out else None
            kind = _classify(cols, prev, after_break, numbered, seg.lead_first)
            if kind is None and prev is not None:
                odd = _unexplained(prev, cols, after_break)
                if odd:
                    layout.joined.append(f"{row.where}: its {odd} was joined to the row above ({prev.where}), "
                                         f"though it does not carry on from it: check whether it is a new "
                                         f"{'recommendation' if odd == 'recommendation' else 'action'}")
                _merge(prev, cols, after_break)
                continue
            if prev is None and "recommendation" not in cols and not seg.lead_first:
                layout.joined.append(f"{row.where}: the first row has no recommendation: it is kept as a "
                                     "recommendation without text")
            out.append(LRow(kind or NEW_REC, cols, row.where, seg.heading, seg.lead_first))
    return out, numbered


# Columns a row below an action fills to add to it: a milestone, a date, progress, a status.
_SUB_ROW = {"milestones", "due", "completion", "update", "status", "scope"}


def _unexplained(prev: LRow, cols: dict[str, list[Part]], after_break: bool) -> str | None:
    """The column of a row about to be joined to the row above whose text gives no sign it
    belongs there (it neither adds a detail nor carries on a sentence), else None."""
    if after_break and any(_continues(prev.last(k), cols[k][0].text, True) for k in ("recommendation", "action")
                           if k in cols):
        return None         # the rest of a row a page break split: its other cells carry on too
    for kind, parts in cols.items():
        if kind in _SUB_ROW or kind.startswith("other:"):
            continue
        for part in parts:
            if not _continues(prev.last(kind), part.text, after_break) and not (
                    kind == "lead" and prev.last(kind) == part.text):
                return kind
    return None


def _classify(cols: dict[str, list[Part]], prev: LRow | None, after_break: bool, numbered: bool,
              lead_first: bool) -> str | None:
    """NEW_REC, NEW_ACTION, or None when the row carries on the one above."""
    def first(kind: str) -> str:
        return cols[kind][0].text if kind in cols else ""

    if prev is None:
        return NEW_REC
    rec = first("recommendation")
    if first("number"):
        return NEW_REC
    # Cells only a row's first line fills: a lead agency (when it comes first) or a scope word.
    # They outweigh a sentence that seems to run on from the row above.
    starts_row = (lead_first and bool(first("lead")) and not starts_lower(first("lead"))) or \
        read_scope(first("scope")).scope is not None
    if rec:
        if numbered:
            return NEW_REC if rec_number(rec)[0] else None
        if not starts_row and _continues(prev.last("recommendation"), rec, after_break):
            return None
        return NEW_REC
    if lead_first:
        lead = first("lead")
        if lead and not _continues(prev.last("lead"), lead, after_break):
            return NEW_ACTION
        return None
    action = first("action")
    if action and not _continues(prev.last("action"), action, after_break):
        return NEW_ACTION
    return None      # a sub-row: milestones, dates or progress for the action above, or the rest of a split row


def _merge(prev: LRow, cols: dict[str, list[Part]], after_break: bool) -> None:
    for kind, parts in cols.items():
        for part in parts:
            existing = prev.cols.setdefault(kind, [])
            if existing and after_break and kind != "due" and _continues(existing[-1].text, part.text, True):
                last = existing[-1]       # the same sentence, split by the page: join it up
                joiner = "" if last.text.endswith("-") and not last.text.endswith(" -") else " "
                existing[-1] = Part(last.text + joiner + part.text, last.cells + part.cells)
            elif existing and not after_break and kind in ("recommendation", "action", "lead", "scope") \
                    and _continues(existing[-1].text, part.text, False):
                last = existing[-1]
                existing[-1] = Part(last.text + " " + part.text, last.cells + part.cells)
            else:
                existing.append(part)
