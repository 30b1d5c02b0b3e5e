"""Print every scorecard measure of one synthetic council at given dates, as JSON lines (not a test).

Used to show that a change to the measures leaves the figures as they were: run it with the code before the change
(``PYTHONPATH=<old checkout>/src``) and after, on the same generated council, and compare the outputs
(``benchmarks/scorecard_bench.py --figures`` does both and prints the table).

Run: ``.venv/bin/python benchmarks/demo_figures.py COUNCIL_FOLDER [--at 2025-03-31 2026-03-31]``
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path


def load_council(folder: Path):
    """A council's CouncilData from its generated folder (LA/YEAR/*.csv and LA/local/*.csv), no database."""
    from cphub.csvio import read_table
    from cphub.local.schema import LOCAL_TABLES
    from cphub.measures.base import CouncilData
    from cphub.reference.councils import council
    from cphub.ssda903.reader import merge_years, read_years

    tables = merge_years(read_years(folder))
    for name, spec in LOCAL_TABLES.items():
        f = folder / "local" / f"{name}.csv"
        if f.exists():
            tables[name] = read_table(f.read_bytes(), spec, f.name)[0]
    try:
        population = {int(k): int(v) for k, v in council(folder.name)["population"].items()}
    except KeyError:
        population = {}
    return CouncilData(la=folder.name, tables=tables, population=population)


def figures(folder: Path, dates: list[date]) -> list[dict]:
    from cphub.measures.registry import REGISTRY, compute

    data = load_council(folder)
    out = []
    for at in dates:
        for mid in REGISTRY:
            r = compute(mid, data, at)
            out.append({"measure": mid, "at": at.isoformat(), "value": r.value, "numerator": r.numerator,
                        "denominator": r.denominator, "detail": r.detail, "children": list(r.children)})
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("folder", type=Path)
    p.add_argument("--at", nargs="+", type=date.fromisoformat, default=[date(2025, 3, 31), date(2026, 3, 31)])
    a = p.parse_args(argv)
    for row in figures(a.folder, a.at):
        print(json.dumps(row, sort_keys=True, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
