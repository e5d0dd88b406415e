"""Every internal link and #anchor must resolve, checked at the end of every build: a theme
override or a Markdown link that points nowhere fails the build with a clear error, before
anything is written. Theme templates that fail to render are clear errors too, not tracebacks."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from conftest import SITES, THEMES, VALID
from actionplans.build import build
from actionplans.publish.links import find_broken

REVIEW_PAGE = "output/reviews/north-dhr-001/index.html"


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def make_themed(root: Path):
    """A copy of the valid site whose north partnership uses a 'north' theme override.
    Returns (content, themes, write_override)."""
    themes = root / "themes"
    shutil.copytree(THEMES / "default", themes / "default")
    (themes / "north" / "templates").mkdir(parents=True)
    content = root / "content"
    shutil.copytree(VALID, content)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("  - id: north-csp\n", "  - id: north-csp\n    theme: north\n"),
                    encoding="utf-8")

    def override(block: str) -> None:
        (themes / "north" / "templates" / "review.html").write_text(
            '{% extends "default/review.html" %}\n{% block content %}{{ super() }}\n' + block + "\n{% endblock %}\n",
            encoding="utf-8")
    return content, themes, override


@pytest.fixture(scope="module")
def themed(tmp_path_factory):
    """Shared by the tests below; each writes its own override before building."""
    root = tmp_path_factory.mktemp("links")
    return (root, *make_themed(root))


BROKEN = ["/nowhere/", "/reviews/no-such-review/", "../no-such-page/", "no-such.html", "#no-such-anchor",
          "/reviews/south-sar-002/#no-such-anchor", "/static/css/site.css", "/static/js/missing.js"]


def test_broken_links_in_a_theme_override_fail_the_build(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content, themes, override = make_themed(tmp_path)
    out = tmp_path / "output"
    assert build(content, out, themes_dir=themes).written
    before = tree(out)
    override("".join(f'<p><a href="{link}">more</a></p>' for link in BROKEN[:-1])
             + f'<script src="{BROKEN[-1]}"></script>')
    result = build(content, out, themes_dir=themes)
    assert not result.written
    assert tree(out) == before, "a failed build must leave the previous output as it was"
    errors = [d.format() for d in result.diagnostics.errors]
    # each at the template line and column that wrote it, naming the page it would break
    line = (themes / "north" / "templates" / "review.html").read_text(encoding="utf-8").split("\n")[2]
    assert sorted(errors) == sorted(
        f"themes/north/templates/review.html:3:{line.index(link) + 1}: error: broken link: '{link}' leads to no page "
        f"or anchor (in {REVIEW_PAGE}) — a template writes this link: make it point at a page the site builds"
        for link in BROKEN), errors


def test_links_that_resolve_or_leave_the_site_are_accepted(themed):
    """The positive control: the check must not cry wolf."""
    root, content, themes, override = themed
    good = ["/reviews/south-sar-002/", "/reviews/south-sar-002/#recommendation-1", "#main-content",
            "/agencies/north-police/", "/agencies/north-police", "../../agencies/", "/reviews/?page=2", "/404.html",
            "https://example.org/nowhere/", "mailto:someone@example.org", "//cdn.example.org/x"]
    override("".join(f"<p><a href='{link}'>more</a></p>" for link in good))
    result = build(content, root / "output", themes_dir=themes, write=False)
    assert result.files and not result.diagnostics.errors, [d.format() for d in result.diagnostics.sorted()]


@pytest.mark.parametrize("template, message", [
    ('{% include "../../../etc/passwd" %}', "TemplateNotFound"),
    ("{{ no_such_variable }}", "'no_such_variable' is undefined"),
    ("{{ subject.no_such_field.deeper }}", "UndefinedError"),
    ("{% if %}", "TemplateSyntaxError"),
    ("{{ 1 / 0 }}", "division by zero"),
    ('{% include "default/no-such-template.html" %}', "TemplateNotFound"),
])
def test_a_broken_theme_template_is_a_clear_error_not_a_traceback(themed, template, message):
    root, content, themes, override = themed
    override("\n\n" + template)
    result = build(content, root / "output", themes_dir=themes, write=False)
    errors = [d.format() for d in result.diagnostics.errors]
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{themes / 'north' / 'templates' / 'review.html'}:") and message in errors[0], errors
    # the line of the mistake, whatever the kind of error (Jinja reports a missing template too)
    written = (themes / "north" / "templates" / "review.html").read_text(encoding="utf-8").split("\n")
    assert errors[0].startswith(f"{themes / 'north' / 'templates' / 'review.html'}:{written.index(template) + 1}:1:"), \
        errors


def test_a_broken_markdown_link_in_content_fails_the_build(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    review = content / "reviews" / "north-dhr-001.yaml"
    review.write_text(review.read_text(encoding="utf-8").replace(
        "text: Agencies share information about risk within 24 hours.",
        "text: Agencies share information as [review 9](/reviews/north-dhr-009/) and [below](#nowhere) said."),
        encoding="utf-8")
    result = build(content, tmp_path / "output", themes_dir=THEMES)
    assert not result.written and not (tmp_path / "output").exists()
    links = sorted({d.message.split("'")[1] for d in result.diagnostics.errors if "broken link" in d.message})
    assert links == ["#nowhere", "/reviews/north-dhr-009/"], [d.format() for d in result.diagnostics.sorted()]
    # reported at the review file's line and the link's column, not at a generated page
    text = review.read_text(encoding="utf-8").split("\n")
    row = next(i for i, t in enumerate(text) if "(/reviews/north-dhr-009/)" in t)
    where = {(d.path, d.line, d.col) for d in result.diagnostics.errors if "/reviews/north-dhr-009/" in d.message}
    assert where == {("content/reviews/north-dhr-001.yaml", row + 1, text[row].index("/reviews/north-dhr-009/") + 1)}


def test_with_a_base_path_a_link_outside_it_is_broken(tmp_path, monkeypatch):
    """Published under https://host/plans, a theme link to /reviews/ (without /plans) would 404."""
    monkeypatch.chdir(tmp_path)
    themes = tmp_path / "themes"
    shutil.copytree(THEMES / "default", themes / "default")
    (themes / "default" / "templates" / "about.html").write_text(
        (THEMES / "default" / "templates" / "about.html").read_text(encoding="utf-8").replace(
            "{% endblock %}", '<a href="/reviews/">all reviews</a>{% endblock %}', 1), encoding="utf-8")
    content = tmp_path / "content"
    shutil.copytree(VALID, content)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("base_url: https://actionplans.test.example",
                                                             "base_url: https://actionplans.test.example/plans"),
                    encoding="utf-8")
    result = build(content, tmp_path / "output", themes_dir=themes)
    errors = [d.format() for d in result.diagnostics.errors]
    assert not result.written and errors and all("'/reviews/'" in e and "output/about/index.html" in e for e in errors), \
        errors


