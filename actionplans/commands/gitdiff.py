"""`actionplans diff REV`: what changed in the action plans since a git revision, in plain
English (Markdown), to paste into a pull request description.

The content at REV is read with `git show REV:path` into a temporary folder; both versions go
through `prepare()` (so names are already redacted in everything shown) and their models are
compared: new and removed reviews, recommendations and actions, actions whose status or due
date changed, new progress updates, and actions that have become overdue since REV was made.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..build import prepare
from ..core.dates import PartialDate
from ..core.model import Action, Content, Recommendation, Review
from ..content.progress import CLOSED, NO_UPDATE, STATUS_LABELS

MAX_SHOWN = 40          # items per section before "and N more": a PR description stays readable
TEXT_CHARS = 160


class DiffError(Exception):
    """Why the comparison could not be made, in a sentence."""


def _git(args: list[str], cwd: Path, binary: bool = False):
    try:
        run = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=60)
    except FileNotFoundError:
        raise DiffError("git is not installed (or not on PATH): the diff command needs it") from None
    except subprocess.TimeoutExpired:
        raise DiffError(f"git {' '.join(args)} took too long") from None
    if run.returncode != 0:
        message = run.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _GitFailed(message[-1] if message else f"git {args[0]} failed")
    return run.stdout if binary else run.stdout.decode("utf-8", "replace")


class _GitFailed(DiffError):
    pass


@dataclass
class _Side:
    content: Content | None
    errors: int
    as_of: dt.date


def _read_revision(content_dir: Path, rev: str, dest: Path, skipped: list[str]) -> tuple[str, dt.date]:
    """Write content/ as it was at ``rev`` into ``dest``; return the short commit and its date.
    Entries that are not files are listed in ``skipped``."""
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], content_dir).strip())
    except _GitFailed:
        raise DiffError(f"{content_dir} is not inside a git repository, so there is nothing to compare with") from None
    try:
        commit = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top).strip()
    except _GitFailed:
        commit = ""
    if not commit:
        raise DiffError(f"'{rev}' is not a revision in this repository: give a branch (main), a tag or a commit "
                        "(e.g. HEAD~3)")
    try:
        rel = PurePosixPath(content_dir.resolve().relative_to(top.resolve()).as_posix())
    except ValueError:
        raise DiffError(f"{content_dir} is outside the git repository at {top}") from None
    spec = [] if str(rel) == "." else ["--", str(rel) + "/"]
    listing = _git(["ls-tree", "-r", "-z", commit, *spec], top)
    for entry in filter(None, listing.split("\0")):
        meta, _, name = entry.partition("\t")
        mode, kind = (meta.split(" ") + ["", ""])[:2]
        inner = PurePosixPath(name) if str(rel) == "." else PurePosixPath(name).relative_to(rel)
        if ".." in inner.parts:
            continue
        if kind != "blob" or mode == "120000":
            # a submodule (a commit of another repository) or a symbolic link holds no content
            # file to read: say so, and compare the rest
            what = "a submodule" if kind == "commit" else "a symbolic link" if mode == "120000" else f"a {kind}"
            skipped.append(f"`{_code(name)}` at `{_code(rev)}` is {what}, not a file: it was not compared.")
            continue
        target = dest.joinpath(*inner.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_git(["show", f"{commit}:{name}"], top, binary=True))
    date_text = _git(["show", "-s", "--format=%cs", commit], top).strip()
    short = _git(["rev-parse", "--short", commit], top).strip()
    try:
        when = dt.date.fromisoformat(date_text)
    except ValueError:
        when = dt.date.today()
    return short, when


def diff_markdown(content_dir: Path, rev: str, *, as_of: dt.date | None = None,
                  redaction_file: Path | None = None) -> str:
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        raise DiffError(f"{content_dir} is not a folder: run the command from the project folder, or pass --content DIR")
    new = prepare(content_dir, as_of=as_of, redaction_file=redaction_file)
    if new.content is None or new.progress is None:
        n = len(new.diagnostics.errors)
        raise DiffError(f"{content_dir} does not pass check ({n} error{'s' * (n != 1)}): run actionplans check, "
                        "fix them, then compare")
    with tempfile.TemporaryDirectory(prefix="actionplans-diff-") as tmp:
        old_dir = Path(tmp) / "content"
        old_dir.mkdir()
        skipped: list[str] = []
        short, commit_date = _read_revision(content_dir, rev, old_dir, skipped)
        # the same as_of for both, so only the content differs; 'overdue then' uses the commit date
        old = prepare(old_dir, as_of=new.progress.as_of, redaction_file=redaction_file) \
            if (old_dir / "site.yaml").exists() else None
    old_side = _Side(old.content if old else None, len(old.diagnostics.errors) if old else 0,
                     min(commit_date, new.progress.as_of))
    new_side = _Side(new.content, 0, new.progress.as_of)
    report = _compare(old_side, new_side, rev, short, had_content=old is not None)
    report.notes.extend(skipped)
    return report.markdown()


# --- comparing -----------------------------------------------------------------------------------

def _overdue(action: Action, as_of: dt.date) -> bool:
    """The progress rule (progress.action_facts), applied at any date."""
    return (action.status or NO_UPDATE) not in CLOSED and isinstance(action.due, PartialDate) \
        and action.due.last_day() < as_of


def _similar(a: Action, b: Action, pos_a: int, pos_b: int) -> float:
    score = difflib.SequenceMatcher(None, a.action, b.action).ratio()
    if a.lead == b.lead:
        score += 0.2
    if pos_a == pos_b:
        score += 0.1
    return score


def _pair_actions(old: tuple[Action, ...], new: tuple[Action, ...]) -> tuple[list[tuple[Action, Action]], list[Action], list[Action]]:
    """Match actions across versions by their text and lead (they have no ids), best first."""
    scored = sorted(((_similar(o, n, i, j), i, j) for i, o in enumerate(old) for j, n in enumerate(new)),
                    reverse=True)
    used_o, used_n, pairs = set(), set(), []
    for score, i, j in scored:
        if score < 0.6 or i in used_o or j in used_n:
            continue
        used_o.add(i)
        used_n.add(j)
        pairs.append((old[i], new[j]))
    pairs.sort(key=lambda p: p[1].number)
    return pairs, [n for j, n in enumerate(new) if j not in used_n], [o for i, o in enumerate(old) if i not in used_o]


@dataclass
class _Report:
    rev: str
    short: str
    as_of: dt.date
    since: dt.date
    notes: list[str] = field(default_factory=list)
    new_reviews: list[str] = field(default_factory=list)
    removed_reviews: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    updates: list[str] = field(default_factory=list)
    overdue: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        out = [f"## Changes to the action plans since `{_code(self.rev)}`"
               + (f" ({self.short})" if self.short and self.short != self.rev else ""), ""]
        counts = [(len(self.new_reviews), "new review", "new reviews"),
                  (len(self.removed_reviews), "review removed", "reviews removed"),
                  (len(self.status), "action changed status", "actions changed status"),
                  (len(self.updates), "new progress update", "new progress updates"),
                  (len(self.overdue), "action newly overdue", "actions newly overdue"),
                  (len(self.other), "other change", "other changes")]
        said = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
        if not said:
            out.append(f"No changes to the published action plans since `{_code(self.rev)}`.")
        else:
            out.append("; ".join(said).capitalize() + f". Overdue is judged as of {_day(self.as_of)}, "
                       f"compared with {_day(self.since)} when `{_code(self.rev)}` was committed.")
        for note in self.notes:
            out += ["", f"> {note}"]
        sections = [("Warnings", self.warnings), ("New reviews", self.new_reviews), ("Reviews removed", self.removed_reviews),
                    ("Actions that changed status", self.status), ("New progress updates", self.updates),
                    ("Actions newly overdue", self.overdue), ("Other changes", self.other)]
        for title, items in sections:
            if not items:
                continue
            out += ["", f"### {title}", ""]
            out += [f"- {item}" for item in items[:MAX_SHOWN]]
            if len(items) > MAX_SHOWN:
                out.append(f"- …and {len(items) - MAX_SHOWN} more")
        return "\n".join(out) + "\n"


def _code(text: str) -> str:
    return text.replace("`", "'")


def _md(text: str, limit: int = TEXT_CHARS) -> str:
    """Content text shown inline: one line, shortened, Markdown and HTML characters escaped."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + "…"
    return re.sub(r"([\\`*_\[\]<>#|~])", r"\\\1", text)


