"""What templates need beyond the model — lookups and sorted lists — and the work done on
whole pages after rendering: acronyms marked up at first use, and the data files."""

from __future__ import annotations

import importlib.resources
import re
from functools import lru_cache
from typing import Any

import yaml
from markupsafe import escape

from ..content.escalation import escalation
from ..content.glossary import mark_acronyms, page_scope, scope_label
from ..core.model import Content
from .pages import Page
from ..content.progress import LATEST_UPDATES, ROLL_UP_RULE, STATUS_ORDER, Progress, review_state, update_items
from ..core.vocabulary import AGENCY_KIND_LABELS, REVIEW_STATES, REVIEW_TYPE_LABELS
from ..core.urls import Links, anchor_for, embed_key, path_for
from .listing import HOME_REVIEWS, page_numbers
from .wayin import search_partitions, wayin_extras


OPEN_DATA = yaml.safe_load(importlib.resources.files("actionplans").joinpath("data", "open-data.yaml")
                            .read_text(encoding="utf-8"))


FILTER_GROUPS = {"partnership": "Partnership", "type": "Type of review", "status": "Progress"}


def review_filters(content: Content | None, progress: Progress | None) -> list[dict]:
    """The reviews list's filters (with no content: only the groups' labels)."""
    if content is None:
        return [{"key": k, "label": label} for k, label in FILTER_GROUPS.items()]
    reviews = content.reviews
    groups = [
        {"key": "partnership", "label": FILTER_GROUPS["partnership"], "options": [
            {"label": p.name, "url": path_for("reviews_by", "partnership", p.id), "route": ("reviews_by", "partnership", p.id), "count": sum(r.partnership == p.id for r in reviews)}
            for p in content.site.partnerships]},
        {"key": "type", "label": FILTER_GROUPS["type"], "options": [
            {"label": REVIEW_TYPE_LABELS[t], "url": path_for("reviews_by", "type", t), "route": ("reviews_by", "type", t), "count": sum(r.type == t for r in reviews)}
            for t in REVIEW_TYPE_LABELS if any(r.type == t for r in reviews)]},
        {"key": "status", "label": FILTER_GROUPS["status"], "options": [
            {"label": label[0].upper() + label[1:], "url": path_for("reviews_by", "status", key), "route": ("reviews_by", "status", key),
             "count": sum(review_state(progress, r.id) == key for r in reviews)} for key, label in REVIEW_STATES.items()]},
    ]
    return groups


def fragment_cache(store: dict) -> Any:
    """`cached(m.action_card, ref, ctx, 3)` in a template: the macro's output, kept in `store`
    for the same subject object and arguments. A review's row is on the home page, the list and
    its filters; serve keeps the store between builds, so an edit renders only the edited
    review's rows and cards. `ctx` holds only what is the same for a whole build (and is left
    out of the key); the caller empties the store when the site's settings or theme change."""
    def cached(macro: Any, subject: Any, ctx: Any, *rest: Any) -> Any:
        key = (id(getattr(macro, "_environment", None)), macro.name, id(subject), rest)
        kept = store.get(key)
        if kept is None or kept[0] is not subject:
            kept = store[key] = (subject, macro(subject, ctx, *rest))
        return kept[1]
    return cached


def sweep_fragments(store: dict, content: Content, progress: Progress) -> None:
    """Forget the fragments of subjects the model no longer holds (an edited review's old
    objects): they can never be asked for again, and the store would keep every old version
    alive — serve grew by the edited review's rows and cards on every save. Subjects are the
    objects templates get from the model: reviews, action refs, topic pairs."""
    if not store:
        return
    live = {id(r) for r in content.reviews}
    live.update(id(ref) for ref in progress.actions)
    for refs in progress.supporting.values():
        live.update(id(ref) for ref in refs)
    for pairs in progress.topic_recommendations.values():
        live.update(id(pair) for pair in pairs)
    for key in [k for k, kept in store.items() if id(kept[0]) not in live]:
        del store[key]




def template_extras(content: Content, progress: Progress, links: Links, fragments: dict | None = None) -> dict[str, Any]:
    from types import SimpleNamespace
    from markupsafe import Markup
    agencies = {a.id: a for a in content.agencies}
    topics = {t.id: t for t in content.topics}
    partnerships = {p.id: p for p in content.site.partnerships}
    def topic_links(ids) -> Markup:
        return Markup(", ").join(Markup('<a href="{}">{}</a>').format(links.url_for("topic", t), topics[t].name)
                                 for t in ids)

    def bodies(ids) -> list[tuple[str, list[str]]]:
        """Agencies as bodies now: each successor once, with the former names it was given by."""
        out: dict[str, list[str]] = {}
        for i in ids:
            newest = progress.successor.get(i, i)
            former = out.setdefault(newest, [])
            if newest != i and agencies[i].name not in former:
                former.append(agencies[i].name)
        return list(out.items())

    if fragments is not None:
        sweep_fragments(fragments, content, progress)
    ctx = SimpleNamespace(url=links.url, absolute=links.absolute, url_for=links.url_for, anchor_for=anchor_for,
                          agencies=agencies, partnerships=partnerships,
                          progress=progress, bodies=bodies)
    return {
        "ctx": ctx,
        "cached": fragment_cache({} if fragments is None else fragments),
        "page_numbers": page_numbers,
        "embed_key": embed_key,
        "review_types": REVIEW_TYPE_LABELS,
        "agency_kinds": AGENCY_KIND_LABELS,
        "review_filters": review_filters(content, progress),
        "topic_links": topic_links,
        "progress_refs": progress.refs_by_key,
        "supporting_refs": progress.supporting,
        "latest_updates": update_items(progress, limit=LATEST_UPDATES),
        "latest_updates_limit": LATEST_UPDATES,
        "data_fields": OPEN_DATA["fields"],
        "data_listing": OPEN_DATA["files"],
        "agencies": agencies,
        "topics": topics,
        "partnerships": partnerships,
        "reviews_sorted": sorted(content.reviews, key=lambda r: (r.updated.last_day(), r.id), reverse=True),
        "agencies_sorted": sorted(content.agencies, key=lambda a: a.name.lower()),
        "topics_sorted": sorted(content.topics, key=lambda t: t.name.lower()),
        "STATUS_ORDER": STATUS_ORDER,
        "ROLL_UP_RULE": ROLL_UP_RULE,
        "as_of": content.site.as_of,
        "glossary_scope": lambda g: scope_label(g, content),
        "escalation": lambda: escalation(content, progress),
        "home_reviews": HOME_REVIEWS,
        # the parts of the search index the search page merges into the main one (search_groups.py)
        "search_indexes": [links.url_for("pagefind_partnership", p) for p in search_partitions(content)],
        **wayin_extras(content, progress),
    }


def postprocess_html(page: Page, html: str, content: Content, links: Links) -> str:
    if page.kind in ("glossary", "404", "embed"):
        return html
    return mark_acronyms(html, content, links, page_scope(page))


