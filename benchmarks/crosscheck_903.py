"""Cross-check the Hub's SSDA903 rules against the public reference validator (PyPI ``csc-validator-be-903``).

    scripts/refval/setup.sh                                    # once: creates .venv-refval (Python 3.11, pandas < 2)
    .venv/bin/python benchmarks/crosscheck_903.py               # codes >= 400 (this file's owner's rules)
    .venv/bin/python benchmarks/crosscheck_903.py --all-codes   # every code both implement
    .venv/bin/python benchmarks/crosscheck_903.py --json var/crosscheck/report.json

Both validators run on the same CSV files:

* **fault cases**: every hand-made case of the rule tests in ``tests/validation_a`` (rules below 400, written as the
  raw CSV text the test gives, so malformed values reach both readers) and ``tests/validation_b`` (rules 400 and
  above), each a tiny return with one fault injected for one rule or a passing variant; only the rule the case is
  about is compared; cases for a year the reference has no rule set for (2026-27) are left out;
* **clean synthetic returns**: council 871's returns for 2024 and 2025 (collection years 2023-24 and 2024-25) from
  the national synthetic set (``var/bench/national/871``, as ``benchmarks/validate_bench.py`` generates it), each with the previous year's return; every
  code in scope is compared.

For each rule and return the two sets of children reported are compared (the Hub reports each finding on one table,
the reference sometimes on two, so rows are compared only where the tables match). On a fault case each validator
runs only the rule the case is about; on a clean return, every rule. The report lists, rule by rule,
the returns where the two agree and differ, with examples; rules the reference skipped (a table it needs was absent)
or crashed on are listed apart. Both validators are timed on the same returns (reading included). Every difference
is explained in ``docs/validation-differences.md``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFVAL_PY = ROOT / ".venv-refval" / "bin" / "python"
RUNNER = Path(__file__).with_name("refval_runner.py")
BENCH = ROOT / "var" / "bench"
CASE_FILES = sorted((ROOT / "tests" / "validation_b").glob("test_rules_*.py"))
CASE_FILES_A = [ROOT / "tests" / "validation_a" / "test_rules_1xx_3xx.py"]
REF_YEARS = (2024, 2025, 2026)  # the reference's rule sets (lac2023_24 .. lac2025_26)
REF_TABLES = ["Header", "Episodes", "UASC", "OC2", "OC3", "AD1", "PlacedAdoption", "Missing", "Reviews", "PrevPerm",
              "SWEpisodes"]
CLEAN_YEARS = [2024, 2025]


def code_number(code: str) -> int:
    m = re.match(r"(\d+)", code)
    return int(m.group(1)) if m else 0


def case_id(code: str, where: str, seen: Counter) -> str:
    """A case's stable name: ``case-<code>-<file>-<n>``, the n-th case (from 1) of that rule in that test file, so
    adding cases for other rules (or later ones for this rule) does not rename it."""
    seen[(code, where)] += 1
    return f"case-{code}-{where}-{seen[(code, where)]}"


def _module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def load_cases_a() -> list[dict]:
    """The hand-made cases of the rules below 400 (``tests/validation_a``): (code, tables, expected[, year]) and, with
    last year's return, (code, tables, previous, expected); kept as raw CSV values (``raw``)."""
    out = []
    for path in CASE_FILES_A:
        mod = _module(path, f"_cases_a_{path.stem}")
        seen: Counter = Counter()
        for code, tables, _expected, *year in getattr(mod, "CASES", []):
            out.append({"id": case_id(code, "a", seen), "code": code, "year": year[0] if year else 2025,
                        "tables": tables, "previous": None, "raw": True})
        for code, tables, previous, _expected in getattr(mod, "PREV_CASES", []):
            out.append({"id": case_id(code, "a-prev", seen), "code": code, "year": 2025, "tables": tables,
                        "previous": previous, "raw": True})
    return [c for c in out if c["year"] in REF_YEARS]


