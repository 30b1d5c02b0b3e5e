"""CIN census rules on child protection plan reviews (CINReviews)."""

from __future__ import annotations

import polars as pl

from cphub.cin.rules.base import CinContext, cin_rule, failing


@cin_rule("8841", "A review cannot be on or before the day the child protection plan started.", "CINReviews",
          ("CPPstartDate", "CPPreviewDate"))
def c8841(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINReviews"], pl.col("CPPreviewDate") <= pl.col("CPPstartDate"))


@cin_rule("8842Q", "A child protection plan review has no date.", "CINReviews", "CPPreviewDate", severity="warning")
def c8842(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINReviews"], pl.col("CPPreviewDate").is_null())
