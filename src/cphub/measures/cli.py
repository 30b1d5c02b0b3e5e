"""``cphub benchmarks refresh``: rebuild the shipped DfE benchmark table from newer EES/LAIT files."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers) -> None:
    p = subparsers.add_parser("benchmarks", help="DfE benchmark data (statistical neighbours, region, England)")
    sub = p.add_subparsers(dest="benchmarks_command", required=True, metavar="ACTION")
    r = sub.add_parser("refresh", help="Rebuild the benchmark table from DfE EES files (and the LAIT data store)")
    r.add_argument("--ees", type=Path, required=True,
                   help="Folder of EES CSV files (cla_number_and_rate_per_10k_children.csv, "
                        "la_cla_placement_stability.csv ...)")
    r.add_argument("--lait", type=Path, help="LAIT data store (bds_long parquet, or its CSV extract)")
    r.add_argument("--neighbours", type=Path,
                   help="Statistical-neighbour model CSV (default: sn_model_*_wide.csv in --ees)")
    r.add_argument("--census", type=Path, help="ONS Census 2021 ethnic group by upper-tier LA (default: in --ees)")
    r.add_argument("--la-codes", type=Path, help="DfE LA code list las.csv (needed to rebuild the census table)")
    r.add_argument("--out", type=Path, help="Output folder (default: the package's data/benchmarks)")
    r.set_defaults(func=_refresh)


def _refresh(args: argparse.Namespace) -> int:
    from cphub.reference import benchmarks

    if not args.ees.is_dir():
        print(f"No such folder: {args.ees}")
        return 2
    out = benchmarks.refresh(args.ees, args.lait, args.neighbours, args.out or benchmarks.DATA, args.census,
                             args.la_codes)
    print(f"Wrote {out['rows']} rows for {out['measures']} measures, years {out['years'][0]}-{out['years'][-1]}"
          if out["rows"] else "No benchmark rows found in those files.")
    return 0
