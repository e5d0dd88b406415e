"""The long lists of agency and topic pages (and the agency embed), as compact rows grouped by
status and cut into pages of PER_PAGE rows: a national agency leads thousands of actions, and a
page a phone can open holds a few dozen. Which pages exist is known when pages are planned
(pages.plan asks page_count), so each page has its own URL, title and place in the sitemap."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..content.progress import Progress
from ..core.vocabulary import OPEN_STATUSES, STATUS_LABELS, STATUS_ORDER

PER_PAGE = 50
HOME_REVIEWS = 20        # the most recently updated reviews on the home page; the rest are on /reviews/

# Group keys beyond the statuses: open actions past their due date come first, whatever their
# status; an agency's page ends with the actions it supports but does not lead.
OVERDUE, SUPPORTED = "overdue", "supported"


@dataclass(frozen=True)
class Group:
    key: str             # a status, OVERDUE or SUPPORTED (also the #anchor of its heading)
    label: str
    count: int           # rows in the whole group, on every page
    first_page: int      # the page its first row is on


@dataclass(frozen=True)
class Listing:
    """One page of a list: its rows as (group key, item) and every group of the whole list."""

    number: int
    count: int           # pages in the list (at least 1: an empty list still has its page)
    rows: tuple[tuple[str, Any], ...]
    groups: tuple[Group, ...]
    total: int
    per_page: int = PER_PAGE

    def sections(self) -> list[tuple[Group, list, bool]]:
        """This page's rows, cut where the group changes: (group, items, continued from before)."""
        by_key = {g.key: g for g in self.groups}
        out: list[tuple[Group, list, bool]] = []
        for key, item in self.rows:
            if not out or out[-1][0].key != key:
                out.append((by_key[key], [], by_key[key].first_page < self.number))
            out[-1][1].append(item)
        return out


def _rank(key: str) -> int:
    return STATUS_ORDER.index(key) if key in STATUS_ORDER else len(STATUS_ORDER)


def agency_rows(progress: Progress, agency_id: str, *, open_only: bool = False) -> list[tuple[str, Any]]:
    """Actions the agency leads (its predecessors' too): overdue first, then by status (open
    before closed), each group in review order; then the actions it supports."""
    lead = progress.by_agency.get(agency_id, [])
    if open_only:
        lead = [r for r in lead if r.facts.status in OPEN_STATUSES]

    def key(ref: Any) -> str:
        return OVERDUE if ref.facts.overdue and ref.facts.status in OPEN_STATUSES else ref.facts.status
    rows = sorted(((key(r), r) for r in lead),
                  key=lambda kr: (kr[0] != OVERDUE, _closed(kr[0]), _rank(kr[0]), _order(kr[1])))
    if not open_only:
        rows += [(SUPPORTED, r) for r in sorted(progress.supporting.get(agency_id, []), key=_order)]
    return rows


def topic_rows(progress: Progress, topic_id: str) -> list[tuple[str, Any]]:
    """Recommendations about the topic, as (review, recommendation) pairs, grouped by the
    status their actions roll up to (open before closed), each group in review order."""
    pairs = progress.topic_recommendations.get(topic_id, [])
    rows = [(progress.recommendation_status[(rv.id, rc.id)], (rv, rc)) for rv, rc in pairs]
    return sorted(rows, key=lambda kr: (_closed(kr[0]), _rank(kr[0]), kr[1][0].id, _rec_order(kr[1][1].id)))


def _closed(status: str) -> bool:
    return status not in OPEN_STATUSES and status not in (OVERDUE,)


def _rec_order(rec_id: str) -> tuple:
    # '2' before '10'; ids like '3a' sort after '3'
    digits = "".join(c for c in rec_id if c.isdigit())
    return (int(digits) if digits else 0, rec_id)


def _order(ref: Any) -> tuple:
    return (ref.review.id, _rec_order(ref.recommendation.id), ref.action.number)


# Their headings (templates show every group's label translated).
LISTING_GROUPS = {OVERDUE: "Overdue", SUPPORTED: "Actions it supports"}


def label(key: str) -> str:
    return LISTING_GROUPS.get(key) or STATUS_LABELS.get(key, key)


def page_count(rows: list) -> int:
    return max(1, -(-len(rows) // PER_PAGE))


def groups_of(rows: list[tuple[str, Any]], name: Callable[[str], str] | None = None) -> tuple[Group, ...]:
    """The groups of a whole list, in order (rows of one group are next to each other);
    `name` gives a group's heading from its key (by default a status's label)."""
    label_of = name or label
    out: list[Group] = []
    start = 0
    for i, (key, _item) in enumerate(rows):
        if i and rows[i - 1][0] != key:
            out.append(Group(rows[start][0], label_of(rows[start][0]), i - start, start // PER_PAGE + 1))
            start = i
    if rows:
        out.append(Group(rows[start][0], label_of(rows[start][0]), len(rows) - start, start // PER_PAGE + 1))
    return tuple(out)


def listing(rows: list[tuple[str, Any]], number: int, groups: tuple[Group, ...] | None = None) -> Listing:
    """Page `number` (from 1) of `rows`; `groups`: groups_of(rows), when the caller keeps it."""
    start = (number - 1) * PER_PAGE
    return Listing(number, page_count(rows), tuple(rows[start:start + PER_PAGE]),
                   groups_of(rows) if groups is None else groups, len(rows))


def page_numbers(number: int, count: int, around: int = 2) -> list[int | None]:
    """The page links to show: the first, the last and `around` either side of this one; None
    where numbers are left out (shown as an ellipsis), so 150 pages still fit a phone's width."""
    shown = sorted({1, count, *range(max(1, number - around), min(count, number + around) + 1)})
    out: list[int | None] = []
    for n in shown:
        if out and out[-1] is not None and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out
