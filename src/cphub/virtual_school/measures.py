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


def _absence(data: CouncilData, at: date, name: str) -> pl.DataFrame:
    """Per pupil: possible sessions and sessions missed (authorised + unauthorised) in the academic year."""
    year = academic_year(at)
    kids = pupils(data, at, name)["CHILD"]
    att = edu(data, "attendance").filter((pl.col("ACADEMIC_YEAR") == year) & pl.col("CHILD").is_in(kids))
    return (att.group_by("CHILD").agg(pl.col("POSSIBLE").sum(),
                                      (pl.col("AUTHORISED").fill_null(0) + pl.col("UNAUTHORISED").fill_null(0)).sum()
                                      .alias("MISSED"))
            .filter(pl.col("POSSIBLE") > 0))


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


def _results(assessment: str, mean: bool) -> Callable[[CouncilData, date, str], MeasureResult]:
    def compute(data: CouncilData, at: date, name: str) -> MeasureResult:
        kids = cohort(data, at, name)["CHILD"]
        res = edu(data, "attainment").filter((pl.col("ACADEMIC_YEAR") == academic_year(at)) & (pl.col("ASSESSMENT") == assessment)
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
         "sessions (DfE persistent absence).", "%", "low", "Attendance and exclusions", _absence_share(0.10)),
    Base("severe_absence", "Severe absence", "% of pupils aged 5-15 missing 50% or more of their possible sessions "
         "(DfE severe absence).", "%", "low", "Attendance and exclusions", _absence_share(0.50)),
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
    Base("eyfs_gld", "EYFS good level of development", "% of children assessed at the end of reception who "
         "reached a good level of development.", "%", "high", "Results by key stage", _results("EYFS_GLD", False)),
    Base("phonics", "Year 1 phonics", "% of pupils meeting the expected standard in the year 1 phonics screening "
         "check.", "%", "high", "Results by key stage", _results("PHONICS", False)),
    Base("ks2_rwm", "KS2 reading, writing and maths", "% of pupils meeting the expected standard in reading, "
         "writing and maths at key stage 2 (DfE RWM).", "%", "high", "Results by key stage", _results("KS2_RWM", False)),
    Base("ks4_a8", "KS4 Attainment 8", "Average Attainment 8 score per pupil at key stage 4.", "mean", "high",
         "Results by key stage", _results("KS4_A8", True)),
    Base("ks4_p8", "KS4 Progress 8", "Average Progress 8 score per pupil (not published nationally for 2024/25 "
         "or 2025/26).", "mean", "high", "Results by key stage", _results("KS4_P8", True)),
    Base("ks4_em4", "KS4 English and maths grade 4+", "% of pupils with grade 4 or above in English and maths.",
         "%", "high", "Results by key stage", _results("KS4_EM4", False)),
    Base("ks4_em5", "KS4 English and maths grade 5+", "% of pupils with grade 5 or above in English and maths.",
         "%", "high", "Results by key stage", _results("KS4_EM5", False)),
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


def compare(data: CouncilData, at: date, cohorts: list[str] | None = None) -> list[Row]:
    """Every base measure for every cohort at ``at``, with the all-pupil and nearest-group national figures."""
    year = academic_year(at)
    names = cohorts or list(COHORTS)
    rows = []
    for base in BASES:
        allp = benchmark(base.id, "ALL", year)
        cells = {}
        for c in names:
            if c not in base.cohorts:
                continue
            res = VS_MEASURES[measure_id(base.id, c)].compute(data, [at])[0]
            group = COHORT_GROUP.get(c)
            comp = benchmark(base.id, group[0], year) if group else None
            gap, worse = gap_worse(res.value, allp.value if allp else None, base.good_to_be)
            cells[c] = Cell(c, res, comp, group[1] if group and comp else None, gap, worse)
        rows.append(Row(base, allp, cells))
    return rows
