"""Search: the Pagefind index is built in memory with the site, holds only real pages, is the
same bytes every build, is seen by the output guard, and works in the browser — form, status
line, filters, and a message with links when JavaScript is off."""

from __future__ import annotations

import gzip
import json
import re

from bs4 import BeautifulSoup

from conftest import EXAMPLE, EXAMPLE_AS_OF, VALID
from actionplans.publish.search_groups import index_files
from actionplans.publish.search_records import records_by_review
from actionplans.build import prepare
from actionplans.privacy.guard import guard_output
from actionplans.publish.search import indexed, search_files

REVIEW = "southampton-dhr-2022"
PHRASE = "PiPPA Helpline publicity"       # words from one action of that review
ACTION = f"/reviews/{REVIEW}/#action-3-2"  # that action, on its review's page


def site_files(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def fragments(files: dict[str, bytes]) -> list[dict]:
    return [json.loads(gzip.decompress(data)[len(b"pagefind_dcd"):]) for name, data in sorted(files.items())
            if name.endswith(".pf_fragment")]


# ---------------------------------------------------------------- the index (no browser)

def test_index_holds_every_real_page_and_nothing_else(site_dir):
    files = site_files(site_dir)
    entries = {n: json.loads(d) for n, d in files.items() if n.endswith("pagefind-entry.json")}
    # the main index and one part per partnership with a review, merged by the search page
    merged = re.search(r'data-search-merge="([^"]*)"', files["search/index.html"].decode()).group(1).split()
    assert len(merged) >= 2 and sorted(entries) == sorted(["pagefind/pagefind-entry.json"] +
                                                          [u.strip("/") + "/pagefind-entry.json" for u in merged])
    pages = sorted(n for n in files if indexed(n))
    actions = sum(len(s.select("article.ap-action")) for s in (
        BeautifulSoup(files[n], "html.parser") for n in pages if re.fullmatch(r"reviews/[^/]+/index\.html", n)))
    # every real page, and every action as its own record (search_records.py), each in one part
    assert sum(lang["page_count"] for e in entries.values() for lang in e["languages"].values()) == len(pages) + actions
    urls = [f["url"] for f in fragments({n: d for n, d in files.items() if n.startswith("pagefind/")})]
    assert len(urls) == len(set(urls))
    assert f"/reviews/{REVIEW}/" in urls and "/glossary/" in urls
    assert not any(u.startswith(("/embed/", "/search/", "/reviews/status/")) or "404" in u for u in urls), urls
    # a partnership's part holds its reviews' pages and actions only; the main part the rest
    southampton = {f["url"] for f in fragments({n: d for n, d in files.items()
                                                 if n.startswith("pagefind/partnerships/southampton-safe-city/")})}
    assert f"/reviews/{REVIEW}/" in southampton and ACTION in southampton
    assert all(u.startswith("/reviews/") for u in southampton)
    main = {f["url"] for f in fragments({n: d for n, d in files.items()
                                          if n.startswith("pagefind/") and not n.startswith("pagefind/partnerships/")})}
    assert "/glossary/" in main and f"/reviews/{REVIEW}/" not in main
    # Only what search.js loads is published: not the prebuilt UI bundles, and the script and
    # WebAssembly once, in the main index (the merged parts use the main one's).
    assert "pagefind/pagefind.js" in files and not any("-ui." in n for n in files)
    assert not any(n.startswith("pagefind/partnerships/") and n.endswith((".js", ".pagefind")) for n in files)


def test_index_is_the_same_bytes_every_time(site_dir):
    pages = {n: d for n, d in site_files(site_dir).items() if n.endswith(".html")}
    made = prepare(EXAMPLE, as_of=EXAMPLE_AS_OF)
    records = records_by_review(made.content, made.progress, "")
    first = index_files(pages, made.content, records, "")
    second = index_files(dict(reversed(list(pages.items()))), made.content, records, "")
    assert first.keys() == second.keys() and all(first[k] == second[k] for k in first)
    on_disk = {n: d for n, d in site_files(site_dir).items() if n.startswith("pagefind/")}
    assert first == on_disk, "the build's index differs from a rebuild of the same pages"


def test_filter_values_are_written_in_a_stable_order():
    """Pagefind writes filter values in hash-map order; search.py sorts them. With eight values,
    two unsorted runs would agree about once in 40,000."""
    pages = {f"p{i}/index.html": (f"<html lang='en'><body><main><h1>Page {i}</h1><p data-pagefind-filter="
                                  f"'place:Town {chr(72 - i)}'>Text {i}</p></main></body></html>").encode()
             for i in range(8)}
    first, second = search_files(pages, ""), search_files(pages, "")
    assert first == second
    [name] = [n for n in first if n.endswith(".pf_filter")]
    body = gzip.decompress(first[name])
    towns = re.findall(rb"Town ([A-H])", body)
    assert towns == sorted(towns) and len(towns) == 8


def test_index_text_is_main_content_only(site_dir):
    text = " ".join(f["content"] for f in fragments(site_files(site_dir)))
    assert PHRASE in text
    assert "Leaves this site quickly" not in text and "If you are in danger now" not in text


def test_guard_reads_inside_the_compressed_index():
    """A declared name or a personal detail that reached the index would be published: the
    guard must find it there even with no page beside it."""
    result = prepare(VALID)
    assert result.content is not None and result.redaction is not None
    page = (b"<!DOCTYPE html><html lang='en'><body><main><h1>Notes</h1>"
            b"<p>Karen Whitlock wrote to karen.whitlock@example.com about it.</p></main></body></html>")
    index = search_files({"notes/index.html": page}, "")
    problems = guard_output(index, result.content, result.redaction)
    found = {(p.path.rsplit(".", 1)[-1], p.message.split(":")[0]) for p in problems}
    assert ("pf_fragment", "a declared name would be published") in found, problems
    assert any(p.path.endswith(".pf_fragment") and "[email]" in p.message for p in problems), problems


def test_search_pages_have_no_inline_script(site_dir):
    html = (site_dir / "search/index.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="' in attrs and not body.strip() for attrs, body in scripts)


# ---------------------------------------------------------------- in the browser

def search_for(page, text: str) -> None:
    page.fill("#search-input", text)
    page.press("#search-input", "Enter")
    page.locator("#search-status").filter(has_text=re.compile(r"result")).wait_for(timeout=15_000)


def result_links(page) -> list[str]:
    return page.eval_on_selector_all(".ap-search__results a", "as => as.map(a => a.getAttribute('href'))")


def test_phrase_from_an_action_finds_its_review(page, server):
    source = (EXAMPLE / "reviews" / f"{REVIEW}.yaml").read_text(encoding="utf-8")
    assert PHRASE in " ".join(source.split()), "the test's phrase is no longer in the review"
    problems = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(server.url("/search/"))
    search_for(page, PHRASE)
    assert result_links(page)[0] == ACTION
    assert re.match(r"\d+ results? for “PiPPA Helpline publicity”", page.inner_text("#search-status"))
    assert page.get_attribute("#search-status", "role") == "status"       # announced, focus stays put
    assert page.evaluate("document.activeElement.id") == "search-input"
    assert "q=PiPPA" in page.url                    # the address can be shared or bookmarked
    assert problems == []


def test_no_results_says_so(page, server):
    page.goto(server.url("/search/"))
    search_for(page, "zzqxv")
    assert page.inner_text("#search-status").startswith("No results")
    assert result_links(page) == []


def test_filters_by_partnership_and_progress(page, server):
    page.goto(server.url("/search/?q=training"))
    page.locator("#search-status").filter(has_text=re.compile(r"result")).wait_for(timeout=15_000)
    assert page.is_visible(".ap-search__filters")
    everything = result_links(page)
    partnerships = page.eval_on_selector_all("#search-partnership option", "os => os.map(o => o.value)")
    assert "Southampton Safe City Partnership" in partnerships
    progress = page.eval_on_selector_all("#search-progress option", "os => os.map(o => o.value)")
    assert any(v.startswith("With ") for v in progress)
    page.select_option("#search-partnership", "Southampton Safe City Partnership")
    page.locator("#search-status").filter(has_text="(Southampton Safe City Partnership)").wait_for(timeout=15_000)
    filtered = result_links(page)
    assert filtered and all(u.startswith(f"/reviews/{REVIEW}/") for u in filtered) and len(everything) > len(filtered)
    assert "partnership=Southampton" in page.url


def test_address_with_a_query_searches_on_load(page, server):
    page.goto(server.url("/search/?q=" + PHRASE.replace(" ", "+")))
    page.locator("#search-status").filter(has_text=re.compile(r"result")).wait_for(timeout=15_000)
    assert page.input_value("#search-input") == PHRASE
    assert ACTION in result_links(page)


def test_without_javascript_search_says_so_and_links_to_the_reviews(new_context, server):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(server.url("/search/"))
    message = page.locator("noscript p, .ap-search p.ap-inset").first
    assert "needs JavaScript" in message.inner_text()
    assert message.locator("a[href='/reviews/']").count() == 1
    assert page.is_hidden(".ap-search__filters")


def test_more_results_come_ten_at_a_time_and_take_focus(page, server):
    page.goto(server.url("/search/"))
    search_for(page, "agency")
    total = int(re.match(r"(\d+) results", page.inner_text("#search-status")).group(1))
    assert total > 10, "the test needs a word found on more than ten pages"
    assert len(result_links(page)) == 10
    page.click(".ap-search__more button")
    page.wait_for_function("() => document.querySelectorAll('.ap-search__results li').length > 10")
    assert len(result_links(page)) == min(20, total)
    assert page.evaluate("document.activeElement === document.querySelectorAll('.ap-search__results a')[10]")


def test_a_phrase_from_an_action_lands_on_that_action(page, server):
    """Issue 18: the result is the action itself, with the words shown; following it scrolls the
    action into view on its review's long page."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server.url("/search/"))
    search_for(page, PHRASE)
    first = page.locator(".ap-search__results li").first
    assert first.locator("mark").count() >= 1                       # the matching words, marked
    assert "Recommendation 3:" in first.inner_text()                # which recommendation it answers
    first.locator("a").click()
    page.wait_for_url(re.compile(re.escape(ACTION) + "$"))
    box = page.evaluate("() => document.getElementById('action-3-2').getBoundingClientRect().top")
    assert 0 <= box < 844, box           # in view (scroll-margin-top keeps a little space above it)
    assert PHRASE in " ".join(page.inner_text("#action-3-2").split())


def test_filters_by_status_agency_and_partnership_together(page, server):
    page.goto(server.url("/search/?q=training"))
    page.locator("#search-status").filter(has_text=re.compile(r"result")).wait_for(timeout=15_000)
    statuses = page.eval_on_selector_all("#search-status-filter option", "os => os.map(o => o.value)")
    agencies = page.eval_on_selector_all("#search-agency option", "os => os.map(o => o.value)")
    assert "Overdue" in statuses and "Complete" in statuses and len(agencies) > 5
    def found() -> int:
        return int(re.match(r"(\d+) results?", page.inner_text("#search-status")).group(1))
    everything = found()
    page.select_option("#search-status-filter", "Overdue")
    page.locator("#search-status").filter(has_text="(Overdue)").wait_for(timeout=15_000)
    overdue = result_links(page)
    assert overdue and all("#action-" in u for u in overdue) and found() < everything
    about = page.eval_on_selector_all(".ap-search__about", "ps => ps.map(p => p.textContent)")
    assert about and all("Overdue" in t for t in about)
    # the three together: Southampton's overdue actions an agency of theirs leads or supports
    page.select_option("#search-partnership", "Southampton Safe City Partnership")
    page.locator("#search-status").filter(has_text="Southampton Safe City Partnership").wait_for(timeout=15_000)
    southampton = result_links(page)
    assert southampton and all(u.startswith(f"/reviews/{REVIEW}/#action-") for u in southampton)
    agency = "Southern Health NHS Foundation Trust"
    assert agency in agencies
    page.select_option("#search-agency", agency)
    page.locator("#search-status").filter(has_text=agency).wait_for(timeout=15_000)
    narrowed = result_links(page)
    assert narrowed and set(narrowed) <= set(southampton)
    assert "status=Overdue" in page.url and "agency=" in page.url
