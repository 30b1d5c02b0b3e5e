"""SSDA903 validation rules 301-399: dates in order, ages for legal statuses and placements, durations of
short legal statuses and temporary placements, chaining of episodes, adoption dates, care leavers, postcodes.

Each function implements the DfE rule of the same code (``shared/domain/validation-rules/``); the messages are
our own wording.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from cphub.ssda903.codes import ADOPTED_REC, ADOPTION_PLACE, FOSTER_PLACE, SHORT_BREAK_LS, TEMPORARY_PLACE
from cphub.ssda903.rules.base import Context, RuleFunc, rule
from cphub.ssda903.rules.helpers import (
    age_at,
    birthday,
    blank,
    combine,
    days_between,
    dob_of,
    episodes,
    failing,
    in_codes,
    is_female,
    lit_date,
    open_at,
    present,
    uasc_children,
    with_header,
)

POSTCODE = r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$"  # a full postcode (DfE 392c)


def _eps_dob(ctx: Context) -> pl.DataFrame:
    """Episodes (with neighbours, see :func:`episodes`) and the child's Header DOB; cached."""
    if "eps_dob" not in ctx.cache:
        ctx.cache["eps_dob"] = with_header(episodes(ctx), ctx, ("DOB",))
    return ctx.cache["eps_dob"]  # type: ignore[return-value]


def _duration_over(ctx: Context, codes_col: str, codes: set[str], days: int) -> pl.LazyFrame:
    """Episodes of the given LS/PLACE codes lasting more than ``days`` days (DEC - DECOM)."""
    return failing(ctx["Episodes"], in_codes(codes_col, codes) & (days_between("DECOM", "DEC") > days))


def _status_over(codes: set[str], days: int) -> RuleFunc:
    """The rule "episodes in a spell of legal status ``codes`` lasting more than ``days`` days", as DfE measures it
    (rules 361-365): consecutive episodes of the status (each starting on the day the one before ended) add up to one
    spell, and a spell still open is measured to 31 March (an extract: to its date). Every episode of a spell that is too long is reported."""

    def check(ctx: Context) -> pl.LazyFrame:
        return failing(spells(ctx), days_between("_from", "_to") > days)

    def spells(ctx: Context) -> pl.LazyFrame:
        same = (~pl.col("_first") & in_codes("PREV_LS", codes) & (pl.col("PREV_DEC") == pl.col("DECOM")))
        return (episodes(ctx).lazy().with_columns((~same.fill_null(False)).cum_sum().alias("_spell"))
                .filter(in_codes("LS", codes))
                .with_columns(pl.col("DECOM").min().over("_spell").alias("_from"),
                              pl.coalesce("DEC", lit_date(ctx.period_end)).max().over("_spell").alias("_to")))

    return check


# --------------------------------------------------------------------------------------------- Header, UASC
@rule("301", "Date of birth is after the end of the collection year.", "Header", "DOB")
def r301(ctx: Context) -> pl.DataFrame:
    return failing(ctx["Header"], pl.col("DOB") > lit_date(ctx.period_end))


@rule("302", "The child's first episode starts before the child's date of birth.", ("Episodes", "Header"),
      ("DECOM", "DOB"))
def r302(ctx: Context) -> pl.DataFrame:
    eps = _eps_dob(ctx)
    return failing(eps, pl.col("_first") & (pl.col("DECOM") < pl.col("DOB")))


@rule("304", "Date UASC status ceased is after the child's 18th birthday.", ("UASC", "Header"), "DUC")
def r304(ctx: Context) -> pl.DataFrame:
    uasc = dob_of(ctx["UASC"], ctx)
    return failing(uasc, pl.col("DUC") > birthday("_DOB", 18))


@rule("351", "The child was over 25 at the start of the collection year.", "Header", "DOB")
def r351(ctx: Context) -> pl.DataFrame:
    return failing(ctx["Header"], birthday("DOB", 25) < lit_date(ctx.start))