def load_cases() -> list[dict]:
    """The hand-made (code, tables, previous, expected) cases of the rule tests, as plain data."""
    sys.path.insert(0, str(ROOT / "tests" / "validation_b"))
    out = []
    for path in CASE_FILES:
        mod = _module(path, f"_cases_{path.stem}")
        seen: Counter = Counter()
        for case in getattr(mod, "CASES", []):
            code, tables, *rest = case
            previous = rest[0] if len(rest) == 2 else None
            year = 2026 if code in ("444", "454") else 2025
            out.append({"id": case_id(code, path.stem[11:], seen), "code": code, "year": year, "tables": tables,
                        "previous": previous})
    return out


def write_raw_return(tables: dict[str, list[dict]], folder: Path) -> dict[str, str]:
    """Write a ``tests/validation_a`` case as the CSV text the test itself reads (values exactly as given)."""
    conftest_a = _module(ROOT / "tests" / "validation_a" / "conftest.py", "_conftest_a")
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, content in conftest_a.csv_files(tables):
        path = folder / name
        path.write_bytes(content)
        paths[Path(name).stem] = str(path)
    return paths


def write_return(tables: dict[str, list[dict]], folder: Path) -> dict[str, str]:
    """Write hand-made rows as CSV files a council would export: every table the reference knows, header-only if
    empty, except an empty Header, and an empty UASC when there is no Header row (the reference's reader fails on an
    empty Header when UASC is given, and 164/392a crash on an empty UASC without a Header). With a Header row the
    empty UASC file is written: the reference reads the children's UASC status from it, and without it skips the
    rules that leave out UASC children (164, 392a)."""
    from conftest import table  # tests/validation_b/conftest.py: typed tables from hand-made rows

    from cphub.csvio import to_csv_bytes
    from cphub.ssda903.schema import TABLES

    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name in REF_TABLES:
        df = table(name, tables.get(name, [])).drop("_row")
        if df.height == 0 and (name == "Header" or (name == "UASC" and not tables.get("Header"))):
            continue
        path = folder / f"{name}.csv"
        path.write_bytes(to_csv_bytes(df, TABLES[name]))
        paths[name] = str(path)
    return paths


def reference_layout(paths: dict[str, str] | None, folder: Path) -> dict[str, str] | None:
    """Copies of a return's CSV files in the reference's layout, which matches a file's columns exactly: only each
    table's required columns (the Hub's optional ones, such as the Header UASC status and DfE's derived placement
    fields, left out) and, for SWEpisodes, the child's DOB after CHILD (from the return's Header; the Hub does not
    read it). Files that do not exist (a table not collected that year) are left out."""
    import polars as pl

    from cphub.ssda903.schema import TABLES

    if paths is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    dob: dict[str, str] = {}
    if "Header" in paths and Path(paths["Header"]).exists():
        header = pl.read_csv(paths["Header"], infer_schema=False)
        dob = dict(zip(header["CHILD"].to_list(), header["DOB"].fill_null("").to_list()))
    out = {}
    for name, path in paths.items():
        if not Path(path).exists():
            continue
        df = pl.read_csv(path, infer_schema=False).select(TABLES[name].required_names)
        if name == "SWEpisodes":
            df = df.insert_column(1, df["CHILD"].replace_strict(dob, default="").alias("DOB"))
        target = folder / f"{name}.csv"
        df.write_csv(target)
        out[name] = str(target)
    return out


