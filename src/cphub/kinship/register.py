"""The kinship register: children known to the council to be in kinship care on a date, by type of the December
2023 definition (local table ``kinship_arrangements``), with how many were looked after before the order - the
cohorts the Virtual School works with (previously looked after children, and SGO/CAO families it advises)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from cphub import calendar
from cphub.kinship.definition import TYPES


@dataclass(frozen=True)
class RegisterSummary:
    at: date
    total: int
    by_type: list[tuple[str, str, int, int]]  # code, label, children, of whom previously looked after
    school_age_without_school: int
    children: pl.DataFrame


def current(df: pl.DataFrame, at: date) -> pl.DataFrame:
    """Arrangements open on ``at`` (started on or before it; no end, or ending on or after it), for children under
    18 on ``at``; a child with more than one open arrangement counts once, under the latest start."""
    age = calendar.age_expr("DOB", at)
    out = (df.filter((pl.col("START_DATE") <= at) & (pl.col("END_DATE").is_null() | (pl.col("END_DATE") >= at)))
           .with_columns(AGE=age)
           .filter(pl.col("AGE").is_null() | (pl.col("AGE") < 18))
           .sort("START_DATE").unique(subset=["CHILD"], keep="last", maintain_order=True))
    return out.sort(["KINSHIP_TYPE", "CHILD"])


def with_schools(cur: pl.DataFrame, places: pl.DataFrame | None) -> pl.DataFrame:
    """The register's children with their school: the current main school place from the Virtual School's education
    tables (``places``: CHILD, URN, SCHOOL_NAME on the date) first, else the URN the register itself records; a
    ``SCHOOL`` column (name, else URN) and ``TYPE_LABEL`` (the type's label, never its code)."""
    labels = pl.col("KINSHIP_TYPE").replace_strict(TYPES, default=pl.col("KINSHIP_TYPE"), return_dtype=pl.String)
    if places is None or places.is_empty():
        places = pl.DataFrame(schema={"CHILD": pl.String, "URN": pl.String, "SCHOOL_NAME": pl.String})
    edu = (places.filter(pl.col("URN").is_not_null() & (pl.col("URN") != "NONE"))
           .select(pl.col("CHILD").cast(pl.String), pl.col("URN").alias("_URN"), pl.col("SCHOOL_NAME").alias("_NAME"))
           .unique("CHILD", keep="last"))
    blank = pl.col("SCHOOL_URN").is_null() | (pl.col("SCHOOL_URN") == "")
    return (cur.join(edu, on="CHILD", how="left")
            .with_columns(pl.coalesce(pl.col("_URN"), pl.when(blank).then(None).otherwise(pl.col("SCHOOL_URN")))
                          .alias("SCHOOL_URN"))
            .with_columns(pl.coalesce(pl.col("_NAME"), pl.col("SCHOOL_URN")).alias("SCHOOL"),
                          labels.alias("TYPE_LABEL"))
            .drop("_URN", "_NAME"))


def summarise(df: pl.DataFrame, at: date, places: pl.DataFrame | None = None) -> RegisterSummary:
    """The register on ``at``; ``places`` (the education tables' current school places) fills in schools."""
    cur = with_schools(current(df, at), places)
    by_type = []
    for code_, label in TYPES.items():
        sub = cur.filter(pl.col("KINSHIP_TYPE") == code_)
        if code_ in ("other_kinship", "not_kinship") and sub.is_empty():
            continue
        by_type.append((code_, label, sub.height, int(sub["PREVIOUSLY_LOOKED_AFTER"].fill_null(False).sum())))
    no_school = cur.filter(pl.col("AGE").is_between(5, 15) & pl.col("SCHOOL_URN").is_null())
    return RegisterSummary(at, cur.height, by_type, no_school.height, cur)


KINSHIP_SGO_REC = frozenset({"E45", "E47"})
"""Reasons an episode ceased that are a special guardianship order to a relative or friend (SSDA903 REC E45, E47;
``shared/domain/definitions.md`` section 2.7). E41 (child arrangements order) is not split by relationship, so it
is not used: such an order may be in favour of a parent, which is not kinship care."""


def from_ssda903(episodes: pl.DataFrame, header: pl.DataFrame) -> pl.DataFrame:
    """Kinship arrangements the SSDA903 return shows, in the ``kinship_arrangements`` layout: each episode placed
    with a connected-person foster carer (PLACE U1-U3, ``KINSHIP_FOSTER_PLACE``) is kinship foster care from DECOM to
    DEC (clause 2(e)); an episode ending in an SGO to a relative or friend starts an SGO arrangement at DEC, with the
    child previously looked after (clause 2(d))."""
    from cphub.local.schema import KINSHIP_ARRANGEMENTS
    from cphub.ssda903.codes import KINSHIP_FOSTER_PLACE

    dob = header.select("CHILD", "DOB").unique(subset=["CHILD"], keep="last")
    foster = episodes.filter(pl.col("PLACE").is_in(sorted(KINSHIP_FOSTER_PLACE))).select(
        "CHILD", pl.lit("kinship_foster").alias("KINSHIP_TYPE"), pl.col("DECOM").alias("START_DATE"),
        pl.col("DEC").alias("END_DATE"), pl.lit(False).alias("PREVIOUSLY_LOOKED_AFTER"))
    sgo = episodes.filter(pl.col("REC").is_in(sorted(KINSHIP_SGO_REC)) & pl.col("DEC").is_not_null()).select(
        "CHILD", pl.lit("sgo").alias("KINSHIP_TYPE"), pl.col("DEC").alias("START_DATE"),
        pl.lit(None, pl.Date).alias("END_DATE"), pl.lit(True).alias("PREVIOUSLY_LOOKED_AFTER"))
    out = (pl.concat([foster, sgo]).join(dob, on="CHILD", how="left")
           .with_columns(SCHOOL_URN=pl.lit(None, pl.String))
           .unique(subset=["CHILD", "START_DATE"], keep="last", maintain_order=True))
    return out.select(KINSHIP_ARRANGEMENTS.column_names).cast(KINSHIP_ARRANGEMENTS.schema)