# --------------------------------------------------------------------------------------------- AD1
def _adoption_placements(ctx: Context) -> pl.DataFrame:
    """Per child: start of the first placement for adoption (A3-A6) and the placement ending in adoption."""
    eps = episodes(ctx)
    first_a = eps.filter(in_codes("PLACE", ADOPTION_PLACE)).group_by("CHILD").agg(
        pl.col("DECOM").min().alias("A_DECOM"))
    return first_a


@rule("331", "Date of matching child and adopter(s) should be on or before the date the child was placed for "
      "adoption.", ("AD1", "Episodes"), ("DATE_MATCH", "DECOM"))
def r331(ctx: Context) -> pl.DataFrame:
    ad1 = ctx["AD1"].join(_adoption_placements(ctx), on="CHILD", how="inner")
    return failing(ad1, pl.col("DATE_MATCH") > pl.col("A_DECOM"))


@rule("333", "Date of the decision to place for adoption must be on or before the date of matching.", "AD1",
      ("DATE_INT", "DATE_MATCH"))
def r333(ctx: Context) -> pl.DataFrame:
    return failing(ctx["AD1"], pl.col("DATE_INT") > pl.col("DATE_MATCH"))


@rule("334", "The decision to place for adoption is dated before the child started to be looked after in the "
      "latest period of care.", ("AD1", "Episodes"), ("DATE_INT", "DECOM", "RNE"))
def r334(ctx: Context) -> pl.DataFrame:
    """The latest period of care starts at the child's latest RNE = S episode; children whose start is not in
    this return (no RNE = S episode) cannot be checked."""
    eps = ctx["Episodes"].filter(pl.col("RNE") == "S")
    latest = eps.group_by("CHILD").agg(pl.col("DECOM").max().alias("P_START"))
    ad1 = ctx["AD1"].join(latest, on="CHILD", how="inner")
    return failing(ad1, pl.col("DATE_INT") < pl.col("P_START"))


@rule("335", "Whether the child was adopted by their foster carers does not match the last placement type (A3/A5 "
      "mean with current foster carers).", ("AD1", "Episodes"), ("PLACE", "FOSTER_CARE"))
def r335(ctx: Context) -> pl.DataFrame:
    """FOSTER_CARE = 1 needs the placement ending in adoption to be A3 or A5; FOSTER_CARE = 0 needs A4 or A6."""
    eps = ctx["Episodes"].filter(in_codes("REC", ADOPTED_REC))
    last = eps.sort("DECOM").unique("CHILD", keep="last").select("CHILD", pl.col("PLACE").alias("A_PLACE"))
    ad1 = ctx["AD1"].join(last, on="CHILD", how="inner")
    bad = (((pl.col("FOSTER_CARE") == "0") & in_codes("A_PLACE", {"A3", "A5"}))
           | ((pl.col("FOSTER_CARE") == "1") & in_codes("A_PLACE", {"A4", "A6"})))
    return failing(ad1, bad)


@rule("336", "A placement for adoption with current foster carers (A3/A5) must follow a foster placement.",
      "Episodes", "PLACE")
def r336(ctx: Context) -> pl.DataFrame:
    """An A3/A5 episode that continues a period of care follows a foster placement (U1-U6) or another A3/A5."""
    eps = episodes(ctx)
    cont = ~pl.col("_first") & (pl.col("PREV_DEC") == pl.col("DECOM")) & (pl.col("PREV_REC") == "X1")
    ok = in_codes("PREV_PLACE", FOSTER_PLACE | {"A3", "A5"})
    return failing(eps, in_codes("PLACE", {"A3", "A5"}) & cont & ~ok)


# --------------------------------------------------------------------------------------------- OC3
def _oc3(ctx: Context) -> pl.DataFrame:
    return dob_of(ctx["OC3"], ctx)


@rule("344", "The young person died or returned home for 6 months or more, so activity and accommodation should "
      "be blank or 0.", "OC3", ("IN_TOUCH", "ACTIV", "ACCOM"))
