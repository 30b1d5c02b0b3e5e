"""Reports on the Virtual School's kinship advice requests: requests by month, by order type and by topic, and
the median days from a request to the first response and to closing it (open requests are left out of each
median until they reach that point)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import polars as pl

SCHEMA = {"created": pl.Datetime("us", "UTC"), "first_response_at": pl.Datetime("us", "UTC"),
          "closed_at": pl.Datetime("us", "UTC"), "order_type": pl.String, "topic": pl.String}


@dataclass(frozen=True)
class Summary:
    total: int
    by_month: list[tuple[str, int]]
    by_order_type: list[tuple[str, int]]
    by_topic: list[tuple[str, int]]
    by_order_and_topic: list[tuple[str, str, int]]
    median_days_to_first_response: float | None
    responded: int
    median_days_to_close: float | None
    closed: int


def summarise(rows: Iterable[Mapping]) -> Summary:
    """Summarise requests given as mappings with ``created``, ``first_response_at``, ``closed_at`` (datetimes,
    the last two may be ``None``), ``order_type`` and ``topic``. Days are elapsed days (hours / 24), to 1 decimal."""
    df = pl.DataFrame([{k: r.get(k) for k in SCHEMA} for r in rows], schema=SCHEMA, orient="row")
    if df.is_empty():
        return Summary(0, [], [], [], [], None, 0, None, 0)
    df = df.with_columns(
        month=pl.col("created").dt.strftime("%Y-%m"),
        to_first=(pl.col("first_response_at") - pl.col("created")).dt.total_seconds() / 86400,
        to_close=(pl.col("closed_at") - pl.col("created")).dt.total_seconds() / 86400)

    def counts(*cols: str) -> list[tuple]:
        g = df.group_by(list(cols)).len().sort(list(cols))
        return [tuple(r) for r in g.iter_rows()]

    def median(col: str) -> float | None:
        v = df[col].drop_nulls()
        return round(float(v.median()), 1) if len(v) else None

    return Summary(
        total=df.height, by_month=counts("month"), by_order_type=counts("order_type"), by_topic=counts("topic"),
        by_order_and_topic=counts("order_type", "topic"),
        median_days_to_first_response=median("to_first"), responded=df["to_first"].drop_nulls().len(),
        median_days_to_close=median("to_close"), closed=df["to_close"].drop_nulls().len())
