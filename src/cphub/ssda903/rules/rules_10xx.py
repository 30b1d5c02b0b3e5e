"""SSDA903 validation rules 1000-1099: care leavers (OC3) eligibility, missing-period formats, data for children
with no episodes, UASC for care leavers.

Each function implements the DfE rule of the same code (rule texts: ``shared/domain/validation-rules/``), with our
own wording. 1008 (the URN against Ofsted's provider list) is in ``rules_ofsted.py``, 1015 (the placement's
council, derived from the postcode) in ``rules_derived.py``.
"""

from __future__ import annotations

import polars as pl

from cphub.ssda903.codes import ADOPTED_REC, SHORT_BREAK_LS, valid_codes
from cphub.ssda903.rules.base import Context, rule
from cphub.ssda903.rules.helpers import (
    ROW,
    age_at,
    birthday,
    combine,
    episodes,
    failing,
    in_codes,
    lit_date,
    none,
    unparsed,
)

OC3_FIELDS = ("IN_TOUCH", "ACTIV", "ACCOM")
OC3_GIVEN = pl.any_horizontal(*(pl.col(c).is_not_null() for c in OC3_FIELDS))


def _children(df: pl.DataFrame | None) -> pl.Series:
    if df is None:
        return pl.Series("CHILD", [], dtype=pl.String)
    return df["CHILD"]


def _is_in(children: pl.Series) -> pl.Expr:
    return pl.col("CHILD").is_in(children.implode())


def in_care_children(ctx: Context) -> pl.DataFrame:
    """One row per child with an episode this year (cached; from the sorted episodes' first rows)."""
    if "in_care_children" not in ctx.cache:
        ctx.cache["in_care_children"] = episodes(ctx).filter(pl.col("_first")).select("CHILD")
    return ctx.cache["in_care_children"]  # type: ignore[return-value]


def _latest_episode(eps: pl.DataFrame) -> pl.DataFrame:
    """Each child's episode with the latest DECOM."""
    return eps.sort(["CHILD", "DECOM", ROW], nulls_last=False).unique("CHILD", keep="last", maintain_order=True)


@rule("1000", "The child died in care, so care leaver information should not be given.", ("OC3", "Episodes"),
      OC3_FIELDS)
def r1000(ctx: Context) -> pl.DataFrame:
    """DfE 1000: no OC3 row for a child with an episode ending E2 (died) this year or, if given, last year."""
    died = ctx["Episodes"].filter(pl.col("REC") == "E2")["CHILD"]  # few rows: is_in is cheap
    last = ctx.last("Episodes")
    if last is not None:
        died = pl.concat([died, last.filter(pl.col("REC") == "E2")["CHILD"]])
    return failing(ctx["OC3"], _is_in(died))


@rule("1001", "The episodes recorded for this young person do not make them a relevant or former relevant child "
      "(13 weeks in care from age 14 including a day at 16 or over), so care leaver information should not be "
      "given.", ("OC3", "Episodes", "Episodes_last", "Header"), OC3_FIELDS, severity="warning",
      needs_previous=True)
def r1001(ctx: Context) -> pl.DataFrame:
    """DfE 1001: an OC3 young person aged under 20 at 31 March must have been looked after for at least 91 days
    since their 14th birthday, some of it at 16 or over (short breaks V3/V4 excluded), and must not have left care
    by adoption. This year's episodes and every earlier return loaded (``ctx.history``, else last year's only) are
    seen, so it is a warning, and only young people whose first episode seen starts a period of care (RNE = S) are
    judged; those with no episode in any of them are left to rule 1002."""
    last = ctx.earlier("Episodes")
    leavers = ctx["OC3"].select("CHILD")
    both = pl.concat([e.join(leavers, on="CHILD", how="semi") for e in (ctx["Episodes"], last) if e is not None],
                     how="diagonal_relaxed")
    both = both.sort(["CHILD", "DECOM", "DEC"], nulls_last=True).unique(["CHILD", "DECOM"], keep="first",
                                                                       maintain_order=True)
    if both.height == 0:
        return none()
    latest = _latest_episode(both)
    adopted = latest.filter(in_codes("REC", ADOPTED_REC))["CHILD"]
    end = lit_date(ctx.end)
    hdr = ctx["Header"].select("CHILD", "DOB").unique("CHILD", keep="first")
    eps = (both.filter(~in_codes("LS", SHORT_BREAK_LS)).join(hdr, on="CHILD", how="inner")
           .with_columns(pl.col("DEC").fill_null(end).alias("_END")))
    days = eps.group_by("CHILD").agg(
        *((pl.col("_END") - pl.max_horizontal("DECOM", birthday("DOB", age))).dt.total_days().clip(lower_bound=0)
          .sum().alias(f"D{age}") for age in (14, 16)))
    oc3 = (ctx["OC3"].join(hdr.rename({"DOB": "DOB_H"}), on="CHILD", how="left")
           .join(days, on="CHILD", how="left"))
    young = birthday(pl.coalesce("DOB_H", "DOB"), 20) > end
    first = both.sort(["CHILD", "DECOM"], nulls_last=True).unique("CHILD", keep="first", maintain_order=True)
    seen = _is_in(first.filter(pl.col("RNE") == "S")["CHILD"])
    not_relevant = ~((pl.col("D14") >= 91) & (pl.col("D16") >= 1)).fill_null(False)
    return failing(oc3, seen & (_is_in(adopted) | (young & not_relevant)))


