"""``cphub virtual-school``: write the education CSV templates, import education data (all or nothing), and
print the worklist."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("virtual-school", help="Virtual School: education templates, import and worklist")
    vs = p.add_subparsers(dest="vs_command", required=True, metavar="ACTION")

    t = vs.add_parser("templates", help="Write the education CSV templates to a folder")
    t.add_argument("folder", type=Path)
    t.set_defaults(func=cmd_templates)

    i = vs.add_parser("import", help="Check and load education CSV files (a folder or files), all or nothing")
    i.add_argument("paths", type=Path, nargs="+")
    i.add_argument("--la", help="DfE 3-digit council code (default: the Hub's council)")
    i.set_defaults(func=cmd_import)

    w = vs.add_parser("worklist", help="Print the children needing action as CSV")
    w.add_argument("--la", help="DfE 3-digit council code (default: the Hub's council)")
    w.add_argument("--at", type=date.fromisoformat, help="As-at date, YYYY-MM-DD (default: today or end of data)")
    w.add_argument("--cohort", action="append", help="Cohort key (default: cla); repeat for several")
    w.set_defaults(func=cmd_worklist)


def cmd_templates(args) -> int:
    from cphub.virtual_school.schema import EDUCATION_TABLES
    from cphub.virtual_school.templates import template_csv

    args.folder.mkdir(parents=True, exist_ok=True)
    for name, table in EDUCATION_TABLES.items():
        (args.folder / f"{name}.csv").write_bytes(template_csv(table))
    print(f"Wrote {len(EDUCATION_TABLES)} templates to {args.folder}")
    return 0


def _django(la: str | None) -> str:
    from cphub.cli import setup_django

    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return la or settings.CPHUB_LA


def cmd_import(args) -> int:
    from cphub.findings import InputError
    from cphub.ssda903.reader import collect_files

    la = _django(args.la)
    from cphub.web.virtual_school.data import import_education_files

    try:
        files = collect_files(list(args.paths))
        batch = import_education_files(files, la, source="cli")
    except InputError as exc:
        for f in exc.findings:
            print(f, file=sys.stderr)
        print("Nothing was loaded.", file=sys.stderr)
        return 2
    for name, n in batch.counts.items():
        print(f"{name}: {n} rows")
    return 0


def cmd_worklist(args) -> int:
    la = _django(args.la)
    from cphub.virtual_school.worklist import worklist
    from cphub.web.virtual_school.data import default_at, vs_data

    at = args.at or default_at(la)
    wl = worklist(vs_data(la), at, args.cohort or ["cla"])
    from cphub.exports import frame_csv

    sys.stdout.write(frame_csv(wl.with_columns(wl["DOB"].dt.strftime("%d/%m/%Y"))))
    return 0
