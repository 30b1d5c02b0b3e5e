"""``cphub synth``: write synthetic SSDA903 returns and local tables; ``generate_demo`` for ``cphub setup-demo``."""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

SYNTH_FROM, SYNTH_TO = 2021, 2026  # `cphub synth` defaults: complete years only
DEMO_FROM, DEMO_TO = 2015, 2027
DEMO_SEED = 2  # the seed whose 2021-2026 figures sit in the seed council's ranges (tests/synth)
DEMO_EXTRACT_DATE = date(2026, 10, 31)
"""The demo's in-year extract: the 2026-27 return as a council's monthly extract on this date would hold it
(12 full years of returns before it, so every care leaver age band up to 25 is populated)."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("synth", help="Generate synthetic SSDA903 returns and local tables (no real data)")
    p.add_argument("--out", type=Path, required=True, help="Output folder (OUT/<la>/<year>/*.csv, OUT/<la>/local/)")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--councils", type=int, metavar="N", help="The demo council plus N-1 others from the register")
    who.add_argument("--la", nargs="+", metavar="CODE", help="DfE 3-digit council code(s)")
    who.add_argument("--national", action="store_true", help="Every council in the register (about 153)")
    p.add_argument("--from-year", type=int, default=SYNTH_FROM, help="First collection year (by its ending)")
    p.add_argument("--to-year", type=int, default=SYNTH_TO, help="Last collection year (by its ending)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", type=int, default=1, help="Worker processes (councils in parallel)")
    p.add_argument("--summary", action="store_true", help="Print the 31 March figures of the last year")
    p.set_defaults(func=cmd_synth)


def choose_councils(n: int | None, la: list[str] | None) -> list[str] | None:
    from cphub.reference.councils import councils
    from cphub.synth.generator import DEMO_LA

    if la:
        return la
    if n:
        others = [c["code"] for c in councils() if c["code"] != DEMO_LA]
        return [DEMO_LA] + others[: max(0, n - 1)]
    return None


def cmd_synth(args) -> int:
    from cphub.synth.figures import national
    from cphub.synth.generator import generate

    t0 = time.perf_counter()
    try:
        out = generate(args.out, councils=choose_councils(args.councils, args.la), national=args.national,
                       from_year=args.from_year, to_year=args.to_year, seed=args.seed, workers=args.jobs)
    except ValueError as exc:
        print(f"cphub synth: {exc}", file=sys.stderr)
        return 2
    print(f"Wrote {out} in {time.perf_counter() - t0:.1f} s")
    if args.summary:
        print(json.dumps(national(out, args.to_year), indent=1))
    return 0


def generate_demo(folder: Path, la: str) -> Path:
    """Generate the demo council ``la`` for collection years 2015-2027 into ``folder``, the last year and the
    local tables cut to an in-year extract on :data:`DEMO_EXTRACT_DATE`; returns ``folder``."""
    from cphub.synth.generator import generate

    out = generate(Path(folder), councils=[la], from_year=DEMO_FROM, to_year=DEMO_TO, seed=DEMO_SEED)
    cut_to_extract(Path(out) / la / str(DEMO_TO), DEMO_EXTRACT_DATE)
    cut_to_extract(Path(out) / la / "local", DEMO_EXTRACT_DATE)
    return out


def cut_to_extract(folder: Path, extract_date: date) -> None:
    """Rewrite the CSVs in ``folder`` as an in-year extract on ``extract_date`` (:func:`cphub.currency.in_year_extract`)."""
    from cphub.csvio import to_csv_bytes
    from cphub.currency import in_year_extract
    from cphub.local.schema import LOCAL_TABLES
    from cphub.ssda903.reader import read_files
    from cphub.ssda903.schema import TABLES

    specs = {**TABLES, **LOCAL_TABLES}
    files = [(p.name, p.read_bytes()) for p in sorted(folder.glob("*.csv")) if p.stem in specs]
    ret = read_files(files, None, tables={Path(n).stem: specs[Path(n).stem] for n, _ in files})
    for name, frame in in_year_extract(ret.tables, extract_date).items():
        (folder / f"{name}.csv").write_bytes(to_csv_bytes(frame, specs[name]))
