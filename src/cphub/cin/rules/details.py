"""CIN census rules on CIN episodes (CINDetails): referral, need, closure, activity against the episode."""

from __future__ import annotations

import polars as pl

from cphub.cin.rules import base as cin
from cphub.cin.rules.base import CinContext, cin_rule, failing, lit_date


@cin_rule("8600", "Referral date is missing or after the end of the census year.", "CINDetails", "CINreferralDate")
def c8600(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINDetails"], pl.col("CINreferralDate").is_null() | (pl.col("CINreferralDate") > lit_date(ctx.end)))


@cin_rule("8610", "Primary need is missing for a referral that led to further action.", "CINDetails",
          ("ReferralNFA", "PrimaryNeedCode"))
def c8610(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINDetails"], (pl.col("ReferralNFA") == "0") & pl.col("PrimaryNeedCode").is_null())


@cin_rule("8620", "CIN closure date is not in the census year.", "CINDetails", "CINclosureDate")
def c8620(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINDetails"], cin.outside_year(ctx, "CINclosureDate"))


@cin_rule("8630", "CIN closure date is before the referral date.", "CINDetails", ("CINreferralDate", "CINclosureDate"))
def c8630(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINDetails"], pl.col("CINclosureDate") < pl.col("CINreferralDate"))


@cin_rule("8805", "A closure date is given without a reason for closure.", "CINDetails",
          ("CINclosureDate", "ReasonForClosure"))
def c8805(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINDetails"], pl.col("CINclosureDate").is_not_null() & pl.col("ReasonForClosure").is_null())


@cin_rule("8810", "A reason for closure is given without a closure date.", "CINDetails",
          ("ReasonForClosure", "CINclosureDate"))
def c8810(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINDetails"], pl.col("ReasonForClosure").is_not_null() & pl.col("CINclosureDate").is_null())


@cin_rule("8831", "Activity is recorded against a referral with no further action.", "CINDetails", "ReferralNFA")
def c8831(ctx: CinContext) -> pl.LazyFrame:
    d = ctx["CINDetails"].join(cin.activity(ctx).with_columns(pl.lit(True).alias("_act")),
                               on=["LAchildID", "CINdetailsID"], how="left")
    return failing(d, (pl.col("ReferralNFA") == "1") & pl.col("_act"))


@cin_rule("2990", "Activity is recorded against a case closed after assessment (RC8).", "CINDetails",
          "ReasonForClosure")
def c2990(ctx: CinContext) -> pl.LazyFrame:
    keys = ["LAchildID", "CINdetailsID"]
    act = pl.concat([ctx[t].select(keys) for t in ("CINPlans", "CINSection47", "CINProtectionPlans")]).unique()
    d = ctx["CINDetails"].join(act.with_columns(pl.lit(True).alias("_act")), on=keys, how="left")
    return failing(d, (pl.col("ReasonForClosure") == "RC8") & pl.col("_act"))


@cin_rule("8555Q", "The referral is dated after the child's recorded date of death.", "CINDetails",
          ("PersonDeathDate", "CINreferralDate"), severity="warning")
def c8555(ctx: CinContext) -> pl.LazyFrame:
    return failing(cin.with_death(ctx, "CINDetails"), pl.col("CINreferralDate") > pl.col("PersonDeathDate"))


@cin_rule("8606", "The referral is more than 40 weeks before the child's (expected) date of birth.", "CINDetails",
          ("CINreferralDate", "PersonBirthDate", "ExpectedPersonBirthDate"))
def c8606(ctx: CinContext) -> pl.LazyFrame:
    births = ctx["CINChild"].select("LAchildID", pl.coalesce("PersonBirthDate", "ExpectedPersonBirthDate").alias("_B"))
    d = ctx["CINDetails"].join(births.unique("LAchildID", keep="first"), on="LAchildID", how="left")
    return failing(d, pl.col("CINreferralDate") < (pl.col("_B") - pl.duration(days=280)))


@cin_rule("8815", "The child has more than one open CIN episode (no closure date) that is not a referral with no "
          "further action.", "CINDetails", ("ReferralNFA", "CINclosureDate"))
def c8815(ctx: CinContext) -> pl.LazyFrame:
    open_ = ctx["CINDetails"].filter(pl.col("CINclosureDate").is_null() & (pl.col("ReferralNFA") != "1").fill_null(True))
    return failing(open_, pl.col("LAchildID").is_duplicated())


@cin_rule("8820", "The dates of this child's CIN episodes overlap.", "CINDetails", ("CINreferralDate", "CINclosureDate"))
def c8820(ctx: CinContext) -> pl.LazyFrame:
    return cin.overlaps(ctx["CINDetails"].filter(pl.col("CINreferralDate").is_not_null()), "CINreferralDate",
                     "CINclosureDate")


@cin_rule("8565", "Activity is dated after the CIN episode was closed.", "CINDetails", ("CINclosureDate",))
def c8565(ctx: CinContext) -> pl.LazyFrame:
    keys = ["LAchildID", "CINdetailsID"]
    dates = pl.concat([
        ctx["CINAssessments"].select(*keys, pl.max_horizontal("AssessmentActualStartDate", "AssessmentAuthorisationDate").alias("_d")),
        ctx["CINSection47"].select(*keys, pl.max_horizontal("S47ActualStartDate", "DateOfInitialCPC").alias("_d")),
        ctx["CINProtectionPlans"].select(*keys, pl.max_horizontal("CPPstartDate", "CPPendDate").alias("_d")),
        ctx["CINPlans"].select(*keys, pl.max_horizontal("CINPlanStartDate", "CINPlanEndDate").alias("_d")),
        ctx["CINDetails"].select(*keys, pl.col("DateOfInitialCPC").alias("_d")),
    ]).group_by(keys).agg(pl.col("_d").max())
    d = ctx["CINDetails"].join(dates, on=keys, how="left")
    return failing(d, pl.col("_d") > pl.col("CINclosureDate"))


@cin_rule("8867", "The CIN episode is closed but an assessment is not completed.", "CINDetails",
          ("CINclosureDate", "AssessmentAuthorisationDate"))
def c8867(ctx: CinContext) -> pl.LazyFrame:
    open_a = ctx["CINAssessments"].filter(pl.col("AssessmentAuthorisationDate").is_null()).select(
        "LAchildID", "CINdetailsID").unique().with_columns(pl.lit(True).alias("_o"))
    d = ctx["CINDetails"].join(open_a, on=["LAchildID", "CINdetailsID"], how="left")
    return failing(d, pl.col("CINclosureDate").is_not_null() & pl.col("_o"))


@cin_rule("8868", "The CIN episode is closed but a section 47 enquiry has neither an initial conference nor "
          "'conference not required'.", "CINDetails", ("ICPCnotRequired", "CINclosureDate", "DateOfInitialCPC"))
def c8868(ctx: CinContext) -> pl.LazyFrame:
    open_s = ctx["CINSection47"].filter(cin.open_s47()).select("LAchildID", "CINdetailsID").unique().with_columns(
        pl.lit(True).alias("_o"))
    d = ctx["CINDetails"].join(open_s, on=["LAchildID", "CINdetailsID"], how="left")
    return failing(d, pl.col("CINclosureDate").is_not_null() & pl.col("_o"))


KEYS = ["LAchildID", "CINdetailsID"]


def _has(ctx: CinContext, table: str) -> pl.DataFrame:
    """The CIN episodes (child and episode id) that have a row in ``table``."""
    return ctx[table].select(KEYS).unique()


@cin_rule("2991Q", "A section 47 enquiry is recorded but the CIN episode has no assessment.", "CINDetails",
          "CINdetailsID", severity="warning")
def c2991(ctx: CinContext) -> pl.LazyFrame:
    """DfE 2991Q: "A Section 47 module is recorded and there is no assessment on the episode"."""
    d = ctx["CINDetails"].join(_has(ctx, "CINSection47"), on=KEYS, how="semi")
    return failing(d.join(_has(ctx, "CINAssessments"), on=KEYS, how="anti"), pl.lit(True))


@cin_rule("8569Q", "A referral dated before the working day before the census year began cannot be a referral with "
          "no further action.", "CINDetails", "ReferralNFA", severity="warning")
def c8569(ctx: CinContext) -> pl.LazyFrame:
    """DfE 8569Q: "A case with referral date before one working day prior to the collection start date must not be
    flagged as a no further action case"."""
    before = cin.working_days(pl.col("CINreferralDate"), cin.lit_date(ctx.start)) > 1
    return failing(ctx["CINDetails"], (pl.col("ReferralNFA") == "1") & before)


@cin_rule("8585Q", "The episode closed because the child died (RC2) but the child has no date of death.", "CINDetails",
          ("ReasonForClosure", "PersonDeathDate"), severity="warning")
def c8585(ctx: CinContext) -> pl.LazyFrame:
    """DfE 8585Q: "CIN episode shows Died as the Closure Reason, however child has no recorded Date of Death"."""
    return failing(cin.with_death(ctx, "CINDetails"), (pl.col("ReasonForClosure") == "RC2")
                   & pl.col("PersonDeathDate").is_null())


@cin_rule("8816", "An open CIN episode (not a referral with no further action) is not the child's latest episode.",
          "CINDetails", ("CINreferralDate", "ReferralNFA"))
def c8816(ctx: CinContext) -> pl.LazyFrame:
    """DfE 8816: "An open CIN episode is shown and case is not a referral with no further action, but it is not the
    latest episode." Latest: the child's latest referral date."""
    latest = ctx["CINDetails"].group_by("LAchildID").agg(pl.col("CINreferralDate").max().alias("_latest"))
    d = ctx["CINDetails"].join(latest, on="LAchildID", how="left")
    open_ = pl.col("CINclosureDate").is_null() & (pl.col("ReferralNFA") != "1").fill_null(True)
    return failing(d, open_ & (pl.col("CINreferralDate") < pl.col("_latest")))


@cin_rule("8825Q", "The episode closed after assessment (RC8 or RC9) but has no assessment.", "CINDetails",
          "ReasonForClosure", severity="warning")
def c8825(ctx: CinContext) -> pl.LazyFrame:
    """DfE 8825Q: "Reason for Closure code RC8 (case closed after assessment) or RC9 (case closed after assessment,
    referred to early help) has been returned but there is no assessment present for the episode". Not for a
    referral with no further action (ReferralNFA true), which is closed on the day of referral, before any
    assessment, with RC8 as the Hub's CIN generator (and, we read, DfE's guide) records it."""
    d = ctx["CINDetails"].join(_has(ctx, "CINAssessments"), on=KEYS, how="anti")
    not_nfa = (pl.col("ReferralNFA") != "1").fill_null(True)
    return failing(d, pl.col("ReasonForClosure").is_in(["RC8", "RC9"]) & not_nfa)
