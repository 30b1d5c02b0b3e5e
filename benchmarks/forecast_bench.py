"""Sufficiency forecast benchmark (issue 16): backtest on the national synthetic set and timing.

* Backtest: for every council (or the first N with ``--councils N``), fit on data to 31 March Y for
  Y in 2020..2023, forecast 31 March Y+1..Y+3 and compare with the held-out returns; prints, for total children
  looked after and each placement type, our error and the day-step flat-rate baseline's (a reimplementation of
  the public demand model's method, :mod:`cphub.forecast.baseline`), and our 80 %/95 % interval coverage.
* Timing: read, fit and forecast (1,000 runs, 36 months) one council's 10 years (target < 5 s).

Data: ``cphub synth --national --from-year 2014 --to-year 2026 --seed 1 --out var/bench/national`` (generated on
first use; several minutes). Returns are read with the Hub's own reader (:func:`cphub.ssda903.reader.read_years`).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from cphub.forecast.backtest import backtest, by_horizon, summarise  # noqa: E402
from cphub.forecast.history import prepare  # noqa: E402
from cphub.forecast.model import fit  # noqa: E402
from cphub.forecast.simulate import simulate  # noqa: E402
from cphub.reference.councils import council  # noqa: E402
from cphub.ssda903.reader import merge_years, read_years  # noqa: E402

DATA = ROOT / "var" / "bench" / "national"
CUTOFFS = [2020, 2021, 2022, 2023]


def load(la: str):
    merged = merge_years(read_years(DATA / la))
    return prepare(merged["Episodes"], merged["Header"])


def population(la: str) -> dict[int, int]:
    try:
        return council(la)["population"]
    except KeyError:
        return {}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--councils", type=int, default=0, help="only the first N councils (0 = all)")
    ap.add_argument("--runs", type=int, default=200, help="simulation runs per backtest fit")
    ap.add_argument("--timing-only", action="store_true", help="only the one-council timing")
    args = ap.parse_args()
    if not DATA.exists():
        from cphub.synth.generator import generate

        print("Generating the national synthetic set (2014-2026, seed 1) ...", flush=True)
        generate(DATA, national=True, from_year=2014, to_year=2026, seed=1)
    las = sorted(p.name for p in DATA.iterdir() if p.is_dir() and (p / "2026").is_dir())
    las.sort(key=lambda la: hashlib.sha256(la.encode()).hexdigest())  # a fixed shuffle: partial tables are fair
    if args.councils:
        las = las[: args.councils]
    print(f"Machine load: {os.getloadavg()[0]:.1f} (1-min average) on {os.cpu_count()} cores")

    # Timing: one council's 10 years (2017-2026), read + fit + forecast.
    one = "871" if (DATA / "871").is_dir() else las[0]
    c0 = time.process_time()
    t0 = time.perf_counter()
    merged = merge_years({y: r for y, r in read_years(DATA / one).items() if y >= 2017})
    h = prepare(merged["Episodes"], merged["Header"])
    t1 = time.perf_counter()
    model = fit(h, population(one))
    t2 = time.perf_counter()
    simulate(model, months=36, runs=1000)
    t3 = time.perf_counter()
    cpu = time.process_time() - c0
    print(f"One council ({one}), 10 years: read {t1 - t0:.2f} s, fit {t2 - t1:.2f} s, forecast 36 months x 1,000 "
          f"runs {t3 - t2:.2f} s; total {t3 - t0:.2f} s wall, {cpu:.2f} s CPU "
          f"(target < 5 s: {'met' if t3 - t0 < 5 else 'NOT met'} on wall time, {'met' if cpu < 5 else 'NOT met'} on CPU)")
    if "--timing-only" in sys.argv:
        return 0

    cells = []
    t0 = time.perf_counter()
    for i, la in enumerate(las):
        cells += backtest(load(la), population(la), CUTOFFS, la=la, runs=args.runs)
        if (i + 1) % 20 == 0:
            print(f"  {i + 1}/{len(las)} councils ({time.perf_counter() - t0:.0f} s)", flush=True)
        if (i + 1) % 40 == 0 and i + 1 < len(las):
            print_table(cells, f"so far, {i + 1} councils")
    print(f"\nBacktest: {len(las)} councils x cutoffs {CUTOFFS} x 1-3 years ahead "
          f"({time.perf_counter() - t0:.0f} s)")
    import polars as pl

    pl.DataFrame([c.__dict__ for c in cells]).write_csv(ROOT / "var" / "bench" / "forecast_cells.csv")
    print_table(cells, "all councils")
    bias = pl.DataFrame([c.__dict__ for c in cells]).group_by("state").agg(
        ((pl.col("median") - pl.col("actual")).sum() / pl.col("actual").sum() * 100).alias("ours"),
        ((pl.col("baseline") - pl.col("actual")).sum() / pl.col("actual").sum() * 100).alias("base"))
    print("Bias (sum of forecast - actual over sum of actual): " + "; ".join(
        f"{s} ours {o:+.1f}% base {b:+.1f}%" for s, o, b in bias.sort("state").iter_rows()))
    print("Total CLA by years ahead:")
    for hz, r in by_horizon(cells).items():
        print(f"  {hz} year(s): ours {r['ours_wape']:.1f}%, baseline {r['base_wape']:.1f}%, 80% coverage "
              f"{r['cover80']:.2f}")
    return 0


def print_table(cells, label: str) -> None:
    table = summarise(cells)
    print(f"\nBacktest ({label}):", flush=True)
    print(f"{'state':16} {'ours WAPE':>9} {'base WAPE':>9} {'ours MAPE*':>10} {'base MAPE*':>10} "
          f"{'cover80':>7} {'cover95':>7}  lower WAPE?  lower MAPE*?")
    for r in table.iter_rows(named=True):
        print(f"{r['state']:16} {r['ours_wape']:8.1f}% {r['base_wape']:8.1f}% {r['ours_mape']:9.1f}% "
              f"{r['base_mape']:9.1f}% {r['cover80']:7.2f} {r['cover95']:7.2f}  "
              f"{'yes' if r['ours_wape'] < r['base_wape'] else 'NO':>11}  "
              f"{'yes' if r['ours_mape'] < r['base_mape'] else 'NO':>12}")
    print("WAPE: sum |forecast - actual| / sum actual over councils, cutoffs and horizons (council level).")
    print("MAPE*: mean absolute % error of the all-councils total per cutoff and horizon.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
