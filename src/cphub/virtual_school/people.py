"""Who a child is, for the Virtual School staff who work with them: name, year group, school, designated teacher,
social worker and carer, from the case system's extract (``child_details``), the school history (``enrolments``,
``schools``, ``designated_teachers``) and the date of birth.

Child-level and personal: only for roles allowed child-level data (the web layer checks), never in public outputs
or logs.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import polars as pl

from cphub.calendar import age_expr
from cphub.measures.base import CouncilData
from cphub.virtual_school.cohorts import _dobs, academic_year
from cphub.virtual_school.measures import current_places, edu

WHO_SCHEMA = {"CHILD": pl.String, "NAME": pl.String, "DOB": pl.Date, "YEAR_GROUP": pl.String, "SCHOOL": pl.String,
              "URN": pl.String, "DESIGNATED_TEACHER": pl.String, "SOCIAL_WORKER": pl.String, "CARER": pl.String}


def year_group(dob: pl.Expr, year: int) -> pl.Expr:
    """National curriculum year group in academic ``year`` from the age on 31 August before it began (DfE school
    admissions: a child starts reception in the September after their 4th birthday): age 4 = Reception, age 5 =
    Year 1 ... age 15 = Year 11, 16-17 = Year 12-13; younger = Early years; older = none."""
    n = age_expr(dob, date(year - 1, 8, 31)) - 4
    return (pl.when(n < 0).then(pl.lit("Early years"))
            .when(n == 0).then(pl.lit("Reception"))
            .when(n <= 13).then(pl.format("Year {}", n))
            .otherwise(pl.lit(None, dtype=pl.String)))


def who(data: CouncilData, at: date, children: Iterable[str]) -> pl.DataFrame:
    """One row per child of ``children`` (in the order given) with :data:`WHO_SCHEMA`'s columns on ``at``."""
    kids = pl.DataFrame({"CHILD": list(dict.fromkeys(children))}, schema={"CHILD": pl.String})
    details = edu(data, "child_details").select(
        "CHILD", pl.concat_str([pl.col("FORENAME"), pl.col("SURNAME")], separator=" ", ignore_nulls=True).alias("NAME"),
        "SOCIAL_WORKER", "CARER")
    places = (current_places(data, at).filter(pl.col("URN") != "NONE")
              .join(edu(data, "designated_teachers").select("URN", "DESIGNATED_TEACHER"), on="URN", how="left")
              .select("CHILD", "URN", pl.col("SCHOOL_NAME").alias("SCHOOL"), "DESIGNATED_TEACHER"))
    out = (kids.with_row_index("_i").join(_dobs(data), on="CHILD", how="left")
           .join(details, on="CHILD", how="left").join(places, on="CHILD", how="left")
           .with_columns(year_group(pl.col("DOB"), academic_year(at)).alias("YEAR_GROUP"))
           .unique("CHILD", keep="first").sort("_i"))
    return out.select(list(WHO_SCHEMA)).cast(WHO_SCHEMA)  # type: ignore[arg-type]
