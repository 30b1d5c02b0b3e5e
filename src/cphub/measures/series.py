"""Measures at many dates in one pass: the fast path for the scorecard's trend and year-earlier values.

The single-date functions in the family modules are the definitions; each function here computes the same
value, numerator and denominator at every date of a list with one Polars query over the council's episodes
"stacked" by date (a ``_AT`` column), instead of one set of queries per date. Results carry no ``detail`` and
no ``children`` (a trend point needs neither). ``tests/measures/test_series.py`` checks every series against
the single-date definition on the demo council and on hand-built histories.

A measure without an entry in :data:`SERIES` is computed date by date (:func:`cphub.measures.registry.compute_series`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import polars as pl

from cphub.measures import episodes as ep
from cphub.measures.base import CouncilData, MeasureResult
from cphub.measures.common import pct, rate_10k
from cphub.ssda903.codes import ADOPTED_REC, ADOPTION_PLACE, FOSTER_PLACE, UNREGISTERED_PLACE

SeriesFn = Callable[[CouncilData, Sequence[date]], list[MeasureResult]]


# ---------------------------------------------------------------------------------------------- stacked blocks
def _dates_frame(dates: Sequence[date]) -> pl.DataFrame:
    return pl.DataFrame({"_AT": sorted(set(dates))}, schema={"_AT": pl.Date})


def _age(dob: pl.Expr, at: pl.Expr) -> pl.Expr:
    """:func:`episodes.age_expr` with the date as a column."""
    before = (dob.dt.month() > at.dt.month()) | ((dob.dt.month() == at.dt.month()) & (dob.dt.day() > at.dt.day()))
    return (at.dt.year().cast(pl.Int32) - dob.dt.year().cast(pl.Int32) - before.cast(pl.Int32)).cast(pl.Int32)


def cla_many(data: CouncilData, dates: Sequence[date]) -> pl.DataFrame:
    """:func:`episodes.cla_at` at every date, stacked: the same rows with the date as ``_AT``."""
    key = tuple(sorted(set(dates)))

    def build():
        eps = ep.care_episodes(data).with_row_index("_I")
        x = _dates_frame(key).join(eps, how="cross").filter(
            (pl.col("DECOM") <= pl.col("_AT")) & (pl.col("DEC").is_null() | (pl.col("DEC") > pl.col("_AT"))))
        # the last open episode of each child in episode order, as cla_at keeps
        x = x.sort("_AT", "_I").unique(["_AT", "CHILD"], keep="last", maintain_order=True).drop("_I")
        x = x.join(ep.header(data), on="CHILD", how="left")
        return x.with_columns(_age(pl.col("DOB"), pl.col("_AT")).alias("AGE"))
    return ep.cached(data, ("cla_many", key), build)


def _counts(df: pl.DataFrame, dates: Sequence[date], *exprs: pl.Expr) -> list[tuple[int, ...]]:
    """Per date of ``dates``: the number of rows of ``df`` (stacked by ``_AT``), then the sum of each boolean expr."""
    aggs = [pl.len().alias("_N")] + [e.fill_null(False).cast(pl.Int64).sum().alias(f"_E{i}")
                                      for i, e in enumerate(exprs)]
    got = {r[0]: tuple(int(v) for v in r[1:]) for r in df.group_by("_AT").agg(aggs).iter_rows()}
    zero = tuple(0 for _ in range(len(exprs) + 1))
    return [got.get(d, zero) for d in dates]


def _uasc_flag(data: CouncilData, cla: pl.DataFrame) -> pl.DataFrame:
    """``cla`` (stacked) with ``_UASC``: the child is in the UASC table with no DUC on or before the date."""
    u = ep.table(data, "UASC").select("CHILD", "DUC")
    hit = (cla.select("_AT", "CHILD").join(u, on="CHILD", how="inner")
           .filter(pl.col("DUC").is_null() | (pl.col("DUC") > pl.col("_AT")))
           .select("_AT", "CHILD").unique().with_columns(pl.lit(True).alias("_UASC")))
    return cla.join(hit, on=["_AT", "CHILD"], how="left").with_columns(pl.col("_UASC").fill_null(False))


# ---------------------------------------------------------------------------------------------- CLA family
def cla_count(data, dates):
    return [MeasureResult(n, n, None) for (n,) in _counts(cla_many(data, dates), dates)]


cla_demographics = cla_count


def cla_rate_10k(data, dates):
    out = []
    for d, (n,) in zip(dates, _counts(cla_many(data, dates), dates)):
        pop, _ = ep.population(data, d)
        out.append(MeasureResult(rate_10k(n, pop), n, pop))
    return out


def cla_disability_count(data, dates):
    cla = cla_many(data, dates)
    return [MeasureResult(k, k, n) for n, k in _counts(cla, dates, pl.col("CIN") == "N2")]


def uasc_count(data, dates):
    cla = _uasc_flag(data, cla_many(data, dates))
    return [MeasureResult(k, k, None) for _, k in _counts(cla, dates, pl.col("_UASC"))]


def uasc_pct(data, dates):
    cla = _uasc_flag(data, cla_many(data, dates))
    return [MeasureResult(pct(k, n), k, n) for n, k in _counts(cla, dates, pl.col("_UASC"))]


def short_breaks_count(data, dates):
    sb = ep.episodes(data).filter(pl.col("SB"))
    x = _dates_frame(dates).join(sb.select("CHILD", "DECOM", "DEC"), how="cross").filter(
        (pl.col("DECOM") <= pl.col("_AT")) & (pl.col("DEC").is_null() | (pl.col("DEC") > pl.col("_AT"))))
    got = dict(x.group_by("_AT").agg(pl.col("CHILD").n_unique()).iter_rows())
    return [MeasureResult(got.get(d, 0), got.get(d, 0), None) for d in dates]


def placement_type_mix(data, dates):
    cla = cla_many(data, dates)
    return [MeasureResult(pct(k, n), k, n) for n, k in _counts(cla, dates, pl.col("PLACE").is_in(list(FOSTER_PLACE)))]


def unregistered_placements_count(data, dates):
    cla = cla_many(data, dates)
    return [MeasureResult(k, k, n) for n, k in
            _counts(cla, dates, pl.col("PLACE").is_in(list(UNREGISTERED_PLACE)))]


def awaiting_adoption_count(data, dates):
    cla = cla_many(data, dates)
    pa = ep.table(data, "PlacedAdoption").select("CHILD", "DATE_PLACED", "DATE_PLACED_CEASED")
    hit = (cla.select("_AT", "CHILD").join(pa, on="CHILD", how="inner")
           .filter((pl.col("DATE_PLACED") <= pl.col("_AT"))
                   & (pl.col("DATE_PLACED_CEASED").is_null() | (pl.col("DATE_PLACED_CEASED") > pl.col("_AT"))))
           .select("_AT", "CHILD").unique().with_columns(pl.lit(True).alias("_DEC")))
    df = cla.join(hit, on=["_AT", "CHILD"], how="inner")
    waiting = ~pl.col("PLACE").is_in(list(ADOPTION_PLACE)).fill_null(False)
    return [MeasureResult(k, k, None) for _, k in _counts(df, dates, waiting)]


# ---------------------------------------------------------------------------------------------- stability
def stability_long_term_pct(data, dates):
    cuts = pl.DataFrame({"_AT": list(dates), "_CUTP": [ep.minus_months(d, 30) for d in dates],
                         "_CUTS": [ep.minus_months(d, 24) for d in dates]},
                        schema={"_AT": pl.Date, "_CUTP": pl.Date, "_CUTS": pl.Date}).unique("_AT")
    prev = ep.cached(data, "previous_spell_start", lambda: ep.spells(data).with_columns(
        pl.col("SPELL_START").shift(1).over("PERIOD").alias("PREV_SPELL_START")).select("SPELL", "PREV_SPELL_START"))
    den = (cla_many(data, dates).join(cuts, on="_AT")
           .filter((pl.col("AGE") < 16) & (pl.col("PERIOD_START") <= pl.col("_CUTP")))
           .join(prev, on="SPELL", how="left"))
    ok = (pl.col("SPELL_START") <= pl.col("_CUTS")) | (
        pl.col("PLACE").is_in(list(ADOPTION_PLACE)) & (pl.col("PREV_SPELL_START") <= pl.col("_CUTS")))
    return [MeasureResult(pct(k, n), k, n) for n, k in _counts(den, dates, ok)]


def stability_short_term_pct(data, dates):
    firsts = pl.DataFrame({"_AT": list(dates), "_FIRST": [ep.rolling_start(d) for d in dates]},
                          schema={"_AT": pl.Date, "_FIRST": pl.Date}).unique("_AT")
    sp = ep.spells(data).select("CHILD", "SPELL_START", "SPELL_END")
    n = (firsts.join(sp, how="cross")
         .filter((pl.col("SPELL_START") <= pl.col("_AT"))
                 & (pl.col("SPELL_END").is_null() | (pl.col("SPELL_END") > pl.col("_FIRST")))
                 & (pl.col("SPELL_END").is_null() | (pl.col("SPELL_END") > pl.col("SPELL_START"))))
         .group_by("_AT", "CHILD").len("N"))
    df = cla_many(data, dates).select("_AT", "CHILD").join(n, on=["_AT", "CHILD"], how="left")
    return [MeasureResult(pct(k, c), k, c) for c, k in _counts(df, dates, pl.col("N").fill_null(0) >= 3)]


# ---------------------------------------------------------------------------------------------- distance
def _with_distance(data, dates):
    from cphub.measures.distance import episode_distances

    d = episode_distances(data)
    if d is None:
        return None
    return cla_many(data, dates).join(d, on=["HOME_POST", "PL_POST"], how="left", nulls_equal=True)


def _distance_series(data, dates, outside_only: bool):
    df = _with_distance(data, dates)
    if df is None:
        return [MeasureResult(None, None, None) for _ in dates]
    df = _uasc_flag(data, df)
    far = (pl.col("DISTANCE") > 20) & ~pl.col("_UASC")
    if outside_only:
        far = far & pl.col("PL_LA").is_not_null() & (pl.col("PL_LA") != data.la)
    return [MeasureResult(pct(k, n), k, n) for n, k in _counts(df, dates, far)]


def placed_over_20_miles_pct(data, dates):
    return _distance_series(data, dates, False)


def placed_outside_la_over_20_miles_pct(data, dates):
    return _distance_series(data, dates, True)


def placed_out_of_area_pct(data, dates):
    df = _with_distance(data, dates)
    if df is None:
        return [MeasureResult(None, None, None) for _ in dates]
    out = pl.col("PL_LA").is_not_null() & (pl.col("PL_LA") != data.la)
    return [MeasureResult(pct(k, n), k, n) for n, k in _counts(df, dates, out)]


# ---------------------------------------------------------------------------------------------- entries, exits
def _ytd_frame(dates):
    return pl.DataFrame({"_AT": list(dates), "_FIRST": [ep.year_start(d) for d in dates]},
                        schema={"_AT": pl.Date, "_FIRST": pl.Date}).unique("_AT")


def _starts(data, dates):
    return _ytd_frame(dates).join(ep.periods(data).select("CHILD", "PERIOD_START"), how="cross").filter(
        pl.col("PERIOD_START").is_between(pl.col("_FIRST"), pl.col("_AT")))


def _ceased_last(data, dates):
    """Per date, one row per child ceasing year to date: the REC of the last occasion (see ``ceased``)."""
    p = _ytd_frame(dates).join(ep.periods(data).select("CHILD", "PERIOD_END", "PERIOD_REC"), how="cross").filter(
        pl.col("PERIOD_END").is_between(pl.col("_FIRST"), pl.col("_AT")) & pl.col("PERIOD_REC").is_not_null()
        & (pl.col("PERIOD_REC") != "X1"))
    return p.sort("_AT", "PERIOD_END").unique(["_AT", "CHILD"], keep="last", maintain_order=True)


def _child_counts(df, dates) -> list[int]:
    got = dict(df.group_by("_AT").agg(pl.col("CHILD").n_unique()).iter_rows())
    return [got.get(d, 0) for d in dates]


def entries_ytd(data, dates):
    return [MeasureResult(n, n, None) for n in _child_counts(_starts(data, dates), dates)]


def entries_rate_10k(data, dates):
    out = []
    for d, n in zip(dates, _child_counts(_starts(data, dates), dates)):
        pop, _ = ep.population(data, d)
        out.append(MeasureResult(rate_10k(n, pop), n, pop))
    return out


def exits_ytd(data, dates):
    return [MeasureResult(n, n, None) for (n,) in _counts(_ceased_last(data, dates), dates)]


exit_reasons = exits_ytd


def exits_rate_10k(data, dates):
    out = []
    for d, (n,) in zip(dates, _counts(_ceased_last(data, dates), dates)):
        pop, _ = ep.population(data, d)
        out.append(MeasureResult(rate_10k(n, pop), n, pop))
    return out


def positive_exits_pct(data, dates):
    from cphub.measures.entries_exits import positive_codes

    pos = pl.col("PERIOD_REC").is_in(list(positive_codes(data)))
    return [MeasureResult(pct(k, n), k, n) for n, k in _counts(_ceased_last(data, dates), dates, pos)]


def adoptions_ytd(data, dates):
    ad = pl.col("PERIOD_REC").is_in(list(ADOPTED_REC))
    return [MeasureResult(k, k, None) for _, k in _counts(_ceased_last(data, dates), dates, ad)]


def adoptions_pct(data, dates):
    ad = pl.col("PERIOD_REC").is_in(list(ADOPTED_REC))
    return [MeasureResult(pct(k, n), k, n) for n, k in _counts(_ceased_last(data, dates), dates, ad)]


# ---------------------------------------------------------------------------------------------- care leavers
def ceyp_demographics(data, dates):
    """The value is the number of care experienced young people: :func:`care_leavers.ceyp` per date, without
    building the breakdown tables."""
    from cphub.measures.care_leavers import ceyp

    out = []
    for d in dates:
        n = ceyp(data, d)["CHILD"].n_unique()
        out.append(MeasureResult(n, n, None))
    return out


SERIES: dict[str, SeriesFn] = {f.__name__: f for f in [
    cla_count, cla_rate_10k, cla_disability_count, uasc_count, uasc_pct, short_breaks_count,
    placement_type_mix, unregistered_placements_count, awaiting_adoption_count,
    stability_long_term_pct, stability_short_term_pct,
    placed_over_20_miles_pct, placed_outside_la_over_20_miles_pct, placed_out_of_area_pct,
    entries_ytd, entries_rate_10k, exits_ytd, exits_rate_10k, positive_exits_pct, adoptions_ytd, adoptions_pct,
    ceyp_demographics,
]}
SERIES["exit_reasons"] = exit_reasons
SERIES["cla_demographics"] = cla_demographics
"""Measure id -> its many-dates function."""
