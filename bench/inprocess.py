"""Serve mode's rebuild, measured in one process as `actionplans serve` does it: a first
build (imports, name lists and template compilation paid here), one review edited, then
the rebuild that a saved file triggers, timed with a stage breakdown.

    python bench/inprocess.py --content DIR --output DIR [--as-of 2026-11-21]

Prints one JSON line: the first build, then two rebuilds after two edits. Like serve, every
build is build() over the same options and the same build cache (--cache-dir): a rebuild
redoes only what the edited review touches; `rebuild_s` is the whole build, search index and
writing included.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import edit_one_review  # noqa: E402
from stages import timed_stages  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--content", type=Path, required=True)
    p.add_argument("--output", type=Path, required=True)
    p.add_argument("--as-of", default="2026-11-21")
    p.add_argument("--cache-dir", type=Path, default=None)
    args = p.parse_args(argv)
    as_of = dt.date.fromisoformat(args.as_of)

    t0 = time.perf_counter()
    from actionplans.build import build   # the import is part of serve's first build
    from actionplans.core.options import BuildOptions
    options = BuildOptions(args.content, args.output, as_of=as_of, cache_dir=args.cache_dir)
    out: dict = {}
    with timed_stages() as first:
        r1 = build(options)
    out["first_s"] = round(time.perf_counter() - t0, 3)
    out["first_stages"] = {k: round(v, 3) for k, v in first.items()}
    out["first_written"] = r1.written
    out["first_errors"] = len(r1.diagnostics.errors)

    # Two edits: the first shows what one edit costs after serve's first build; the second, a
    # session that has run for a while (caches inside templates and Python are warm).
    for key, n in (("rebuild", 2), ("rebuild2", 3)):
        edited = edit_one_review(args.content, n=n)
        t1 = time.perf_counter()
        with timed_stages() as again:
            r2 = build(options)
        out[f"{key}_s"] = round(time.perf_counter() - t1, 3)
        out[f"{key}_pages_rendered"] = len(r2.rendered)
        out[f"{key}_cache"] = {"hits": r2.cache.hits, "misses": r2.cache.misses} if r2.cache else None
        out[f"{key}_stages"] = {k: round(v, 3) for k, v in again.items()}
        out[f"{key}_written"] = r2.written
        out["edited"] = str(edited)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
