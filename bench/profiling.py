"""Profile our cold build with cProfile, with the stage breakdown of bench/stages.py.

    python bench/profiling.py --reviews 200
    python bench/profiling.py --reviews 2000 --cap 600      # stopped after 600 s: a partial profile

Generates the corpus into /tmp/actionplans-bench/n<N> (the same bytes as bench/corpus/),
builds it in this process under cProfile, and prints: seconds per stage, the top functions
by own time, and the top functions of actionplans/ by cumulative time. A run stopped by --cap
still prints what it measured up to then, and which stage it was in. The raw profile is
kept in bench/out/profile-n<N>.prof (open it with `python -m pstats` or snakeviz).
cProfile slows Python code down (roughly 1.5–2×): compare stages with each other, and take
absolute times from bench/run.py.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import pstats
import signal
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from corpus import AS_OF, write_corpus  # noqa: E402
from stages import STAGES, timed_stages  # noqa: E402


class Capped(Exception):
    pass


def _alarm(signum, frame):
    raise Capped()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--reviews", type=int, required=True)
    p.add_argument("--cap", type=int, default=0, help="stop after this many seconds (0: no cap)")
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--work", type=Path, default=Path("/tmp/actionplans-bench"))
    args = p.parse_args(argv)
    content = args.work / f"n{args.reviews}"
    stats = write_corpus(args.reviews, content)
    print(f"corpus: {stats.reviews} reviews, {stats.actions} actions, {stats.bytes / 1e6:.1f} MB", flush=True)

    from actionplans.build import build
    prof = cProfile.Profile()
    capped = False
    if args.cap:
        signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(args.cap)
    t0 = time.perf_counter()
    with timed_stages() as acc:
        prof.enable()
        try:
            build(content, args.work / f"out{args.reviews}", as_of=AS_OF)
        except Capped:
            capped = True
        finally:
            prof.disable()
            signal.alarm(0)
    wall = time.perf_counter() - t0
    out = BENCH / "out" / f"profile-n{args.reviews}.prof"
    out.parent.mkdir(parents=True, exist_ok=True)
    prof.dump_stats(out)

    state = f"STOPPED at the {args.cap} s cap" if capped else "complete"
    print(f"\nbuild under cProfile: {wall:.1f} s ({state})")
    print("stages (s, under cProfile):")
    total = sum(acc.get(s, 0.0) for s in STAGES)
    for s in STAGES:
        v = acc.get(s, 0.0)
        if v:
            print(f"  {s:<9} {v:8.2f}  {100 * v / total:5.1f}%")
    if capped:
        inside = [k[1:] for k in acc if k.startswith("!") and not k.startswith("!_")]
        print(f"  stopped inside: {', '.join(inside) or 'between stages'} (its time so far is counted above)")

    st = pstats.Stats(prof)
    buf = io.StringIO()
    st.stream = buf
    st.sort_stats("tottime").print_stats(args.top)
    st.sort_stats("cumulative").print_stats(r"actionplans/", args.top)
    print(buf.getvalue())
    print(f"raw profile: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
