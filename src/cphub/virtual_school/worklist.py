"""The Virtual School worklist: children who need action now, each with the reason and the facts behind it.

Reasons (one row per child per reason):

- ``LOW_ATTENDANCE``: attendance in the academic year so far below the threshold (default 90%, the DfE
  persistent-absence line), pupils of compulsory school age.
- ``NO_SCHOOL``: of compulsory school age with no current school place.
- ``REDUCED_HOURS``: of compulsory school age on a timetable of fewer than 25 hours a week (DfE: children of
  statutory school age should receive 25 hours of education a week).
- ``PEP_OVERDUE``: looked after, aged 3-17, in care for 28 days or more, and no PEP in the last
  :data:`~cphub.virtual_school.measures.PEP_VALID_DAYS` days.
- ``SUSPENDED``: suspended or permanently excluded this term (autumn: September-December; spring: January-March;
  summer: April-August).
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from cphub.measures.base import CouncilData
from cphub.virtual_school.cohorts import COHORTS, academic_year, cohort, compulsory_school_age
from cphub.virtual_school.measures import (
    FULL_TIME_HOURS,
    PEP_VALID_DAYS,
    absence_by_child,
    current_places,
    edu,
    latest_peps,
    pep_eligible,
)

MIN_HOURS = FULL_TIME_HOURS
ATTENDANCE_THRESHOLD = 90.0
REASONS = {
    "LOW_ATTENDANCE": "Attendance below threshold",
    "NO_SCHOOL": "No school place",
    "REDUCED_HOURS": "Part-time timetable",
    "PEP_OVERDUE": "PEP overdue",
    "SUSPENDED": "Suspended or excluded this term",
}
SCHEMA = {"CHILD": pl.String, "REASON": pl.String, "DETAIL": pl.String}


def term_bounds(at: date) -> tuple[date, date]:
    """The school term ``at`` falls in: autumn 1 Sep-31 Dec, spring 1 Jan-31 Mar, summer 1 Apr-31 Aug."""
    if at.month >= 9:
        return date(at.year, 9, 1), date(at.year, 12, 31)
    if at.month <= 3:
        return date(at.year, 1, 1), date(at.year, 3, 31)
    return date(at.year, 4, 1), date(at.year, 8, 31)


def _rows(df: pl.DataFrame, reason: str, detail: pl.Expr) -> pl.DataFrame:
    return df.select(pl.col("CHILD"), pl.lit(reason).alias("REASON"), detail.alias("DETAIL"))


def worklist(data: CouncilData, at: date, cohorts: list[str] | None = None,
             threshold: float = ATTENDANCE_THRESHOLD) -> pl.DataFrame:
    """Children of ``cohorts`` (default: children looked after) needing action at ``at``:
    ``CHILD, DOB, COHORTS, REASON, DETAIL``, sorted by child then reason."""
    names = cohorts or ["cla"]
    members = pl.concat([cohort(data, at, c).with_columns(pl.lit(COHORTS[c]).alias("COHORT")) for c in names])
    people = members.group_by("CHILD").agg(pl.col("DOB").first(), pl.col("COHORT").unique().sort().str.join("; ").alias("COHORTS"))
    year = academic_year(at)
    school_age = people.filter(compulsory_school_age(pl.col("DOB"), year))
    out = []

    att = absence_by_child(data, year, school_age["CHILD"]).with_columns(pl.col("RATE").round(1))
    low = att.filter(pl.col("RATE") < threshold)
    out.append(_rows(low, "LOW_ATTENDANCE", pl.format("{}% of {} sessions this year", pl.col("RATE"), pl.col("POSSIBLE"))))

    places = current_places(data, at)
    no_place = school_age.filter(~pl.col("CHILD").is_in(places.filter(pl.col("URN") != "NONE")["CHILD"]))
    enr = edu(data, "enrolments")
    in_ap = enr.filter((pl.col("START_DATE") <= at) & (pl.col("END_DATE").is_null() | (pl.col("END_DATE") > at))
                       & (pl.col("URN") != "NONE"))["CHILD"]
    out.append(_rows(no_place, "NO_SCHOOL", pl.when(pl.col("CHILD").is_in(in_ap))
                     .then(pl.lit("No main school place: alternative provision only"))
                     .otherwise(pl.lit("No current school place recorded"))))

    tt = (edu(data, "timetables").filter(pl.col("CHILD").is_in(school_age["CHILD"]) & (pl.col("START_DATE") <= at)
                                         & (pl.col("END_DATE").is_null() | (pl.col("END_DATE") > at)))
          .sort("START_DATE").unique("CHILD", keep="last").filter(pl.col("HOURS_PER_WEEK") < MIN_HOURS))
    out.append(_rows(tt, "REDUCED_HOURS", pl.format("{} of 25 hours a week since {}", pl.col("HOURS_PER_WEEK"),
                                                    pl.col("START_DATE").dt.strftime("%d/%m/%Y"))))

    if "cla" in names:
        eligible = pep_eligible(data, at, "cla").filter(pl.col("CHILD").is_in(people["CHILD"]))
        peps = latest_peps(data, at)
        due = eligible.join(peps.select("CHILD", "PEP_DATE"), on="CHILD", how="left").filter(
            pl.col("PEP_DATE").is_null() | (pl.col("PEP_DATE") <= at - timedelta(days=PEP_VALID_DAYS)))
        out.append(_rows(due, "PEP_OVERDUE", pl.when(pl.col("PEP_DATE").is_null()).then(pl.lit("No PEP recorded"))
                         .otherwise(pl.format("Overdue by {} days (last PEP {})",
                                              (pl.lit(at) - pl.col("PEP_DATE")).dt.total_days() - PEP_VALID_DAYS,
                                              pl.col("PEP_DATE").dt.strftime("%d/%m/%Y")))))

    first, last = term_bounds(at)
    ex = (edu(data, "exclusions").filter(pl.col("CHILD").is_in(people["CHILD"]) & pl.col("START_DATE").is_between(first, min(last, at)))
          .sort("START_DATE").group_by("CHILD").agg(pl.len().alias("N"), pl.col("START_DATE").last(),
                                                    pl.col("EXCLUSION_TYPE").last()))
    out.append(_rows(ex, "SUSPENDED", pl.format("{} this term, latest {} ({})", pl.col("N"),
                                                pl.col("START_DATE").dt.strftime("%d/%m/%Y"),
                                                pl.when(pl.col("EXCLUSION_TYPE") == "PERM").then(pl.lit("permanent exclusion"))
                                                .otherwise(pl.lit("suspension")))))

    rows = pl.concat([r.cast(SCHEMA) for r in out])
    order = {r: i for i, r in enumerate(REASONS)}
    return (rows.join(people, on="CHILD", how="left")
            .with_columns(pl.col("REASON").replace_strict(order, return_dtype=pl.Int32).alias("_o"))
            .sort("CHILD", "_o").drop("_o").select("CHILD", "DOB", "COHORTS", "REASON", "DETAIL"))
