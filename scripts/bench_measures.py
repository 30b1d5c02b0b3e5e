"""Profile (not a test): time each registry measure over 13 month-end dates for one synthetic council, cold (fresh
CouncilData) and warm (the same data again, building blocks cached). The whole-scorecard benchmark with the pandas
baseline is ``benchmarks/scorecard_bench.py``.

    .venv/bin/python scripts/bench_measures.py [--la 871] [--at 2025-03-31]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from cphub.csvio import read_table
from cphub.local.schema import LOCAL_TABLES
from cphub.measures.base import CouncilData
from cphub.measures.registry import REGISTRY
from cphub.ssda903.reader import merge_years, read_years


def load(folder: Path, la: str) -> CouncilData:
    from cphub.reference.councils import council

    tables = merge_years(read_years(folder))
    for name, spec in LOCAL_TABLES.items():
        f = folder / "local" / f"{name}.csv"
        tables[name] = read_table(f.read_bytes(), spec, f.name)[0] if f.exists() else spec.empty()
    try:
        population = {int(k): int(v) for k, v in council(la)["population"].items()}
    except KeyError:
        population = {}
    return CouncilData(la=la, tables=tables, population=population)


def month_ends(at: date, n: int = 13) -> list[date]:
    out, d = [], at
    for _ in range(n):
        out.append(d)
        d = d.replace(day=1) - timedelta(days=1)
    return out


def run(data: CouncilData, at: date) -> dict[str, float]:
    times: dict[str, float] = {}
    for d in month_ends(at):
        for mid, m in REGISTRY.items():
            t0 = time.perf_counter()
            m.compute(data, d)
            times[mid] = times.get(mid, 0.0) + time.perf_counter() - t0
    return times


def main() -> None:
    from cphub.reference.postcodes import postcodes, sectors
    from cphub.synth.generator import generate

    ap = argparse.ArgumentParser()
    ap.add_argument("--la", default="871")
    ap.add_argument("--at", type=date.fromisoformat, default=date(2025, 3, 31))
    args = ap.parse_args()
    postcodes(), sectors()  # reference data loaded once per process, as in the web app
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), councils=[args.la], from_year=2022, to_year=2025, seed=3)
        data = load(Path(tmp) / args.la, args.la)
    print(f"{args.la}: {data['Episodes'].height} episodes; {len(REGISTRY)} measures x 13 dates")
    for label in ("cold", "warm"):
        times = run(data, args.at)
        top = ", ".join(f"{k} {v:.3f}" for v, k in sorted(((v, k) for k, v in times.items()), reverse=True)[:5])
        print(f"{label}: {sum(times.values()):.2f} s (slowest: {top})")


if __name__ == "__main__":
    main()
