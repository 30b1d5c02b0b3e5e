"""Validation benchmark (not a test): how fast the Hub validates SSDA903 returns, against the code at commit 205a85b
(before the one rule engine) measured in the same run on the same data, and a pandas row-by-row baseline.

    .venv/bin/python benchmarks/validate_bench.py                 # one council + the national set, ours vs 205a85b
    .venv/bin/python benchmarks/validate_bench.py --no-national
    .venv/bin/python benchmarks/validate_bench.py --pandas        # also the pandas row-by-row baseline (10 rules)
    .venv/bin/python benchmarks/validate_bench.py --old REV       # another commit to compare with

Data: the national synthetic set, ``cphub synth --national --from-year 2017 --to-year 2026 --seed 1``, generated
into ``var/bench/national`` when absent (about 4 minutes of CPU) and reused; "one council" is council 871 of it.
The comparison commit is checked out once into ``/tmp/rules-old`` (``git worktree add``) and its phases run in
subprocesses with ``PYTHONPATH`` pointing at its ``src`` (each phase reports which ``cphub`` it imported).

Measures, each phase in its own process so that its peak memory (``ru_maxrss``) is its own:

* ``one``: read and validate council 871's ten returns one by one, each with the previous year's return (every
  registered rule, every code list), as ``cphub validate`` does.
* ``national``: the same for all councils, one collection year at a time: every council's return for the year is
  read (two worker processes, each reading half the councils, the next year read while this one is validated) and
  the tables stacked (child identifiers are unique across councils, and every rule works child by child),
  then validated once with the stacked previous year. ``stack_check`` checks on three councils that stacked and
  one-by-one validation give the same findings.
* ``baseline`` (``--pandas``): a straightforward pandas implementation, row by row, of ten representative rules
  (408, 433, 442, 501, 523, 544, 567, 574, 611, 1009), against the Hub's implementation of the same ten rules on
  the same already-read data (``var/bench/faulty``: council 871 with faults injected).

Targets (issue 10): one council's 10 years in < 1.5 s; the national set in < 45 s with peak memory < 4 GB.
The machine's load (``/proc/loadavg``) is printed before and after: the machine is 2 cores shared with other
work, so wall times vary; CPU seconds are the steadier figure.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "var" / "bench"
YEARS = list(range(2017, 2027))
OLD_TREE = Path("/tmp/rules-old")
ONE_LA = "871"
BASELINE_CODES = ["408", "433", "442", "501", "523", "544", "567", "574", "611", "1009"]


def peak_mb() -> float:
    """Peak resident memory of this process plus the largest of its finished worker processes, in MB."""
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def ensure_data() -> None:
    if not (BENCH / "national" / ONE_LA / str(YEARS[-1])).exists():
        print("generating the national set (153 councils, 2017-2026; a few minutes) ...", flush=True)
        subprocess.run([sys.executable, "-m", "cphub.cli", "synth", "--national", "--from-year", str(YEARS[0]),
                        "--to-year", str(YEARS[-1]), "--seed", "1", "--out", str(BENCH / "national")], check=True,
                       cwd=ROOT)


def ensure_old(rev: str) -> Path:
    """The code at ``rev`` checked out (once) into OLD_TREE."""
    if not (OLD_TREE / "src" / "cphub").exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(OLD_TREE), rev], cwd=ROOT, check=True,
                       capture_output=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=OLD_TREE, capture_output=True, text=True,
                          check=True).stdout.strip()
    want = subprocess.run(["git", "rev-parse", rev], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip()
    if head != want:
        raise SystemExit(f"{OLD_TREE} is at {head[:7]}, not {rev}: remove it (git worktree remove) and run again")
    return OLD_TREE


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# ---------------------------------------------------------------------------------------------- phases
def cpu_s() -> float:
    """CPU seconds used so far by this process and its finished workers (less sensitive than wall time to other
    work on a shared machine)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def rows_of(ret) -> int:
    return sum(t.height for t in ret.tables.values())


def phase_one() -> dict:
    from cphub.ssda903.reader import read_return
    from cphub.ssda903.validate import validate_return

    folder = BENCH / "national" / ONE_LA
    c0 = cpu_s()
    t0 = time.perf_counter()
    rows = findings = 0
    prev = None
    for year in YEARS:
        ret = read_return(folder / str(year), year)
        rows += rows_of(ret)
        findings += len(validate_return(ret, prev, year))
        prev = ret
    wall = time.perf_counter() - t0
    return {"rows": rows, "wall": wall, "cpu": cpu_s() - c0, "findings": findings, "peak_mb": peak_mb(),
            "code": cphub_src()}


