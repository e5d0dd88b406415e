"""The example site builds end to end, with a page for each review and every agency, and the
pages have the structure a reader relies on."""

from __future__ import annotations

from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from conftest import EXAMPLE


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def example_ids(name: str) -> list[str]:
    if name == "reviews":
        return sorted(p.stem for p in (EXAMPLE / "reviews").glob("*.yaml"))
    listed = yaml.safe_load((EXAMPLE / f"{name}.yaml").read_text())
    listed = listed[name] if isinstance(listed, dict) else listed     # kept under its key, or bare
    return [item["id"] for item in listed]


def test_a_page_per_review_agency_and_topic(example_output):
    reviews = example_ids("reviews")
    assert len(reviews) == 5      # four English, one bilingual (Welsh pages too: test_welsh_pages.py)
    for rid in reviews:
        assert (example_output / "reviews" / rid / "index.html").is_file()
    for aid in example_ids("agencies"):
        assert (example_output / "agencies" / aid / "index.html").is_file()
    for tid in example_ids("topics"):
        assert (example_output / "topics" / tid / "index.html").is_file()
    for page in ["index.html", "reviews/index.html", "agencies/index.html", "topics/index.html",
                 "glossary/index.html", "accessibility/index.html", "about/index.html", "404.html"]:
        assert (example_output / page).is_file(), page


def test_every_page_has_one_h1_landmarks_and_a_skip_link(example_output):
    pages = sorted(p for p in example_output.rglob("*.html") if not {"embed", "admin"} & set(p.relative_to(example_output).parts))
    assert len(pages) > 60
    for path in pages:
        s = soup(path)
        assert len(s.find_all("h1")) == 1, path
        main = s.find("main", id="main-content")
        assert main is not None, path
        assert s.find("a", class_="ap-skip-link")["href"] == "#main-content"
        assert s.find("header") and s.find("footer") and s.find("nav", attrs={"aria-label": ("Main", "Prif ddewislen")})
        assert s.html["lang"] == ("cy" if path.relative_to(example_output).parts[0] == "cy" else "en-GB")
        exit_link = s.select_one(".ap-exit a.ap-exit__button")
        assert exit_link["href"] == "https://www.bbc.co.uk/weather"


def test_review_page_lists_every_recommendation_and_action(example_output):
    source = yaml.safe_load((EXAMPLE / "reviews" / "somerset-dhr-022.yaml").read_text())
    s = soup(example_output / "reviews" / "somerset-dhr-022" / "index.html")
    for rec in source["recommendations"]:
        section = s.find(id=f"recommendation-{rec['id']}")
        assert section is not None, rec["id"]
        assert section.find("h2").get_text(strip=True) == f"Recommendation {rec['id']}"
        cards = section.find_all("article", class_="ap-action")
        assert len(cards) == len(rec.get("actions", []))
        for card in cards:
            assert card.select_one(".ap-tag").get_text(strip=True)   # status always in words
    assert "Last updated" in s.find(class_="ap-updated").get_text()


def test_no_pseudonym_reaches_a_page(example_output):
    names = []
    for path in (EXAMPLE / "reviews").glob("*.yaml"):
        names += [p["name"] for p in yaml.safe_load(path.read_text()).get("people") or []]
    assert names, "the example declares its pseudonyms"
    import re
    for path in example_output.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".xml"):
            text = path.read_text(encoding="utf-8")
            for name in names:
                assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text), (name, path)


def test_schemas_are_published(example_output):
    import json
    for name in ["review", "site", "agencies", "topics", "glossary", "redaction"]:
        data = json.loads((example_output / "data" / "schema" / f"{name}.schema.json").read_text())
        assert data["$schema"].startswith("https://json-schema.org/")


def test_embed_pages_have_no_chrome_keep_exit_and_open_links_on_top(example_output):
    for path in sorted((example_output / "embed").rglob("*.html")):
        s = soup(path)
        assert s.find("base")["target"] == "_top"
        assert s.select_one(".ap-exit__button")["href"] == "https://www.bbc.co.uk/weather"
        # no site chrome: the only navigation is a long list's own (its groups, its pages)
        assert s.find("header") is None
        assert all(set(nav["class"]) & {"ap-groups", "ap-pagination"} for nav in s.find_all("nav"))
        for a in s.find_all("a", target="_self"):      # stays in the frame: only to the embed's own pages
            assert a.find_parent("nav") and a["href"].startswith("/embed/"), a
        assert not s.find("h1") and s.find("h2")
        assert s.html.has_attr("data-embed")
    assert (example_output / "embed" / "reviews" / "somerset-dhr-022" / "index.html").is_file()


def test_generated_headers_allow_framing_only_embeds(example_output):
    text = (example_output / "_headers").read_text()
    rules = {}
    current = None
    for line in text.splitlines():
        if line and not line.startswith(" "):
            current = line
            rules[current] = []
        elif line.strip():
            rules[current].append(line.strip())
    assert any("frame-ancestors https://www.example.gov.uk" in h for h in rules["/embed/*"])
    assert all("frame-ancestors 'none'" in " ".join(rules[p]) for p in rules if p not in ("/*", "/embed/*", "/embed.js", "/static/*", "/data/*") and not p.startswith(("/embed", "/cy/embed")))
    # the Welsh embeds are framed as the English ones; every other Welsh page refuses every frame
    assert any("frame-ancestors https://www.example.gov.uk" in h for h in rules["/cy/embed/*"])
    assert "frame-ancestors 'none'" in " ".join(rules["/cy/reviews/*"]) and "/cy/*" not in rules
    assert "X-Content-Type-Options: nosniff" in rules["/*"]
    assert "Cache-Control: public, max-age=31536000, immutable" in rules["/static/*"]
    assert "frame-ancestors 'none'" not in " ".join(rules["/embed/*"])


def test_no_inline_script_or_style_anywhere(example_output):
    for path in example_output.rglob("*.html"):
        s = soup(path)
        assert not s.find_all(style=True), path
        assert not s.find_all("style"), path
        for script in s.find_all("script"):
            assert script.get("src") and not script.string, path
