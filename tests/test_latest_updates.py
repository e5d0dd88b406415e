"""The site-wide timeline and feed hold the latest updates only; each review keeps all of its own."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from conftest import VALID
from actionplans.build import build, prepare
from actionplans.content.progress import LATEST_UPDATES, update_items
from actionplans.core.dates import parse_date
from actionplans.core.model import Update
from actionplans.content.progress import derive


def _with_updates(n: int):
    content = prepare(VALID, as_of=dt.date(2026, 11, 21)).content
    review = content.reviews[0]
    rec = review.recommendations[0]
    updates = tuple(Update(parse_date(f"20{20 + i % 6}-{1 + i % 12:02d}-{1 + i % 28:02d}"), f"Update {i}")
                    for i in range(n))
    action = dataclasses.replace(rec.actions[0], updates=updates)
    rec = dataclasses.replace(rec, actions=(action, *rec.actions[1:]))
    review = dataclasses.replace(review, recommendations=(rec, *review.recommendations[1:]))
    return dataclasses.replace(content, reviews=(review, *content.reviews[1:])), review.id


def test_the_site_wide_list_is_the_latest_newest_first_and_a_review_keeps_all():
    content, review_id = _with_updates(LATEST_UPDATES + 50)
    progress = derive(content)
    latest = update_items(progress, limit=LATEST_UPDATES)
    everything = sorted((it for items in progress.review_updates.values() for it in items),
                        key=lambda it: (it["date"].last_day(), it["ref"].review.id, it["ref"].recommendation.id,
                                        it["ref"].action.number, it["index"]), reverse=True)
    assert len(everything) > LATEST_UPDATES + 50 - 1
    assert latest == everything[:LATEST_UPDATES]
    assert len(update_items(progress, review_id)) >= LATEST_UPDATES + 50


def test_a_small_site_lists_every_update(tmp_path):
    result = build(VALID, tmp_path / "out", as_of=dt.date(2026, 11, 21))
    assert result.written
    page = (tmp_path / "out" / "updates" / "index.html").read_text()
    feed = (tmp_path / "out" / "updates.xml").read_text()
    total = sum(len(a.updates) for r in result.content.reviews for rec in r.recommendations for a in rec.actions)
    assert 0 < total < LATEST_UPDATES
    assert page.count('class="ap-timeline__item"') == total
    assert feed.count("<entry>") == total
    assert "most recent" not in page
    assert re.search(r"newest first", page)