def r344(ctx: Context) -> pl.DataFrame:
    """For IN_TOUCH = DIED or RHOM, ACTIV and ACCOM are blank or 0 ('not in touch, died or returned home')."""
    given = (present("ACTIV") & (pl.col("ACTIV") != "0")) | (present("ACCOM") & (pl.col("ACCOM") != "0"))
    return failing(ctx["OC3"], in_codes("IN_TOUCH", {"DIED", "RHOM"}) & given)


@rule("345", "The council is in touch with the young person, so activity and accommodation cannot be 0.", "OC3",
      ("IN_TOUCH", "ACTIV", "ACCOM"))
def r345(ctx: Context) -> pl.DataFrame:
    return failing(ctx["OC3"], (pl.col("IN_TOUCH") == "YES") & ((pl.col("ACTIV") == "0") | (pl.col("ACCOM") == "0")))


@rule("347", "A care leaver under 18 cannot be accommodated in a foyer.", "OC3", ("ACCOM", "DOB"))
def r347(ctx: Context) -> pl.DataFrame:
    oc3 = _oc3(ctx)
    """DfE 347 "Care leavers aged under 18 years, can not be accommodated in a Foyer": DfE takes the age at the
    start of the collection year (1 April)."""
    return failing(oc3, in_codes("ACCOM", {"T1", "T2"}) & (age_at("_DOB", ctx.start) < 18))


@rule("348", "The care leaver was reported last year as having died.", "OC3", "IN_TOUCH", needs_previous=True, years=(2026, None))
def r348(ctx: Context) -> pl.DataFrame:
    last = ctx.last("OC3")
    if last is None:
        return ctx["OC3"].clear().select("_row", "CHILD")
    died = last.filter(pl.col("IN_TOUCH") == "DIED")["CHILD"].implode()
    return failing(ctx["OC3"], pl.col("CHILD").is_in(died) & (pl.col("IN_TOUCH") != "DIED").fill_null(True))


@rule("391", "The young person was not aged 17 to 21 at any time in the collection year, so should not be in OC3.",
      "OC3", ("DOB", "IN_TOUCH", "ACTIV", "ACCOM"))
def r391(ctx: Context) -> pl.DataFrame:
    oc3 = _oc3(ctx)
    return failing(oc3, (age_at("_DOB", ctx.end) < 17) | (age_at("_DOB", ctx.start) > 21))


# --------------------------------------------------------------------------------------------- Episodes: dates
@rule("352", "A child who started to be looked after was 18 or over.", ("Episodes", "Header"), ("DECOM", "RNE"))
def r352(ctx: Context) -> pl.DataFrame:
    eps = _eps_dob(ctx)
    return failing(eps, (pl.col("RNE") == "S") & (age_at("DOB", "DECOM") >= 18))


@rule("353", "No episode can start before 14 October 1991.", "Episodes", "DECOM")
def r353(ctx: Context) -> pl.DataFrame:
    return failing(ctx["Episodes"], pl.col("DECOM") < lit_date(date(1991, 10, 14)))


@rule("354", "Date episode started is after the end of the collection year.", "Episodes", "DECOM")
def r354(ctx: Context) -> pl.DataFrame:
    return failing(ctx["Episodes"], pl.col("DECOM") > lit_date(ctx.period_end))


@rule("355", "The episode appears to have lasted less than 24 hours (it started and ceased on the same day).",
      "Episodes", ("DECOM", "DEC"))
def r355(ctx: Context) -> pl.DataFrame:
    return failing(ctx["Episodes"], pl.col("DEC") == pl.col("DECOM"))


@rule("356", "Date episode ceased is before the date it started.", "Episodes", ("DECOM", "DEC"))
def r356(ctx: Context) -> pl.DataFrame:
    return failing(ctx["Episodes"], pl.col("DEC") < pl.col("DECOM"))


@rule("357", "The child's first episode must have reason for new episode S (or an earlier episode is missing).",
      "Episodes", "RNE")
