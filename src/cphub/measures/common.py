"""Small helpers shared by the measure families: percentages, rates and breakdown tables."""

from __future__ import annotations

import polars as pl

from cphub.measures.base import MeasureResult


def pct(num: int, den: int, places: int = 1) -> float | None:
    """``num`` as a percentage of ``den``, to ``places`` decimals (None when the denominator is 0)."""
    return round(100 * num / den, places) if den else None


def rate_10k(num: int, pop: int | None, places: int = 1) -> float | None:
    return round(10_000 * num / pop, places) if pop else None


def share(children: pl.DataFrame, num_mask: pl.Series | None = None, detail: dict | None = None) -> MeasureResult:
    """A percentage of children: numerator = rows of ``children`` where ``num_mask``, denominator = all rows."""
    den = children.height
    num_rows = children.filter(num_mask) if num_mask is not None else children
    num = num_rows.height
    ids = sorted(set(num_rows["CHILD"].to_list())) if num else []
    cohort = sorted(set(children["CHILD"].to_list())) if den else []
    return MeasureResult(pct(num, den), num, den, detail or {}, ids, cohort)


def count(children: pl.DataFrame, detail: dict | None = None) -> MeasureResult:
    ids = sorted(set(children["CHILD"].to_list())) if children.height else []
    return MeasureResult(len(ids), len(ids), None, detail or {}, ids)


def crosstab(df: pl.DataFrame, row: str, col: str, rows: list[str], cols: list[str]) -> list[dict]:
    """Counts of ``df`` by ``row`` x ``col`` with percentages of the total: ``[{row, "<col>": n, "<col>_pct": p}]``."""
    total = df.height
    counts = {(a, b): n for a, b, n in df.group_by(row, col).len().iter_rows()} if total else {}
    out = []
    for r in rows:
        line: dict = {"group": r}
        for c in cols:
            n = counts.get((r, c), 0)
            line[c] = n
            line[f"{c}_pct"] = pct(n, total)
        out.append(line)
    return out
