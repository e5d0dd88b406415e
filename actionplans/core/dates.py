"""Dates as the content format allows them: a day, a month or a year, and nothing else."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
_MONTH_LOOKUP = {m.lower(): i + 1 for i, m in enumerate(MONTHS)} | {
    m[:3].lower(): i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}

DUE_WORDS = ("ongoing", "tbc")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day, the month or the year. Month/day are 0 when unknown."""

    year: int
    month: int = 0
    day: int = 0

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def last_day(self) -> dt.date:
        """A month or a year means its last day when deciding whether something is overdue."""
        if self.day:
            return dt.date(self.year, self.month, self.day)
        if self.month:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, 12, 31)

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def display(self) -> str:
        """'31 March 2023', 'June 2023' or '2023'."""
        if self.day:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)

    def __str__(self) -> str:
        return self.iso()


class DateError(ValueError):
    """Carries the reason shown in brackets after the value."""


# Reviews began in 2011; the range is wide, and keeps every date (and a due date plus any
# number of months) within what the calendar arithmetic can represent: year 0 cannot be.
MIN_YEAR, MAX_YEAR = 1900, 2200


def _implausible(year: int) -> str | None:
    if MIN_YEAR <= year <= MAX_YEAR:
        return None
    return f"the year {year:04d} is not possible here: write a year from {MIN_YEAR} to {MAX_YEAR}, in full"


def _impossible(year: int, month: int, day: int) -> str | None:
    if _implausible(year):
        return _implausible(year)
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if day < 1:
        return f"there is no day {day}"
    last = calendar.monthrange(year, month)[1]
    if day > last:
        name = MONTHS[month - 1]
        if month == 2:
            return f"February {year} has {last} days"
        return f"{name} has {last} days"
    return None


def _suggest(year: int, month: int, day: int) -> str:
    reason = _impossible(year, month, day)
    if reason:
        return reason
    return f"write {year:04d}-{month:02d}-{day:02d}"


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if len(text) == 2 else y


def parse_date(value: object) -> PartialDate:
    """Parse YYYY-MM-DD, YYYY-MM or YYYY; raise DateError with the likely intended date."""
    if isinstance(value, bool):
        raise DateError("write a date as YYYY-MM-DD")
    if isinstance(value, int):
        if MIN_YEAR <= value <= MAX_YEAR:
            return PartialDate(value)
        raise DateError("write a date as YYYY-MM-DD, YYYY-MM or YYYY")
    if isinstance(value, dt.date):
        if _implausible(value.year):
            raise DateError(_implausible(value.year))
        return PartialDate(value.year, value.month, value.day)
    if not isinstance(value, str):
        raise DateError("write a date as YYYY-MM-DD, YYYY-MM or YYYY")
    text = value.strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        y, mo, d = map(int, m.groups())
        reason = _impossible(y, mo, d)
        if reason:
            raise DateError(reason)
        return PartialDate(y, mo, d)
    m = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if m:
        y, mo = map(int, m.groups())
        if _implausible(y):
            raise DateError(_implausible(y))
        if not 1 <= mo <= 12:
            raise DateError(f"there is no month {mo}")
        return PartialDate(y, mo)
    if re.fullmatch(r"\d{4}", text):
        if _implausible(int(text)):
            raise DateError(_implausible(int(text)))
        return PartialDate(int(text))
    # Everything below is a recognisable date in the wrong form: say what to write instead.
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        y, mo, d = map(int, m.groups())
        raise DateError(_suggest(y, mo, d))
    m = re.fullmatch(r"(\d{1,2})\s*[./\-]\s*(\d{1,2})\s*[./\-]\s*(\d{4}|\d{2})", text)
    if m:
        d, mo = int(m.group(1)), int(m.group(2))
        raise DateError(_suggest(_year(m.group(3)), mo, d))
    m = re.fullmatch(r"(\d{1,2})\s*(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})", text)
    if m and m.group(2).lower() in _MONTH_LOOKUP:
        raise DateError(_suggest(int(m.group(3)), _MONTH_LOOKUP[m.group(2).lower()], int(m.group(1))))
    m = re.fullmatch(r"(?:end of\s+)?([A-Za-z]+)\.?,?\s+(\d{4}|\d{2})", text, flags=re.I)
    if m and m.group(1).lower() in _MONTH_LOOKUP:
        return_ = f"write {_year(m.group(2)):04d}-{_MONTH_LOOKUP[m.group(1).lower()]:02d}"
        raise DateError(return_)
    raise DateError("write a date as YYYY-MM-DD, YYYY-MM or YYYY")


def parse_due(value: object) -> PartialDate | str:
    """A due date: a date, or the words 'ongoing' / 'tbc'."""
    if isinstance(value, str) and value.strip().lower() in DUE_WORDS:
        return value.strip().lower()
    try:
        return parse_date(value)
    except DateError as exc:
        if str(exc).startswith("write a date as"):
            raise DateError(str(exc) + ", or 'ongoing' or 'tbc'") from None
        raise


def add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
