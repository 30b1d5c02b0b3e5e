"""SSDA903 social-worker episode rules (SW...STG1/STG2, the SWEpisodes table, collected from 2023-24).

Rule texts: ``shared/domain/validation-rules/903_lac20xx_xx_rules.csv`` (and the DfE conditions quoted in the
docstrings, as the community re-implementation records them). Our own wording. "Previous episode" is the child's
social-worker episode just before, by SW_DECOM. SW13STG1 (reason is a valid code) is in the code-list family
(:mod:`cphub.ssda903.rules.rules_codes`).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from cphub.ssda903.rules.base import Context, rule
from cphub.ssda903.schema import FIRST_YEAR
from cphub.ssda903.rules.helpers import (ROW, add_years, blank, combine, failing, lit_date, looked_after_at_end,
                                         open_at, present, unparsed, with_header)

SW = "SWEpisodes"
# DfE SW01aSTG1/SW01bSTG1: a reason for the change of social worker is asked for episodes from 1 April 2023.
SW_REASON_FROM = date(2023, 4, 1)
# The reason "first contact" (DfE SW10/SW10a/SW10b): the child's first social worker, not a change.
FIRST_CONTACT = "FCONTA"
# DfE's tolerance between one social worker episode and the next (SW10STG2, SW10aSTG2).
TOLERANCE_DAYS = 7
# SW01a/SW01b were in the 2024-25 list, not in 2025-26's, and are back from 2026-27.
SW01_YEARS = ((None, 2025), (2027, None))


def _with_previous(ctx: Context) -> pl.DataFrame:
    """SWEpisodes sorted by child and start, with the previous episode's SW_DEC (``PREV_SW_DEC``) and whether
    there is a previous one (``_has_prev``) and a next one (``_has_next``)."""
    df = ctx[SW].filter(present("SW_DECOM")).sort(["CHILD", "SW_DECOM", ROW])
    same_prev = pl.col("CHILD") == pl.col("CHILD").shift(1)
    same_next = pl.col("CHILD") == pl.col("CHILD").shift(-1)
    return df.with_columns(pl.when(same_prev).then(pl.col("SW_DEC").shift(1)).alias("PREV_SW_DEC"),
                           same_prev.fill_null(False).alias("_has_prev"), same_next.fill_null(False).alias("_has_next"))


@rule("SW01aSTG1", "A social worker episode that began before 1 April 2023 needs its start date and social worker ID.",
      SW, ("SW_DECOM", "SW_ID"), years=SW01_YEARS)
def sw01a(ctx: Context) -> pl.LazyFrame:
    """DfE SW01aSTG1: "For each social worker episode, information should be complete": "If SW_DECOM < 01 April
    2023 then ... SW_ID, SW_DECOM" (SW_REASON may be blank). A blank start date fails too."""
    return failing(ctx[SW], blank("SW_DECOM") | ((pl.col("SW_DECOM") < lit_date(SW_REASON_FROM)) & blank("SW_ID")))


@rule("SW01bSTG1", "A social worker episode from 1 April 2023 needs its start date, social worker ID and reason.",
      SW, ("SW_DECOM", "SW_ID", "SW_REASON"), years=SW01_YEARS)
def sw01b(ctx: Context) -> pl.LazyFrame:
    """DfE SW01bSTG1: "For each social worker episode, information should be complete": "If SW_DECOM >= 1 April
    2023 then ... SW_ID, SW_DECOM, SW_REASON"."""
    recent = pl.col("SW_DECOM") >= lit_date(SW_REASON_FROM)
    return failing(ctx[SW], blank("SW_DECOM") | (recent & (blank("SW_ID") | blank("SW_REASON"))))


@rule("SW02STG1", "The social worker ID does not begin with SW or XX.", SW, "SW_ID")
def sw02(ctx: Context) -> pl.LazyFrame:
    """DfE SW02STG1: "Social worker ID does not begin with the characters 'SW' or 'XX'." (A blank ID is SW01's.)"""
    return failing(ctx[SW], ~pl.col("SW_ID").str.to_uppercase().str.slice(0, 2).is_in(["SW", "XX"]))


@rule("SW04STG1", "The date the social worker episode began is missing or not a valid date.", SW, "SW_DECOM")
def sw04(ctx: Context) -> pl.LazyFrame:
    """DfE SW04STG1: "Date social worker episode began is not a valid date." """
    return pl.concat([failing(ctx[SW], blank("SW_DECOM")), failing(unparsed(ctx, SW, "SW_DECOM"))]
                     ).unique(maintain_order=True)


