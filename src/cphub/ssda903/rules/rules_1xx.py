"""SSDA903 validation rules 101-199: valid codes and dates, fields that go together, OC2/OC3/AD1 completeness.

Each function implements the DfE rule of the same code (rule lists for 2024-25 and 2025-26 in
``shared/domain/validation-rules/``); the messages are our own wording.
"""

from __future__ import annotations

import polars as pl

from cphub.ssda903.codes import ADOPTED_REC, NO_PROVIDER_PLACE
from cphub.ssda903.rules.base import Context, rule
from cphub.ssda903.rules.helpers import (
    age_at,
    blank,
    combine,
    continuously_looked_after,
    dob_of,
    episodes,
    failing,
    in_codes,
    invalid_code,
    is_male,
    present,
    unparsed,
)

OC2_FLAGS = ("CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
             "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")
OC2_CORE = ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE")
AD1_FIELDS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")
OC3_FIELDS = ("IN_TOUCH", "ACTIV", "ACCOM")


def _any(cols, f) -> pl.Expr:
    return pl.any_horizontal([f(c) for c in cols])


def _bad_or_blank_date(ctx: Context, table: str, col: str) -> pl.DataFrame:
    df = ctx[table]
    return pl.concat([failing(df, blank(col)), failing(unparsed(ctx, table, col))]).unique(maintain_order=True)


# --------------------------------------------------------------------------------------------- Header


@rule("102", "Date of birth is missing or not a valid date.", "Header", "DOB")
def r102(ctx: Context) -> pl.DataFrame:
    return _bad_or_blank_date(ctx, "Header", "DOB")


@rule("168", "UPN is not valid: give the 13-character UPN, or UN1 to UN5 when it is not known.", "Header", "UPN")
def r168(ctx: Context) -> pl.DataFrame:
    """UPN: a check letter, 11 digits and a final digit or letter; or an 'unknown' code UN1-UN5. The check letter
    is never I, O or S (DfE UPN specification: those letters are not used as check letters)."""
    upn = pl.col("UPN").str.to_uppercase()
    ok = upn.str.contains(r"^[A-HJ-NP-RT-Z][0-9]{11}[0-9A-Z]$") | upn.is_in(["UN1", "UN2", "UN3", "UN4", "UN5"])
    return failing(ctx["Header"], ~ok)


@rule("171", "Date of birth of the mother's child is not a valid date.", "Header", "MC_DOB")
def r171(ctx: Context) -> pl.DataFrame:
    return failing(unparsed(ctx, "Header", "MC_DOB"))


@rule("174", "A date of birth of the mother's child is given, but the child's sex is male.", "Header", ("SEX", "MC_DOB"))
def r174(ctx: Context) -> pl.DataFrame:
    return failing(ctx["Header"], present("MC_DOB") & is_male())


@rule("165", "Mother status is not valid: it must be 0 or 1, and only for a female child.", "Header",
      ("MOTHER", "SEX"))
def r165(ctx: Context) -> pl.DataFrame:
    """MOTHER, when given, is 0 or 1; 1 is only possible when SEX is female."""
    h = ctx["Header"]
    bad = (present("MOTHER") & ~in_codes("MOTHER", {"0", "1"})) | ((pl.col("MOTHER") == "1") & is_male())
    return failing(h, bad)


# --------------------------------------------------------------------------------------------- UASC
@rule("104", "Date UASC status ceased is not a valid date.", "UASC", "DUC")
def r104(ctx: Context) -> pl.DataFrame:
    return failing(unparsed(ctx, "UASC", "DUC"))


# --------------------------------------------------------------------------------------------- AD1
@rule("112", "Date the council decided the child should be placed for adoption is not a valid date.", "AD1", "DATE_INT")
def r112(ctx: Context) -> pl.DataFrame:
    return failing(unparsed(ctx, "AD1", "DATE_INT"))


@rule("113", "Date of matching child and adopter(s) is not a valid date.", "AD1", "DATE_MATCH")
def r113(ctx: Context) -> pl.DataFrame:
    return failing(unparsed(ctx, "AD1", "DATE_MATCH"))


