"""``cphub scorecard``: the Corporate Parenting Panel pack for a council and date, from the store.

    cphub scorecard [--at 2024-02-29] [--la 871] [--public] --format json|html|pdf|xlsx --out FILE

--at defaults to the date the council's data is complete to; a later date is refused.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

FORMATS = ("json", "html", "pdf", "xlsx")


def _date(s: str) -> date:
    try:
        return date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {s}") from None


def register(subparsers) -> None:
    p = subparsers.add_parser("scorecard", help="Produce the Corporate Parenting Panel scorecard pack",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--at", type=_date, help="As-at date of the figures (YYYY-MM-DD; default: the date the data "
                                            "is complete to)")
    p.add_argument("--la", help="DfE 3-digit LA code (default: the installation's council, CPHUB_LA)")
    p.add_argument("--public", action="store_true",
                   help="Public version: counts below the suppression threshold, and percentages from them, withheld")
    p.add_argument("--threshold", type=int, help="Suppression threshold (default CPHUB_SUPPRESSION_THRESHOLD, 5)")
    p.add_argument("--since", type=_date, help="Compare with this date (default: the previous pack edition, "
                                               "else three months earlier)")
    p.add_argument("--statistic", choices=("mean", "median"), default="mean",
                   help="Statistical-neighbour benchmark: mean or median of the ten neighbours (default mean)")
    p.add_argument("--format", choices=FORMATS, default=None, help="Output format (default: from --out's suffix)")
    p.add_argument("--out", type=Path, required=True, help="Output file ('-' for standard output, json/html only)")
    p.set_defaults(func=run)


def render(card, fmt: str) -> bytes:
    if fmt == "json":
        from cphub.panel import render_json

        return (render_json.render(card) + "\n").encode("utf-8")
    if fmt == "html":
        from cphub.panel import render_html

        return render_html.render(card).encode("utf-8")
    if fmt == "pdf":
        from cphub.panel import render_pdf

        return render_pdf.render(card)
    from cphub.panel import render_xlsx

    return render_xlsx.render(card)


def run(args) -> int:
    fmt = args.format or (args.out.suffix.lstrip(".").lower() if str(args.out) != "-" else "json")
    if fmt not in FORMATS:
        print(f"cphub scorecard: unknown format {fmt!r}; use --format {'|'.join(FORMATS)}", file=sys.stderr)
        return 2
    if str(args.out) == "-" and fmt in ("pdf", "xlsx"):
        print("cphub scorecard: write PDF and Excel to a file with --out", file=sys.stderr)
        return 2
    from cphub.cli import setup_django

    setup_django()
    from django.conf import settings

    from cphub.web.scorecard.services import build, load_data
    from cphub.web.store.currency import check_at, latest_complete

    la = args.la or settings.CPHUB_LA
    if args.at is None:
        args.at = latest_complete(la)
        if args.at is None:
            print(f"cphub scorecard: give --at: no data currency is recorded for council {la} (import a return "
                  f"first, or re-import it)", file=sys.stderr)
            return 1
    refused = check_at(la, args.at)
    if refused:
        print(f"cphub scorecard: {refused}", file=sys.stderr)
        return 2
    data = load_data(la)
    episodes = data.tables.get("Episodes")
    if episodes is None or episodes.height == 0:
        print(f"cphub scorecard: no SSDA903 episodes for council {la} in the store; import a return first "
              f"(cphub import PATH)", file=sys.stderr)
        return 1
    card = build(la, args.at, public=args.public, threshold=args.threshold, since=args.since,
                 statistic=args.statistic, data=data)
    for r in card.rows:
        if r.error:
            print(f"warning: {r.id}: {r.error}", file=sys.stderr)
    payload = render(card, fmt)
    if str(args.out) == "-":
        sys.stdout.write(payload.decode("utf-8"))
    else:
        args.out.write_bytes(payload)
        print(f"Wrote {args.out} ({fmt}, {len(card.rows)} measures, {'public' if card.public else 'internal'} "
              f"version, {la} as at {args.at.isoformat()})", file=sys.stderr)
    return 0
