"""SSDA903 validation rules 600-699: adoption details (AD1), motherhood fields, previous permanence.

Each function implements the DfE rule of the same code (rule texts: ``shared/domain/validation-rules/``), with
our own wording.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from cphub.ssda903.codes import ADOPTED_REC, SHORT_BREAK_LS
from cphub.ssda903.rules.base import Context, rule
from cphub.ssda903.rules.helpers import birthday, episodes, failing, in_codes, in_year, lit_date, none

ADOPTION_FIELDS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")
FEMALE = frozenset({"2", "F"})  # SEX code for female before and from 2024-25
OC3_FIELDS = ("IN_TOUCH", "ACTIV", "ACCOM")
OUTSIDE_ENGLAND_LA = frozenset({"WAL", "SCO", "NUK", "NIR", "999"})
# Councils abolished in the reorganisations since 2019 (Cumbria, Northamptonshire, Poole, Bournemouth, Dorset CC)
# whose codes can still appear on an older permanence order.
FORMER_LA_CODES = frozenset({"909", "928", "836", "837", "835"})


def _adopted_in_year(ctx: Context) -> pl.Expr:
    return in_codes("REC", ADOPTED_REC) & in_year("DEC", ctx)


@rule("601", "The child was adopted during the year, but the adoption details (AD1) are incomplete.",
      ("Episodes", "AD1"), ("REC", *ADOPTION_FIELDS))
def r601(ctx: Context) -> pl.DataFrame:
    """DfE 601: an episode ending in adoption (E11/E12) during the year needs every AD1 field for the child."""
    complete = ctx["AD1"].filter(pl.all_horizontal(*(pl.col(c).is_not_null() for c in ADOPTION_FIELDS)))
    return failing(ctx["Episodes"], _adopted_in_year(ctx) & ~pl.col("CHILD").is_in(complete["CHILD"].implode()))


@rule("602", "Adoption details (AD1) are given, but no episode shows the child adopted during the year.",
      ("AD1", "Episodes"), "CHILD")
def r602(ctx: Context) -> pl.DataFrame:
    """DfE 602: AD1 data needs an episode ending E11/E12 within the collection year."""
    adopted = ctx["Episodes"].filter(_adopted_in_year(ctx))["CHILD"]
    some = pl.any_horizontal(*(pl.col(c).is_not_null() for c in ADOPTION_FIELDS))
    return failing(ctx["AD1"], some & ~pl.col("CHILD").is_in(adopted.implode()))


@rule("607", "The girl stopped being looked after during the year, but whether she is a mother is blank.",
      ("Header", "Episodes"), ("DEC", "REC", "MOTHER", "LS", "SEX"))
def r607(ctx: Context) -> pl.DataFrame:
    """DfE 607: a girl aged 12 or over whose care ended in the year (REC other than X1, LS not V3/V4) needs MOTHER
    (the guide asks MOTHER of girls aged 12 and over only)."""
    ceased = ctx["Episodes"].filter(pl.col("REC").is_not_null() & (pl.col("REC") != "X1") & in_year("DEC", ctx)
                                    & ~in_codes("LS", SHORT_BREAK_LS)).group_by("CHILD").agg(pl.col("DEC").max())
    df = ctx["Header"].join(ceased, on="CHILD", how="inner")
    return failing(df, in_codes("SEX", FEMALE) & pl.col("MOTHER").is_null() & (birthday("DOB", 12) <= pl.col("DEC")))


@rule("611", "The child is recorded as a mother, but her child's date of birth is blank.", "Header",
      ("MOTHER", "MC_DOB"))
def r611(ctx: Context) -> pl.DataFrame:
    """DfE 611: MOTHER = 1 needs MC_DOB."""
    return failing(ctx["Header"], (pl.col("MOTHER") == "1") & pl.col("MC_DOB").is_null())


@rule("612", "A date of birth for the child's own child is given, but she is not recorded as a mother.", "Header",
      ("SEX", "MOTHER", "MC_DOB"))
def r612(ctx: Context) -> pl.DataFrame:
    """DfE 612: for a girl, MC_DOB completed needs MOTHER = 1."""
    return failing(ctx["Header"], pl.col("MOTHER").ne_missing("1") & in_codes("SEX", FEMALE)
                   & pl.col("MC_DOB").is_not_null())


@rule("620", "The child is recorded as a mother but was under 11 at the start of the year.", "Header",
      ("DOB", "MOTHER"))
def r620(ctx: Context) -> pl.DataFrame:
    """DfE 620: MOTHER = 1 needs the child to be 11 or over on 1 April."""
    return failing(ctx["Header"], (pl.col("MOTHER") == "1") & (birthday("DOB", 11) > lit_date(ctx.start)))


@rule("621", "The mother's date of birth is not before her child's date of birth.", "Header", ("DOB", "MC_DOB"))
def r621(ctx: Context) -> pl.DataFrame:
    """DfE 621: MC_DOB, when given, must be after DOB."""
    return failing(ctx["Header"], pl.col("MC_DOB") <= pl.col("DOB"))


@rule("624", "The date of birth of the child's first child differs from the one in last year's return.",
      ("Header", "Header_last"), "MC_DOB", needs_previous=True)
def r624(ctx: Context) -> pl.DataFrame:
    """DfE 624: MC_DOB recorded last year, when given again, must be unchanged (a blank this year is not a
    contradiction: motherhood details are not asked of care leavers)."""
    last = ctx.last("Header")
    if last is None or last.height == 0:
        return none()
    prev = last.filter(pl.col("MC_DOB").is_not_null()).select("CHILD", pl.col("MC_DOB").alias("MC_DOB_PRE"))
    df = ctx["Header"].filter(pl.col("MC_DOB").is_not_null()).join(prev.unique("CHILD", keep="first"), on="CHILD",
                                                                   how="inner")
    return failing(df, pl.col("MC_DOB") != pl.col("MC_DOB_PRE"))


@rule("625", "The date of birth of the child's first child is after the end of the year or after the child "
      "stopped being looked after.", ("Header", "Episodes"), ("MC_DOB", "DEC"))
def r625(ctx: Context) -> pl.DataFrame:
    """DfE 625: MC_DOB must not be after 31 March nor, when the child's final episode (latest DECOM) has ended,
    after its DEC."""
    final = episodes(ctx).filter(pl.col("_last")).select("CHILD", pl.col("DEC").alias("LAST_DEC"))
    df = ctx["Header"].filter(pl.col("MC_DOB").is_not_null()).join(final, on="CHILD", how="inner")
    return failing(df, (pl.col("MC_DOB") > lit_date(ctx.period_end)) | (pl.col("MC_DOB") > pl.col("LAST_DEC")))


@rule("626", "The child is now recorded as a mother with her child born before this year, but last year's return "
      "said she was not a mother.", ("Header", "Header_last"), ("MOTHER", "MC_DOB"), needs_previous=True)
def r626(ctx: Context) -> pl.DataFrame:
    """DfE 626: MOTHER = 0 last year and MOTHER = 1 now needs MC_DOB within this collection year."""
    last = ctx.last("Header")
    if last is None or last.height == 0:
        return none()
    prev = last.filter(pl.col("MOTHER") == "0").select("CHILD", pl.col("MOTHER").alias("MOTHER_PRE"))
    df = ctx["Header"].filter(pl.col("MOTHER") == "1").join(prev.unique("CHILD", keep="first"), on="CHILD",
                                                            how="inner")
    return failing(df, (pl.col("MOTHER") == "1") & (pl.col("MOTHER_PRE") == "0")
                   & (pl.col("MC_DOB") < lit_date(ctx.start)))


@rule("628", "Motherhood details are not needed for a care leaver who was not looked after during the year.",
      ("Header", "Episodes", "OC3"), "MOTHER")
def r628(ctx: Context) -> pl.DataFrame:
    """DfE 628: MOTHER must be blank for a child with OC3 data and no episode in the year."""
    oc3 = ctx["OC3"].filter(pl.any_horizontal(*(pl.col(c).is_not_null() for c in OC3_FIELDS))).select("CHILD")
    hdr = ctx["Header"].filter(pl.col("MOTHER").is_not_null()).join(oc3, on="CHILD", how="semi")
    return failing(hdr.join(episodes(ctx).filter(pl.col("_first")).select("CHILD"), on="CHILD", how="anti"))


@rule("630", "The child started to be looked after this year, but previous permanence information is missing or "
      "incomplete.", ("Episodes", "PrevPerm"), "RNE")
def r630(ctx: Context) -> pl.DataFrame:
    """DfE 630: an episode with RNE = S starting in the year needs a PrevPerm row with PREV_PERM; unless PREV_PERM
    is Z1 (none) or P4 (not known), LA_PERM and DATE_PERM are needed too."""
    pp = ctx["PrevPerm"].select("CHILD", "PREV_PERM", "LA_PERM", "DATE_PERM", pl.lit(True).alias("_has"))
    starts = ctx["Episodes"].filter((pl.col("RNE") == "S") & (pl.col("DECOM") >= lit_date(ctx.start)))
    df = starts.join(pp, on="CHILD", how="left")
    bad = (pl.col("_has").is_null() | pl.col("PREV_PERM").is_null()
           | (~in_codes("PREV_PERM", {"Z1", "P4"}) & (pl.col("LA_PERM").is_null() | pl.col("DATE_PERM").is_null())))
    return failing(df, (pl.col("RNE") == "S") & (pl.col("DECOM") >= lit_date(ctx.start)) & bad)


@rule("631", "The previous permanence option is not a valid code.", "PrevPerm", "PREV_PERM")
def r631(ctx: Context) -> pl.DataFrame:
    """DfE 631: PREV_PERM, when given, must be P1-P4 or Z1."""
    return failing(ctx["PrevPerm"], pl.col("PREV_PERM").is_not_null()
                   & ~in_codes("PREV_PERM", {"P1", "P2", "P3", "P4", "Z1"}))


def perm_date(col: str = "DATE_PERM") -> tuple[pl.Expr, pl.Expr]:
    """(latest date the text value can mean, True where the text is not a valid DATE_PERM).

    DATE_PERM is dd/mm/yyyy where ``ZZ`` (``ZZZZ`` for the year) may stand for any part not known (DfE 632: "ZZ
    may be used for any part of the date"), e.g. ``zz/05/2020``, ``05/ZZ/2020``, ``zz/zz/zzzz``. An unknown day is
    taken as the month's last day and an unknown month as December, so a partly known date is compared at its
    latest possible value; with the year unknown there is nothing to compare. The known parts must be able to
    make a date (``31/02/zzzz`` cannot: checked in a leap year)."""
    s = pl.col(col).str.strip_chars().str.to_lowercase()
    m = s.str.extract_groups(r"^(\d{1,2}|zz)/(\d{1,2}|zz)/(\d{4}|zzzz)$")
    day, month, year = m.struct.field("1"), m.struct.field("2"), m.struct.field("3")
    mo = pl.when(month == "zz").then(pl.lit("12")).otherwise(month.str.zfill(2))

    def on(y: pl.Expr) -> pl.Expr:
        first = pl.concat_str([y, mo, pl.lit("01")], separator="-").str.to_date("%Y-%m-%d", strict=False)
        exact = pl.concat_str([y, mo, day.str.zfill(2)], separator="-").str.to_date("%Y-%m-%d", strict=False)
        return pl.when(day == "zz").then(first.dt.month_end()).otherwise(exact)

    possible = on(pl.when(year == "zzzz").then(pl.lit("2000")).otherwise(year))
    when = pl.when(year != "zzzz").then(on(year))
    invalid = pl.col(col).is_not_null() & possible.is_null()
    return when, invalid


@rule("632", "The date of the previous permanence order is not a valid date, or is not before the child started "
      "to be looked after.", ("PrevPerm", "Episodes"), ("DATE_PERM", "DECOM"))
def r632(ctx: Context) -> pl.DataFrame:
    """DfE 632: DATE_PERM must be a valid (possibly partly unknown) date before the DECOM of the child's first
    episode."""
    first = (ctx["Episodes"].join(ctx["PrevPerm"].select("CHILD"), on="CHILD", how="semi")
             .group_by("CHILD").agg(pl.col("DECOM").min().alias("FIRST_DECOM")))
    when, invalid = perm_date()
    df = ctx["PrevPerm"].join(first, on="CHILD", how="left").with_columns(when.alias("_PERM"),
                                                                          invalid.alias("_bad"))
    return failing(df, pl.col("_bad") | (pl.col("_PERM") >= pl.col("FIRST_DECOM")))


@cache
def la_codes() -> frozenset[str]:
    """DfE 3-digit codes of English councils (the council register), former councils and the non-English codes."""
    from cphub.reference.councils import councils

    return frozenset(c["code"] for c in councils()) | FORMER_LA_CODES | OUTSIDE_ENGLAND_LA


@rule("633", "The council where the previous permanence option was arranged is not a valid code.", "PrevPerm",
      "LA_PERM")
def r633(ctx: Context) -> pl.DataFrame:
    """DfE 633: LA_PERM, when given, must be a DfE council code, NIR, SCO, WAL, NUK or 999."""
    return failing(ctx["PrevPerm"], pl.col("LA_PERM").is_not_null() & ~in_codes("LA_PERM", la_codes()))


@rule("634", "Previous permanence details are given, but the child has not started to be looked after during "
      "this year.", ("PrevPerm", "Episodes"), ("LA_PERM", "PREV_PERM", "DATE_PERM", "DECOM"))
def r634(ctx: Context) -> pl.DataFrame:
    """DfE 634: PrevPerm data needs the child's latest episode to start on or after 1 April."""
    latest = (ctx["Episodes"].join(ctx["PrevPerm"].select("CHILD"), on="CHILD", how="semi")
              .group_by("CHILD").agg(pl.col("DECOM").max().alias("LAST_DECOM")))
    df = ctx["PrevPerm"].join(latest, on="CHILD", how="inner")
    some = pl.any_horizontal(*(pl.col(c).is_not_null() for c in ("PREV_PERM", "DATE_PERM", "LA_PERM")))
    return failing(df, some & (pl.col("LAST_DECOM") < lit_date(ctx.start)))


@rule("635", "The date and council of a previous permanence order are given, but the previous permanence option "
      "is blank or says there was none (Z1).", "PrevPerm", ("LA_PERM", "DATE_PERM", "PREV_PERM"))
def r635(ctx: Context) -> pl.DataFrame:
    """DfE 635: LA_PERM or DATE_PERM given needs PREV_PERM other than Z1."""
    given = pl.col("LA_PERM").is_not_null() | pl.col("DATE_PERM").is_not_null()
    return failing(ctx["PrevPerm"], given & (pl.col("PREV_PERM").is_null() | (pl.col("PREV_PERM") == "Z1")))

