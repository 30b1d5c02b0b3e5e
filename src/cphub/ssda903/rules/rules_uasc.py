"""SSDA903 rules on the child's UASC status in the Header (DfE 105, 205A-205D, 231, 303).

DfE's Header carries the child's UASC status (1 = the child is, or was during the year until the status ceased, an
unaccompanied asylum-seeking child; 0 = not), and the UASC table the date that status ceased (DUC). CSV exports
often leave the Header column out; it is an optional column (:data:`cphub.ssda903.schema.HEADER`, heading ``UASC``
or ``UASC_STATUS``), so every rule here declares the Need :data:`~cphub.ssda903.rules.base.HEADER_UASC` (and those
comparing with last year :data:`~cphub.ssda903.rules.base.HEADER_LAST_UASC`) and is reported as not checked when
it is not given. 105 (a valid 0/1 code) is a row of the code-list family (:mod:`rules_codes`). Rule texts:
``shared/domain/validation-rules/903_lac20xx_xx_rules.csv`` (the same in 2024-25, 2025-26 and 2026-27); our own
wording. Each rule reports the child's row of this year's Header.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from cphub.ssda903.rules.base import HEADER_LAST_UASC, HEADER_UASC, Context, rule
from cphub.ssda903.rules.helpers import ROW, age_at, failing, lit_date, present

UASC_TABLES = ("Header", "Header_last", "UASC", "UASC_last")
IS_UASC = pl.col("UASC") == "1"


def _status(ctx: Context) -> pl.DataFrame:
    """This year's Header rows (``_row``, CHILD, DOB, UASC) with DUC (this year's UASC table), and, when last year's
    return is given, ``UASC_LAST`` and ``DUC_LAST`` (last year's Header and UASC table) and ``_IN_LAST`` (the child
    is in last year's Header). Cached."""
    if "uasc_status" not in ctx.cache:
        df = ctx["Header"].select(ROW, "CHILD", "DOB", "UASC")
        df = df.join(ctx["UASC"].select("CHILD", "DUC").unique("CHILD", keep="first"), on="CHILD", how="left")
        last_header, last_uasc = ctx.last("Header"), ctx.last("UASC")
        if last_header is not None and "UASC" in last_header.columns:
            df = df.join(last_header.select("CHILD", pl.col("UASC").alias("UASC_LAST"), pl.lit(True).alias("_IN_LAST"))
                         .unique("CHILD", keep="first"), on="CHILD", how="left")
        if last_uasc is not None:
            df = df.join(last_uasc.select("CHILD", pl.col("DUC").alias("DUC_LAST")).unique("CHILD", keep="first"),
                         on="CHILD", how="left")
        ctx.cache["uasc_status"] = df
    return ctx.cache["uasc_status"]  # type: ignore[return-value]


def _last_year(ctx: Context) -> tuple[date, date]:
    """First and last day of last year's collection year."""
    return date(ctx.year - 2, 4, 1), date(ctx.year - 1, 3, 31)


@rule("205A", "The child was UASC last year and is not this year, but the dates UASC status ceased do not show it "
      "ceasing last year.", UASC_TABLES, ("CHILD", "UASC", "DUC"), needs_previous=True,
      needs=(HEADER_UASC, HEADER_LAST_UASC))
def r205a(ctx: Context) -> pl.LazyFrame:
    """DfE 205A: "Child identified as UASC last year is no longer UASC this year, but date UASC ceased in both years
    does not support this." Our reading: UASC status 1 last year and not 1 this year means the status ceased during
    last year, so last year's DUC must fall in last year's collection year (1 April to 31 March), and this year's
    DUC, if the UASC table still gives one, must be that same date."""
    start, end = _last_year(ctx)
    ceased_last_year = pl.col("DUC_LAST").is_between(lit_date(start), lit_date(end)).fill_null(False)
    moved = present("DUC") & (pl.col("DUC") != pl.col("DUC_LAST")).fill_null(True)
    return failing(_status(ctx), (pl.col("UASC_LAST") == "1") & ~IS_UASC.fill_null(False)
                   & (~ceased_last_year | moved))


@rule("205B", "The child is UASC this year and was last year, but a date UASC status ceased is before this year.",
      UASC_TABLES, ("UASC", "DUC"), needs_previous=True, needs=(HEADER_UASC, HEADER_LAST_UASC))
def r205b(ctx: Context) -> pl.LazyFrame:
    """DfE 205B: "Child previously identified as UASC is also UASC this year, but date UASC ceased in both years does
    not support this." Our reading: UASC status 1 in both years means the status had not ceased by the start of this
    collection year, so neither last year's DUC nor this year's may be before 1 April of this year (a DUC in the
    future, such as the 18th birthday, is consistent)."""
    before = (pl.col("DUC_LAST") < lit_date(ctx.start)).fill_null(False) | (pl.col("DUC") < lit_date(ctx.start)
                                                                            ).fill_null(False)
    return failing(_status(ctx), (pl.col("UASC_LAST") == "1") & IS_UASC & before)


@rule("205C", "The child is not UASC this year nor was last year, but a date UASC status ceased is given.",
      UASC_TABLES, ("UASC", "DUC"), needs_previous=True, needs=(HEADER_UASC, HEADER_LAST_UASC))
def r205c(ctx: Context) -> pl.LazyFrame:
    """DfE 205C: "Child not identified as UASC either this year or last year but date UASC ceased has been
    provided." UASC status not 1 in this year's Header nor in last year's (a child absent from last year's Header
    counts as not identified), and a DUC in this year's or last year's UASC table."""
    never = ~IS_UASC.fill_null(False) & ~(pl.col("UASC_LAST") == "1").fill_null(False)
    return failing(_status(ctx), never & (present("DUC") | present("DUC_LAST")))


@rule("205D", "The child is UASC this year but was in last year's return without UASC status.", UASC_TABLES,
      ("UASC", "CHILD"), needs_previous=True, needs=(HEADER_UASC, HEADER_LAST_UASC))
def r205d(ctx: Context) -> pl.LazyFrame:
    """DfE 205D: "Child identified as UASC this year but not identified as UASC status provided for the child last
    year." UASC status 1 this year for a child in last year's Header whose status there was not 1. A child new this
    year is not judged."""
    return failing(_status(ctx), IS_UASC & pl.col("_IN_LAST").fill_null(False)
                   & ~(pl.col("UASC_LAST") == "1").fill_null(False))


@rule("231", "The child is recorded as UASC but is under 11 at 31 March: check the date of birth (if it is right, "
      "explain it in a bypass request).", "Header", ("DOB", "UASC"), needs=(HEADER_UASC,))
def r231(ctx: Context) -> pl.LazyFrame:
    """DfE 231: "We expect that unaccompanied asylum seeking children are generally older young people. Please check
    the date of birth is correct. If the date of birth is correct then please provide details in a bypass request."
    (field UASC_STATUS, the Header UASC column). UASC status 1 and the child under 11 on 31 March of the collection
    year. An error: DfE asks for a bypass request, not a note, when it is right. The age at 31 March follows from
    the date of birth, so an in-year extract is judged on it too (not at the extract date)."""
    return failing(ctx["Header"], IS_UASC & (age_at("DOB", ctx.end) < 11))


@rule("303", "A date UASC status ceased is given but the child's UASC status is not 1.", ("Header", "UASC"),
      ("DUC", "UASC"), needs=(HEADER_UASC,))
def r303(ctx: Context) -> pl.LazyFrame:
    """DfE 303: "If date Unaccompanied Asylum-Seeking Child (UASC) status ceased is not null, UASC status must be
    coded 1." A DUC in this year's UASC table and the child's UASC status in this year's Header is not 1 (blank
    included)."""
    return failing(_status(ctx), present("DUC") & ~IS_UASC.fill_null(False))
