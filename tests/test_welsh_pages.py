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


# Every page a reader of the Welsh partnership meets: the site-wide pages, the lists, and the
# pages (and embeds) of its review, its partnership, and the agencies and topics of its actions.
WELSH_TWINS = {
    "index.html", "404.html", "reviews/index.html", "agencies/index.html", "topics/index.html",
    "partnerships/index.html", "updates/index.html", "changes/index.html", "escalation/index.html",
    "search/index.html", "data/index.html", "glossary/index.html", "about/index.html",
    "accessibility/index.html", WELSH_REVIEW, "reviews/example-valleys-dhr-2021/open/index.html",
    "reviews/example-valleys-dhr-2021/overdue/index.html", "reviews/example-valleys-dhr-2021/changes/index.html",
    "partnerships/example-valleys-csp/index.html", "reviews/partnership/example-valleys-csp/index.html",
    "reviews/type/dhr/index.html", "reviews/status/open/index.html", "reviews/status/overdue/index.html",
    "reviews/status/closed/index.html", "agencies/example-valleys-council/index.html",
    "agencies/example-valleys-health-board/index.html", "topics/information-sharing/index.html",
    "embed/reviews/example-valleys-dhr-2021/index.html", "embed/partnerships/example-valleys-csp/index.html",
    "embed/agencies/example-valleys-council/index.html",
}
SITE = "https://actionplans.example.org"


def _file(out: Path, path: str) -> Path:
    path = path.split("#", 1)[0].split("?", 1)[0].removeprefix(SITE).lstrip("/")
    return out / (path + "index.html" if path.endswith("/") or not path else path)


def _alternates(soup: BeautifulSoup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate") if link.get("hreflang")}


def test_the_welsh_tree_mirrors_every_page_a_welsh_reader_meets(example_output):
    made = {p.relative_to(example_output / "cy").as_posix() for p in _welsh_pages(example_output)}
    assert WELSH_TWINS <= made, sorted(WELSH_TWINS - made)
    # an English-only partnership's review, its views, embed and list have no Welsh twin
    for english_only in ("reviews/somerset-dhr-022", "embed/reviews/somerset-dhr-022",
                         "reviews/partnership/safer-somerset", "partnerships/safer-somerset"):
        assert not (example_output / "cy" / english_only).exists(), english_only
    # nor has an agency that leads or supports none of the Welsh partnership's actions
    assert not (example_output / "cy/agencies/home-office").exists()


def test_every_page_with_a_twin_names_both_languages_both_ways(example_output):
    """Walk the whole built site: each page naming alternates names itself and its twin, the
    twin names the same pair back, and both carry the language they say."""
    twinned = 0
    for page in sorted(example_output.rglob("*.html")):
        rel = page.relative_to(example_output).as_posix()
        if rel.startswith(("admin/", "pagefind/")):
            continue
        soup = _soup(page)
        alternates = _alternates(soup)
        if not alternates:
            assert not rel.startswith("cy/"), f"{rel}: a Welsh page must name its English twin"
            assert rel not in WELSH_TWINS, f"{rel}: should have a Welsh twin"
            continue
        twinned += 1
        assert set(alternates) == {"en-GB", "cy"}, rel
        welsh = rel.startswith("cy/")
        assert soup.html["lang"] == ("cy" if welsh else "en-GB"), rel
        assert _file(example_output, alternates["cy" if welsh else "en-GB"]) == page, (rel, alternates)
        other = _file(example_output, alternates["en-GB" if welsh else "cy"])
        assert other.is_file(), (rel, alternates)
        assert _alternates(_soup(other)) == alternates, (rel, other)
        if soup.html.get("data-embed") is None:      # an embed has no site navigation to switch in
            switch = soup.select_one("a[data-language-switch]")
            assert switch is not None and switch["hreflang"] != soup.html["lang"], rel
            assert _file(example_output, switch["href"]) == other, rel
    assert twinned == 2 * len(_welsh_pages(example_output))


def test_a_link_on_a_welsh_page_goes_to_the_welsh_page_where_there_is_one(example_output):
    for page in _welsh_pages(example_output):
        soup = _soup(page)
        for a in soup.find_all("a", href=True):
            href = a["href"]
            if a.has_attr("data-language-switch") or not href.startswith(("/", SITE)) or "/cy/" in href:
                continue
            path = href.removeprefix(SITE)
            if path.startswith(("/static/", "/data/", "/pagefind/")) or path.endswith((".xml", ".json", ".csv")):
                continue
            welsh = _file(example_output, "/cy" + path)
            assert not welsh.is_file(), f"{page.relative_to(example_output)} links {href}, not its Welsh twin"


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


def test_no_english_interface_string_is_left_on_any_welsh_page(example_output):
    """Every built /cy/ page: its text and the attributes a reader meets (labels, titles, the
    messages site.js and search.js say) hold no English interface string."""
    strings = _interface_strings()
    pages = _welsh_pages(example_output)
    assert len(pages) >= len(WELSH_TWINS)
    found = {}
    for page in pages:
        soup = _soup(page)
        for tag in soup(["script", "style", "textarea"]):
            tag.decompose()
        for part in soup.select("body [lang]"):      # texts with no Welsh version, marked as English
            assert part["lang"] in ("en-GB", "cy"), page
            if part["lang"] == "en-GB" and not part.has_attr("data-language-switch"):
                part.decompose()
        text = " ".join(soup.get_text(" ").split())
        attrs = " ".join(v for tag in soup.find_all(True) for k, v in tag.attrs.items()
                         if (k in ("aria-label", "title", "alt", "data-share", "data-copied", "content")
                             or k.startswith("data-msg-")) and isinstance(v, str))
        left = [s for s in strings if s in text or s in attrs]
        if left:
            found[page.relative_to(example_output).as_posix()] = left
    assert not found, found


def test_the_exit_this_page_messages_are_welsh_on_a_welsh_page(example_output):
    for name in ("index.html", "embed/reviews/example-valleys-dhr-2021/index.html"):
        box = _soup(example_output / "cy" / name).select_one(".ap-exit")
        assert box["data-msg-activated"] == "Gadael y dudalen hon wedi’i roi ar waith.", name
        assert box["data-msg-press-2"].startswith("Shift, pwyswch"), name
    english = _soup(example_output / "index.html").select_one(".ap-exit")
    assert english["data-msg-activated"] == "Exit this page activated."


def test_a_welsh_page_marks_english_only_texts_as_english(example_output):
    """The Welsh list of agencies names agencies with no Welsh name in English, marked so."""
    soup = _soup(example_output / "cy/agencies/index.html")
    rows = {th.a.get_text(): th.get("lang") for th in soup.select("tbody th")}
    assert rows["Home Office"] == "en-GB"
    assert any(lang is None for name, lang in rows.items() if "Cymoedd" in name)


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
