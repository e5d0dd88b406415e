"""Reading the free text of action-plan cells: dates, statuses and scopes as people write them.

Pure functions over strings, used by the importer. Every reading says how sure it is, so the
importer can write a comment quoting the original, or a TODO when a person must decide:

* ``find_dates`` finds "31 st March 2023", "31.7.22", "End of June 2023", "August 21", "12/19"
  and ISO dates inside text; an impossible date ("31.6.2020") is found, flagged and given the
  reading a careful officer would choose (the last day of that month).
* ``read_when`` reads a target-date cell: one date, several (one per milestone), ``ongoing``
  or ``tbc``, and whatever text is left over.
* ``read_status`` reads the start of a completion cell: "Complete and ongoing",
  "Completed (March 2019)", "In progress", a bare completion date.
* ``read_scope`` reads "Local", "Local & National (legislation)", "Local level recommendation".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from ..core.dates import MONTHS, PartialDate
from ..core.vocabulary import DONE

_MONTH_NUMBER = {m.lower(): i + 1 for i, m in enumerate(MONTHS)} | {
    m[:3].lower(): i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
_MONTH_RE = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|" \
            r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
_SEASON_MONTH = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11}   # the season's last month
_QUARTER_MONTH = {"1": 3, "2": 6, "3": 9, "4": 12}


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    text: str                     # as written
    date: PartialDate | None      # the reading (for an impossible date: the careful correction)
    problem: str = ""             # why a person must check it ("June has 30 days"), or ""
    vague: bool = False           # a season or a quarter, read as a month: worth a comment


def _year(text: str) -> int:
    text = text.lstrip("'\u2019")
    y = int(text)
    if len(text) == 2:
        return 2000 + y if y < 70 else 1900 + y
    return y


def _day_date(year: int, month: int, day: int) -> tuple[PartialDate | None, str]:
    """A day-precision date, or the careful correction and the reason it was needed."""
    if not 1900 <= year <= 2200:
        return None, f"{year} is not a plausible year"
    if not 1 <= month <= 12:
        if 1 <= day <= 12 and 1 <= month <= 31:   # written month-first: 12.31.2020
            fixed, _ = _day_date(year, day, month)
            return fixed, f"there is no month {month}: read as month {day}, day {month}"
        return None, f"there is no month {month}"
    last = calendar.monthrange(year, month)[1]
    if day < 1:
        return None, f"there is no day {day}"
    if day > last:
        name = MONTHS[month - 1]
        reason = f"February {year} has {last} days" if month == 2 else f"{name} has {last} days"
        return PartialDate(year, month, last), reason
    return PartialDate(year, month, day), ""


# Longest forms first so "31 st March 2023" is one date, not "March 2023" and a stray "31".
_DATE_RE = re.compile(
    r"(?P<iso>(?<![\d.])\d{4}-\d{1,2}-\d{1,2}(?![\d]))"
    r"|(?P<dmy>(?<![\w./-])(?P<d1>\d{1,2})\s?[./-]\s?(?P<m1>\d{1,2})\s?[./-]\s?(?P<y1>\d{4}|\d{2})(?![\d]|[./-]\d))"
    r"|(?P<dmony>(?<![\w])(?P<d2>\d{1,2})\s*(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>" + _MONTH_RE + r")\.?,?\s+"
    r"(?P<y2>\d{4}|['\u2019]?\d{2})(?![\w]))"
    r"|(?P<mdy>(?<![\w])(?P<m3>" + _MONTH_RE + r")\.?\s+(?P<d3>\d{1,2})(?:st|nd|rd|th)?,\s*(?P<y3>\d{4})(?![\w]))"
    r"|(?P<mony>(?<![\w])(?P<m4>" + _MONTH_RE + r")\.?,?[\s-]+(?P<y4>\d{4}|['\u2019]?\d{2})(?![\w]|\s*(?:st|nd|rd|th)\b))"
    r"|(?P<season>(?<![\w])(?P<s5>spring|summer|autumn|fall)\s+(?P<y5>\d{4})(?![\w]))"
    r"|(?P<quarter>(?<![\w])(?:q(?P<q6>[1-4])|quarter\s+(?P<q6b>[1-4]))\s+(?P<y6>\d{4})(?![\w]))"
    r"|(?P<yearmonth>(?<![\w.-])\d{4}-\d{2}(?![\w]))",
    re.IGNORECASE,
)
# Only read on its own (a whole cell such as "12/19"): inside a sentence "6/8 weeks" is no date.
_MONTH_YEAR_NUMERIC_RE = re.compile(r"(?:by\s+)?(?P<m>\d{1,2})\s?/\s?(?P<y>\d{4}|\d{2})", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?<![\w./-])(?P<y>(?:19|20)\d{2})(?![\w]|[./-]\d)")


def find_dates(text: str, *, bare_years: bool = False) -> list[FoundDate]:
    """Every date written in ``text``, in order. Bare years ("2019") only when asked."""
    found: list[FoundDate] = []
    for m in _DATE_RE.finditer(text):
        g = m.groupdict()
        date: PartialDate | None = None
        problem = ""
        vague = False
        if g["iso"]:
            y, mo, d = (int(x) for x in g["iso"].split("-"))
            date, problem = _day_date(y, mo, d)
        elif g["dmy"]:
            date, problem = _day_date(_year(g["y1"]), int(g["m1"]), int(g["d1"]))
        elif g["dmony"]:
            date, problem = _day_date(_year(g["y2"]), _MONTH_NUMBER[g["m2"].lower()], int(g["d2"]))
        elif g["mdy"]:
            date, problem = _day_date(int(g["y3"]), _MONTH_NUMBER[g["m3"].lower()], int(g["d3"]))
        elif g["mony"]:
            month = _MONTH_NUMBER[g["m4"].lower()]
            if g["m4"].lower() == "may" and len(g["y4"].lstrip("'\u2019")) == 2:
                continue   # "may 21" is more often the verb than a date
            date = PartialDate(_year(g["y4"]), month)
        elif g["season"]:
            date, vague = PartialDate(int(g["y5"]), _SEASON_MONTH[g["s5"].lower()]), True
        elif g["quarter"]:
            date, vague = PartialDate(int(g["y6"]), _QUARTER_MONTH[g["q6"] or g["q6b"]]), True
        elif g["yearmonth"]:
            y, mo = (int(x) for x in g["yearmonth"].split("-"))
            if not 1 <= mo <= 12:
                continue
            date = PartialDate(y, mo)
        if date is None and not problem:
            continue
        if date is not None and not 1900 <= date.year <= 2200:
            continue
        found.append(FoundDate(m.start(), m.end(), m.group(0), date, problem, vague))
    if bare_years:
        taken = [(f.start, f.end) for f in found]
        for m in _YEAR_RE.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            found.append(FoundDate(m.start(), m.end(), m.group(0), PartialDate(int(m.group("y")))))
        found.sort(key=lambda f: f.start)
    return found


# Words that carry no meaning of their own around a date in a target-date cell.
_FILLER = {"by", "end", "of", "the", "beginning", "start", "early", "mid", "late", "week", "commencing", "on",
           "before", "no", "later", "than", "target", "date", "due", "deadline", "approx", "approximately",
           "around", "within", "in", "from", "until", "w/c", "wc", "and", "to", "be", "reviewed", "review", "revised", "initially", "then", "now", "new", "extended", "originally", "tbc"}
_WORDS_RE = re.compile(r"[A-Za-z/']+")


def is_filler(text: str) -> bool:
    """True when ``text`` holds nothing a reader would miss (punctuation and linking words)."""
    return all(w.lower() in _FILLER for w in _WORDS_RE.findall(text)) and not re.search(r"\d", text)


_ONGOING_RE = re.compile(r"^\W*(on[\s-]?going|continuous|continuing|business as usual|bau)\b\W*", re.IGNORECASE)
_TBC_RE = re.compile(r"^\W*(tbc|tba|to be (?:confirmed|agreed|decided|arranged)|not yet (?:agreed|set|known))\b\W*",
                     re.IGNORECASE)


@dataclass
class When:
    """What a target-date cell says."""

    due: PartialDate | str | None = None           # the action's due date, 'ongoing', 'tbc' or None
    found: list[FoundDate] | None = None           # every date found
    rest: str = ""                                 # text that is not a date (kept by the caller)
    original: str = ""                             # the part that was read as the date, for a comment


def read_when(text: str) -> When:
    """Read a target-date cell. The latest date is the action's due date."""
    text = (text or "").strip()
    if not text:
        return When()
    m = _ONGOING_RE.match(text) or _TBC_RE.match(text)
    if m:
        word = "ongoing" if m.re is _ONGOING_RE else "tbc"
        rest = text[m.end():].strip(" –-—:;,.")
        return When(due=word, found=[], rest=rest, original=text[:m.end()].strip(" –-—:;,"))
    found = find_dates(text)
    if not found:
        whole = _MONTH_YEAR_NUMERIC_RE.fullmatch(text.strip(" .")) if text else None
        if whole and 1 <= int(whole.group("m")) <= 12:
            fd = FoundDate(0, len(text), text, PartialDate(_year(whole.group("y")), int(whole.group("m"))))
            return When(due=fd.date, found=[fd], original=text)
        found = find_dates(text, bare_years=True)
    if not found:
        numeric = list(re.finditer(r"(?<![\w/])(\d{1,2})\s?/\s?(\d{2}|\d{4})(?![\w/])", text))
        if numeric and all(1 <= int(n.group(1)) <= 12 for n in numeric):
            found = [FoundDate(n.start(), n.end(), n.group(0), PartialDate(_year(n.group(2)), int(n.group(1))))
                     for n in numeric]
    if not found:
        return When(rest=text, found=[])
    pieces, last = [], 0
    for f in found:
        pieces.append(text[last:f.start])
        last = f.end
    pieces.append(text[last:])
    leftover = " ".join(p.strip() for p in pieces if p.strip())
    rest = "" if is_filler(leftover) else text
    dated = [f for f in found if f.date is not None]
    due = max((f.date for f in dated), key=lambda d: d.last_day()) if dated else None
    if rest:
        # Dates inside a sentence are not all targets: only a date that opens the cell, or the
        # one date the cell gives, is read as the due date (the whole text is kept as well).
        opening = dated[0] if dated and is_filler(text[:dated[0].start]) else None
        due = opening.date if opening else (dated[0].date if len(dated) == 1 else None)
        chosen = opening or (dated[0] if len(dated) == 1 else None)
        return When(due=due, found=found, rest=rest,
                    original=chosen.text if chosen else "")
    original = text if not rest else ", ".join(f.text for f in found)
    return When(due=due, found=found, rest=rest, original=original)


