"""SSD test set-up: the session's synthetic council (``demo_folder``) as Hub tables, read without Django."""

from __future__ import annotations

import polars as pl
import pytest

from cphub.csvio import read_table
from cphub.local.schema import LOCAL_TABLES
from cphub.ssda903.reader import merge_years, read_years

LA = "871"


@pytest.fixture(scope="session")
def hub_tables(demo_folder) -> dict[str, pl.DataFrame]:
    """The generated council's SSDA903 tables merged across years (with YEAR) and its local tables."""
    folder = demo_folder / LA
    tables = {n: t.drop("_row") for n, t in merge_years(read_years(folder)).items()}
    for name, spec in LOCAL_TABLES.items():
        f = folder / "local" / f"{name}.csv"
        tables[name] = read_table(f.read_bytes(), spec, f.name)[0].drop("_row")
    return tables


@pytest.fixture(scope="session")
def cin_tables(demo_folder) -> dict[str, pl.DataFrame]:
    """The council's synthetic CIN censuses (one per year, as the demo makes them), merged: the latest census's
    copy of each record."""
    from cphub.cin.generator import generate_census
    from cphub.cin.reader import parse_census
    from cphub.cin.schema import CIN_TABLES

    returns = read_years(demo_folder / LA)
    parts: dict[str, list[pl.DataFrame]] = {n: [] for n in CIN_TABLES}
    for year, ret in sorted(returns.items()):
        census = parse_census(generate_census(LA, year, n=300, seed=year, header=ret["Header"],
                                              episodes=ret["Episodes"]))
        for name in CIN_TABLES:
            parts[name].append(census[name].with_columns(pl.lit(year, dtype=pl.Int64).alias("YEAR")))
    return {name: CIN_TABLES[name].latest(pl.concat(frames, how="diagonal_relaxed"))
            for name, frames in parts.items()}
