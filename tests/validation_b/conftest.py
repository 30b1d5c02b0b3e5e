"""Helpers for the rule tests (codes 400 and above): tiny hand-made typed tables and a runner."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest

from cphub.ssda903.rules import RULES, Context
from cphub.ssda903.schema import TABLES


def d(s: str) -> date:
    """dd/mm/yyyy -> date."""
    return datetime.strptime(s, "%d/%m/%Y").date()


def table(name: str, rows: list[dict]) -> pl.DataFrame:
    """A typed table with the given rows (missing columns blank, string dates parsed; an optional column only when a
    row gives it, as a file may leave it out); ``_row`` = 2, 3, ..."""
    spec = TABLES[name].given({c for r in rows for c in r})
    data: dict[str, list] = {c: [] for c in spec.column_names}
    for r in rows:
        unknown = set(r) - set(TABLES[name].column_names)
        assert not unknown, f"{name} has no column {unknown}"
        for c in spec.column_names:
            v = r.get(c)
            if isinstance(v, str) and spec.column(c).kind == "date":
                v = d(v)
            if isinstance(v, str) and spec.column(c).kind == "int":
                v = int(v)
            data[c].append(v)
    df = pl.DataFrame(data, schema=spec.schema)
    return df.with_columns(pl.int_range(2, df.height + 2, dtype=pl.Int64).alias("_row"))


def context(year: int = 2025, previous: dict[str, list[dict]] | None = None, extract_date: date | None = None,
            **tables: list[dict]) -> Context:
    """A Context of hand-made tables; ``extract_date``: an in-year extract to that date."""
    typed = {n: table(n, tables.get(n, [])) for n in TABLES}
    prev = {n: table(n, previous.get(n, [])) for n in TABLES} if previous is not None else None
    ctx = Context(year=year, tables=typed, previous=prev, extract_date=extract_date)
    ctx.cache["unparsed"] = {}
    return ctx


def run(code: str, ctx: Context) -> list[tuple[str, int, str]]:
    """(table, row, child) of each finding of rule ``code``."""
    return sorted((f.table, f.row, f.child) for f in RULES[code].run(ctx))


class V:
    """What a rule test needs: ``v.ctx(...)`` builds a Context, ``v.run(code, ctx)`` lists findings."""

    d = staticmethod(d)
    ctx = staticmethod(context)
    table = staticmethod(table)
    run = staticmethod(run)


@pytest.fixture
def v() -> type[V]:
    return V
