import datetime as dt

from actionplans.core.dates import PartialDate
from actionplans.core.model import Action, Review, Recommendation
from actionplans.content.progress import NO_UPDATE, action_facts, roll_up


def review(updated="2024-01-01"):
    y, m, d = map(int, updated.split("-"))
    return Review("r", "dhr", "R", "p", PartialDate(y, m, d), ())


def test_overdue_only_when_open_and_past_due():
    as_of = dt.date(2024, 6, 30)
    past = PartialDate(2024, 5)
    assert action_facts(Action(1, "x", "a", due=past, status="in-progress"), review(), as_of, 6).overdue
    assert not action_facts(Action(1, "x", "a", due=past, status="complete"), review(), as_of, 6).overdue
    assert not action_facts(Action(1, "x", "a", due="ongoing"), review(), as_of, 6).overdue
    # a month means its last day: June 2024 is not overdue on 30 June 2024
    assert not action_facts(Action(1, "x", "a", due=PartialDate(2024, 6)), review(), as_of, 6).overdue
    assert action_facts(Action(1, "x", "a", due=PartialDate(2024, 6, 29)), review(), as_of, 6).overdue


def test_no_recent_update_counts_from_the_latest_update():
    from actionplans.core.model import Update
    as_of = dt.date(2024, 6, 30)
    old = Action(1, "x", "a", status="in-progress", updates=(Update(PartialDate(2023, 12, 1), "u"),))
    fresh = Action(1, "x", "a", status="in-progress", updates=(Update(PartialDate(2024, 1, 1), "u"),))
    assert action_facts(old, review("2023-01-01"), as_of, 6).stale
    assert not action_facts(fresh, review("2023-01-01"), as_of, 6).stale
    # no updates: counted from when the plan was last updated
    assert action_facts(Action(1, "x", "a"), review("2023-12-01"), as_of, 6).stale
    assert not action_facts(Action(1, "x", "a", status="complete"), review("2020-01-01"), as_of, 6).stale


def test_roll_up():
    assert roll_up(["complete", "complete"]) == "complete"
    assert roll_up(["complete", "complete-ongoing"]) == "complete-ongoing"
    assert roll_up(["complete", "not-achieved"]) == "not-achieved"
    assert roll_up(["not-started", NO_UPDATE]) == "not-started"
    assert roll_up(["complete", "not-started"]) == "in-progress"
    assert roll_up([NO_UPDATE, NO_UPDATE]) == NO_UPDATE
    assert roll_up([]) == NO_UPDATE
    assert roll_up(["complete", NO_UPDATE]) == "in-progress"


def test_counts_include_predecessors(valid_output):
    from conftest import VALID
    from actionplans.build import prepare
    result = prepare(VALID)
    p = result.progress
    icb = [r.action.lead for r in p.by_agency["north-icb"]]
    assert sorted(icb) == ["north-ccg", "north-icb"]
    assert p.agency_counts["north-icb"].total == 2
    assert p.agency_counts["north-ccg"].total == 1
    assert p.review_counts["north-dhr-001"].total == 5
    assert p.review_counts["north-dhr-001"].overdue == 2      # routine enquiry (June 2023) and the board report
    assert p.recommendation_status[("north-dhr-001", "1")] == "in-progress"
    assert p.recommendation_status[("south-sar-002", "1")] == "complete-ongoing"
    assert p.partnership_counts["south-csp"].total == 1
    assert [r.id for r, _ in p.topic_recommendations["risk-assessment"]] == ["north-dhr-001"]
