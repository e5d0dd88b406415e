"""Benchmark: the national view (`actionplans national`) over many partnerships' open data.

    python bench/national.py                          # N = 2,000 reviews in 150 partnerships
    python bench/national.py --reviews 200 --partnerships 15

Setup (not timed): bench/corpus.py writes the synthetic content for N reviews; stages 1-5 of
the build (load, check, redact, progress) and the open-data writer make its reviews.json
exactly as a built site publishes it, without rendering the pages; the reviews are then dealt
out to P partnerships, one built-site folder each (data/reviews.json), listed in a SOURCES
file. Kept in bench/corpus/national-n<N>-p<P> and reused.

Timed: `python -m actionplans national SOURCES --output DIR` in a fresh child, cold (no
previous output) then again over its own output, each with its CPU time and peak memory
(bench/run.py's measure). Results: a Markdown table on stdout and bench/out/national.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import corpus  # noqa: E402
from run import measure, tree_stats  # noqa: E402


def make_sources(n: int, partnerships: int, root: Path, corpus_dir: Path | None = None) -> Path:
    """The SOURCES file for N reviews dealt out to P partnership sites (made once), from the
    corpus in `corpus_dir` (default bench/corpus/n<N>, shared with bench/run.py; made if absent)."""
    sources = root / "sources.txt"
    if sources.is_file():
        return sources
    from actionplans.build import prepare
    from actionplans.core.urls import links_for
    from actionplans.publish.opendata import site_wide_files

    content_dir = corpus_dir or HERE / "corpus" / f"n{n}"
    if not (content_dir / "site.yaml").is_file():
        corpus.write_corpus(n, content_dir)
    t0 = time.perf_counter()
    result = prepare(content_dir, as_of=corpus.AS_OF)
    if result.content is None:
        raise SystemExit("the corpus does not check:\n" + "\n".join(d.format() for d in result.diagnostics.errors[:20]))
    files = site_wide_files(result.content, result.progress, links_for(result.content.site.base_url))
    data = json.loads(files["data/reviews.json"])
    print(f"setup: the corpus's reviews.json in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    places = corpus._places(partnerships)
    lines = []
    for k in range(partnerships):
        pid = f"partnership-{k + 1:03d}"
        name = f"{places[k]} Community Safety Partnership"
        reviews = [dict(r, partnership=pid) for i, r in enumerate(data["reviews"]) if i % partnerships == k]
        site = dict(data, site=name, partnerships=[{"id": pid, "name": name}], reviews=reviews)
        folder = root / pid / "data"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "reviews.json").write_text(json.dumps(site, ensure_ascii=False), "utf-8")
        lines.append(pid)
    sources.write_text("\n".join(lines) + "\n", "utf-8")
    return sources


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--reviews", type=int, default=2000)
    p.add_argument("--partnerships", type=int, default=150)
    p.add_argument("--cap", type=float, default=1800)
    args = p.parse_args(argv)
    root = HERE / "corpus" / f"national-n{args.reviews}-p{args.partnerships}"
    sources = make_sources(args.reviews, args.partnerships, root)
    out = HERE / "out" / f"national-n{args.reviews}"
    cmd = [sys.executable, "-m", "actionplans", "national", str(sources), "--output", str(out),
           "--as-of", corpus.AS_OF.isoformat()]
    import shutil
    shutil.rmtree(out, ignore_errors=True)
    rows = []
    for name in ("national cold", "national again"):
        run, stdout, stderr = measure(name, cmd, cap=args.cap)
        tree_stats(run, out)
        run.note = stdout.strip()[-200:] or stderr.strip()[-300:]
        rows.append(run)
    print("| N | partnerships | run | wall s | CPU s | peak MB | pages | output MB | note |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {args.reviews} | {args.partnerships} | {r.name} | {r.wall_s} | {r.cpu_s} | {r.peak_mb} | {r.pages} | "
              f"{r.out_mb} | {r.note} |")
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "national.json").write_text(json.dumps([r.__dict__ for r in rows], indent=1) + "\n")
    return 0 if all(r.exit == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
