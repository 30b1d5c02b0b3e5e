"""Small helpers shared by the measure families: percentages, rates, breakdown tables, and turning a frame
stacked by date (one row per child x date, the date in ``_AT``) into one :class:`MeasureResult` per date."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

from cphub.measures.base import MeasureResult

YES = "_YES"


def pct(num: int, den: int, places: int = 1) -> float | None:
    """``num`` as a percentage of ``den``, to ``places`` decimals (None when the denominator is 0)."""
    return round(100 * num / den, places) if den else None


def rate_10k(num: int, pop: int | None, places: int = 1) -> float | None:
    return round(10_000 * num / pop, places) if pop else None


def ids(df: pl.DataFrame, col: str = "CHILD") -> list[str]:
    """The distinct CHILD ids of ``df``, sorted."""
    return sorted(set(df[col].to_list())) if df.height else []


class Parts:
    """The per-date pieces of a stacked frame (without ``_AT``), split on first use only."""

    def __init__(self, df: pl.DataFrame) -> None:
        self.df = df
        self._parts: dict | None = None

    def __call__(self, at: date) -> pl.DataFrame:
        if self._parts is None:
            self._parts = self.df.partition_by("_AT", as_dict=True, include_key=False, maintain_order=True)
        got = self._parts.get((at,))
        return got if got is not None else self.df.clear().drop("_AT")


@dataclass
class Tally:
    """A stacked frame at one date: ``rows`` (the denominator's rows), ``yes`` (rows meeting the numerator's
    condition), ``children`` (distinct CHILD ids); the frame itself and the id lists are made on request."""

    at: date
    rows: int
    yes: int
    children: int
    parts: Parts

    def frame(self) -> pl.DataFrame:
        return self.parts(self.at)

    def yes_frame(self) -> pl.DataFrame:
        return self.frame().filter(pl.col(YES))

    def cohort_ids(self) -> list[str]:
        return ids(self.frame())

    def yes_ids(self) -> list[str]:
        return ids(self.yes_frame())


def tally(df: pl.DataFrame, dates: Sequence[date], yes: pl.Expr | None = None) -> list[Tally]:
    """Per date of ``dates`` (in order): the rows of ``df`` stacked by ``_AT``, those where ``yes`` holds (kept as
    the ``_YES`` column) and the distinct children, in one query."""
    df = df.with_columns((pl.lit(True) if yes is None else yes.fill_null(False)).alias(YES))
    got = {r[0]: r[1:] for r in df.group_by("_AT").agg(
        pl.len(), pl.col(YES).cast(pl.Int64).sum(), pl.col("CHILD").n_unique()).iter_rows()}
    parts = Parts(df)
    out = []
    for d in dates:
        rows, yes_, children = got.get(d, (0, 0, 0))
        out.append(Tally(d, int(rows), int(yes_), int(children), parts))
    return out


Detail = Callable[[Tally], dict] | None


def later(fn: Detail, t: Tally) -> Callable[[], dict] | dict:
    """``fn(t)``, to be worked out when the result's detail is first read ({} with no ``fn``)."""
    if fn is None:
        return {}
    return lambda: fn(t)


def shares(tallies: list[Tally], detail: Detail = None) -> list[MeasureResult]:
    """A percentage of children at each date: numerator = rows where the condition holds, denominator = all rows;
    children = those in the numerator, cohort = all in the denominator."""
    return [MeasureResult(pct(t.yes, t.rows), t.yes, t.rows, later(detail, t), t.yes_ids, t.cohort_ids)
            for t in tallies]


def counts(tallies: list[Tally], detail: Detail = None) -> list[MeasureResult]:
    """A number of children at each date (distinct children; no denominator)."""
    return [MeasureResult(t.children, t.children, None, later(detail, t), t.cohort_ids) for t in tallies]


def yes_counts(tallies: list[Tally], detail: Detail = None, of_cohort: bool = False) -> list[MeasureResult]:
    """The number of rows meeting the condition at each date; with ``of_cohort`` the denominator is all rows
    (a count of some of a cohort of children, e.g. children looked after), else none."""
    return [MeasureResult(t.yes, t.yes, t.rows if of_cohort else None, later(detail, t), t.yes_ids,
                          t.cohort_ids if of_cohort else None) for t in tallies]


def crosstab(df: pl.DataFrame, row: str, col: str, rows: list[str], cols: list[str]) -> list[dict]:
    """Counts of ``df`` by ``row`` x ``col`` with percentages of the total: ``[{row, "<col>": n, "<col>_pct": p}]``."""
    total = df.height
    counts_ = {(a, b): n for a, b, n in df.group_by(row, col).len().iter_rows()} if total else {}
    out = []
    for r in rows:
        line: dict = {"group": r}
        for c in cols:
            n = counts_.get((r, c), 0)
            line[c] = n
            line[f"{c}_pct"] = pct(n, total)
        out.append(line)
    return out
