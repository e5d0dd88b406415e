"""The search index in parts: one for each partnership's reviews (their pages and their actions'
records), at /pagefind/partnerships/<id>/, and one for every other page, at /pagefind/. The
search page loads the main one and merges the others in the browser (Pagefind's mergeIndex;
search.js), so a search still finds everything and its filters (partnership, status, agency,
progress) work across them. An edit to a review makes only its partnership's part again.

Pagefind ranks each part's results by that part's own word statistics, and the browser sorts
them together by score."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..core.model import Content, Review
from ..core.urls import output_path, path_for
from ..site.wayin import search_partitions
from .search import OUTPUT_DIR, indexed, search_files


@dataclass
class Part:
    output_dir: str                 # pagefind or pagefind/partnerships/<id>
    merged: bool                    # merged into the main index in the browser
    pages: list[str] = field(default_factory=list)     # output paths of the pages it indexes
    records: list[dict] = field(default_factory=list)  # its actions' records (search_records.py)


def index_parts(names: Iterable[str], content: Content, records: list[tuple[Review, list[dict]]]) -> list[Part]:
    """The parts for these output files (only those search indexes) and each review's records:
    the main part first, then each partnership's in search_partitions' order."""
    parts = {"": Part(OUTPUT_DIR, False)}
    for pid in search_partitions(content):
        parts[pid] = Part(path_for("pagefind_partnership", pid).strip("/"), True)
    owner = {output_path(path_for("review", r.id)): r.partnership for r in content.reviews}
    for name in sorted(names):
        if indexed(name):
            parts[owner.get(name, "") if owner.get(name, "") in parts else ""].pages.append(name)
    for review, recs in records:
        parts[review.partnership if review.partnership in parts else ""].records.extend(recs)
    return list(parts.values())


def part_files(part: Part, files: dict[str, bytes], base_path: str) -> dict[str, bytes]:
    """The index files of one part (Pagefind, in its own process)."""
    return search_files({n: files[n] for n in part.pages}, base_path, part.records,
                        output_dir=part.output_dir, merged=part.merged)


def index_files(files: dict[str, bytes], content: Content, records: list[tuple[Review, list[dict]]],
                base_path: str) -> dict[str, bytes]:
    """Every part's index files, made now (the build keeps each part in its cache)."""
    out: dict[str, bytes] = {}
    for part in index_parts(files, content, records):
        out.update(part_files(part, files, base_path))
    return out
