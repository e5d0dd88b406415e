"""Reading Word, Excel and CSV files into one simple shape: paragraphs and table rows, in order.

The importer never sees python-docx or openpyxl objects, so every format is handled the same
way afterwards. Anything that stops a file being read becomes :class:`ReadError` with a
sentence an officer can act on, never a traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

MAX_INPUT_BYTES = 50 * 1024 * 1024   # far more than any action plan; stops a zip bomb's first step
# Limits far above any real action plan (tens to hundreds of rows, a few columns), each checked
# before the work it would make: the declared sheet size and the zip's expanded size before
# reading, rows, columns and cell sizes as they are read. Each refusal names its limit.
MAX_ROWS = 10_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 32_767              # Excel's own limit for one cell
MAX_EXPANDED_BYTES = 200 * 1024 * 1024   # every part of a .docx/.xlsx, uncompressed
MAX_XML_PART_BYTES = 25 * 1024 * 1024    # one XML part (the document, a sheet), uncompressed
MAX_TEXT_CHARS = 5 * 1024 * 1024     # all the text: what one review file may hold (load.MAX_FILE_BYTES)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class ReadError(Exception):
    """The file could not be read; the message says why and what to do."""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")


def clean(text: str) -> str:
    """Cell text without control characters (extraction debris that no reader can see)."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n"))


@dataclass
class Para:
    text: str
    where: str

    def __post_init__(self) -> None:
        self.text = clean(self.text)


@dataclass
class Row:
    cells: list[str]
    table: int          # which table (or sheet) the row is in, counting from 1
    row: int            # its row number in that table (or sheet), counting from 1
    where: str          # "table 2, row 5" or "sheet 'Plan', row 5", for messages
    new_table: bool = False   # the first row of a table, or the first after blank rows

    def __post_init__(self) -> None:
        self.cells = [clean(c) for c in self.cells]


@dataclass
class Document:
    path: Path
    kind: str                        # docx | xlsx | csv
    blocks: list = field(default_factory=list)   # Para and Row, in reading order


UNSUPPORTED = {
    ".doc": "this is an old-style Word file: open it in Word and save it as .docx, then import that",
    ".xls": "this is an old-style Excel file: open it in Excel and save it as .xlsx, then import that",
    ".pdf": "PDF files cannot be read reliably: import the Word or Excel version of the plan "
            "(or open the PDF in Word and save it as .docx)",
    ".odt": "open the file in LibreOffice and save it as Word (.docx), then import that",
    ".ods": "open the file in LibreOffice and save it as Excel (.xlsx), then import that",
    ".rtf": "open the file in Word and save it as .docx, then import that",
}


def read_document(path: Path) -> Document:
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise ReadError(f"{path}: no such file")
    if path.is_dir():
        raise ReadError(f"{path} is a folder: give the .docx, .xlsx or .csv file of the action plan")
    if suffix in UNSUPPORTED:
        raise ReadError(f"{path}: {UNSUPPORTED[suffix]}")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError(f"{path} cannot be read: {exc.strerror}") from None
    if size > MAX_INPUT_BYTES:
        raise ReadError(f"{path} is too large to be an action plan ({size // 1024 // 1024} MB)")
    if size == 0:
        raise ReadError(f"{path} is empty")
    readers = {".docx": _read_docx, ".docm": _read_docx, ".xlsx": _read_xlsx, ".xlsm": _read_xlsx,
               ".csv": _read_csv, ".tsv": _read_csv, ".txt": _read_csv}
    reader = readers.get(suffix)
    if reader is None:
        raise ReadError(f"{path}: cannot import '{suffix or 'a file without an extension'}' files; "
                        "use a Word (.docx), Excel (.xlsx) or CSV (.csv) file")
    try:
        return reader(path)
    except ReadError:
        raise
    except zipfile.BadZipFile:
        raise ReadError(f"{path} is not a valid {suffix[1:]} file (it may be damaged, password-protected, "
                        "or another kind of file renamed): open it and save it again") from None
    except (KeyError, ValueError, TypeError, AttributeError, IndexError, OSError, LookupError) as exc:
        raise ReadError(f"{path} could not be read as a {suffix[1:]} file ({type(exc).__name__}: {exc}): "
                        "open it and save it again, or copy the tables into a new document") from None
    except Exception as exc:  # noqa: BLE001 - a damaged file must give a sentence, never a traceback
        raise ReadError(f"{path} could not be read ({type(exc).__name__}: {exc}): open it, save it again "
                        "and retry") from None


# --- Word ------------------------------------------------------------------------------------