def cphub_src() -> str:
    import cphub

    return str(Path(cphub.__file__).parent.parent)


def stack_returns(returns: list, year: int):
    """One Return whose tables are the councils' tables stacked (``_row`` stays the line in each council's file)."""
    import polars as pl

    from cphub.ssda903.reader import Return

    tables = {name: pl.concat([r.tables[name] for r in returns], how="vertical_relaxed")
              for name in returns[0].tables}
    findings = [f for r in returns for f in r.findings]
    return Return(year=year, tables=tables, files={}, findings=findings)


def read_year(councils: list[Path], year: int):
    from cphub.ssda903.reader import read_returns

    return stack_returns(read_returns([c / str(year) for c in councils], year), year)


def _read_chunk(args: tuple) -> object:
    councils, year = args
    return read_year(councils, year)


def phase_national() -> dict:
    """Read each year's returns with two worker processes (half the councils each), stack, validate."""
    from concurrent.futures import ProcessPoolExecutor

    from cphub.ssda903.validate import validate_return

    councils = sorted(p for p in (BENCH / "national").iterdir() if p.is_dir())
    halves = [councils[::2], councils[1::2]]
    c0 = cpu_s()
    t0 = time.perf_counter()
    rows = findings = 0
    read_s = 0.0
    prev = None
    pool = ProcessPoolExecutor(max_workers=2)
    pending = pool.map(_read_chunk, [(h, YEARS[0]) for h in halves])
    for i, year in enumerate(YEARS):
        t = time.perf_counter()
        parts = list(pending)
        if i + 1 < len(YEARS):  # read next year while this one is validated
            pending = pool.map(_read_chunk, [(h, YEARS[i + 1]) for h in halves])
        ret = stack_returns(parts, year)
        read_s += time.perf_counter() - t
        rows += rows_of(ret)
        findings += len(validate_return(ret, prev, year))
        prev = ret
    wall = time.perf_counter() - t0
    pool.shutdown()
    return {"rows": rows, "wall": wall, "cpu": cpu_s() - c0, "read_s": read_s, "findings": findings,
            "councils": len(councils), "peak_mb": peak_mb(), "code": cphub_src()}


def phase_stack_check() -> dict:
    """Stacked validation of three councils gives the same findings as validating each on its own."""
    from cphub.ssda903.reader import read_return
    from cphub.ssda903.validate import validate_return

    councils = sorted(p for p in (BENCH / "national").iterdir() if p.is_dir())[:3]
    year = YEARS[-1]
    alone = set()
    for c in councils:
        ret, prev = read_return(c / str(year), year), read_return(c / str(year - 1), year - 1)
        alone |= {(f.code, f.table, f.row, f.child) for f in validate_return(ret, prev, year)}
    stacked = {(f.code, f.table, f.row, f.child)
               for f in validate_return(read_year(councils, year), read_year(councils, year - 1), year)}
    return {"same": alone == stacked, "alone": len(alone), "stacked": len(stacked),
            "only_alone": sorted(alone - stacked)[:5], "only_stacked": sorted(stacked - alone)[:5]}


# ---------------------------------------------------------------------------------------------- baseline
def load_pandas(folder: Path) -> dict:
    """Every table of one return as a pandas frame of strings, dates parsed (dd/mm/yyyy)."""
    import pandas as pd

    from cphub.ssda903.schema import TABLES

    out = {}
    for name, spec in TABLES.items():
        path = folder / f"{name}.csv"
        df = pd.read_csv(path, dtype=str, keep_default_na=False) if path.exists() else pd.DataFrame(
            columns=spec.column_names)
        for col in spec.columns:
            if col.kind == "date":
                df[col.name] = pd.to_datetime(df[col.name], format="%d/%m/%Y", errors="coerce")
        df = df.replace({"": None})
        out[name] = df
    return out


