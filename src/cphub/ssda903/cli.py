"""``cphub validate PATH [--previous PATH] [--history DIR ...] [--year YYYY] [--la CODE] [--providers FILE]
[--extract-date DD/MM/YYYY] [--format text|json|xlsx] [--out FILE]``.

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 the input could not be read at all.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path

from cphub.findings import Finding, InputError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="Check an SSDA903 return (or a CIN census XML) against the DfE rules")
    p.add_argument("path", type=Path, nargs="+", help="A folder, a zip or CSV files of one return, or a CIN census .xml")
    p.add_argument("--previous", type=Path, nargs="+", help="Last year's return, for the rules that compare years")
    p.add_argument("--history", type=Path, nargs="+", metavar="DIR",
                   help="Earlier years' return folders, for the rules on any earlier year (1002). Default: when PATH "
                        "is a year folder ROOT/<year>, its sibling folders of earlier years")
    p.add_argument("--year", type=int, help="Collection year by its ending (2025 = 2024-25)")
    p.add_argument("--la", help="The council's DfE 3-digit code, for the rules on PL_LOCATION and 1015 (skipped "
                   "without it)")
    p.add_argument("--providers", type=Path, metavar="FILE",
                   help="Ofsted's provider list (CSV or XLSX, as Ofsted publishes it), for the URN rules 219-243 and "
                        "1008 (skipped without it)")
    p.add_argument("--extract-date", type=cli_date, metavar="DD/MM/YYYY",
                   help="The return is an in-year extract to this date: validated as the year so far (OC2 and OC3 "
                        "rules are not checked; 'at 31 March' is read as at this date)")
    p.add_argument("--format", choices=["text", "json", "xlsx"], default="text")
    p.add_argument("--out", type=Path, help="Write the report here (required for xlsx; default standard output)")
    p.set_defaults(func=cmd_validate)


def cli_date(text: str) -> date:
    """A date given on the command line (argparse type): DD/MM/YYYY, as the returns write dates, or YYYY-MM-DD."""
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"not a date (DD/MM/YYYY or YYYY-MM-DD, for example 31/10/2026): {text}")


def earlier_returns(args) -> tuple[Path | list[Path] | None, list[Path] | None]:
    """Last year's return and the earlier years' folders (the history): ``--previous`` and ``--history`` when given,
    else, for a year folder PATH (``ROOT/<year>``), the folder of the year before and every earlier year folder next
    to it (each said on standard error)."""
    from cphub.ssda903.validate import earlier_years

    found = earlier_years(args.path[0]) if len(args.path) == 1 else []
    if args.previous:
        previous: Path | list[Path] | None = args.previous if len(args.previous) > 1 else args.previous[0]
    elif found and found[-1].name == str(int(args.path[0].name) - 1):
        previous = found[-1]
        print(f"cphub validate: last year's return: {previous}", file=sys.stderr)
    else:
        previous = None
    if getattr(args, "history", None):
        return previous, list(args.history)
    if found:
        print(f"cphub validate: earlier returns used as history: {found[0].name}-{found[-1].name} "
              f"({found[0].parent})", file=sys.stderr)
    return previous, found or None


def unfinished_year_note(args) -> None:
    """Say on standard error when the return's collection year has not ended and no extract date was given."""
    from cphub.calendar import year_end
    from cphub.ssda903.reader import year_from_path

    year = args.year or year_from_path(args.path[0])
    if year is not None and year_end(year) > date.today() and args.path[0].suffix.lower() != ".xml":
        print(f"cphub validate: the {year - 1}-{str(year)[2:]} year has not ended: checked as a complete year's "
              f"return; for an in-year extract give --extract-date DD/MM/YYYY", file=sys.stderr)


def finding_json(f: Finding) -> dict:
    return {"code": f.code, "message": f.message, "table": f.table, "row": f.row, "child": f.child,
            "fields": list(f.fields), "severity": f.severity}


def findings_workbook(findings: list[Finding], title: str = "SSDA903 validation") -> bytes:
    """An Excel workbook of findings: one sheet of every finding, one summary sheet by rule, one by child."""
    from collections import Counter
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from cphub.exports import neutralise as safe_cell

    wb = Workbook()
    ws = wb.active
    ws.title = "Findings"
    head = ["Severity", "Rule", "Table", "Row", "Child", "Fields", "Message", "File"]
    ws.append(head)
    for f in findings:
        ws.append([safe_cell(v) for v in (f.severity, f.code, f.table, f.row, f.child, ", ".join(f.fields),
                                           f.message, f.file)])
    by_rule = wb.create_sheet("By rule")
    by_rule.append(["Rule", "Severity", "Message", "Findings", "Children"])
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.code, []).append(f)
    for code, fs in groups.items():
        by_rule.append([safe_cell(code), fs[0].severity, safe_cell(fs[0].message), len(fs),
                        len({f.child for f in fs if f.child})])
    by_child = wb.create_sheet("By child")
    by_child.append(["Child", "Findings", "Rules"])
    per_child = Counter(f.child for f in findings if f.child)
    for child, n in sorted(per_child.items(), key=lambda kv: (-kv[1], kv[0])):
        codes = sorted({f.code for f in findings if f.child == child})
        by_child.append([safe_cell(child), n, safe_cell(", ".join(codes))])
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    wb.properties.title = title
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def render_text(findings: list[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    skipped = len(findings) - errors - warnings
    lines = [str(f) for f in findings]
    lines.append(f"{errors} error(s), {warnings} warning(s)" + (f", {skipped} rule(s) not checked." if skipped else "."))
    return "\n".join(lines) + "\n"


def cmd_validate(args) -> int:
    from cphub.calendar import collection_year
    from cphub.ssda903.validate import has_errors, validate

    extract_date = getattr(args, "extract_date", None)
    if extract_date is not None:
        if args.year is not None and args.year != collection_year(extract_date):
            print(f"cphub validate: an extract on {extract_date:%d/%m/%Y} belongs to collection year "
                  f"{collection_year(extract_date)}, not {args.year}", file=sys.stderr)
            return 2
        args.year = collection_year(extract_date)
    else:
        unfinished_year_note(args)
    try:
        if len(args.path) == 1 and args.path[0].suffix.lower() == ".xml":
            from cphub.cin.reader import read_census
            from cphub.cin.rules import validate_census

            findings = validate_census(read_census(args.path[0]), args.year)
        else:
            previous, history = earlier_returns(args)
            findings = validate(args.path if len(args.path) > 1 else args.path[0], previous, args.year,
                                getattr(args, "la", None), getattr(args, "providers", None),
                                extract_date=extract_date, history=history)
    except InputError as exc:
        for f in exc.findings:
            where = (f.file or f.table) + (f", row {f.row}" if f.row is not None else "")
            where += f" [{', '.join(f.fields)}]" if f.fields and f.row is not None else ""
            print(f"cphub validate: cannot read {where}: {f.message}", file=sys.stderr)
        return 2
    if args.format == "xlsx":
        if not args.out:
            print("cphub validate: --format xlsx needs --out FILE", file=sys.stderr)
            return 2
        args.out.write_bytes(findings_workbook(findings))
    else:
        text = (json.dumps([finding_json(f) for f in findings], indent=1) + "\n" if args.format == "json"
                else render_text(findings))
        if args.out:
            args.out.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    return 1 if has_errors(findings) else 0