def test_the_hostile_site_has_no_broken_links(tmp_path, monkeypatch):
    """Odd recommendation ids ("2.1-x") and payload text must not break anchors (its dangerous
    links, which check refuses, are let through to the renderer here)."""
    import actionplans.content.conform
    monkeypatch.setattr(actionplans.content.conform, "check_links", lambda *args: None)
    out = tmp_path / "output"
    result = build(SITES / "hostile" / "content", out, themes_dir=THEMES)
    # the build checks every link and anchor before writing: written means none is broken
    assert result.written, [d.format() for d in result.diagnostics.sorted()]
    assert (out / "reviews").is_dir()


@pytest.mark.parametrize("html, broken", [
    ('<a href="/x/">', ["/x/"]),
    ("<a href='/x/'>", ["/x/"]),
    ('<a  href = "/x/" >', ["/x/"]),
    ('<a href="/a/#b">', ["/a/#b"]),
    ('<a href="/a/">', []),
    ('<a href="/a/#here">', []),
    ('<a href="#here">', []),
    ('<a href="/a/index.html">', []),
    ('<a href="/a/../a/">', []),
    ('<a href="/%61/">', []),
    ('<a href="/a/?q=1#here">', []),
    ('<img src="/missing.png">', ["/missing.png"]),
])
def test_find_broken_reads_every_way_a_link_is_written(html, broken):
    files = {"index.html": f'<main><p id="here">{html}</p></main>'.encode(),
             "a/index.html": b'<h1 id="here">A</h1>'}
    assert [link for _, link in find_broken(files)] == broken


def test_a_link_is_resolved_once_but_read_from_each_page():
    """Each distinct address is resolved once per check (links.py keeps the answers): a relative
    one must still be read from its own page's folder, and an #anchor on its own page."""
    files = {"a/index.html": b'<a href="x/">x</a><a href="#top">t</a><p id="top"></p><a href="/a/x/">abs</a>',
             "b/index.html": b'<a href="x/">x</a><a href="#top">t</a><a href="/a/x/">abs</a>',
             "a/x/index.html": b"<p>here</p>"}
    assert sorted(find_broken(files)) == [("b/index.html", "#top"), ("b/index.html", "x/")]
