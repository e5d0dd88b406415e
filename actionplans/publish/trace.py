"""Where a problem found late came from. A broken link or a guard finding is seen in a rendered
page, but an officer fixes the content line (or a theme author the template line) that wrote
it: these functions turn a page-level problem into that line. They run only when a problem was
found, so a clean build pays nothing for them."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..content.load import display_path
from ..core.markup import render_markdown
from ..core.model import Content
from ..privacy.scan import find_patterns
from ..privacy.redact import locate

_HREF = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_TAG = re.compile(r"<[^>]*>")
_DECLARED = re.compile(r"a declared name would be published: '(.+)'$")
_RULE = re.compile(r"\[([a-z0-9-]+)\]$")
_OTHERS_SHOWN = 1       # files named in a message; the rest are counted


@dataclass(frozen=True)
class Text:
    """One published text of the content, with the file and the line its object starts on."""

    text: str
    path: str
    line: int
    field: str


@dataclass(frozen=True)
class Found:
    """A problem at a source line, as Diagnostics.error takes it."""

    path: str
    line: int
    col: int
    message: str
    hint: str


def _file(sources: dict[str, str], name: str) -> str:
    return next((p for p in sorted(sources) if p.endswith("/" + name) or p == name), f"content/{name}")


def published_texts(content: Content, sources: dict[str, str]) -> Iterator[Text]:
    """Every text of the (redacted) model that a page can show, where it was written."""
    for review in content.reviews:
        path, line = (review.source.path, review.source.line) if review.source else (review.id, 1)
        for name in ("title", "reference", "summary"):
            if getattr(review, name):
                yield Text(getattr(review, name), path, line, name)
        for rec in review.recommendations:
            rl = rec.source.line if rec.source else line
            yield Text(rec.text, path, rl, "text")
            for a in rec.actions:
                al = a.source.line if a.source else rl
                for name in ("action", "lead_role", "outcome"):
                    if getattr(a, name):
                        yield Text(getattr(a, name), path, al, name)
                yield from (Text(m.text, path, al, "milestone") for m in a.milestones)
                yield from (Text(e.title, path, al, "evidence") for e in a.evidence)
                yield from (Text(u.text, path, al, "update") for u in a.updates)
    site, site_file = content.site, _file(sources, "site.yaml")
    for value in (site.title, site.description, site.content_note, site.publisher, site.licence.name,
                  site.accessibility.organisation, site.accessibility.contact, *site.accessibility.known_issues):
        if value:
            yield Text(value, site_file, 1, "site")
    for p in site.partnerships:
        yield from (Text(v, site_file, 1, "partnership") for v in (p.name, p.description) if v)
    for s in site.support:
        yield from (Text(v, site_file, 1, "support") for v in (s.name, s.hours) if v)
    agencies = _file(sources, "agencies.yaml")
    for ag in content.agencies:
        yield from (Text(v, agencies, 1, "agency") for v in (ag.name, ag.short_name, *ag.aliases) if v)
    topics = _file(sources, "topics.yaml")
    for t in content.topics:
        yield from (Text(v, topics, 1, "topic") for v in (t.name, t.description) if v)
    glossary = _file(sources, "glossary.yaml")
    for g in content.glossary:
        yield from (Text(v, glossary, 1, "glossary") for v in (g.term, g.stands_for, g.meaning) if v)


def _where(t: Text, sources: dict[str, str], needle: str) -> tuple[int, int]:
    return locate(sources.get(t.path), t.line, needle)


def _pages(names: list[str]) -> str:
    # a page the officer can open first; the search index's files (named by hashes) last
    names = sorted(set(names), key=lambda n: (n.startswith(("output/pagefind/", "pagefind/")), n))
    shown = ", ".join(names[:_OTHERS_SHOWN])
    rest = len(names) - _OTHERS_SHOWN
    return shown + (f" and {rest} other file{'s' * (rest != 1)}" if rest > 0 else "")


def _in_templates(needles: Iterable[str], template_dirs: list[Path]) -> tuple[str, int, int] | None:
    """The first template line holding one of the needles (most specific theme first)."""
    for needle in needles:
        if not needle:
            continue
        low = needle.lower()
        for d in template_dirs:
            for path in sorted((d / "templates").rglob("*")):
                if not path.is_file():
                    continue
                try:
                    lines = path.read_text(encoding="utf-8").split("\n")
                except (OSError, UnicodeDecodeError):
                    continue
                for i, text in enumerate(lines):
                    col = text.lower().find(low)
                    if col >= 0:
                        return display_path(path), i + 1, col + 1
    return None


def _in_page(data: bytes, needle: str) -> tuple[int, int]:
    text = data.decode("utf-8", "replace")
    at = text.find(needle)
    if at < 0:
        return 1, 1
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def _group(found: dict[tuple, list[str]]) -> list[Found]:
    """One problem per source line, naming the pages it would reach."""
    out = []
    for (path, line, col, message, hint), pages in sorted(found.items()):
        out.append(Found(path, line, col, f"{message} (in {_pages(pages)})", hint))
    return out


def trace_links(broken: list[tuple[str, str]], content: Content, sources: dict[str, str],
                template_dirs: list[Path], files: dict[str, bytes], base_path: str) -> list[Found]:
    """A broken link on a page → the content line whose Markdown wrote it, or the template line."""
    if not broken:
        return []
    written: dict[str, list[Text]] = {}     # href → the texts whose Markdown has it
    for t in published_texts(content, sources):
        if "[" not in t.text and "<" not in t.text:
            continue
        for a, b in _HREF.findall(str(render_markdown(t.text))):
            written.setdefault(html.unescape(a or b), []).append(t)
    found: dict[tuple, list[str]] = {}
    message = "broken link: '{}' leads to no page or anchor"
    for page, link in broken:
        origins = written.get(link)
        if origins:
            for t in dict.fromkeys(origins):
                line, col = _where(t, sources, link)
                key = (t.path, line, col, message.format(link),
                       "link to a page this site builds (e.g. /reviews/<id>/ or #recommendation-<id> on the "
                       "review's own page), or remove the link")
                found.setdefault(key, []).append(f"output/{page}")
            continue
        plain = link[len(base_path):] if base_path and link.startswith(base_path + "/") else link
        where = _in_templates([link, plain, plain.split("#", 1)[0]], template_dirs)
        if where is None:
            where = (f"output/{page}", *_in_page(files.get(page, b""), link))
        key = (*where, message.format(link), "a template writes this link: make it point at a page the site builds")
        found.setdefault(key, []).append(f"output/{page}")
    return _group(found)


def _pattern_text(problem, files: dict[str, bytes], log) -> str | None:
    """The text a pattern finding of the guard matched, read again from its page's line."""
    name = problem.path.split("/", 1)[1] if "/" in problem.path else problem.path
    rule = _RULE.search(problem.message)
    if rule is None or not name.endswith((".html", ".htm", ".xml", ".svg")) or name not in files:
        return None
    lines = html.unescape(files[name].decode("utf-8", "replace")).split("\n")
    if problem.line > len(lines):
        return None
    line = _TAG.sub(lambda m: " " * len(m.group(0)), lines[problem.line - 1])
    candidates = [f for f in find_patterns(line, enabled=log.patterns, allowed_phones=log.allowed_phones)
                  if f.rule == rule.group(1)]
    if not candidates:
        return None
    return min(candidates, key=lambda f: abs(f.start - (problem.col - 1))).text


