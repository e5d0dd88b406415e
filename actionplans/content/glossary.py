"""Acronyms mean what they mean where they are used. A glossary entry may be scoped to
partnerships or reviews (`partnership:`, `review:`); on a text from such a review the scoped
meaning wins, wherever the text is shown: a Southampton update on the home page expands SCC as
Southampton City Council, a Somerset one on the same page as Somerset County Council.

Templates mark the element that holds one review's text with `data-review="<id>"`; text
outside such an element belongs to the page's own review or partnership, if it has one."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from markupsafe import escape

from ..core.diagnostics import Diagnostics, did_you_mean
from .titles import listed_titles
from ..core.model import Content, GlossaryEntry, Partnership, Review


# --- checking glossary.yaml ---------------------------------------------------------------

def _scope(item: dict) -> tuple[str, ...]:
    return tuple(f"review {r}" for r in item.get("review", [])) + \
        tuple(f"partnership {p}" for p in item.get("partnership", []))


def _mark(item: dict, key: str) -> tuple[int, int]:
    return item.get("__marks__", {}).get(key, item.get("__mark__", (1, 1)))


def check_meanings(items: list[dict], shown: str, diags: Diagnostics) -> None:
    """A term given twice must say where each meaning applies, and no two meanings may apply to
    the same partnership or review."""
    by_term: dict[str, list[dict]] = {}
    for item in items:
        by_term.setdefault(item["term"].lower(), []).append(item)
    for group in by_term.values():
        if len(group) < 2:
            continue
        for item in group:
            if not _scope(item):
                other = _mark(group[1] if item is group[0] else group[0], "term")[0]
                diags.error(shown, *_mark(item, "term"),
                            f"glossary term '{item['term']}' has {len(group)} meanings (another is on line {other}) "
                            "and this one does not say where it applies",
                            "give each meaning partnership: <id> (or review: <id>), or remove the duplicate")
        seen: dict[str, int] = {}
        for item in group:
            for where in _scope(item):
                if where in seen:
                    diags.error(shown, *_mark(item, "term"),
                                f"glossary term '{item['term']}' has two meanings for {where} "
                                f"(the other is on line {seen[where]})", "keep one meaning for each place")
                else:
                    seen[where] = _mark(item, "term")[0]


def check_scopes(items: list[dict], shown: str, diags: Diagnostics, partnership_ids: set[str],
                 review_ids: set[str]) -> None:
    for item in items:
        for key, known, where in (("partnership", partnership_ids, "site.yaml partnerships"),
                                  ("review", review_ids, "content/reviews/")):
            for value in item.get(key, []):
                if known and value not in known:
                    guess = did_you_mean(value, known)
                    diags.error(shown, *_mark(item, key), f"unknown {key} '{value}'{guess}",
                                "" if guess else f"use an id from {where}")


# --- choosing a meaning -------------------------------------------------------------------

def entry_for(entries: list[GlossaryEntry], review: str | None, partnership: str | None) -> GlossaryEntry | None:
    """The meaning that applies to a text of this review (or partnership): the review's own,
    else its partnership's, else the unscoped one; None when only other places have one."""
    if review is not None:
        for g in entries:
            if review in g.reviews:
                return g
    if partnership is not None:
        for g in entries:
            if partnership in g.partnerships:
                return g
    for g in entries:
        if not g.reviews and not g.partnerships:
            return g
    return None


def scope_label(g: GlossaryEntry, content: Content) -> str:
    """'in Southampton Safe City Partnership's reviews', for the glossary page ('' unscoped)."""
    names = {p.id: p.name for p in content.site.partnerships}
    titles = listed_titles(content)
    parts = [titles.get(r, r) for r in g.reviews] + [f"{names.get(p, p)}'s reviews" for p in g.partnerships]
    return ("in " + ", ".join(parts)) if parts else ""


# --- marking acronyms in a page -----------------------------------------------------------

_SKIP_TAGS = ("a", "abbr", "h1", "h2", "h3", "h4", "h5", "h6", "button", "script", "style", "title", "summary",
              "label", "option", "textarea", "code", "pre", "dt")
# Comments, and the opening or closing tags of _SKIP_TAGS (group 1: '/', group 2: the name).
_SKIP = re.compile(r"<!--.*?-->|<(/?)(" + "|".join(_SKIP_TAGS) + r")(?![a-zA-Z0-9])[^>]*>", re.S | re.I)
_SCOPED = re.compile(r"""<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\sdata-review="([^"]*)"[^>]*>""")


