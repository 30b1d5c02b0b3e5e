"""SSDA903 validation rules 202-299: agreement with last year's return, UPN codes, placement details.

Each function implements the DfE rule of the same code (``shared/domain/validation-rules/``); the messages are
our own wording. Rules comparing years run only when last year's return is given (``--previous``).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from cphub.ssda903.codes import (
    ADOPTION_PLACE,
    H5_REGISTERED_FROM,
    NO_PROVIDER_PLACE,
    NO_URN_CODE,
    NO_URN_PLACE,
    SHORT_BREAK_LS,
    TEMPORARY_PLACE,
)
from cphub.ssda903.rules.base import Context, rule
from cphub.ssda903.rules.helpers import (
    age_at,
    blank,
    episodes,
    failing,
    in_codes,
    lit_date,
    open_at,
    present,
    with_header,
)

OC2_FLAGS = ("CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
             "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")
NO_LOCATION_PLACE = TEMPORARY_PLACE | {"Z1"}
SEX_SAME = {"1": "M", "2": "F"}  # 2023-24 codes and their 2024-25 equivalents


def _vs_last(ctx: Context, col: str) -> pl.DataFrame:
    """Header joined to last year's Header: ``col`` and ``<col>_LAST``."""
    last = ctx.last("Header")
    h = ctx["Header"]
    if last is None:
        return h.with_columns(pl.lit(None, dtype=h.schema[col]).alias(f"{col}_LAST"))
    both = ctx.cache.get("header_vs_last")
    if both is None:  # built once per Context: every Header column beside last year's (first row per child)
        prev = last.unique("CHILD", keep="first", maintain_order=True).select(
            "CHILD", *[pl.col(c).alias(f"{c}_LAST") for c in last.columns if c != "CHILD"])
        both = ctx.cache["header_vs_last"] = h.join(prev, on="CHILD", how="inner", maintain_order="left")
    return both.select(*h.columns, f"{col}_LAST")


@rule("202", "Sex differs from the sex recorded for this child last year.", "Header", "SEX", needs_previous=True)
def r202(ctx: Context) -> pl.DataFrame:
    """SEX agrees with last year's, reading the old codes 1/2 as M/F."""
    j = _vs_last(ctx, "SEX")
    now = pl.col("SEX").replace(SEX_SAME)
    then = pl.col("SEX_LAST").replace(SEX_SAME)
    return failing(j, present("SEX") & present("SEX_LAST") & (now != then))


@rule("203", "Date of birth differs from the date of birth recorded for this child last year.", "Header", "DOB",
      needs_previous=True)
def r203(ctx: Context) -> pl.DataFrame:
    j = _vs_last(ctx, "DOB")
    return failing(j, pl.col("DOB") != pl.col("DOB_LAST"))


@rule("204", "Ethnic origin differs from the ethnic origin recorded for this child last year.", "Header", "ETHNIC",
      needs_previous=True)
def r204(ctx: Context) -> pl.DataFrame:
    j = _vs_last(ctx, "ETHNIC")
    return failing(j, pl.col("ETHNIC") != pl.col("ETHNIC_LAST"))


@rule("207", "The child was recorded as a mother last year but not this year.", "Header", "MOTHER",
      needs_previous=True)
def r207(ctx: Context) -> pl.DataFrame:
    """Once MOTHER = 1, a later return cannot say 0 or leave it blank for a child still looked after."""
    j = _vs_last(ctx, "MOTHER")
    in_care = ctx["Episodes"]["CHILD"].implode()
    return failing(j, (pl.col("MOTHER_LAST") == "1") & (pl.col("MOTHER") != "1").fill_null(True)
                   & pl.col("CHILD").is_in(in_care))


@rule("208", "UPN differs from the UPN recorded for this child last year.", "Header", "UPN", needs_previous=True)
def r208(ctx: Context) -> pl.DataFrame:
    """A known UPN last year (not UN1-UN10) must be reported unchanged."""
    j = _vs_last(ctx, "UPN")
    known_last = present("UPN_LAST") & ~pl.col("UPN_LAST").str.to_uppercase().str.starts_with("UN")
    return failing(j, known_last & (pl.col("UPN").str.to_uppercase() != pl.col("UPN_LAST").str.to_uppercase())
                   .fill_null(True))


