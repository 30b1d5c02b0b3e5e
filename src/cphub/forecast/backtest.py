"""The built-in backtest: fit on what was known at 31 March of year Y, forecast 31 March Y+1..Y+3, compare
with what happened. Errors per state (total and each placement type), for our model and the flat-rate
baseline (:mod:`cphub.forecast.baseline`), and how often our 80 % and 95 % intervals held the outcome."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import polars as pl

from cphub.forecast.baseline import FlatRateModel
from cphub.forecast.history import History, counts_by_type, snapshots
from cphub.forecast.model import fit
from cphub.forecast.simulate import simulate
from cphub.forecast.states import PLACEMENT_TYPES

STATES = ("total", *PLACEMENT_TYPES)


@dataclass(frozen=True)
class Cell:
    la: str
    cutoff: int          # collection year Y (fit on data to 31 March Y)
    horizon: int         # years ahead
    state: str
    actual: int
    median: float
    q10: float
    q90: float
    q2_5: float
    q97_5: float
    baseline: float
    mean: float = 0.0


def backtest(history: History, population: dict[int, int] | None, cutoffs: list[int], *, la: str = "",
             runs: int = 500, horizons: int = 3, seed: int = 0) -> list[Cell]:
    """Cells for every cutoff year Y in ``cutoffs`` (31 March Y + ``horizons`` years must be in the data)."""
    ends = [date(y + h, 3, 31) for y in cutoffs for h in range(horizons + 1)]
    dates = sorted(set(ends))
    actual = counts_by_type(snapshots(history, dates), len(dates))
    cells: list[Cell] = []
    for y in cutoffs:
        cut = date(y, 3, 31)
        known = history.truncate(cut)
        fc = simulate(fit(known, population), months=12 * horizons, runs=runs, seed=seed)
        base = FlatRateModel(known)
        for h in range(1, horizons + 1):
            when = date(y + h, 3, 31)
            m = 12 * h
            b = base.at(when)
            k = dates.index(when)
            for s in STATES:
                q = fc.quantiles(s)
                cells.append(Cell(la, y, h, s, actual[s][k], q["median"][m], q["q10"][m], q["q90"][m],
                                  q["q2.5"][m], q["q97.5"][m], b[s],
                                  float(fc.series(s)[:, m].mean())))
    return cells


def summarise(cells: list[Cell]) -> pl.DataFrame:
    """Per state: weighted absolute percentage error (sum |forecast - actual| / sum actual, over councils,
    cutoffs and horizons) for ours and the baseline, the MAPE of the all-councils total per cutoff and horizon,
    and our intervals' coverage."""
    df = pl.DataFrame([c.__dict__ for c in cells])
    per = df.group_by("state").agg(
        pl.len().alias("cells"),
        ((pl.col("median") - pl.col("actual")).abs().sum() / pl.col("actual").sum() * 100).alias("ours_wape"),
        ((pl.col("baseline") - pl.col("actual")).abs().sum() / pl.col("actual").sum() * 100).alias("base_wape"),
        ((pl.col("mean") - pl.col("actual")).abs().sum() / pl.col("actual").sum() * 100).alias("mean_wape"),
        ((pl.col("actual") >= pl.col("q10")) & (pl.col("actual") <= pl.col("q90"))).mean().alias("cover80"),
        ((pl.col("actual") >= pl.col("q2_5")) & (pl.col("actual") <= pl.col("q97_5"))).mean().alias("cover95"))
    nat = df.group_by("state", "cutoff", "horizon").agg(pl.col("actual", "median", "baseline").sum()).group_by(
        "state").agg(((pl.col("median") - pl.col("actual")).abs() / pl.col("actual")).mean().alias("ours_mape") * 100,
                     ((pl.col("baseline") - pl.col("actual")).abs() / pl.col("actual")).mean().alias("base_mape")
                     * 100)
    order = {s: i for i, s in enumerate(STATES)}
    return per.join(nat, on="state").sort(pl.col("state").replace_strict(order, return_dtype=pl.Int64))


def by_horizon(cells: list[Cell]) -> dict[int, dict[str, float]]:
    """Total CLA: our and the baseline's error and our 80 % coverage by years ahead."""
    acc: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for c in cells:
        if c.state != "total":
            continue
        a = acc[c.horizon]
        a["n"] += 1
        a["actual"] += c.actual
        a["ours"] += abs(c.median - c.actual)
        a["base"] += abs(c.baseline - c.actual)
        a["in80"] += c.q10 <= c.actual <= c.q90
    return {h: {"ours_wape": 100 * a["ours"] / a["actual"], "base_wape": 100 * a["base"] / a["actual"],
                "cover80": a["in80"] / a["n"]} for h, a in sorted(acc.items())}