def r357(ctx: Context) -> pl.DataFrame:
    """A child's first episode that starts in the collection year, when the child had no earlier episode (in
    this return, or in last year's when given), has RNE = S. Episodes carried over from before the year are
    not checked: their history is in earlier returns."""
    eps = episodes(ctx)
    last = ctx.last("Episodes")
    seen = last["CHILD"].implode() if last is not None else pl.Series([], dtype=pl.String).implode()
    return failing(eps, pl.col("_first") & (pl.col("DECOM") >= lit_date(ctx.start)) & pl.col("RNE").ne_missing("S")
                   & ~pl.col("CHILD").is_in(seen))


@rule("385", "Date episode ceased is after the end of the collection year.", "Episodes", "DEC")
def r385(ctx: Context) -> pl.DataFrame:
    return failing(ctx["Episodes"], pl.col("DEC") > lit_date(ctx.period_end))


@rule("388", "Reason episode ceased X1 says a new episode starts the same day, but there is no such episode.",
      "Episodes", "REC")
def r388(ctx: Context) -> pl.DataFrame:
    """REC = X1 needs a next episode starting on the DEC; and an episode followed the same day by another must be
    X1 (unless the next starts a new period of care with RNE = S)."""
    eps = episodes(ctx)
    x1_no_next = (pl.col("REC") == "X1") & (pl.col("NEXT_DECOM") != pl.col("DEC")).fill_null(True)
    next_same_day = (present("REC") & (pl.col("REC") != "X1") & (pl.col("NEXT_DECOM") == pl.col("DEC"))
                     & pl.col("NEXT_RNE").ne_missing("S"))
    return failing(eps, x1_no_next | next_same_day)


# --------------------------------------------------------------------------------------------- Episodes: ages
@rule("358", "A child with this legal status (J1, J2, J3) should not be under 10.", ("Episodes", "Header"),
      ("DECOM", "DOB", "LS"))
def r358(ctx: Context) -> pl.DataFrame:
    eps = _eps_dob(ctx)
    return failing(eps, in_codes("LS", {"J1", "J2", "J3"}) & (age_at("DOB", "DECOM") < 10))


@rule("359", "A young person looked after after their 18th birthday must be accommodated under section 20 (V2) "
      "in a community home (K2).",
      ("Episodes", "Header"), ("DEC", "LS", "PLACE"))
def r359(ctx: Context) -> pl.DataFrame:
    """DfE 359 "Child being looked after following 18th birthday must be accommodated under section 20(5) of the
    Children Act 1989 in a community home": an episode still running after the 18th birthday (DEC blank or later),
    when that birthday falls on or before the end of the data (31 March, or the extract date of an in-year extract:
    a later birthday is not yet known), must have LS = V2 (section 20) and PLACE = K2 (a children's home: community
    homes are children's homes; a secure children's home, K1, cannot hold anyone over 18, and a foster placement is
    not a community home)."""
    eps = _eps_dob(ctx)
    b18 = birthday("DOB", 18)
    past18 = (b18 <= lit_date(ctx.period_end)) & (pl.col("DEC").is_null() | (pl.col("DEC") > b18))
    return failing(eps, past18 & (pl.col("LS").ne_missing("V2") | pl.col("PLACE").ne_missing("K2")))


@rule("386", "Reason episode ceased is adoption, but the child was 18 or over.", ("Episodes", "Header"), "REC")
def r386(ctx: Context) -> pl.DataFrame:
    eps = _eps_dob(ctx)
    return failing(eps, in_codes("REC", ADOPTED_REC) & (age_at("DOB", "DEC") >= 18))


@rule("387", "Reason episode ceased is a move to independent living (E5/E6), but the child was under 14.",
      ("Episodes", "Header"), "REC")
def r387(ctx: Context) -> pl.DataFrame:
    eps = _eps_dob(ctx)
    return failing(eps, in_codes("REC", {"E5", "E6"}) & (age_at("DOB", "DEC") < 14))


@rule("389", "Reason episode ceased is a transfer to adult social care (E7), but the child was under 16.",
      ("Episodes", "Header"), "REC")
def r389(ctx: Context) -> pl.DataFrame:
    eps = _eps_dob(ctx)
    return failing(eps, (pl.col("REC") == "E7") & (age_at("DOB", "DEC") < 16))


