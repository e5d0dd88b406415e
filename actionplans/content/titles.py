"""Names readers find things by: a review's title as listed (partnership and year, so two
reviews never read alike out of context) and a recommendation's subject for the contents list
(its `title:`, or its first sentence cut where a reader would stop)."""

from __future__ import annotations

import re

from ..core.markup import plain_text
from ..core.model import Review

# A subject longer than this is cut at a clause or a word: a contents line should fit on two
# lines of a phone screen.
SUBJECT_CHARS = 90
# Full stops that do not end a sentence ("i.e.", "e.g.", "etc.", "No. 3", "Dr."), lower-case.
_NOT_ENDS = ("i.e", "e.g", "etc", "no", "dr", "mr", "mrs", "ms", "st", "vs", "cf", "approx", "incl")
_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"'‘“(]?[A-Z0-9])|[.!?]$")
_CLAUSE = re.compile(r"[,;:–—]\s|\s-\s|\s\((?=[^)]*$)")


def review_year(review: Review) -> int | None:
    """The year a reader knows a review by: its report's publication, else its plan's update."""
    date = review.published or review.updated
    return date.year if date is not None else None


def listed_title(review: Review, partnership_name: str) -> str:
    """'Domestic Homicide Review 022 – Safer Somerset Partnership, 2019': the title with what it
    does not already say of its partnership and year, wherever a review is named."""
    year = review_year(review)
    missing = []
    if partnership_name and partnership_name.lower() not in review.title.lower():
        missing.append(partnership_name)
    if year and str(year) not in review.title:
        missing.append(str(year))
    return f"{review.title} – {', '.join(missing)}" if missing else review.title


def listed_titles(content) -> dict[str, str]:
    """Every review's listed title, by review id."""
    names = {p.id: p.name for p in content.site.partnerships}
    return {r.id: listed_title(r, names.get(r.partnership, "")) for r in content.reviews}


def first_sentence(text: str) -> str:
    """The first sentence of plain text; abbreviations with full stops do not end it."""
    for m in _SENTENCE_END.finditer(text):
        before = text[:m.start()].rsplit(None, 1)[-1].lower() if text[:m.start()].strip() else ""
        if before.rstrip(".") in _NOT_ENDS or (len(before) == 1 and before.isalpha()):
            continue
        return text[:m.end()].strip()
    return text.strip()


def cut(text: str, limit: int = SUBJECT_CHARS) -> str:
    """text, or its start up to `limit` characters cut at the last clause break (or else the
    last whole word) with an ellipsis: never mid-word."""
    text = text.rstrip()
    if len(text) <= limit:
        return text
    head = text[:limit + 1]
    clauses = [m.start() for m in _CLAUSE.finditer(head) if m.start() >= limit // 2]
    end = clauses[-1] if clauses else head.rfind(" ")
    if end <= 0:
        end = limit
    return text[:end].rstrip(" ,;:–—-(") + "…"


def subject(title: str | None, text: str) -> str:
    """A recommendation's subject: its own short title, or its first sentence, cut."""
    if title:
        return title.strip()
    sentence = first_sentence(plain_text(text))
    return cut(sentence.rstrip(".") if sentence.endswith(".") and not sentence.endswith("..") else sentence)
