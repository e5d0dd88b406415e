"""The national view's parts (actionplans/national/): the SOURCES file, fetching with limits,
the schema check, the guard over incoming text, national bodies and categories, repeated
lessons (thresholds on the example content and on plans written for the tests), and the
local open data's new text columns. The whole command, against local servers, is in
test_national_e2e.py."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from actionplans.core.diagnostics import Diagnostics
from actionplans.core.vocabulary import STATUS_ORDER
from actionplans.national import guard, lessons, model
from actionplans.national.settings import settings
from actionplans.national.sources import Limits, Source, SourceError, fetch_bytes, fetch_source, read_sources, \
    schema_problems

LESSONS = Path(__file__).parent / "data" / "national" / "lessons.yaml"
AS_OF = dt.date(2026, 12, 7)


@pytest.fixture(scope="module")
def example_data(example_output) -> dict:
    return json.loads((example_output / "data" / "reviews.json").read_text("utf-8"))


# ------------------------------------------------------------------ SOURCES and fetching

def test_sources_file_lines_comments_and_problems(tmp_path):
    f = tmp_path / "sources.txt"
    f.write_text("# partnerships\n\nhttps://plans.example.gov.uk/\n  built/site  \nhttp://plans.example.org\n"
                 "ftp://x.example\nhttps://plans.example.gov.uk\nhttp://127.0.0.1:8000/\n", "utf-8")
    diags = Diagnostics()
    found = read_sources(f, "sources.txt", diags)
    assert [(s.line, s.location) for s in found] == [
        (3, "https://plans.example.gov.uk"), (4, str(tmp_path / "built" / "site")), (5, "http://plans.example.org"),
        (6, "ftp://x.example"), (8, "http://127.0.0.1:8000")]
    assert "not https" in found[2].problem and "https://plans.example.org" in found[2].problem
    assert "not a web address" in found[3].problem
    assert not found[0].problem and not found[1].problem and not found[4].problem
    assert [d.format() for d in diags.items] == [
        "sources.txt:7:1: warning: 'https://plans.example.gov.uk' is listed twice (first on line 3) — remove this line"]
    with pytest.raises(SourceError, match="not https"):
        fetch_source(found[2], Limits(1, 100, 0))


def test_an_empty_sources_file_is_an_error(tmp_path):
    f = tmp_path / "sources.txt"
    f.write_text("# nothing yet\n", "utf-8")
    diags = Diagnostics()
    assert read_sources(f, "sources.txt", diags) == []
    assert diags.errors and diags.errors[0].line == 1


class _Server:
    """A local server whose answers a test scripts: each request takes the next answer."""

    def __init__(self, answers):
        self.answers, self.requests = list(answers), 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
                outer.requests += 1
                status, body, delay = outer.answers.pop(0) if len(outer.answers) > 1 else outer.answers[0]
                time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/data/reviews.json"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve():
    made = []

    def make(*answers):
        s = _Server(answers)
        made.append(s)
        return s
    yield make
    for s in made:
        s.close()


def test_a_server_error_is_retried_then_succeeds(serve):
    s = serve((500, b"oops", 0), (200, b"{}", 0))
    assert fetch_bytes(s.url, Limits(2, 1000, 2, backoff=0.01)) == b"{}"
    assert s.requests == 2


def test_not_found_is_not_retried(serve):
    s = serve((404, b"no", 0))
    with pytest.raises(SourceError, match="answered 404"):
        fetch_bytes(s.url, Limits(2, 1000, 3, backoff=0.01))
    assert s.requests == 1


def test_a_slow_server_times_out_after_each_try(serve):
    s = serve((200, b"{}", 1.5))
    started = time.monotonic()
    with pytest.raises(SourceError, match=r"did not answer within 0.3 s \(2 tries\)"):
        fetch_bytes(s.url, Limits(0.3, 1000, 1, backoff=0.01))
    assert time.monotonic() - started < 1.5
    assert s.requests == 2


def test_a_file_over_the_size_limit_is_refused(serve):
    s = serve((200, b"x" * 5000, 0))
    with pytest.raises(SourceError, match="over the limit of 1,000"):
        fetch_bytes(s.url, Limits(2, 1000, 0))


def test_a_folder_without_a_built_site_is_reported(tmp_path):
    with pytest.raises(SourceError, match="is missing: is this the folder of a built site"):
        fetch_source(Source(1, "x", str(tmp_path)), Limits(1, 1000, 0))


def test_data_not_matching_the_schema_is_refused_at_its_place(example_data, tmp_path):
    assert schema_problems(example_data) == []
    bad = copy.deepcopy(example_data)
    del bad["reviews"][1]["recommendations"][0]["url"]
    problems = schema_problems(bad)
    assert problems and problems[0].startswith("at reviews/1/recommendations/0:") and "'url'" in problems[0]
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "reviews.json").write_text(json.dumps(bad), "utf-8")
    with pytest.raises(SourceError, match="does not match the open-data schema: at reviews/1"):
        fetch_source(Source(1, "x", str(tmp_path)), Limits(1, 10**8, 0))


# ------------------------------------------------------------------ the guard

def test_the_example_sites_published_data_passes_the_guard(example_data):
    """No false alarm on real plans: the site's glossary and allowed words, now in its open
    data, explain every acronym the name detector would otherwise take for initials."""
    assert guard.refusals(example_data, settings()) == []
    bare = dict(example_data, glossary=[], not_names=[])
    assert guard.refusals(bare, settings()), "without the glossary, initials are found: the guard reads it"


@pytest.mark.parametrize("planted, rule", [
    ("Call her back on 07700 900123 tomorrow.", "phone"),
    ("DS Holloway met the family in March.", "name:title"),
    ("Karen Marsh chaired the meeting.", "name:first-last"),
    ("Write to j.smith@example.org for the minutes.", "email"),
])
def test_a_planted_personal_detail_is_refused_naming_the_record(example_data, planted, rule):
    data = copy.deepcopy(example_data)
    review = data["reviews"][2]
    rec = review["recommendations"][3]
    action = rec["actions"][0]
    action.setdefault("updates", []).append({"date": "2026-01-05", "text": planted})
    found = guard.refusals(data, settings())
    assert found, planted
    n = len(action["updates"])
    assert {(f.record, f.field) for f in found} == {
        (f"review {review['id']}, recommendation {rec['id']}, action {action['number']}, update {n} (2026-01-05)", "text")}
    assert any(f.rule == rule for f in found)


def test_the_national_helplines_are_not_personal_details(example_data):
    data = copy.deepcopy(example_data)
    data["reviews"][0]["summary"] = "Support: the National Domestic Abuse Helpline, 0808 2000 247."
    assert guard.refusals(data, settings()) == []


# ------------------------------------------------------------------ bodies, categories, model

def test_national_bodies_are_matched_by_id_or_any_name():
    s = settings()
    assert s.body_for("home-office").id == "home-office"
    assert s.body_for("dhsc-local-id", "Department of Health").id == "department-of-health-and-social-care"
    assert s.body_for("x", "The Department for Education").id == "department-for-education"
    assert s.body_for("x", "Something", "NPCC").id == "national-police-chiefs-council"
    assert s.body_for("somerset-council", "Somerset Council") is None


def test_every_status_falls_in_exactly_one_of_the_commissioners_categories():
    s = settings()
    assert [c.label for c in s.categories] == ["Fully implemented", "Deemed to be happening already", "Partly met",
                                               "Not met", "Missing (no evidence either way)"]
    for status in STATUS_ORDER:
        assert sum(status in c.statuses for c in s.categories) == 1, status
    assert s.category_of("complete").id == "fully-implemented"
    assert s.category_of("no-update").id == "missing"


def test_national_recommendations_come_from_scope_and_from_the_lead(example_data):
    nation = model.join([("one", example_data)], settings(), AS_OF)
    national = nation.national
    by_scope = [r for r in national if r.scope == "national"]
    by_lead = [r for r in national if r.bodies]
    assert by_scope and by_lead
    assert all(r.scope == "national" or r.bodies for r in national)
    assert {b.id for b, _ in nation.bodies} >= {"home-office"}
    # a national body is one entry however many sources name it
    twice = model.join([("one", example_data), ("two", example_data)], settings(), AS_OF)
    assert [b.id for b, _ in twice.bodies] == [b.id for b, _ in nation.bodies]
    assert len(twice.reviews) == 2 * len(nation.reviews)
    assert len({r.key for r in twice.reviews}) == len(twice.reviews)


@pytest.mark.parametrize("published, shown", [("2019-05", "7 years"), ("2026", "5 months"), ("2026-11-30", "Under a month"),
                                              ("2025-01-15", "22 months"), (None, "Not known")])
def test_age_in_words(published, shown):
    assert model.age(published, AS_OF) == shown


# ------------------------------------------------------------------ repeated lessons

def _labelled() -> tuple[list[str], list[str]]:
    data = yaml.safe_load(LESSONS.read_text("utf-8"))
    texts, labels = [], []
    for label, said in data["lessons"].items():
        texts += said
        labels += [label] * len(said)
    for i, text in enumerate(data["distractors"]):
        texts.append(text)
        labels.append(f"distractor-{i}")
    return texts, labels


def _grouped(texts: list[str], threshold: float, example_data: dict) -> list[int | None]:
    """The lesson each text falls in (None: none), each text the one recommendation of a review
    of its own, beside the example content's reviews (so that word weights are those of real
    plans), grouped as a national build groups them."""
    data = copy.deepcopy(example_data)
    template = data["reviews"][0]
    own = []
    for i, text in enumerate(texts):
        rec = dict(template["recommendations"][0], id="1", text=text)
        own.append(dict(template, id=f"written-{i}", recommendations=[rec]))
    data["reviews"] = own + data["reviews"]
    nation = model.join([("one", data)], settings(), AS_OF)
    found = lessons.group(nation.recommendations, threshold)
    where = {r.review.id: n for n, lesson in enumerate(found) for r in lesson.occurrences}
    return [where.get(f"written-{i}") for i in range(len(texts))]


def _pairs(group: list[int | None]) -> set[tuple[int, int]]:
    return {(i, j) for i, j in itertools.combinations(range(len(group)), 2)
            if group[i] is not None and group[i] == group[j]}


def test_threshold_on_plans_written_for_the_test(example_data):
    """Pairwise precision and recall of the grouping on the labelled plans."""
    texts, labels = _labelled()
    same = {(i, j) for i, j in itertools.combinations(range(len(texts)), 2) if labels[i] == labels[j]}
    joined = _pairs(_grouped(texts, settings().threshold, example_data))
    right = joined & same
    recall, precision = len(right) / len(same), len(right) / len(joined)
    assert recall >= 0.9, (recall, [(texts[i][:40], texts[j][:40]) for i, j in sorted(same - joined)])
    assert precision >= 0.65, (precision, [(texts[i][:40], texts[j][:40]) for i, j in sorted(joined - same)])
    # and the setting matters: far lower joins unrelated plans, far higher misses paraphrases
    low = _pairs(_grouped(texts, 0.1, example_data))
    high = _pairs(_grouped(texts, 0.6, example_data))
    assert len(low - same) > len(joined - same) + 5
    assert len(high & same) < len(right)


def test_on_the_example_content_only_like_recommendations_are_joined(example_data):
    """The example's four reviews make 108 recommendations; the groups found across them were
    read one by one: each says the same thing."""
    nation = model.join([("one", example_data)], settings(), AS_OF)
    nation.lessons = lessons.group(nation.recommendations, settings().threshold)
    found = sorted(tuple(sorted(f"{r.review.id}#{r.id}" for r in l.occurrences)) for l in nation.lessons)
    assert found == EXAMPLE_GROUPS, found


# Read one by one: each group says one thing (information sharing — the Welsh example's first
# recommendation, sharing risk information, too; DASH risk assessments completed whenever abuse
# is disclosed; staff awareness of domestic abuse).
EXAMPLE_GROUPS = [("example-valleys-dhr-2021#1", "somerset-dhr-022#25", "somerset-dhr-022#30", "somerset-dhr-024#2"),
                  ("somerset-dhr-022#22", "west-oxfordshire-dhr-2019#OH-1"),
                  ("somerset-dhr-022#3", "somerset-dhr-022#34", "somerset-dhr-024#5")]


def test_two_copies_of_a_plan_repeat_every_recommendation_and_one_review_alone_is_no_lesson(example_data):
    other = copy.deepcopy(example_data)
    for p in other["partnerships"]:
        p["name"] = "Another " + p["name"]
    nation = model.join([("one", example_data), ("two", other)], settings(), AS_OF)
    nation.lessons = lessons.group(nation.recommendations, settings().threshold)
    assert all(len({r.review.key for r in l.occurrences}) >= 2 for l in nation.lessons)
    repeated = {r.key for l in nation.lessons for r in l.occurrences}
    assert repeated == {r.key for r in nation.recommendations if r.plain.strip()}
    alone = lessons.group([r for r in nation.recommendations if r.review.key == nation.reviews[0].key], 0.0)
    assert alone == [], "one review's recommendations, however alike, are no repeated lesson"
    top = nation.lessons[0]
    assert top.summary() == f"Recommended {top.times} times since {top.since} in {top.partnerships} partnerships"
    assert top.partnerships >= 2


# ------------------------------------------------------------------ the local open data (item 5)

def test_each_partnerships_csv_has_the_full_text(example_output, example_data):
    rows = list(csv.DictReader(io.StringIO((example_output / "data" / "actions.csv").read_text("utf-8"))))
    texts = {(r["id"], rec["id"]): rec for r in example_data["reviews"] for rec in r["recommendations"]}
    assert rows and all(r["recommendation_text"] for r in rows)
    for row in rows:
        rec = texts[(row["review"], row["recommendation"].lstrip("'"))]
        assert row["recommendation_text"].lstrip("'") == rec["text"]
        if row["action"]:
            action = rec["actions"][int(row["action"]) - 1]
            assert row["action_text"].lstrip("'") == action["action"]
        else:
            assert row["action_text"] == "" and not rec.get("actions")


# ------------------------------------------------------------------ the build in-process

def test_the_output_guard_stops_a_detail_that_came_from_elsewhere(example_output, tmp_path):
    """Sources are guarded on the way in; the pages are guarded again on the way out, so a
    detail from anywhere else (here the --title) is caught and nothing is written."""
    from actionplans.national.build import NationalOptions, build_national
    from conftest import THEMES
    (tmp_path / "sources.txt").write_text(f"{example_output}\n")
    good = build_national(NationalOptions(tmp_path / "sources.txt", tmp_path / "out", THEMES, AS_OF))
    assert good.written and not good.diagnostics.items
    bad = build_national(NationalOptions(tmp_path / "sources.txt", tmp_path / "out2", THEMES, AS_OF,
                                         title="Plans – questions to 07700 900123"))
    assert not bad.written and not (tmp_path / "out2").exists()
    assert any("phone" in d.message and d.path.endswith("index.html") for d in bad.diagnostics.errors)


def test_long_lists_are_split_into_pages_whose_links_all_resolve(example_output, tmp_path, monkeypatch):
    from actionplans.national import pages
    from actionplans.national.build import NationalOptions, build_national
    from conftest import THEMES
    monkeypatch.setattr(pages, "PER_PAGE", 2)
    monkeypatch.setattr(pages, "LESSONS_PER_PAGE", 1)
    (tmp_path / "sources.txt").write_text(f"{example_output}\n")
    result = build_national(NationalOptions(tmp_path / "sources.txt", tmp_path / "out", THEMES, AS_OF))
    assert result.written and not result.diagnostics.items      # the link check found every page link
    files = result.files
    assert "national-recommendations/hm-prison-and-probation-service/page/2/index.html" in files
    assert "repeated-lessons/page/3/index.html" in files and "repeated-lessons/page/4/index.html" not in files
    second = files["repeated-lessons/page/2/index.html"].decode()
    assert "Repeated lessons – page 2 of 3" in second and 'aria-current="page"><span class="ap-visually-hidden">Page </span>2' in second
    assert 'href="/repeated-lessons/"' in second and 'href="/repeated-lessons/page/3/" rel="next"' in second