def baseline_rules(t: dict) -> set[tuple]:
    """The ten representative rules written the straightforward way: Python loops over pandas rows."""
    import pandas as pd

    found: set[tuple] = set()

    def blank(v) -> bool:
        return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT

    eps = t["Episodes"]
    for i, r in enumerate(eps.itertuples(index=False)):
        if r.PLACE in ("A5", "A6") and r.LS != "E1":
            found.add(("408", "Episodes", i + 2, r.CHILD))
        if not blank(r.REASON_PLACE_CHANGE) and r.REASON_PLACE_CHANGE not in (
                "CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE", "CUSTOD",
                "OTHER"):
            found.add(("1009", "Episodes", i + 2, r.CHILD))
    by_child: dict[str, list] = {}
    for i, r in enumerate(eps.itertuples(index=False)):
        by_child.setdefault(r.CHILD, []).append((r.DECOM, i, r))
    for child, items in by_child.items():
        items.sort(key=lambda x: (pd.Timestamp.max if blank(x[0]) else x[0], x[1]))
        for (_, _, prev), (_, i, cur) in itertools.pairwise(items):
            if cur.RNE in ("P", "L", "T", "U", "B") and (blank(prev.DEC) or blank(cur.DECOM) or prev.DEC != cur.DECOM):
                found.add(("433", "Episodes", i + 2, child))
            if not blank(prev.DEC) and not blank(cur.DECOM) and cur.DECOM < prev.DEC:
                found.add(("501", "Episodes", i + 2, child))
    needs_upn = set()
    for r in eps.itertuples(index=False):
        if r.LS not in ("V3", "V4"):
            needs_upn.add(r.CHILD)
    for i, r in enumerate(t["Header"].itertuples(index=False)):
        if r.CHILD in needs_upn and blank(r.UPN):
            found.add(("442", "Header", i + 2, r.CHILD))
        if r.MOTHER == "1" and blank(r.MC_DOB):
            found.add(("611", "Header", i + 2, r.CHILD))
    date_int = {}
    for r in t["AD1"].itertuples(index=False):
        date_int.setdefault(r.CHILD, r.DATE_INT)
    for i, r in enumerate(t["PlacedAdoption"].itertuples(index=False)):
        di = date_int.get(r.CHILD)
        if not blank(di) and not blank(r.DATE_PLACED) and di != r.DATE_PLACED:
            found.add(("523", "PlacedAdoption", i + 2, r.CHILD))
    for i, r in enumerate(t["OC2"].itertuples(index=False)):
        if not blank(r.CONVICTED) and any(blank(v) for v in (r.IMMUNISATIONS, r.TEETH_CHECK, r.HEALTH_ASSESSMENT,
                                                             r.SUBSTANCE_MISUSE)):
            found.add(("544", "OC2", i + 2, r.CHILD))
    mis = t["Missing"]
    spells: dict[str, list] = {}
    for i, r in enumerate(mis.itertuples(index=False)):
        if not blank(r.MIS_START) and not blank(r.MIS_END) and r.MIS_START > r.MIS_END:
            found.add(("567", "Missing", i + 2, r.CHILD))
        spells.setdefault(r.CHILD, []).append((r, i))
    for child, items in spells.items():
        def key(x):
            r = x[0]
            end = r.MIS_START if blank(r.MIS_END) else r.MIS_END
            return (pd.Timestamp.min if blank(end) else end, pd.Timestamp.min if blank(r.MIS_START) else r.MIS_START,
                    x[1])
        items.sort(key=key)
        for (prev, _), (cur, i) in itertools.pairwise(items):
            if blank(prev.MIS_END) or (not blank(cur.MIS_START) and cur.MIS_START < prev.MIS_END):
                found.add(("574", "Missing", i + 2, child))
    return found


