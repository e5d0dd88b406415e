"""What changed, when: every dated change to an action (a progress update, a completion, a
milestone done), newest first, for the change lists and their feeds; and the actions completed
in each quarter, for the progress-over-time charts. Derived from the content, never typed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.dates import PartialDate
from ..core.vocabulary import DONE
from .progress import ActionRef

# The site-wide change list and feed hold the latest changes; each review's have all of its own.
SITE_CHANGE_LIMIT = 300


@dataclass(frozen=True, slots=True)
class Change:
    date: PartialDate
    kind: str            # "update" | "completed" | "milestone"
    text: str            # Markdown (an update's text, a milestone's text) or "" for a completion
    ref: ActionRef
    index: int           # its place among the action's changes of this kind, for a stable id

    @property
    def sort_key(self) -> tuple:
        ref = self.ref
        return (self.date.last_day(), ref.review.id, ref.recommendation.id, ref.action.number,
                ("completed", "milestone", "update").index(self.kind), self.index)


def action_changes(ref: ActionRef) -> list[Change]:
    a = ref.action
    out = [Change(u.date, "update", u.text, ref, i) for i, u in enumerate(a.updates)]
    out += [Change(m.done, "milestone", m.text, ref, i) for i, m in enumerate(a.milestones) if m.done]
    if a.completed and ref.facts.status in DONE:
        out.append(Change(a.completed, "completed", "", ref, 0))
    return out


def changes(refs: list[ActionRef], since: dt.date | None = None, limit: int | None = None) -> list[Change]:
    """The changes of these actions, newest first; only those on or after `since` (a change
    dated by month or year counts from its last day, so it is never missed)."""
    found = [c for ref in refs for c in action_changes(ref) if since is None or c.date.last_day() >= since]
    found.sort(key=lambda c: c.sort_key, reverse=True)
    return found[:limit] if limit is not None else found


def by_month(items: list[Change]) -> list[tuple[str, str, list[Change]]]:
    """(YYYY-MM, 'March 2024', its changes) in the order given; a change dated only by year
    goes under that year."""
    groups: dict[str, tuple[str, list[Change]]] = {}
    for c in items:
        key = f"{c.date.year:04d}-{c.date.month:02d}" if c.date.month else f"{c.date.year:04d}"
        label = PartialDate(c.date.year, c.date.month).display() if c.date.month else str(c.date.year)
        groups.setdefault(key, (label, []))[1].append(c)
    return [(k, label, cs) for k, (label, cs) in groups.items()]


@dataclass(frozen=True, slots=True)
class Quarter:
    label: str           # "Apr–Jun 2021"
    key: str             # "2021-Q2"
    completed: int       # actions completed in the quarter
    to_date: int         # completed by the quarter's end


_QUARTER_NAMES = ("Jan–Mar", "Apr–Jun", "Jul–Sep", "Oct–Dec")


def completion_date(ref: ActionRef) -> PartialDate | None:
    """When a done action was completed: its completed date, else (the plan gives none) the
    date of its last dated update, which reported it; None when nothing is dated."""
    if ref.facts.status not in DONE:
        return None
    a = ref.action
    if a.completed:
        return a.completed
    dated = [u.date for u in a.updates] + [m.done for m in a.milestones if m.done]
    return max(dated, key=lambda d: d.last_day()) if dated else None


def by_quarter(refs: list[ActionRef]) -> tuple[list[Quarter], int]:
    """Every quarter from the first completion to the last, with the actions completed in it and
    by its end (quarters with none included, so the chart's time axis is even); and how many done
    actions have no date at all. A completion dated only by year counts in its last quarter."""
    dates = []
    undated = 0
    for ref in refs:
        d = completion_date(ref)
        if d is None:
            undated += ref.facts.status in DONE
            continue
        dates.append(d.last_day())
    if not dates:
        return [], undated
    first, last = min(dates), max(dates)
    tally: dict[tuple[int, int], int] = {}
    for d in dates:
        q = (d.year, (d.month - 1) // 3)
        tally[q] = tally.get(q, 0) + 1
    out, total = [], 0
    y, q = first.year, (first.month - 1) // 3
    while (y, q) <= (last.year, (last.month - 1) // 3):
        n = tally.get((y, q), 0)
        total += n
        out.append(Quarter(f"{_QUARTER_NAMES[q]} {y}", f"{y}-Q{q + 1}", n, total))
        y, q = (y + 1, 0) if q == 3 else (y, q + 1)
    return out, undated