@rule("151", "Adoption details must all be given or all be left blank.", "AD1", AD1_FIELDS)
def r151(ctx: Context) -> pl.DataFrame:
    return failing(ctx["AD1"], _any(AD1_FIELDS, present) & _any(AD1_FIELDS, blank))


# --------------------------------------------------------------------------------------------- PlacedAdoption
@rule("115", "Date of the decision that the child should be placed for adoption is not a valid date.",
      "PlacedAdoption", "DATE_PLACED")
def r115(ctx: Context) -> pl.DataFrame:
    return _bad_or_blank_date(ctx, "PlacedAdoption", "DATE_PLACED")


@rule("116", "Date the decision to place for adoption ceased is not a valid date.", "PlacedAdoption",
      "DATE_PLACED_CEASED")
def r116(ctx: Context) -> pl.DataFrame:
    return failing(unparsed(ctx, "PlacedAdoption", "DATE_PLACED_CEASED"))


def _last_episode(ctx: Context) -> pl.DataFrame:
    eps = episodes(ctx)
    return eps.filter(pl.col("_last")).select("CHILD", pl.col("DECOM").alias("L_DECOM"), pl.col("DEC").alias("L_DEC"),
                                              pl.col("REC").alias("L_REC"))


@rule("117", "A decision to place (or stop placing) for adoption is dated after the year ended or after the "
      "child ceased to be looked after.", ("PlacedAdoption", "Episodes"), ("DATE_PLACED", "DATE_PLACED_CEASED"))
def r117(ctx: Context) -> pl.DataFrame:
    """DATE_PLACED and DATE_PLACED_CEASED are on or before 31 March, and not after the DEC of the child's last
    episode when that episode ended care (REC other than X1)."""
    pa = ctx["PlacedAdoption"].join(_last_episode(ctx), on="CHILD", how="left")
    end = pl.lit(ctx.period_end)
    ceased = present("L_DEC") & present("L_REC") & (pl.col("L_REC") != "X1")
    bad = pl.lit(False)
    for c in ("DATE_PLACED", "DATE_PLACED_CEASED"):
        bad = bad | (pl.col(c) > end).fill_null(False) | (ceased & (pl.col(c) > pl.col("L_DEC"))).fill_null(False)
    return failing(pa, bad)


@rule("118", "The decision to stop placing for adoption is dated before this collection year or before the child "
      "started to be looked after.", ("PlacedAdoption", "Episodes"), "DATE_PLACED_CEASED")
def r118(ctx: Context) -> pl.DataFrame:
    eps = ctx["Episodes"].filter(~in_codes("LS", {"V3", "V4"}))
    first = eps.group_by("CHILD").agg(pl.col("DECOM").min().alias("F_DECOM"))
    pa = ctx["PlacedAdoption"].join(first, on="CHILD", how="left")
    c = pl.col("DATE_PLACED_CEASED")
    return failing(pa, present(c) & ((c < pl.lit(ctx.start)) | (c < pl.col("F_DECOM")).fill_null(False)))


@rule("119", "When the decision to place for adoption has ceased, both its date and its reason must be given.",
      "PlacedAdoption", ("DATE_PLACED_CEASED", "REASON_PLACED_CEASED"))
def r119(ctx: Context) -> pl.DataFrame:
    return failing(ctx["PlacedAdoption"], present("DATE_PLACED_CEASED") ^ present("REASON_PLACED_CEASED"))


@rule("184", "The decision to place the child for adoption is dated before the child's date of birth.",
      ("PlacedAdoption", "Header"), ("DATE_PLACED", "DOB"))
def r184(ctx: Context) -> pl.DataFrame:
    pa = dob_of(ctx["PlacedAdoption"], ctx)
    return failing(pa, pl.col("DATE_PLACED") < pl.col("_DOB"))


# --------------------------------------------------------------------------------------------- OC3


@rule("134", "Adoption details should not be given for a care leaver in the OC3 cohort.", ("OC3", "AD1"),
      OC3_FIELDS + AD1_FIELDS)
def r134(ctx: Context) -> pl.DataFrame:
    adopted = ctx["AD1"].filter(_any(AD1_FIELDS, present))["CHILD"]
    oc3 = ctx["OC3"].filter(_any(OC3_FIELDS, present))
    return failing(oc3, pl.col("CHILD").is_in(adopted.implode()))


