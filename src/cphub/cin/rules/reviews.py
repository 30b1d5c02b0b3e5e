"""CIN census rules on child protection plan reviews (CINReviews)."""

from __future__ import annotations

from datetime import date

import polars as pl

from cphub.cin.rules.base import CinContext, cin_rule, failing


@cin_rule("8841", "A review cannot be on or before the day the child protection plan started.", "CINReviews",
          ("CPPstartDate", "CPPreviewDate"))
def c8841(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINReviews"], pl.col("CPPreviewDate") <= pl.col("CPPstartDate"))


@cin_rule("8842Q", "A child protection plan review has no date.", "CINReviews", "CPPreviewDate", severity="warning")
def c8842(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINReviews"], pl.col("CPPreviewDate").is_null())


@cin_rule("4003", "A child protection plan review is dated while a CIN plan is open.", "CINReviews",
          ("CINPlanStartDate", "CINPlanEndDate", "CPPreviewDate"))
def c4003(ctx: CinContext) -> pl.LazyFrame:
    """DfE 4003: "A CPP review date is shown as being held at the same time as an open CIN Plan." The review is
    after a CIN plan of the episode started and before it ended (or the plan is still open)."""
    keys = ["LAchildID", "CINdetailsID"]
    plans = ctx["CINPlans"].select(*keys, "CINPlanStartDate", "CINPlanEndDate")
    df = ctx["CINReviews"].join(plans, on=keys, how="inner")
    end = pl.col("CINPlanEndDate").fill_null(pl.lit(date(9999, 12, 31)))
    return failing(df, (pl.col("CPPreviewDate") > pl.col("CINPlanStartDate")) & (pl.col("CPPreviewDate") < end))