@rule("SW05STG1", "The date the social worker episode ended is not a valid date.", SW, "SW_DEC")
def sw05(ctx: Context) -> pl.LazyFrame:
    """DfE SW05STG1 (the DfE message repeats SW04's "began"; the field is SW_DEC): an end date that is not a
    valid date. A blank end is an episode still open."""
    return failing(unparsed(ctx, SW, "SW_DEC"))


@rule("SW06STG2", "The social worker episode began after the end of the collection year.", SW, "SW_DECOM")
def sw06(ctx: Context) -> pl.LazyFrame:
    """DfE SW06STG2: "Social worker episode data should be within the social worker data reporting year": SW_DECOM
    on or before 31 March of the collection year."""
    return failing(ctx[SW], pl.col("SW_DECOM") > lit_date(ctx.period_end))


@rule("SW07STG2", "The social worker episode ended outside the reporting period (from 1 April of the year before the "
      "collection year to 31 March).", SW, "SW_DEC")
def sw07(ctx: Context) -> pl.LazyFrame:
    """DfE SW07STG2: "Social worker episode end date should be on or after the start of the social worker reporting
    period, and should be on or before the collection end date." The reporting period covers the full previous
    year too (SW12), so it starts a year before the collection year."""
    return failing(ctx[SW], ~pl.col("SW_DEC").is_between(add_years(lit_date(ctx.start), -1), lit_date(ctx.period_end)))


@rule("SW08STG2", "A new social worker episode has started but the previous one has no end date.", SW, "SW_DEC")
def sw08(ctx: Context) -> pl.LazyFrame:
    """DfE SW08STG2: "A new social worker episode has started, but the previous episode has not ended." Reported on
    the episode left open (every episode but the child's latest must have SW_DEC)."""
    return failing(_with_previous(ctx), pl.col("_has_next") & blank("SW_DEC"))


@rule("SW09STG2", "The social worker episode seems to have lasted less than 24 hours (it ended the day it began).",
      SW, ("SW_DECOM", "SW_DEC"), severity="warning")
def sw09(ctx: Context) -> pl.LazyFrame:
    """DfE SW09STG2: "Social worker episode appears to have lasted for less than 24 hours." SW_DEC = SW_DECOM.
    A query (warning): it may be right."""
    return failing(ctx[SW], pl.col("SW_DEC") == pl.col("SW_DECOM"))


@rule("SW10STG2", "A new social worker episode started more than 7 days before the previous one ended.", SW,
      "SW_DECOM")
def sw10(ctx: Context) -> pl.LazyFrame:
    """DfE SW10STG2: "A new social worker episode has started before the end date of the previous social worker
    episode": unless its reason is first contact (FCONTA), SW_DECOM >= the previous SW_DEC, with DfE's 7 days'
    tolerance."""
    early = pl.col("SW_DECOM") < pl.col("PREV_SW_DEC").dt.offset_by("-7d")
    return failing(_with_previous(ctx), (pl.col("SW_REASON") != FIRST_CONTACT).fill_null(True) & early)


@rule("SW10aSTG2", "A new social worker episode did not start within 7 days of the end of the previous one.", SW,
      "SW_DECOM", years=(2026, 2026))
def sw10a(ctx: Context) -> pl.LazyFrame:
    """DfE SW10aSTG2 (2025-26 only): "A new social worker episode has started and it is not within +/- 7 days of a
    previous episode." Unless its reason is first contact (FCONTA)."""
    gap = (pl.col("SW_DECOM") - pl.col("PREV_SW_DEC")).dt.total_days().abs()
    return failing(_with_previous(ctx), (pl.col("SW_REASON") != FIRST_CONTACT).fill_null(True) & (gap > 7))


@rule("SW10bSTG2", "A new social worker episode with the reason first contact started before the previous one ended.",
      SW, ("SW_DECOM", "SW_REASON"), years=(2026, 2026))
def sw10b(ctx: Context) -> pl.LazyFrame:
    """DfE SW10bSTG2 (2025-26 only): "A new social worker episode has started with a reason of first contact before
    the previous episode has ended." """
    return failing(_with_previous(ctx), (pl.col("SW_REASON") == FIRST_CONTACT)
                   & (pl.col("SW_DECOM") < pl.col("PREV_SW_DEC")))


@rule("SW11bSTG2", "The child's last social worker episode ended before 31 March and no later one is given, though "
      "the child is looked after at 31 March.", (SW, "Episodes"), "SW_DEC")
def sw11b(ctx: Context) -> pl.LazyFrame:
    """DfE SW11bSTG2: "Social worker episode has ended before 31 March and no subsequent social worker episode has
    been provided." Read for children looked after at 31 March (a child who has left care may have no allocated
    social worker)."""
    kids = pl.Series("CHILD", sorted(looked_after_at_end(ctx)), dtype=pl.String)
    df = _with_previous(ctx).filter(pl.col("CHILD").is_in(kids))
    return failing(df, ~pl.col("_has_next") & (pl.col("SW_DEC") < lit_date(ctx.period_end)))


