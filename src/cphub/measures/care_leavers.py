"""Care experienced young people (care leavers): number, demographics, activity (EET), accommodation, staying put.

Definitions: ``shared/domain/definitions.md`` §1 rows 16-19 (LAIT CareLeaverEET, CareLeaverAcc, StayingPut).
At 31 March, when the year's OC3 return is loaded, the percentages are DfE's (OC3 cohort by age at 31 March,
i.e. the birthday falling in the year). At other dates they use the council's dated ``care_leaver_updates``:
care experienced young people of that age at the date, with their latest update in the 12 months to the date
(no update counts as 'information not known', as OC3 ACTIV/ACCOM 0 does).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Literal

import polars as pl

from cphub import calendar
from cphub.measures import episodes as ep
from cphub.measures.base import CouncilData, MeasureResult
from cphub.measures.cla import add_area_ethnicity, demographics
from cphub.measures.common import Tally, counts, ids, pct, shares, tally
from cphub.measures.lga_questions import by_return_year
from cphub.ssda903.codes import ADOPTED_REC, CAO_REC, EET_ACTIV, FOSTER_PLACE, SGO_REC

QUALIFYING_DAYS = 91  # 13 weeks
CEYP_AGE_BANDS = ["16 to 17", "18 to 19", "20 to 21", "22 and over"]
OUT_OF_SCOPE_IN_TOUCH = ("DIED", "RHOM")
ACCOM_EXCLUDED = ("G1", "G2", "H1", "H2", "R1", "R2")  # gone abroad, deported, residence not known
PERMANENCE_REC = ADOPTED_REC | SGO_REC | CAO_REC | {"E2"}


def care_leavers_on(data: CouncilData, dates: Sequence[date]) -> pl.DataFrame:
    """Young people aged 16-24 at each date (stacked by ``_AT``) who qualify as relevant / former relevant care
    leavers (Children Act 1989 as amended by the Children (Leaving Care) Act 2000): looked after (short breaks
    excluded) for at least 13 weeks in total since their 14th birthday, with care continuing after their 16th
    birthday; not looked after at the date; not left care by adoption, SGO, CAO or death; not recorded as died in
    their latest care-leaver update. Rows: ``_AT``, CHILD, DAYS, AFTER16, LAST_REC, CIN (last episode), SEX, DOB,
    ETHNIC, AGE."""
    key = ep.key_of(dates)

    def build():
        base = ep.cached(data, "care_eps_from_14", lambda: (
            ep.with_header(data, ep.care_episodes(data)).filter(pl.col("DOB").is_not_null())
            .with_columns(calendar.birthday_expr("DOB", 14).alias("S14"),
                          calendar.birthday_expr("DOB", 16).alias("S16"))
            .filter(pl.col("DEC").is_null() | (pl.col("DEC") > pl.col("S14")))
            .select("CHILD", "DOB", "DECOM", "DEC", "PERIOD_REC", "CIN", "S14", "S16")))
        # only young people aged 16-24 at a date can be care leavers then: the definition's age filter, applied
        # before the per-child sums (a property of the child, so the result is the same) to keep the frame small
        base = base.filter((pl.col("DECOM") <= key[-1])
                           & (calendar.age_expr("DOB", key[-1]) >= 16) & (calendar.age_expr("DOB", key[0]) <= 24))
        eps = (ep.dates_frame(key).join(base, how="cross").filter(pl.col("DECOM") <= pl.col("_AT"))
               .with_columns(calendar.age_expr("DOB", "_AT").alias("AGE")).filter(pl.col("AGE").is_between(16, 24)))
        end = pl.min_horizontal(pl.col("DEC").fill_null(pl.col("_AT")), pl.col("_AT"))
        days = (end - pl.max_horizontal(pl.col("DECOM"), pl.col("S14"))).dt.total_days().clip(lower_bound=0)
        after16 = pl.col("DEC").is_null() | (pl.col("DEC") > pl.col("S16"))
        q = (eps.group_by("_AT", "CHILD")
             .agg(days.sum().alias("DAYS"), after16.any().alias("AFTER16"),
                  pl.col("PERIOD_REC").sort_by("DECOM").last().alias("LAST_REC"),
                  pl.col("CIN").sort_by("DECOM").last().alias("CIN"), pl.col("AGE").first()))
        q = q.filter((pl.col("DAYS") >= QUALIFYING_DAYS) & pl.col("AFTER16")
                     & ~pl.col("LAST_REC").is_in(list(PERMANENCE_REC)).fill_null(False))
        q = q.join(ep.cla_on(data, key).select("_AT", "CHILD"), on=["_AT", "CHILD"], how="anti")
        hdr = ep.header(data)
        cols = ["_AT", "CHILD", "DAYS", "AFTER16", "LAST_REC", "CIN", *[c for c in hdr.columns if c != "CHILD"], "AGE"]
        q = q.join(hdr, on="CHILD", how="left").select(cols)
        died = (latest_updates_on(data, q.select("_AT", "CHILD"), None).filter(pl.col("IN_TOUCH") == "DIED")
                .select("_AT", "CHILD"))
        return q.join(died, on=["_AT", "CHILD"], how="anti").sort("_AT", "CHILD")
    return ep.cached(data, ("care_leavers_on", key), build)


def care_leavers(data: CouncilData, at: date) -> pl.DataFrame:
    """:func:`care_leavers_on` at one date, without ``_AT``."""
    return care_leavers_on(data, [at]).drop("_AT")


def latest_updates_on(data: CouncilData, df: pl.DataFrame, months: int | None = 12) -> pl.DataFrame:
    """``df`` (stacked: ``_AT``, CHILD) with each young person's latest care-leaver update on or before the date:
    UPDATE_DATE, IN_TOUCH, ACTIV, ACCOM; with ``months``, the update fields are blank unless that update is in the
    ``months`` to the date (the latest update within a window is the latest of all when it falls in the window)."""
    right = ep.cached(data, "updates_by_date", lambda: (
        ep.table(data, "care_leaver_updates").filter(pl.col("UPDATE_DATE").is_not_null())
        .select("CHILD", "UPDATE_DATE", "IN_TOUCH", "ACTIV", "ACCOM").sort("UPDATE_DATE")))
    out = df.sort("_AT").join_asof(right, left_on="_AT", right_on="UPDATE_DATE", by="CHILD", strategy="backward",
                                   check_sortedness=False)
    if months:
        firsts = ep.windows_frame(df["_AT"].unique().to_list(), lambda d: calendar.rolling_start(d, months))
        out = out.join(firsts, on="_AT", how="left")
        recent = pl.col("UPDATE_DATE") >= pl.col("_FIRST")
        out = out.with_columns(*(pl.when(recent).then(pl.col(c)).alias(c) for c in ("IN_TOUCH", "ACTIV", "ACCOM")))
        out = out.drop("_FIRST")
    return out


def ceyp_on(data: CouncilData, dates: Sequence[date]) -> pl.DataFrame:
    """Care experienced young people eligible for leaving-care services at each date (stacked): the
    :func:`care_leavers_on` aged 16-20, and those aged 21-24 with a personal adviser allocated at the date."""
    def build():
        pa = ep.table(data, "pa_allocations").select("CHILD", "START_DATE", "END_DATE")
        cl_ = care_leavers_on(data, dates)
        with_pa = (cl_.select("_AT", "CHILD").join(pa, on="CHILD", how="inner")
                   .filter(ep.open_on("START_DATE", "END_DATE")).select("_AT", "CHILD").unique())
        return (cl_.join(with_pa.with_columns(pl.lit(True).alias("_PA")), on=["_AT", "CHILD"], how="left")
                .filter((pl.col("AGE") <= 20) | pl.col("_PA").fill_null(False)).drop("_PA"))
    return ep.cached(data, ("ceyp_on", ep.key_of(dates)), build)


def ceyp_count(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """Care experienced young people eligible for services at the date (see :func:`ceyp_on`)."""
    return counts(tally(ceyp_on(data, dates), dates))


def ceyp_demographics(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """Care experienced young people by age band x sex, ethnic group x sex and disability (CIN N2), against the
    council's young-adult population when ``settings["young_population_age_sex"]`` etc. are given."""
    band = (pl.when(pl.col("AGE") < 18).then(pl.lit(CEYP_AGE_BANDS[0])).when(pl.col("AGE") < 20)
            .then(pl.lit(CEYP_AGE_BANDS[1])).when(pl.col("AGE") < 22).then(pl.lit(CEYP_AGE_BANDS[2]))
            .otherwise(pl.lit(CEYP_AGE_BANDS[3])))

    def detail(t: Tally) -> dict:
        c = t.frame()
        out = demographics(c, band, CEYP_AGE_BANDS, data.settings, "young")
        add_area_ethnicity(out, data.la)
        dis = c.filter(pl.col("CIN") == "N2")
        by_sex = {s: dis.filter(pl.col("SEX") == s).height for s in ("F", "M", "U")}
        out["disability_by_sex"] = {s: {"count": n, "pct": pct(n, c.height)} for s, n in by_sex.items()}
        return out
    return counts(tally(ceyp_on(data, dates), dates), detail)


