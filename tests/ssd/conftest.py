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