def clean_jobs(councils: int = 1) -> list[dict]:
    """Council 871's clean returns (and, with ``councils`` > 1, the next councils' of the national set)."""
    national = BENCH / "national"  # the national set of benchmarks/validate_bench.py (which generates it)
    if not (national / "871" / str(CLEAN_YEARS[-1])).exists():
        raise SystemExit(f"{national} is missing: run benchmarks/validate_bench.py --no-national once to generate it")
    las = ["871", *[p.name for p in sorted(national.iterdir()) if p.is_dir() and p.name != "871"]][:councils]
    jobs = []
    for la in las:
        for year in CLEAN_YEARS:
            this = {t: str(national / la / str(year) / f"{t}.csv") for t in REF_TABLES}
            prev = {t: str(national / la / str(year - 1) / f"{t}.csv") for t in REF_TABLES}
            jobs.append({"id": f"clean-{la}-{year}", "code": None, "year": year, "this": this, "prev": prev, "la": la})
    return jobs


HUB_LA = "871"  # the council of the hand-made cases and of the first clean returns (derived-field rules need it)


def run_hub(jobs: list[dict]) -> tuple[dict, float]:
    from cphub.ssda903.reader import read_files
    from cphub.ssda903.validate import validate_return

    def read(paths: dict[str, str], year: int):
        return read_files([(Path(p).name, Path(p).read_bytes()) for p in paths.values() if Path(p).exists()], year)

    out: dict[str, dict[str, list]] = {}
    t0 = time.perf_counter()
    for job in jobs:
        ret = read(job["this"], job["year"])
        prev = read(job["prev"], job["year"] - 1) if job.get("prev") else None
        found = defaultdict(list)
        la = job.get("la", HUB_LA)
        for f in validate_return(ret, prev, job["year"], codes=[job["code"]] if job["code"] else None, la=la):
            if f.severity != "skipped":  # a rule the Hub could not run (an optional input not given)
                found[f.code].append([f.table, f.row, f.child])
        out[job["id"]] = dict(found)
    return out, time.perf_counter() - t0


def run_reference(jobs: list[dict], workdir: Path) -> tuple[dict, float]:
    if not REFVAL_PY.exists():
        raise SystemExit(f"{REFVAL_PY} is missing: run scripts/refval/setup.sh first")
    spec = workdir / "jobs.json"
    from cphub.reference.councils import councils

    ons = {c["code"]: c["ons_code"] for c in councils()}
    for j in jobs:
        j["ref_this"] = reference_layout(j["this"], workdir / "ref" / j["id"] / "this")
        j["ref_prev"] = reference_layout(j["prev"], workdir / "ref" / j["id"] / "prev")
    spec.write_text(json.dumps([{"id": j["id"], "year": j["year"], "this": j["ref_this"], "prev": j["ref_prev"],
                                 "codes": [j["code"]] if j["code"] else None, "ons": ons.get(j.get("la", HUB_LA))}
                                for j in jobs]))
    t0 = time.perf_counter()
    result = workdir / "reference.json"
    proc = subprocess.run([str(REFVAL_PY), str(RUNNER), str(spec), str(result)], capture_output=True, text=True, check=False,
                          env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")})
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"reference validator failed:\n{proc.stderr[-3000:]}")
    return json.loads(result.read_text())["jobs"], wall


