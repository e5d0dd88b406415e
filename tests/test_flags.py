"""Flags come from dated facts: the review's `updated:` stamp changes none of them."""

from __future__ import annotations

import re
import shutil

from conftest import EXAMPLE, EXAMPLE_AS_OF
from actionplans.build import prepare


def _flags(content_dir):
    result = prepare(content_dir, as_of=EXAMPLE_AS_OF)
    assert result.progress is not None, [d.format() for d in result.diagnostics.errors]
    return {key: (f.overdue, f.stale, f.last_activity) for key, f in result.progress.action_facts.items()}


def test_changing_only_updated_changes_no_flag(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    before = _flags(content)
    assert sum(stale for _, stale, _ in before.values()) > 0, "the example has actions with no recent update"
    for path in (content / "reviews").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        new, n = re.subn(r"(?m)^updated: .*$", f"updated: {EXAMPLE_AS_OF.isoformat()}", text)
        assert n == 1
        path.write_text(new, encoding="utf-8")
    assert _flags(content) == before


def test_a_dated_update_clears_no_recent_update(tmp_path):
    from actionplans.core.dates import PartialDate
    from actionplans.core.model import Action, Review
    from actionplans.content.progress import action_facts
    import datetime as dt
    review = Review("r", "dhr", "R", "p", PartialDate(2026, 11, 1), (), published=PartialDate(2020, 1))
    action = Action(1, "x", "a", status="in-progress")
    as_of = dt.date(2026, 11, 21)
    assert action_facts(action, review, as_of, 6).stale          # only the stamp is recent
    assert action_facts(action, review, as_of, 6).last_activity is None
    from actionplans.core.model import Update
    dated = Action(1, "x", "a", status="in-progress", updates=(Update(PartialDate(2026, 10, 1), "done"),))
    facts = action_facts(dated, review, as_of, 6)
    assert not facts.stale and facts.last_activity == PartialDate(2026, 10, 1)
    recent = Review("r", "dhr", "R", "p", PartialDate(2026, 11, 1), (), published=PartialDate(2026, 9))
    assert not action_facts(action, recent, as_of, 6).stale     # published recently: not stale yet
