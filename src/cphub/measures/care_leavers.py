"""Care experienced young people (care leavers): number, demographics, activity (EET), accommodation, staying put.

Definitions: ``shared/domain/definitions.md`` §1 rows 16-19 (LAIT CareLeaverEET, CareLeaverAcc, StayingPut).
At 31 March, when the year's OC3 return is loaded, the percentages are DfE's (OC3 cohort by age at 31 March,
i.e. the birthday falling in the year). At other dates they use the council's dated ``care_leaver_updates``:
care experienced young people of that age at the date, with their latest update in the 12 months to the date
(no update counts as 'information not known', as OC3 ACTIV/ACCOM 0 does).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from cphub.measures import episodes as ep
from cphub.measures.base import CouncilData, MeasureResult
from cphub.measures.cla import add_area_ethnicity, demographics
from cphub.measures.common import count, pct
from cphub.ssda903.codes import ADOPTED_REC, CAO_REC, EET_ACTIV, FOSTER_PLACE, SGO_REC

QUALIFYING_DAYS = 91  # 13 weeks
CEYP_AGE_BANDS = ["16 to 17", "18 to 19", "20 to 21", "22 and over"]
OUT_OF_SCOPE_IN_TOUCH = ("DIED", "RHOM")
ACCOM_EXCLUDED = ("G1", "G2", "H1", "H2", "R1", "R2")  # gone abroad, deported, residence not known
PERMANENCE_REC = ADOPTED_REC | SGO_REC | CAO_REC | {"E2"}


def care_leavers(data: CouncilData, at: date) -> pl.DataFrame:
    """Young people aged 16-24 at the date who qualify as relevant / former relevant care leavers (Children Act
    1989 as amended by the Children (Leaving Care) Act 2000): looked after (short breaks excluded) for at least
    13 weeks in total since their 14th birthday, with care continuing after their 16th birthday; not looked
    after at the date; not left care by adoption, SGO, CAO or death; not recorded as died in their latest
    care-leaver update. Rows: CHILD, SEX, DOB, ETHNIC, AGE, CIN (last episode)."""
    def build():
        base = ep.cached(data, "care_eps_from_14", lambda: (
            ep.with_header(data, ep.care_episodes(data)).filter(pl.col("DOB").is_not_null())
            .with_columns(pl.col("DOB").dt.offset_by("14y").alias("S14"),
                          pl.col("DOB").dt.offset_by("16y").alias("S16"))
            .filter(pl.col("DEC").is_null() | (pl.col("DEC") > pl.col("S14")))
            .select("CHILD", "DECOM", "DEC", "PERIOD_REC", "CIN", "S14", "S16")))
        eps = base.filter(pl.col("DECOM") <= at)
        end = pl.min_horizontal(pl.col("DEC").fill_null(at), pl.lit(at))
        days = (end - pl.max_horizontal(pl.col("DECOM"), pl.col("S14"))).dt.total_days().clip(lower_bound=0)
        after16 = pl.col("DEC").is_null() | (pl.col("DEC") > pl.col("S16"))
        q = (eps
             .group_by("CHILD")
             .agg(days.sum().alias("DAYS"), after16.any().alias("AFTER16"),
                  pl.col("PERIOD_REC").sort_by("DECOM").last().alias("LAST_REC"),
                  pl.col("CIN").sort_by("DECOM").last().alias("CIN")))
        q = q.filter((pl.col("DAYS") >= QUALIFYING_DAYS) & pl.col("AFTER16")
                     & ~pl.col("LAST_REC").is_in(list(PERMANENCE_REC)).fill_null(False))
        q = q.filter(~pl.col("CHILD").is_in(ep.cla_at(data, at)["CHILD"].implode()))
        q = ep.with_header(data, q).with_columns(ep.age_expr(pl.col("DOB"), at).alias("AGE"))
        q = q.filter(pl.col("AGE").is_between(16, 24))
        died = latest_updates(data, at, months=None).filter(pl.col("IN_TOUCH") == "DIED")["CHILD"].implode()
        return q.filter(~pl.col("CHILD").is_in(died)).sort("CHILD")
    return ep.cached(data, ("care_leavers", at), build)


def ceyp(data: CouncilData, at: date) -> pl.DataFrame:
    """Care experienced young people eligible for leaving-care services at the date: the
    :func:`care_leavers` aged 16-20, and those aged 21-24 with a personal adviser allocated at the date."""
    def build():
        pa = ep.open_at(ep.table(data, "pa_allocations"), at, "START_DATE", "END_DATE")["CHILD"].implode()
        return care_leavers(data, at).filter((pl.col("AGE") <= 20) | pl.col("CHILD").is_in(pa))
    return ep.cached(data, ("ceyp", at), build)


def latest_updates(data: CouncilData, at: date, months: int | None = 12) -> pl.DataFrame:
    """Each young person's latest care-leaver update on or before the date (within ``months`` if given)."""
    u = ep.table(data, "care_leaver_updates").filter(pl.col("UPDATE_DATE") <= at)
    if months:
        u = u.filter(pl.col("UPDATE_DATE") >= ep.rolling_start(at, months))
    return u.sort("UPDATE_DATE").unique("CHILD", keep="last")


