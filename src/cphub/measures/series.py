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
from cphub.ssda903.codes import ADOPTED_REC, ADOPTION_PLACE, EET_ACTIV, FOSTER_PLACE, UNREGISTERED_PLACE

SeriesFn = Callable[[CouncilData, Sequence[date]], list[MeasureResult]]


# ---------------------------------------------------------------------------------------------- stacked blocks
def _dates_frame(dates: Sequence[date]) -> pl.DataFrame:
    return pl.DataFrame({"_AT": sorted(set(dates))}, schema={"_AT": pl.Date})


def _ymd(d: pl.Expr) -> pl.Expr:
    return (d.dt.year().cast(pl.Int32) * 10_000 + d.dt.month().cast(pl.Int32) * 100 + d.dt.day().cast(pl.Int32))


def _dates_ymd(dates: Sequence[date]) -> pl.DataFrame:
    """The dates as ``_AT`` with ``_AT_I`` = yyyymmdd (for :func:`_age_i`)."""
    return _dates_frame(dates).with_columns(_ymd(pl.col("_AT")).alias("_AT_I"))


def _dob_i(data: CouncilData) -> pl.DataFrame:
    """CHILD and ``_DOB_I`` = DOB as yyyymmdd, once per council."""
    return ep.cached(data, "dob_ymd", lambda: ep.header(data).select("CHILD", _ymd(pl.col("DOB")).alias("_DOB_I")))


