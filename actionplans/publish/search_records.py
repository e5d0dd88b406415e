"""Search records for actions: each action is its own entry in the index, at its own address
on its review's page (#action-3-1), so a search lands on the action that matched, with the
matching words in its excerpt; and each carries the filters readers narrow by together —
partnership, the action's status (and 'Overdue') and the agencies leading or supporting it.

The action cards on review pages are left out of the pages' own text (search.EXCLUDE), so an
action's words are found once, in its record."""

from __future__ import annotations

from ..content.progress import Progress
from ..content.titles import listed_titles, subject
from ..core.markup import plain_text
from ..core.model import Content, Review
from ..core.options import Remember, uncached
from ..core.urls import path_for
from ..core.vocabulary import STATUS_LABELS
from ..site.wayin import search_progress

OVERDUE = "Overdue"


def action_records(content: Content, progress: Progress, base_path: str, remember: Remember = uncached) -> list[dict]:
    """One record per action, in the plan's order: url, content, meta (title, review), filters."""
    return [record for _, records in records_by_review(content, progress, base_path, remember) for record in records]


def records_by_review(content: Content, progress: Progress, base_path: str,
                      remember: Remember = uncached) -> list[tuple[Review, list[dict]]]:
    """Each review with its actions' records. `remember` (the build's cache, keyed by what every
    review's progress depends on) keeps each review's: an edit makes only its own again."""
    titles = listed_titles(content)
    partnerships = {p.id: p.name for p in content.site.partnerships}
    agencies = {a.id: a.name for a in content.agencies}
    language = content.site.language.lower()      # as Pagefind reads <html lang>: one index, not two

    def made(review: Review) -> list[dict]:
        out = []
        progress_group = search_progress(progress.review_counts[review.id])
        for ref in progress.by_review.get(review.id, []):
            a, rec = ref.action, ref.recommendation
            words = [a.action, a.outcome, a.lead_role, *(m.text for m in a.milestones), *(u.text for u in a.updates)]
            bodies = dict.fromkeys(progress.successor.get(i, i) for i in (a.lead, *a.supporting))
            status = [STATUS_LABELS[ref.facts.status]] + ([OVERDUE] if ref.facts.overdue else [])
            out.append({
                "url": base_path + path_for("action", review.id, rec.id, a.number),
                "content": " ".join(plain_text(w) for w in words if w),
                "language": language,
                "meta": {"title": f"{titles[review.id]}: action {rec.id}.{a.number}",
                         "recommendation": f"Recommendation {rec.id}: {subject(rec.title, rec.text)}"},
                "filters": {"partnership": [partnerships.get(review.partnership, review.partnership)],
                            "progress": [progress_group],
                            "status": status, "agency": [agencies[b] for b in bodies if b in agencies]},
            })
        return out
    return [(review, remember("search-records", (review, base_path, titles[review.id]),
                              lambda review=review: made(review))) for review in content.reviews]