def _day(d: dt.date | PartialDate) -> str:
    if isinstance(d, PartialDate):
        return d.display()
    return f"{d.day} {d.strftime('%B')} {d.year}"


def _due(due) -> str:
    if due is None:
        return "no due date"
    if isinstance(due, PartialDate):
        return f"due {_day(due)}"
    return {"ongoing": "ongoing", "tbc": "due date to be confirmed"}.get(due, str(due))


def _status(action: Action) -> str:
    return STATUS_LABELS.get(action.status or NO_UPDATE, action.status or "")


def _compare(old: _Side, new: _Side, rev: str, short: str, had_content: bool) -> _Report:
    assert new.content is not None
    report = _Report(rev, short, new.as_of, old.as_of)
    agencies = {a.id: a for a in new.content.agencies}
    partnerships = {p.id: p.name for p in new.content.site.partnerships}
    old_reviews: dict[str, Review] = {}
    if not had_content:
        report.notes.append(f"There was no content folder at `{_code(rev)}`: every review is new.")
    elif old.content is None:
        report.notes.append(f"The content at `{_code(rev)}` does not pass check ({old.errors} error"
                            f"{'s' * (old.errors != 1)}), so it could not be compared: every review is shown as new.")
    else:
        old_reviews = {r.id: r for r in old.content.reviews}
        old_agencies = {a.id for a in old.content.agencies}
        for a in new.content.agencies:
            if a.id not in old_agencies:
                report.other.append(f"New agency: {_md(a.name)} (`{a.id}`).")

    def who(action: Action) -> str:
        agency = agencies.get(action.lead)
        return _md(agency.short_name or agency.name) if agency else f"`{action.lead}`"

    def where(review: Review, rec: Recommendation, action: Action | None = None) -> str:
        out = f"**{_md(review.title, 80)}**, recommendation {_md(rec.id)}"
        if action is not None:
            out += f", action {action.number} ({who(action)})"
        return out

    new_ids = {r.id for r in new.content.reviews}
    for review in new.content.reviews:
        before = old_reviews.get(review.id)
        if before is None:
            actions = [a for rec in review.recommendations for a in rec.actions]
            late = sum(_overdue(a, new.as_of) for a in actions)
            report.new_reviews.append(
                f"**{_md(review.title, 80)}** (`{review.id}`, {_md(partnerships.get(review.partnership, review.partnership))}): "
                f"{len(review.recommendations)} recommendation{'s' * (len(review.recommendations) != 1)}, "
                f"{len(actions)} action{'s' * (len(actions) != 1)}" + (f", {late} overdue" if late else "") + ".")
            continue
        if review.updated != before.updated:
            report.other.append(f"**{_md(review.title, 80)}**: plan last updated {_day(review.updated)} "
                                f"(was {_day(before.updated)}).")
        old_recs = {r.id: r for r in before.recommendations}
        for rec in review.recommendations:
            was = old_recs.get(rec.id)
            if was is None:
                report.other.append(f"{where(review, rec)} added: {_md(rec.text)} "
                                    f"({len(rec.actions)} action{'s' * (len(rec.actions) != 1)}).")
                for action in rec.actions:
                    if _overdue(action, new.as_of):
                        report.overdue.append(f"{where(review, rec, action)}: {_due(action.due)}; "
                                              f"{_status(action)}.")
                continue
            pairs, added, removed = _pair_actions(was.actions, rec.actions)
            for action in added:
                report.other.append(f"{where(review, rec, action)} added: {_md(action.action)}")
                if _overdue(action, new.as_of):
                    report.overdue.append(f"{where(review, rec, action)}: {_due(action.due)}; {_status(action)}.")
            for action in removed:
                report.other.append(f"{where(review, rec)}: an action was removed ({who(action)}: "
                                    f"{_md(action.action, 80)})")
            for o, n in pairs:
                _action_changes(report, where(review, rec, n), o, n, old.as_of, new.as_of)
        for rec_id, was in old_recs.items():
            if rec_id not in {r.id for r in review.recommendations}:
                report.other.append(f"**{_md(review.title, 80)}**: recommendation {_md(rec_id)} was removed.")
    for review_id, before in old_reviews.items():
        if review_id not in new_ids:
            report.removed_reviews.append(f"**{_md(before.title, 80)}** (`{review_id}`)")
    return report