@lru_cache(maxsize=4096)
def _acronym_pattern(terms: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<![\w&-])(" + "|".join(re.escape(t) for t in terms) + r")(?![\w&-])")


@lru_cache(maxsize=64)
def _close_tag(tag: str) -> re.Pattern:
    return re.compile(rf"<(/?){tag}\b[^>]*>", re.I)


def _regions(html: str) -> list[tuple[int, int, str]]:
    """(start, end, review id) of each element marked data-review, in document order."""
    out = []
    for m in _SCOPED.finditer(html):
        depth, end = 1, len(html)
        for t in _close_tag(m.group(1)).finditer(html, m.end()):
            depth += -1 if t.group(1) else (0 if t.group(0).endswith("/>") else 1)
            if depth == 0:
                end = t.start()
                break
        out.append((m.end(), end, m.group(2)))
    return out


def _acronyms(content: Content) -> dict[str, list[GlossaryEntry]]:
    out: dict[str, list[GlossaryEntry]] = {}
    for g in content.glossary:
        if g.stands_for and re.fullmatch(r"[A-Za-z0-9&]{2,10}", g.term) and any(c.isupper() for c in g.term):
            out.setdefault(g.term, []).append(g)
    return out


def page_scope(page: Any) -> tuple[str | None, str | None]:
    s = page.subject
    if isinstance(s, Review):
        return s.id, s.partnership
    if isinstance(s, Partnership):
        return None, s.id
    return None, None


def mark_acronyms(html: str, content: Content, links: Any, scope: tuple[str | None, str | None] = (None, None)) -> str:
    """Wrap the first use of each glossary acronym's meaning inside <main> in <abbr title>
    linked to the glossary. Text inside links, headings and buttons is left alone."""
    acronyms = _acronyms(content)
    if not acronyms:
        return html
    start, end = html.find("<main"), html.find("</main>")
    if start < 0 or end < 0:
        return html
    main_html = html[start:end]
    present = tuple(sorted((t for t in acronyms if t in main_html), key=lambda t: (-len(t), t)))
    if not present:
        return html
    scoped = any(len(acronyms[t]) > 1 or acronyms[t][0].reviews or acronyms[t][0].partnerships for t in present)
    regions = _regions(main_html) if scoped else []
    partnership_of = {r.id: r.partnership for r in content.reviews} if regions else {}
    pattern = _acronym_pattern(present)   # only the terms on this page: a long alternation is slow
    # Find each meaning's first use in visible text: candidates come from one regex pass over the
    # page; the skip tags seen before a candidate say whether it sits in a link, heading…
    skips = _SKIP.finditer(main_html)
    skip = next(skips, None)
    depth = 0
    used: dict[int, tuple[int, int, GlossaryEntry]] = {}
    wanted = sum(len(acronyms[t]) for t in present)
    for m in pattern.finditer(main_html):
        term, at = m.group(1), m.start()
        while skip is not None and skip.end() <= at:
            if skip.group(2) and not skip.group(0).endswith("/>"):
                depth = max(depth + (-1 if skip.group(1) else 1), 0)
            skip = next(skips, None)
        if depth or (skip is not None and skip.start() < at) or main_html.rfind("<", 0, at) > main_html.rfind(">", 0, at):
            continue            # in a skipped element, or inside a tag or comment
        review, partnership = scope
        inner = [r for r in regions if r[0] <= at < r[1]]
        if inner:
            review = max(inner)[2]
            partnership = partnership_of.get(review, partnership)
        g = entry_for(acronyms[term], review, partnership) if scoped else acronyms[term][0]
        if g is None or id(g) in used:
            continue
        used[id(g)] = (at, m.end(), g)
        if len(used) == wanted:
            break
    if not used:
        return html
    parts, last = [], 0
    for a, b, g in sorted(used.values(), key=lambda v: v[0]):
        parts += [main_html[last:a], f'<a class="ap-abbr" href="{escape(links.url_for("glossary"))}#{g.anchor}">'
                  f'<abbr title="{escape(g.stands_for)}">{main_html[a:b]}</abbr></a>']
        last = b
    parts.append(main_html[last:])
    return html[:start] + "".join(parts) + html[end:]
