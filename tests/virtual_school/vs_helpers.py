"""Hand-built council data for the Virtual School tests: a few children whose cohorts and education facts are known."""

from __future__ import annotations

from datetime import date

import polars as pl

from cphub.cin.schema import CIN_TABLES
from cphub.local.schema import LOCAL_TABLES
from cphub.measures.base import CouncilData
from cphub.ssda903.schema import TABLES
from cphub.virtual_school.schema import EDUCATION_TABLES

SPECS = {**TABLES, **LOCAL_TABLES, **EDUCATION_TABLES}
D = date


def frame(name: str, rows: list[dict]) -> pl.DataFrame:
    spec = SPECS[name]
    return pl.DataFrame([{c: r.get(c) for c in spec.column_names} for r in rows], schema=spec.schema)


def council(**tables: list[dict]) -> CouncilData:
    """CouncilData with the given tables (rows as dicts) and every other table empty."""
    out = {n: s.empty() for n, s in SPECS.items()}
    for name, rows in tables.items():
        if name in CIN_TABLES:
            out[name] = pl.DataFrame([{c: r.get(c) for c in CIN_TABLES[name].column_names} for r in rows],
                                     schema=CIN_TABLES[name].schema)
        else:
            out[name] = frame(name, rows)
    return CouncilData(la="999", tables=out)


def ep(child, decom, dec=None, rec=None, ls="C2", rne="S", place="U4"):
    return {"CHILD": child, "DECOM": decom, "DEC": dec, "REC": rec, "LS": ls, "RNE": rne, "PLACE": place, "CIN": "N1"}