@rule("153", "Care leaver's contact, activity and accommodation must all be given or all be left blank.", "OC3",
      OC3_FIELDS)
def r153(ctx: Context) -> pl.DataFrame:
    return failing(ctx["OC3"], _any(OC3_FIELDS, present) & _any(OC3_FIELDS, blank))


# --------------------------------------------------------------------------------------------- Episodes
@rule("141", "Date the episode started is missing or not a valid date.", "Episodes", "DECOM")
def r141(ctx: Context) -> pl.DataFrame:
    return _bad_or_blank_date(ctx, "Episodes", "DECOM")


@rule("142", "A later episode has started but this episode has no end date.", "Episodes", ("DEC", "REC"))
def r142(ctx: Context) -> pl.DataFrame:
    """Every episode but the child's latest must have DEC."""
    eps = episodes(ctx)
    return failing(eps, ~pl.col("_last") & blank("DEC") & present("DECOM"))


@rule("147", "Date the episode ceased is not a valid date.", "Episodes", "DEC")
def r147(ctx: Context) -> pl.DataFrame:
    return failing(unparsed(ctx, "Episodes", "DEC"))


@rule("148", "Date episode ceased and reason episode ceased must both be given or both be left blank.", "Episodes",
      ("DEC", "REC"))
def r148(ctx: Context) -> pl.DataFrame:
    eps = ctx["Episodes"]
    bad_dec = pl.col("_row").is_in(unparsed(ctx, "Episodes", "DEC")["_row"].implode())
    return failing(eps, (present("DEC") ^ present("REC")) & ~bad_dec)


@rule("178", "Placement provider is not a valid code, or is given for a placement that has no provider.", "Episodes",
      ("PLACE_PROVIDER", "PLACE"))
def r178(ctx: Context) -> pl.LazyFrame:
    """DfE 178 "Placement provider code is not a valid code": a PLACE_PROVIDER given must be a code of the year's
    list, and none is valid for a placement that has no provider (T0-T4 and Z1; Z11-Z14 from 2025-26)."""
    return failing(ctx["Episodes"], present("PLACE_PROVIDER") & (invalid_code("PLACE_PROVIDER", ctx.year)
                                                                 | in_codes("PLACE", NO_PROVIDER_PLACE)))


@rule("199", "The episodes show this child was adopted from care before; check the child's identifier.", "Episodes",
      "CHILD")
def r199(ctx: Context) -> pl.DataFrame:
    """An episode that starts after an earlier episode ended in adoption (E11/E12), this year or last."""
    eps = ctx["Episodes"]
    adoptions = eps.filter(in_codes("REC", ADOPTED_REC)).select("CHILD", "DEC")
    prev = ctx.last("Episodes")
    if prev is not None:
        adoptions = pl.concat([adoptions, prev.filter(in_codes("REC", ADOPTED_REC)).select("CHILD", "DEC")])
    first_adoption = adoptions.group_by("CHILD").agg(pl.col("DEC").min().alias("A_DEC"))
    j = eps.join(first_adoption, on="CHILD", how="inner")
    return failing(j, pl.col("DECOM") >= pl.col("A_DEC"))


# --------------------------------------------------------------------------------------------- Reviews
@rule("166", "Date of review is missing or not a valid date.", "Reviews", "REVIEW")
def r166(ctx: Context) -> pl.DataFrame:
    return _bad_or_blank_date(ctx, "Reviews", "REVIEW")


# --------------------------------------------------------------------------------------------- OC2
def _oc2(ctx: Context) -> pl.DataFrame:
    """OC2 with ``_DOB``, ages at the start and end of the year and ``_CLA12`` (in the OC2 cohort); cached."""
    if "oc2_ages" not in ctx.cache:
        oc2 = dob_of(ctx["OC2"], ctx)
        cohort = sorted(continuously_looked_after(ctx))
        ctx.cache["oc2_ages"] = oc2.with_columns(
            age_at("_DOB", ctx.start).alias("_AGE_START"),
            age_at("_DOB", ctx.end).alias("_AGE_END"),
            pl.col("CHILD").is_in(cohort).alias("_CLA12"),
        )
    return ctx.cache["oc2_ages"]  # type: ignore[return-value]


