"""Benchmark: the Corporate Parenting Panel scorecard (issue 4, performance; not a test).

Targets: one council's scorecard < 1 s warm; every council of the national synthetic set < 30 s.

Data: the national synthetic set from ``cphub.synth.generator.generate(out, national=True, ...)`` (generated into
``--data`` unless it is already there), read straight from the CSVs with ``cphub.ssda903.reader`` (no database).

What is timed:

1. **one council, full scorecard** (every registry measure: value, a year earlier and 12 monthly trend points,
   RAG, benchmarks): cold (first call on fresh data) and warm (again on the same ``CouncilData``, whose
   measure caches are filled, as in the web app after the first request), median of ``--repeat`` runs;
2. **every council, full scorecard**, cold per council (fresh data each), after reading the CSVs (timed apart);
3. **baseline**: the straightforward pandas way for the measures it is easy to write by hand — children looked
   after at a date (short breaks excluded, episode open rule) and children on short breaks — at the same 13
   dates per council, against the same two measures through the registry (Polars) date by date and through
   its many-dates path (``compute_series``, as the scorecard's trend uses), with the values checked equal. The
   ratios are pandas time / Polars time for that subset.

Run: ``.venv/bin/python benchmarks/scorecard_bench.py [--data DIR] [--at 2025-03-31] [--repeat 5] [--limit N]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from cphub.csvio import read_table
from cphub.local.schema import LOCAL_TABLES
from cphub.measures.base import CouncilData
from cphub.panel.scorecard import assemble, trend_dates, year_earlier
from cphub.ssda903.codes import SHORT_BREAK_LS
from cphub.ssda903.reader import merge_years, read_years

BASELINE_IDS = ["cla_count", "short_breaks_count"]


def load_council(folder: Path) -> CouncilData:
    """A council's CouncilData from its generated folder (LA/YEAR/*.csv and LA/local/*.csv)."""
    from cphub.reference.councils import council

    tables = merge_years(read_years(folder))
    local = folder / "local"
    for name, spec in LOCAL_TABLES.items():
        f = local / f"{name}.csv"
        if f.exists():
            df, _ = read_table(f.read_bytes(), spec, f.name)
            tables[name] = df
    la = folder.name
    try:
        population = {int(k): int(v) for k, v in council(la)["population"].items()}
    except KeyError:
        population = {}
    return CouncilData(la=la, tables=tables, population=population)


# ------------------------------------------------------------------------------------------ pandas baseline
def pandas_counts(episodes_pd, dates: list[date]) -> dict[str, list[int]]:
    """The pandas way: for each date, children with an episode open (DECOM <= d and DEC blank or > d),
    excluding short breaks (LS V3/V4), and children with a short-break episode open."""
    import pandas as pd

    short = episodes_pd["LS"].isin(list(SHORT_BREAK_LS))
    out: dict[str, list[int]] = {"cla_count": [], "short_breaks_count": []}
    for d in dates:
        ts = pd.Timestamp(d)
        open_ = (episodes_pd["DECOM"] <= ts) & (episodes_pd["DEC"].isna() | (episodes_pd["DEC"] > ts))
        out["cla_count"].append(int(episodes_pd.loc[open_ & ~short, "CHILD"].nunique()))
        out["short_breaks_count"].append(int(episodes_pd.loc[open_ & short, "CHILD"].nunique()))
    return out


def to_pandas_episodes(data: CouncilData):
    import pandas as pd

    src = data["Episodes"].select("CHILD", "DECOM", "DEC", "LS")
    e = pd.DataFrame({c: src[c].to_list() for c in src.columns})  # no pyarrow here; not timed
    e["DECOM"] = pd.to_datetime(e["DECOM"])
    e["DEC"] = pd.to_datetime(e["DEC"])
    return e


def polars_counts(data: CouncilData, dates: list[date], compute) -> dict[str, list[int]]:
    return {mid: [int(compute(mid, data, d).value or 0) for d in dates] for mid in BASELINE_IDS}