def _age_i() -> pl.Expr:
    """Whole years from ``_DOB_I`` to ``_AT_I`` (yyyymmdd integers): the same as :func:`episodes.age_expr`
    (a 29 February birthday turns on 1 March), without splitting dates row by row."""
    return ((pl.col("_AT_I") - pl.col("_DOB_I")) // 10_000).cast(pl.Int32)


def cla_many(data: CouncilData, dates: Sequence[date]) -> pl.DataFrame:
    """:func:`episodes.cla_at` at every date, stacked: the same rows with the date as ``_AT``."""
    key = tuple(sorted(set(dates)))

    def build():
        eps = ep.care_episodes(data).with_row_index("_I")
        x = _dates_ymd(key).join(eps, how="cross").filter(
            (pl.col("DECOM") <= pl.col("_AT")) & (pl.col("DEC").is_null() | (pl.col("DEC") > pl.col("_AT"))))
        # the last open episode of each child in episode order, as cla_at keeps
        x = x.sort("_AT", "_I").unique(["_AT", "CHILD"], keep="last", maintain_order=True).drop("_I")
        x = x.join(ep.header(data), on="CHILD", how="left").join(_dob_i(data), on="CHILD", how="left")
        x = x.with_columns(_age_i().alias("AGE")).drop("_AT_I", "_DOB_I")
        # the single-date frames too, for the measures computed date by date (same rows, columns and order)
        parts = x.partition_by("_AT", maintain_order=True, include_key=False, as_dict=True)
        empty = x.clear().drop("_AT")
        for d in key:
            data.cache.setdefault(("measures", ("cla", d)), parts.get((d,), empty))
        return x
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
def _latest_updates(data, df: pl.DataFrame, months: int | None) -> pl.DataFrame:
    """``df`` (stacked: _AT, CHILD) with each young person's latest care-leaver update on or before ``_AT``
    (:func:`care_leavers.latest_updates`): IN_TOUCH, ACTIV, ACCOM, null when none (within ``months`` if given;
    the latest update within the window is the latest of all when it falls in the window)."""
    right = ep.cached(data, "updates_by_date", lambda: (
        ep.table(data, "care_leaver_updates").filter(pl.col("UPDATE_DATE").is_not_null())
        .select("CHILD", "UPDATE_DATE", "IN_TOUCH", "ACTIV", "ACCOM").sort("UPDATE_DATE")))
    out = df.sort("_AT").join_asof(right, left_on="_AT", right_on="UPDATE_DATE", by="CHILD", strategy="backward",
                                   check_sortedness=False)
    if months:
        out = out.join(_firsts(df["_AT"].unique().to_list(), months), on="_AT", how="left")
        recent = pl.col("UPDATE_DATE") >= pl.col("_FIRST")
        out = out.with_columns(*(pl.when(recent).then(pl.col(c)).alias(c) for c in ("IN_TOUCH", "ACTIV", "ACCOM")))
        out = out.drop("_FIRST")
    return out


def care_leavers_many(data, dates):
    """:func:`care_leavers.care_leavers` at every date, stacked; fills the single-date frames too."""
    from cphub.measures import care_leavers as cl

    key = tuple(sorted(set(dates)))

    def build():
        cl.care_leavers(data, key[0])  # builds the shared per-council block
        base = ep.cached(data, "care_eps_from_14", lambda: None)
        # only young people aged 16-24 at the date can be care leavers: the age filter of the definition, applied
        # before the per-child sums instead of after (a property of the child, so the result is the same)
        ats = _dates_ymd(key)
        lo, hi = ats["_AT_I"].min(), ats["_AT_I"].max()
        # first drop the episodes of children aged 16-24 at none of the dates (and those starting after them all)
        base = (base.filter(pl.col("DECOM") <= key[-1]).join(_dob_i(data), on="CHILD", how="inner")
                .filter(((hi - pl.col("_DOB_I")) // 10_000 >= 16) & ((lo - pl.col("_DOB_I")) // 10_000 <= 24)))
        eps = (ats.join(base, how="cross").filter(pl.col("DECOM") <= pl.col("_AT"))
               .with_columns(_age_i().alias("AGE")).filter(pl.col("AGE").is_between(16, 24)))
        end = pl.min_horizontal(pl.col("DEC").fill_null(pl.col("_AT")), pl.col("_AT"))
        days = (end - pl.max_horizontal(pl.col("DECOM"), pl.col("S14"))).dt.total_days().clip(lower_bound=0)
        after16 = pl.col("DEC").is_null() | (pl.col("DEC") > pl.col("S16"))
        q = (eps.group_by("_AT", "CHILD")
             .agg(days.sum().alias("DAYS"), after16.any().alias("AFTER16"),
                  pl.col("PERIOD_REC").sort_by("DECOM").last().alias("LAST_REC"),
                  pl.col("CIN").sort_by("DECOM").last().alias("CIN"), pl.col("AGE").first()))
        q = q.filter((pl.col("DAYS") >= cl.QUALIFYING_DAYS) & pl.col("AFTER16")
                     & ~pl.col("LAST_REC").is_in(list(cl.PERMANENCE_REC)).fill_null(False))
        q = q.join(cla_many(data, key).select("_AT", "CHILD"), on=["_AT", "CHILD"], how="anti")
        hdr = ep.header(data)
        cols = ["_AT", "CHILD", "DAYS", "AFTER16", "LAST_REC", "CIN", *[c for c in hdr.columns if c != "CHILD"], "AGE"]
        q = q.join(hdr, on="CHILD", how="left").select(cols)
        died = (_latest_updates(data, q.select("_AT", "CHILD"), None).filter(pl.col("IN_TOUCH") == "DIED")
                .select("_AT", "CHILD"))
        q = q.join(died, on=["_AT", "CHILD"], how="anti").sort("_AT", "CHILD")
        parts = q.partition_by("_AT", maintain_order=True, include_key=False, as_dict=True)
        empty = q.clear().drop("_AT")
        for d in key:
            data.cache.setdefault(("measures", ("care_leavers", d)), parts.get((d,), empty))
        return q
    return ep.cached(data, ("care_leavers_many", key), build)


def _ceyp_many(data, dates):
    pa = ep.table(data, "pa_allocations").select("CHILD", "START_DATE", "END_DATE")
    cl_ = care_leavers_many(data, dates)
    with_pa = (cl_.select("_AT", "CHILD").join(pa, on="CHILD", how="inner")
               .filter((pl.col("START_DATE") <= pl.col("_AT"))
                       & (pl.col("END_DATE").is_null() | (pl.col("END_DATE") > pl.col("_AT"))))
               .select("_AT", "CHILD").unique().with_columns(pl.lit(True).alias("_PA")))
    return (cl_.join(with_pa, on=["_AT", "CHILD"], how="left")
            .filter((pl.col("AGE") <= 20) | pl.col("_PA").fill_null(False)))


def ceyp_count(data, dates):
    got = dict(_ceyp_many(data, dates).group_by("_AT").agg(pl.col("CHILD").n_unique()).iter_rows())
    return [MeasureResult(got.get(d, 0), got.get(d, 0), None) for d in dates]


ceyp_demographics = ceyp_count


def _leaver_series(measure: str, lo: int, hi: int, kind: str):
    from cphub.measures import care_leavers as cl

    def series(data, dates):
        out: dict[date, MeasureResult] = {}
        local = []
        single = cl._eet(lo, hi) if kind == "eet" else cl._accom(lo, hi)
        for d in dates:
            if ep.is_31_march(d) and cl.oc3_year(data, ep.collection_year(d)).height:
                r = single(data, d)
                out[d] = MeasureResult(r.value, r.numerator, r.denominator)
            else:
                local.append(d)
        if local:
            c = (care_leavers_many(data, dates).filter(pl.col("_AT").is_in(local) & pl.col("AGE").is_between(lo, hi))
                 .select("_AT", "CHILD"))
            out_of_scope = pl.col("IN_TOUCH").is_in(list(cl.OUT_OF_SCOPE_IN_TOUCH)).fill_null(False)
            df = _latest_updates(data, c, 12).filter(~out_of_scope)
            if kind == "eet":
                yes = pl.col("ACTIV").is_in(list(EET_ACTIV))
            else:
                df = df.filter(~pl.col("ACCOM").is_in(list(cl.ACCOM_EXCLUDED)).fill_null(False))
                yes = pl.col("ACCOM").str.ends_with("1").fill_null(False) & (pl.col("ACCOM").str.len_chars() == 2)
            for d, (n, k) in zip(local, _counts(df, local, yes)):
                out[d] = MeasureResult(pct(k, n), k, n)
        return [out[d] for d in dates]
    series.__name__ = measure
    return series


ceyp_eet_19_21_pct = _leaver_series("ceyp_eet_19_21_pct", 19, 21, "eet")
ceyp_eet_17_18_pct = _leaver_series("ceyp_eet_17_18_pct", 17, 18, "eet")
ceyp_suitable_accom_19_21_pct = _leaver_series("ceyp_suitable_accom_19_21_pct", 19, 21, "accom")
ceyp_suitable_accom_17_18_pct = _leaver_series("ceyp_suitable_accom_17_18_pct", 17, 18, "accom")


# ---------------------------------------------------------------------------------------------- visits, workforce
def _latest_record_many(data, name: str, date_col: str, df: pl.DataFrame, cols: tuple[str, ...] = ()):
    """:func:`episodes.latest_record` for a stacked frame: each row's latest record on or before its ``_AT``."""
    right = ep.cached(data, ("sorted", name, date_col), lambda: (
        ep.table(data, name).filter(pl.col(date_col).is_not_null() & pl.col("CHILD").is_not_null())
        .select("CHILD", pl.col(date_col).alias("LAST"), *cols).sort("LAST")))
    return df.sort("_AT").join_asof(right, left_on="_AT", right_on="LAST", by="CHILD", strategy="backward",
                                    check_sortedness=False)


def _visits(data, dates):
    from cphub.measures.visits_workforce import (FIRST_VISIT_DAYS, LONG_TERM_FOSTER, LONG_TERM_INTERVAL_DAYS,
                                                 VISIT_INTERVAL_DAYS)

    def build():
        cla = cla_many(data, dates).select("_AT", "CHILD", "PERIOD_START", "SPELL_START", "PLACE")
        df = _latest_record_many(data, "statutory_visits", "VISIT_DATE", cla, ("SEEN_ALONE",))
        since_care = pl.col("LAST") >= pl.col("PERIOD_START")
        df = df.with_columns(pl.when(since_care).then(pl.col("LAST")).alias("LAST_VISIT"),
                             pl.when(since_care).then(pl.col("SEEN_ALONE")).alias("LAST_ALONE"))
        since_spell = (pl.col("_AT") - pl.col("SPELL_START")).dt.total_days()
        since_visit = (pl.col("_AT") - pl.col("LAST_VISIT")).dt.total_days()
        interval = (pl.when(pl.col("PLACE").is_in(list(LONG_TERM_FOSTER)) & (since_spell >= 365))
                    .then(LONG_TERM_INTERVAL_DAYS).otherwise(VISIT_INTERVAL_DAYS))
        in_time = (since_spell <= FIRST_VISIT_DAYS) | (
            (pl.col("LAST_VISIT") >= pl.col("SPELL_START")) & (since_visit <= interval))
        return df.with_columns(in_time.fill_null(False).alias("IN_TIME"))
    return ep.cached(data, ("visits_many", tuple(sorted(set(dates)))), build)


def visits_in_time_pct(data, dates):
    return [MeasureResult(pct(k, n), k, n) for n, k in _counts(_visits(data, dates), dates, pl.col("IN_TIME"))]


def visits_seen_alone_pct(data, dates):
    ok = pl.col("IN_TIME") & pl.col("LAST_ALONE").fill_null(False)
    return [MeasureResult(pct(k, n), k, n) for n, k in _counts(_visits(data, dates), dates, ok)]


def _firsts(dates, months: int = 12):
    return pl.DataFrame({"_AT": list(dates), "_FIRST": [ep.rolling_start(d, months) for d in dates]},
                        schema={"_AT": pl.Date, "_FIRST": pl.Date}).unique("_AT")


def sw_changes_2plus_pct(data, dates):
    firsts = _firsts(dates)
    cohort = (cla_many(data, dates).select("_AT", "CHILD", "PERIOD_START").join(firsts, on="_AT")
              .filter(pl.col("PERIOD_START") < pl.col("_FIRST")).select("_AT", "CHILD"))
    sw = ep.cached(data, "sw_changes", lambda: (
        ep.table(data, "SWEpisodes").sort("CHILD", "SW_DECOM")
        .with_columns(pl.col("SW_ID").shift(1).over("CHILD").alias("PREV"))
        .filter(pl.col("PREV").is_not_null() & (pl.col("PREV") != pl.col("SW_ID")))))
    changes = (firsts.join(sw.select("CHILD", "SW_DECOM"), how="cross")
               .filter(pl.col("SW_DECOM").is_between(pl.col("_FIRST"), pl.col("_AT")))
               .group_by("_AT", "CHILD").len("N"))
    df = cohort.join(changes, on=["_AT", "CHILD"], how="left")
    return [MeasureResult(pct(k, n), k, n) for n, k in _counts(df, dates, pl.col("N").fill_null(0) >= 2)]



def sw_caseload_avg(data, dates):
    sw = ep.table(data, "SWEpisodes").select("CHILD", "SW_ID", "SW_DECOM", "SW_DEC")
    df = (cla_many(data, dates).select("_AT", "CHILD").join(sw, on="CHILD", how="inner")
          .filter((pl.col("SW_DECOM") <= pl.col("_AT"))
                  & (pl.col("SW_DEC").is_null() | (pl.col("SW_DEC") > pl.col("_AT"))))
          .sort("SW_DECOM").unique(["_AT", "CHILD"], keep="last"))
    teams = data.settings.get("caseload_teams")
    if teams:
        in_teams = ep.table(data, "social_workers").filter(pl.col("TEAM").is_in(list(teams)))["SW_ID"].implode()
        df = df.filter(pl.col("SW_ID").is_in(in_teams))
    got = {d: (n, w) for d, n, w in df.group_by("_AT").agg(pl.len(), pl.col("SW_ID").n_unique()).iter_rows()}
    out = []
    for d in dates:
        n, w = got.get(d, (0, 0))
        out.append(MeasureResult(round(n / w, 1) if w else None, n, w))
    return out


def missing_pct(data, dates):
    firsts = _firsts(dates)
    eps = ep.care_episodes(data).select("CHILD", "DECOM", "DEC")
    during = (firsts.join(eps, how="cross")
              .filter((pl.col("DECOM") <= pl.col("_AT"))
                      & (pl.col("DEC").is_null() | (pl.col("DEC") >= pl.col("_FIRST"))))
              .select("_AT", "CHILD").unique())
    m = (firsts.join(ep.table(data, "Missing").filter(pl.col("MISSING") == "M").select("CHILD", "MIS_START", "MIS_END"),
                     how="cross")
         .filter((pl.col("MIS_START") <= pl.col("_AT"))
                 & (pl.col("MIS_END").is_null() | (pl.col("MIS_END") >= pl.col("_FIRST"))))
         .select("_AT", "CHILD").unique().with_columns(pl.lit(True).alias("_M")))
    df = during.join(m, on=["_AT", "CHILD"], how="left")
    return [MeasureResult(pct(k, n), k, n) for n, k in _counts(df, dates, pl.col("_M"))]


def pa_caseload_avg(data, dates):
    pa = ep.table(data, "pa_allocations").select("CHILD", "PA_ID", "START_DATE", "END_DATE").with_row_index("_I")
    df = (_dates_frame(dates).join(pa, how="cross")
          .filter((pl.col("START_DATE") <= pl.col("_AT"))
                  & (pl.col("END_DATE").is_null() | (pl.col("END_DATE") > pl.col("_AT"))))
          .sort("_AT", "_I").unique(["_AT", "CHILD"], keep="last", maintain_order=True))
    got = {d: (n, a) for d, n, a in df.group_by("_AT").agg(pl.len(), pl.col("PA_ID").n_unique()).iter_rows()}
    out = []
    for d in dates:
        n, a = got.get(d, (0, 0))
        out.append(MeasureResult(round(n / a, 1) if a else None, n, a))
    return out


def fostering_households_inhouse(data, dates):
    fh = (ep.table(data, "fostering_households").filter(pl.col("HOUSEHOLD_TYPE") == "INHOUSE")
          .select("APPROVAL_DATE", "DEREGISTRATION_DATE"))
    df = _dates_frame(dates).join(fh, how="cross").filter(
        (pl.col("APPROVAL_DATE") <= pl.col("_AT"))
        & (pl.col("DEREGISTRATION_DATE").is_null() | (pl.col("DEREGISTRATION_DATE") > pl.col("_AT"))))
    return [MeasureResult(n, n, None) for (n,) in _counts(df, dates)]

# ---------------------------------------------------------------------------------------------- health
def _cla12_many(data, dates):
    """:func:`episodes.continuously_looked_after_12m` at every date, stacked (CHILD, AGE)."""
    def build():
        firsts = _firsts(dates)
        eps = ep.care_episodes(data).select("CHILD", "DECOM", "PERIOD_START", "PERIOD_END")
        cover = (firsts.join(eps, how="cross")
                 .filter((pl.col("PERIOD_START") <= pl.col("_FIRST")) & (pl.col("DECOM") <= pl.col("_AT"))
                         & (pl.col("PERIOD_END").is_null() | (pl.col("PERIOD_END") >= pl.col("_AT"))))
                 .select("_AT", "CHILD").unique())
        sb = (firsts.join(ep.episodes(data).filter(pl.col("SB")).select("CHILD", "DECOM", "DEC"), how="cross")
              .filter((pl.col("DECOM") <= pl.col("_AT"))
                      & (pl.col("DEC").is_null() | (pl.col("DEC") >= pl.col("_FIRST"))))
              .select("_AT", "CHILD").unique())
        cover = cover.join(sb, on=["_AT", "CHILD"], how="anti")
        cover = cover.join(_dates_ymd(dates), on="_AT").join(_dob_i(data), on="CHILD", how="left")
        return cover.with_columns(_age_i().alias("AGE")).select("_AT", "CHILD", "AGE")
    return ep.cached(data, ("cla12_many", tuple(sorted(set(dates)))), build)


def _health_series(measure, table: str, date_col: str, under5_months: int | None):
    from cphub.measures import health

    flag = {"health_assessments": "HEALTH_ASSESSMENT", "dental_checks": "TEETH_CHECK"}[table]

    def series(data, dates):
        out: dict[date, MeasureResult] = {}
        local = []
        for d in dates:
            r = health._oc2_flag(data, d, flag)
            if r is not None:
                out[d] = MeasureResult(r.value, r.numerator, r.denominator)
            else:
                local.append(d)
        if local:
            df = _latest_record_many(data, table, date_col, _cla12_many(data, local))
            due = pl.DataFrame({"_AT": local, "_DUE12": [ep.rolling_start(d, 12) for d in local],
                                "_DUE5": [ep.rolling_start(d, under5_months or 12) for d in local]},
                               schema={"_AT": pl.Date, "_DUE12": pl.Date, "_DUE5": pl.Date}).unique("_AT")
            df = df.join(due, on="_AT")
            ok = pl.col("LAST") >= pl.col("_DUE12")
            if under5_months:
                ok = pl.when(pl.col("AGE") < 5).then(pl.col("LAST") >= pl.col("_DUE5")).otherwise(ok)
            for d, (n, k) in zip(local, _counts(df, local, ok)):
                out[d] = MeasureResult(pct(k, n), k, n)
        return [out[d] for d in dates]
    series.__name__ = measure
    return series


health_assessment_pct = _health_series("health_assessment_pct", "health_assessments", "ASSESSMENT_DATE", 6)
dental_check_pct = _health_series("dental_check_pct", "dental_checks", "CHECK_DATE", None)


# ---------------------------------------------------------------------------------------------- by return year
def _by_return_year(measure_id: str):
    """Measures on the latest return for a year ending by the date: the result depends on the date only through
    that year, so it is computed once per year and shared by the dates in it."""
    def series(data, dates):
        from cphub.measures.registry import REGISTRY

        fn = REGISTRY[measure_id].compute
        seen: dict[int, MeasureResult] = {}
        out = []
        for d in dates:
            year = ep.collection_year(d) if ep.is_31_march(d) else ep.collection_year(d) - 1
            if year not in seen:
                seen[year] = fn(data, d)
            out.append(seen[year])
        return out
    series.__name__ = measure_id
    return series


convictions_pct = _by_return_year("convictions_pct")
sdq_mean = _by_return_year("sdq_mean")
staying_put_19_20_pct = _by_return_year("staying_put_19_20_pct")


SERIES: dict[str, SeriesFn] = {f.__name__: f for f in [
    cla_count, cla_rate_10k, cla_disability_count, uasc_count, uasc_pct, short_breaks_count,
    placement_type_mix, unregistered_placements_count, awaiting_adoption_count,
    stability_long_term_pct, stability_short_term_pct,
    placed_over_20_miles_pct, placed_outside_la_over_20_miles_pct, placed_out_of_area_pct,
    entries_ytd, entries_rate_10k, exits_ytd, exits_rate_10k, positive_exits_pct, adoptions_ytd, adoptions_pct,
    ceyp_count, ceyp_eet_19_21_pct, ceyp_eet_17_18_pct, ceyp_suitable_accom_19_21_pct,
    ceyp_suitable_accom_17_18_pct, sw_caseload_avg, missing_pct, pa_caseload_avg,
    fostering_households_inhouse, visits_in_time_pct, visits_seen_alone_pct, sw_changes_2plus_pct,
    health_assessment_pct, dental_check_pct, convictions_pct, sdq_mean, staying_put_19_20_pct,
]}
SERIES["exit_reasons"] = exit_reasons
SERIES["cla_demographics"] = cla_demographics
SERIES["ceyp_demographics"] = ceyp_demographics
"""Measure id -> its many-dates function."""
