"""Run Data to Insight's public SSDA903 validator (PyPI csc-validator-be-903) on one of our returns.

Runs in .venv-refval (see setup.sh), never in the app's venv. Prints the number of failing rows per rule.

    .venv-refval/bin/python scripts/refval/run.py OUT/871/2025 [--prev OUT/871/2024] [--la 871] [--year 2025]
        [--show RULE ...] [--json FILE]

The folder holds our CSV files (one per table, our column names). SWEpisodes gets the DOB column the validator
expects (from Header). The previous year's return (default: the sibling folder YEAR-1, if present) is loaded as
"Prev year" for the cross-year rules. The ruleset is the collection year's (lac2024_25 for 2025) or the latest one.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import io
import json
import logging
import sys
from pathlib import Path

import pandas as pd

logging.disable(logging.CRITICAL)

from lac_validator import lac_validator  # noqa: E402
from lac_validator.report import Report  # noqa: E402

REGISTER = Path(__file__).resolve().parents[2] / "src" / "cphub" / "reference" / "data" / "councils.csv"


def ons_code(la: str) -> str:
    with open(REGISTER, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["code"] == la:
                return row["ons_code"]
    raise SystemExit(f"Unknown council {la}")


def files_of(folder: Path, description: str) -> list[dict]:
    out = []
    dobs = {}
    header = folder / "Header.csv"
    if header.exists():
        with open(header, newline="", encoding="utf-8") as fh:
            dobs = {r["CHILD"]: r["DOB"] for r in csv.DictReader(fh)}
    for f in sorted(folder.glob("*.csv")):
        data = f.read_bytes()
        if f.stem == "SWEpisodes":
            df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
            df.insert(1, "DOB", df["CHILD"].map(dobs).fillna(""))
            data = df.to_csv(index=False).encode()
        with open(f, newline="", encoding="utf-8") as fh:
            if sum(1 for _ in fh) <= 1:
                continue  # the validator cannot type an empty table; absent = not supplied
        out.append({"name": f.name, "file_content": data, "description": description})
    return out


def ruleset_for(year: int) -> str:
    name = f"lac{year - 1}_{year % 100:02d}"
    try:
        importlib.import_module(f"lac_validator.rules.{name}")
        return name
    except ModuleNotFoundError:
        return "lac2025_26" if year > 2026 else "lac2022_23"


def run(folder: Path, la: str, year: int, prev: Path | None, ruleset: str | None = None):
    files = files_of(folder, "This year")
    if prev is not None and prev.is_dir():
        files += files_of(prev, "Prev year")
    ruleset = ruleset or ruleset_for(year)
    registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry
    v = lac_validator.LacValidator(metadata={"collectionYear": str(year), "localAuthority": ons_code(la)},
                                   files=files, registry=registry)
    report = Report(v.ds_results, registry)
    return v, report, ruleset


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--la")
    ap.add_argument("--year", type=int)
    ap.add_argument("--prev", type=Path)
    ap.add_argument("--no-prev", action="store_true")
    ap.add_argument("--ruleset")
    ap.add_argument("--show", nargs="*", default=[], help="print the failing rows of these rules")
    ap.add_argument("--json", type=Path, help="write {rule: count} here")
    a = ap.parse_args(argv)
    folder = a.folder.resolve()
    year = a.year or int(folder.name)
    la = a.la or folder.parent.name
    prev = None if a.no_prev else (a.prev or folder.parent / str(year - 1))
    v, report, ruleset = run(folder, la, year, prev, a.ruleset)
    er = report.error_report
    er = er[er["Count"] > 0].sort_values("Count", ascending=False)
    rows = {t: len(df) for t, df in v.dfs.items()}
    print(f"{la} {year} ruleset {ruleset}: {sum(rows.values())} rows; rules run {len(v.dones)}, "
          f"skipped {len(v.skips)}, failed to run {len(v.fails)} {sorted(v.fails)}")
    for _, r in er.iterrows():
        print(f"{r['Code']:>12} {int(r['Count']):6d}  {str(r['Description'])[:110]}")
    print(f"TOTAL {int(er['Count'].sum()) if len(er) else 0} failing rows in {len(er)} rules")
    for code in a.show:
        col = f"ERR_{code}"
        if col in report.report.columns:
            bad = report.report[report.report[col] == True]  # noqa: E712
            for _, r in bad.head(8).iterrows():
                print(code, r["Table"], r["CHILD"], r["Context"])
    if a.json:
        a.json.write_text(json.dumps({r["Code"]: int(r["Count"]) for _, r in er.iterrows()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
