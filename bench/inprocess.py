"""Serve mode's rebuild, measured in one process as `actionplans serve` does it: a first
build (imports, name lists and template compilation paid here), one review edited, then
the rebuild that a saved file triggers, timed with a stage breakdown.

    python bench/inprocess.py --content DIR --output DIR [--as-of 2026-11-21]

Prints one JSON line: the first build, then two rebuilds after two edits. Today's serve mode calls generator.build.build() for every change, so
the rebuild is a full build in a warm process (there is no incremental path yet).
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
    args = p.parse_args(argv)
    as_of = dt.date.fromisoformat(args.as_of)

    t0 = time.perf_counter()
    from generator.build import build          # the import is part of serve's first build
    out: dict = {}
    with timed_stages() as first:
        r1 = build(args.content, args.output, as_of=as_of)
    out["first_s"] = round(time.perf_counter() - t0, 3)
    out["first_stages"] = {k: round(v, 3) for k, v in first.items()}
    out["first_written"] = r1.written
    out["first_errors"] = len(r1.diagnostics.errors)

    # Two edits: the first rebuild may be the first real build of this process (when the
    # first build found output/ up to date, it returned at once); the second is the steady
    # state of a serve session that has run for a while.
    for key, n in (("rebuild", 2), ("rebuild2", 3)):
        edited = edit_one_review(args.content, n=n)
        t1 = time.perf_counter()
        with timed_stages() as again:
            r2 = build(args.content, args.output, as_of=as_of)
        out[f"{key}_s"] = round(time.perf_counter() - t1, 3)
        out[f"{key}_stages"] = {k: round(v, 3) for k, v in again.items()}
        out[f"{key}_written"] = r2.written
        out["edited"] = str(edited)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
