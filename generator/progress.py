"""Stage 4: facts derived from the content, never typed by hand — statuses rolled up,
overdue, no recent update, and totals per review, agency, topic and partnership."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .dates import PartialDate, add_months
from .model import Action, Agency, Content, Recommendation, Review

NO_UPDATE = "no-update"
STATUS_ORDER = ("not-started", "in-progress", "complete", "complete-ongoing", "not-achieved", NO_UPDATE)
STATUS_LABELS = {
    "not-started": "Not started",
    "in-progress": "In progress",
    "complete": "Complete",
    "complete-ongoing": "Complete – now routine practice",
    "not-achieved": "Closed – not achieved",
    NO_UPDATE: "No update published",
}
STATUS_MEANINGS = {
    "not-started": "agreed, no work yet",
    "in-progress": "work under way",
    "complete": "done",
    "complete-ongoing": "done and kept up as business as usual",
    "not-achieved": "closed without being done; the outcome says why",
    NO_UPDATE: "the agency has given no update",
}
CLOSED = frozenset({"complete", "complete-ongoing", "not-achieved"})
DONE = frozenset({"complete", "complete-ongoing"})

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
        return self.get("complete") + self.get("complete-ongoing")

    @property
    def closed(self) -> int:
        return self.done + self.get("not-achieved")

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


def action_facts(action: Action, review: Review, as_of: dt.date, stale_after_months: int) -> ActionFacts:
    status = action.status or NO_UPDATE
    closed = status in CLOSED
    overdue = (not closed and isinstance(action.due, PartialDate) and action.due.last_day() < as_of)
    dates = [u.date for u in action.updates] + [m.done for m in action.milestones if m.done]
    if action.completed:
        dates.append(action.completed)
    last = max(dates, key=lambda d: d.last_day()) if dates else None
    reference = (last or review.updated).last_day()
    stale = not closed and add_months(reference, stale_after_months) < as_of
    return ActionFacts(status, overdue, stale, last)


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


def derive(content: Content) -> Progress:
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

    rec_statuses_all: list[str] = []
    for review in content.reviews:
        refs: list[ActionRef] = []
        rec_statuses: list[str] = []
        for rec in review.recommendations:
            statuses = []
            for action in rec.actions:
                facts = action_facts(action, review, site.as_of, site.stale_after_months)
                ref = ActionRef(review, rec, action, facts)
                refs.append(ref)
                p.action_facts[ref.key] = facts
                statuses.append(facts.status)
                involved = {p.successor.get(action.lead, action.lead), action.lead}
                for agency_id in sorted(involved):
                    p.by_agency.setdefault(agency_id, []).append(ref)
            status = roll_up(statuses)
            p.recommendation_status[(review.id, rec.id)] = status
            rec_statuses.append(status)
            for topic in dict.fromkeys(rec.topics):
                p.topic_recommendations.setdefault(topic, []).append((review, rec))
        p.by_review[review.id] = refs
        p.review_counts[review.id] = count([r.facts for r in refs])
        p.review_recommendation_counts[review.id] = count(rec_statuses)
        rec_statuses_all.extend(rec_statuses)
        p.actions.extend(refs)
        p.partnership_reviews.setdefault(review.partnership, []).append(review)
        if p.last_updated is None or review.updated.last_day() > p.last_updated.last_day():
            p.last_updated = review.updated

    for agency_id, refs in p.by_agency.items():
        p.agency_counts[agency_id] = count([r.facts for r in refs])
    for topic, recs in p.topic_recommendations.items():
        p.topic_counts[topic] = count([p.recommendation_status[(rv.id, rc.id)] for rv, rc in recs])
    for partnership, reviews in p.partnership_reviews.items():
        p.partnership_counts[partnership] = count([r.facts for rv in reviews for r in p.by_review[rv.id]])
    p.totals = count([r.facts for r in p.actions])
    p.recommendation_totals = count(rec_statuses_all)
    return p