@rule("SW12STG2", "The child is looked after at 31 March but the social worker episodes do not cover the whole year "
      "(from 1 April, or birth) without a gap.", ("SWEpisodes", "Episodes"), "SW_DECOM",
      years=(FIRST_YEAR["SWEpisodes"], None))
def sw12(ctx: Context) -> pl.LazyFrame:
    """DfE SW12STG2: "If a child is looked after on 31 March then all social worker episodes for the full previous
    year should be reported, even those whilst they were not looked after". Our reading: for each child looked
    after on 31 March, the social worker episodes must cover the collection year from 1 April (or the child's birth,
    if later) without a gap of more than 7 days (DfE's tolerance between episodes in SW10). A gap is allowed before
    an episode whose reason is first contact (FCONTA) when the child was not looked after during the gap: a child
    first known to children's social care during the year has no social worker before that contact. Reported on
    the social worker episode that starts after the gap, or, for a child with no episode in the year at all, on
    the care episode open at 31 March (as 191 does for OC2, only when the upload includes social worker episodes).
    The end of the year is SW11bSTG2's (the last episode ended before 31 March). In an in-year extract: children
    looked after at the extract date, the year so far."""
    kids = pl.Series("CHILD", sorted(looked_after_at_end(ctx)), dtype=pl.String).implode()
    start, end = lit_date(ctx.start), lit_date(ctx.period_end)
    sw = with_header(ctx[SW].filter(pl.col("CHILD").is_in(kids) & present("SW_DECOM")), ctx, ("DOB",))
    sw = sw.with_columns(pl.max_horizontal(start, pl.col("DOB").fill_null(start)).alias("_from"))
    sw = sw.filter((pl.col("SW_DECOM") <= end) & (pl.col("SW_DEC").is_null() | (pl.col("SW_DEC") >= pl.col("_from"))))
    sw = sw.sort(["CHILD", "SW_DECOM", ROW]).with_columns(
        pl.col("SW_DEC").fill_null(lit_date(date.max)).cum_max().shift(1).over("CHILD").alias("_covered"))
    gaps = sw.with_columns(pl.coalesce("_covered", "_from").alias("_gap_from")).filter(
        (pl.col("SW_DECOM") - pl.col("_gap_from")).dt.total_days() > TOLERANCE_DAYS)
    cared = ctx["Episodes"].select("CHILD", "DECOM", "DEC")
    in_care_in_gap = gaps.join(cared, on="CHILD").filter(
        (pl.col("DECOM") < pl.col("SW_DECOM")) & (pl.col("DEC").is_null() | (pl.col("DEC") > pl.col("_gap_from"))))
    first_contact = (pl.col("SW_REASON") == FIRST_CONTACT).fill_null(False)
    excused = gaps.filter(first_contact).join(in_care_in_gap.select(ROW).unique(), on=ROW, how="anti")
    uncovered = gaps.join(excused.select(ROW), on=ROW, how="anti")
    without = ctx["Episodes"].filter(pl.col("CHILD").is_in(kids) & open_at(ctx)).join(sw.select("CHILD"),
                                                                                        on="CHILD", how="anti")
    return combine(failing(uncovered, table=SW), failing(without, table="Episodes"))


@rule("SW17STG2", "No social worker episode is open at 31 March: the child's latest one has an end date.", SW,
      ("SW_DEC", "SW_DECOM"), years=(2026, None))
def sw17(ctx: Context) -> pl.LazyFrame:
    """DfE SW17STG2: "There is no social worker episode open at 31 March": for the child's last social worker
    episode (latest SW_DECOM), SW_DEC must be blank."""
    return failing(_with_previous(ctx), ~pl.col("_has_next") & present("SW_DEC"))


@rule("SW18STG2", "The social worker episode ended before it began.", SW, ("SW_DEC", "SW_DECOM"), years=(2026, 2026))
def sw18(ctx: Context) -> pl.LazyFrame:
    """DfE SW18STG2 (2025-26 only): "The end date of the social worker episode is before the start date." """
    return failing(ctx[SW], pl.col("SW_DEC") < pl.col("SW_DECOM"))


@rule("SW19STG2", "The child has two social worker episodes starting on the same date.", SW, ("SW_DEC", "SW_DECOM"),
      years=(2026, 2026))
def sw19(ctx: Context) -> pl.LazyFrame:
    """DfE SW19STG2 (2025-26 only): "There are 2 social worker episodes for the child starting on the same date."
    Every such episode is reported."""
    df = ctx[SW].filter(present("SW_DECOM"))
    return failing(df, pl.struct("CHILD", "SW_DECOM").is_duplicated())
