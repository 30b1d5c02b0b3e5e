"""The Virtual School's cohorts, derived from data the Hub already holds (never typed twice).

Each function takes a council's :class:`~cphub.measures.base.CouncilData` and an as-at date and returns the
children in the cohort at that date as a frame ``CHILD, DOB``. :func:`all_cohorts` stacks them with a ``COHORT``
column: a child may be in several cohorts (a child in kinship care may also have a social worker).

Definitions (``shared/domain/definitions.md`` §0, §2.7 and §4.1; DfE "Promoting the education of looked-after and
previously looked-after children", 2018; VSH role extensions 2021 and 2024):

- ``cla``: looked after at the date (an SSDA903 episode open at the date), short breaks (LS V3/V4) excluded,
  exactly as the scorecard counts them.
- ``plac``: previously looked after: left care through adoption (REC E11/E12), a special guardianship order
  (E43-E48) or a child arrangements order (E41) and not looked after again; or reported by a school or carer
  (``plac_reports``); or on the kinship register as previously looked after with an SGO, CAO or adoption. Under 18.
- ``cwsw``: with a social worker now: an open child-in-need episode (CIN or child protection plan) in the CIN
  census at the date, not looked after.
- ``cwsw_6y``: had a social worker at any time in the six years to the date (the DfE "CIN in the last six
  years" group), not looked after now.
- ``kinship``: in a current kinship arrangement on the kinship register (``kinship_arrangements``), any type.
- ``care_leavers``: care leavers aged 16 to 18: ceased to be looked after on or after their 16th birthday (not
  through adoption, SGO or CAO, and not a short break), not looked after now, aged 16-18 at the date.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from cphub import calendar
from cphub.measures.base import CouncilData
from cphub.measures.episodes import cla_at, periods
from cphub.ssda903.codes import ADOPTED_REC, CAO_REC, SGO_REC

COHORTS: dict[str, str] = {
    "cla": "Children looked after",
    "plac": "Previously looked after",
    "cwsw": "With a social worker now",
    "cwsw_6y": "Had a social worker in the last 6 years",
    "kinship": "In kinship care",
    "care_leavers": "Care leavers aged 16 to 18",
}

PERMANENCE_REC = ADOPTED_REC | SGO_REC | CAO_REC
EMPTY = pl.DataFrame(schema={"CHILD": pl.String, "DOB": pl.Date})


def _table(data: CouncilData, name: str) -> pl.DataFrame | None:
    df = data.tables.get(name)
    return df if df is not None and not df.is_empty() else None


def age_at(dob: pl.Expr, at: date) -> pl.Expr:
    """Whole years of age on ``at`` (:func:`cphub.calendar.age_expr`)."""
    return calendar.age_expr(dob, at)


def _dobs(data: CouncilData) -> pl.DataFrame:
    """Every date of birth the Hub knows, by CHILD (the SSDA903 Header first, then the registers)."""
    frames = []
    header = _table(data, "Header")
    if header is not None:
        frames.append(header.select("CHILD", "DOB"))
    for name in ("plac_reports", "kinship_arrangements"):
        df = _table(data, name)
        if df is not None:
            frames.append(df.select("CHILD", "DOB"))
    cin = cin_spells(data)
    if not cin.is_empty():
        frames.append(cin.select("CHILD", "DOB"))
    if not frames:
        return EMPTY
    return (pl.concat([f.cast({"CHILD": pl.String, "DOB": pl.Date}) for f in frames])
            .drop_nulls("DOB").unique("CHILD", keep="first", maintain_order=True))


def _with_dob(children: pl.DataFrame, data: CouncilData) -> pl.DataFrame:
    kids = children.select(pl.col("CHILD").cast(pl.String)).unique(maintain_order=True)
    return kids.join(_dobs(data), on="CHILD", how="left").sort("CHILD")


def looked_after(data: CouncilData, at: date) -> pl.DataFrame:
    """Children looked after at ``at``: the scorecard's own building block
    (:func:`cphub.measures.episodes.cla_at`: an episode open at the date, short breaks V3/V4 excluded), so the
    Virtual School's CLA cohort is the same children as the scorecard's count."""
    if _table(data, "Episodes") is None:
        return EMPTY
    return _with_dob(cla_at(data, at), data)


def _last_exits(data: CouncilData, at: date) -> pl.DataFrame:
    """Each child's latest period of care that ended on or before ``at``: CHILD, DEC (period end), REC (the
    reason its last episode ceased), from :func:`cphub.measures.episodes.periods`."""
    if _table(data, "Episodes") is None:
        return pl.DataFrame(schema={"CHILD": pl.String, "DEC": pl.Date, "REC": pl.String})
    ended = periods(data).filter(pl.col("PERIOD_END").is_not_null() & (pl.col("PERIOD_END") <= at))
    return (ended.sort("PERIOD_END").group_by("CHILD")
            .agg(pl.col("PERIOD_END").last().alias("DEC"), pl.col("PERIOD_REC").last().alias("REC")))


def previously_looked_after(data: CouncilData, at: date) -> pl.DataFrame:
    """Left care through adoption, SGO or CAO (not looked after since), or recorded as such; under 18 at ``at``."""
    cla = looked_after(data, at)["CHILD"]
    exits = _last_exits(data, at).filter(pl.col("REC").is_in(list(PERMANENCE_REC)) & ~pl.col("CHILD").is_in(cla))
    parts = [exits.select("CHILD")]
    reports = _table(data, "plac_reports")
    if reports is not None:
        parts.append(reports.filter(pl.col("REPORT_DATE").is_null() | (pl.col("REPORT_DATE") <= at)).select("CHILD"))
    kin = _table(data, "kinship_arrangements")
    if kin is not None:
        parts.append(kin.filter(pl.col("PREVIOUSLY_LOOKED_AFTER").fill_null(False)
                                & pl.col("KINSHIP_TYPE").is_in(["sgo", "cao", "adoption"])
                                & (pl.col("START_DATE") <= at)).select("CHILD"))
    out = _with_dob(pl.concat([p.cast({"CHILD": pl.String}) for p in parts]), data)
    return out.filter(pl.col("DOB").is_null() | (age_at(pl.col("DOB"), at) < 18)).filter(~pl.col("CHILD").is_in(cla))


# Column names the CIN census uses (DfE CIN census guide) and the Hub's own names, in order of preference.
_CIN_CHILD = ("CHILD", "LACHILDID", "LAchildID")
_CIN_START = ("CIN_REFERRAL_DATE", "CINREFERRALDATE", "CINreferralDate", "REFERRAL_DATE", "START_DATE")
_CIN_END = ("CIN_CLOSURE_DATE", "CINCLOSUREDATE", "CINclosureDate", "CLOSURE_DATE", "END_DATE")
_CIN_DOB = ("DOB", "PERSONBIRTHDATE", "PersonBirthDate")


def _pick(df: pl.DataFrame, names: tuple[str, ...]) -> str | None:
    for n in names:
        if n in df.columns:
            return n
    return None


def cin_spells(data: CouncilData) -> pl.DataFrame:
    """Episodes of need from the CIN census as ``CHILD, START, END, DOB`` (END blank while open).

    Reads the council's CIN census tables (:mod:`cphub.cin.schema`: ``CINDetails`` for episodes, ``CINChild`` for
    dates of birth; any table whose name starts with ``cin``), whichever of the census or Hub column names they
    use. Referrals closed with no further action (``ReferralNFA`` true) are not episodes of need, as in the DfE
    statistics. A child protection plan always sits inside an episode of need in the census, so the episodes
    cover "children in need or on a child protection plan".
    """
    frames, dobs = [], []
    for name, df in data.tables.items():
        if not name.lower().startswith("cin") or df is None or df.is_empty():
            continue
        child, start, end, dob = (_pick(df, _CIN_CHILD), _pick(df, _CIN_START), _pick(df, _CIN_END),
                                  _pick(df, _CIN_DOB))
        if child and dob:
            dobs.append(df.select(pl.col(child).cast(pl.String).alias("CHILD"), pl.col(dob).cast(pl.Date).alias("DOB")))
        if not (child and start):
            continue
        if "ReferralNFA" in df.columns:
            df = df.filter(~pl.col("ReferralNFA").cast(pl.String).str.to_lowercase().is_in(["1", "true"])
                           | pl.col("ReferralNFA").is_null())
        frames.append(df.select(
            pl.col(child).cast(pl.String).alias("CHILD"), pl.col(start).cast(pl.Date).alias("START"),
            (pl.col(end).cast(pl.Date) if end else pl.lit(None, dtype=pl.Date)).alias("END"),
            (pl.col("YEAR").cast(pl.Int64) if "YEAR" in df.columns else pl.lit(0, dtype=pl.Int64)).alias("_Y")))
    if not frames:
        return pl.DataFrame(schema={"CHILD": pl.String, "START": pl.Date, "END": pl.Date, "DOB": pl.Date})
    # An episode open at one census and closed by the next appears in both: the latest census (then a closure
    # date over none) says how it stands.
    spells = (pl.concat(frames).drop_nulls(["CHILD", "START"])
              .sort(["_Y", pl.col("END").is_not_null()]).unique(["CHILD", "START"], keep="last").drop("_Y"))
    births = (pl.concat(dobs).drop_nulls().unique("CHILD", keep="first") if dobs
              else pl.DataFrame(schema={"CHILD": pl.String, "DOB": pl.Date}))
    return spells.join(births, on="CHILD", how="left").sort("CHILD", "START")


def with_social_worker(data: CouncilData, at: date, years: int = 0) -> pl.DataFrame:
    """Children in need or on a plan at ``at`` (``years`` = 0), or at any time in the ``years`` years to ``at``;
    children looked after at ``at`` are in their own cohort and left out."""
    since = at - timedelta(days=round(365.25 * years)) if years else at
    spells = cin_spells(data).filter((pl.col("START") <= at) & (pl.col("END").is_null() | (pl.col("END") >= since)))
    if years == 0:
        spells = spells.filter(pl.col("END").is_null() | (pl.col("END") > at))
    cla = looked_after(data, at)["CHILD"]
    out = _with_dob(spells, data).filter(~pl.col("CHILD").is_in(cla))
    return out.filter(pl.col("DOB").is_null() | (age_at(pl.col("DOB"), at) < 18))


def in_kinship_care(data: CouncilData, at: date) -> pl.DataFrame:
    """Children in a kinship arrangement on the register at ``at``: exactly the kinship register's children
    (:func:`cphub.kinship.register.current`, one definition), so the register and the Virtual School agree."""
    from cphub.kinship.register import current

    kin = _table(data, "kinship_arrangements")
    if kin is None:
        return EMPTY
    return _with_dob(current(kin, at), data)


def care_leavers(data: CouncilData, at: date) -> pl.DataFrame:
    """Left care (not via adoption/SGO/CAO) on or after their 16th birthday, not looked after now, aged 16-18."""
    exits = _last_exits(data, at).filter(~pl.col("REC").is_in(list(PERMANENCE_REC)))
    cla = looked_after(data, at)["CHILD"]
    out = _with_dob(exits, data).join(exits.select("CHILD", "DEC"), on="CHILD").filter(
        pl.col("DOB").is_not_null() & ~pl.col("CHILD").is_in(cla)
        & (pl.col("DEC") >= calendar.birthday_expr("DOB", 16))
        & age_at(pl.col("DOB"), at).is_between(16, 18))
    return out.select("CHILD", "DOB")


def cohort(data: CouncilData, at: date, name: str) -> pl.DataFrame:
    """The children in cohort ``name`` (a key of :data:`COHORTS`) at ``at``, cached per data and date."""
    key = ("vs_cohort", name, at)
    if key in data.cache:
        return data.cache[key]  # type: ignore[return-value]
    fn = {
        "cla": looked_after, "plac": previously_looked_after, "kinship": in_kinship_care, "care_leavers": care_leavers,
        "cwsw": lambda d, a: with_social_worker(d, a, 0), "cwsw_6y": lambda d, a: with_social_worker(d, a, 6),
    }[name]
    out = fn(data, at)
    data.cache[key] = out
    return out


def all_cohorts(data: CouncilData, at: date) -> pl.DataFrame:
    """Every cohort's children at ``at``: ``CHILD, DOB, COHORT`` (one row per child per cohort)."""
    return pl.concat([cohort(data, at, c).with_columns(pl.lit(c).alias("COHORT")) for c in COHORTS])


academic_year = calendar.academic_year_of
"""The academic year (by its ending, 2025 = September 2024 to August 2025) that a date falls in."""


def year_end(year: int) -> date:
    """The last day of academic ``year`` (31 August), the date a year's figures are complete on (GCSE results day
    is in late August, so earlier dates show no KS4 results)."""
    return date(year, 8, 31)


def compulsory_school_age(dob: pl.Expr, year: int) -> pl.Expr:
    """Of compulsory school age in academic ``year``: aged 5 to 15 on 31 August before it began (DfE absence)."""
    return age_at(dob, date(year - 1, 8, 31)).is_between(5, 15)
