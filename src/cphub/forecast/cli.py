"""``cphub forecast``: the sufficiency forecast for a council, from the store or from a folder of returns.

    cphub forecast [--la CODE | --folder PATH] [--runs N] [--recruit N] [--format text|json|xlsx] [--out FILE]
    cphub forecast --folder PATH --backtest [--cutoffs 2020 2021 ...]

``--folder`` reads one council's tree as ``cphub synth`` writes it (PATH/<year>/*.csv, PATH/local/*.csv)
without the store; otherwise the council's stored returns are used.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

FORMATS = ("text", "json", "xlsx")


def register(subparsers) -> None:
    p = subparsers.add_parser("forecast", help="Sufficiency forecast: children looked after by placement type, "
                              "spend and fostering capacity over 36 months", description=__doc__,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    src = p.add_mutually_exclusive_group()
    src.add_argument("--la", help="DfE 3-digit LA code in the store (default: CPHUB_LA)")
    src.add_argument("--folder", type=Path, help="One council's folder of returns (<year>/ and local/)")
    p.add_argument("--runs", type=int, default=1000, help="Simulation runs (default 1000)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--recruit", type=float, default=0.0, help="Extra in-house fostering households a year")
    p.add_argument("--backtest", action="store_true", help="Backtest instead: fit to 31 March Y, forecast Y+1..Y+3")
    p.add_argument("--cutoffs", type=int, nargs="+", help="Backtest cutoff years (default: every year with three "
                                                          "later years and three earlier ones)")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("--out", type=Path, default=Path("-"), help="Output file ('-' = standard output; xlsx needs a file)")
    p.set_defaults(func=run)


def _from_folder(folder: Path):
    from cphub.forecast.report import inputs_from_tables
    from cphub.local.schema import LOCAL_TABLES
    from cphub.reference.councils import council
    from cphub.ssda903.reader import merge_years, read_files, read_years

    tables = merge_years(read_years(folder))
    local = folder / "local" / "fostering_households.csv"
    if local.exists():
        ret = read_files([(local.name, local.read_bytes())], None, tables=LOCAL_TABLES)
        tables["fostering_households"] = ret.tables["fostering_households"]
    la = folder.name if folder.name.isdigit() else ""
    try:
        pop = council(la)["population"] if la else {}
    except KeyError:
        pop = {}
    return la, inputs_from_tables(tables, pop)


def _from_store(la: str | None):
    from cphub.cli import setup_django

    setup_django()
    from django.conf import settings

    from cphub.forecast.report import inputs_from_tables
    from cphub.web.store.frames import council_data

    code = la or settings.CPHUB_LA
    data = council_data(code)
    return code, inputs_from_tables(data.tables, data.population)


def text_report(rep) -> str:
    from cphub.forecast.report import STATE_LABELS
    from cphub.forecast.states import PLACEMENT_TYPES

    lines = [f"Sufficiency forecast, council {rep.la}, from {rep.as_at:%d %B %Y} ({rep.forecast.runs} runs)",
             f"Scenario: {rep.scenario.name}", "",
             f"{'':52}" + "".join(f"{d:%b %Y}".rjust(18) for d in rep.forecast.dates[::12])]
    for s in ("total", *PLACEMENT_TYPES):
        cells = "".join((f"{r['median']} ({r['q10']}-{r['q90']})").rjust(18) for r in rep.year_rows(s))
        lines.append(f"{STATE_LABELS[s][:52]:52}{cells}")
    lines.append("Median (80% interval) of children looked after at each date.")
    lines.append("")
    for r in rep.spend:
        lines.append(f"Spend, year {r['year']}: £{r['median']:,.0f} (80%: £{r['q10']:,.0f} to £{r['q90']:,.0f})")
    for r in rep.capacity:
        lines.append(f"Fostering demand {r['date']:%b %Y}: {r['demand_median']:.0f} children; in-house places "
                     f"{r['places']:.0f} ({r['places_with_recruitment']:.0f} with recruitment); gap {r['gap']:.0f}")
    return "\n".join(lines) + "\n"


def _write(out: Path, data: bytes) -> None:
    if str(out) == "-":
        sys.stdout.buffer.write(data)
    else:
        out.write_bytes(data)


def run(args) -> int:
    from cphub.findings import InputError

    if args.format == "xlsx" and str(args.out) == "-":
        print("cphub forecast: --format xlsx needs --out FILE", file=sys.stderr)
        return 2
    if args.runs < 10 or args.runs > 20000:
        print("cphub forecast: --runs must be between 10 and 20000", file=sys.stderr)
        return 2
    try:
        la, inputs = _from_folder(args.folder) if args.folder else _from_store(args.la)
    except (InputError, FileNotFoundError, NotADirectoryError) as exc:
        print(f"cphub forecast: cannot read the returns: {exc}", file=sys.stderr)
        return 2
    if inputs.history.episodes.height == 0:
        print(f"cphub forecast: no episodes of care for council {la or '?'}", file=sys.stderr)
        return 2
    if args.backtest:
        return _backtest(args, la, inputs)
    from cphub.forecast.report import build

    rep = build(la, inputs, recruit_per_year=args.recruit, runs=args.runs, seed=args.seed)
    if args.format == "json":
        _write(args.out, (json.dumps(rep.to_dict(), indent=1, default=str) + "\n").encode())
    elif args.format == "xlsx":
        from cphub.forecast.export import xlsx_bytes

        _write(args.out, xlsx_bytes([rep]))
    else:
        _write(args.out, text_report(rep).encode())
    return 0


def _backtest(args, la: str, inputs) -> int:
    from cphub.forecast.backtest import backtest, summarise

    last = inputs.history.as_at.year
    start = inputs.history.data_from or inputs.history.episodes["DECOM"].min()
    earliest = start.year + 4  # three years of moves before the first cutoff
    cutoffs = args.cutoffs or list(range(earliest, last - 2))
    if not cutoffs or max(cutoffs) + 3 > last:
        print(f"cphub forecast: need three years after each cutoff (data to {last})", file=sys.stderr)
        return 2
    cells = backtest(inputs.history, inputs.population, cutoffs, la=la, runs=min(args.runs, 500), seed=args.seed)
    table = summarise(cells)
    if args.format == "json":
        _write(args.out, (json.dumps(table.to_dicts(), indent=1) + "\n").encode())
        return 0
    lines = [f"Backtest, council {la}, cutoffs {cutoffs}, 1-3 years ahead",
             f"{'state':16}{'ours %':>9}{'baseline %':>12}{'80% cover':>11}{'95% cover':>11}"]
    for r in table.iter_rows(named=True):
        lines.append(f"{r['state']:16}{r['ours_wape']:9.1f}{r['base_wape']:12.1f}{r['cover80']:11.2f}"
                     f"{r['cover95']:11.2f}")
    _write(args.out, ("\n".join(lines) + "\n").encode())
    return 0
