"""The warm build alone: `actionplans build` into an output folder that a build of the same
inputs, by the same generator, has just written. Builds once if it must (not timed), then
times three warm runs in fresh processes and records the median in the format of run.py.

    python bench/warm.py --sizes 200,2000 --json bench/out/results-warm.json

(bench/run.py's own warm row follows its cold row at once; when the generator's code changes
between the two, for example while someone commits, that row is a full build: this re-measures it.)
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from run import machine, measure, ours_cmd, tree_stats  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="200,2000")
    p.add_argument("--json", type=Path, default=BENCH / "out" / "results-warm.json")
    p.add_argument("--out", default=str(BENCH / "out" / "n{n}" / "warm"), help="output folder; {n} is the size")
    args = p.parse_args(argv)
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        content, out = BENCH / "corpus" / f"n{n}", Path(args.out.format(n=n))
        measure("setup", ours_cmd(content, out))       # a full build unless one is recorded already
        runs = [measure("ours warm", ours_cmd(content, out))[0] for _ in range(3)]
        run = sorted(runs, key=lambda r: r.wall_s or 0)[1]
        run.note = "median of 3: " + ", ".join(f"{r.wall_s} s" for r in runs) + " (bench/warm.py)"
        tree_stats(run, out)
        print(f"N = {n}: {run.note}", file=sys.stderr)
        results.append({"n": n, "corpus": {}, "runs": [asdict(run)]})
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"machine": machine(), "results": results}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
