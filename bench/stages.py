"""Time each stage of actionplans.build.build() without changing actionplans/: the stage
functions build.py imports are wrapped where build.py looks them up, for as long as the
`timed_stages()` context lasts.

Stages reported (seconds, wall clock, in build order):
  parse      read + decode + YAML with marks (load.load_file, per file)
  conform    the content format check of each file (schema.conform)
  model      the rest of read_content: cross-file checks and the typed model
  redact     declared-name replacement, pattern and name detection (redact.redact)
  progress   derived facts (progress.derive)
  plan       the table of pages (pages.plan, embed pages)
  extras     template helpers (site_extras.template_extras) and Jinja environments
  render     every page through Jinja, plus the HTML post-processing (render.render_pages)
  search     the Pagefind search index, built in memory, the parts made again (search_groups.part_files)
  data       open data, feeds, sitemap (data.data_files)
  links      the internal link check (links.find_broken)
  guard      the output guard (guard.guard_output)
  write      the atomic write of output/ (write.write_output)
"""

from __future__ import annotations

import contextlib
import time
from collections import defaultdict
from typing import Callable, Iterator

import actionplans.build as B
import actionplans.content.validate as V

STAGES = ("parse", "conform", "model", "redact", "progress", "plan", "extras", "render", "search", "data",
          "links", "guard", "write")


def _timed(fn: Callable, name: str, acc: dict[str, float]) -> Callable:
    def wrapper(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        except BaseException:
            acc[f"!{name}"] = 1.0        # stopped inside this stage (a --cap in bench/profiling.py)
            raise
        finally:
            acc[name] += time.perf_counter() - t0
    return wrapper


@contextlib.contextmanager
def timed_stages() -> Iterator[dict[str, float]]:
    """Yields a dict filled with seconds per stage as build() runs inside the block."""
    acc: dict[str, float] = defaultdict(float)
    patches = [
        (V, "load_file", "parse"), (V, "_read", "_read"), (B, "read_content", "_read_content"),
        (B, "redact", "redact"), (B, "derive", "progress"), (B, "plan", "plan"),
        (B, "embed_pages", "plan"), (B, "part_files", "search"), (B, "template_extras", "extras"), (B, "make_environment", "extras"), (B, "render_pages", "render"), (B, "render_site", "render"),
        (B, "data_files", "data"), (B, "find_broken", "links"), (B, "guard_output", "guard"),
        (B, "write_output", "write"),
    ]
    # build.py's stages are renamed as the pipeline changes: a name it no longer has is not timed
    patches = [(mod, attr, name) for mod, attr, name in patches if hasattr(mod, attr)]
    saved = [(mod, attr, getattr(mod, attr)) for mod, attr, _ in patches]
    try:
        for mod, attr, name in patches:
            setattr(mod, attr, _timed(getattr(mod, attr), name, acc))
        yield acc
    finally:
        for mod, attr, original in saved:
            setattr(mod, attr, original)
        # _read is load_file + conform (conform recurses through its module global, so it is
        # timed by difference); read_content holds every _read plus cross-file checks and the model
        read = acc.pop("_read", 0.0)
        acc["conform"] = max(0.0, read - acc["parse"])
        acc["model"] = max(0.0, acc.pop("_read_content", 0.0) - read)


def format_stages(acc: dict[str, float]) -> str:
    total = sum(acc.get(s, 0.0) for s in STAGES)
    parts = [f"{s} {acc.get(s, 0.0):.2f}" for s in STAGES if acc.get(s, 0.0) >= 0.005]
    return f"{total:.2f} s = " + ", ".join(parts)
