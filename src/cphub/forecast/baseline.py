"""The comparison method: a day-step Markov model over 5 age bands x placement type with entries at a flat
daily average and no trend, written by us from the published description of the open children's services demand
model (data-to-insight ``cs-demand-model``); none of its code is used. It gives one expected path (no interval).

Rates are estimated over a reference period: for each (band, type) state, daily probability = transitions
observed / child-days in the state, where a transition is a change of placement type, a birthday that crosses
into the next band (ageing is a rate here), or leaving care. Entries: starts per day in each state, averaged.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

from cphub.forecast.history import History
from cphub.forecast.states import AGE_BANDS, PLACEMENT_TYPES

N_B, N_T = len(AGE_BANDS), len(PLACEMENT_TYPES)
N_S = N_B * N_T


def _birthday(dob: pl.Expr, years: int) -> pl.Expr:
    return dob.dt.offset_by(f"{years}y")


def _band_at(dob: str, day: str) -> pl.Expr:
    """Band index on ``day`` (whole years by birthday; the five public-model bands)."""
    expr = pl.lit(0)
    for i, (_, lo, _) in enumerate(AGE_BANDS):
        if lo:
            expr = pl.when(pl.col(day) >= _birthday(pl.col(dob), lo)).then(pl.lit(i)).otherwise(expr)
    return expr


class FlatRateModel:
    """Day-step flat-rate model fitted on ``history`` over the last ``reference_years`` before ``as_at``."""

    def __init__(self, history: History, reference_years: float = 3.0):
        as_at = history.as_at
        ws = as_at - timedelta(days=round(365.25 * reference_years))
        e = history.episodes.with_columns(pl.col("DEC").fill_null(as_at + timedelta(days=1)).alias("END"))
        e = e.with_columns(pl.col("ptype").replace_strict({t: i for i, t in enumerate(PLACEMENT_TYPES)},
                                                           return_dtype=pl.Int64).alias("t"))
        # Exposure per band: overlap of the episode, the band's ages and the window.
        exposure = np.zeros(N_S)
        ageing = np.zeros(N_S)
        for b, (_, lo, hi) in enumerate(AGE_BANDS):
            lo_d, hi_d = _birthday(pl.col("DOB"), lo), _birthday(pl.col("DOB"), hi)
            start = pl.max_horizontal(pl.col("DECOM"), lo_d, pl.lit(ws))
            end = pl.min_horizontal(pl.col("END"), hi_d, pl.lit(as_at + timedelta(days=1)))
            ov = e.select(pl.col("t"), (end - start).dt.total_days().alias("d")).filter(pl.col("d") > 0)
            for t, d in ov.group_by("t").agg(pl.col("d").sum()).iter_rows():
                exposure[b * N_T + t] += d
            if b < N_B - 1:
                cross = e.filter(hi_d > pl.col("DECOM"), hi_d < pl.col("END"), hi_d > pl.lit(ws),
                                 hi_d <= pl.lit(as_at)).group_by("t").len()
                for t, n in cross.iter_rows():
                    ageing[b * N_T + t] += n
        moves = np.zeros((N_S, N_S))
        exits = np.zeros(N_S)
        entries = np.zeros(N_S)
        e = e.sort("CHILD", "DECOM").with_columns(
            pl.col("t").shift(-1).over("CHILD").alias("t_next"),
            pl.col("DECOM").shift(-1).over("CHILD").alias("next_start"),
            pl.col("DEC").shift(1).over("CHILD").alias("prev_end"))
        ended = e.filter(pl.col("DEC") > pl.lit(ws), pl.col("DEC") <= pl.lit(as_at)).with_columns(
            _band_at("DOB", "DEC").alias("b"))
        for b, t, tn, ex, nxt, dec in ended.select("b", "t", "t_next", "exit", "next_start", "DEC").iter_rows():
            s = b * N_T + t
            if ex is not None or nxt is None or nxt != dec:
                exits[s] += 1
            elif tn != t:
                moves[s, b * N_T + tn] += 1
        starts = e.filter(pl.col("prev_end").is_null() | (pl.col("prev_end") != pl.col("DECOM")),
                          pl.col("DECOM") > pl.lit(ws), pl.col("DECOM") <= pl.lit(as_at)).with_columns(
            _band_at("DOB", "DECOM").alias("b"))
        for b, t in starts.select("b", "t").iter_rows():
            entries[b * N_T + t] += 1
        days = (as_at - ws).days
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = np.where(exposure > 0, 1.0 / exposure, 0.0)
        self.daily = moves * scale[:, None]
        for b in range(N_B - 1):
            for t in range(N_T):
                s = b * N_T + t
                self.daily[s, (b + 1) * N_T + t] += ageing[s] * scale[s]
        self.exit_daily = exits * scale
        self.entries_daily = entries / days
        self.as_at = as_at
        snap_day = pl.lit(as_at)
        open_ = e.filter(pl.col("DECOM") <= snap_day, pl.col("END") > snap_day,
                         _birthday(pl.col("DOB"), 18) > snap_day).with_columns(
            pl.lit(as_at).alias("AT")).with_columns(_band_at("DOB", "AT").alias("b"))
        self.start = np.zeros(N_S)
        for b, t in open_.unique("CHILD", keep="last").select("b", "t").iter_rows():
            self.start[b * N_T + t] += 1

    def project(self, days: int) -> np.ndarray:
        """Expected children per state for each day 0..days (days+1, bands*types)."""
        out = np.zeros((days + 1, N_S))
        x = self.start.copy()
        out[0] = x
        leave = self.daily.sum(axis=1) + self.exit_daily
        for d in range(1, days + 1):
            x = x - x * leave + x @ self.daily + self.entries_daily
            out[d] = x
        return out

    def at(self, when: date) -> dict[str, float]:
        """Expected children by placement type and ``total`` on ``when``."""
        days = (when - self.as_at).days
        x = self.project(days)[-1].reshape(N_B, N_T).sum(axis=0)
        out = {t: float(x[i]) for i, t in enumerate(PLACEMENT_TYPES)}
        out["total"] = float(x.sum())
        return out
