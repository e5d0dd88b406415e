"""Stage 4: facts derived from the content, never typed by hand — statuses rolled up,
overdue, no recent update, and totals per review, agency, topic and partnership."""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from dataclasses import dataclass, field

from ..core.dates import PartialDate, add_months
from ..core.model import Action, Agency, Content, Recommendation, Review
from ..core.options import Remember, uncached

from ..core.vocabulary import CLOSED, DONE, NO_UPDATE, REVIEW_STATES, STATUS_LABELS, STATUS_MEANINGS, STATUS_ORDER  # noqa: F401

ROLL_UP_RULE = (
    "A recommendation is complete when every one of its actions is complete; closed – not "
    "achieved when every action is closed and at least one was not achieved; not started when "
    "no action has started; no update published when no action has an update; otherwise it is "
    "in progress."
)


@dataclass(frozen=True, slots=True)
class ActionFacts:
    status: str                      # one of STATUS_ORDER
    overdue: bool
    stale: bool
    last_activity: PartialDate | None
    overdue_days: int = 0            # days since the due date's last day, when overdue
    overdue_months: int = 0          # whole calendar months in those days


@dataclass(frozen=True, slots=True)
class ActionRef:
    """An action with everything a page needs to show it out of its review."""

    review: Review
    recommendation: Recommendation
    action: Action
    facts: ActionFacts

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.review.id, self.recommendation.id, self.action.number)


@dataclass(frozen=True)
class Counts:
    total: int = 0
    by_status: tuple[tuple[str, int], ...] = tuple((s, 0) for s in STATUS_ORDER)
    overdue: int = 0
    stale: int = 0

    def get(self, status: str) -> int:
        return dict(self.by_status)[status]

    @property
    def done(self) -> int:
        return sum(n for s, n in self.by_status if s in DONE)

    @property
    def closed(self) -> int:
        return sum(n for s, n in self.by_status if s in CLOSED)

    @property
    def open(self) -> int:
        return self.total - self.closed

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def nonzero(self) -> list[tuple[str, int]]:
        return [(s, n) for s, n in self.by_status if n]


def count(facts: list[ActionFacts] | list[str]) -> Counts:
    tally = {s: 0 for s in STATUS_ORDER}
    overdue = stale = 0
    for f in facts:
        if isinstance(f, str):
            tally[f] += 1
            continue
        tally[f.status] += 1
        overdue += f.overdue
        stale += f.stale
    return Counts(len(facts), tuple(tally.items()), overdue, stale)


@dataclass
class Progress:
    as_of: dt.date
    actions: list[ActionRef] = field(default_factory=list)
    action_facts: dict[tuple[str, str, int], ActionFacts] = field(default_factory=dict)
    recommendation_status: dict[tuple[str, str], str] = field(default_factory=dict)
    by_review: dict[str, list[ActionRef]] = field(default_factory=dict)
    review_counts: dict[str, Counts] = field(default_factory=dict)
    review_recommendation_counts: dict[str, Counts] = field(default_factory=dict)
    by_agency: dict[str, list[ActionRef]] = field(default_factory=dict)   # successor pages include predecessors
    agency_counts: dict[str, Counts] = field(default_factory=dict)
    predecessors: dict[str, list[Agency]] = field(default_factory=dict)
    successor: dict[str, str] = field(default_factory=dict)                 # the newest body, through the chain
    topic_recommendations: dict[str, list[tuple[Review, Recommendation]]] = field(default_factory=dict)
    topic_counts: dict[str, Counts] = field(default_factory=dict)
    partnership_counts: dict[str, Counts] = field(default_factory=dict)
    partnership_reviews: dict[str, list[Review]] = field(default_factory=dict)
    totals: Counts = field(default_factory=Counts)
    recommendation_totals: Counts = field(default_factory=Counts)
    last_updated: PartialDate | None = None
    review_updates: dict[str, list[dict]] = field(default_factory=dict)   # newest first
    refs_by_key: dict[tuple[str, str, int], ActionRef] = field(default_factory=dict)
    supporting: dict[str, list[ActionRef]] = field(default_factory=dict)  # agency → actions it supports
    agency_reviews: dict[str, list[Review]] = field(default_factory=dict)  # agency → reviews it leads or supports in
    # (recommendations with no published action, recommendations) of ("review"|"partnership"|"agency", id)
    # and ("all", ""): every summary of action counts says what they leave out.
    unactioned: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)


