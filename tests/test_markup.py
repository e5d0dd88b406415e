from actionplans.core.markup import plain_text, render_markdown


def test_raw_html_is_escaped():
    html = str(render_markdown("<script>alert(1)</script> <img src=x onerror=alert(1)> <iframe src=x></iframe>"))
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert "&lt;script&gt;" in html


def test_unsafe_links_lose_their_href():
    for bad in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html,<b>x</b>",
                "vbscript:x"]:
        html = str(render_markdown(f"[click]({bad})"))
        assert "href" not in html, (bad, html)


def test_images_become_text_so_no_third_party_request():
    html = str(render_markdown("![a chart](https://tracker.example/x.png)"))
    assert "<img" not in html and "a chart" in html


def test_safe_links_kept():
    assert 'href="https://example.org/a"' in str(render_markdown("[a](https://example.org/a)"))


def test_template_syntax_is_literal():
    assert "{{ 7*7 }}" in str(render_markdown("{{ 7*7 }}"))


def test_plain_text():
    assert plain_text("**Bold** [link](https://x.org) and `code`") == "Bold link and code"


def test_plain_text_fast_path_matches_the_markdown_parser():
    import random
    import string

    import markdown

    from actionplans.core.markup import _NoRawHtml, _render
    reference = markdown.Markdown(extensions=[_NoRawHtml(), "sane_lists"], output_format="html")
    rng = random.Random(7)
    alphabet = string.ascii_letters + " ,;'\"%&<>é0123456789*_[]()#-.\n"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))
        assert _render(text) == reference.convert(text), repr(text)
        reference.reset()