def trace_guard(problems: list, content: Content, sources: dict[str, str], template_dirs: list[Path],
                files: dict[str, bytes], log) -> list[Found]:
    """A guard finding in a published file → the content line (or template line) holding the text.
    A finding in a data file or the search index whose text was traced on a page is folded into
    that page's problem."""
    if not problems:
        return []
    texts = list(published_texts(content, sources))
    found: dict[tuple, list[str]] = {}
    by_message: dict[str, list[tuple]] = {}
    untraced = []
    for p in problems:
        declared = _DECLARED.search(p.message)
        needle = declared.group(1) if declared else _pattern_text(p, files, log)
        keys: list[tuple] = []
        if needle:
            low = needle.lower()
            for t in texts:
                if low in t.text.lower():
                    keys.append((t.path, *_where(t, sources, needle), p.message, p.hint))
            if not keys:
                where = _in_templates([needle], template_dirs)
                if where is not None:
                    keys.append((*where, p.message, p.hint))
        if not keys:
            untraced.append(p)
            continue
        for key in dict.fromkeys(keys):
            found.setdefault(key, []).append(p.path)
            by_message.setdefault(p.message, []).append(key)
    out = []
    for p in untraced:
        keys = by_message.get(p.message)
        if keys:                    # the same finding, already traced from a page
            for key in dict.fromkeys(keys):
                found[key].append(p.path)
        else:
            out.append(Found(p.path, p.line, p.col, p.message, p.hint))
    return _group(found) + out
