"""Benchmark: the Corporate Parenting Panel scorecard, national and one council (issue 10; not a test).

Targets (issue 10): the national scorecard (every council of the national synthetic set, every measure, value + a
year earlier + 12 monthly trend points, benchmarks and RAG) **< 20 s on 2 cores**, peak memory **< 4 GB**; one
council's scorecard warm (its data already loaded and computed once, as in the web app) **< 0.1 s**.

Each figure is measured in the same run for the code of this checkout and for the code at a baseline commit
(default ``205a85b``, before the measures were rewritten as one implementation over many dates), extracted with
``git archive`` into a temporary folder and imported from there in its own worker processes, on the same data. The
workers also return every figure of every scorecard (value, numerator, denominator, year-earlier value and
trend), and the two codes' figures are compared.

Data: the national synthetic set (``cphub synth --national --from-year 2017 --to-year 2026 --seed 1 --out DIR``,
generated into ``--data`` when missing), read straight from its CSVs (no database). Reading is timed apart.
"National on 2 cores": the councils are split between ``--jobs`` worker processes (default 2) running at once; the
time is the longest worker's scorecard time (reading the CSVs excluded; the wall clock including reading and
start-up is printed too, and the CPU time, which the machine's load disturbs less); each worker runs Polars on
``--threads`` threads (default 1, so two workers use the two cores); peak memory is the sum of the workers' peak
resident sizes.

Run: ``.venv/bin/python benchmarks/scorecard_bench.py [--data DIR] [--at 2026-03-31] [--jobs 2] [--limit N]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "205a85b"


# ------------------------------------------------------------------------------------------ worker (either code)
def _load(folder: Path):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from demo_figures import load_council

    return load_council(folder)


def _figures(card) -> dict:
    return {r.id: [r.value, r.numerator, r.denominator, r.last_year_value, [p.value for p in r.trend], r.error]
            for r in card.rows}


def worker(folders: list[Path], at: date, one: Path | None, repeat: int) -> dict:
    """Scorecards of ``folders`` (fresh data each, so cold), then ``one`` warm; timings, memory and figures."""
    import cphub
    from cphub.measures.base import CouncilData
    from cphub.panel.scorecard import assemble
    from cphub.reference.benchmarks import benchmark

    out: dict = {"code": str(Path(cphub.__file__).resolve().parent), "read_s": 0.0, "cards_s": 0.0, "cpu_s": 0.0,
                 "figures": {}}
    t_all = time.perf_counter()
    for folder in folders:
        t = time.perf_counter()
        data = _load(folder)
        out["read_s"] += time.perf_counter() - t
        t, c = time.perf_counter(), time.process_time()
        card = assemble(data, at, benchmark=benchmark)
        out["cards_s"] += time.perf_counter() - t
        out["cpu_s"] += time.process_time() - c
        out["figures"][folder.name] = _figures(card)
    out["wall_s"] = time.perf_counter() - t_all
    if one is not None:
        data = _load(one)
        cold = []
        for _ in range(repeat):  # each on fresh data: nothing computed yet
            fresh = CouncilData(la=data.la, tables=data.tables, population=data.population, settings=data.settings)
            t = time.perf_counter()
            assemble(fresh, at, benchmark=benchmark)
            cold.append(time.perf_counter() - t)
        out["one_cold_s"] = statistics.median(cold)
        warm = []
        for _ in range(repeat):
            t = time.perf_counter()
            assemble(data, at, benchmark=benchmark)
            warm.append(time.perf_counter() - t)
        out["one_warm_s"] = statistics.median(warm)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


# ------------------------------------------------------------------------------------------ parent
def baseline_src(commit: str, into: Path) -> Path:
    """The ``src`` folder of ``commit``, extracted with ``git archive``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "src"], check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into / "src"