# --- statuses --------------------------------------------------------------------------------

_STATUS_PHRASES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"complete[d]?\s*(?:[-–—/,&+]|and|but)?\s*(?:now\s+|is\s+|remains\s+)?on[\s-]?going", re.I),
     "complete-ongoing"),
    (re.compile(r"(?:not|never)\s+(?:been\s+)?(?:achieved|met|completed|delivered|possible)", re.I), "not-achieved"),
    (re.compile(r"closed\s*(?:[-–—,:]\s*)?(?:not\s+achieved|unachieved|incomplete|without)", re.I), "not-achieved"),
    (re.compile(r"not\s+(?:yet\s+)?(?:started|begun|commenced)", re.I), "not-started"),
    (re.compile(r"partially\s+complete[d]?|part[\s-]complete[d]?|in\s+progress|in-progress|under\s*way|"
                r"on\s+track|started|progressing|ongoing|on-going|open", re.I), "in-progress"),
    (re.compile(r"complete[d]?|done|achieved|implemented|closed|finished|enacted", re.I), "complete"),
]


@dataclass
class StatusReading:
    status: str | None = None
    completed: PartialDate | None = None
    rest: str = ""                 # the text after the status phrase (or the whole text)
    phrase: str = ""               # the words read as the status, quoted in a comment
    judgement: bool = False        # the status was inferred, not written: a person should check
    date_problem: str = ""         # an impossible completion date


