"""CIN census rules on child protection plans (CINProtectionPlans)."""

from __future__ import annotations

import polars as pl

from cphub.cin.rules import base as cin
from cphub.cin.rules.base import CinContext, cin_rule, failing, lit_date


@cin_rule("1105", "The child protection plan starts before the referral date.", "CINProtectionPlans",
          ("CPPstartDate", "CINreferralDate"))
def c1105(ctx: CinContext) -> pl.LazyFrame:
    return failing(cin.with_referral(ctx, "CINProtectionPlans"), pl.col("CPPstartDate") < pl.col("CINreferralDate"))


@cin_rule("8832", "Child protection details are given for a referral with no further action.", "CINProtectionPlans",
          "ReferralNFA")
def c8832(ctx: CinContext) -> pl.LazyFrame:
    return failing(cin.with_referral(ctx, "CINProtectionPlans"), pl.col("ReferralNFA") == "1")


@cin_rule("8720", "Child protection plan start date is missing or after the end of the census year.",
          "CINProtectionPlans", "CPPstartDate")
def c8720(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINProtectionPlans"], pl.col("CPPstartDate").is_null() | (pl.col("CPPstartDate") > lit_date(ctx.end)))


@cin_rule("8730", "The number of previous child protection plans is missing.", "CINProtectionPlans",
          "NumberOfPreviousCPP")
def c8730(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINProtectionPlans"], pl.col("NumberOfPreviousCPP").is_null())


@cin_rule("8840", "A child protection plan cannot start and end on the same day.", "CINProtectionPlans",
          ("CPPstartDate", "CPPendDate"))
def c8840(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINProtectionPlans"], pl.col("CPPstartDate") == pl.col("CPPendDate"))


@cin_rule("8925", "Child protection plan end date is before its start date.", "CINProtectionPlans",
          ("CPPstartDate", "CPPendDate"))
def c8925(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINProtectionPlans"], pl.col("CPPendDate") < pl.col("CPPstartDate"))


@cin_rule("8930", "Child protection plan end date is not in the census year.", "CINProtectionPlans", "CPPendDate")
def c8930(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINProtectionPlans"], cin.outside_year(ctx, "CPPendDate"))


@cin_rule("8935", "The child has more than one open child protection plan.", "CINProtectionPlans", "CPPendDate")
def c8935(ctx: CinContext) -> pl.LazyFrame:
    p = ctx["CINProtectionPlans"].filter(pl.col("CPPendDate").is_null())
    return failing(p, pl.col("LAchildID").is_duplicated())


@cin_rule("2885", "The child protection plan starts on a different day from the initial child protection conference.",
          "CINProtectionPlans", ("CPPstartDate", "DateOfInitialCPC"))
def c2885(ctx: CinContext) -> pl.LazyFrame:
    keys = ["LAchildID", "CINdetailsID"]
    icpc = pl.concat([ctx["CINSection47"].select(*keys, pl.col("DateOfInitialCPC").alias("_i")),
                      ctx["CINDetails"].select(*keys, pl.col("DateOfInitialCPC").alias("_i"))]).drop_nulls()
    per = icpc.group_by(keys).agg(pl.col("_i"))
    c = ctx["CINProtectionPlans"].join(per, on=keys, how="inner")
    in_year = pl.col("CPPstartDate") >= lit_date(ctx.start)
    return failing(c, in_year & ~pl.col("_i").list.contains(pl.col("CPPstartDate")))


@cin_rule("8915", "The child protection plan starts after the child's date of death.", "CINProtectionPlans",
          ("CPPstartDate", "PersonDeathDate"))
def c8915(ctx: CinContext) -> pl.LazyFrame:
    return failing(cin.with_death(ctx, "CINProtectionPlans"), pl.col("CPPstartDate") > pl.col("PersonDeathDate"))


@cin_rule("8920", "The child protection plan ends after the child's date of death.", "CINProtectionPlans",
          ("PersonDeathDate", "CPPendDate"))
def c8920(ctx: CinContext) -> pl.LazyFrame:
    return failing(cin.with_death(ctx, "CINProtectionPlans"), pl.col("CPPendDate") > pl.col("PersonDeathDate"))


@cin_rule("8940", "The child's child protection plans overlap.", "CINProtectionPlans", ("CPPstartDate", "CPPendDate"))
def c8940(ctx: CinContext) -> pl.LazyFrame:
    return cin.overlaps(ctx["CINProtectionPlans"].filter(pl.col("CPPstartDate").is_not_null()), "CPPstartDate",
                     "CPPendDate")


@cin_rule("2883", "More child protection plans start in the census year than initial conferences take place in the "
          "episode.", "CINProtectionPlans", ("CPPstartDate", "DateOfInitialCPC"))
def c2883(ctx: CinContext) -> pl.LazyFrame:
    """DfE 2883: "There are more child protection plans starting than initial conferences taking place". Counted per
    CIN episode in the census year: plans starting against initial conferences (in its section 47 enquiries or on
    the episode itself). The episode's plans starting in the year are reported."""
    keys = ["LAchildID", "CINdetailsID"]
    in_year = pl.col("_d").is_between(lit_date(ctx.start), lit_date(ctx.end))
    icpc = pl.concat([ctx["CINSection47"].select(*keys, pl.col("DateOfInitialCPC").alias("_d")),
                      ctx["CINDetails"].select(*keys, pl.col("DateOfInitialCPC").alias("_d"))]
                     ).filter(in_year).group_by(keys).agg(pl.len().alias("_icpc"))
    cpp = ctx["CINProtectionPlans"].with_columns(pl.col("CPPstartDate").alias("_d")).filter(in_year)
    cpp = cpp.with_columns(pl.len().over(keys).alias("_cpp")).join(icpc, on=keys, how="left")
    return failing(cpp, pl.col("_cpp") > pl.col("_icpc").fill_null(0))
