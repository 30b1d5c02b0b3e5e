"""SSDA903 validation rules 700-710: the deprivation of liberty orders (DoLo) table, new in the 2026-27 return.

Rule texts: ``shared/domain/validation-rules/903_lac2026_27_rules.csv`` (DfE's 2026-27 rules, as collected by the
community re-implementation; see ``docs/validation-rules.md`` for the source and what is not yet final). Our own
wording. A DoLo row: CHILD, DOB, DOLO_START, DOLO_END (blank while the order is open at 31 March).
"""

from __future__ import annotations

import polars as pl

from cphub.ssda903.rules.base import Context, rule
from cphub.ssda903.rules.helpers import (ROW, blank, combine, dob_of, episodes, failing, in_codes, lit_date, none,
                                         present, unparsed)

FROM_2026_27 = (2027, None)
# DfE 709: a child under a DoLO is expected in a children's home (K2) or a deprivation-of-liberty "other
# placement" (Z12 registered setting, Z13 unregistered setting).
DOLO_EXPECTED_PLACE = frozenset({"K2", "Z12", "Z13"})
# DfE 710: never in a secure children's home (K1), with parents (P1), a young offender institution (R5) or
# supported accommodation (K3).
DOLO_FORBIDDEN_PLACE = frozenset({"K1", "P1", "R5", "K3"})


@rule("700", "The start date of the deprivation of liberty order is missing or not a valid date.", "DoLo",
      "DOLO_START", years=FROM_2026_27)
def r700(ctx: Context) -> pl.LazyFrame:
    """DfE 700: "The start date of the DoLO is not a valid date." Every DoLo row has a start, so a blank fails too."""
    return pl.concat([failing(ctx["DoLo"], blank("DOLO_START")), failing(unparsed(ctx, "DoLo", "DOLO_START"))]
                     ).unique(maintain_order=True)


@rule("701", "The end date of the deprivation of liberty order is not a valid date.", "DoLo", "DOLO_END",
      years=FROM_2026_27)
def r701(ctx: Context) -> pl.LazyFrame:
    """DfE 701: "The end date of the DoLO is not a valid date." A blank end means the order is still open."""
    return failing(unparsed(ctx, "DoLo", "DOLO_END"))


@rule("702", "The deprivation of liberty order ended before it started.", "DoLo", ("DOLO_START", "DOLO_END"),
      years=FROM_2026_27)
def r702(ctx: Context) -> pl.LazyFrame:
    """DfE 702: "The date that the DoLO ended is before the date that it started." """
    return failing(ctx["DoLo"], pl.col("DOLO_END") < pl.col("DOLO_START"))


@rule("703", "The deprivation of liberty order started after the end of the collection year.", "DoLo", "DOLO_START",
      years=FROM_2026_27)
def r703(ctx: Context) -> pl.LazyFrame:
    """DfE 703: "The date that the DoLO started is after the end of the collection year." """
    return failing(ctx["DoLo"], pl.col("DOLO_START") > lit_date(ctx.period_end))


@rule("704", "The deprivation of liberty order ended before the start or after the end of the collection year.",
      "DoLo", "DOLO_END", years=FROM_2026_27)
def r704(ctx: Context) -> pl.LazyFrame:
    """DfE 704: "The date that the DoLO ended is before the start or after the end of the collection year." """
    return failing(ctx["DoLo"], ~pl.col("DOLO_END").is_between(lit_date(ctx.start), lit_date(ctx.period_end)))


@rule("705", "A deprivation of liberty order starts while the child's previous one is still open.", "DoLo",
      ("DOLO_START", "DOLO_END"), years=FROM_2026_27)
def r705(ctx: Context) -> pl.LazyFrame:
    """DfE 705: "A DoLO cannot start when the previous DoLO is still open." DfE's condition: the previous order
    (by start date) must have an end date. We also read "still open" as the previous order ending after this one
    starts (the two overlap); an order may start on the day the previous one ended."""
    dolo = ctx["DoLo"].filter(present("DOLO_START")).sort(["CHILD", "DOLO_START", ROW])
    same = pl.col("CHILD") == pl.col("CHILD").shift(1)
    prev_end = pl.col("DOLO_END").shift(1)
    still_open = prev_end.is_null() | (prev_end > pl.col("DOLO_START"))
    return failing(dolo, same & still_open)


@rule("706", "An order open at the end of last year's return is not recorded, with the same start date, this year.",
      ("Header", "DoLo", "DoLo_last"), "DOLO_START", needs_previous=True, years=FROM_2026_27)