def run_code(src: Path, folders: list[Path], at: date, one: Path, jobs: int, repeat: int, threads: int) -> dict:
    """Run the workers with ``src`` first on sys.path: the councils split over ``jobs`` processes at once, then one
    more process for the single council (alone, so its timing is not shared with the national run)."""
    env = dict(os.environ, PYTHONPATH=str(src), POLARS_MAX_THREADS=str(threads))
    chunks = [folders[i::jobs] for i in range(jobs)]
    start = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, __file__, "--worker", at.isoformat(), *map(str, c)], env=env,
                              stdout=subprocess.PIPE, text=True) for c in chunks if c]
    results = [json.loads(p.communicate()[0]) for p in procs]
    wall = time.perf_counter() - start
    single = subprocess.run([sys.executable, __file__, "--worker", at.isoformat(), "--one", str(one),
                             "--repeat", str(repeat)], env=env, capture_output=True, text=True, check=True)
    one_res = json.loads(single.stdout)
    figures: dict = {}
    for r in results:
        figures.update(r["figures"])
    return {"code": results[0]["code"], "wall_s": wall, "read_s": sum(r["read_s"] for r in results),
            "cards_s": sum(r["cards_s"] for r in results), "national_s": max(r["cards_s"] for r in results),
            "cpu_s": sum(r["cpu_s"] for r in results),
            "peak_mb": sum(r["peak_rss_mb"] for r in results), "one_cold_s": one_res["one_cold_s"],
            "one_warm_s": one_res["one_warm_s"], "figures": figures}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    p.add_argument("--one", default="871", help="The council for the one-council timing")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--data", type=Path, default=ROOT / "var" / "bench" / "national")
    p.add_argument("--at", type=date.fromisoformat, default=date(2026, 3, 31))
    p.add_argument("--jobs", type=int, default=2, help="Worker processes for the national run (2 cores: 2)")
    p.add_argument("--limit", type=int, default=0, help="Only the first N councils (0: all)")
    p.add_argument("--threads", type=int, default=1,
                   help="POLARS_MAX_THREADS in each worker (default 1: one core per worker process)")
    p.add_argument("--baseline", default=BASELINE, help="The commit to compare with (default %(default)s)")
    args = p.parse_args(argv)

    if args.worker:  # a worker: print JSON for the parent
        at, folders = date.fromisoformat(args.worker[0]), [Path(f) for f in args.worker[1:]]
        one = Path(args.one) if args.one and Path(args.one).is_dir() else None
        print(json.dumps(worker(folders, at, one, args.repeat), default=str))
        return 0

    if not args.data.exists() or not any(args.data.iterdir()):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cphub", "synth", "--national", "--from-year", "2017", "--to-year",
                        "2026", "--seed", "1", "--out", str(args.data)], check=True)
        print(f"generated the national set in {time.perf_counter() - t:.0f} s")
    folders = sorted(f for f in args.data.iterdir() if f.is_dir() and f.name.isdigit())
    if args.limit:
        folders = folders[: args.limit]
    one = args.data / args.one
    print(f"{len(folders)} councils, as at {args.at}; {args.jobs} worker processes of {args.threads} Polars "
          f"thread(s); {os.cpu_count()} CPUs; "
          f"load average {os.getloadavg()[0]:.1f} at start")

    with tempfile.TemporaryDirectory(prefix="cphub-baseline-") as tmp:
        old_src = baseline_src(args.baseline, Path(tmp))
        runs = {}
        for name, src in (("baseline " + args.baseline, old_src), ("this code", ROOT / "src")):
            runs[name] = run_code(src, folders, args.at, one, args.jobs, args.repeat, args.threads)
            print(f"  {name}: done, load average {os.getloadavg()[0]:.1f}", flush=True)
    (old_name, old), (new_name, new) = runs.items()

    def line(label: str, key: str, fmt: str, target: float | None = None) -> None:
        a, b = old[key], new[key]
        ratio = a / b if b else float("inf")
        verdict = "" if target is None else (" met" if b < target else f" NOT met (by {b - target:{fmt}})")
        print(f"| {label} | {a:{fmt}} | {b:{fmt}} | {ratio:.1f}x |" + (f" < {target}:{verdict}" if target else ""))

    print(f"\n| figure | {old_name} | {new_name} | ratio | target |")
    print("|---|---|---|---|---|")
    line(f"national scorecard, {len(folders)} councils, on {args.jobs} processes at once (s)", "national_s",
         ".1f", 20.0)
    line("  wall clock including reading the CSVs and start-up (s)", "wall_s", ".1f")
    line("  scorecard time summed over processes (s)", "cards_s", ".1f")
    line("  scorecard CPU time summed over processes (s)", "cpu_s", ".1f")
    line("  reading the CSVs, summed (s, not counted)", "read_s", ".1f")
    line("peak memory, sum over processes (MB)", "peak_mb", ".0f", 4096.0)
    line(f"one council ({args.one}) cold, fresh data, median of {args.repeat} (s)", "one_cold_s", ".3f")
    line(f"one council ({args.one}) warm, median of {args.repeat} (s)", "one_warm_s", ".3f", 0.1)
    same = old["figures"] == new["figures"]
    differ = sorted(la for la in old["figures"] if old["figures"][la] != new["figures"].get(la))
    print(f"\nfigures of every scorecard (value, numerator, denominator, year earlier, trend): "
          f"{'identical' if same else 'DIFFER for ' + ', '.join(differ[:20])}")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