def make_faulty(src: Path, dst: Path) -> None:
    """A copy of one council's returns with faults for the ten baseline rules injected at fixed intervals."""
    import polars as pl

    from cphub.csvio import to_csv_bytes
    from cphub.ssda903.reader import read_return
    from cphub.ssda903.schema import TABLES

    def every(n: int) -> pl.Expr:
        return (pl.int_range(pl.len()) % n) == 0

    for year in YEARS:
        ret = read_return(src / str(year), year)
        t = {k: v.drop("_row") for k, v in ret.tables.items()}
        t["Episodes"] = t["Episodes"].with_columns(
            pl.when(every(25)).then(pl.lit("A5")).otherwise("PLACE").alias("PLACE"),
            pl.when(every(31)).then(pl.lit("BADXX")).otherwise("REASON_PLACE_CHANGE").alias("REASON_PLACE_CHANGE"),
            pl.when(every(17)).then(pl.col("DECOM").dt.offset_by("3d")).otherwise("DECOM").alias("DECOM"))
        t["Header"] = t["Header"].with_columns(
            pl.when(every(13)).then(None).otherwise("UPN").alias("UPN"),
            pl.when(every(11)).then(pl.lit("1")).otherwise("MOTHER").alias("MOTHER"),
            pl.when(every(11)).then(None).otherwise("MC_DOB").alias("MC_DOB"))
        t["Missing"] = t["Missing"].with_columns(
            pl.when(every(7)).then("MIS_END").otherwise("MIS_START").alias("MIS_START"),
            pl.when(every(7)).then("MIS_START").otherwise("MIS_END").alias("MIS_END"))
        t["OC2"] = t["OC2"].with_columns(pl.when(every(9)).then(None).otherwise("IMMUNISATIONS").alias("IMMUNISATIONS"))
        t["PlacedAdoption"] = t["PlacedAdoption"].with_columns(
            pl.when(every(3)).then(pl.col("DATE_PLACED").dt.offset_by("1d")).otherwise("DATE_PLACED")
            .alias("DATE_PLACED"))
        out = dst / str(year)
        out.mkdir(parents=True, exist_ok=True)
        for name, df in t.items():
            (out / f"{name}.csv").write_bytes(to_csv_bytes(df, TABLES[name]))


def phase_baseline(where: str) -> dict:
    from cphub.ssda903.reader import read_return
    from cphub.ssda903.validate import make_context, run_rules

    if where == "one":
        faulty = BENCH / "faulty" / ONE_LA
        if not (faulty / str(YEARS[-1])).exists():
            make_faulty(BENCH / "national" / ONE_LA, faulty)
        folders = [faulty]
    else:
        folders = sorted(p for p in (BENCH / "national").iterdir() if p.is_dir())
    pandas_tables = {(f, y): load_pandas(f / str(y)) for f in folders for y in YEARS}
    t0 = time.perf_counter()
    naive = set()
    for (_f, y), t in pandas_tables.items():
        naive |= {(y, *x) for x in baseline_rules(t)}
    naive_s = time.perf_counter() - t0
    returns = {(f, y): read_return(f / str(y), y) for f in folders for y in YEARS}
    t0 = time.perf_counter()
    ours = set()
    for (f, y), ret in returns.items():
        ctx = make_context(ret, returns.get((f, y - 1)), y)
        ours |= {(y, x.code, x.table, x.row, x.child) for x in run_rules(ctx, BASELINE_CODES)}
    ours_s = time.perf_counter() - t0
    rows = sum(sum(len(df) for df in t.values()) for t in pandas_tables.values())
    return {"rows": rows, "pandas_s": naive_s, "hub_s": ours_s, "same": naive == ours,
            "pandas_findings": len(naive), "hub_findings": len(ours),
            "only_pandas": sorted(naive - ours)[:5], "only_hub": sorted(ours - naive)[:5], "peak_mb": peak_mb()}


def phase_baseline_stacked(n: int = 20) -> dict:
    """The ten rules on ``n`` councils' returns stacked per year (as the national run does), pandas vs Hub.

    Findings are compared as (year, code, child): rows of stacked tables are not file lines."""
    import pandas as pd

    from cphub.ssda903.validate import make_context, run_rules

    folders = sorted(p for p in (BENCH / "national").iterdir() if p.is_dir())[:n]
    stacked_pd = {}
    for y in YEARS:
        parts = [load_pandas(f / str(y)) for f in folders]
        stacked_pd[y] = {name: pd.concat([p[name] for p in parts], ignore_index=True) for name in parts[0]}
    t0 = time.perf_counter()
    naive = {(y, code, child) for y, t in stacked_pd.items() for (code, _tab, _row, child) in baseline_rules(t)}
    naive_s = time.perf_counter() - t0
    stacked = {y: read_year(folders, y) for y in YEARS}
    t0 = time.perf_counter()
    ours = set()
    for y, ret in stacked.items():
        ctx = make_context(ret, stacked.get(y - 1), y)
        ours |= {(y, x.code, x.child) for x in run_rules(ctx, BASELINE_CODES)}
    ours_s = time.perf_counter() - t0
    rows = sum(sum(len(df) for df in t.values()) for t in stacked_pd.values())
    return {"rows": rows, "councils": n, "pandas_s": naive_s, "hub_s": ours_s, "same": naive == ours,
            "pandas_findings": len(naive), "hub_findings": len(ours), "only_pandas": sorted(naive - ours)[:5],
            "only_hub": sorted(ours - naive)[:5], "peak_mb": peak_mb()}