def _text_of(el) -> str:
    """The text of a paragraph element, tracked insertions included and deletions left out.
    An entity the file declares but nothing resolves is kept as written (&name;), with the
    text after it: nothing is dropped silently."""
    out: list[str] = []
    for node in el.iter():
        tag = node.tag
        if tag == f"{_W}t":
            out.append(node.text or "")
            for child in node:
                out.append(child.text or "" if _is_entity(child) else "")
                out.append(child.tail or "")
        elif tag in (f"{_W}tab", f"{_W}ptab"):
            out.append(" ")
        elif tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            out.append("-")
    return "".join(out)


def _is_entity(node) -> bool:
    from lxml import etree
    return isinstance(node, etree._Entity)


def _block_children(el):
    """Paragraphs and tables in order, looking inside content controls (w:sdt)."""
    for child in el.iterchildren():
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _block_children(content)
        elif child.tag in (f"{_W}customXml", f"{_W}ins"):
            yield from _block_children(child)


def _cell_text(tc) -> str:
    """A cell's paragraphs, one per line; a table nested inside is flattened, row by row."""
    lines: list[str] = []
    for child in _block_children(tc):
        if child.tag == f"{_W}p":
            lines.append(_text_of(child))
        else:
            for tr in child.iter(f"{_W}tr"):
                cells = [_cell_text(c).replace("\n", " ").strip() for c in tr.iterchildren(f"{_W}tc")]
                lines.append(" | ".join(c for c in cells if c))
    return "\n".join(lines).strip()


def _grid_span(tc) -> int:
    pr = tc.find(f"{_W}tcPr")
    if pr is None:
        return 1
    span = pr.find(f"{_W}gridSpan")
    try:
        return max(1, int(span.get(f"{_W}val"))) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _v_merge_continues(tc) -> bool:
    """True for the lower parts of a vertically merged cell (their text belongs to the top)."""
    pr = tc.find(f"{_W}tcPr")
    if pr is None:
        return False
    vm = pr.find(f"{_W}vMerge")
    return vm is not None and vm.get(f"{_W}val") in (None, "continue")


def _read_docx(path: Path) -> Document:
    try:
        import docx  # python-docx
    except ImportError:
        raise ReadError("reading Word files needs python-docx: pip install python-docx") from None
    _check_zip(path)
    try:
        word = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises several kinds for a bad package
        if type(exc).__name__ == "PackageNotFoundError":
            raise ReadError(f"{path} is not a Word .docx file (it may be damaged, password-protected, or "
                            "another kind of file renamed): open it in Word and save it as .docx") from None
        raise
    doc = Document(path, "docx")
    body = word.element.body
    rows = sum(1 for _ in body.iter(f"{_W}tr"))
    if rows > MAX_ROWS:
        raise ReadError(_over(path, f"{rows:,} table rows", f"{MAX_ROWS:,} rows"))
    tables = 0
    for el in _block_children(body):
        if el.tag == f"{_W}p":
            text = _text_of(el).strip()
            if text:
                doc.blocks.append(Para(text, f"paragraph before table {tables + 1}"))
            continue
        tables += 1
        first = True
        for r, tr in enumerate(el.iterchildren(f"{_W}tr"), start=1):
            cells: list[str] = []
            for tc in tr.iterchildren(f"{_W}tc"):
                # a merged cell is one cell in the grid: its text once, then empty places
                text = "" if _v_merge_continues(tc) else _cell_text(tc)
                cells.append(text)
                cells.extend([""] * (_grid_span(tc) - 1))
            doc.blocks.append(Row(cells, tables, r, f"table {tables}, row {r}", new_table=first))
            first = False
    _check_text(path, doc)
    return doc


def _over(path: Path, found: str, limit: str) -> str:
    return (f"{path} holds {found}; the importer's limit is {limit}, far beyond any action plan. "
            "If this really is the plan, delete what is not part of it (empty rows or columns, pasted "
            "material) or copy the plan into a new file, then import that. Nothing was written")


def _check_zip(path: Path) -> None:
    """Refuse archives that would expand to something absurd before a library opens them. The
    sizes the archive declares bound what reading it can produce: zipfile stops at them."""
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        total = sum(i.file_size for i in infos)
        if total > MAX_EXPANDED_BYTES:
            raise ReadError(_over(path, f"{total // 1024 // 1024:,} MB when expanded",
                                  f"{MAX_EXPANDED_BYTES // 1024 // 1024} MB expanded"))
        for i in infos:
            if i.filename.endswith((".xml", ".rels")) and i.file_size > MAX_XML_PART_BYTES:
                raise ReadError(_over(path, f"a part ({i.filename}) of {i.file_size // 1024 // 1024:,} MB when expanded",
                                      f"{MAX_XML_PART_BYTES // 1024 // 1024} MB for one part"))