def action_facts(action: Action, review: Review, as_of: dt.date, stale_after_months: int) -> ActionFacts:
    status = action.status or NO_UPDATE
    closed = status in CLOSED
    overdue = (not closed and isinstance(action.due, PartialDate) and action.due.last_day() < as_of)
    dates = [u.date for u in action.updates] + [m.done for m in action.milestones if m.done]
    if action.completed:
        dates.append(action.completed)
    last = max(dates, key=lambda d: d.last_day()) if dates else None
    # Only dated facts count: the review's `updated:` stamp changes on any edit and says nothing
    # about this action. Before its first dated update, the plan's publication is the last news.
    reference = last or review.published
    stale = not closed and (reference is None or add_months(reference.last_day(), stale_after_months) < as_of)
    days = months = 0
    if overdue:
        assert isinstance(action.due, PartialDate)
        due = action.due.last_day()
        days = (as_of - due).days
        months = (as_of.year - due.year) * 12 + as_of.month - due.month
        if add_months(due, months) > as_of:
            months -= 1
    return ActionFacts(status, overdue, stale, last, days, months)


def overdue_label(facts: ActionFacts) -> str:
    """'Overdue by 14 months', 'Overdue by 3 weeks', 'Overdue by 1 day' ('' when not overdue)."""
    if not facts.overdue:
        return ""
    if facts.overdue_months:
        n, unit = facts.overdue_months, "month"
    elif facts.overdue_days >= 7:
        n, unit = facts.overdue_days // 7, "week"
    else:
        n, unit = facts.overdue_days, "day"
    return f"Overdue by {n} {unit}{'s' * (n != 1)}"


def roll_up(statuses: list[str]) -> str:
    """A recommendation's status from its actions (ROLL_UP_RULE says the same in words)."""
    if not statuses or all(s == NO_UPDATE for s in statuses):
        return NO_UPDATE
    if all(s in DONE for s in statuses):
        return "complete" if all(s == "complete" for s in statuses) else "complete-ongoing"
    if all(s in CLOSED for s in statuses):
        return "not-achieved"
    if all(s in ("not-started", NO_UPDATE) for s in statuses):
        return "not-started"
    return "in-progress"


@dataclass
class _ReviewPart:
    """One review's share of the derived facts: computed once per review, then summed. serve
    keeps these between builds, so an edit re-derives one review, not the whole site."""

    refs: list[ActionRef]
    facts: dict[tuple[str, str, int], ActionFacts]
    rec_status: dict[tuple[str, str], str]
    by_agency: dict[str, list[ActionRef]]
    agency_tally: dict[str, tuple[int, ...]]
    topic_recs: dict[str, list[tuple[Review, Recommendation]]]
    topic_tally: dict[str, tuple[int, ...]]
    counts: Counts
    rec_counts: Counts
    tally: tuple[int, ...]
    rec_tally: tuple[int, ...]
    updates: list[dict]
    supporting: dict[str, list[ActionRef]]
    by_key: dict[tuple[str, str, int], ActionRef]
    agencies: tuple[str, ...]


def _tally(facts: list[ActionFacts] | list[str]) -> tuple[int, ...]:
    """count() as a flat tuple (total, one per status, overdue, stale): cheap to add up."""
    c = count(facts)
    return (c.total, *(n for _, n in c.by_status), c.overdue, c.stale)