@rule("157", "SDQ reason SDQ1 (child under 4 or over 16) is given for a child aged 4 to 16 in the year.", "OC2",
      ("SDQ_REASON", "DOB"))
def r157(ctx: Context) -> pl.DataFrame:
    oc2 = _oc2(ctx)
    return failing(oc2, (pl.col("SDQ_REASON") == "SDQ1") & (pl.col("_AGE_START") >= 4) & (pl.col("_AGE_END") <= 16))


@rule("158", "An intervention for substance misuse was received, so whether one was offered should be blank.", "OC2",
      ("INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"))
def r158(ctx: Context) -> pl.DataFrame:
    return failing(ctx["OC2"], (pl.col("INTERVENTION_RECEIVED") == "1") & present("INTERVENTION_OFFERED"))


@rule("159", "Substance misuse was identified and no intervention was received, so say whether one was offered.",
      "OC2", ("SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"))
def r159(ctx: Context) -> pl.DataFrame:
    return failing(ctx["OC2"], (pl.col("SUBSTANCE_MISUSE") == "1") & (pl.col("INTERVENTION_RECEIVED") == "0")
                   & blank("INTERVENTION_OFFERED"))


@rule("180", "SDQ score must be a whole number from 0 to 40.", "OC2", "SDQ_SCORE")
def r180(ctx: Context) -> pl.DataFrame:
    oc2 = ctx["OC2"]
    return pl.concat([failing(oc2, ~pl.col("SDQ_SCORE").is_between(0, 40)),
                      failing(unparsed(ctx, "OC2", "SDQ_SCORE"))]).unique(maintain_order=True)


@rule("181", "Health, offending and substance misuse items for children looked after 12 months must be 0 or 1.",
      "OC2", OC2_FLAGS)
def r181(ctx: Context) -> pl.DataFrame:
    return failing(ctx["OC2"], _any(OC2_FLAGS, lambda c: present(c) & ~in_codes(c, {"0", "1"})))


@rule("182", "Immunisations, teeth check, health assessment and substance misuse must be given, or every OC2 item "
      "left blank.", "OC2", OC2_FLAGS)
def r182(ctx: Context) -> pl.DataFrame:
    others = [c for c in OC2_FLAGS if c not in OC2_CORE]
    return failing(ctx["OC2"], _any(OC2_CORE, blank) & _any(others, present))


@rule("185", "An SDQ score is given for a child not looked after continuously for 12 months at 31 March.",
      ("OC2", "Episodes"), "SDQ_SCORE")
def r185(ctx: Context) -> pl.DataFrame:
    oc2 = _oc2(ctx)
    return failing(oc2, ~pl.col("_CLA12") & present("SDQ_SCORE"))


@rule("186", "A child aged 4 to 16 looked after continuously for 12 months needs an SDQ score or a reason for none.",
      ("OC2", "Episodes"), "SDQ_SCORE", severity="warning")
def r186(ctx: Context) -> pl.DataFrame:
    oc2 = _oc2(ctx)
    return failing(oc2, pl.col("_CLA12") & (pl.col("_AGE_START") >= 4) & (pl.col("_AGE_END") < 17)
                   & blank("SDQ_SCORE") & blank("SDQ_REASON"))


@rule("187", "A child looked after continuously for 12 months at 31 March cannot also have adoption or care leaver "
      "details this year.", ("Episodes", "AD1", "OC3"), AD1_FIELDS + OC3_FIELDS)
def r187(ctx: Context) -> pl.DataFrame:
    cohort = sorted(continuously_looked_after(ctx))
    ad1 = failing(ctx["AD1"], pl.col("CHILD").is_in(cohort) & _any(AD1_FIELDS, present), table="AD1")
    oc3 = failing(ctx["OC3"], pl.col("CHILD").is_in(cohort) & _any(OC3_FIELDS, present), table="OC3")
    return combine(ad1, oc3)


@rule("188", "An SDQ score or reason is given for a child aged under 4 at 31 March.", "OC2",
      ("SDQ_SCORE", "SDQ_REASON"))
def r188(ctx: Context) -> pl.DataFrame:
    oc2 = _oc2(ctx)
    return failing(oc2, (pl.col("_AGE_END") < 4) & (present("SDQ_SCORE") | present("SDQ_REASON")))


