"""/admin/ (issue 19): Decap CMS's configuration is generated from the content format, the CMS's
files are the pinned release, the editor never reaches redaction.yaml or site.yaml, and the
site's own security headers are unchanged outside /admin/."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import shutil
from pathlib import Path

import pytest
import yaml

from actionplans.build import build, check
from actionplans.content import schema as S
from actionplans.content.validate import read_content
from actionplans.core.diagnostics import Diagnostics
from actionplans.core.vocabulary import AGENCY_KIND_LABELS, REVIEW_TYPE_LABELS, STATUS_LABELS
from actionplans.publish import admin
from actionplans.publish.headers import headers_for, headers_replacing, parse_rules
from conftest import EXAMPLE, EXAMPLE_AS_OF, THEMES, copy_site


@pytest.fixture(scope="module")
def content():
    diags = Diagnostics()
    loaded = read_content(EXAMPLE, diags, as_of=EXAMPLE_AS_OF)
    assert loaded is not None and loaded.site.admin is not None, [d.format() for d in diags.sorted()]
    return loaded


@pytest.fixture(scope="module")
def config(content):
    return yaml.safe_load(admin.config_yaml(content))


def collection(config, name):
    return next(c for c in config["collections"] if c["name"] == name)


def by_name(fields, name):
    return next(f for f in fields if f["name"] == name)


def field_names(fields) -> set[str]:
    """Every field name at every depth (lists and objects included)."""
    out = set()
    for f in fields:
        out.add(f["name"])
        out |= field_names(f.get("fields", []))
    return out


def type_keys(typ) -> set[str]:
    if isinstance(typ, S.ListOf):
        return type_keys(typ.item)
    if isinstance(typ, S.Obj):
        return set(typ.fields) | {k for f in typ.fields.values() for k in type_keys(f.type)}
    return set()


# --- the configuration, from the format ------------------------------------------------------

def test_every_key_of_a_review_is_a_field_of_the_reviews_collection(config):
    assert field_names(collection(config, "reviews")["fields"]) == type_keys(S.REVIEW)


def test_the_lists_are_edited_under_their_keys(config):
    files = {f["name"]: f for f in collection(config, "lists")["files"]}
    assert set(files) == set(S.KEYED_LISTS)
    for name, f in files.items():
        assert f["file"] == f"content/{name}.yaml"
        [listed] = f["fields"]
        assert listed["name"] == name and listed["widget"] == "list"
        assert field_names(listed["fields"]) == type_keys(S.FILES[name])


def test_a_key_added_to_the_format_appears_in_the_editor(content, monkeypatch):
    update = dataclasses.replace(S.UPDATE, fields={**S.UPDATE.fields,
                                                   "source_url": S.Field(S.Url(), False, "where it was said")})
    action = dataclasses.replace(S.ACTION, fields={**S.ACTION.fields, "updates": S.Field(S.ListOf(update))})
    rec = dataclasses.replace(S.RECOMMENDATION, fields={**S.RECOMMENDATION.fields, "actions": S.Field(S.ListOf(action))})
    monkeypatch.setattr(S, "REVIEW", dataclasses.replace(S.REVIEW, fields={**S.REVIEW.fields,
                                                                         "recommendations": S.Field(S.ListOf(rec))}))
    fields = admin.config(content)["collections"][0]["fields"]
    updates = by_name(by_name(by_name(fields, "recommendations")["fields"], "actions")["fields"], "updates")
    added = by_name(updates["fields"], "source_url")
    assert added["required"] is False and added["pattern"][0] == r"^https://\S+$"


def test_fixed_words_come_from_the_vocabulary(config, content):
    fields = collection(config, "reviews")["fields"]
    actions = by_name(by_name(fields, "recommendations")["fields"], "actions")["fields"]
    assert by_name(actions, "status")["options"] == [{"label": l, "value": v} for v, l in STATUS_LABELS.items()
                                                      if v in S.STATUSES]
    assert by_name(fields, "type")["options"] == [{"label": REVIEW_TYPE_LABELS[v], "value": v} for v in S.REVIEW_TYPES]
    agencies = by_name(collection(config, "lists")["files"][0]["fields"][0]["fields"], "kind")
    assert [o["value"] for o in agencies["options"]] == list(AGENCY_KIND_LABELS)
    partnership = by_name(fields, "partnership")
    assert [o["value"] for o in partnership["options"]] == [p.id for p in content.site.partnerships]


def test_agencies_and_topics_are_relations_to_the_keyed_lists(config):
    fields = collection(config, "reviews")["fields"]
    actions = by_name(by_name(fields, "recommendations")["fields"], "actions")["fields"]
    lead, supporting = by_name(actions, "lead"), by_name(actions, "supporting")
    assert (lead["widget"], lead["file"], lead["value_field"], lead["multiple"]) == \
        ("relation", "agencies", "agencies.*.id", False)
    assert supporting["multiple"] is True and supporting["value_field"] == "agencies.*.id"
    assert by_name(fields, "topics")["value_field"] == "topics.*.id"


@pytest.mark.parametrize("where, good, bad", [
    (("recommendations", "actions", "due"), ["2024-03", "2024-03-31", "2024", "ongoing", "tbc"],
     ["31/03/2023", "2024-3", "soon", "2024-03-31x"]),
    (("recommendations", "actions", "updates", "date"), ["2024-03-31", "2024-03"], ["ongoing", "tbc", "March"]),
])
def test_dates_are_text_with_the_formats_pattern(config, where, good, bad):
    fields = collection(config, "reviews")["fields"]
    for name in where[:-1]:
        fields = by_name(fields, name)["fields"]
    f = by_name(fields, where[-1])
    assert f["widget"] == "string"
    pattern = re.compile(f["pattern"][0])
    assert all(pattern.search(v) for v in good) and not any(pattern.search(v) for v in bad)


def test_markdown_is_plain_text_and_never_published_fields_say_so(config):
    fields = collection(config, "reviews")["fields"]
    assert by_name(fields, "summary")["widget"] == "text"     # Decap's rich-text widget would rewrite it
    assert "Never published" in by_name(fields, "people")["hint"] or "never published" in by_name(fields, "people")["hint"]


def test_saves_are_pull_requests_against_the_repository_in_site_yaml(config, content):
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["repo"] == content.site.admin.repository
    assert config["backend"]["branch"] == content.site.admin.branch


def test_the_editor_can_reach_no_file_but_reviews_and_the_three_lists(config):
    paths = [c["folder"] for c in config["collections"] if "folder" in c]
    paths += [f["file"] for c in config["collections"] for f in c.get("files", [])]
    assert sorted(paths) == ["content/agencies.yaml", "content/glossary.yaml", "content/reviews",
                             "content/topics.yaml"]
    assert config["media_folder"] not in ("", ".", "content", "content/")

    def places(node):     # every value of every key that names a file or folder, at any depth
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("folder", "file", "media_folder", "public_folder", "path"):
                    yield v
                yield from places(v)
        elif isinstance(node, list):
            for v in node:
                yield from places(v)
    named = list(places(config))
    assert named and not any("redaction" in str(p) or "site.yaml" in str(p) for p in named)


# --- the build -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The valid fixture site built twice: without admin:, and with it."""
    base = tmp_path_factory.mktemp("admin")
    outs = {}
    for on in (False, True):
        content = copy_site(base / str(on))
        if on:
            with open(content / "site.yaml", "a", encoding="utf-8") as fh:
                fh.write("admin:\n  repository: example-org/plans\n")
        out = base / f"out-{on}"
        result = build(content, out, themes_dir=THEMES)
        assert result.written, [d.format() for d in result.diagnostics.sorted()]
        outs[on] = out
    return outs