def ceyp_count(data: CouncilData, at: date) -> MeasureResult:
    """Care experienced young people eligible for services at the date (see :func:`ceyp`)."""
    return count(ceyp(data, at))


def ceyp_demographics(data: CouncilData, at: date) -> MeasureResult:
    """Care experienced young people by age band x sex, ethnic group x sex and disability (CIN N2), against the
    council's young-adult population when ``settings["young_population_age_sex"]`` etc. are given."""
    c = ceyp(data, at)
    band = (pl.when(pl.col("AGE") < 18).then(pl.lit(CEYP_AGE_BANDS[0])).when(pl.col("AGE") < 20)
            .then(pl.lit(CEYP_AGE_BANDS[1])).when(pl.col("AGE") < 22).then(pl.lit(CEYP_AGE_BANDS[2]))
            .otherwise(pl.lit(CEYP_AGE_BANDS[3])))
    detail = demographics(c, band, CEYP_AGE_BANDS, data.settings, "young")
    add_area_ethnicity(detail, data.la)
    dis = c.filter(pl.col("CIN") == "N2")
    by_sex = {s: dis.filter(pl.col("SEX") == s).height for s in ("F", "M", "U")}
    detail["disability_by_sex"] = {s: {"count": n, "pct": pct(n, c.height)} for s, n in by_sex.items()}
    return count(c, detail)


def oc3_year(data: CouncilData, year: int) -> pl.DataFrame:
    """OC3 rows of collection ``year`` with AGE at 31 March of that year, DfE exclusions (died, returned home
    6 months+) removed."""
    def build():
        oc3 = ep.table(data, "OC3")
        if "YEAR" in oc3.columns:
            oc3 = oc3.filter(pl.col("YEAR") == year)
        if oc3.height and oc3["DOB"].null_count():
            oc3 = oc3.drop("DOB").join(ep.header(data).select("CHILD", "DOB"), on="CHILD", how="left")
        return (oc3.unique("CHILD", keep="last")
                .filter(~pl.col("IN_TOUCH").is_in(list(OUT_OF_SCOPE_IN_TOUCH)).fill_null(False))
                .with_columns(ep.age_expr(pl.col("DOB"), date(year, 3, 31)).alias("AGE")))
    return ep.cached(data, ("oc3", year), build)


def _cohort(data: CouncilData, at: date, lo: int, hi: int) -> tuple[pl.DataFrame, str]:
    """Young people aged lo..hi with ACTIV and ACCOM: from OC3 at 31 March, else from dated updates."""
    return ep.cached(data, ("leaver_cohort", at, lo, hi), lambda: _build_cohort(data, at, lo, hi))


