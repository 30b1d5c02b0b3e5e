"""Headline 31 March figures of a generated tree, to check the generator's magnitudes (definitions.md §0-§1).

Not the Hub's measures (those live in :mod:`cphub.measures`); a small independent check used by the tests,
``cphub synth --summary`` and ``docs/synthetic-data.md``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from cphub.reference.councils import population
from cphub.reference.postcodes import lookup

SHORT_BREAKS = ["V3", "V4"]


def _read(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False)


def _dates(df: pl.DataFrame, *cols: str) -> pl.DataFrame:
    return df.with_columns(pl.col(c).str.strptime(pl.Date, "%d/%m/%Y", strict=False) for c in cols)


def council_year(folder: Path, la: str, year: int, distances: bool = False) -> dict:
    """Figures of one council's return for ``year`` (folder = ``out/<la>/<year>``)."""
    ys, ye = date(year - 1, 4, 1), date(year, 3, 31)
    eps = _dates(_read(folder / "Episodes.csv"), "DECOM", "DEC").filter(~pl.col("LS").is_in(SHORT_BREAKS))
    open31 = eps.filter(pl.col("DECOM") <= ye, pl.col("DEC").is_null() | (pl.col("DEC") > ye))
    cla = open31["CHILD"].n_unique()
    uasc_ids = set(_read(folder / "UASC.csv").filter(
        pl.col("DUC").str.strptime(pl.Date, "%d/%m/%Y") > ye)["CHILD"].to_list())
    uasc = len(set(open31["CHILD"].to_list()) & uasc_ids)
    started = eps.filter(pl.col("RNE") == "S", pl.col("DECOM").is_between(ys, ye))["CHILD"].n_unique()
    ceased = eps.filter(pl.col("DEC").is_between(ys, ye), pl.col("REC") != "X1")["CHILD"].n_unique()
    pop = population(la, year - 1) if la.isdigit() else None
    out = {"la": la, "year": year, "cla": cla, "uasc": uasc, "started": started, "ceased": ceased,
           "rate_per_10k": round(cla / pop * 10000, 1) if pop else None,
           "residential": open31.filter(pl.col("PLACE").is_in(["K1", "K2", "R1", "S1"]))["CHILD"].n_unique(),
           "foster": open31.filter(pl.col("PLACE").str.starts_with("U"))["CHILD"].n_unique(),
           "oc3": _read(folder / "OC3.csv").height}
    if distances and cla:
        home = lookup(open31["HOME_POST"])
        pl_ = lookup(open31["PL_POST"])
        d = (((home["easting"] - pl_["easting"]) ** 2 + (home["northing"] - pl_["northing"]) ** 2).sqrt()
             / 1000 / 1.6093)
        nonuasc = ~open31["CHILD"].is_in(list(uasc_ids))
        far = (d > 20) & nonuasc & (pl_["la_code"] != la)
        out["over_20_miles_out"] = int(far.sum())
        out["over_20_miles"] = int(((d > 20) & nonuasc).sum())
    return out


def households_at(local: Path, day: date) -> dict[str, int]:
    """Approved fostering households on ``day`` by type."""
    fh = _dates(_read(local / "fostering_households.csv"), "APPROVAL_DATE", "DEREGISTRATION_DATE")
    active = fh.filter(pl.col("APPROVAL_DATE") <= day,
                       pl.col("DEREGISTRATION_DATE").is_null() | (pl.col("DEREGISTRATION_DATE") > day))
    return {k: int(v) for k, v in active.group_by("HOUSEHOLD_TYPE").len().iter_rows()}


def care_leavers_at(local: Path, day: date) -> int:
    """Care leavers with a personal adviser allocated on ``day`` (a proxy for care leavers 18-21 supported)."""
    pa = _dates(_read(local / "pa_allocations.csv"), "START_DATE", "END_DATE")
    return pa.filter(pl.col("START_DATE") <= day, pl.col("END_DATE").is_null() | (pl.col("END_DATE") > day)).height


def national(out: Path, year: int) -> dict:
    """Totals over every council folder of ``out`` for ``year``."""
    rows = [council_year(p / str(year), p.name, year) for p in sorted(out.iterdir())
            if p.is_dir() and (p / str(year)).is_dir()]
    total = sum(r["cla"] for r in rows)
    return {"councils": len(rows), "cla": total, "uasc": sum(r["uasc"] for r in rows),
            "uasc_pct": round(100 * sum(r["uasc"] for r in rows) / max(1, total), 1),
            "started": sum(r["started"] for r in rows), "ceased": sum(r["ceased"] for r in rows),
            "min_cla": min(r["cla"] for r in rows), "max_cla": max(r["cla"] for r in rows)}
