"""``cphub import-ssd`` (load a council's SSD into the store) and ``cphub ssd-synth`` (write a generated council
as a synthetic SSD database or CSV folder)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cphub.findings import InputError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import-ssd", help="Load a council's Standard Safeguarding Dataset (database or CSV folder), "
                                          "all or nothing, with a report of what changed and unmapped values")
    p.add_argument("--source",
                   help="A SQLAlchemy URL (mssql+pyodbc://..., postgresql://..., sqlite:///file) or a folder of "
                        "ssd_*.csv files; default CPHUB_SSD_URL")
    p.add_argument("--la", help="DfE 3-digit council code (default CPHUB_LA)")
    p.add_argument("--cms", choices=("liquid_logic", "mosaic"), default="liquid_logic",
                   help="Case system whose shipped value map to use")
    p.add_argument("--map", type=Path, help="The council's own value map (YAML; may 'extends:' a shipped one)")
    p.add_argument("--year", type=int, help="Store as this collection year (default: the extract's)")
    p.add_argument("--strict", action="store_true", help="Refuse to load if any value is unmapped")
    p.add_argument("--schedule", action="store_true",
                   help="Instead of loading now, schedule the nightly refresh (02:00) of CPHUB_SSD_URL for the "
                        "django-q2 worker")
    p.set_defaults(func=cmd_import_ssd)

    p = sub.add_parser("ssd-api-payload", help="Preview the DfE CSC API payload (JSON per child) built from SSD, and "
                                               "check it; the Hub never sends it")
    p.add_argument("--source", required=True, help="SSD database URL or folder of ssd_*.csv")
    p.add_argument("--la", required=True, help="DfE 3-digit council code")
    p.add_argument("--cms", choices=("liquid_logic", "mosaic"), default="liquid_logic")
    p.add_argument("--map", type=Path, help="The council's own value map (YAML)")
    p.add_argument("--child", action="append", help="Only this child (repeatable)")
    p.add_argument("--out", type=Path, required=True, help="Where to write the JSON")
    p.set_defaults(func=cmd_api_payload)

    p = sub.add_parser("ssd-crosscheck", help="Compare the episodes in SSD with the council's SSDA903 returns")
    p.add_argument("--source", required=True, help="SSD database URL or folder of ssd_*.csv")
    p.add_argument("--returns", type=Path, required=True, help="The council's returns: a folder with one sub-folder "
                                                               "(or zip) per collection year")
    p.add_argument("--cms", choices=("liquid_logic", "mosaic"), default="liquid_logic")
    p.add_argument("--map", type=Path, help="The council's own value map (YAML)")
    p.set_defaults(func=cmd_crosscheck)

    p = sub.add_parser("ssd-synth", help="Write a generated council (cphub synth output) as a synthetic SSD")
    p.add_argument("folder", type=Path, help="One council's generated folder (YEAR/*.csv and local/)")
    p.add_argument("--out", required=True, help="A SQLAlchemy URL (sqlite:///var/ssd.sqlite3) or a folder for CSVs")
    p.add_argument("--cms", choices=("liquid_logic", "mosaic"), default="liquid_logic")
    p.set_defaults(func=cmd_ssd_synth)


def cmd_import_ssd(args) -> int:
    from cphub.cli import setup_django

    setup_django()
    from django.conf import settings

    from cphub.web.ssd.services import import_ssd, schedule_nightly

    if args.schedule:
        sched = schedule_nightly()
        print(f"Scheduled '{sched.name}' daily from {sched.next_run:%d %B %Y %H:%M}; the django-q2 worker "
              f"(manage.py qcluster) runs it. Source: CPHUB_SSD_URL {'is set' if settings.CPHUB_SSD_URL else 'is NOT set'}.")
        return 0
    source = args.source or settings.CPHUB_SSD_URL
    if not source:
        print("Give --source, or set CPHUB_SSD_URL.", file=sys.stderr)
        return 2
    try:
        batch = import_ssd(source, args.la or settings.CPHUB_LA, cms=args.cms, map_path=args.map, year=args.year,
                           strict=args.strict)
    except InputError as exc:
        for f in exc.findings:
            print(f, file=sys.stderr)
        print("Nothing was loaded.", file=sys.stderr)
        return 2
    report = batch.counts.get("report", {})
    print(batch.message)
    print("Changes since the last load: " + ", ".join(f"{k.replace('_', ' ')} {v}"
                                                        for k, v in report.get("changes", {}).items()))
    for u in report.get("unmapped", []):
        print(f"  unmapped {u['field']}: {u['value']!r} x {u['count']}")
    return 0


def cmd_api_payload(args) -> int:
    import json

    from cphub.ssd.api_payload import build, check
    from cphub.ssd.reader import read_ssd
    from cphub.ssd.valuemaps import ValueMapError, load

    try:
        payload = build(read_ssd(args.source), load(args.cms, args.map), args.la, args.child)
    except (InputError, ValueMapError) as exc:
        print(exc, file=sys.stderr)
        return 2
    args.out.write_text(json.dumps(payload, indent=2))
    problems = check(payload)
    print(f"Wrote the payload for {len(payload['Children'])} children to {args.out} (not sent); "
          f"{len(problems)} problem(s) the API would refuse.")
    for line in problems[:50]:
        print("  " + line)
    return 1 if problems else 0


def cmd_crosscheck(args) -> int:
    from datetime import date

    from cphub.ssd.crosscheck import compare
    from cphub.ssd.reader import read_ssd
    from cphub.ssd.transform import to_hub
    from cphub.ssd.valuemaps import ValueMapError, load
    from cphub.ssda903.reader import merge_years, read_years

    try:
        hub = to_hub(read_ssd(args.source), load(args.cms, args.map))
        years = read_years(args.returns)
    except (InputError, ValueMapError) as exc:
        print(exc, file=sys.stderr)
        return 2
    start, end = date(min(years) - 1, 4, 1), date(max(years), 3, 31)
    found = compare(hub.ssda903["Episodes"], merge_years(years)["Episodes"], start, end)
    print(f"SSD and the SSDA903 returns for {start:%d/%m/%Y} to {end:%d/%m/%Y}: {len(found)} difference(s).")
    for d in found[:200]:
        print("  " + str(d))
    return 1 if found else 0


def cmd_ssd_synth(args) -> int:
    from cphub.csvio import read_table
    from cphub.local.schema import LOCAL_TABLES
    from cphub.ssd.synth import from_hub, write_database, write_folder
    from cphub.ssda903.reader import merge_years, read_years

    try:
        tables = {n: t.drop("YEAR") if "YEAR" in t.columns else t
                  for n, t in merge_years(read_years(args.folder)).items()}
        for name, spec in LOCAL_TABLES.items():
            f = args.folder / "local" / f"{name}.csv"
            tables[name] = read_table(f.read_bytes(), spec, f.name)[0].drop("_row") if f.exists() else spec.empty()
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 2
    ssd = from_hub(tables, args.cms)
    if "://" in args.out:
        write_database(ssd, args.out)
    else:
        write_folder(ssd, Path(args.out))
    print(f"Wrote {sum(df.height for df in ssd.values())} rows in {len(ssd)} SSD tables to {args.out}")
    return 0
