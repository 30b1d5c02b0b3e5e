"""The Virtual School Head's annual report: every figure with its count, its national comparator and the comparator's
year, and the gap in words derived from its sign once (:func:`cphub.virtual_school.measures.describe_gap`).

:func:`report_figures` is the one service the HTML page and the PDF render (the web layer adds the council's name
and the narrative the Virtual School Head wrote). Sections follow the statutory guidance on the VSH's annual report
("Promoting the education of looked-after and previously looked-after children", 2018) and the role extensions to
children with a social worker (2021) and in kinship care (2024).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from cphub.calendar import age_expr
from cphub.measures.base import CouncilData, MeasureResult
from cphub.virtual_school.cohorts import COHORTS, academic_year, cohort
from cphub.virtual_school.measures import (
    BASE_BY_ID,
    COHORT_GROUP,
    Base,
    benchmark,
    compare,
    current_places,
    describe_gap,
    edu,
    gap_worse,
)
from cphub.virtual_school.pupil_premium import pupil_premium_plus

NARRATIVE_SECTIONS: list[tuple[str, str]] = [
    ("introduction", "Introduction from the Virtual School Head"),
    ("cohort", "Our children"),
    ("attainment", "Results by key stage"),
    ("attendance", "Attendance and exclusions"),
    ("peps", "Personal Education Plans"),
    ("pp_plus", "Pupil Premium Plus"),
    ("social_worker", "Children with a social worker"),
    ("kinship", "Children in kinship care and previously looked after"),
    ("priorities", "Priorities for next year"),
]
"""The sections the Virtual School Head writes; a section with no text prints nothing."""

WIDER = ("cwsw", "cwsw_6y", "plac", "kinship")


def year_label(year: int) -> str:
    return f"{year - 1}/{str(year)[2:]}"


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}" if unit == "mean" else f"{value:.1f}%"


def count_text(result: MeasureResult, base: Base) -> str | None:
    """What the figure counts, always in pupils (never sessions): "12 of 88 pupils", or "88 pupils" for a mean or
    for attendance (whose own numerator and denominator are sessions)."""
    pupils = result.detail.get("pupils")
    if pupils is not None:
        return f"{pupils} pupil{'s' if pupils != 1 else ''}" if base.unit == "mean" or base.id == "attendance_rate" \
            else None
    if result.denominator is None:
        return None
    noun = ("payments" if base.id == "pp_plus_linked" else
            "children" if base.id.startswith(("pep_", "pp_plus", "neet", "in_education")) else "pupils")
    return f"{result.numerator} of {result.denominator} {noun}"


def figure(result: MeasureResult, base: Base, group: str | None, year: int, region: str | None = None) -> dict:
    """One figure of the report: value, count, England (and regional) comparator for DfE ``group`` with its year,
    and the gap in words; or the reason it is not reported."""
    eng = benchmark(base.id, group, year) if group else None
    reg = benchmark(base.id, group, year, area=region) if group and region else None
    allp = benchmark(base.id, "ALL", year)
    reason = result.detail.get("not_reported")
    if reason:
        eng = reg = allp = None
    gap, worse = gap_worse(result.value, eng.value if eng else None, base.good_to_be)
    return {"id": base.id, "title": base.title, "unit": base.unit, "value": fmt(result.value, base.unit),
            "raw": result.value, "england_raw": eng.value if eng else None, "all_raw": allp.value if allp else None,
            "count": count_text(result, base), "reason": reason,
            "england": fmt(eng.value, base.unit) if eng else None,
            "england_year": year_label(eng.year) if eng else None,
            "region": f"{fmt(reg.value, base.unit)} ({year_label(reg.year)})" if reg else None,
            "all": fmt(allp.value, base.unit) if allp else None, "all_year": year_label(allp.year) if allp else None,
            "gap_words": describe_gap(gap, base.unit, base.good_to_be), "worse": worse}


RESULTS = ("eyfs_gld", "phonics", "ks2_rwm", "ks4_a8", "ks4_p8", "ks4_em4", "ks4_em5")
ATTENDANCE = ("attendance_rate", "persistent_absence", "severe_absence", "suspension_rate", "permanent_exclusion")
PLACES = ("good_schools", "sen_support", "ehcp")
WIDER_MEASURES = ("attendance_rate", "persistent_absence", "suspension_rate", "ks2_rwm", "ks4_a8", "ks4_em4")


def report_figures(data: CouncilData, at: date, la: str, region: str | None = None) -> dict:
    """Every figure of the annual report at ``at`` (see the module docstring)."""
    year = academic_year(at)
    rows = {r.base.id: r for r in compare(data, at, list(COHORTS))}

    def line(base_id: str, name: str = "cla") -> dict:
        group = COHORT_GROUP.get(name, (None,))[0]
        return figure(rows[base_id].cells[name].result, BASE_BY_ID[base_id], group, year,
                      region if name == "cla" else None)

    cla = cohort(data, at, "cla")
    ages = cla.with_columns(age_expr(pl.col("DOB"), at).alias("AGE"))
    bands = [("Under 5", 0, 4), ("5 to 10", 5, 10), ("11 to 15", 11, 15), ("16 and 17", 16, 17)]
    places = current_places(data, at).filter(pl.col("CHILD").is_in(cla["CHILD"]) & (pl.col("URN") != "NONE"))
    first, last = date(year - 1, 9, 1), min(date(year, 8, 31), at)
    peps_year = edu(data, "peps").filter(pl.col("PEP_DATE").is_between(first, last)
                                         & pl.col("CHILD").is_in(cla["CHILD"]))
    sizes = {c: cohort(data, at, c).height for c in COHORTS}
    return {
        "at": at, "year": year, "year_label": year_label(year), "region": region,
        "sizes": [{"key": c, "label": COHORTS[c], "n": sizes[c]} for c in COHORTS],
        "bands": [{"label": lab, "n": ages.filter(pl.col("AGE").is_between(lo, hi)).height} for lab, lo, hi in bands],
        "cla_n": sizes["cla"],
        "out_of_area": places.filter(pl.col("SCHOOL_LA").is_not_null() & (pl.col("SCHOOL_LA") != la)).height,
        "school_places": places.height,
        "results": [line(b) for b in RESULTS], "attendance": [line(b) for b in ATTENDANCE],
        "places": [line(b) for b in PLACES], "peps": [line(b) for b in ("pep_in_date", "pep_quality")],
        "pp_plus_measures": [line(b) for b in ("pp_plus_reached", "pp_plus_linked")],
        "post16": [line("neet_16_18"), line("in_education_16_18"),
                   {**line("neet_16_18", "care_leavers"), "title": "16-18 NEET: care leavers aged 16 to 18"}],
        "peps_held": peps_year.height,
        "targets": round(float(peps_year["TARGETS"].mean()), 1) if peps_year.height else None,
        "pp_plus": pupil_premium_plus(data, at),
        "cla_group": COHORT_GROUP["cla"][1],
        "wider": [{"key": c, "label": COHORTS[c], "n": sizes[c],
                   "group": COHORT_GROUP[c][1] if c in COHORT_GROUP else None,
                   "figures": [line(b, c) for b in WIDER_MEASURES]} for c in WIDER],
    }
