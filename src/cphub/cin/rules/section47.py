"""CIN census rules on section 47 enquiries (CINSection47)."""

from __future__ import annotations

import polars as pl

from cphub.cin.rules import base as cin
from cphub.cin.rules.base import CinContext, cin_rule, failing


@cin_rule("2889", "The section 47 enquiry started before the referral date.", "CINSection47",
          ("S47ActualStartDate", "CINreferralDate"))
def c2889(ctx: CinContext) -> pl.LazyFrame:
    return failing(cin.with_referral(ctx, "CINSection47"), pl.col("S47ActualStartDate") < pl.col("CINreferralDate"))


@cin_rule("1104", "The initial child protection conference is dated before the referral.", "CINSection47",
          ("CINreferralDate", "DateOfInitialCPC"))
def c1104(ctx: CinContext) -> pl.LazyFrame:
    return failing(cin.with_referral(ctx, "CINSection47"), pl.col("DateOfInitialCPC") < pl.col("CINreferralDate"))


@cin_rule("8615", "Section 47 start date must be given and be on or before the initial conference.", "CINSection47",
          ("S47ActualStartDate", "DateOfInitialCPC"))
def c8615(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINSection47"], pl.col("S47ActualStartDate").is_null()
              | (pl.col("S47ActualStartDate") > pl.col("DateOfInitialCPC")))


@cin_rule("8715", "The initial child protection conference date is not in the census year.", "CINSection47",
          "DateOfInitialCPC")
def c8715(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINSection47"], cin.outside_year(ctx, "DateOfInitialCPC"))


@cin_rule("8875", "The initial child protection conference cannot be on a weekend.", "CINSection47", "DateOfInitialCPC")
def c8875(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINSection47"], pl.col("DateOfInitialCPC").dt.weekday() >= 6)


@cin_rule("2884", "An initial child protection conference is recorded both in the section 47 enquiry and in the "
          "CIN episode: record it once.", "CINSection47", "DateOfInitialCPC")
def c2884(ctx: CinContext) -> pl.LazyFrame:
    d = ctx["CINDetails"].select("LAchildID", "CINdetailsID", pl.col("DateOfInitialCPC").alias("_det"))
    s = ctx["CINSection47"].join(d, on=["LAchildID", "CINdetailsID"], how="left")
    return failing(s, pl.col("DateOfInitialCPC").is_not_null() & pl.col("_det").is_not_null())


@cin_rule("8740", "A section 47 enquiry with no initial conference by 31 March must have started in the census year.",
          "CINSection47", ("S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired"))
def c8740(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINSection47"], cin.open_s47() & cin.outside_year(ctx, "S47ActualStartDate"))


@cin_rule("8839", "There are two or more open section 47 enquiries in one CIN episode.", "CINSection47",
          "DateOfInitialCPC")
def c8839(ctx: CinContext) -> pl.LazyFrame:
    s = ctx["CINSection47"].filter(cin.open_s47())
    return failing(s, pl.struct("LAchildID", "CINdetailsID").is_duplicated())


@cin_rule("8890", "A section 47 enquiry starts while another one is still going on.", "CINSection47",
          "S47ActualStartDate")
def c8890(ctx: CinContext) -> pl.LazyFrame:
    s = ctx["CINSection47"].filter(pl.col("S47ActualStartDate").is_not_null()).with_columns(
        pl.when(pl.col("ICPCnotRequired") == "1").then(pl.col("S47ActualStartDate"))
        .otherwise(pl.col("DateOfInitialCPC")).alias("_end"))
    return cin.overlaps(s, "S47ActualStartDate", "_end")


@cin_rule("8675Q", "The section 47 enquiry started more than 15 working days before the end of the census year but "
          "has no initial conference.", "CINSection47", ("DateOfInitialCPC", "S47ActualStartDate", "ICPCnotRequired"),
          severity="warning")
def c8675(ctx: CinContext) -> pl.LazyFrame:
    """DfE 8675Q: "S47 Enquiry started more than 15 working days before the end of the census year. However, there
    is no date of Initial Child Protection Conference." Not when the conference was not required."""
    late = cin.working_days(pl.col("S47ActualStartDate"), cin.lit_date(ctx.end)) > 15
    return failing(ctx["CINSection47"], late & cin.open_s47())


@cin_rule("8870Q", "The target date for the initial child protection conference is on a weekend.", "CINSection47",
          "InitialCPCtarget", severity="warning")
def c8870(ctx: CinContext) -> pl.LazyFrame:
    """DfE 8870Q: "The Target Date for Initial Child Protection Conference should not be a weekend"."""
    return failing(ctx["CINSection47"], pl.col("InitialCPCtarget").dt.weekday() >= 6)
