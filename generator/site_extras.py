"""What templates need beyond the model — lookups and sorted lists — and the work done on
whole pages after rendering: acronyms marked up at first use, and the data files."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import escape

from .model import Content
from .pages import Page
from .progress import ROLL_UP_RULE, STATUS_ORDER, Progress
from .render import Links


def template_extras(content: Content, progress: Progress, links: Links) -> dict[str, Any]:
    agencies = {a.id: a for a in content.agencies}
    return {
        "agencies": agencies,
        "topics": {t.id: t for t in content.topics},
        "partnerships": {p.id: p for p in content.site.partnerships},
        "reviews_sorted": sorted(content.reviews, key=lambda r: (r.updated.last_day(), r.id), reverse=True),
        "agencies_sorted": sorted(content.agencies, key=lambda a: a.name.lower()),
        "topics_sorted": sorted(content.topics, key=lambda t: t.name.lower()),
        "STATUS_ORDER": STATUS_ORDER,
        "ROLL_UP_RULE": ROLL_UP_RULE,
        "as_of": content.site.as_of,
    }


_SKIP_TAGS = ("a", "abbr", "h1", "h2", "h3", "h4", "h5", "h6", "button", "script", "style", "title", "summary",
              "label", "option", "textarea", "code", "pre", "dt")
_TOKEN = re.compile(r"(<!--.*?-->|<[^>]+>)", re.S)


def mark_acronyms(html: str, content: Content, links: Links) -> str:
    """Wrap the first use of each glossary acronym inside <main> in <abbr title> linked to the
    glossary. Text inside links, headings and buttons is left alone."""
    acronyms = {g.term: g for g in content.glossary
                if g.stands_for and re.fullmatch(r"[A-Za-z0-9&]{2,10}", g.term) and any(c.isupper() for c in g.term)}
    if not acronyms:
        return html
    start, end = html.find("<main"), html.find("</main>")
    if start < 0 or end < 0:
        return html
    pattern = re.compile(r"(?<![\w&-])(" + "|".join(re.escape(t) for t in sorted(acronyms, key=len, reverse=True))
                         + r")(?![\w&-])")
    used: set[str] = set()
    skip_depth = 0
    parts = _TOKEN.split(html[start:end])
    for i, part in enumerate(parts):
        if part.startswith("<"):
            m = re.match(r"<(/?)([a-zA-Z0-9]+)", part)
            if m and m.group(2).lower() in _SKIP_TAGS and not part.endswith("/>"):
                skip_depth += -1 if m.group(1) else 1
                skip_depth = max(skip_depth, 0)
            continue
        if skip_depth or not part.strip():
            continue

        def wrap(m: re.Match) -> str:
            term = m.group(1)
            if term in used:
                return term
            used.add(term)
            g = acronyms[term]
            return (f'<a class="ap-abbr" href="{links.url("/glossary/")}#{g.anchor}"><abbr title="{escape(g.stands_for)}">'
                    f"{term}</abbr></a>")
        parts[i] = pattern.sub(wrap, part)
    return html[:start] + "".join(parts) + html[end:]


def postprocess_html(page: Page, html: str, content: Content, links: Links) -> str:
    if page.kind in ("glossary", "404"):
        return html
    return mark_acronyms(html, content, links)


def data_files(content: Content, progress: Progress, links: Links) -> dict[str, bytes]:
    from .build import schema_files
    return schema_files()