def r706(ctx: Context) -> pl.LazyFrame:
    """DfE 706: "There is an open DoLO in last year's return and there is no corresponding DoLO recorded at the
    start of this year." A DoLO open (no end) in last year's return must be in this year's with the same
    DOLO_START. Reported on the child's Header row (last year's row is not in this year's files)."""
    last = ctx.last("DoLo")
    if last is None or last.height == 0:
        return none()
    missing = (last.filter(blank("DOLO_END") & present("DOLO_START")).select("CHILD", "DOLO_START")
               .join(ctx["DoLo"].select("CHILD", "DOLO_START"), on=["CHILD", "DOLO_START"], how="anti"))
    return failing(ctx["Header"].join(missing.select("CHILD").unique(), on="CHILD", how="semi"))


@rule("707", "The child has ceased to be looked after but a deprivation of liberty order has no end date.",
      ("DoLo", "Episodes"), "DOLO_END", years=FROM_2026_27)
def r707(ctx: Context) -> pl.LazyFrame:
    """DfE 707: "Child ceased to be looked after but there is a DoLO without an end date." The child's latest
    episode has ended with a reason other than X1 (the period of care is over) and a DoLO has no DOLO_END."""
    eps = episodes(ctx)
    ceased = eps.filter(pl.col("_last") & present("DEC") & (pl.col("REC") != "X1").fill_null(False)).select("CHILD")
    return failing(ctx["DoLo"].join(ceased, on="CHILD", how="semi"), blank("DOLO_END") & present("DOLO_START"))


@rule("708", "The deprivation of liberty order is dated before the child's date of birth.", "DoLo", "DOLO_START",
      years=FROM_2026_27)
def r708(ctx: Context) -> pl.LazyFrame:
    """DfE 708: "Dates of DoLOs are before child's date of birth." Either date before the DoLo row's DOB (or the
    Header DOB when the row has none)."""
    df = dob_of(ctx["DoLo"], ctx)
    return failing(df, (pl.col("DOLO_START") < pl.col("_DOB")) | (pl.col("DOLO_END") < pl.col("_DOB")))


def _overlapping(ctx: Context) -> pl.DataFrame:
    """DoLOs with both dates joined to every episode of the child they overlap (DOLO_START <= DEC, an open episode
    counting to 31 March, and DOLO_END >= DECOM): the DfE condition of 709 and 710 ("If DOLO_START and DOLO_END
    are present then PLACEMENT for any episode where DECOM and DEC overlap the DoLO ...")."""
    dolo = ctx["DoLo"].filter(present("DOLO_START") & present("DOLO_END"))
    eps = ctx["Episodes"].select("CHILD", "DECOM", "DEC", "PLACE", pl.col(ROW).alias("_EP_ROW"))
    both = dolo.join(eps, on="CHILD", how="inner")
    dec = pl.col("DEC").fill_null(lit_date(ctx.period_end))
    return both.filter((pl.col("DOLO_START") <= dec) & (pl.col("DOLO_END") >= pl.col("DECOM")))


@rule("709", "A child under a deprivation of liberty order is in an unexpected placement type (expected K2, Z12 or "
      "Z13).", ("DoLo", "Episodes"), ("DOLO_START", "PLACE"), severity="warning", years=FROM_2026_27)
def r709(ctx: Context) -> pl.LazyFrame:
    """DfE 709: "Child with a DoLO is in an unexpected placement type": every episode overlapping the DoLO
    "should be" K2, Z12 or Z13. Reported as a query (warning), since DfE says "should"; its type is not yet
    confirmed in a published DfE document (see docs/validation-rules.md)."""
    return failing(_overlapping(ctx), ~in_codes("PLACE", DOLO_EXPECTED_PLACE))


@rule("710", "A child under a deprivation of liberty order cannot be placed in a secure children's home, with "
      "parents, in a young offender institution or in supported accommodation.", ("DoLo", "Episodes"),
      ("DOLO_START", "PLACE"), years=FROM_2026_27)
def r710(ctx: Context) -> pl.LazyFrame:
    """DfE 710: an episode overlapping the DoLO "must not be" K1, P1, R5 or K3. Both the DoLo row and the episode
    are reported."""
    bad = _overlapping(ctx).filter(in_codes("PLACE", DOLO_FORBIDDEN_PLACE))
    return combine(failing(bad, table="DoLo"),
                   failing(bad.select(pl.col("_EP_ROW").alias(ROW), "CHILD"), table="Episodes"))