@rule("209", "A child of school age should not have UPN code UN1 (child not of school age).", "Header",
      ("UPN", "DOB"))
def r209(ctx: Context) -> pl.DataFrame:
    """UN1 means 'not of compulsory school age'; a child aged 5 to 15 on 31 August of the collection year (the
    start of the school year it spans) is of school age."""
    age = age_at("DOB", date(ctx.year - 1, 8, 31))
    return failing(ctx["Header"], (pl.col("UPN").str.to_uppercase() == "UN1") & (age >= 5) & (age < 16))


@rule("210", "A child looked after for more than a week at 31 March should not have UPN code UN4 (newly looked "
      "after, UPN not yet obtained).", ("Header", "Episodes"), ("UPN", "DECOM"))
def r210(ctx: Context) -> pl.DataFrame:
    eps = episodes(ctx).filter(open_at(ctx).fill_null(False))
    week_ago = lit_date(date.fromordinal(ctx.period_end.toordinal() - 7))
    long = eps.filter(pl.col("_poc_start") <= week_ago)["CHILD"].implode()
    return failing(ctx["Header"], (pl.col("UPN").str.to_uppercase() == "UN4") & pl.col("CHILD").is_in(long))


@rule("213", "Placement provider should be blank for a temporary placement or placement type Z1 (Z11-Z14).", "Episodes",
      "PLACE_PROVIDER")
def r213(ctx: Context) -> pl.DataFrame:
    """DfE 213 "Placement provider information not required": T0-T4 and Z1, and from 2025-26 Z11-Z14."""
    return failing(ctx["Episodes"], in_codes("PLACE", NO_PROVIDER_PLACE) & present("PLACE_PROVIDER"))


@rule("214", "Placement postcode and URN should be blank for short breaks (V3/V4), temporary placements and Z1.",
      "Episodes", ("PL_POST", "URN"))
def r214(ctx: Context) -> pl.DataFrame:
    eps = ctx["Episodes"]
    exempt = in_codes("LS", SHORT_BREAK_LS) | in_codes("PLACE", NO_LOCATION_PLACE)
    return failing(eps, exempt & (present("PL_POST") | present("URN")))


@rule("215", "A care leaver with OC3 details cannot also have items for children looked after 12 months (OC2).",
      ("OC3", "OC2"), ("IN_TOUCH", "ACTIV", "ACCOM") + OC2_FLAGS)
def r215(ctx: Context) -> pl.DataFrame:
    oc2 = ctx["OC2"].filter(pl.any_horizontal([present(c) for c in OC2_FLAGS]))["CHILD"].implode()
    oc3 = ctx["OC3"]
    return failing(oc3, pl.any_horizontal([present(c) for c in ("IN_TOUCH", "ACTIV", "ACCOM")])
                   & pl.col("CHILD").is_in(oc2))


@rule("217", "A placement for adoption with current foster carers (A3/A5) must have reason for new episode S, T or U.",
      "Episodes", ("PLACE", "DECOM", "RNE"))
def r217(ctx: Context) -> pl.DataFrame:
    """From 1 April 2015, A3/A5 episodes start with RNE S, T or U (the carers do not change)."""
    eps = ctx["Episodes"]
    return failing(eps, in_codes("PLACE", {"A3", "A5"}) & (pl.col("DECOM") >= lit_date(date(2015, 4, 1)))
                   & ~in_codes("RNE", {"S", "T", "U"}))


@rule("218", "An Ofsted URN is needed for this placement type.", "Episodes", "URN")
def r218(ctx: Context) -> pl.DataFrame:
    """DfE 218 "Ofsted Unique reference number (URN) is required": every placement type except those that have no
    URN (P1, P3, R1, R2, R5, T0-T4, Z1; Z11-Z14 from 2025-26, the list of DfE 222). Supported accommodation (H5)
    that started before its providers had to register with Ofsted (28 October 2023) has none either."""
    h5_unregistered = (pl.col("PLACE") == "H5") & (pl.col("DECOM") < lit_date(H5_REGISTERED_FROM))
    return failing(ctx["Episodes"], present("PLACE") & ~in_codes("PLACE", NO_URN_PLACE) & blank("URN")
                   & ~h5_unregistered.fill_null(False))


