"""CIN census rules on CIN plans (CINPlans)."""

from __future__ import annotations

from datetime import date

import polars as pl

from cphub.cin.rules import base as cin
from cphub.cin.rules.base import CinContext, cin_rule, failing, lit_date


@cin_rule("4004", "The child has more than one open CIN plan.", "CINPlans", "CINPlanEndDate")
def c4004(ctx: CinContext) -> pl.LazyFrame:
    p = ctx["CINPlans"].filter(pl.col("CINPlanEndDate").is_null())
    return failing(p, pl.col("LAchildID").is_duplicated())


@cin_rule("4011", "CIN plan end date is before its start date.", "CINPlans", ("CINPlanEndDate", "CINPlanStartDate"))
def c4011(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINPlans"], pl.col("CINPlanEndDate") < pl.col("CINPlanStartDate"))


@cin_rule("4013", "CIN plan end date is not in the census year.", "CINPlans", "CINPlanEndDate")
def c4013(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINPlans"], cin.outside_year(ctx, "CINPlanEndDate"))


@cin_rule("4015", "The CIN plan starts before the referral date.", "CINPlans", ("CINPlanStartDate", "CINreferralDate"))
def c4015(ctx: CinContext) -> pl.LazyFrame:
    p = cin.with_referral(ctx, "CINPlans")
    return failing(p, pl.col("CINPlanStartDate") < pl.col("CINreferralDate"))


@cin_rule("4000", "A CIN plan is given for a referral with no further action.", "CINPlans", "ReferralNFA")
def c4000(ctx: CinContext) -> pl.LazyFrame:
    return failing(cin.with_referral(ctx, "CINPlans"), pl.col("ReferralNFA") == "1")


@cin_rule("4001", "A CIN plan cannot run at the same time as a child protection plan.", "CINPlans",
          ("CINPlanEndDate", "CPPendDate"))
def c4001(ctx: CinContext) -> pl.LazyFrame:
    far = pl.lit(date(9999, 12, 31))
    cpp = ctx["CINProtectionPlans"].select("LAchildID", pl.col("CPPstartDate").alias("_cs"),
                                           pl.coalesce("CPPendDate", far).alias("_ce"))
    j = ctx["CINPlans"].join(cpp, on="LAchildID", how="inner")
    return failing(j, (pl.col("CINPlanStartDate") < pl.col("_ce")) & (pl.col("_cs") < pl.coalesce("CINPlanEndDate", far)))


@cin_rule("4008", "The CIN plan starts after the child's date of death.", "CINPlans", ("PersonDeathDate", "CINPlanStartDate"))
def c4008(ctx: CinContext) -> pl.LazyFrame:
    return failing(cin.with_death(ctx, "CINPlans"), pl.col("CINPlanStartDate") > pl.col("PersonDeathDate"))


@cin_rule("4009Q", "The CIN plan ends after the child's date of death.", "CINPlans", ("PersonDeathDate", "CINPlanEndDate"),
          severity="warning")
def c4009(ctx: CinContext) -> pl.LazyFrame:
    return failing(cin.with_death(ctx, "CINPlans"), pl.col("CINPlanEndDate") > pl.col("PersonDeathDate"))


@cin_rule("4010", "CIN plan start date is missing or after the end of the census year.", "CINPlans", "CINPlanStartDate")
def c4010(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINPlans"], pl.col("CINPlanStartDate").is_null() | (pl.col("CINPlanStartDate") > lit_date(ctx.end)))


@cin_rule("4012Q", "The CIN plan starts and ends on the same day.", "CINPlans", ("CINPlanStartDate", "CINPlanEndDate"),
          severity="warning")
def c4012(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINPlans"], pl.col("CINPlanStartDate") == pl.col("CINPlanEndDate"))


@cin_rule("4014", "The child's CIN plans overlap.", "CINPlans", ("CINPlanStartDate", "CINPlanEndDate"))
def c4014(ctx: CinContext) -> pl.LazyFrame:
    return cin.overlaps(ctx["CINPlans"].filter(pl.col("CINPlanStartDate").is_not_null()), "CINPlanStartDate",
                     "CINPlanEndDate")


def _plans_with_cpps(ctx: CinContext) -> pl.DataFrame:
    keys = ["LAchildID", "CINdetailsID"]
    cpp = ctx["CINProtectionPlans"].select(*keys, "CPPstartDate", "CPPendDate")
    return ctx["CINPlans"].join(cpp, on=keys, how="inner")


FAR = date(9999, 12, 31)


@cin_rule("4016", "A CIN plan starts while a child protection plan is open.", "CINPlans",
          ("CINPlanStartDate", "CPPstartDate", "CPPendDate"))
def c4016(ctx: CinContext) -> pl.LazyFrame:
    """DfE 4016: "A CIN Plan has been reported as open at the same time as a Child Protection Plan." Here: the CIN
    plan starts on or after the start of a child protection plan of the episode and before it ends (a CIN plan may
    start the day the protection plan ends)."""
    df = _plans_with_cpps(ctx)
    end = pl.col("CPPendDate").fill_null(lit_date(FAR))
    return failing(df, (pl.col("CINPlanStartDate") >= pl.col("CPPstartDate")) & (pl.col("CINPlanStartDate") < end))


@cin_rule("4017", "A child protection plan starts while a CIN plan is open.", "CINPlans",
          ("CINPlanStartDate", "CINPlanEndDate", "CPPstartDate"))
def c4017(ctx: CinContext) -> pl.LazyFrame:
    """DfE 4017: "A CIN Plan has been reported as open at the same time as a Child Protection Plan." Here: a child
    protection plan of the episode starts after the CIN plan started and before it ended (the CIN plan should end
    the day the protection plan starts)."""
    df = _plans_with_cpps(ctx)
    end = pl.col("CINPlanEndDate").fill_null(lit_date(FAR))
    return failing(df, (pl.col("CPPstartDate") > pl.col("CINPlanStartDate")) & (pl.col("CPPstartDate") < end))
