"""The escalation view: actions overdue by more than `escalate_after_months` (site.yaml,
default 6), grouped by the agency now responsible, longest overdue first — what the IICSA's
published escalation letters did by hand. One list makes the page (/escalation/), its Atom
feed (/escalation.xml) and its CSV (/data/escalation.csv)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape

from ..core.dates import PartialDate, add_months
from .titles import listed_titles
from ..core.model import Agency, Content
from ..core.urls import output_path, path_for
from .progress import STATUS_LABELS, ActionRef, Progress, overdue_label



@dataclass(frozen=True)
class Group:
    agency: Agency                 # the body now responsible (the newest name of the lead)
    refs: tuple[ActionRef, ...]    # longest overdue first


def escalated_since(ref: ActionRef, months: int) -> dt.date:
    """The first day on which the action was overdue by more than `months` months."""
    assert isinstance(ref.action.due, PartialDate)
    return add_months(ref.action.due.last_day(), months) + dt.timedelta(days=1)


def escalation(content: Content, progress: Progress) -> list[Group]:
    months = content.site.escalate_after_months
    agencies = {a.id: a for a in content.agencies}
    groups: dict[str, list[ActionRef]] = {}
    for ref in progress.actions:
        if ref.facts.overdue and escalated_since(ref, months) <= progress.as_of:
            groups.setdefault(progress.successor.get(ref.action.lead, ref.action.lead), []).append(ref)

    def longest(r: ActionRef) -> tuple:
        return (-r.facts.overdue_days, r.review.id, r.recommendation.id, r.action.number)
    out = [Group(agencies[a], tuple(sorted(refs, key=longest))) for a, refs in groups.items()]
    return sorted(out, key=lambda g: (longest(g.refs[0]), g.agency.name.lower()))


def _url(links, ref: ActionRef) -> str:
    return links.url_for("action", ref.review.id, ref.recommendation.id, ref.action.number, absolute=True)


def escalation_csv(groups: list[Group], content: Content, links) -> bytes:
    agencies = {a.id: a for a in content.agencies}
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["agency", "agency_name", "lead_agency_as_written", "review", "review_title", "recommendation",
                "action", "due", "overdue_days", "overdue_months", "overdue_shown", "status_shown", "url"])
    for g in groups:
        for ref in g.refs:
            a, f = ref.action, ref.facts
            assert isinstance(a.due, PartialDate)
            w.writerow([g.agency.id, _cell(g.agency.name), a.lead, ref.review.id, _cell(ref.review.title),
                        _cell(ref.recommendation.id), a.number, a.due.iso(), f.overdue_days, f.overdue_months,
                        overdue_label(f), STATUS_LABELS[f.status], _url(links, ref)])
    return out.getvalue().encode("utf-8")


def _cell(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula (=, +, -, @) gets a leading quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def escalation_feed(groups: list[Group], content: Content, links) -> bytes:
    """An entry per action, dated the day it crossed the threshold: a reader is told once."""
    months = content.site.escalate_after_months
    threshold = f"{months} month{'s' * (months != 1)}"
    title = f"Actions overdue by more than {threshold} – {content.site.title}"
    entries = sorted(((escalated_since(ref, months), g, ref) for g in groups for ref in g.refs),
                     key=lambda e: (e[0], e[2].review.id, e[2].recommendation.id, e[2].action.number), reverse=True)
    updated = (entries[0][0] if entries else content.site.as_of).isoformat() + "T00:00:00Z"
    parts = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
             f"<title>{xml_escape(title)}</title>", f"<id>{xml_escape(links.url_for('escalation_feed', absolute=True))}</id>",
             f'<link rel="self" href="{xml_escape(links.url_for("escalation_feed", absolute=True))}"/>',
             f'<link rel="alternate" type="text/html" href="{xml_escape(links.url_for("escalation", absolute=True))}"/>',
             f"<updated>{updated}</updated>", f"<author><name>{xml_escape(content.site.title)}</name></author>"]
    titles = listed_titles(content)
    for since, g, ref in entries:
        url = _url(links, ref)
        assert isinstance(ref.action.due, PartialDate)
        parts += ["<entry>",
                  f"<title>{xml_escape(g.agency.name)}: {xml_escape(titles[ref.review.id])}, action "
                  f"{xml_escape(ref.recommendation.id)}.{ref.action.number} – overdue by more than {threshold}</title>",
                  f"<id>{xml_escape(url)}-escalated-{since.isoformat()}</id>",
                  f'<link rel="alternate" type="text/html" href="{xml_escape(url)}"/>',
                  f"<updated>{since.isoformat()}T00:00:00Z</updated>",
                  f"<summary>{xml_escape(f'Due {ref.action.due.display()}; {STATUS_LABELS[ref.facts.status]}.')}</summary>",
                  "</entry>"]
    parts.append("</feed>")
    return ("\n".join(parts) + "\n").encode("utf-8")


def escalation_files(content: Content, progress: Progress, links) -> dict[str, bytes]:
    groups = escalation(content, progress)
    return {output_path(path_for("escalation_feed")): escalation_feed(groups, content, links),
            output_path(path_for("data_escalation")): escalation_csv(groups, content, links)}