PHASES = {"one": phase_one, "national": phase_national, "stack_check": phase_stack_check,
          "baseline_one": lambda: phase_baseline("one"),
          "baseline_stacked": phase_baseline_stacked, "baseline_national": lambda: phase_baseline("national")}


def run_phase(name: str, code: Path = ROOT) -> dict:
    """Run one phase in a fresh process importing ``cphub`` from ``code/src``."""
    out = subprocess.run([sys.executable, __file__, "--phase", name], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(code / "src")}, check=False)
    if out.returncode != 0:
        raise SystemExit(f"phase {name} ({code}) failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if "code" in result and Path(result["code"]) != code / "src":
        raise SystemExit(f"phase {name} imported cphub from {result['code']}, not {code / 'src'}")
    return result


def compare(label: str, target: float, ours: dict, old: dict, old_rev: str) -> None:
    print(f"{label}: {ours['rows']:,} rows")
    print(f"  {'':10} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'findings':>9}")
    for name, r in (("now", ours), (old_rev[:7], old)):
        print(f"  {name:10} {r['wall']:8.2f} {r['cpu']:8.2f} {r['peak_mb']:8.0f} {r['findings']:9,}")
    print(f"  now vs {old_rev[:7]}: {old['wall'] / ours['wall']:.1f}x wall, {old['cpu'] / ours['cpu']:.1f}x CPU; "
          f"target < {target:g} s wall: {'met' if ours['wall'] < target else 'NOT met'}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    ap.add_argument("--no-national", action="store_true", help="only one council")
    ap.add_argument("--old", default="205a85b", help="the commit to compare with (default 205a85b)")
    ap.add_argument("--pandas", action="store_true", help="also the pandas row-by-row baseline")
    ap.add_argument("--baseline-national", action="store_true", help="also run the pandas baseline nationally")
    args = ap.parse_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](), default=str))
        return
    ensure_data()
    old_tree = ensure_old(args.old)
    print(f"load average before: {load()} ({os.cpu_count()} cores)", flush=True)
    one, one_old = run_phase("one"), run_phase("one", old_tree)
    compare("One council (871), 10 years 2017-2026", 1.5, one, one_old, args.old)
    if args.pandas:
        base = run_phase("baseline_one")
        print(f"Baseline, 10 rules, one council: pandas row by row {base['pandas_s']:.3f} s, Hub {base['hub_s']:.3f} s:"
              f" {base['pandas_s'] / base['hub_s']:.1f}x; same findings: {base['same']} "
              f"({base['pandas_findings']} vs {base['hub_findings']})")
        if not base["same"]:
            print(f"  only pandas: {base['only_pandas']}\n  only Hub: {base['only_hub']}")
    if not args.no_national:
        nat, nat_old = run_phase("national"), run_phase("national", old_tree)
        compare(f"National set, {nat['councils']} councils x 10 years (reading in 2 workers; waited "
                f"{nat['read_s']:.1f} s now, {nat_old['read_s']:.1f} s before)", 45, nat, nat_old, args.old)
        print(f"  peak memory < 4096 MB: {'met' if nat['peak_mb'] < 4096 else 'NOT met'}")
        chk = run_phase("stack_check")
        print(f"Stacked vs one-by-one validation (3 councils, {YEARS[-1]}): same findings: {chk['same']} "
              f"({chk['alone']} vs {chk['stacked']})")
        if not chk["same"]:
            print(f"  only one-by-one: {chk['only_alone']}\n  only stacked: {chk['only_stacked']}")
    if args.pandas and not args.no_national:
        bs = run_phase("baseline_stacked")
        print(f"Baseline, 10 rules, {bs['councils']} councils stacked ({bs['rows']:,} rows): pandas row by row "
              f"{bs['pandas_s']:.2f} s, Hub {bs['hub_s']:.2f} s: {bs['pandas_s'] / bs['hub_s']:.1f}x")
    if args.baseline_national:
        bn = run_phase("baseline_national")
        print(f"Baseline, 10 rules, national: pandas {bn['pandas_s']:.1f} s, Hub {bn['hub_s']:.1f} s: "
              f"{bn['pandas_s'] / bn['hub_s']:.1f}x; same findings: {bn['same']}")
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