def oc3_year(data: CouncilData, year: int) -> pl.DataFrame:
    """OC3 rows of collection ``year`` with AGE at 31 March of that year, DfE exclusions (died, returned home
    6 months+) removed."""
    return ep.outcome_year(data, "OC3", year).filter(
        ~pl.col("IN_TOUCH").is_in(list(OUT_OF_SCOPE_IN_TOUCH)).fill_null(False))


Outcome = Literal["eet", "accom"]


def leaver_outcome_pct(data: CouncilData, dates: Sequence[date], lo: int, hi: int,
                       outcome: Outcome) -> list[MeasureResult]:
    """Care leavers aged ``lo``-``hi`` in education, employment or training (``outcome="eet"``: ACTIV F1-F5/P1-P5,
    over all in the cohort including those not in touch; LAIT CareLeaverEET) or in suitable accommodation
    (``"accom"``: ACCOM ending 1, over the cohort excluding gone abroad, deported or residence not known; LAIT
    CareLeaverAcc).

    At 31 March with the year's OC3 rows the cohort is the OC3 one by age at 31 March; at other dates it is the
    care leavers of that age at the date with their latest update in the 12 months to it."""
    if outcome == "eet":
        yes = pl.col("ACTIV").is_in(list(EET_ACTIV))
        scope: pl.Expr = pl.lit(True)
    else:
        yes = pl.col("ACCOM").str.ends_with("1").fill_null(False) & (pl.col("ACCOM").str.len_chars() == 2)
        scope = ~pl.col("ACCOM").is_in(list(ACCOM_EXCLUDED)).fill_null(False)
    out: dict[date, MeasureResult] = {}
    local = []
    for d in dict.fromkeys(dates):
        year = calendar.collection_year(d)
        oc3 = oc3_year(data, year) if calendar.is_year_end(d) else None
        if oc3 is not None and oc3.height:
            df = oc3.filter(pl.col("AGE").is_between(lo, hi)).filter(scope).with_columns(pl.lit(d).alias("_AT"))
            out[d] = shares(tally(df, [d], yes))[0]
            out[d].detail = {"method": f"OC3 {year} return"}
        else:
            local.append(d)
    if local:
        c = (care_leavers_on(data, local).filter(pl.col("AGE").is_between(lo, hi)).select("_AT", "CHILD"))
        out_of_scope = pl.col("IN_TOUCH").is_in(list(OUT_OF_SCOPE_IN_TOUCH)).fill_null(False)
        df = latest_updates_on(data, c, 12).filter(~out_of_scope).filter(scope)
        method = {"method": "local care_leaver_updates in the last 12 months"}
        out.update(zip(local, shares(tally(df, local, yes), lambda t: dict(method))))
    return [out[d] for d in dates]