def unexplained(o: Action, n: Action) -> bool:
    """The status changed, but nothing dated says when or why: no new dated update, no new
    completion date, no milestone newly done. Flags are worked out from dated facts only, so
    such a change leaves "no recent update" and "last updated" as they were."""
    if (o.status or NO_UPDATE) == (n.status or NO_UPDATE):
        return False
    new_update = bool({(u.date, u.text) for u in n.updates} - {(u.date, u.text) for u in o.updates})
    new_completion = n.completed is not None and n.completed != o.completed
    new_milestone = bool({(m.text, m.done) for m in n.milestones if m.done}
                         - {(m.text, m.done) for m in o.milestones if m.done})
    return not (new_update or new_completion or new_milestone)


UNEXPLAINED_HINT = ("add a dated update saying what changed (updates: - date: YYYY-MM-DD, text: …), "
                    "or a completed: date")


def _action_changes(report: _Report, label: str, o: Action, n: Action, then: dt.date, now: dt.date) -> None:
    if unexplained(o, n):
        report.warnings.append(f"{label}: the status changed ({_status(o)} → {_status(n)}) without a dated "
                               f"update: {UNEXPLAINED_HINT}.")
    if (o.status or NO_UPDATE) != (n.status or NO_UPDATE):
        done = f" (completed {_day(n.completed)})" if n.completed and n.completed != o.completed else ""
        report.status.append(f"{label}: {_status(o)} → **{_status(n)}**{done}.")
    old_updates = {(u.date, u.text) for u in o.updates}
    for u in n.updates:
        if (u.date, u.text) not in old_updates:
            report.updates.append(f"{label}, {_day(u.date)}: “{_md(u.text)}”")
    if o.due != n.due:
        report.other.append(f"{label}: {_due(n.due)} (was {_due(o.due)}).")
    if _overdue(n, now) and not _overdue(o, then):
        report.overdue.append(f"{label}: {_due(n.due)}; {_status(n)}.")