def _placed_under(code: set[str], years: int):
    def check(ctx: Context) -> pl.DataFrame:
        eps = _eps_dob(ctx)
        return failing(eps, in_codes("PLACE", code) & (age_at("DOB", "DECOM") < years))
    return check


r371 = rule("371", "A child in supported accommodation (H5/K3) should be at least 16.", ("Episodes", "Header"),
            ("DECOM", "PLACE"))(_placed_under({"H5", "K3"}, 16))
r372 = rule("372", "A child in a young offender institution or prison (R5) should be at least 10.",
            ("Episodes", "Header"), ("DECOM", "PLACE"))(_placed_under({"R5"}, 10))
r373 = rule("373", "A child placed in a residential school (S1) should be at least 4.", ("Episodes", "Header"),
            ("DECOM", "PLACE"))(_placed_under({"S1"}, 4))
r374 = rule("374", "A child in residential employment (P3) should be at least 14.", ("Episodes", "Header"),
            ("DECOM", "PLACE"))(_placed_under({"P3"}, 14))


# --------------------------------------------------------------------------------------------- Episodes: durations
# DfE 361-365: legal statuses the law limits in time (Children Act 1989; PACE 1984; 17 days for one short break).
STATUS_LIMITS = (
    ("361", "L1", 3, "Police protection (L1) lasted longer than the 72 hours allowed."),
    ("362", "L2", 21, "An emergency protection order (L2) lasted longer than 21 days."),
    ("363", "L3", 7, "A child assessment order (L3) lasted longer than the 7 days allowed."),
    ("364", "J2", 1, "Detention under PACE (J2) in council accommodation lasted longer than 24 hours."),
    ("365", "V3", 17, "A single short-term break (V3) lasted longer than 17 days."),
)
for _code, _status, _days, _message in STATUS_LIMITS:
    rule(_code, _message, "Episodes", ("DECOM", "LS", "DEC"))(_status_over({_status}, _days))


@rule("366", "A child cannot change placement during a short-term break (V3 must start with RNE S).", "Episodes",
      "RNE")
def r366(ctx: Context) -> pl.DataFrame:
    """DfE 366: a V3 episode starts a new short break, so its RNE is S; a blank RNE fails too."""
    return failing(ctx["Episodes"], (pl.col("LS") == "V3") & pl.col("RNE").ne_missing("S"))


@rule("367", "Short-term breaks (V3) add up to more than 75 days in the year.", "Episodes", ("LS", "DECOM", "DEC"))
def r367(ctx: Context) -> pl.DataFrame:
    """Days of V3 episodes within the collection year (DEC - DECOM, clipped to the year) summed per child."""
    eps = ctx["Episodes"].filter(pl.col("LS") == "V3")
    s = pl.max_horizontal(pl.col("DECOM"), lit_date(ctx.start))
    e = pl.min_horizontal(pl.coalesce(pl.col("DEC"), lit_date(ctx.period_end)), lit_date(ctx.period_end))
    eps = eps.with_columns(days_between(s, e).clip(lower_bound=0).alias("_d"))
    over = eps.group_by("CHILD").agg(pl.col("_d").sum()).filter(pl.col("_d") > 75)["CHILD"].implode()
    return failing(eps, pl.col("CHILD").is_in(over) & (pl.col("_d") > 0))


@rule("375", "A temporary placement in hospital (T1) lasted longer than six weeks.", "Episodes", ("DECOM", "PLACE"))
def r375(ctx: Context) -> pl.DataFrame:
    return _duration_over(ctx, "PLACE", {"T1"}, 42)


@rule("376", "A temporary placement while the foster carers are on holiday (T3) lasted longer than three weeks.",
      "Episodes", ("DECOM", "PLACE"))
def r376(ctx: Context) -> pl.DataFrame:
    return _duration_over(ctx, "PLACE", {"T3"}, 21)


@rule("377", "More than two temporary placements for the foster carers' holiday (T3) in the year.", "Episodes",
      "PLACE")