def _variant(lo: int, hi: int, outcome: Outcome) -> partial[list[MeasureResult]]:
    """:func:`leaver_outcome_pct` for one age band and outcome (the registry's measure)."""
    fn = partial(leaver_outcome_pct, lo=lo, hi=hi, outcome=outcome)
    fn.__doc__ = f"leaver_outcome_pct(lo={lo}, hi={hi}, outcome={outcome!r}): " + (leaver_outcome_pct.__doc__ or "")
    return fn


ceyp_eet_19_21_pct = _variant(19, 21, "eet")
ceyp_eet_17_18_pct = _variant(17, 18, "eet")
ceyp_suitable_accom_19_21_pct = _variant(19, 21, "accom")
ceyp_suitable_accom_17_18_pct = _variant(17, 18, "accom")


def _staying_put(data: CouncilData, at: date) -> MeasureResult:
    oc3 = ep.table(data, "OC3")
    last = calendar.latest_return_year(at)
    years = sorted(y for y in oc3["YEAR"].unique().to_list() if y is not None and y <= last) if oc3.height else []
    if not years:
        return MeasureResult(None, None, None, {"not_computed": "no OC3 return for a year ending by this date"})
    year = years[-1]
    df = oc3_year(data, year).filter(pl.col("AGE").is_between(19, 20))
    left = ep.cached(data, "left_foster_care_at_18", lambda: (
        ep.periods(data).join(ep.header(data).select("CHILD", "DOB"), on="CHILD")
        .filter((pl.col("PERIOD_END") == calendar.birthday_expr("DOB", 18))
                & pl.col("PERIOD_LAST_PLACE").is_in(list(FOSTER_PLACE)))))
    df = df.filter(pl.col("CHILD").is_in(left["CHILD"].implode()))
    yes = df.filter(pl.col("ACCOM").is_in(["Z1", "Z2"]).fill_null(False))
    return MeasureResult(pct(yes.height, df.height), yes.height, df.height, {"year": year}, ids(yes), ids(df))


def staying_put_19_20_pct(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """LGA question / LAIT StayingPut: of care leavers aged 19-20 in the latest OC3 return (year ending on or
    before the date) who ceased to be looked after on their 18th birthday from a foster placement (U1-U6), the
    percentage living with their former foster carers (ACCOM Z1/Z2)."""
    return by_return_year(data, dates, _staying_put)