def status_changes_since(content: Content, sources: dict[str, str], content_dir: Path, rev: str, *,
                         redaction_file: Path | None = None) -> list[tuple[str, int, int, str, str]]:
    """For `check --since REV`: every action whose status changed since REV without a dated
    update, as (file, line, col, message, hint) at its `status:` line. Raises DiffError when REV
    cannot be read; returns [] when the content at REV does not pass (nothing to compare)."""
    from ..privacy.redact import locate
    with tempfile.TemporaryDirectory(prefix="actionplans-since-") as tmp:
        old_dir = Path(tmp) / "content"
        old_dir.mkdir()
        _read_revision(Path(content_dir), rev, old_dir, [])   # a submodule in the history: nothing to compare there
        old = prepare(old_dir, as_of=content.site.as_of, redaction_file=redaction_file) \
            if (old_dir / "site.yaml").exists() else None
    if old is None or old.content is None:
        return []
    before = {r.id: r for r in old.content.reviews}
    out = []
    for review in content.reviews:
        was = before.get(review.id)
        if was is None:
            continue
        old_recs = {r.id: r for r in was.recommendations}
        for rec in review.recommendations:
            if rec.id not in old_recs:
                continue
            pairs, _, _ = _pair_actions(old_recs[rec.id].actions, rec.actions)
            for o, n in pairs:
                if not unexplained(o, n) or n.source is None:
                    continue
                line, col = locate(sources.get(n.source.path), n.source.line, "status:") \
                    if n.status else (n.source.line, n.source.col)
                out.append((n.source.path, line, col,
                            f"recommendation {rec.id}, action {n.number}: the status changed since {rev} "
                            f"({_status(o)} → {_status(n)}) without a dated update", UNEXPLAINED_HINT))
    return out
