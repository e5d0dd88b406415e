"""Declared names inside ids and web addresses: published as they are, so refused."""

from __future__ import annotations

import re

from ..core.diagnostics import Diagnostics
from ..core.fold import fold
from ..core.model import Content, DeclaredName


def _slug_tokens(text: str) -> str:
    return "-" + "-".join(re.findall(r"[a-z0-9]+", fold(text).lower())) + "-"


def _runs(slug: str, longest: int) -> set[str]:
    """Every run of 1..longest consecutive slug tokens, as '-a-b-': a name inside an id or URL
    is one of these, so the check is a set lookup per run instead of a scan per name."""
    tokens = [t for t in slug.split("-") if t]
    return {"-" + "-".join(tokens[i:i + k]) + "-" for k in range(1, longest + 1) for i in range(len(tokens) - k + 1)}


def _ids_and_urls(content: Content, declared: list[DeclaredName], diags: Diagnostics) -> None:
    """A declared name inside an id or a URL would be published as it is: refuse it."""
    by_slug: dict[str, str] = {}
    for n in declared:
        tok = _slug_tokens(fold(n.name))
        if tok != "--":
            by_slug.setdefault(tok, n.name)
            # "susans-house", "susan-s-refuge": plural and possessive forms in an id
            by_slug.setdefault(tok[:-1] + "s-", n.name)
            by_slug.setdefault(tok + "s-", n.name)
    longest = max((t.count("-") - 1 for t in by_slug), default=0)

    out = diags

    def check(value: str | None, path: str, line: int, what: str) -> None:
        if not value or not by_slug:
            return
        for run in sorted(_runs(_slug_tokens(value), longest) & by_slug.keys()):
            out.error(path, line, 1, f"the {what} '{value}' contains the declared name '{by_slug[run]}'",
                      "ids and web addresses are published as they are: choose one without the name")
            return

    for review in content.reviews:
        _review_ids(review, check)
    for a in content.agencies:
        check(a.id, "agencies.yaml", 1, "agency id")
        check(a.url, "agencies.yaml", 1, "agency url")
    for t in content.topics:
        check(t.id, "topics.yaml", 1, "topic id")
    for p in content.site.partnerships:
        check(p.id, "site.yaml", 1, "partnership id")
        check(p.url, "site.yaml", 1, "partnership url")


def _review_ids(review, check) -> None:
    path = review.source.path if review.source else review.id
    line = review.source.line if review.source else 1
    check(review.id, path, line, "review id")
    check(review.report_url, path, line, "report_url")
    for rec in review.recommendations:
        check(rec.id, path, rec.source.line if rec.source else line, "recommendation id")
        for a in rec.actions:
            for e in a.evidence:
                check(e.url, path, a.source.line if a.source else line, "evidence url")