@rule("1002", "No episode of care is recorded for this young person this year or in any earlier return loaded, so "
      "care leaver information should not be given.", ("OC3", "Episodes", "Episodes_last"),
      OC3_FIELDS, severity="warning", needs_previous=True)
def r1002(ctx: Context) -> pl.DataFrame:
    """DfE 1002: "This child has no previous episodes of care, therefore should not have care leaver information
    recorded." An OC3 child needs an episode in this return or an earlier one: every earlier year the store holds
    when it is loaded (``ctx.history``, so a care leaver who left care years ago is not reported), else last
    year's return only. A warning, since returns older than those loaded may hold the episodes."""
    oc3 = ctx["OC3"].join(in_care_children(ctx), on="CHILD", how="anti")
    earlier = ctx.earlier("Episodes")
    if earlier is None or oc3.height == 0:
        return failing(oc3)
    seen = earlier.select("CHILD").join(oc3.select("CHILD"), on="CHILD", how="semi")  # probe the small side
    return failing(oc3.join(seen, on="CHILD", how="anti"))


@rule("1003", "The decision to place the child for adoption is dated before the child started to be looked "
      "after.", ("PlacedAdoption", "Episodes"), ("DATE_PLACED", "DECOM", "RNE"))
def r1003(ctx: Context) -> pl.DataFrame:
    """DfE 1003: DATE_PLACED must not be before the DECOM of the child's first episode with RNE = S."""
    first_s = (ctx["Episodes"].filter(pl.col("RNE") == "S").join(ctx["PlacedAdoption"].select("CHILD"), on="CHILD",
                                                                 how="semi").group_by("CHILD")
               .agg(pl.col("DECOM").min().alias("FIRST_S")))
    df = ctx["PlacedAdoption"].join(first_s, on="CHILD", how="inner")
    return failing(df, pl.col("DATE_PLACED") < pl.col("FIRST_S"))


@rule("1004", "The start date of the missing or away period is blank or not a valid date.", "Missing", "MIS_START")
def r1004(ctx: Context) -> pl.DataFrame:
    """DfE 1004: MIS_START must be a valid date."""
    bad = unparsed(ctx, "Missing", "MIS_START")[ROW]
    return failing(ctx["Missing"], pl.col("MIS_START").is_null() | pl.col(ROW).is_in(bad.implode()))


@rule("1005", "The end date of the missing or away period is not a valid date.", "Missing", "MIS_END")
def r1005(ctx: Context) -> pl.DataFrame:
    """DfE 1005: MIS_END, when given, must be a valid date."""
    bad = unparsed(ctx, "Missing", "MIS_END")[ROW]
    return failing(ctx["Missing"], pl.col(ROW).is_in(bad.implode()))


@rule("1006", "Whether the child was missing or away (M/A) is not a valid code.", "Missing", "MISSING")
def r1006(ctx: Context) -> pl.DataFrame:
    """DfE 1006: MISSING, when given, must be M or A."""
    return failing(ctx["Missing"], pl.col("MISSING").is_not_null() & ~in_codes("MISSING", valid_codes("MISSING",
                                                                                                     ctx.year)))


@rule("1007", "Care leaver information is not needed for a 17- or 18-year-old who was still looked after on their "
      "latest birthday.", ("OC3", "Episodes"), OC3_FIELDS)
def r1007(ctx: Context) -> pl.DataFrame:
    """DfE 1007: no OC3 data for a young person aged 17 or 18 at 31 March who was looked after on their most recent
    birthday (an episode with DECOM on or before it and DEC after it, or still open)."""
    end = lit_date(ctx.end)
    age = age_at("DOB", end)
    oc3 = (ctx["OC3"].filter(OC3_GIVEN).with_columns(age.alias("_AGE")).filter(pl.col("_AGE").is_between(17, 18))
           .with_columns(pl.when(pl.col("_AGE") == 17).then(birthday("DOB", 17)).otherwise(birthday("DOB", 18))
                         .alias("_BDAY")))
    df = oc3.join(ctx["Episodes"].select("CHILD", "DECOM", "DEC"), on="CHILD", how="inner")
    in_care = (pl.col("DECOM") <= pl.col("_BDAY")) & (pl.col("DEC").is_null() | (pl.col("DEC") > pl.col("_BDAY")))
    return failing(df, pl.col("_AGE").is_between(17, 18) & in_care & OC3_GIVEN)


