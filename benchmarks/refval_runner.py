"""Run the public reference SSDA903 validator (PyPI csc-validator-be-903, module ``lac_validator``) on returns and
print what each rule reports, as JSON. It runs inside ``.venv-refval`` (pandas < 2), never in the app's venv;
``benchmarks/crosscheck_903.py`` calls it in a subprocess.

Usage: ``refval_runner.py JOBS.json OUT.json``. JOBS is a list of
``{"id", "year", "this": {table: csv path}, "prev": {table: csv path} | null, "codes": [code, ...] | null,
"ons": the council's ONS code | null}``
with ``year`` the year the collection ends (2025 = 2024-25). OUT receives
``{"jobs": {id: {"seconds", "rules": {code: {"status", "hits"}}}}}`` where
``status`` is ``done``, ``skip`` (the rule returned nothing because a table was absent) or ``crash`` and ``hits`` is a
list of ``[table, row, child]`` with ``row`` the 1-based line in the file (header = line 1), as in the Hub.
Rules run one by one on a fresh shallow copy of the data store, as the reference's own runner does.
"""

from __future__ import annotations

import importlib
import json
import logging
import sys
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)

from lac_validator.datastore import copy_datastore, create_datastore  # noqa: E402
from lac_validator.ingress import read_from_text  # noqa: E402

RULESETS = {2024: "lac2023_24", 2025: "lac2024_25", 2026: "lac2025_26"}
LOCAL_AUTHORITY = "E06000039"  # Slough (871), the council of the hand-made cases; a job's "ons" overrides it


def run_job(job: dict) -> dict:
    files = []
    for description, tables in (("This year", job["this"]), ("Prev year", job.get("prev") or {})):
        for table, path in tables.items():
            files.append({"name": f"{table}.csv", "file_content": Path(path).read_bytes(),
                          "description": description})
    registry = importlib.import_module(f"lac_validator.rules.{RULESETS[job['year']]}").registry
    t0 = time.perf_counter()
    dfs, extras = read_from_text(files)
    metadata = {"collectionYear": str(job["year"]), "localAuthority": job.get("ons") or LOCAL_AUTHORITY, **extras}
    store = create_datastore(dfs, metadata)
    out = {}
    wanted = set(job.get("codes") or registry)
    for code, rule in registry.items():
        if str(code) not in wanted:
            continue
        copy = copy_datastore(store)
        try:
            result = rule.func(copy)
        except Exception as exc:  # the reference has rules that crash on some inputs
            out[str(code)] = {"status": "crash", "hits": [], "error": f"{type(exc).__name__}: {exc}"[:200]}
            continue
        if not result:
            out[str(code)] = {"status": "skip", "hits": []}
            continue
        hits = []
        for table, locs in result.items():
            if table not in store:
                continue
            df = store[table]
            for i in locs:
                try:
                    child = df.loc[i, "CHILD"]
                except Exception:
                    continue
                hits.append([table, int(i) + 2, None if child != child else str(child)])
        out[str(code)] = {"status": "done", "hits": hits}
    return {"seconds": time.perf_counter() - t0, "rules": out}


def main() -> None:
    jobs = json.loads(Path(sys.argv[1]).read_text())
    out_path = Path(sys.argv[2])
    sys.stdout = sys.stderr  # some reference rules print
    result = {"jobs": {}}
    for job in jobs:
        try:
            result["jobs"][job["id"]] = run_job(job)
        except Exception as exc:
            result["jobs"][job["id"]] = {"seconds": 0.0, "rules": {}, "error": f"{type(exc).__name__}: {exc}"[:300]}
    out_path.write_text(json.dumps(result))


if __name__ == "__main__":
    main()
