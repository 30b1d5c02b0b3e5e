"""Read stored tables back as typed Polars frames, the form the functional core computes on.

SSDA903 tables come back across all collection years with a ``YEAR`` column. Returns overlap (each year's
return repeats episodes still open, and councils resubmit history), so records that identify the same thing
are merged: for Episodes, Header, UASC, PlacedAdoption, Missing, Reviews, PrevPerm, SWEpisodes and DoLo the row from
the latest year's return wins for each key. OC2, OC3 and AD1 are outcomes of their year and keep one row per
child per year.
"""

from __future__ import annotations

import polars as pl

from cphub.tables import Table
from cphub.web.store.models import LOCAL_MODELS, SSDA903_MODELS

PER_YEAR_OUTCOMES = {"OC2", "OC3", "AD1"}


def _frame(model, la: str, extra: list[str], before: int | None = None) -> pl.DataFrame:
    spec: Table = model.spec
    fields = [c.name.lower() for c in spec.columns]
    rows = model.objects.filter(la=la)
    if before is not None:
        rows = rows.filter(year__lt=before)
    rows = list(rows.values_list(*extra, *fields))
    schema = {"YEAR": pl.Int64} if extra else {}
    schema.update(spec.schema)
    return pl.DataFrame(rows, schema=schema, orient="row")


def ssda903_table(la: str, name: str, before: int | None = None) -> pl.DataFrame:
    """All years of one SSDA903 table for a council (or the years before ``before``), merged as described above
    (with a YEAR column)."""
    model = SSDA903_MODELS[name]
    df = _frame(model, la, ["year"], before)
    if name in PER_YEAR_OUTCOMES or df.is_empty():
        return df
    key = list(model.spec.key)
    return df.sort("YEAR").unique(subset=key, keep="last", maintain_order=True)


def local_table(la: str, name: str) -> pl.DataFrame:
    return _frame(LOCAL_MODELS[name], la, [])


def load_all(la: str) -> dict[str, pl.DataFrame]:
    """Every SSDA903 and local table of a council, by table name."""
    out = {n: ssda903_table(la, n) for n in SSDA903_MODELS}
    out.update({n: local_table(la, n) for n in LOCAL_MODELS})
    return out


def council_data(la: str):
    """The council's :class:`~cphub.measures.base.CouncilData`: every table plus its 0-17 population by mid-year."""
    from cphub.measures.base import CouncilData
    from cphub.web.store.models import Population

    population = dict(Population.objects.filter(council_id=la).values_list("mid_year", "children_0_17"))
    return CouncilData(la=la, tables=load_all(la), population=population)


def cached_council_data(la: str):
    """:func:`council_data`, kept in this worker while the council's tables are unchanged (bounded: see
    :func:`cphub.web.results.services.frames`), so measure caches stay warm between requests."""
    from cphub.web.results.services import frames

    return frames(la, "council", lambda: council_data(la))