def _build_cohort(data: CouncilData, at: date, lo: int, hi: int) -> tuple[pl.DataFrame, str]:
    if ep.is_31_march(at):
        year = ep.collection_year(at)
        oc3 = oc3_year(data, year)
        if oc3.height:
            return oc3.filter(pl.col("AGE").is_between(lo, hi)).select("CHILD", "ACTIV", "ACCOM"), f"OC3 {year} return"
    c = care_leavers(data, at).filter(pl.col("AGE").is_between(lo, hi)).select("CHILD")
    u = latest_updates(data, at).select("CHILD", "IN_TOUCH", "ACTIV", "ACCOM")
    out_of_scope = pl.col("IN_TOUCH").is_in(list(OUT_OF_SCOPE_IN_TOUCH)).fill_null(False)
    df = c.join(u, on="CHILD", how="left").filter(~out_of_scope)
    return df.select("CHILD", "ACTIV", "ACCOM"), "local care_leaver_updates in the last 12 months"


def _eet(lo: int, hi: int):
    def compute(data: CouncilData, at: date) -> MeasureResult:
        df, method = _cohort(data, at, lo, hi)
        yes = df.filter(pl.col("ACTIV").is_in(list(EET_ACTIV)).fill_null(False))
        return MeasureResult(pct(yes.height, df.height), yes.height, df.height, {"method": method}, ep.ids(yes))
    compute.__doc__ = (f"Care leavers aged {lo}-{hi} in education, employment or training (ACTIV F1-F5/P1-P5) over "
                       "all in the cohort, including those not in touch (LAIT CareLeaverEET).")
    return compute


def _accom(lo: int, hi: int):
    def compute(data: CouncilData, at: date) -> MeasureResult:
        df, method = _cohort(data, at, lo, hi)
        df = df.filter(~pl.col("ACCOM").is_in(list(ACCOM_EXCLUDED)).fill_null(False))
        yes = df.filter(pl.col("ACCOM").str.ends_with("1").fill_null(False) & (pl.col("ACCOM").str.len_chars() == 2))
        return MeasureResult(pct(yes.height, df.height), yes.height, df.height, {"method": method}, ep.ids(yes))
    compute.__doc__ = (f"Care leavers aged {lo}-{hi} in suitable accommodation (ACCOM ending 1) over the cohort "
                       "excluding gone abroad, deported or residence not known (LAIT CareLeaverAcc).")
    return compute


ceyp_eet_19_21_pct = _eet(19, 21)
ceyp_eet_17_18_pct = _eet(17, 18)
ceyp_suitable_accom_19_21_pct = _accom(19, 21)
ceyp_suitable_accom_17_18_pct = _accom(17, 18)


def staying_put_19_20_pct(data: CouncilData, at: date) -> MeasureResult:
    """LGA question / LAIT StayingPut: of care leavers aged 19-20 in the latest OC3 return (year ending on or
    before the date) who ceased to be looked after on their 18th birthday from a foster placement (U1-U6), the
    percentage living with their former foster carers (ACCOM Z1/Z2)."""
    oc3 = ep.table(data, "OC3")
    last = ep.collection_year(at) if ep.is_31_march(at) else ep.collection_year(at) - 1
    years = sorted(y for y in oc3["YEAR"].unique().to_list() if y is not None and y <= last) if oc3.height else []
    if not years:
        return MeasureResult(None, None, None, {"not_computed": "no OC3 return for a year ending by this date"})
    year = years[-1]
    df = oc3_year(data, year).filter(pl.col("AGE").is_between(19, 20))
    left = ep.cached(data, "left_foster_care_at_18", lambda: (
        ep.periods(data).join(ep.header(data).select("CHILD", "DOB"), on="CHILD")
        .filter((pl.col("PERIOD_END") == pl.col("DOB").dt.offset_by("18y"))
                & pl.col("PERIOD_LAST_PLACE").is_in(list(FOSTER_PLACE)))))
    df = df.filter(pl.col("CHILD").is_in(left["CHILD"].implode()))
    yes = df.filter(pl.col("ACCOM").is_in(["Z1", "Z2"]).fill_null(False))
    return MeasureResult(pct(yes.height, df.height), yes.height, df.height, {"year": year}, ep.ids(yes))