def r377(ctx: Context) -> pl.DataFrame:
    eps = ctx["Episodes"].filter((pl.col("PLACE") == "T3") & pl.col("DECOM").is_between(lit_date(ctx.start),
                                                                                         lit_date(ctx.period_end)))
    many = eps.group_by("CHILD").len().filter(pl.col("len") > 2)["CHILD"].implode()
    return failing(eps, pl.col("CHILD").is_in(many))


@rule("379", "A temporary placement for an unspecified reason (T4) lasted longer than seven days.", "Episodes",
      ("DECOM", "PLACE"))
def r379(ctx: Context) -> pl.DataFrame:
    return _duration_over(ctx, "PLACE", {"T4"}, 7)


# --------------------------------------------------------------------------------------------- Episodes: combinations
@rule("378", "A child placed with parents (P1) cannot be accommodated under section 20 (V2).", "Episodes",
      ("PLACE", "LS"))
def r378(ctx: Context) -> pl.DataFrame:
    return failing(ctx["Episodes"], (pl.col("PLACE") == "P1") & (pl.col("LS") == "V2"))


@rule("380", "A period of care cannot start with a temporary placement.", "Episodes", ("PLACE", "RNE"))
def r380(ctx: Context) -> pl.DataFrame:
    """DfE 380 "A period of care cannot start with a temporary placement": a temporary placement (T0-T4) is only
    reached by a change of placement (RNE P or T); any other reason for new episode (S, L, B, U, or none) fails."""
    return failing(ctx["Episodes"], in_codes("PLACE", TEMPORARY_PLACE) & ~in_codes("RNE", {"P", "T"}))


@rule("381", "A period of care cannot end with a temporary placement.", "Episodes", ("PLACE", "REC"))
def r381(ctx: Context) -> pl.DataFrame:
    return failing(ctx["Episodes"], present("REC") & (pl.col("REC") != "X1") & in_codes("PLACE", TEMPORARY_PLACE))


@rule("382", "A child on a short-term break (V3/V4) cannot be in a temporary placement.", "Episodes", ("LS", "PLACE"))
def r382(ctx: Context) -> pl.DataFrame:
    return failing(ctx["Episodes"], in_codes("LS", SHORT_BREAK_LS) & in_codes("PLACE", TEMPORARY_PLACE))


@rule("383", "After a temporary placement the child must return to the same placement as before it.", "Episodes",
      ("PLACE", "RNE", "PL_POST"))
def r383(ctx: Context) -> pl.DataFrame:
    """A temporary episode between two episodes of the same period of care: the episodes before and after have the
    same placement type and postcode."""
    eps = episodes(ctx)
    between = (in_codes("PLACE", TEMPORARY_PLACE) & ~pl.col("_first") & ~pl.col("_last")
               & (pl.col("PREV_REC") == "X1") & (pl.col("PREV_DEC") == pl.col("DECOM"))
               & (pl.col("REC") == "X1") & (pl.col("NEXT_DECOM") == pl.col("DEC")))
    differs = ((pl.col("PREV_PLACE") != pl.col("NEXT_PLACE")).fill_null(False)
               | (pl.col("PREV_PL_POST") != pl.col("NEXT_PL_POST")).fill_null(False))
    return failing(eps, between & differs)


@rule("384", "A child on short-term breaks (V3/V4) cannot be in a long-term foster placement (U1/U4).", "Episodes",
      ("PLACE", "LS"))
def r384(ctx: Context) -> pl.DataFrame:
    return failing(ctx["Episodes"], in_codes("LS", SHORT_BREAK_LS) & in_codes("PLACE", {"U1", "U4"}))


@rule("390", "Reason episode ceased is adoption, but the child was not placed for adoption (A3-A6).", "Episodes",
      ("PLACE", "REC"))
def r390(ctx: Context) -> pl.DataFrame:
    return failing(ctx["Episodes"], in_codes("REC", ADOPTED_REC) & ~in_codes("PLACE", ADOPTION_PLACE))


