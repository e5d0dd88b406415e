"""The example site's Welsh pages: each mirrors its English twin under /cy/, both name each
other (hreflang alternates that resolve, a link to switch language), the Welsh page is lang="cy"
and shows no English interface string, and an English-only page names no alternate."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from actionplans.commands import translations

WELSH_REVIEW = "reviews/example-valleys-dhr-2021/index.html"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _welsh_pages(out: Path) -> list[Path]:
    return sorted((out / "cy").rglob("*.html"))


def test_the_welsh_tree_mirrors_the_welsh_partnerships_pages(example_output):
    made = {p.relative_to(example_output / "cy").as_posix() for p in _welsh_pages(example_output)}
    assert {"index.html", "404.html", WELSH_REVIEW, "partnerships/example-valleys-csp/index.html"} <= made
    # an English-only partnership's review has no Welsh twin
    assert not (example_output / "cy/reviews/somerset-dhr-022").exists()


def test_every_twin_names_both_languages_and_the_links_resolve(example_output):
    for welsh in _welsh_pages(example_output):
        english = example_output / welsh.relative_to(example_output / "cy")
        for page, lang in ((welsh, "cy"), (english, "en-GB")):
            soup = _soup(page)
            assert soup.html["lang"] == lang, page
            alternates = {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate")
                          if link.get("hreflang")}
            assert set(alternates) == {"en-GB", "cy"}, page
            for target in alternates.values():
                path = target.removeprefix("https://actionplans.example.org/")
                file = example_output / (path + "index.html" if path.endswith("/") or not path else path)
                assert file.is_file(), (page, target)
            switch = soup.select_one("a[data-language-switch]")
            assert switch is not None and switch["hreflang"] != lang, page


def test_an_english_only_page_names_no_alternate(example_output):
    soup = _soup(example_output / "reviews/somerset-dhr-022/index.html")
    assert not soup.find("link", hreflang=True) and not soup.select("a[data-language-switch]")


def _interface_strings() -> list[str]:
    """The English catalogue's msgids as a reader would see them: placeholders and markup taken
    out, each whole phrase of at least two words."""
    out = set()
    for message in translations.extract():
        for msgid in (message.id if isinstance(message.id, tuple) else (message.id,)):
            for part in re.split(r"%\(\w+\)[sd]|<[^>]+>|%%", msgid or ""):
                part = part.strip(" .,:;()")
                if len(part.split()) >= 2:
                    out.add(part)
    return sorted(out)


@pytest.mark.parametrize("name", ["index.html", "404.html", WELSH_REVIEW, "partnerships/example-valleys-csp/index.html"])
def test_no_english_interface_string_is_left_on_a_welsh_page(example_output, name):
    soup = _soup(example_output / "cy" / name)
    for tag in soup(["script", "style", "textarea"]):
        tag.decompose()
    for part in soup.select("main [lang]"):      # an English-only review's own texts, marked as English
        assert part["lang"] == "en-GB"
        part.decompose()
    text = " ".join(soup.get_text(" ").split())
    attrs = " ".join(v for tag in soup.find_all(True) for k, v in tag.attrs.items()
                     if k in ("aria-label", "title", "alt", "data-share", "content") and isinstance(v, str))
    left = [s for s in _interface_strings() if s in text or s in attrs]
    assert not left, left


def test_the_welsh_review_shows_the_welsh_content_dates_and_statuses(example_output):
    text = _soup(example_output / "cy" / WELSH_REVIEW).get_text(" ")
    assert "Rhannu gwybodaeth am risg" in text and "Sharing risk information" not in text
    assert "28 Tachwedd 2021" in text          # a completion date, the Welsh way
    assert "Wedi'i gwblhau" in text and "Gadael y dudalen hon" in text


def test_a_bilingual_fixture_site_redacts_welsh_text_and_checks_every_welsh_text(tmp_path):
    """A partnership switched to Welsh: its reviews' declared names are replaced in the Welsh
    text too (mutated forms included, with the Welsh wording), and a text left without its
    Welsh twin fails the check at its line."""
    import shutil
    from conftest import SITES, THEMES, copy_site
    from actionplans.build import build, check
    content = copy_site(tmp_path, SITES / "invalid" / "welsh-text-missing" / "content")
    review = content / "reviews" / "south-sar-002.yaml"
    text = review.read_text(encoding="utf-8")
    text = text.replace("no_pseudonyms: true            # the published plan names nobody\n",
                        "people:\n  - name: Catrin\n    refer_to_as: the carer\n    refer_to_as_cy: y gofalwr\n")
    text = text.replace("        outcome: Carers' assessments are now routine.\n",
                        "        action_cy: Cynnig asesiad i bob gofalwr, gan gynnwys i Gatrin.\n"
                        "        outcome: Carers' assessments are now routine.\n"
                        "        outcome_cy: Mae asesiadau gofalwyr bellach yn arferol; siaradwyd â Chatrin.\n")
    review.write_text(text, encoding="utf-8")
    failed = check(content, themes_dir=THEMES)
    assert [(d.line, d.message.split(":")[0]) for d in failed.diagnostics.errors] == [
        (5, "'description' has no Welsh text")]
    site = (content / "site.yaml").read_text(encoding="utf-8")
    (content / "site.yaml").write_text(site.replace(
        "description: A small site used by the tests.\n",
        "description: A small site used by the tests.\ndescription_cy: Gwefan fach ar gyfer y profion.\n"),
        encoding="utf-8")
    out = tmp_path / "output"
    result = build(content, out, themes_dir=THEMES)
    assert result.written, [d.format() for d in result.diagnostics.sorted()]
    page = (out / "cy/reviews/south-sar-002/index.html").read_text(encoding="utf-8")
    assert "i y gofalwr" in page and "â y gofalwr" in page
    assert "Gatrin" not in page and "Chatrin" not in page and "Catrin" not in page
    assert not (out / "cy/reviews/north-dhr-001").exists()       # the other partnership is English only
    shutil.rmtree(out)
