"""Store models for the CIN census (one per table of :mod:`cphub.cin.schema`, built like the SSDA903 ones):
every row carries the council (``la``), the census ``year`` (by its ending, 2026 = 2025-26) and its batch."""

from __future__ import annotations

import polars as pl

from cphub.cin.schema import CIN_TABLES
from cphub.web.store.models import table_model

CIN_MODELS = {n: table_model(t, "cin", True, module=__name__) for n, t in CIN_TABLES.items()}
globals().update({m.__name__: m for m in CIN_MODELS.values()})
__all__ = ["CIN_MODELS", *(m.__name__ for m in CIN_MODELS.values())]  # noqa: PLE0604 (model names are str)


def cin_table(la: str, name: str, year: int | None = None) -> pl.DataFrame:
    """One CIN table of a council as a typed frame with a YEAR column: one census year, or (``year`` None) every
    year merged, a record repeated in consecutive censuses (same key, see :mod:`cphub.cin.schema`) kept once
    from the latest census. ``CINdetailsID`` is only meaningful within one YEAR."""
    model = CIN_MODELS[name]
    spec = model.spec
    qs = model.objects.filter(la=la)
    if year is not None:
        qs = qs.filter(year=year)
    rows = list(qs.values_list("year", *[c.name.lower() for c in spec.columns]))
    df = pl.DataFrame(rows, schema={"YEAR": pl.Int64, **spec.schema}, orient="row")
    if year is None and df.height:
        df = spec.latest(df)
    return df


def cin_tables(la: str, year: int | None = None) -> dict[str, pl.DataFrame]:
    """Every CIN table of a council (see :func:`cin_table`)."""
    return {n: cin_table(la, n, year) for n in CIN_MODELS}
