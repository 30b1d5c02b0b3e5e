"""CIN census rules on assessments (CINAssessments)."""

from __future__ import annotations

import polars as pl

from cphub.cin.rules import base as cin
from cphub.cin.rules.base import CinContext, cin_rule, failing


@cin_rule("1103", "The assessment started before the referral date.", "CINAssessments",
          ("AssessmentActualStartDate", "CINreferralDate"))
def c1103(ctx: CinContext) -> pl.LazyFrame:
    a = cin.with_referral(ctx, "CINAssessments")
    return failing(a, pl.col("AssessmentActualStartDate") < pl.col("CINreferralDate"))


@cin_rule("8608", "The assessment started after it was completed.", "CINAssessments",
          ("AssessmentActualStartDate", "AssessmentAuthorisationDate"))
def c8608(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINAssessments"], pl.col("AssessmentActualStartDate") > pl.col("AssessmentAuthorisationDate"))


@cin_rule("8696", "The assessment completion date is not in the census year.", "CINAssessments",
          "AssessmentAuthorisationDate")
def c8696(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINAssessments"], cin.outside_year(ctx, "AssessmentAuthorisationDate"))


@cin_rule("8869", "Assessment factor 21 (no factors) cannot be used with other factors.", "CINAssessments",
          "AssessmentFactors")
def c8869(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINAssessments"], cin.with_others("AssessmentFactors", "21"))


@cin_rule("8898", "The same assessment factor is given twice.", "CINAssessments", "AssessmentFactors")
def c8898(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINAssessments"], cin.repeated("AssessmentFactors"))


@cin_rule("8614", "Assessment factors are given for an assessment that is not complete.", "CINAssessments",
          ("AssessmentAuthorisationDate", "AssessmentFactors"))
def c8614(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINAssessments"], pl.col("AssessmentAuthorisationDate").is_null()
              & pl.col("AssessmentFactors").is_not_null())


@cin_rule("8736", "An assessment not yet completed must have started in the census year.", "CINAssessments",
          ("AssessmentAuthorisationDate", "AssessmentActualStartDate"))
def c8736(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINAssessments"], pl.col("AssessmentAuthorisationDate").is_null()
              & (pl.col("AssessmentActualStartDate").is_null() | cin.outside_year(ctx, "AssessmentActualStartDate")))


@cin_rule("8896", "There are two or more open assessments in one CIN episode.", "CINAssessments",
          "AssessmentAuthorisationDate")
def c8896(ctx: CinContext) -> pl.LazyFrame:
    a = ctx["CINAssessments"].filter(pl.col("AssessmentAuthorisationDate").is_null())
    return failing(a, pl.struct("LAchildID", "CINdetailsID").is_duplicated())


@cin_rule("8863Q", "An assessment starts while another assessment is still going on.", "CINAssessments",
          ("AssessmentActualStartDate", "AssessmentAuthorisationDate"), severity="warning")
def c8863(ctx: CinContext) -> pl.LazyFrame:
    a = ctx["CINAssessments"].filter(pl.col("AssessmentActualStartDate").is_not_null())
    return cin.overlaps(a, "AssessmentActualStartDate", "AssessmentAuthorisationDate")


@cin_rule("8897Q", "A completed assessment has no factors identified.", "CINAssessments",
          ("AssessmentAuthorisationDate", "AssessmentFactors"), severity="warning")
def c8897(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINAssessments"], pl.col("AssessmentAuthorisationDate").is_not_null()
              & pl.col("AssessmentFactors").is_null())


@cin_rule("8945Q", "Assessment factor 18A should not be used: use 18B or 18C.", "CINAssessments", "AssessmentFactors",
          severity="warning")
def c8945(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINAssessments"], cin.codes_in("AssessmentFactors").list.contains("18A"))


@cin_rule("8950Q", "Assessment factor 19A should not be used: use 19B or 19C.", "CINAssessments", "AssessmentFactors",
          severity="warning")
def c8950(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINAssessments"], cin.codes_in("AssessmentFactors").list.contains("19A"))


@cin_rule("8670Q", "The assessment started more than 45 working days before the end of the census year but has no "
          "completion date.", "CINAssessments", "AssessmentActualStartDate", severity="warning")
def c8670(ctx: CinContext) -> pl.LazyFrame:
    """DfE 8670Q: "Assessment started more than 45 working days before the end of the census year. However, there
    is no Assessment end date." (England and Wales bank holidays are not working days.)"""
    late = cin.working_days(pl.col("AssessmentActualStartDate"), cin.lit_date(ctx.end)) > 45
    return failing(ctx["CINAssessments"], late & pl.col("AssessmentAuthorisationDate").is_null())


@cin_rule("8873Q", "The episode's only assessment found no factors (21) but the episode did not close as RC8 or RC9.",
          "CINAssessments", ("ReasonForClosure", "AssessmentFactors"), severity="warning")
def c8873(ctx: CinContext) -> pl.LazyFrame:
    """DfE 8873Q: "When there is only one assessment on the episode and the factors code '21 No factors identified'
    has been used for the completed assessment, the reason for closure 'RC8' or 'RC9' should be used." Read for
    closed episodes (an open one has no reason yet)."""
    keys = ["LAchildID", "CINdetailsID"]
    a = ctx["CINAssessments"].with_columns(pl.len().over(keys).alias("_n"))
    d = ctx["CINDetails"].select(*keys, "ReasonForClosure")
    a = a.join(d, on=keys, how="left")
    no_factors = cin.codes_in("AssessmentFactors").list.contains("21")
    closed_otherwise = pl.col("ReasonForClosure").is_not_null() & ~pl.col("ReasonForClosure").is_in(["RC8", "RC9"])
    return failing(a, (pl.col("_n") == 1) & pl.col("AssessmentAuthorisationDate").is_not_null() & no_factors
                   & closed_otherwise)