def test_admin_is_published_only_when_switched_on(built):
    assert not (built[False] / "admin").exists()
    pinned = admin.pinned_files()
    for name, digest in pinned.items():
        assert hashlib.sha256((built[True] / "admin" / name).read_bytes()).hexdigest() == digest
    html = (built[True] / "admin" / "index.html").read_text()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert '<script src="decap-cms.js"></script>' in html
    assert yaml.safe_load((built[True] / "admin" / "config.yml").read_text())["backend"]["repo"] == "example-org/plans"


def test_admin_is_out_of_the_sitemap_and_the_search_index(built):
    assert "/admin" not in (built[True] / "sitemap.xml").read_text()
    from actionplans.publish.search import indexed
    assert not indexed("admin/index.html") and indexed("reviews/index.html")
    entry = (built[True] / "pagefind" / "pagefind-entry.json").read_text()
    page_count = lambda out: sum(1 for p in out.rglob("*.html") if indexed(str(p.relative_to(out))))
    assert page_count(built[True]) == page_count(built[False])
    assert entry == (built[False] / "pagefind" / "pagefind-entry.json").read_text()


def test_headers_outside_admin_are_unchanged(built):
    before = parse_rules((built[False] / "_headers").read_text())
    after = parse_rules((built[True] / "_headers").read_text())
    paths = ["/", "/index.html", "/reviews/", "/search/", "/embed/reviews/x/", "/static/x.css", "/data/reviews.json",
             "/404.html", "/embed.js"]
    paths += ["/" + str(p.relative_to(built[False])).replace("index.html", "")
              for p in built[False].rglob("index.html")][:40]
    for path in paths:
        # a host that replaces: byte-identical; one that joins: the page's own strict policy is
        # still there, so what the browser enforces (every policy given) is unchanged
        assert headers_replacing(after, path) == headers_replacing(before, path), path
        strict = [v for k, v in headers_for(before, path) if k == "Content-Security-Policy"][-1]
        assert strict in [v for k, v in headers_for(after, path) if k == "Content-Security-Policy"], path