def _counts(tallies: list[tuple[int, ...]]) -> Counts:
    if not tallies:
        return count([])
    total, *rest = (sum(column) for column in zip(*tallies))
    return Counts(total, tuple(zip(STATUS_ORDER, rest[:len(STATUS_ORDER)])), rest[-2], rest[-1])


def _review_facts(review: Review, as_of: dt.date, stale_after_months: int) -> tuple[ActionFacts, ...]:
    """Each action's facts, in the review's order: most of deriving progress, and the same for
    an unchanged review on the same day (the build's cache keeps it by the review)."""
    return tuple(action_facts(action, review, as_of, stale_after_months)
                 for rec in review.recommendations for action in rec.actions)


def _review_part(review: Review, successor: dict[str, str], facts_made: tuple[ActionFacts, ...]) -> _ReviewPart:
    refs: list[ActionRef] = []
    facts_by_key: dict[tuple[str, str, int], ActionFacts] = {}
    rec_status: dict[tuple[str, str], str] = {}
    by_agency: dict[str, list[ActionRef]] = {}
    topic_recs: dict[str, list[tuple[Review, Recommendation]]] = {}
    rec_statuses: list[str] = []
    made = iter(facts_made)
    for rec in review.recommendations:
        statuses: list[str] = []
        for action in rec.actions:
            facts = next(made)
            ref = ActionRef(review, rec, action, facts)
            refs.append(ref)
            facts_by_key[ref.key] = facts
            statuses.append(facts.status)
            for agency_id in sorted({successor.get(action.lead, action.lead), action.lead}):
                by_agency.setdefault(agency_id, []).append(ref)
        status = roll_up(statuses)
        rec_status[(review.id, rec.id)] = status
        rec_statuses.append(status)
        for topic in dict.fromkeys(rec.topics):
            topic_recs.setdefault(topic, []).append((review, rec))
    supporting = _supporting(refs, successor)
    return _ReviewPart(
        refs, facts_by_key, rec_status, by_agency,
        {agency: _tally([r.facts for r in rs]) for agency, rs in by_agency.items()},
        topic_recs,
        {topic: _tally([rec_status[(rv.id, rc.id)] for rv, rc in recs]) for topic, recs in topic_recs.items()},
        count([r.facts for r in refs]), count(rec_statuses), _tally([r.facts for r in refs]), _tally(rec_statuses),
        sorted(({"date": u.date, "text": u.text, "ref": ref, "index": i}
                for ref in refs for i, u in enumerate(ref.action.updates)), key=update_order, reverse=True),
        supporting, {r.key: r for r in refs}, tuple(dict.fromkeys([*by_agency, *supporting])))


def _supporting(refs: list[ActionRef], successor: dict[str, str]) -> dict[str, list[ActionRef]]:
    """The actions each agency supports (a renamed agency's go to its newest name too)."""
    out: dict[str, list[ActionRef]] = {}
    for r in refs:
        # two predecessors folded into one successor list the action once on its page
        for s in dict.fromkeys(x for s in r.action.supporting for x in (s, successor.get(s, s))):
            out.setdefault(s, []).append(r)
    return out


def update_order(item: dict) -> tuple:
    """Newest first (with reverse=True); ties broken by place in the plan, so the order is total."""
    ref = item["ref"]
    return (item["date"].last_day(), ref.review.id, ref.recommendation.id, ref.action.number, item["index"])


