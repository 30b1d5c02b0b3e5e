"""Virtual School measures by cohort, each a :class:`~cphub.measures.base.Measure` in :data:`VS_MEASURES`.

A measure is a base definition (:data:`BASES`, written once here with the DfE definition it follows,
``shared/domain/definitions.md`` §4.1) applied to one cohort of :mod:`cphub.virtual_school.cohorts`; its id is
``vs_<base>__<cohort>``. Every measure covers the academic year that the as-at date falls in
(:func:`~cphub.virtual_school.cohorts.academic_year`): cohort membership is taken at the as-at date; attendance,
exclusions and results are those recorded for that academic year up to the date.

National comparators (all pupils, and children looked after / in need / on a plan) are shipped in
``data/*.csv`` with their sources (``data/SOURCE.md``) and read by :func:`benchmark`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import polars as pl

from cphub.measures.base import CouncilData, Measure, MeasureResult
from cphub.virtual_school.cohorts import COHORTS, academic_year, age_at, cohort, compulsory_school_age
from cphub.virtual_school.schema import EDUCATION_TABLES

DATA = Path(__file__).parent / "data"
PEP_VALID_DAYS = 183  # a PEP is reviewed at least every six months (DfE statutory guidance 2018, para 33)
PEP_GRACE_DAYS = 28  # the first PEP is due within 20 school days of entering care (DfE statutory guidance 2018)
GOOD_OFSTED = frozenset({"1", "2"})
GOOD_PEP = frozenset({"O", "G"})
SOURCE = "Virtual School education records (this Hub's education tables) joined to the derived cohorts"

# The DfE group whose published national figure is the nearest comparator of each cohort.
COHORT_GROUP: dict[str, tuple[str, str]] = {
    "cla": ("CLA", "Children looked after 12 months (England)"),
    "cwsw": ("CINO", "Children in need, not on a plan or looked after (England)"),
    "care_leavers": ("CL1718", "Care leavers aged 17 to 18 (England)"),
}


def edu(data: CouncilData, name: str) -> pl.DataFrame:
    """An education table of the council, or the empty typed table when it has none."""
    df = data.tables.get(name)
    return df if df is not None else EDUCATION_TABLES[name].empty()


# Half-terms of an academic year (by its ending): number, first day (month, day, in the year before the ending for
# September-December), last day. Used to tell which half-terms a part-time timetable covered; the six DfE half-terms.
HALF_TERM_DATES: tuple[tuple[int, tuple[int, int], tuple[int, int]], ...] = (
    (1, (9, 1), (10, 31)), (2, (11, 1), (12, 31)), (3, (1, 1), (2, 14)), (4, (2, 15), (3, 31)),
    (5, (4, 1), (5, 31)), (6, (6, 1), (8, 31)))
FULL_TIME_HOURS = 25.0  # DfE: pupils of compulsory school age should receive 25 hours of education a week
PERSISTENT_SHARE = 0.10  # DfE persistent absence: missing 10% or more of own possible sessions
SEVERE_SHARE = 0.50  # DfE severe absence: 50% or more

# Years DfE does not report a measure nationally, with the reason shown in place of a figure
# (shared/domain/definitions.md 4.1: "P8 is not published for 2024/25 or 2025/26").
NOT_REPORTED: dict[str, dict[int, str]] = {
    "ks4_p8": {
        2025: "DfE does not publish Progress 8 for 2024/25: these pupils sat no key stage 2 tests in 2020 (COVID), "
              "so there is no prior attainment to measure progress from.",
        2026: "DfE does not publish Progress 8 for 2025/26: these pupils sat no key stage 2 tests in 2021 (COVID), "
              "so there is no prior attainment to measure progress from.",
    },
}


def _nth_weekday(year: int, month: int, weekday: int, first_day: int) -> date:
    """The first ``weekday`` (Monday 0) on or after ``first_day`` of ``month``."""
    d = date(year, month, first_day)
    return d + timedelta(days=(weekday - d.weekday()) % 7)


def results_day(assessment: str, year: int) -> date:
    """The day results of academic ``year`` are known, before which the Hub shows none (no "KS4 as at 20 July"):
    EYFS profile and phonics check: 1 July (schools submit them by the end of June); KS2: the Tuesday from 7 July
    (STA returns KS2 results to schools: 9 July 2024, 8 July 2025); KS4: GCSE results day, the Thursday from
    20 August (22 August 2024, 21 August 2025, 20 August 2026)."""
    if assessment.startswith("KS4"):
        return _nth_weekday(year, 8, 3, 20)
    if assessment.startswith("KS2"):
        return _nth_weekday(year, 7, 1, 7)
    return date(year, 7, 1)


def year_bounds(year: int, at: date) -> tuple[date, date]:
    """First day of academic ``year`` and the last day counted: 31 August or ``at`` if earlier."""
    return date(year - 1, 9, 1), min(date(year, 8, 31), at)


def pupils(data: CouncilData, at: date, name: str) -> pl.DataFrame:
    """Children of cohort ``name`` of compulsory school age in the academic year of ``at``."""
    return cohort(data, at, name).filter(compulsory_school_age(pl.col("DOB"), academic_year(at)))


def _pct(num: int, den: int) -> float | None:
    return round(100 * num / den, 1) if den else None


def _result(num_ids: list[str], den: int, detail: dict | None = None) -> MeasureResult:
    return MeasureResult(_pct(len(num_ids), den), len(num_ids), den, detail or {}, sorted(num_ids))


def half_term_bounds(year: int, half_term: int) -> tuple[date, date]:
    """First and last day of ``half_term`` (1-6) of academic ``year`` (:data:`HALF_TERM_DATES`)."""
    _, (m1, d1), (m2, d2) = HALF_TERM_DATES[half_term - 1]
    return date(year - 1 if m1 >= 9 else year, m1, d1), date(year - 1 if m2 >= 9 else year, m2, d2)


def sessions(data: CouncilData, year: int, children: pl.Series | None = None) -> pl.DataFrame:
    """Attendance by child and half-term of academic ``year`` as DfE's school census counts it:
    ``CHILD, HALF_TERM, POSSIBLE, MISSED, PART_TIME_MISSED``.

    A pupil on a part-time timetable is still expected full time: the sessions the timetable does not offer stay in
    the possible sessions and count as authorised absence (code C2, DfE "Working together to improve school
    attendance" 2024 and the school census guide). So in a half-term a timetable of ``h`` hours covered, at least
    ``POSSIBLE x (1 - h / 25) x share of the half-term covered`` sessions are missed, whatever the feed recorded
    (a feed that already recorded C2 absence is left as it is)."""
    att = edu(data, "attendance").filter(pl.col("ACADEMIC_YEAR") == year)
    if children is not None:
        att = att.filter(pl.col("CHILD").is_in(children))
    att = (att.group_by("CHILD", "HALF_TERM")
           .agg(pl.col("POSSIBLE").fill_null(0).sum(),
                (pl.col("AUTHORISED").fill_null(0) + pl.col("UNAUTHORISED").fill_null(0)).sum().alias("MISSED")))
    bounds = pl.DataFrame([(ht, *half_term_bounds(year, ht)) for ht, _, _ in HALF_TERM_DATES],
                          schema={"HALF_TERM": pl.Int64, "HT_START": pl.Date, "HT_END": pl.Date}, orient="row")
    tt = edu(data, "timetables").filter(pl.col("HOURS_PER_WEEK") < FULL_TIME_HOURS)
    if tt.is_empty() or att.is_empty():
        return att.with_columns(pl.lit(0, dtype=pl.Int64).alias("PART_TIME_MISSED"))
    last = pl.min_horizontal(pl.col("END_DATE").fill_null(pl.col("HT_END")), pl.col("HT_END"))
    first = pl.max_horizontal(pl.col("START_DATE"), pl.col("HT_START"))
    cover = (tt.join(bounds, how="cross")
             .with_columns(((last - first).dt.total_days() + 1).clip(0).alias("_days"),
                           ((pl.col("HT_END") - pl.col("HT_START")).dt.total_days() + 1).alias("_len"))
             .filter(pl.col("_days") > 0)
             .with_columns((pl.col("_days") / pl.col("_len") * (1 - pl.col("HOURS_PER_WEEK") / FULL_TIME_HOURS))
                           .alias("_share"))
             .group_by("CHILD", "HALF_TERM").agg(pl.col("_share").sum().clip(0, 1)))
    return (att.with_columns(pl.col("HALF_TERM").cast(pl.Int64)).join(cover, on=["CHILD", "HALF_TERM"], how="left")
            .with_columns((pl.col("POSSIBLE") * pl.col("_share").fill_null(0)).round(0).cast(pl.Int64)
                          .alias("PART_TIME_MISSED"))
            .with_columns(pl.max_horizontal("MISSED", "PART_TIME_MISSED").alias("MISSED"))
            .drop("_share"))


def absence_by_child(data: CouncilData, year: int, children: pl.Series | None = None) -> pl.DataFrame:
    """Per pupil: possible sessions and sessions missed in academic ``year`` (:func:`sessions`), pupils with any
    possible sessions: ``CHILD, POSSIBLE, MISSED, RATE`` (RATE = % of possible sessions attended)."""
    return (sessions(data, year, children).group_by("CHILD").agg(pl.col("POSSIBLE").sum(), pl.col("MISSED").sum())
            .filter(pl.col("POSSIBLE") > 0)
            .with_columns((100 * (pl.col("POSSIBLE") - pl.col("MISSED")) / pl.col("POSSIBLE")).alias("RATE")))


def _absence(data: CouncilData, at: date, name: str) -> pl.DataFrame:
    """Per pupil of the cohort: possible sessions and sessions missed in the academic year (:func:`sessions`)."""
    return absence_by_child(data, academic_year(at), pupils(data, at, name)["CHILD"])


def attendance_rate(data: CouncilData, at: date, name: str) -> MeasureResult:
    """Sessions attended as % of possible sessions (100 - DfE overall absence rate), pupils aged 5-15."""
    a = _absence(data, at, name)
    possible, missed = int(a["POSSIBLE"].sum() or 0), int(a["MISSED"].sum() or 0)
    value = round(100 * (possible - missed) / possible, 1) if possible else None
    return MeasureResult(value, possible - missed, possible, {"pupils": a.height})


def _absence_share(threshold: float) -> Callable[[CouncilData, date, str], MeasureResult]:
    def compute(data: CouncilData, at: date, name: str) -> MeasureResult:
        a = _absence(data, at, name)
        hit = a.filter(pl.col("MISSED") / pl.col("POSSIBLE") >= threshold)["CHILD"].to_list()
        return _result(hit, a.height)
    compute.__doc__ = f"% of pupils missing at least {threshold:.0%} of their own possible sessions."
    return compute


def _on_roll_in_year(data: CouncilData, at: date, name: str) -> pl.Series:
    """Cohort pupils with a school place at some time in the academic year (to the as-at date)."""
    first, last = year_bounds(academic_year(at), at)
    kids = pupils(data, at, name)["CHILD"]
    enr = edu(data, "enrolments").filter(pl.col("CHILD").is_in(kids) & (pl.col("START_DATE") <= last)
                                         & (pl.col("END_DATE").is_null() | (pl.col("END_DATE") >= first)))
    return enr["CHILD"].unique()


def _excluded(kind: str) -> Callable[[CouncilData, date, str], MeasureResult]:
    def compute(data: CouncilData, at: date, name: str) -> MeasureResult:
        first, last = year_bounds(academic_year(at), at)
        on_roll = _on_roll_in_year(data, at, name)
        ex = edu(data, "exclusions").filter((pl.col("EXCLUSION_TYPE") == kind) & pl.col("CHILD").is_in(on_roll)
                                            & pl.col("START_DATE").is_between(first, last))
        return _result(ex["CHILD"].unique().to_list(), on_roll.len())
    compute.__doc__ = f"% of pupils on roll in the year with at least one {kind} exclusion starting in the year."
    return compute


def current_places(data: CouncilData, at: date) -> pl.DataFrame:
    """Each child's current main school place at ``at`` with the school's details (latest start wins)."""
    enr = edu(data, "enrolments").filter((pl.col("START_DATE") <= at) & (pl.col("END_DATE").is_null() | (pl.col("END_DATE") > at))
                                         & pl.col("MAIN").fill_null(True))
    enr = enr.sort("START_DATE").unique("CHILD", keep="last")
    return enr.join(edu(data, "schools"), on="URN", how="left")


def good_schools(data: CouncilData, at: date, name: str) -> MeasureResult:
    """% of cohort pupils (aged 5-15) whose current school's latest Ofsted grade is good (2) or outstanding (1),
    of those at a school with a grade (1-4)."""
    kids = pupils(data, at, name)["CHILD"]
    places = current_places(data, at).filter(pl.col("CHILD").is_in(kids) & pl.col("OFSTED").is_in(["1", "2", "3", "4"]))
    good = places.filter(pl.col("OFSTED").is_in(list(GOOD_OFSTED)))["CHILD"].to_list()
    return _result(good, places.height)


def pep_eligible(data: CouncilData, at: date, name: str = "cla") -> pl.DataFrame:
    """Children who need a PEP: looked after at ``at``, aged 3 to 17 (early years to the end of schooling), and in
    care for at least :data:`PEP_GRACE_DAYS` (the PEP is due within 20 school days of coming into care)."""
    kids = cohort(data, at, name).filter(age_at(pl.col("DOB"), at).is_between(3, 17))
    if name == "cla":
        from cphub.measures.episodes import cla_at

        recent = cla_at(data, at).filter(pl.col("PERIOD_START") > at - timedelta(days=PEP_GRACE_DAYS))["CHILD"]
        kids = kids.filter(~pl.col("CHILD").is_in(recent))
    return kids


def latest_peps(data: CouncilData, at: date) -> pl.DataFrame:
    """Each child's latest PEP held on or before ``at``."""
    return edu(data, "peps").filter(pl.col("PEP_DATE") <= at).sort("PEP_DATE").unique("CHILD", keep="last")


def peps_in_date(data: CouncilData, at: date, name: str) -> MeasureResult:
    """% of children needing a PEP whose latest PEP was held in the PEP_VALID_DAYS (183) days to the date."""
    kids = pep_eligible(data, at, name)["CHILD"]
    peps = latest_peps(data, at).filter(pl.col("CHILD").is_in(kids))
    ok = peps.filter(pl.col("PEP_DATE") > at - timedelta(days=PEP_VALID_DAYS))["CHILD"].to_list()
    return _result(ok, kids.len())


def pep_quality(data: CouncilData, at: date, name: str) -> MeasureResult:
    """% of in-date PEPs rated good or outstanding by the Virtual School's quality assurance."""
    kids = pep_eligible(data, at, name)["CHILD"]
    peps = latest_peps(data, at).filter(pl.col("CHILD").is_in(kids) & (pl.col("PEP_DATE") > at - timedelta(days=PEP_VALID_DAYS))
                                        & pl.col("PEP_QUALITY").is_not_null())
    good = peps.filter(pl.col("PEP_QUALITY").is_in(list(GOOD_PEP)))["CHILD"].to_list()
    return _result(good, peps.height)


def _results(assessment: str, mean: bool, base: str) -> Callable[[CouncilData, date, str], MeasureResult]:
    def compute(data: CouncilData, at: date, name: str) -> MeasureResult:
        year = academic_year(at)
        reason = NOT_REPORTED.get(base, {}).get(year)
        if reason:
            return MeasureResult(None, None, None, {"not_reported": reason})
        day = results_day(assessment, year)
        if at < day:
            return MeasureResult(None, None, None, {"not_reported": f"Results for {year - 1}/{str(year)[2:]} are known "
                                                    f"from {day.day} {day:%B %Y}."})
        kids = cohort(data, at, name)["CHILD"]
        res = edu(data, "attainment").filter((pl.col("ACADEMIC_YEAR") == year) & (pl.col("ASSESSMENT") == assessment)
                                             & pl.col("CHILD").is_in(kids) & pl.col("RESULT").is_not_null())
        if mean:
            value = round(float(res["RESULT"].mean()), 2) if res.height else None
            return MeasureResult(value, None, res.height, {"pupils": res.height})
        return _result(res.filter(pl.col("RESULT") >= 1)["CHILD"].to_list(), res.height)
    compute.__doc__ = f"{'Mean' if mean else '% meeting the standard in'} {assessment} for the cohort's pupils assessed in the year."
    return compute


def neet(data: CouncilData, at: date, name: str) -> MeasureResult:
    """% of the cohort's young people aged 16 or 17 at the start of the academic year (care leavers: all, 16-18)
    whose latest recorded activity on or before the date is NEET; those with no record or 'not known' count in the
    denominator only (shown as not known)."""
    kids, latest = _post16_cohort(data, at, name)
    hit = latest.filter(pl.col("ACTIVITY") == "NEET")["CHILD"].to_list()
    unknown = kids.len() - latest.filter(pl.col("ACTIVITY") != "UNK").height
    return _result(hit, kids.len(), {"not_known": unknown})


def _post16_cohort(data: CouncilData, at: date, name: str) -> tuple[pl.Series, pl.DataFrame]:
    """Young people of the cohort the post-16 measures cover, and each one's latest activity on or before ``at``."""
    members = cohort(data, at, name)
    if name != "care_leavers":
        members = members.filter(age_at(pl.col("DOB"), date(academic_year(at) - 1, 8, 31)).is_between(16, 17))
    kids = members["CHILD"]
    latest = (edu(data, "post16").filter(pl.col("CHILD").is_in(kids) & (pl.col("RECORD_DATE") <= at))
              .sort("RECORD_DATE").unique("CHILD", keep="last"))
    return kids, latest


def in_education(data: CouncilData, at: date, name: str) -> MeasureResult:
    """% of the same young people as :func:`neet` whose latest activity is education, an apprenticeship or training
    (EDU, APP, TRN)."""
    kids, latest = _post16_cohort(data, at, name)
    hit = latest.filter(pl.col("ACTIVITY").is_in(["EDU", "APP", "TRN"]))["CHILD"].to_list()
    return _result(hit, kids.len())


def _sen(kind: str) -> Callable[[CouncilData, date, str], MeasureResult]:
    def compute(data: CouncilData, at: date, name: str) -> MeasureResult:
        kids = pupils(data, at, name)["CHILD"]
        cur = edu(data, "sen_status").filter(pl.col("CHILD").is_in(kids) & (pl.col("START_DATE") <= at)
                                             & (pl.col("END_DATE").is_null() | (pl.col("END_DATE") > at)))
        cur = cur.sort("START_DATE").unique("CHILD", keep="last")
        return _result(cur.filter(pl.col("SEN") == kind)["CHILD"].to_list(), cur.height)
    compute.__doc__ = f"% of cohort pupils (aged 5-15) with a current SEN record whose status is {kind}."
    return compute


def payments_in_year(data: CouncilData, at: date) -> pl.DataFrame:
    """PP+ payments made in the academic year of ``at`` up to ``at``."""
    first, last = year_bounds(academic_year(at), at)
    return edu(data, "pp_plus_payments").filter(pl.col("PAYMENT_DATE").is_between(first, last))


def _pp_linked(data: CouncilData, at: date, name: str) -> MeasureResult:
    """% of PP+ payments to schools in the year that pay for a target in the child's PEP (DfE: PP+ is used for the
    needs identified in the PEP)."""
    pay = payments_in_year(data, at)
    linked = pay.filter(pl.col("PEP_DATE").is_not_null())
    return MeasureResult(_pct(linked.height, pay.height), linked.height, pay.height,
                         {"amount": float(linked["AMOUNT"].sum() or 0)}, sorted(linked["CHILD"].unique().to_list()))


def _pp_reached(data: CouncilData, at: date, name: str) -> MeasureResult:
    """% of children looked after of compulsory school age at the date for whom PP+ was paid to their school in
    the academic year."""
    year = academic_year(at)
    kids = cohort(data, at, name).filter(compulsory_school_age(pl.col("DOB"), year))["CHILD"]
    paid = payments_in_year(data, at).filter(pl.col("CHILD").is_in(kids))["CHILD"].unique().to_list()
    return MeasureResult(_pct(len(paid), kids.len()), len(paid), kids.len(), {}, sorted(paid))


@dataclass(frozen=True)
class Base:
    """A Virtual School measure before it is applied to a cohort."""

    id: str
    title: str
    definition: str
    unit: str
    good_to_be: str
    section: str
    compute: Callable[[CouncilData, date, str], MeasureResult]
    cohorts: tuple[str, ...] = tuple(COHORTS)


BASES: tuple[Base, ...] = (
    Base("attendance_rate", "Attendance rate", "Sessions attended as a % of possible sessions, pupils aged 5-15 "
         "(100 minus the DfE overall absence rate).", "%", "high", "Attendance and exclusions", attendance_rate),
    Base("persistent_absence", "Persistent absence", "% of pupils aged 5-15 missing 10% or more of their possible "
         "sessions (DfE persistent absence).", "%", "low", "Attendance and exclusions",
         _absence_share(PERSISTENT_SHARE)),
    Base("severe_absence", "Severe absence", "% of pupils aged 5-15 missing 50% or more of their possible sessions "
         "(DfE severe absence).", "%", "low", "Attendance and exclusions", _absence_share(SEVERE_SHARE)),
    Base("suspension_rate", "Suspensions", "% of pupils on roll in the year with at least one suspension "
         "(DfE: pupils with one or more suspensions).", "%", "low", "Attendance and exclusions", _excluded("SUSP")),
    Base("permanent_exclusion", "Permanent exclusions", "% of pupils on roll in the year with a permanent "
         "exclusion.", "%", "low", "Attendance and exclusions", _excluded("PERM")),
    Base("good_schools", "In good or outstanding schools", "% of pupils aged 5-15 whose current school's latest "
         "Ofsted grade is good or outstanding (of those at a graded school).", "%", "high", "School places", good_schools),
    Base("sen_support", "SEN support", "% of pupils aged 5-15 with a current SEN record who have SEN support.",
         "%", "n/a", "School places", _sen("K")),
    Base("ehcp", "EHC plan", "% of pupils aged 5-15 with a current SEN record who have an EHC plan.", "%", "n/a",
         "School places", _sen("E")),
    Base("pep_in_date", "PEPs in date", f"% of children looked after aged 3-17 (in care 28 days or more) whose latest "
         f"PEP was held in the last {PEP_VALID_DAYS} days.", "%", "high", "Personal Education Plans", peps_in_date, ("cla",)),
    Base("pep_quality", "PEPs rated good or better", "% of in-date PEPs the Virtual School rated good or "
         "outstanding.", "%", "high", "Personal Education Plans", pep_quality, ("cla",)),
    Base("pp_plus_reached", "Pupil Premium Plus reached", "% of children looked after aged 5-15 whose school was "
         "paid Pupil Premium Plus for them this academic year.", "%", "high", "Pupil Premium Plus", _pp_reached,
         ("cla",)),
    Base("pp_plus_linked", "PP+ paid against a PEP target", "% of Pupil Premium Plus payments to schools this "
         "academic year that pay for a target in the child's PEP.", "%", "high", "Pupil Premium Plus", _pp_linked,
         ("cla",)),
    Base("eyfs_gld", "EYFS good level of development", "% of children assessed at the end of reception who "
         "reached a good level of development.", "%", "high", "Results by key stage",
         _results("EYFS_GLD", False, "eyfs_gld")),
    Base("phonics", "Year 1 phonics", "% of pupils meeting the expected standard in the year 1 phonics screening "
         "check.", "%", "high", "Results by key stage", _results("PHONICS", False, "phonics")),
    Base("ks2_rwm", "KS2 reading, writing and maths", "% of pupils meeting the expected standard in reading, "
         "writing and maths at key stage 2 (DfE RWM).", "%", "high", "Results by key stage",
         _results("KS2_RWM", False, "ks2_rwm")),
    Base("ks4_a8", "KS4 Attainment 8", "Average Attainment 8 score per pupil at key stage 4.", "mean", "high",
         "Results by key stage", _results("KS4_A8", True, "ks4_a8")),
    Base("ks4_p8", "KS4 Progress 8", "Average Progress 8 score per pupil (not reported for 2024/25 or 2025/26: no "
         "KS2 baseline).", "mean", "high", "Results by key stage", _results("KS4_P8", True, "ks4_p8")),
    Base("ks4_em4", "KS4 English and maths grade 4+", "% of pupils with grade 4 or above in English and maths.",
         "%", "high", "Results by key stage", _results("KS4_EM4", False, "ks4_em4")),
    Base("ks4_em5", "KS4 English and maths grade 5+", "% of pupils with grade 5 or above in English and maths.",
         "%", "high", "Results by key stage", _results("KS4_EM5", False, "ks4_em5")),
    Base("neet_16_18", "16-18 NEET", "% of young people aged 16-17 (care leavers 16-18) whose latest activity is "
         "not in education, employment or training.", "%", "low", "Post-16", neet),
    Base("in_education_16_18", "16-18 in education or training", "% of young people aged 16-17 (care leavers "
         "16-18) whose latest activity is education, an apprenticeship or training.", "%", "high", "Post-16",
         in_education),
)
BASE_BY_ID = {b.id: b for b in BASES}


def measure_id(base: str, cohort_name: str) -> str:
    return f"vs_{base}__{cohort_name}"


def _measure(base: Base, cohort_name: str) -> Measure:
    def compute(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
        # the measure contract (cphub.measures.base.Measure) is many dates; the Virtual School's bases are per date
        return [base.compute(data, at, cohort_name) for at in dates]

    return Measure(
        id=measure_id(base.id, cohort_name), title=f"{base.title}: {COHORTS[cohort_name].lower()}",
        description=base.definition, definition=(base.compute.__doc__ or base.definition).strip(), source=SOURCE,
        good_to_be=base.good_to_be, unit=base.unit, window="as_at", compute=compute,
        section=f"Virtual School: {base.section}", benchmark=base.id)


VS_MEASURES: dict[str, Measure] = {measure_id(b.id, c): _measure(b, c) for b in BASES for c in b.cohorts}


@cache
def benchmarks() -> pl.DataFrame:
    """Every shipped national and regional comparator: measure, group, level, area, academic_year, value, source."""
    return pl.concat([pl.read_csv(DATA / "ees_benchmarks.csv"), pl.read_csv(DATA / "lait_benchmarks.csv")],
                     how="vertical_relaxed")


@dataclass(frozen=True)
class Benchmark:
    value: float
    year: int
    source: str
    area: str = "England"

    @property
    def year_label(self) -> str:
        return f"{self.year - 1}/{str(self.year)[2:]}"


def benchmark(base: str, group: str, year: int, area: str = "England") -> Benchmark | None:
    """The comparator for ``base`` and DfE ``group`` (ALL, CLA, CINO, CPPO, CL1718) in academic ``year``, or the
    latest earlier year published; None when not published."""
    level = "National" if area == "England" else "Regional"
    df = benchmarks().filter((pl.col("measure") == base) & (pl.col("group") == group) & (pl.col("level") == level)
                             & (pl.col("area") == area) & (pl.col("academic_year") <= year)).sort("academic_year")
    if df.is_empty():
        return None
    row = df.row(-1, named=True)
    return Benchmark(float(row["value"]), int(row["academic_year"]), row["source"], area)


@dataclass
class Cell:
    cohort: str
    result: MeasureResult
    comparator: Benchmark | None
    comparator_label: str | None
    gap: float | None  # cohort value minus all pupils nationally
    worse: bool | None


@dataclass
class Row:
    base: Base
    all_pupils: Benchmark | None
    cells: dict[str, Cell]


def gap_worse(value: float | None, reference: float | None, good_to_be: str) -> tuple[float | None, bool | None]:
    """The gap ``value - reference`` and whether it is on the bad side for a measure that is good when high/low."""
    if value is None or reference is None:
        return None, None
    gap = round(value - reference, 2)
    if gap == 0:
        return gap, None
    if good_to_be == "high":
        return gap, gap < 0
    if good_to_be == "low":
        return gap, gap > 0
    return gap, None


def describe_gap(gap: float | None, unit: str, good_to_be: str, against: str = "England") -> str | None:
    """The gap in words, the words derived from the sign in this one place so that they cannot disagree:
    ``+1.7`` -> "1.7 points higher than England (worse)" for a measure that is good when low. Whether the gap is
    better or worse comes from :func:`gap_worse`; None when there is no gap to describe."""
    if gap is None:
        return None
    shown = round(abs(gap), 2 if unit == "mean" else 1)
    if shown == 0:
        return f"the same as {against}"
    size = f"{shown:.2f}" if unit == "mean" else f"{shown:.1f} points"
    direction = "higher" if gap > 0 else "lower"
    _, worse = gap_worse(gap, 0.0, good_to_be)
    verdict = "" if worse is None else " (worse)" if worse else " (better)"
    return f"{size} {direction} than {against}{verdict}"


def compare(data: CouncilData, at: date, cohorts: list[str] | None = None) -> list[Row]:
    """Every base measure for every cohort at ``at``, with the all-pupil and nearest-group national figures."""
    year = academic_year(at)
    names = cohorts or list(COHORTS)
    rows = []
    for base in BASES:
        reported = year not in NOT_REPORTED.get(base.id, {})
        allp = benchmark(base.id, "ALL", year) if reported else None
        cells = {}
        for c in names:
            if c not in base.cohorts:
                continue
            res = VS_MEASURES[measure_id(base.id, c)].compute(data, [at])[0]
            group = COHORT_GROUP.get(c)
            comp = benchmark(base.id, group[0], year) if group and reported else None
            gap, worse = gap_worse(res.value, allp.value if allp else None, base.good_to_be)
            cells[c] = Cell(c, res, comp, group[1] if group and comp else None, gap, worse)
        rows.append(Row(base, allp, cells))
    return rows
