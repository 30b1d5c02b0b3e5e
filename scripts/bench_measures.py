"""Benchmark (not a test): every registry measure at 13 monthly dates for synthetic councils, with a pandas
baseline of the commonest building block (CLA at a date) for comparison.

    .venv/bin/python scripts/bench_measures.py [--councils 871 ...] [--national]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import polars as pl

from cphub.csvio import read_table
from cphub.local.schema import LOCAL_TABLES
from cphub.measures.base import CouncilData
from cphub.measures.registry import REGISTRY
from cphub.ssda903.reader import merge_years, read_years


def load(folder: Path, la: str) -> CouncilData:
    tables = merge_years(read_years(folder))
    for name, spec in LOCAL_TABLES.items():
        f = folder / "local" / f"{name}.csv"
        tables[name] = read_table(f.read_bytes(), spec, f.name)[0] if f.exists() else spec.empty()
    return CouncilData(la=la, tables=tables, population={2022: 40_000, 2023: 40_500, 2024: 41_000, 2025: 41_200})


def month_ends(at: date, n: int = 13) -> list[date]:
    out, d = [], at
    for _ in range(n):
        out.append(d)
        d = d.replace(day=1) - timedelta(days=1)
    return out


def scorecard(data: CouncilData, at: date) -> int:
    n = 0
    for d in month_ends(at):
        for m in REGISTRY.values():
            m.compute(data, d)
            n += 1
    return n


def pandas_baseline(data: CouncilData, at: date) -> None:
    import pandas as pd

    eps = pd.DataFrame(data.tables["Episodes"].to_dict(as_series=False))
    eps["DECOM"] = pd.to_datetime(eps["DECOM"])
    eps["DEC"] = pd.to_datetime(eps["DEC"])
    for d in month_ends(at):
        e = eps[~eps["LS"].isin(["V3", "V4"])]
        ts = __import__("pandas").Timestamp(d)
        open_ = e[(e["DECOM"] <= ts) & (e["DEC"].isna() | (e["DEC"] > ts))]
        open_["CHILD"].nunique()


def main() -> None:
    from cphub.synth.generator import generate

    ap = argparse.ArgumentParser()
    ap.add_argument("--councils", nargs="*", default=["871"])
    ap.add_argument("--national", action="store_true")
    ap.add_argument("--at", default="2025-03-31")
    args = ap.parse_args()
    at = date.fromisoformat(args.at)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        generate(Path(tmp), councils=None if args.national else args.councils, national=args.national,
                 from_year=2022, to_year=2025, seed=3)
        print(f"generated in {time.perf_counter() - t0:.1f}s")
        total_cold = total_warm = 0.0
        las = sorted(p.name for p in Path(tmp).iterdir() if p.is_dir())
        for la in las:
            data = load(Path(tmp) / la, la)
            t0 = time.perf_counter()
            n = scorecard(data, at)
            cold = time.perf_counter() - t0
            t0 = time.perf_counter()
            scorecard(data, at)
            warm = time.perf_counter() - t0
            t0 = time.perf_counter()
            pandas_baseline(data, at)
            pdt = time.perf_counter() - t0
            total_cold += cold
            total_warm += warm
            if len(las) <= 3:
                print(f"{la}: {data.tables['Episodes'].height} episodes, {n} measure values: cold {cold:.2f}s, "
                      f"warm {warm:.3f}s; pandas CLA-at-date x13 baseline {pdt:.3f}s")
        print(f"{len(las)} councils: cold total {total_cold:.1f}s, warm total {total_warm:.1f}s")


if __name__ == "__main__":
    main()