def derive(content: Content, remember: Remember = uncached) -> Progress:
    """The derived facts; `remember` (the build's cache) keeps each review's action facts."""
    site = content.site
    p = Progress(as_of=site.as_of)
    agencies = {a.id: a for a in content.agencies}

    for a in content.agencies:   # follow renamings to the newest body
        cur, seen = a.id, {a.id}
        while agencies[cur].replaced_by and agencies[cur].replaced_by not in seen:
            cur = agencies[cur].replaced_by
            seen.add(cur)
        p.successor[a.id] = cur
        if cur != a.id:
            p.predecessors.setdefault(cur, []).append(a)
    for preds in p.predecessors.values():
        preds.sort(key=lambda a: a.name.lower())

    parts = [_review_part(review, p.successor,
                          remember("progress", (review, site.as_of, site.stale_after_months),
                                   lambda review=review: _review_facts(review, site.as_of, site.stale_after_months)))
             for review in content.reviews]

    agency_tallies: dict[str, list[tuple[int, ...]]] = {}
    topic_tallies: dict[str, list[tuple[int, ...]]] = {}
    partnership_tallies: dict[str, list[tuple[int, ...]]] = {}
    for review, part in zip(content.reviews, parts):
        p.actions.extend(part.refs)
        p.action_facts.update(part.facts)
        p.refs_by_key.update(part.by_key)
        for agency_id, refs in part.supporting.items():
            p.supporting.setdefault(agency_id, []).extend(refs)
        for agency_id in part.agencies:
            p.agency_reviews.setdefault(agency_id, []).append(review)
        p.recommendation_status.update(part.rec_status)
        for agency_id, refs in part.by_agency.items():
            p.by_agency.setdefault(agency_id, []).extend(refs)
            agency_tallies.setdefault(agency_id, []).append(part.agency_tally[agency_id])
        for topic, recs in part.topic_recs.items():
            p.topic_recommendations.setdefault(topic, []).extend(recs)
            topic_tallies.setdefault(topic, []).append(part.topic_tally[topic])
        p.by_review[review.id] = part.refs
        p.review_updates[review.id] = part.updates
        p.review_counts[review.id] = part.counts
        p.review_recommendation_counts[review.id] = part.rec_counts
        p.partnership_reviews.setdefault(review.partnership, []).append(review)
        partnership_tallies.setdefault(review.partnership, []).append(part.tally)
        if p.last_updated is None or review.updated.last_day() > p.last_updated.last_day():
            p.last_updated = review.updated

    gaps = {r.id: (sum(not rec.actions for rec in r.recommendations), len(r.recommendations))
            for r in content.reviews}

    def add(ids) -> tuple[int, int]:
        return (sum(gaps[i][0] for i in ids), sum(gaps[i][1] for i in ids))
    p.unactioned[("all", "")] = add(gaps)
    for rid, gap in gaps.items():
        p.unactioned[("review", rid)] = gap
    for pid, reviews in p.partnership_reviews.items():
        p.unactioned[("partnership", pid)] = add(dict.fromkeys(r.id for r in reviews))
    for agency_id, refs in p.by_agency.items():      # the reviews in which it leads an action
        p.unactioned[("agency", agency_id)] = add(dict.fromkeys(r.review.id for r in refs))
    p.agency_counts = {a: _counts(t) for a, t in agency_tallies.items()}
    p.topic_counts = {t: _counts(ts) for t, ts in topic_tallies.items()}
    p.partnership_counts = {pid: _counts(ts) for pid, ts in partnership_tallies.items()}
    p.totals = _counts([part.tally for part in parts])
    p.recommendation_totals = _counts([part.rec_tally for part in parts])
    return p


def review_state(progress: Progress, review_id: str) -> str:
    """Which of REVIEW_STATES a review is in."""
    c = progress.review_counts[review_id]
    return "overdue" if c.overdue else "open" if c.open else "closed"


# The site-wide timeline and feed hold the latest updates; each review's page and feed has all
# of its own. A national site has over 100,000 updates: one page of them would be 50 MB.
LATEST_UPDATES = 100


def update_items(progress: Progress, review_id: str | None = None, limit: int | None = None) -> list[dict]:
    """Updates newest first: one review's, or the latest `limit` from every review."""
    if review_id is not None:
        return progress.review_updates.get(review_id, [])[:limit]
    merged = heapq.merge(*progress.review_updates.values(), key=update_order, reverse=True)
    return list(itertools.islice(merged, limit))