def polars_series_counts(data: CouncilData, dates: list[date]) -> dict[str, list[int]]:
    """The same through the registry's many-dates path (``compute_series``), which the scorecard uses for the
    year-earlier value and the trend."""
    from cphub.measures.registry import compute_series

    return {mid: [int(r.value or 0) for r in compute_series(mid, data, dates)] for mid in BASELINE_IDS}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=Path("var/bench/national"))
    p.add_argument("--at", type=date.fromisoformat, default=date(2025, 3, 31))
    p.add_argument("--from-year", type=int, default=2023)
    p.add_argument("--to-year", type=int, default=2025)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--limit", type=int, default=0, help="Only the first N councils (0: all)")
    p.add_argument("--one", default="871", help="The council for the single-council timing")
    args = p.parse_args(argv)

    from cphub.measures.registry import REGISTRY, compute
    from cphub.reference.benchmarks import benchmark

    if not args.data.exists() or not any(args.data.iterdir()):
        from cphub.synth.generator import generate

        t = time.perf_counter()
        generate(args.data, national=True, from_year=args.from_year, to_year=args.to_year, seed=args.seed)
        print(f"generated the national set in {time.perf_counter() - t:.1f} s")
    folders = sorted(f for f in args.data.iterdir() if f.is_dir() and f.name.isdigit())
    if args.limit:
        folders = folders[: args.limit]
    at = args.at
    dates = [year_earlier(at)] + trend_dates(at)
    import os

    print(f"{len(folders)} councils, as at {at}, {len(REGISTRY)} measures, {len(dates)} dates per measure; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")

    def card(data):
        return assemble(data, at, registry=REGISTRY, compute=compute, benchmark=benchmark)

    # 1. one council
    one = args.data / args.one
    t = time.perf_counter()
    data = load_council(one)
    read_one = time.perf_counter() - t
    t = time.perf_counter()
    c = card(data)
    cold = time.perf_counter() - t
    warm_times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        card(data)
        warm_times.append(time.perf_counter() - t)
    warm = statistics.median(warm_times)
    errors = [r.id for r in c.rows if r.error]
    print(f"one council ({args.one}): read CSVs {read_one:.2f} s; scorecard cold {cold:.2f} s, "
          f"warm {warm:.3f} s (median of {args.repeat}) — target < 1 s warm: {'met' if warm < 1 else 'NOT met'}"
          + (f"; measures with errors: {errors}" if errors else ""))

    # 2 + 3. every council
    read_total = polars_total = pandas_total = polars_subset = series_subset = 0.0
    mismatches = []
    for folder in folders:
        t = time.perf_counter()
        data = load_council(folder)
        read_total += time.perf_counter() - t
        # baseline subset first, each on fresh data (cold caches both ways)
        episodes_pd = to_pandas_episodes(data)
        t = time.perf_counter()
        pd_vals = pandas_counts(episodes_pd, dates)
        pandas_total += time.perf_counter() - t
        fresh = CouncilData(la=data.la, tables=data.tables, population=data.population)
        t = time.perf_counter()
        pl_vals = polars_counts(fresh, dates, compute)
        polars_subset += time.perf_counter() - t
        fresh = CouncilData(la=data.la, tables=data.tables, population=data.population)
        t = time.perf_counter()
        series_vals = polars_series_counts(fresh, dates)
        series_subset += time.perf_counter() - t
        if pd_vals != pl_vals or pd_vals != series_vals:
            mismatches.append(folder.name)
        fresh = CouncilData(la=data.la, tables=data.tables, population=data.population)
        t = time.perf_counter()
        card(fresh)
        polars_total += time.perf_counter() - t
    n = len(folders)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    print(f"every council ({n}): read CSVs {read_total:.1f} s (not counted); full scorecards {polars_total:.1f} s "
          f"({polars_total / max(n, 1):.2f} s each) — target < 30 s: {'met' if polars_total < 30 else 'NOT met'}")
    print(f"baseline ({', '.join(BASELINE_IDS)} at {len(dates)} dates, every council): pandas {pandas_total:.2f} s, "
          f"registry (Polars) date by date {polars_subset:.2f} s, ratio pandas/Polars "
          f"{pandas_total / max(polars_subset, 1e-9):.1f}x; many-dates path {series_subset:.2f} s, ratio "
          f"{pandas_total / max(series_subset, 1e-9):.1f}x; "
          f"values {'agree' if not mismatches else 'DIFFER for ' + ', '.join(mismatches[:10])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