@rule("222", "An Ofsted URN should not be given for this placement type.", "Episodes", "URN")
def r222(ctx: Context) -> pl.DataFrame:
    """DfE 222 "URN should not be recorded for this placement type": P1, P3, R1, R2, R5, T0-T4, Z1, and Z11-Z14
    from 2025-26. Semi-independent accommodation (H5) is in that list until 2022-23; from 28 October 2023 such providers must register with Ofsted, so from 2023-24 an H5 episode
    may carry a URN."""
    eps = ctx["Episodes"]
    places = NO_URN_PLACE if ctx.year >= 2024 else NO_URN_PLACE | {"H5"}
    return failing(eps, in_codes("PLACE", places) & present("URN") & (pl.col("URN").str.to_uppercase()
                                                                     != NO_URN_CODE))


@rule("225", "Reason for placement change must be given when the placement changes.", "Episodes",
      "REASON_PLACE_CHANGE")
def r225(ctx: Context) -> pl.DataFrame:
    """An episode ending (X1) in a change of placement (the next episode starts that day with RNE P, B, T or U),
    from 1 April 2016, between non-temporary placements, needs REASON_PLACE_CHANGE."""
    eps = episodes(ctx)
    change = ((pl.col("REC") == "X1") & (pl.col("NEXT_DECOM") == pl.col("DEC")) & in_codes("NEXT_RNE", {"P", "B", "T", "U"})
              & ~in_codes("PLACE", TEMPORARY_PLACE) & ~in_codes("NEXT_PLACE", TEMPORARY_PLACE)
              & (pl.col("DEC") >= lit_date(date(2016, 4, 1))))
    return failing(eps, change & blank("REASON_PLACE_CHANGE"))


@rule("226", "Reason for placement change is not needed for a temporary placement.", "Episodes",
      ("REASON_PLACE_CHANGE", "PLACE"))
def r226(ctx: Context) -> pl.DataFrame:
    """DfE 226 "Reason for placement change is not required for temporary placements": neither on the temporary
    placement (T0-T4) nor on the episode just before it, whose placement change is the move to the temporary one."""
    eps = episodes(ctx)
    before_temporary = in_codes("NEXT_PLACE", TEMPORARY_PLACE) & (pl.col("NEXT_DECOM") == pl.col("DEC"))
    return failing(eps, (in_codes("PLACE", TEMPORARY_PLACE) | before_temporary.fill_null(False))
                   & present("REASON_PLACE_CHANGE"))


@rule("232", "The child's sex is recorded as unknown (U); check it.", "Header", "SEX", severity="warning")
def r232(ctx: Context) -> pl.DataFrame:
    return failing(ctx["Header"], pl.col("SEX") == "U")


@rule("233", "Reason for placement change is not needed for an episode that has not ended.", "Episodes",
      "REASON_PLACE_CHANGE", years=(2026, None))
def r233(ctx: Context) -> pl.DataFrame:
    return failing(ctx["Episodes"], blank("DEC") & present("REASON_PLACE_CHANGE"))


@rule("234", "A child under 10 cannot change placement because of a custody arrangement (CUSTOD).",
      ("Episodes", "Header"), ("REASON_PLACE_CHANGE", "DOB"), years=(2026, None))
def r234(ctx: Context) -> pl.DataFrame:
    eps = with_header(ctx["Episodes"], ctx)
    return failing(eps, (pl.col("REASON_PLACE_CHANGE") == "CUSTOD") & (age_at("DOB", "DEC") < 10))


@rule("242", "URN XXXXXXX can be used only for placements for adoption through a regional adoption agency.",
      "Episodes", "URN", years=(2026, 2026))
def r242(ctx: Context) -> pl.DataFrame:
    """DfE 242 "URN = 'XXXXXXX' can only be used for regional adoption agencies": placements for adoption (A3-A6)
    and fostering-for-adoption placements with carers who are approved adopters (U2, U5), which regional adoption
    agencies arrange; any other placement with XXXXXXX is reported."""
    eps = ctx["Episodes"]
    agency = ADOPTION_PLACE | {"U2", "U5"}
    return failing(eps, (pl.col("URN").str.to_uppercase() == NO_URN_CODE) & ~in_codes("PLACE", agency))