def test_admin_alone_gets_the_editors_policy(built):
    rules = parse_rules((built[True] / "_headers").read_text())
    got = headers_replacing(rules, "/admin/")
    assert "'unsafe-eval'" in got["Content-Security-Policy"] and "https://api.github.com" in got["Content-Security-Policy"]
    assert got["X-Robots-Tag"] == "noindex, nofollow" and got["X-Frame-Options"] == "DENY"
    assert got["Cross-Origin-Opener-Policy"] == "same-origin-allow-popups"     # the OAuth login popup
    for path in ("/", "/reviews/", "/search/"):
        assert "'unsafe-eval'" not in headers_replacing(rules, path)["Content-Security-Policy"]


def test_a_missing_bundle_is_a_warning_and_an_altered_one_an_error_naming_the_install_command(tmp_path, monkeypatch):
    content = copy_site(tmp_path)
    with open(content / "site.yaml", "a", encoding="utf-8") as fh:
        fh.write("admin:\n  repository: example-org/plans\n")
    monkeypatch.setenv("ACTIONPLANS_DECAP_DIR", str(tmp_path / "nowhere"))
    # not installed (a first build on a laptop): built without /admin/, with a warning --strict refuses
    result = check(content, themes_dir=THEMES)
    assert not result.diagnostics.errors and result.failed(strict=True) and not result.failed()
    [warn] = result.diagnostics.warnings
    assert warn.path.endswith("site.yaml") and warn.line == len((content / "site.yaml").read_text().splitlines()) - 1
    assert "install-editor" in warn.format() and "decap-cms@" + admin.VERSION in warn.format()
    assert "without /admin/" in warn.message
    # the real release with one byte changed
    monkeypatch.delenv("ACTIONPLANS_DECAP_DIR")
    source = next(d for d in admin.bundle_dirs(content) if (d / "decap-cms.js").is_file())
    altered = tmp_path / "altered"
    shutil.copytree(source, altered)
    (altered / "decap-cms.js").write_bytes((altered / "decap-cms.js").read_bytes() + b"\n")
    monkeypatch.setenv("ACTIONPLANS_DECAP_DIR", str(altered))
    result = check(content, themes_dir=THEMES)
    assert any("is not the file decap-cms" in d.message for d in result.diagnostics.errors)


def test_admin_needs_an_owner_and_a_name(tmp_path):
    content = copy_site(tmp_path)
    with open(content / "site.yaml", "a", encoding="utf-8") as fh:
        fh.write("admin:\n  repository: just-a-name\n  backend: bitbucket\n")
    result = check(content, themes_dir=THEMES)
    messages = " ".join(d.message for d in result.diagnostics.errors)
    assert "'repository' cannot be 'just-a-name'" in messages and "'backend'" in messages


# --- lists kept under a key ------------------------------------------------------------------

@pytest.mark.parametrize("name", S.KEYED_LISTS)
def test_a_list_may_be_bare_or_under_its_files_key(tmp_path, name):
    content = copy_site(tmp_path)
    path = content / f"{name}.yaml"
    bare = yaml.safe_load(path.read_text())
    diags = Diagnostics()
    before = read_content(content, diags)
    path.write_text(yaml.safe_dump({name: bare}, sort_keys=False))
    after = read_content(content, Diagnostics())
    assert getattr(after, name) == getattr(before, name) and getattr(after, name)
    path.write_text(yaml.safe_dump({"items": bare}, sort_keys=False))
    diags = Diagnostics()
    read_content(content, diags)
    assert any("should be a list" in d.message for d in diags.errors)