@rule("189", "An SDQ score or reason is given for a young person aged 17 or over at 1 April.", "OC2",
      ("DOB", "SDQ_SCORE", "SDQ_REASON"))
def r189(ctx: Context) -> pl.DataFrame:
    oc2 = _oc2(ctx)
    return failing(oc2, (pl.col("_AGE_START") >= 17) & (present("SDQ_SCORE") | present("SDQ_REASON")))


@rule("190", "Items for children looked after 12 months are given for a child not looked after continuously for "
      "12 months at 31 March.", ("OC2", "Episodes"), OC2_FLAGS)
def r190(ctx: Context) -> pl.DataFrame:
    oc2 = _oc2(ctx)
    return failing(oc2, ~pl.col("_CLA12") & _any(OC2_FLAGS, present))


@rule("191", "Immunisations, teeth check, health assessment and substance misuse must be given for a child looked "
      "after continuously for 12 months.", ("Episodes", "OC2"), OC2_CORE)
def r191(ctx: Context) -> pl.LazyFrame:
    """DfE 191: for a child looked after continuously for 12 months at 31 March the OC2 items must not be left
    blank; a child of that cohort with no OC2 row at all has left them all blank (reported on the child's latest
    episode). That second check needs the OC2 table in the upload: a partial upload without it is not flagged."""
    blanks = failing(_oc2(ctx), pl.col("_CLA12") & _any(OC2_CORE, blank), table="OC2")
    if "OC2" not in ctx.files and not ctx.has("OC2"):
        return blanks
    cohort = sorted(continuously_looked_after(ctx))
    no_row = failing(episodes(ctx), pl.col("_last") & pl.col("CHILD").is_in(cohort)
                     & ~pl.col("CHILD").is_in(ctx["OC2"]["CHILD"].implode()), table="Episodes")
    return combine(blanks, no_row)


@rule("192", "Substance misuse was identified, so say whether an intervention was received.", "OC2",
      ("SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED"))
def r192(ctx: Context) -> pl.DataFrame:
    return failing(ctx["OC2"], (pl.col("SUBSTANCE_MISUSE") == "1") & blank("INTERVENTION_RECEIVED"))


@rule("193", "No substance misuse was identified, so the intervention items should be blank.", "OC2",
      ("SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"))
def r193(ctx: Context) -> pl.DataFrame:
    return failing(ctx["OC2"], (pl.col("SUBSTANCE_MISUSE") != "1").fill_null(True)
                   & (present("INTERVENTION_RECEIVED") | present("INTERVENTION_OFFERED")))


@rule("197a", "A reason for no SDQ score is given although an SDQ score is given.", "OC2", ("SDQ_SCORE", "SDQ_REASON"))
def r197a(ctx: Context) -> pl.DataFrame:
    return failing(ctx["OC2"], present("SDQ_SCORE") & present("SDQ_REASON"))


@rule("197B", "Give an SDQ score or a reason for none for a child looked after 12 months who turned 4 or 17 during "
      "the year.", ("OC2", "Episodes"), ("SDQ_REASON", "DOB"), severity="warning")
def r197b(ctx: Context) -> pl.DataFrame:
    """DfE 197B "SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds": the children who turn 4
    or 17 during the year (after 1 April, up to 31 March), whom 186 (aged 4 or over on 1 April and under 17 on
    31 March) leaves out. A child aged 4 to 16 all year is 186's, not reported twice; a child already 17 on 1 April
    is out of scope: 189 says to leave SDQ blank for them."""
    oc2 = _oc2(ctx)

    def turns(age: int) -> pl.Expr:
        return (pl.col("_AGE_START") < age) & (pl.col("_AGE_END") >= age)

    return failing(oc2, pl.col("_CLA12") & (turns(4) | turns(17)) & blank("SDQ_SCORE") & blank("SDQ_REASON"))


@rule("198", "A reason for no SDQ score is given for a child not looked after continuously for 12 months.",
      ("OC2", "Episodes"), "SDQ_REASON")
def r198(ctx: Context) -> pl.DataFrame:
    oc2 = _oc2(ctx)
    return failing(oc2, ~pl.col("_CLA12") & present("SDQ_REASON"))
