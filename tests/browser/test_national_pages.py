"""The national view's pages (actionplans national) in Chromium and the Nu Html Checker: every
page type passes axe-core (WCAG 2.0–2.2 A and AA) at 1280 px and 320 px, with no sideways
scrolling, clipping or small targets, and every page is valid HTML. Built from two copies of
the example site's open data (one renamed) and a missing source, so the "missing" notice and
repeated lessons are on the pages."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from conftest import THEMES

from .conftest import SiteServer
from .test_axe import axe_source, problems_at_every_width
from .test_html_valid import run_checker, vnu  # noqa: F401 (a fixture)

PAGES = ["/", "/reviews/", "/reviews/domestic-homicide-review-action-plans-safer-somerset/",
         "/national-recommendations/", "/national-recommendations/home-office/", "/repeated-lessons/",
         "/repeated-lessons/lesson-1/",
         "/agencies/", "/topics/", "/topics/risk-assessment/", "/sources/", "/data/", "/accessibility/"]


@pytest.fixture(scope="module")
def national_site(example_output, tmp_path_factory) -> Path:
    from actionplans.national.build import NationalOptions, build_national
    tmp = tmp_path_factory.mktemp("national-browser")
    other = tmp / "other"
    shutil.copytree(example_output / "data", other / "data")
    data = json.loads((other / "data" / "reviews.json").read_text("utf-8"))
    data["site"] = "Another partnership's action plans"
    for p in data["partnerships"]:
        p["name"] = "Greater " + p["name"]
    (other / "data" / "reviews.json").write_text(json.dumps(data), "utf-8")
    (tmp / "sources.txt").write_text(f"{example_output}\nother\nmissing-folder\n")
    result = build_national(NationalOptions(tmp / "sources.txt", tmp / "out", THEMES, dt.date(2026, 12, 7)))
    assert result.written, [d.format() for d in result.diagnostics.sorted()]
    return tmp / "out"


@pytest.fixture(scope="module")
def national_server(national_site, chromium_path):
    s = SiteServer(national_site)
    yield s
    s.close()


@pytest.mark.parametrize("path", PAGES)
def test_national_page_type_passes_axe_reflow_and_target_size(browser, national_server, path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        response = page.goto(national_server.url(path))
        assert response is not None and response.status == 200
        page.evaluate(axe_source())
        found = problems_at_every_width(page)
        assert not found, f"{path}:\n" + "\n".join(found)
    finally:
        context.close()


def test_every_national_page_is_valid_html(vnu, national_site, tmp_path):  # noqa: F811
    planted = tmp_path / "planted"
    planted.mkdir()
    (planted / "bad.html").write_text("<!DOCTYPE html><html lang='en'><title>x</title><p id=a>1<p id=a>2</div>")
    errors = run_checker(vnu, [national_site, planted])
    assert any(str(planted) in m.get("url", "") for m in errors), "the checker ran and can fail"
    ours = [m for m in errors if str(planted) not in m.get("url", "")]
    assert len(list(national_site.rglob("*.html"))) >= len(PAGES)
    assert not ours, "\n".join(f"{m.get('url', '').split('/out/')[-1]}:{m.get('lastLine')}: {m['message']}"
                               for m in ours[:25])