# --------------------------------------------------------------------------------------------- postcodes
def _needs_postcodes(ctx: Context) -> pl.Expr:
    """DfE 392b: postcodes are needed except for short breaks, temporary placements, Z1 and (former) UASC
    children: those in this year's UASC table or in last year's ("false positives for children formerly UASC, if
    ... prior year UASC data not loaded"), or with UASC status 1 in either year's Header."""
    uasc = uasc_children(ctx).implode()
    return (~in_codes("LS", SHORT_BREAK_LS) & ~in_codes("PLACE", TEMPORARY_PLACE | {"Z1"})
            & ~pl.col("CHILD").is_in(uasc) & (pl.col("DEC").is_null() | (pl.col("DEC") >= lit_date(ctx.start))))


@rule("392b", "The child is looked after but the home or placement postcode is missing.", "Episodes",
      ("HOME_POST", "PL_POST"))
def r392b(ctx: Context) -> pl.DataFrame:
    return failing(ctx["Episodes"], _needs_postcodes(ctx) & (blank("HOME_POST") | blank("PL_POST")))


@rule("392c", "A postcode is not a valid UK postcode.", "Episodes", ("HOME_POST", "PL_POST"))
def r392c(ctx: Context) -> pl.DataFrame:
    """DfE 392c "Postcode(s) provided are invalid": DfE matches the postcodes with the ONS Postcode Directory, which
    holds full postcodes only, so a postcode truncated to its sector ('AB1 2', as regional pooling writes them) is
    not valid in a return. Checked here: the form of a full postcode (any case, space optional); a well-formed
    postcode missing from the directory is reported by 164/392a (its distance cannot be derived)."""
    def bad(c: str) -> pl.Expr:
        return present(c) & ~pl.col(c).str.to_uppercase().str.strip_chars().str.contains(POSTCODE)
    return failing(ctx["Episodes"], bad("HOME_POST") | bad("PL_POST"))


@rule("392d", "Home and placement postcodes should differ unless the child is placed with parents (P1).", "Episodes",
      ("HOME_POST", "PL_POST", "PLACE"))
def r392d(ctx: Context) -> pl.DataFrame:
    def norm(c: str) -> pl.Expr:
        return pl.col(c).str.to_uppercase().str.replace_all(" ", "")

    return failing(ctx["Episodes"], (norm("HOME_POST") == norm("PL_POST")) & (pl.col("PLACE") != "P1"))


@rule("398", "Postcodes should be blank for a short-term break (V3/V4).", "Episodes", ("LS", "HOME_POST", "PL_POST"))
def r398(ctx: Context) -> pl.DataFrame:
    return failing(ctx["Episodes"], in_codes("LS", SHORT_BREAK_LS) & (present("HOME_POST") | present("PL_POST")))


# --------------------------------------------------------------------------------------------- mother, reviews
@rule("393", "A female child aged 12 or over looked after at 31 March needs the mother field completed.",
      ("Header", "Episodes"), "MOTHER")
def r393(ctx: Context) -> pl.DataFrame:
    eps = ctx["Episodes"].filter(open_at(ctx).fill_null(False) & ~in_codes("LS", SHORT_BREAK_LS))
    cla = eps["CHILD"].implode()
    h = ctx["Header"]
    return failing(h, pl.col("CHILD").is_in(cla) & is_female() & (age_at("DOB", ctx.period_end) >= 12) & blank("MOTHER"))


@rule("399", "Mother status, reviews and participation should not be given for a child only on short-term breaks "
      "(V3/V4).", ("Header", "Episodes", "Reviews"), ("MOTHER", "LS", "REVIEW", "REVIEW_CODE"))
def r399(ctx: Context) -> pl.DataFrame:
    eps = ctx["Episodes"]
    only_short = (eps.group_by("CHILD").agg(in_codes("LS", SHORT_BREAK_LS).all().alias("s"))
                  .filter(pl.col("s"))["CHILD"].implode())
    h = failing(ctx["Header"], pl.col("CHILD").is_in(only_short) & present("MOTHER"), table="Header")
    r = failing(ctx["Reviews"], pl.col("CHILD").is_in(only_short), table="Reviews")
    return combine(h, r)