def _lead_date(text: str) -> tuple[FoundDate | None, int]:
    """A date at the very start of ``text`` (brackets allowed), and where the text after it starts."""
    for f in find_dates(text):
        if text[:f.start].strip(" (") == "":
            m = re.match(r"[\s)]*(?:[,;:\-–—]\s*)?", text[f.end:])
            return f, f.end + (m.end() if m else 0)
        break
    return None, 0


_ONGOING_AFTER_RE = re.compile(r"\s*(?:[-–—,&]|and|but)?\s*(?:remains\s+|is\s+|now\s+)?on[\s-]?going\b[\s.;:,)\-–—]*", re.I)


def read_status(text: str, *, completion_column: bool = True) -> StatusReading:
    """Read a status (and a completion date) from the start of a completion cell.

    "Completed (March 2019)" -> complete, 2019-03; "Complete and ongoing" -> complete-ongoing;
    "Completed June 2018 and ongoing" -> complete-ongoing, 2018-06; "21.1.2019 Training
    completed" -> complete, 2019-01-21; a completion cell holding only a date -> complete
    (a judgement). Blank -> no status.
    """
    text = (text or "").strip()
    if not text:
        return StatusReading()
    # The status phrase may run over a line break ("Complete and\nOngoing"), never a blank line.
    parts = re.split(r"\n[ \t]*\n", text, maxsplit=1)
    first, later = parts[0], (parts[1] if len(parts) > 1 else "")
    first = re.sub(r"\s+", " ", first).strip()
    later = later.strip()

    def joined(rest: str) -> str:
        return (rest.strip() + ("\n\n" + later if later else "")).strip()

    lead, after = _lead_date(first)
    if lead is not None:
        # "21.1.2019 Training completed" / "June 2019 The IDVA team ...": a date first
        inner = read_status(first[after:], completion_column=False) if first[after:] else StatusReading()
        if inner.status and inner.status not in DONE:
            # "June 2022: in progress": the date is an update's date, not a completion date
            return StatusReading(inner.status, None, text, inner.phrase, False)
        if inner.status is None and (not completion_column or re.match(r"\s*[:–—]|\s+-\s", first[lead.end:])):
            return StatusReading(rest=text)   # "April 2022: audit started" dates an update, not a completion
        status = inner.status or "complete"
        rest = inner.rest if inner.status else first[after:]
        phrase = first[:lead.end].strip(" (") + (" " + inner.phrase if inner.phrase else "")
        return StatusReading(status, lead.date, joined(rest), phrase, inner.status is None or inner.judgement,
                             lead.problem)
    for pattern, status in _STATUS_PHRASES:
        m = re.match(r"\W*(?:status\s*[:\-–]\s*)?(" + pattern.pattern + r")\b", first, re.I)
        if not m:
            continue
        end = m.end()
        completed, problem = None, ""
        separated = False     # punctuation between the status and what follows
        gap = re.match(r"\s*[,:\-–—]?\s*(?:on\s+|in\s+)?\(?\s*", first[end:])
        lead, after = _lead_date(first[end + gap.end():])
        if lead is not None and lead.date is not None:
            completed, problem = lead.date, lead.problem
            end = end + gap.end() + after
            separated = bool(re.search(r"[),;:\-–—]\s*$", first[:end]))
            ongoing = _ONGOING_AFTER_RE.match(first[end:])
            if ongoing and status == "complete":
                status = "complete-ongoing"
                end += ongoing.end()
        phrase = first[m.start(1):end].strip(" ,;:-–—")
        if phrase.count("(") > phrase.count(")"):
            phrase += ")"
        rest = first[end:]
        punct = re.match(r"[\s.;:,)\-–—]+", rest)
        if punct:
            separated = separated or bool(punct.group(0).strip())
            rest = rest[punct.end():]
        if rest and not separated and not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "(\"'\u201c\u2018"):
            # "Completed for existing staff but ongoing for new recruits": the words qualify the
            # status, so the whole sentence is kept, and 'ongoing' anywhere in it counts.
            if status == "complete" and re.search(r"\bon[\s-]?going\b", first, re.I):
                status = "complete-ongoing"
            return StatusReading(status, completed, text, phrase, True, problem)
        if rest and not separated and status == "complete" and re.match(r"on[\s-]?going\b", rest, re.I):
            status = "complete-ongoing"
        judgement = status == "in-progress" and phrase.lower() in ("ongoing", "on-going", "open", "started")
        return StatusReading(status, completed, joined(rest), phrase, judgement, problem)
    return StatusReading(rest=text)


