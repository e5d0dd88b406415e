"""Where a cold build's memory goes: resident memory before and after each stage of
actionplans.build, and the largest child process so far (forked render workers, Pagefind).

    python bench/memory.py --reviews 200

bench/run.py's "peak MB" is the largest single process of a build: this says which one it is
and in which stage this process grows. Resident sizes come from /proc/self/statm and
getrusage (no tracemalloc: it slows the build several times and its own bookkeeping inflates
the resident size). Stages are wrapped where build.py looks them up, as bench/stages.py does;
a name build.py no longer has is skipped. Linux only.
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import shutil
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from corpus import AS_OF, write_corpus  # noqa: E402

# build.py's stage functions, and the steps inside check_output worth telling apart
WATCHED = ("prepare", "plan_site", "render_site", "publish_files", "admin_files", "check_output", "write_site",
           "check_collisions", "find_broken", "trace_links", "malformed_xml", "guard_cached", "search_files",
           "headers_file", "trace_guard")


def resident_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def watch(module, names: tuple[str, ...], rows: list[tuple]) -> None:
    for name in names:
        fn = getattr(module, name, None)
        if fn is None:
            continue

        @functools.wraps(fn)
        def watched(*args, _fn=fn, _name=name, **kwargs):
            before = resident_mb()
            try:
                return _fn(*args, **kwargs)
            finally:
                rows.append((_name, before, resident_mb(), peak_mb(), peak_mb(resource.RUSAGE_CHILDREN)))
        setattr(module, name, watched)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--reviews", type=int, default=200)
    p.add_argument("--work", type=Path, default=Path("/tmp/actionplans-bench"))
    args = p.parse_args(argv)
    content, output = args.work / f"n{args.reviews}", args.work / f"out{args.reviews}-memory"
    stats = write_corpus(args.reviews, content)
    shutil.rmtree(output, ignore_errors=True)
    print(f"corpus: {stats.reviews} reviews, {stats.actions} actions, {stats.bytes / 1e6:.1f} MB", flush=True)

    import actionplans.build as B
    from actionplans.core.options import BuildOptions
    rows: list[tuple] = []
    watch(B, WATCHED, rows)
    start = resident_mb()
    t0 = time.perf_counter()
    result = B.build(BuildOptions(content=content, output=output, as_of=AS_OF, cache=False))
    wall = time.perf_counter() - t0
    print(f"\ncold build, no cache: {wall:.0f} s, {'failed' if result.failed() else 'written'}; "
          f"resident at start {start:.0f} MB")
    print("| stage (in the order it ended) | resident before MB | after MB | this process's peak so far MB "
          "| largest child so far MB |")
    print("|---|---|---|---|---|")
    for name, before, after, peak, child in rows:
        print(f"| {name} | {before:.0f} | {after:.0f} | {peak:.0f} | {child:.0f} |")
    own, child = peak_mb(), peak_mb(resource.RUSAGE_CHILDREN)
    print(f"\npeak: this process {own:.0f} MB, largest child {child:.0f} MB "
          f"({'a child' if child > own else 'this process'} sets the build's peak)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