def _check_text(path: Path, doc: Document) -> None:
    total = 0
    for block in doc.blocks:
        texts = block.cells if isinstance(block, Row) else [block.text]
        for text in texts:
            if len(text) > MAX_CELL_CHARS:
                raise ReadError(_over(path, f"a cell of {len(text):,} characters ({block.where})",
                                      f"{MAX_CELL_CHARS:,} characters in one cell"))
            total += len(text)
    if total > MAX_TEXT_CHARS:
        raise ReadError(_over(path, f"{total:,} characters of text", f"{MAX_TEXT_CHARS:,} characters"))


# --- Excel -----------------------------------------------------------------------------------

def _cell_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()   # a plan's dates are days; a time of day is noise
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(path: Path) -> Document:
    try:
        import openpyxl
    except ImportError:
        raise ReadError("reading Excel files needs openpyxl: pip install openpyxl") from None
    _check_zip(path)
    wb = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    doc = Document(path, "xlsx")
    try:
        for ws in wb.worksheets:      # what each sheet says its size is, before reading any
            rows, columns = getattr(ws, "max_row", None) or 0, getattr(ws, "max_column", None) or 0
            if rows > MAX_ROWS or columns > MAX_COLUMNS:
                raise ReadError(_over(path, f"a sheet ('{ws.title}') that declares {rows:,} rows and {columns:,} "
                                            "columns", f"{MAX_ROWS:,} rows and {MAX_COLUMNS} columns"))
        for n, ws in enumerate(wb.worksheets, start=1):
            if getattr(ws, "sheet_state", "visible") != "visible":
                doc.blocks.append(Para(f"(hidden sheet '{ws.title}')", f"sheet '{ws.title}'"))
            doc.blocks.append(Para(ws.title, f"sheet '{ws.title}' name"))
            # The declared size may be missing or wrong: read the cells as they are, no further
            # than the limits, so no cell beyond a wrong size is dropped either.
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()
            _rows_into(doc, ([_cell_value(v) for v in row] for row in ws.iter_rows(values_only=True)),
                       n, f"sheet '{ws.title}'")
    finally:
        wb.close()
    _check_text(path, doc)
    return doc


def _rows_into(doc: Document, rows, table: int, label: str) -> None:
    gap = True
    for r, cells in enumerate(rows, start=1):
        if r > MAX_ROWS:
            raise ReadError(_over(doc.path, f"more than {MAX_ROWS:,} rows ({label})", f"{MAX_ROWS:,} rows"))
        if len(cells) > MAX_COLUMNS and any(cells[MAX_COLUMNS:]):
            raise ReadError(_over(doc.path, f"a row with {len(cells):,} columns ({label}, row {r})",
                                  f"{MAX_COLUMNS} columns"))
        for c in cells:
            if len(c) > MAX_CELL_CHARS:
                raise ReadError(_over(doc.path, f"a cell of {len(c):,} characters ({label}, row {r})",
                                      f"{MAX_CELL_CHARS:,} characters in one cell"))
        while cells and not cells[-1]:
            cells.pop()
        if not any(c.strip() for c in cells):
            gap = True
            continue
        doc.blocks.append(Row(cells, table, r, f"{label}, row {r}", new_table=gap))
        gap = False


# --- CSV -------------------------------------------------------------------------------------

def _read_csv(path: Path) -> Document:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise ReadError(f"{path} is not a text file: if it is a spreadsheet, save it as .xlsx or CSV")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise ReadError(f"{path} is not UTF-8 or Windows text: save it as 'CSV UTF-8'")
    sample = text[:20000]
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".txt") and "\t" in sample else ","
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        pass
    doc = Document(path, "csv")
    limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL_CHARS + 1)
    try:
        _rows_into(doc, ([c.strip() for c in row] for row in csv.reader(io.StringIO(text, newline=""),
                                                                        delimiter=delimiter)), 1, "csv")
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise ReadError(_over(path, "a cell longer than the limit",
                                  f"{MAX_CELL_CHARS:,} characters in one cell")) from None
        raise ReadError(f"{path} is not valid CSV ({exc}): save it again from the spreadsheet as CSV") from None
    finally:
        csv.field_size_limit(limit)
    _check_text(path, doc)
    for block in doc.blocks:
        if isinstance(block, Row):
            block.where = f"row {block.row}"
    return doc