STATUS_WORDS = {
    "not-started": "not started", "in-progress": "in progress", "complete": "complete",
    "complete-ongoing": "complete and ongoing", "not-achieved": "not achieved",
}


def canonical_status_phrase(phrase: str, status: str) -> bool:
    """True when the document wrote the status exactly as the vocabulary does (no comment needed)."""
    p = re.sub(r"[\s\-]+", " ", phrase.strip(" .:").lower())
    return p in (STATUS_WORDS[status], status.replace("-", " "))


# --- scope -----------------------------------------------------------------------------------

_SCOPE_WORDS = (("national", "national"), ("regional", "regional"), ("region", "regional"),
                ("local", "local"), ("county", "local"), ("force", "local"))
_SCOPE_FILLER = {"and", "&", "level", "recommendation", "the", "only", "i.e.", "ie", "both", "or", "wide",
                 "legislation", "(legislation)", "scope", "/", "-", "–", "potentially"}


@dataclass
class ScopeReading:
    scope: str | None = None
    whole: bool = False      # True when the cell said nothing but the scope
    widened: bool = False    # "Local and regional" -> regional: worth a comment


def read_scope(text: str) -> ScopeReading:
    words = re.findall(r"[A-Za-z&/().\-–]+", (text or "").lower())
    found: list[str] = []
    for w in words:
        for key, scope in _SCOPE_WORDS:
            if w.strip("().") == key and scope not in found:
                found.append(scope)
    if not found:
        return ScopeReading()
    other = [w for w in words if w.strip("().") not in {k for k, _ in _SCOPE_WORDS} and w not in _SCOPE_FILLER
             and w.strip("().") not in _SCOPE_FILLER]
    order = ["local", "regional", "national"]
    widest = max(found, key=order.index)
    if other and len(words) > 6:
        return ScopeReading()   # a sentence that mentions 'local' is not a scope: kept as it is
    return ScopeReading(widest, whole=not other, widened=len(found) > 1)
