"""Lists the Virtual School is asked for at inspection, from the SSDA903 return, the CIN census and the education
tables, as of a date (documented in ``docs/virtual-school.md``, "Inspection lists").

- :func:`ilacs_list_8`: children looked after, in the column layout of Ofsted's ILACS Annex A **List 8** (children
  in care), the columns the Hub holds; followed by the education columns a Virtual School is asked about at an
  ILACS inspection (school, Ofsted grade, SEN, PEP, attendance, exclusions, part-time timetable), each headed
  ``Education: ...`` so they cannot be mistaken for Annex A's own.
- :func:`ilacs_list_6`: children with a social worker (children in need, including those on a child protection
  plan, not looked after), in the layout of ILACS Annex A **List 6** (children in need), with the same education
  columns.
- :func:`send_cla_list`: children looked after with special educational needs (SEN support or an EHC plan), the
  list area SEND inspections ask the council for about its children looked after (Ofsted/CQC "Area SEND
  inspections: framework and handbook", information requested at notification), one row per child.

Annex A column names are Ofsted's (ILACS Annex A, "Lists 1 to 11"; the column layout as councils' children's
services systems export it). Columns the Hub does not hold (for example "Date of Last Social Work Visit") are left
out rather than left blank, and said so in the docs. Child-level: for roles allowed child-level data, audited.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from cphub.calendar import age_expr
from cphub.measures.base import CouncilData
from cphub.measures.episodes import cla_at
from cphub.ssda903.codes import CODE_LISTS
from cphub.virtual_school.cohorts import academic_year, cohort
from cphub.virtual_school.measures import absence_by_child, current_places, edu, latest_peps, year_bounds
from cphub.virtual_school.people import who
from cphub.virtual_school.schema import VS_CODES

SSDA903_CODES: dict[str, dict[str, str]] = {name: {c.code: c.description for c in codes}
                                             for name, codes in CODE_LISTS.items()}
# Ethnicity as Annex A writes it ("a) WBRI" ...): the DfE ethnicity codes in Annex A's order.
ANNEX_ETHNICITY = {c: f"{letter}) {c}" for letter, c in zip(
    "abcdefghijklmnopqrs", ["WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
                            "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU"])}
ANNEX_ETHNICITY["NOBT"] = "s) NOBT"
GENDER = {"M": "a) Male", "F": "b) Female", "1": "a) Male", "2": "b) Female"}


def _label(code_list: dict[str, str], col: str) -> pl.Expr:
    return pl.col(col).replace_strict(code_list, default=pl.col(col), return_dtype=pl.String)


def education_columns(data: CouncilData, at: date, children: pl.Series) -> pl.DataFrame:
    """The education facts for ``children`` on ``at``, one row per child, columns headed ``Education: ...``."""
    year = academic_year(at)
    first, last = year_bounds(year, at)
    people = who(data, at, children.to_list()).select("CHILD", "YEAR_GROUP", "URN", "SCHOOL", "DESIGNATED_TEACHER")
    places = current_places(data, at).select("CHILD", "OFSTED", "SCHOOL_LA").unique("CHILD", keep="last")
    sen = (edu(data, "sen_status").filter(pl.col("CHILD").is_in(children) & (pl.col("START_DATE") <= at)
                                          & (pl.col("END_DATE").is_null() | (pl.col("END_DATE") > at)))
           .sort("START_DATE").unique("CHILD", keep="last").select("CHILD", "SEN", "PRIMARY_NEED"))
    pep = latest_peps(data, at).select("CHILD", "PEP_DATE")
    att = absence_by_child(data, year, children).select("CHILD", "RATE")
    ex = (edu(data, "exclusions").filter(pl.col("CHILD").is_in(children) & pl.col("START_DATE").is_between(first, last))
          .group_by("CHILD").agg((pl.col("EXCLUSION_TYPE") == "SUSP").sum().alias("SUSP"),
                                 (pl.col("EXCLUSION_TYPE") == "PERM").any().alias("PERM")))
    tt = (edu(data, "timetables").filter(pl.col("CHILD").is_in(children) & (pl.col("START_DATE") <= at)
                                         & (pl.col("END_DATE").is_null() | (pl.col("END_DATE") > at)))
          .sort("START_DATE").unique("CHILD", keep="last").select("CHILD", "HOURS_PER_WEEK"))
    out = (people.join(places, on="CHILD", how="left").join(sen, on="CHILD", how="left")
           .join(pep, on="CHILD", how="left").join(att, on="CHILD", how="left").join(ex, on="CHILD", how="left")
           .join(tt, on="CHILD", how="left"))
    return out.select(
        "CHILD",
        pl.col("YEAR_GROUP").alias("Education: Year group"),
        pl.col("SCHOOL").fill_null("No school place").alias("Education: School"),
        pl.col("URN").alias("Education: School URN"),
        _label(VS_CODES["OFSTED"], "OFSTED").alias("Education: School's Ofsted grade"),
        pl.col("SCHOOL_LA").alias("Education: LA of school"),
        pl.col("DESIGNATED_TEACHER").alias("Education: Designated teacher"),
        _label(VS_CODES["SEN"], "SEN").fill_null("Not recorded").alias("Education: SEN status"),
        pl.col("PRIMARY_NEED").alias("Education: Primary need"),
        pl.col("PEP_DATE").dt.strftime("%d/%m/%Y").alias("Education: Date of latest PEP"),
        pl.col("RATE").round(1).alias(f"Education: Attendance {year - 1}/{str(year)[2:]} (%)"),
        pl.col("SUSP").fill_null(0).alias("Education: Suspensions this year"),
        pl.when(pl.col("PERM")).then(pl.lit("Y")).otherwise(pl.lit("N"))
        .alias("Education: Permanently excluded this year"),
        pl.col("HOURS_PER_WEEK").alias("Education: Part-time timetable (hours a week)"))


def ilacs_list_8(data: CouncilData, at: date) -> pl.DataFrame:
    """Children looked after on ``at`` in the ILACS Annex A List 8 layout, with the education columns."""
    cla = cla_at(data, at)
    codes = SSDA903_CODES
    names = who(data, at, cla["CHILD"].to_list()).select("CHILD", "SOCIAL_WORKER")
    base = cla.join(names, on="CHILD", how="left").select(
        pl.col("CHILD"),
        pl.col("CHILD").alias("Child Unique ID"),
        pl.col("SEX").replace_strict(GENDER, default=pl.lit("c) Not stated/recorded"), return_dtype=pl.String)
        .alias("Gender"),
        pl.col("ETHNIC").replace_strict(ANNEX_ETHNICITY, default=pl.col("ETHNIC"), return_dtype=pl.String)
        .alias("Ethnicity"),
        pl.col("DOB").dt.strftime("%d/%m/%Y").alias("Date of Birth"),
        age_expr(pl.col("DOB"), at).alias("Age of Child (Years)"),
        pl.col("PERIOD_START").dt.strftime("%d/%m/%Y").alias("Date Started to be Looked After"),
        pl.format("{} - {}", pl.col("CIN"), _label(codes.get("CIN", {}), "CIN")).alias("Child's Category of Need"),
        pl.format("{}: {}", pl.col("LS"), _label(codes.get("LS", {}), "LS")).alias("Child's Legal Status"),
        pl.col("DECOM").dt.strftime("%d/%m/%Y").alias("Start Date of Most Recent Placement"),
        pl.format("{}: {}", pl.col("PLACE"), _label(codes.get("PLACE", {}), "PLACE")).alias("Placement Type"),
        pl.col("URN").alias("URN of Placement"),
        pl.col("SOCIAL_WORKER").alias("Allocated Worker"))
    return _with_education(base, data, at)


def ilacs_list_6(data: CouncilData, at: date) -> pl.DataFrame:
    """Children with a social worker on ``at`` (the Virtual School's ``cwsw`` cohort) in the ILACS Annex A List 6
    layout, with the education columns."""
    from cphub.virtual_school.cohorts import cin_spells

    kids = cohort(data, at, "cwsw")
    spells = (cin_spells(data).filter(pl.col("CHILD").is_in(kids["CHILD"]) & (pl.col("START") <= at))
              .sort("START").unique("CHILD", keep="last").select("CHILD", "START", "END"))
    names = who(data, at, kids["CHILD"].to_list()).select("CHILD", "SOCIAL_WORKER")
    base = kids.join(spells, on="CHILD", how="left").join(names, on="CHILD", how="left").select(
        pl.col("CHILD"),
        pl.col("CHILD").alias("Child Unique ID"),
        pl.col("DOB").dt.strftime("%d/%m/%Y").alias("Date of Birth"),
        age_expr(pl.col("DOB"), at).alias("Age of Child (Years)"),
        pl.col("START").dt.strftime("%d/%m/%Y").alias("CIN Start Date"),
        pl.col("END").dt.strftime("%d/%m/%Y").alias("CIN Closure Date"),
        pl.col("SOCIAL_WORKER").alias("Allocated Worker"))
    return _with_education(base, data, at)


def send_cla_list(data: CouncilData, at: date) -> pl.DataFrame:
    """Children looked after on ``at`` with SEN support or an EHC plan: identity, placement, SEN and education."""
    cla = cla_at(data, at)
    edu_cols = education_columns(data, at, cla["CHILD"])
    with_sen = edu_cols.filter(pl.col("Education: SEN status").is_in([VS_CODES["SEN"]["K"], VS_CODES["SEN"]["E"]]))
    base = cla.filter(pl.col("CHILD").is_in(with_sen["CHILD"])).select(
        pl.col("CHILD"),
        pl.col("CHILD").alias("Child Unique ID"),
        pl.col("DOB").dt.strftime("%d/%m/%Y").alias("Date of Birth"),
        age_expr(pl.col("DOB"), at).alias("Age of Child (Years)"),
        pl.col("SEX").replace_strict(GENDER, default=pl.lit("c) Not stated/recorded"), return_dtype=pl.String)
        .alias("Gender"),
        pl.format("{}: {}", pl.col("PLACE"), _label(SSDA903_CODES.get("PLACE", {}), "PLACE")).alias("Placement Type"))
    return _with_education(base, data, at)


def _with_education(base: pl.DataFrame, data: CouncilData, at: date) -> pl.DataFrame:
    out = base.join(education_columns(data, at, base["CHILD"]), on="CHILD", how="left")
    return out.sort("Child Unique ID").drop("CHILD")


LISTS = {
    "ilacs-list-8-children-looked-after": ("ILACS Annex A List 8: children looked after, with education", ilacs_list_8),
    "ilacs-list-6-children-with-a-social-worker": ("ILACS Annex A List 6: children with a social worker (in need, "
                                                   "not looked after), with education", ilacs_list_6),
    "area-send-children-looked-after-with-sen": ("Area SEND: children looked after with SEN support or an EHC plan",
                                                 send_cla_list),
}
"""Every inspection list: slug -> (title, function(data, at))."""
