"""Drill to action: for each Virtual School measure and cohort, the children who need something done, first, each
with what needs doing and the fact behind it, most urgent first (as the scorecard's drill-down does).

:func:`needs_action` returns ``CHILD, ACTION, DETAIL, URGENCY`` (higher = more urgent). The lists use the measures'
own building blocks (:mod:`cphub.virtual_school.measures`), so a child listed is a child the figure counts:

- attendance: persistently absent (below 90% of possible sessions, part-time timetable sessions counted as absence)
  and any pupil on a part-time timetable; severe absence: below 50%;
- suspensions / permanent exclusions: each pupil excluded in the year, with how many times and days;
- school places: no school place, or a school Ofsted rates requires improvement or inadequate;
- PEPs: overdue by N days (or none recorded); PEPs rated requires improvement or inadequate;
- results: did not meet the expected standard; Attainment 8 below the England average for all pupils; Progress 8
  below zero (below expected progress);
- post-16: NEET, then activity not known;
- Pupil Premium Plus: pupils with no PP+ paid this year; PP+ paid with no PEP target.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from cphub.measures.base import CouncilData
from cphub.virtual_school.cohorts import academic_year, cohort
from cphub.virtual_school.measures import (
    FULL_TIME_HOURS,
    NOT_REPORTED,
    PEP_VALID_DAYS,
    PERSISTENT_SHARE,
    SEVERE_SHARE,
    _on_roll_in_year,
    _post16_cohort,
    absence_by_child,
    benchmark,
    current_places,
    edu,
    latest_peps,
    payments_in_year,
    pep_eligible,
    pupils,
    results_day,
    sessions,
    year_bounds,
)

SCHEMA = {"CHILD": pl.String, "ACTION": pl.String, "DETAIL": pl.String, "URGENCY": pl.Float64}
EMPTY = pl.DataFrame(schema=SCHEMA)
ASSESSMENT = {"eyfs_gld": "EYFS_GLD", "phonics": "PHONICS", "ks2_rwm": "KS2_RWM", "ks4_a8": "KS4_A8",
              "ks4_p8": "KS4_P8", "ks4_em4": "KS4_EM4", "ks4_em5": "KS4_EM5"}


def _frame(df: pl.DataFrame, action: str, detail: pl.Expr, urgency: pl.Expr) -> pl.DataFrame:
    return df.select(pl.col("CHILD"), pl.lit(action).alias("ACTION"), detail.alias("DETAIL"),
                     urgency.cast(pl.Float64).alias("URGENCY")).cast(SCHEMA)  # type: ignore[arg-type]


def _part_time(data: CouncilData, at: date, kids: pl.Series) -> pl.DataFrame:
    tt = (edu(data, "timetables").filter(pl.col("CHILD").is_in(kids) & (pl.col("START_DATE") <= at)
                                         & (pl.col("END_DATE").is_null() | (pl.col("END_DATE") > at))
                                         & (pl.col("HOURS_PER_WEEK") < FULL_TIME_HOURS))
          .sort("START_DATE").unique("CHILD", keep="last"))
    return _frame(tt, "Part-time timetable", pl.format("{} of 25 hours a week since {}", pl.col("HOURS_PER_WEEK"),
                                                       pl.col("START_DATE").dt.strftime("%d/%m/%Y")),
                  FULL_TIME_HOURS - pl.col("HOURS_PER_WEEK"))


def _attendance(data: CouncilData, at: date, name: str, share: float) -> pl.DataFrame:
    year = academic_year(at)
    kids = pupils(data, at, name)["CHILD"]
    a = absence_by_child(data, year, kids).filter(pl.col("MISSED") / pl.col("POSSIBLE") >= share)
    c2 = sessions(data, year, kids).group_by("CHILD").agg(pl.col("PART_TIME_MISSED").sum())
    a = a.join(c2, on="CHILD", how="left")
    label = "Severely absent" if share >= SEVERE_SHARE else "Persistently absent"
    absent = _frame(a, label, pl.format("{}% of {} possible sessions attended ({} missed{})", pl.col("RATE").round(1),
                                        pl.col("POSSIBLE"), pl.col("MISSED"),
                                        pl.when(pl.col("PART_TIME_MISSED") > 0)
                                        .then(pl.format(", {} not offered by a part-time timetable",
                                                        pl.col("PART_TIME_MISSED"))).otherwise(pl.lit(""))),
                    100 - pl.col("RATE"))
    return pl.concat([absent, _part_time(data, at, kids)])


def _exclusions(data: CouncilData, at: date, name: str, kind: str) -> pl.DataFrame:
    first, last = year_bounds(academic_year(at), at)
    ex = (edu(data, "exclusions").filter((pl.col("EXCLUSION_TYPE") == kind)
                                         & pl.col("CHILD").is_in(_on_roll_in_year(data, at, name))
                                         & pl.col("START_DATE").is_between(first, last))
          .sort("START_DATE").group_by("CHILD")
          .agg(pl.len().alias("N"), pl.col("DAYS").sum().alias("DAYS"), pl.col("START_DATE").last().alias("LATEST")))
    if kind == "PERM":
        return _frame(ex, "Permanently excluded", pl.format("Excluded {}", pl.col("LATEST").dt.strftime("%d/%m/%Y")),
                      pl.lit(100))
    return _frame(ex, "Suspended", pl.format("{} suspension(s), {} days this year, latest {}", pl.col("N"),
                                             pl.col("DAYS"), pl.col("LATEST").dt.strftime("%d/%m/%Y")),
                  pl.col("DAYS"))


def _places(data: CouncilData, at: date, name: str) -> pl.DataFrame:
    kids = pupils(data, at, name)
    places = current_places(data, at).filter(pl.col("URN") != "NONE")
    none = _frame(kids.filter(~pl.col("CHILD").is_in(places["CHILD"])), "No school place",
                  pl.lit("No current school place recorded"), pl.lit(100))
    weak = places.filter(pl.col("CHILD").is_in(kids["CHILD"]) & pl.col("OFSTED").is_in(["3", "4"]))
    graded = _frame(weak, "School not yet good", pl.format("{}: Ofsted {}", pl.col("SCHOOL_NAME"),
                                                            pl.when(pl.col("OFSTED") == "4").then(pl.lit("inadequate"))
                                                            .otherwise(pl.lit("requires improvement"))),
                    pl.col("OFSTED").cast(pl.Float64))
    return pl.concat([none, graded])


def _peps(data: CouncilData, at: date, name: str) -> pl.DataFrame:
    due = (pep_eligible(data, at, name).join(latest_peps(data, at).select("CHILD", "PEP_DATE"), on="CHILD", how="left")
           .filter(pl.col("PEP_DATE").is_null() | (pl.col("PEP_DATE") <= at - timedelta(days=PEP_VALID_DAYS)))
           .with_columns(((pl.lit(at) - pl.col("PEP_DATE")).dt.total_days() - PEP_VALID_DAYS).alias("OVER")))
    return _frame(due, "PEP overdue", pl.when(pl.col("PEP_DATE").is_null()).then(pl.lit("No PEP recorded"))
                  .otherwise(pl.format("Overdue by {} days (last PEP {})", pl.col("OVER"),
                                       pl.col("PEP_DATE").dt.strftime("%d/%m/%Y"))),
                  pl.col("OVER").fill_null(10_000))


def _pep_quality(data: CouncilData, at: date, name: str) -> pl.DataFrame:
    kids = pep_eligible(data, at, name)["CHILD"]
    weak = latest_peps(data, at).filter(pl.col("CHILD").is_in(kids) & pl.col("PEP_QUALITY").is_in(["RI", "I"])
                                        & (pl.col("PEP_DATE") > at - timedelta(days=PEP_VALID_DAYS)))
    return _frame(weak, "PEP not yet good", pl.format("PEP of {} rated {}", pl.col("PEP_DATE").dt.strftime("%d/%m/%Y"),
                                                       pl.when(pl.col("PEP_QUALITY") == "I").then(pl.lit("inadequate"))
                                                       .otherwise(pl.lit("requires improvement"))),
                  pl.when(pl.col("PEP_QUALITY") == "I").then(2).otherwise(1))


def _results(data: CouncilData, at: date, name: str, base: str) -> pl.DataFrame:
    year, assessment = academic_year(at), ASSESSMENT[base]
    if year in NOT_REPORTED.get(base, {}) or at < results_day(assessment, year):
        return EMPTY
    res = edu(data, "attainment").filter((pl.col("ACADEMIC_YEAR") == year) & (pl.col("ASSESSMENT") == assessment)
                                         & pl.col("CHILD").is_in(cohort(data, at, name)["CHILD"])
                                         & pl.col("RESULT").is_not_null())
    if base == "ks4_a8":
        england = benchmark("ks4_a8", "ALL", year)
        line = england.value if england else 40.0
        return _frame(res.filter(pl.col("RESULT") < line), "Below expected",
                      pl.format("Attainment 8 of {} (England, all pupils: {})", pl.col("RESULT"), pl.lit(line)),
                      line - pl.col("RESULT"))
    if base == "ks4_p8":
        return _frame(res.filter(pl.col("RESULT") < 0), "Below expected progress",
                      pl.format("Progress 8 of {}", pl.col("RESULT")), -pl.col("RESULT"))
    return _frame(res.filter(pl.col("RESULT") < 1), "Below expected", pl.lit("Did not meet the expected standard"),
                  pl.lit(1))


def _post16(data: CouncilData, at: date, name: str, neet_only: bool) -> pl.DataFrame:
    kids, latest = _post16_cohort(data, at, name)
    neet = _frame(latest.filter(pl.col("ACTIVITY") == "NEET"), "NEET",
                  pl.format("Not in education, employment or training since {}",
                            pl.col("RECORD_DATE").dt.strftime("%d/%m/%Y")), pl.lit(2))
    known = latest.filter(pl.col("ACTIVITY") != "UNK")["CHILD"]
    unknown = _frame(pl.DataFrame({"CHILD": kids}).filter(~pl.col("CHILD").is_in(known)), "Activity not known",
                     pl.lit("No current activity recorded"), pl.lit(1))
    parts = [neet, unknown]
    if not neet_only:
        parts.append(_frame(latest.filter(pl.col("ACTIVITY") == "EMP"), "Employed without training",
                            pl.lit("In a job without training"), pl.lit(0)))
    return pl.concat(parts)


def _pp_plus(data: CouncilData, at: date, name: str, linked: bool) -> pl.DataFrame:
    pay = payments_in_year(data, at)
    if linked:
        loose = pay.filter(pl.col("PEP_DATE").is_null()).group_by("CHILD").agg(pl.col("AMOUNT").sum())
        return _frame(loose, "PP+ not tied to a PEP target", pl.format("£{} paid with no PEP target", pl.col("AMOUNT")),
                      pl.col("AMOUNT"))
    year = academic_year(at)
    kids = pupils(data, at, name)
    return _frame(kids.filter(~pl.col("CHILD").is_in(pay["CHILD"])), "No PP+ this year",
                  pl.lit(f"No Pupil Premium Plus paid for {year - 1}/{str(year)[2:]} so far"), pl.lit(1))


def needs_action(data: CouncilData, at: date, base: str, name: str) -> pl.DataFrame:
    """The children of cohort ``name`` who need action on measure ``base`` at ``at``, most urgent first."""
    if base in ("attendance_rate", "persistent_absence"):
        out = _attendance(data, at, name, PERSISTENT_SHARE)
    elif base == "severe_absence":
        out = _attendance(data, at, name, SEVERE_SHARE)
    elif base in ("suspension_rate", "permanent_exclusion"):
        out = _exclusions(data, at, name, "SUSP" if base == "suspension_rate" else "PERM")
    elif base in ("good_schools", "sen_support", "ehcp"):
        out = _places(data, at, name)
    elif base == "pep_in_date":
        out = _peps(data, at, name)
    elif base == "pep_quality":
        out = _pep_quality(data, at, name)
    elif base in ASSESSMENT:
        out = _results(data, at, name, base)
    elif base in ("pp_plus_reached", "pp_plus_linked"):
        out = _pp_plus(data, at, name, base == "pp_plus_linked")
    elif base in ("neet_16_18", "in_education_16_18"):
        out = _post16(data, at, name, base == "neet_16_18")
    else:
        out = EMPTY
    return out.sort(["URGENCY", "CHILD"], descending=[True, False])