def compare(jobs: list[dict], hub: dict, ref: dict, in_scope) -> dict:
    """Rule by rule: returns where both report the same children, where they differ, and reference skips/crashes."""
    rules: dict[str, dict] = defaultdict(lambda: {"agree": 0, "differ": [], "ref_skip": 0, "ref_crash": [],
                                                  "ref_missing": 0, "hub_missing": 0})
    from cphub.ssda903.rules import RULES
    from cphub.ssda903.validate import rule_applies

    for job in jobs:
        ref_rules = ref[job["id"]]["rules"]
        codes = [job["code"]] if job["code"] else sorted(
            {c for c in RULES if in_scope(c) and rule_applies(c, job["year"])} | {c for c in ref_rules if in_scope(c)},
            key=lambda c: (code_number(c), c))
        for code in codes:
            r = rules[code]
            if code not in RULES:
                r["hub_missing"] += 1
                continue
            if code not in ref_rules:
                r["ref_missing"] += 1
                continue
            res = ref_rules[code]
            if res["status"] == "crash":
                r["ref_crash"].append((job["id"], res.get("error", "")))
                continue
            if res["status"] == "skip" and not hub[job["id"]].get(code):
                r["ref_skip"] += 1
                continue
            hub_children = {h[2] for h in hub[job["id"]].get(code, [])}
            ref_children = {h[2] for h in res["hits"]}
            if hub_children == ref_children:
                r["agree"] += 1
            else:
                r["differ"].append({"job": job["id"], "hub_only": sorted(hub_children - ref_children)[:5],
                                    "ref_only": sorted(ref_children - hub_children)[:5],
                                    "hub_rows": hub[job["id"]].get(code, [])[:3], "ref_rows": res["hits"][:3]})
    return dict(rules)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--all-codes", action="store_true", help="compare every code, not only codes >= 400")
    ap.add_argument("--no-clean", action="store_true", help="only the hand-made fault cases")
    ap.add_argument("--json", type=Path, help="also write the full comparison as JSON")
    ap.add_argument("--codes", nargs="+", help="only the fault cases of these rule codes (a quick look)")
    ap.add_argument("--clean-councils", type=int, default=1, help="clean returns of this many councils (default 1)")
    args = ap.parse_args()

    def in_scope(code: str) -> bool:
        return args.all_codes or (code_number(code) >= 400 and not code.startswith(("SW", "INT")))

    with tempfile.TemporaryDirectory(prefix="crosscheck903-") as tmp:
        work = Path(tmp)
        jobs = []
        for case in load_cases() + (load_cases_a() if args.all_codes else []):
            if args.codes and case["code"] not in args.codes:
                continue
            folder = work / case["id"]
            write = write_raw_return if case.get("raw") else write_return
            this = write(case["tables"], folder / "this")
            prev = write(case["previous"], folder / "prev") if case["previous"] is not None else None
            jobs.append({**case, "this": this, "prev": prev})
        if not args.no_clean:
            jobs += clean_jobs(args.clean_councils)
        hub, hub_s = run_hub(jobs)
        ref, ref_s = run_reference(jobs, work)
    result = compare(jobs, hub, ref, in_scope)
    n_case = sum(1 for j in jobs if j["code"])
    n_clean = len(jobs) - n_case
    ref_inner = sum(v["seconds"] for v in ref.values())
    print(f"Returns: {n_case} hand-made fault cases + {n_clean} clean synthetic returns.")
    print(f"Time: Hub {hub_s:.2f} s; reference {ref_s:.2f} s including its start-up "
          f"({ref_inner:.2f} s reading and validating).")
    print(f"{'rule':<6} {'agree':>5} {'differ':>6} {'ref skip':>8} {'ref crash':>9}  notes")
    totals = defaultdict(int)
    for code in sorted(result, key=lambda c: (code_number(c), c)):
        r = result[code]
        notes = []
        if r["hub_missing"]:
            notes.append("not in the Hub")
        if r["ref_missing"]:
            notes.append("not in the reference")
        for d in r["differ"][:2]:
            notes.append(f"{d['job']}: Hub only {d['hub_only']}, reference only {d['ref_only']}")
        for job, err in r["ref_crash"][:1]:
            notes.append(f"reference crashed on {job}: {err[:80]}")
        print(f"{code:<6} {r['agree']:>5} {len(r['differ']):>6} {r['ref_skip']:>8} {len(r['ref_crash']):>9}  "
              + "; ".join(notes))
        totals["agree"] += r["agree"]
        totals["differ"] += len(r["differ"])
        totals["rules_differ"] += bool(r["differ"])
        totals["rules"] += 1
    print(f"Total: {totals['rules']} rules; {totals['agree']} rule-return pairs agree, {totals['differ']} differ "
          f"({totals['rules_differ']} rules with a difference).")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"hub_seconds": hub_s, "reference_seconds": ref_s, "rules": result},
                                        indent=1, default=str))


if __name__ == "__main__":
    main()