@rule("1009", "The reason for placement change is not a valid code.", "Episodes", "REASON_PLACE_CHANGE")
def r1009(ctx: Context) -> pl.DataFrame:
    """DfE 1009: REASON_PLACE_CHANGE, when given, must be one of the DfE codes."""
    return failing(ctx["Episodes"], pl.col("REASON_PLACE_CHANGE").is_not_null()
                   & ~in_codes("REASON_PLACE_CHANGE", valid_codes("REASON_PLACE_CHANGE", ctx.year)))


@rule("1010", "Last year's return left this child's care open, but no episodes are given this year while care "
      "leaver information is.", ("OC3", "Episodes", "Episodes_last"), OC3_FIELDS, needs_previous=True)
def r1010(ctx: Context) -> pl.DataFrame:
    """DfE 1010: an OC3 child whose final episode last year was open must have episodes this year."""
    last = ctx.last("Episodes")
    if last is None or last.height == 0:
        return none()
    oc3 = ctx["OC3"].join(in_care_children(ctx), on="CHILD", how="anti")
    last = last.join(oc3.select("CHILD"), on="CHILD", how="semi")
    open_last = _latest_episode(last.filter(pl.col("DECOM").is_not_null())).filter(pl.col("DEC").is_null())
    return failing(oc3, _is_in(open_last["CHILD"]))


@rule("1011", "Care of this child passed to another council in their final episode (E3), so care leaver "
      "information should not be given.", ("OC3", "Episodes"), OC3_FIELDS)
def r1011(ctx: Context) -> pl.DataFrame:
    """DfE 1011: no OC3 data for a child whose latest episode ended E3."""
    e3 = episodes(ctx).filter(pl.col("_last") & (pl.col("REC") == "E3"))["CHILD"]
    return failing(ctx["OC3"], _is_in(e3) & OC3_GIVEN)


OTHER_TABLES = ("PlacedAdoption", "Missing", "Reviews", "AD1", "PrevPerm", "OC2")


@rule("1012", "This child has no episode this year, so no data other than Header, OC3 and UASC should be given.",
      ("Header", "Episodes", *OTHER_TABLES), "CHILD")
def r1012(ctx: Context) -> pl.DataFrame:
    """DfE 1012: rows in PlacedAdoption, Missing, Reviews, AD1, PrevPerm and OC2 need the child to have an episode
    in the year (reported on each table's own rows)."""
    in_care = in_care_children(ctx)
    return combine(*(failing(ctx[t].join(in_care, on="CHILD", how="anti"), table=t)
                     for t in OTHER_TABLES if t in ctx.tables and ctx[t].height))


@rule("1014", "UASC information is not needed for a care leaver who was not looked after during the year.",
      ("UASC", "Episodes", "OC3"), ("ACTIV", "ACCOM", "IN_TOUCH", "DUC"))
def r1014(ctx: Context) -> pl.DataFrame:
    """DfE 1014: a UASC row is wrong for a child with OC3 data whose episodes in this return all lie outside the
    collection year. (Former UASC care leavers with no episode rows at all are expected in the UASC table.)"""
    s, e = lit_date(ctx.start), lit_date(ctx.end)
    overlaps = (pl.col("DECOM") <= e) & (pl.col("DEC").is_null() | (pl.col("DEC") >= s))
    leavers = ctx["OC3"].filter(OC3_GIVEN).select("CHILD")
    uasc = ctx["UASC"].join(leavers, on="CHILD", how="semi")
    per_child = (ctx["Episodes"].join(uasc.select("CHILD"), on="CHILD", how="semi").group_by("CHILD")
                 .agg(overlaps.fill_null(False).any().alias("_in_year")))
    outside = per_child.filter(~pl.col("_in_year")).select("CHILD")
    return failing(uasc.join(outside, on="CHILD", how="semi"))


@rule("1016", "Care leaver information is not needed for a 17- or 18-year-old whose care ended after their "
      "latest birthday.", ("OC3", "Episodes"), OC3_FIELDS)
def r1016(ctx: Context) -> pl.DataFrame:
    """DfE 1016: no OC3 data for a young person aged 17 (or 18) at 31 March with an episode ending after their
    17th (or 18th) birthday (leaving care on the birthday itself makes them a care leaver on it)."""
    age = age_at("DOB", lit_date(ctx.end))
    oc3 = ctx["OC3"].filter(OC3_GIVEN).with_columns(age.alias("_AGE")).filter(pl.col("_AGE").is_between(17, 18))
    oc3 = oc3.with_columns(pl.when(pl.col("_AGE") == 17).then(birthday("DOB", 17)).otherwise(birthday("DOB", 18))
                           .alias("_BDAY"))
    df = oc3.join(ctx["Episodes"].select("CHILD", "DEC"), on="CHILD", how="inner")
    return failing(df, pl.col("DEC") > pl.col("_BDAY"))
