"""``cphub synth``: write synthetic SSDA903 returns and local tables; ``generate_demo`` for ``cphub setup-demo``."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

DEMO_FROM, DEMO_TO = 2021, 2026


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("synth", help="Generate synthetic SSDA903 returns and local tables (no real data)")
    p.add_argument("--out", type=Path, required=True, help="Output folder (OUT/<la>/<year>/*.csv, OUT/<la>/local/)")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--councils", type=int, metavar="N", help="The demo council plus N-1 others from the register")
    who.add_argument("--la", nargs="+", metavar="CODE", help="DfE 3-digit council code(s)")
    who.add_argument("--national", action="store_true", help="Every council in the register (about 153)")
    p.add_argument("--from-year", type=int, default=DEMO_FROM, help="First collection year (by its ending)")
    p.add_argument("--to-year", type=int, default=DEMO_TO, help="Last collection year (by its ending)")
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
    """Generate the demo council ``la`` for collection years 2021-2026 into ``folder``; returns ``folder``."""
    from cphub.synth.generator import generate

    return generate(Path(folder), councils=[la], from_year=DEMO_FROM, to_year=DEMO_TO, seed=1)
