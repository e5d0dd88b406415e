"""What `actionplans serve` keeps between builds, so that saving one review redoes only what
depends on it: that file is read and checked again, that review redacted and derived again,
and only the pages that show it are rendered, checked and written.

Every entry is kept with what it was made from and reused only while that is the same object
(or, for the small site-wide files, equal). A build with a memo produces the same bytes as a
build without one; tests/test_incremental.py compares them after edits of every kind."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..core.model import Agency, Partnership, Review, Topic
from ..site.pages import Page
from ..content.progress import Progress


@dataclass
class Memo:
    read: dict = field(default_factory=dict)          # validate.read_content: review files
    redact: dict = field(default_factory=dict)        # redact.redact: each review's redaction
    progress: dict = field(default_factory=dict)      # progress.derive: each review's share
    pages: dict[str, tuple[tuple, tuple, bytes]] = field(default_factory=dict)   # output → (fixed, inputs, bytes)
    site_key: tuple | None = None                     # what every page shows: site, agencies, theme…
    fragments: dict = field(default_factory=dict)     # site_extras.fragment_cache: rows and cards
    data: dict[str, tuple[Any, bytes]] = field(default_factory=dict)   # per-review data files
    links: dict = field(default_factory=dict)           # links.find_broken: per page, and the file names
    xml: dict = field(default_factory=dict)             # xmlcheck.malformed_xml: per XML file
    guard: dict[str, tuple[bytes, list]] = field(default_factory=dict)
    guard_key: tuple | None = None
    envs: tuple[tuple, dict] | None = None            # (theme key, Jinja environments): compiled once
    written: dict[str, bytes] | None = None           # output/ as this process last wrote it
    output: Path | None = None
    pending: Callable[[], list[str]] | None = None    # the site-wide files still to be built
    rendered: list[str] = field(default_factory=list)   # the pages the last build rendered


def theme_key(dirs: list[Path]) -> tuple:
    """Names, sizes and times of every theme file: a template edit renders every page again."""
    out = []
    for d in dirs:
        for path in sorted(Path(d).rglob("*")):
            try:
                st = path.lstat()
            except OSError:
                continue
            out.append((path.as_posix(), st.st_size, st.st_mtime_ns))
    return tuple(out)


def page_inputs(page: Page, progress: Progress, everything: tuple) -> tuple:
    """The reviews a page shows. A review's page shows that review; an agency's, every review
    with an action it leads or supports (its predecessors' included); a topic's and a
    partnership's, theirs; lists, totals and the home page show them all."""
    s = page.subject
    if isinstance(s, Review):
        return (s,)
    if isinstance(s, Agency):
        return tuple(progress.agency_reviews.get(s.id, ()))
    if isinstance(s, Topic):
        return tuple({id(rv): rv for rv, _ in progress.topic_recommendations.get(s.id, [])}.values())
    if isinstance(s, Partnership):
        return tuple(progress.partnership_reviews.get(s.id, []))
    return everything


def page_fixed(page: Page) -> tuple:
    return (page.template, page.theme, page.url, page.kind, page.title, page.description, page.breadcrumbs,
            repr(page.extra.get("filter")))


def same_objects(a: tuple, b: tuple) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b))


def write_changed(output: Path, before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    """Bring output/ from `before` to `after` file by file: each changed file is written beside
    itself and renamed over the old one, so a reader never sees half a file. Used by serve
    only, on a folder its own first build wrote whole (and atomically)."""
    changed = []
    for name, data in after.items():
        old = before.get(name)
        if old is data or old == data:
            continue
        path = output / name
        for folder in reversed([path.parent, *path.parent.parents]):
            if folder.is_relative_to(output) and folder != output and not folder.is_dir():
                folder.mkdir()
                os.chmod(folder, 0o755)      # as write.write_tree: world-readable whatever the umask
        temp = path.with_name(f".{path.name}.actionplans-tmp")
        with open(temp, "wb") as fh:
            os.fchmod(fh.fileno(), 0o644)
            fh.write(data)
        os.replace(temp, path)
        changed.append(name)
    for name in sorted(set(before) - set(after)):
        try:
            (output / name).unlink()
        except FileNotFoundError:
            pass
        changed.append(name)
        parent = (output / name).parent
        while parent != output and not any(parent.iterdir()):   # as a whole build would leave it
            parent.rmdir()
            parent = parent.parent
    return changed


def render_changed(pages: list[Page], memo: Memo, site_key: tuple, progress: Progress,
                   everything: tuple, render: Callable[[list[Page]], dict[str, bytes]]) -> dict[str, bytes]:
    """render(pages) for the pages whose inputs changed; the kept bytes for the others."""
    if memo.site_key != site_key:
        memo.pages.clear()
        memo.data.clear()
        memo.fragments.clear()
        memo.site_key = site_key
    todo, kept = [], {}
    for page in pages:
        fixed, inputs = page_fixed(page), page_inputs(page, progress, everything)
        old = memo.pages.get(page.output)
        if old is not None and old[0] == fixed and same_objects(old[1], inputs):
            kept[page.output] = old[2]
        else:
            todo.append((page, fixed, inputs))
    fresh = render([page for page, _, _ in todo])
    memo.rendered = [page.output for page, _, _ in todo]
    for page, fixed, inputs in todo:
        memo.pages[page.output] = (fixed, inputs, fresh[page.output])
        kept[page.output] = fresh[page.output]
    for gone in set(memo.pages) - set(kept):
        del memo.pages[gone]
    return {page.output: kept[page.output] for page in pages}


def guard_changed(files: dict[str, bytes], memo: Memo, key: tuple, guard: Callable[[dict[str, bytes]], list],
                  label: str = "output") -> list:
    """guard(files) for the files whose bytes changed; the kept findings for the others."""
    if memo.guard_key != key:
        memo.guard.clear()
        memo.guard_key = key
    todo = {}
    for name, data in files.items():
        old = memo.guard.get(name)
        if old is None or not (old[0] is data or old[0] == data):
            todo[name] = data
    found: dict[str, list] = {name: [] for name in todo}
    for problem in guard(todo):
        found[problem.path[len(label) + 1:]].append(problem)
    for name, problems in found.items():
        memo.guard[name] = (todo[name], problems)
    return [p for name in sorted(files) for p in memo.guard[name][1]]
