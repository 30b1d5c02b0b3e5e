"""Build small CouncilData histories by hand for measure tests (dates as 'YYYY-MM-DD' strings)."""

from __future__ import annotations

from datetime import date

import polars as pl

from cphub.local.schema import LOCAL_TABLES
from cphub.measures.base import CouncilData
from cphub.ssda903.schema import TABLES

PER_YEAR = {"OC2", "OC3", "AD1"}


def d(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


def frame(name: str, rows: list[dict]) -> pl.DataFrame:
    spec = TABLES.get(name) or LOCAL_TABLES[name]
    schema = dict(spec.schema)
    if name in TABLES:
        schema = {"YEAR": pl.Int64, **schema}
    fixed = []
    for r in rows:
        row = {c: None for c in schema}
        for k, v in r.items():
            row[k] = d(v) if schema[k] == pl.Date() and isinstance(v, str) else v
        if "YEAR" in schema and row["YEAR"] is None:
            row["YEAR"] = 2025
        fixed.append(row)
    return pl.DataFrame(fixed, schema=schema, orient="row")


def ep(child, decom, dec=None, rne="S", ls="C2", place="U4", rec=None, cin="N1", home="AB1 1AA", pl_post="AB1 2BB"):
    return {"CHILD": child, "DECOM": decom, "DEC": dec, "RNE": rne, "LS": ls, "PLACE": place, "REC": rec,
            "CIN": cin, "HOME_POST": home, "PL_POST": pl_post}


def hdr(child, dob, sex="M", ethnic="WBRI"):
    return {"CHILD": child, "DOB": dob, "SEX": sex, "ETHNIC": ethnic}


def council(la: str = "871", population: dict | None = None, settings: dict | None = None, **tables) -> CouncilData:
    """CouncilData with every table present (empty unless given as ``Name=[rows]``)."""
    out = {}
    for name in list(TABLES) + list(LOCAL_TABLES):
        out[name] = frame(name, tables.get(name, []))
    return CouncilData(la=la, tables=out, population=population or {}, settings=settings or {})


def load_folder(folder, la: str) -> CouncilData:
    """A council's generated returns (one sub-folder per year, plus ``local/``) as CouncilData, without Django."""
    from pathlib import Path

    from cphub.csvio import read_table
    from cphub.ssda903.reader import merge_years, read_years

    folder = Path(folder)
    tables = merge_years(read_years(folder))
    for name, spec in LOCAL_TABLES.items():
        f = folder / "local" / f"{name}.csv"
        tables[name] = read_table(f.read_bytes(), spec, f.name)[0] if f.exists() else spec.empty()
    return CouncilData(la=la, tables=tables, population={2022: 40_000, 2023: 40_500, 2024: 41_000})
