"""SSDA903 validation rules 500-599: overlapping episodes, continuity with last year's return, adopters,
placement providers, OC2 health and conviction fields, placement-for-adoption decisions, missing periods.

Each function implements the DfE rule of the same code (rule texts: ``shared/domain/validation-rules/``), with
our own wording. 503G, 503H and 503J compare placement distance, placement LA and placement location, which the
DfE derives from postcodes; those columns are not in the files we read, so they are not implemented.
"""

from __future__ import annotations

import polars as pl

from cphub.ssda903.codes import ADOPTED_REC, ADOPTION_PLACE, FOSTER_PLACE, TEMPORARY_PLACE
from cphub.ssda903.rules.base import Context, RuleFunc, rule
from cphub.ssda903.rules.helpers import (
    ROW,
    birthday,
    combine,
    continuously_looked_after,
    episodes,
    failing,
    in_codes,
    lit_date,
    none,
)
from cphub.ssda903.rules.rules_4xx import with_previous

OTHER_PLACE = frozenset({"Z1", "Z11", "Z12", "Z13", "Z14"})
ADOPTION_FIELDS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")


# ---------------------------------------------------------------------------------------------- helpers
def _first_this_year(ctx: Context) -> pl.DataFrame:
    """Each child's first episode (earliest DECOM) in this year's Episodes (cached)."""
    if "first_eps" not in ctx.cache:
        ctx.cache["first_eps"] = episodes(ctx).filter(pl.col("_first"))
    return ctx.cache["first_eps"]  # type: ignore[return-value]


def _last_of_last_year(ctx: Context) -> pl.DataFrame | None:
    """Each child's latest episode (by DECOM) in last year's Episodes, columns suffixed ``_PRE`` (cached)."""
    if "last_year_final" not in ctx.cache:
        last = ctx.last("Episodes")
        if last is None or last.height == 0:
            ctx.cache["last_year_final"] = None
        else:
            latest = (last.sort(["CHILD", "DECOM", ROW], nulls_last=False)
                      .unique("CHILD", keep="last", maintain_order=True))
            ctx.cache["last_year_final"] = latest.rename({c: f"{c}_PRE" for c in latest.columns if c != "CHILD"})
    return ctx.cache["last_year_final"]  # type: ignore[return-value]


def _differs_from_open_episode(ctx: Context, field: str, exempt: set[tuple[str, str]] = frozenset()) -> pl.DataFrame:
    """503A-F: the child's first episode this year vs last year's final episode when that was still open.

    Blank equals blank. ``exempt`` holds (last year's value, this year's value) pairs allowed by a code change."""
    if "first_vs_open_last" not in ctx.cache:
        prev = _last_of_last_year(ctx)
        ctx.cache["first_vs_open_last"] = None if prev is None else _first_this_year(ctx).join(
            prev.filter(pl.col("DEC_PRE").is_null()), on="CHILD", how="inner")
    df = ctx.cache["first_vs_open_last"]
    if df is None:
        return none()
    differs = ~pl.col(field).eq_missing(pl.col(f"{field}_PRE"))
    for old, new in exempt:
        differs = differs & ~((pl.col(f"{field}_PRE") == old) & (pl.col(field) == new)).fill_null(False)
    return failing(df, pl.col("DEC_PRE").is_null() & differs)


def _ad1_by_child(ctx: Context, cols: tuple[str, ...]) -> pl.DataFrame:
    return ctx["AD1"].select(["CHILD", *cols]).unique("CHILD", keep="first")


def _missing_with_periods(ctx: Context) -> pl.DataFrame:
    """Missing rows joined to each of the child's periods of care (start, end; end null while open)."""
    eps = episodes(ctx).join(ctx["Missing"].select("CHILD"), on="CHILD", how="semi")
    periods = eps.group_by(["CHILD", "_poc"]).agg(
        pl.col("DECOM").min().alias("POC_START"), pl.col("DEC").sort_by("DECOM").last().alias("POC_END"))
    return ctx["Missing"].join(periods, on="CHILD", how="left")


# ---------------------------------------------------------------------------------------------- episodes
@rule("501", "This episode starts before the previous episode ended.", "Episodes", ("DECOM", "DEC"))
def r501(ctx: Context) -> pl.DataFrame:
    """DfE 501: each episode's DECOM must be on or after the previous episode's DEC."""
    return failing(episodes(ctx), ~pl.col("_first") & (pl.col("DECOM") < pl.col("PREV_DEC")))


@rule("502", "Last year's return ended with this child's episode open, but this year's first episode does not "
      "start on the same date.", ("Episodes", "Episodes_last"), "DECOM", needs_previous=True)
def r502(ctx: Context) -> pl.DataFrame:
    """DfE 502: the first episode's DECOM must equal the DECOM of the episode left open in last year's return."""
    last = ctx.last("Episodes")
    if last is None or last.height == 0:
        return none()
    open_last = last.filter(pl.col("DEC").is_null()).select("CHILD", pl.col("DECOM").alias("DECOM_PRE"))
    df = _first_this_year(ctx).join(open_last, on="CHILD", how="inner")
    return failing(df, ~pl.col("DECOM").eq_missing(pl.col("DECOM_PRE")))


def _continuity_rule(code: str, field: str, what: str, exempt=frozenset()):
    @rule(code, f"The {what} of this year's first episode differs from the episode left open at the end of last "
          "year's return.", ("Episodes", "Episodes_last"), field, needs_previous=True)
    def check(ctx: Context) -> pl.DataFrame:
        return _differs_from_open_episode(ctx, field, exempt(ctx.year) if callable(exempt) else exempt)

    check.__doc__ = f"DfE {code}: first episode's {field} must match last year's still-open final episode."
    check.__name__ = f"r{code}"
    return check


def _place_exempt(year: int) -> set[tuple[str, str]]:
    """Code changes allowed across the year boundary: H5 -> K3 (2024-25 on), Z1 -> Z11-Z14 (2025-26)."""
    pairs = {("H5", "K3")} if year >= 2025 else set()
    if year == 2026:
        pairs |= {("Z1", z) for z in ("Z11", "Z12", "Z13", "Z14")}
    return pairs


r503A = _continuity_rule("503A", "RNE", "reason for new episode")
r503B = _continuity_rule("503B", "LS", "legal status")
r503C = _continuity_rule("503C", "CIN", "category of need")
r503D = _continuity_rule("503D", "PLACE", "placement type", _place_exempt)
r503E = _continuity_rule("503E", "PLACE_PROVIDER", "placement provider")
r503F = _continuity_rule("503F", "URN", "Ofsted URN")


@rule("504", "The category of need changed within a period of care; it must stay as recorded at the start of "
      "the period.", "Episodes", "CIN")
def r504(ctx: Context) -> pl.DataFrame:
    """DfE 504: an episode continuing the previous one (previous REC = X1, DEC = this DECOM) keeps its CIN."""
    cins = with_previous(ctx)
    continues = (pl.col("PREV_REC") == "X1") & (pl.col("PREV_DEC") == pl.col("DECOM"))
    return failing(cins, ~pl.col("_first") & continues & ~pl.col("CIN").eq_missing(pl.col("CIN_PRE")))


@rule("516", "The episode ended with a special guardianship order to former foster carers (E45/E46), but the "
      "placement is not a foster placement (U1-U6).", "Episodes", ("REC", "PLACE"))
def r516(ctx: Context) -> pl.DataFrame:
    """DfE 516: REC E45 or E46 needs PLACE in U1-U6."""
    return failing(ctx["Episodes"], in_codes("REC", {"E45", "E46"}) & ~in_codes("PLACE", FOSTER_PLACE))


# ---------------------------------------------------------------------------------------------- adopters (AD1)
def _ad1_rule(code: str, message: str, fields: tuple[str, ...], mask: pl.Expr, doc: str):
    @rule(code, message, "AD1", fields)
    def check(ctx: Context) -> pl.DataFrame:
        return failing(ctx["AD1"], mask)

    check.__doc__ = doc
    check.__name__ = f"r{code}"
    return check


r511 = _ad1_rule("511", "Two adopters are recorded, but the adopters' sex is coded as a single adopter (M1/F1).",
                 ("NB_ADOPTR", "SEX_ADOPTR"),
                 (pl.col("NB_ADOPTR") == "2") & in_codes("SEX_ADOPTR", {"M1", "F1"}),
                 "DfE 511: NB_ADOPTR = 2 needs SEX_ADOPTR MM, FF or MF.")
# DfE 514-524: the adopters' legal status (LS_ADOPTR) limits how their sex is coded (SEX_ADOPTR).
ADOPTER_SEX_BY_STATUS = (
    ("514", "L0", {"M1", "F1"}, ("The adopter's legal status is single (L0), but the adopters' sex is not coded as a "
     "single adopter (M1/F1).")),
    ("517", "L3", {"MF"}, "The adopters' legal status is L3, so their sex should be coded MF."),
    ("518", "L4", {"MM", "FF"}, "The adopters' legal status is L4, so their sex should be coded MM or FF."),
    ("519", "L2", {"MM", "FF", "MF"}, ("The adopters are recorded as an unmarried couple (L2), but their sex is not "
     "coded as a couple (MM, FF or MF).")),
    ("520", "L11", {"MF"}, "The adopters are recorded as a married couple (L11), but their sex is not coded MF."),
    ("524", "L12", {"MM", "FF"}, ("The adopters are recorded as civil partners (L12), so their sex should be coded MM "
     "or FF.")),
)
for _code, _status, _sexes, _message in ADOPTER_SEX_BY_STATUS:
    _ad1_rule(_code, _message, ("LS_ADOPTR", "SEX_ADOPTR"),
              (pl.col("LS_ADOPTR") == _status) & ~in_codes("SEX_ADOPTR", _sexes),
              f"DfE {_code}: LS_ADOPTR = {_status} needs SEX_ADOPTR {' or '.join(sorted(_sexes))}.")


@rule("521", "The child was placed for adoption before the date of the decision that adoption was in their best "
      "interests.", ("Episodes", "AD1"), ("PLACE", "DECOM", "DATE_INT"))
def r521(ctx: Context) -> pl.DataFrame:
    """DfE 521: for an adoption placement (A3-A6) AD1 DATE_INT must be on or before DECOM."""
    df = ctx["Episodes"].filter(in_codes("PLACE", ADOPTION_PLACE)).join(_ad1_by_child(ctx, ("DATE_INT",)),
                                                                       on="CHILD", how="inner")
    return failing(df, pl.col("DATE_INT") > pl.col("DECOM"))


@rule("522", "The decision that the child should be placed for adoption is dated after the decision that they "
      "should no longer be.", "PlacedAdoption", ("DATE_PLACED", "DATE_PLACED_CEASED"))
def r522(ctx: Context) -> pl.DataFrame:
    """DfE 522: DATE_PLACED must be on or before DATE_PLACED_CEASED."""
    return failing(ctx["PlacedAdoption"], pl.col("DATE_PLACED_CEASED") < pl.col("DATE_PLACED"))


@rule("523", "The date of the decision to place for adoption differs from the date adoption was decided to be in "
      "the child's best interests (AD1).", ("PlacedAdoption", "AD1"), ("DATE_PLACED", "DATE_INT"))
def r523(ctx: Context) -> pl.DataFrame:
    """DfE 523: when both are given, PlacedAdoption DATE_PLACED must equal AD1 DATE_INT."""
    df = ctx["PlacedAdoption"].join(_ad1_by_child(ctx, ("DATE_INT",)), on="CHILD", how="inner")
    return failing(df, pl.col("DATE_PLACED") != pl.col("DATE_INT"))


@rule("525", "The decision to place this child for adoption was reversed, so adoption details (AD1) should not "
      "be recorded.", ("PlacedAdoption", "AD1"), ("DATE_PLACED_CEASED", *ADOPTION_FIELDS))
def r525(ctx: Context) -> pl.DataFrame:
    """DfE 525: a PlacedAdoption row with DATE_PLACED_CEASED excludes any completed AD1 field for the child."""
    ad1 = ctx["AD1"].filter(pl.any_horizontal(*(pl.col(c).is_not_null() for c in ADOPTION_FIELDS)))
    df = ctx["PlacedAdoption"].filter(pl.col("CHILD").is_in(ad1["CHILD"].implode()))
    return failing(df, pl.col("DATE_PLACED_CEASED").is_not_null())


# ---------------------------------------------------------------------------------------------- providers
@rule("526", "The placement provider is blank; it is needed for every placement except temporary moves and "
      "'other' placements.", "Episodes", ("PLACE", "PLACE_PROVIDER"))
def r526(ctx: Context) -> pl.DataFrame:
    """DfE 526: PLACE_PROVIDER must be given unless PLACE is T0-T4 or an 'other placement' (Z1, Z11-Z14)."""
    return failing(ctx["Episodes"], ~in_codes("PLACE", TEMPORARY_PLACE | OTHER_PLACE)
                   & pl.col("PLACE_PROVIDER").is_null())


def _provider_rule(code: str, provider: str, places: frozenset[str], message: str):
    @rule(code, message, "Episodes", ("PLACE", "PLACE_PROVIDER"))
    def check(ctx: Context) -> pl.DataFrame:
        return failing(ctx["Episodes"], (pl.col("PLACE_PROVIDER") == provider) & in_codes("PLACE", places))

    check.__doc__ = f"DfE {code}: PLACE_PROVIDER {provider} cannot go with PLACE in {sorted(places)}."
    check.__name__ = f"r{code}"
    return check


r527 = _provider_rule("527", "PR1", frozenset({"P1", "R2", "R5"}),
                      "A placement provided by the council itself (PR1) cannot be P1, R2 or R5.")
r528 = _provider_rule("528", "PR2", frozenset({"P1", "R2", "R5"}),
                      "A placement provided by another council (PR2) cannot be P1, R2 or R5.")
r529 = _provider_rule("529", "PR3", frozenset({"P1", "K1", "K2"}) | ADOPTION_PLACE | FOSTER_PLACE,
                      "Other public bodies (PR3) cannot provide placements P1, A3-A6, K1, K2 or U1-U6.")
r530 = _provider_rule("530", "PR4", frozenset({"P1"}), "A private provider (PR4) cannot provide a P1 placement.")
r531 = _provider_rule("531", "PR5", frozenset({"P1"}),
                      "A voluntary or third-sector provider (PR5) cannot provide a P1 placement.")


@rule("550", "Provider PR0 (parents or others with parental responsibility) can only go with placement P1.",
      "Episodes", ("PLACE", "PLACE_PROVIDER"))
def r550(ctx: Context) -> pl.DataFrame:
    """DfE 550: PLACE_PROVIDER = PR0 needs PLACE = P1."""
    return failing(ctx["Episodes"], (pl.col("PLACE_PROVIDER") == "PR0") & pl.col("PLACE").ne_missing("P1"))


# ---------------------------------------------------------------------------------------------- OC2
def _age_at_end_below(ctx: Context, years: int) -> pl.Expr:
    """True where the child is younger than ``years`` on 31 March of the collection year."""
    return birthday("DOB", years) > lit_date(ctx.end)


def _cla12(ctx: Context) -> pl.Expr:
    """True for children looked after continuously for 12 months at 31 March (helpers; cached as a Series)."""
    if "cla12_series" not in ctx.cache:
        ctx.cache["cla12_series"] = pl.Series("CHILD", list(continuously_looked_after(ctx)), dtype=pl.String)
    return pl.col("CHILD").is_in(ctx.cache["cla12_series"].implode())  # type: ignore[union-attr]


@rule("542", "A child under 10 on 31 March should not have conviction information.", "OC2", "CONVICTED")
def r542(ctx: Context) -> pl.DataFrame:
    """DfE 542: CONVICTED must be blank for a child aged under 10 at 31 March."""
    return failing(ctx["OC2"], _age_at_end_below(ctx, 10) & pl.col("CONVICTED").is_not_null())


@rule("543", "The child is 10 or over and has been looked after for 12 months, but conviction information is "
      "blank.", ("OC2", "Episodes"), ("DOB", "CONVICTED"))
def r543(ctx: Context) -> pl.DataFrame:
    """DfE 543: CONVICTED is required for a child aged 10+ at 31 March looked after continuously for 12 months."""
    return failing(ctx["OC2"], ~_age_at_end_below(ctx, 10) & _cla12(ctx) & pl.col("CONVICTED").is_null())


HEALTH_FIELDS = ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE")


def _health_gap() -> pl.Expr:
    """One of IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE is blank."""
    return pl.any_horizontal(*(pl.col(c).is_null() for c in HEALTH_FIELDS))


@rule("544", "Conviction information is given, so immunisations, teeth check, health assessment and substance "
      "misuse must be too.", "OC2", ("CONVICTED", *HEALTH_FIELDS))
def r544(ctx: Context) -> pl.DataFrame:
    """DfE 544: CONVICTED completed needs IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE."""
    return failing(ctx["OC2"], pl.col("CONVICTED").is_not_null() & _health_gap())


def _health_check(under_5: bool) -> RuleFunc:
    """DfE 545 (under 5 at 31 March, looked after for 12 months: HEALTH_CHECK required) and 546 (aged 5 or over:
    HEALTH_CHECK must be blank)."""
    def check(ctx: Context) -> pl.LazyFrame:
        age_ok = _age_at_end_below(ctx, 5) if under_5 else ~_age_at_end_below(ctx, 5)
        given = pl.col("HEALTH_CHECK").is_not_null()
        return failing(ctx["OC2"], age_ok & _cla12(ctx) & (~given if under_5 else given))

    return check


rule("545", "The child is under 5 and has been looked after for 12 months, but the development assessment "
     "(HEALTH_CHECK) is blank.", ("OC2", "Episodes"), ("DOB", "HEALTH_CHECK"))(_health_check(under_5=True))
rule("546", "A child aged 5 or over on 31 March should not have the development assessment (HEALTH_CHECK).",
     ("OC2", "Episodes"), ("DOB", "HEALTH_CHECK"))(_health_check(under_5=False))


@rule("547", "The development assessment is given, so immunisations, teeth check, health assessment and "
      "substance misuse must be too.", "OC2", ("HEALTH_CHECK", *HEALTH_FIELDS))
def r547(ctx: Context) -> pl.DataFrame:
    """DfE 547: HEALTH_CHECK completed needs IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE."""
    return failing(ctx["OC2"], pl.col("HEALTH_CHECK").is_not_null() & _health_gap())


# ---------------------------------------------------------------------------------------------- placed for adoption
@rule("551", "The child is placed for adoption, but no decision that they should be placed for adoption is "
      "recorded.", ("Episodes", "PlacedAdoption"), ("DATE_PLACED", "PLACE"))
def r551(ctx: Context) -> pl.DataFrame:
    """DfE 551: PLACE A3-A6 needs a PlacedAdoption row with DATE_PLACED for the child."""
    decided = ctx["PlacedAdoption"].filter(pl.col("DATE_PLACED").is_not_null())["CHILD"]
    return failing(ctx["Episodes"], in_codes("PLACE", ADOPTION_PLACE) & ~pl.col("CHILD").is_in(decided.implode()))


@rule("552", "The child was placed for adoption before the date of the decision to place them for adoption.",
      ("Episodes", "PlacedAdoption"), ("DATE_PLACED", "DECOM"))
def r552(ctx: Context) -> pl.DataFrame:
    """DfE 552: the latest DATE_PLACED must be on or before the DECOM of the child's first A3-A6 episode."""
    latest = (ctx["PlacedAdoption"].filter(pl.col("DATE_PLACED").is_not_null())
              .group_by("CHILD").agg(pl.col("DATE_PLACED").max()))
    first = (episodes(ctx).filter(in_codes("PLACE", ADOPTION_PLACE) & pl.col("DECOM").is_not_null())
             .unique("CHILD", keep="first", maintain_order=True))
    return failing(first.join(latest, on="CHILD", how="inner"), pl.col("DECOM") < pl.col("DATE_PLACED"))


@rule("553", "A placement order is recorded but there is no decision that the child should be placed for adoption "
      "(or, while the order is open, that decision is shown as ended).",
      ("Episodes", "PlacedAdoption"), ("DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"))
def r553(ctx: Context) -> pl.DataFrame:
    """DfE 553: an E1 episode needs a PlacedAdoption row; while E1 is open the decision must not have ceased."""
    eps, pa = ctx["Episodes"], ctx["PlacedAdoption"]
    no_pa = failing(eps, (pl.col("LS") == "E1") & ~pl.col("CHILD").is_in(pa["CHILD"].implode()), "Episodes")
    open_e1 = eps.filter((pl.col("LS") == "E1") & pl.col("DEC").is_null())["CHILD"]
    ceased = failing(pa, pl.col("CHILD").is_in(open_e1.implode())
                     & (pl.col("DATE_PLACED_CEASED").is_not_null() | pl.col("REASON_PLACED_CEASED").is_not_null()),
                     "PlacedAdoption")
    return combine(no_pa, ceased)


@rule("554", "The decision to place the child for adoption is dated after the placement order was granted.",
      ("Episodes", "PlacedAdoption"), ("DATE_PLACED", "DECOM", "LS"))
def r554(ctx: Context) -> pl.DataFrame:
    """DfE 554: DATE_PLACED must be on or before the DECOM of the child's first E1 episode."""
    first_e1 = episodes(ctx).filter(pl.col("LS") == "E1").unique("CHILD", keep="first", maintain_order=True)
    df = first_e1.join(ctx["PlacedAdoption"].select("CHILD", "DATE_PLACED"), on="CHILD", how="inner")
    return failing(df, pl.col("DATE_PLACED") > pl.col("DECOM"))


@rule("557", "The child had been placed for adoption (or had a placement order) and left care without being "
      "adopted, but the date and reason the adoption decision ended are missing.",
      ("Episodes", "PlacedAdoption"), ("DATE_PLACED_CEASED", "REASON_PLACED_CEASED", "PLACE", "LS", "REC"))
def r557(ctx: Context) -> pl.DataFrame:
    """DfE 557: an A3-A6 or E1 episode ending care other than by adoption needs a PlacedAdoption row for the child
    with DATE_PLACED_CEASED and REASON_PLACED_CEASED completed."""
    pa = ctx["PlacedAdoption"]
    complete = pa.filter(pl.col("DATE_PLACED_CEASED").is_not_null() & pl.col("REASON_PLACED_CEASED").is_not_null())
    incomplete = pa.filter(pl.col("DATE_PLACED_CEASED").is_null() | pl.col("REASON_PLACED_CEASED").is_null())
    ok = pl.col("CHILD").is_in(complete["CHILD"].implode()) & ~pl.col("CHILD").is_in(incomplete["CHILD"].implode())
    left = pl.col("REC").is_not_null() & (pl.col("REC") != "X1") & ~in_codes("REC", ADOPTED_REC)
    return failing(ctx["Episodes"], (in_codes("PLACE", ADOPTION_PLACE) | (pl.col("LS") == "E1")) & left & ~ok)


@rule("558", "The child was adopted, so the latest decision to place them for adoption should not show a date it "
      "ceased.", ("Episodes", "PlacedAdoption"), ("DATE_PLACED_CEASED", "REC"))
def r558(ctx: Context) -> pl.DataFrame:
    """DfE 558: for a child whose episode ends in adoption (E11/E12) the latest PlacedAdoption decision must have
    DATE_PLACED_CEASED blank."""
    latest = (ctx["PlacedAdoption"].sort(["CHILD", "DATE_PLACED"], nulls_last=False)
              .unique("CHILD", keep="last", maintain_order=True).select("CHILD", "DATE_PLACED_CEASED"))
    df = ctx["Episodes"].join(latest, on="CHILD", how="inner")
    return failing(df, in_codes("REC", ADOPTED_REC) & pl.col("DATE_PLACED_CEASED").is_not_null())


@rule("559", "The decision to place for adoption is dated before this year, but it was not in last year's return.",
      ("PlacedAdoption", "PlacedAdoption_last"), "DATE_PLACED", needs_previous=True)
def r559(ctx: Context) -> pl.DataFrame:
    """DfE 559: a DATE_PLACED before 1 April needs a DATE_PLACED for the child in last year's PlacedAdoption."""
    last = ctx.last("PlacedAdoption")
    known = last.filter(pl.col("DATE_PLACED").is_not_null())["CHILD"] if last is not None else pl.Series(
        [], dtype=pl.String)
    return failing(ctx["PlacedAdoption"], (pl.col("DATE_PLACED") < lit_date(ctx.start))
                   & ~pl.col("CHILD").is_in(known.implode()))


def _pa_pairs(ctx: Context) -> pl.DataFrame:
    """This year's PlacedAdoption rows of children with one last year, last year's columns suffixed ``_LAST``."""
    last = ctx.last("PlacedAdoption")
    if last is None:
        last = ctx["PlacedAdoption"].clear()
    last = last.select("CHILD", *(pl.col(c).alias(f"{c}_LAST") for c in
                                  ("DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED")))
    return ctx["PlacedAdoption"].join(last, on="CHILD", how="inner")


@rule("560", "The date of the decision to place for adoption differs from last year's, but last year's decision "
      "had not ended.", ("PlacedAdoption", "PlacedAdoption_last"), ("DATE_PLACED", "DATE_PLACED_CEASED"),
      needs_previous=True)
def r560(ctx: Context) -> pl.DataFrame:
    """DfE 560: when last year's decision was still open, DATE_PLACED must be the same as last year's."""
    df = _pa_pairs(ctx)
    return failing(df, pl.col("DATE_PLACED_LAST").is_not_null() & pl.col("DATE_PLACED_CEASED_LAST").is_null()
                   & ~pl.col("DATE_PLACED").eq_missing(pl.col("DATE_PLACED_LAST")))


def _ended_last() -> pl.Expr:
    """Last year's decision to place for adoption was recorded as ceased (date or reason given)."""
    return pl.col("DATE_PLACED_CEASED_LAST").is_not_null() | pl.col("REASON_PLACED_CEASED_LAST").is_not_null()


@rule("561", "This decision to place for adoption has the same date as last year's, but last year's return shows "
      "that decision had ended.", ("PlacedAdoption", "PlacedAdoption_last"), "DATE_PLACED", needs_previous=True)
def r561(ctx: Context) -> pl.DataFrame:
    """DfE 561: a DATE_PLACED equal to last year's must not belong to a decision last year recorded as ceased."""
    df = _pa_pairs(ctx)
    return failing(df, (pl.col("DATE_PLACED") == pl.col("DATE_PLACED_LAST")) & _ended_last())


@rule("562", "This episode started before the year began, but last year's return has no matching episode.",
      ("Episodes", "Episodes_last"), "DECOM", needs_previous=True)
def r562(ctx: Context) -> pl.DataFrame:
    """DfE 562: a first episode with DECOM before 1 April must be last year's final episode (same DECOM)."""
    prev = _last_of_last_year(ctx)
    if prev is None:
        return none()
    first = episodes(ctx).filter(pl.col("DECOM") < lit_date(ctx.start)).unique("CHILD", keep="first",
                                                                              maintain_order=True)
    df = first.join(prev.select("CHILD", "DECOM_PRE"), on="CHILD", how="left")
    return failing(df, ~pl.col("DECOM").eq_missing(pl.col("DECOM_PRE")))


@rule("563", "The decision to place for adoption has ended, but the date of that decision is blank.",
      "PlacedAdoption", ("DATE_PLACED", "REASON_PLACED_CEASED", "DATE_PLACED_CEASED"))
def r563(ctx: Context) -> pl.DataFrame:
    """DfE 563: REASON_PLACED_CEASED and DATE_PLACED_CEASED completed need DATE_PLACED."""
    return failing(ctx["PlacedAdoption"], pl.col("REASON_PLACED_CEASED").is_not_null()
                   & pl.col("DATE_PLACED_CEASED").is_not_null() & pl.col("DATE_PLACED").is_null())


@rule("579", "A new decision to place for adoption starts while an earlier decision is still open or before it "
      "ended.", "PlacedAdoption", ("DATE_PLACED", "DATE_PLACED_CEASED"))
def r579(ctx: Context) -> pl.DataFrame:
    """DfE 579: decisions must not overlap: each DATE_PLACED on or after the previous DATE_PLACED_CEASED."""
    df = ctx["PlacedAdoption"].sort(["CHILD", "DATE_PLACED", ROW], nulls_last=True).with_columns(
        pl.col("DATE_PLACED_CEASED").shift(1).over("CHILD").alias("PREV_CEASED"),
        (pl.int_range(pl.len()).over("CHILD") > 0).alias("_later"))
    return failing(df, pl.col("_later") & (pl.col("PREV_CEASED").is_null()
                                           | (pl.col("DATE_PLACED") < pl.col("PREV_CEASED"))))


@rule("582", "The child was adopted on the same day they were matched with the adopters; matching usually comes "
      "first.", ("Episodes", "AD1"), ("DEC", "DATE_MATCH"))
def r582(ctx: Context) -> pl.DataFrame:
    """DfE 582: for an adoption (REC E11/E12) DEC should differ from AD1 DATE_MATCH."""
    df = ctx["Episodes"].filter(in_codes("REC", ADOPTED_REC)).join(_ad1_by_child(ctx, ("DATE_MATCH",)), on="CHILD",
                                                                  how="inner")
    return failing(df, pl.col("DEC") == pl.col("DATE_MATCH"))


@rule("583", "More than one decision to place for adoption is recorded but an earlier one has no date it ceased.",
      "PlacedAdoption", ("DATE_PLACED", "DATE_PLACED_CEASED"))
def r583(ctx: Context) -> pl.DataFrame:
    """DfE 583: every decision except the child's latest (by DATE_PLACED) must have DATE_PLACED_CEASED."""
    df = ctx["PlacedAdoption"].sort(["CHILD", "DATE_PLACED", ROW], nulls_last=False).with_columns(
        (pl.int_range(pl.len()).over("CHILD") < pl.len().over("CHILD") - 1).alias("_earlier"))
    return failing(df, pl.col("_earlier") & pl.col("DATE_PLACED_CEASED").is_null())


@rule("584", "Last year's decision to place for adoption ended, so this year's decision must be a new, later one.",
      ("PlacedAdoption", "PlacedAdoption_last"), "DATE_PLACED", needs_previous=True)
def r584(ctx: Context) -> pl.DataFrame:
    """DfE 584: after a decision that ceased last year, DATE_PLACED must be given and later than that decision."""
    df = _pa_pairs(ctx)
    not_later = pl.col("DATE_PLACED").is_null() | (pl.col("DATE_PLACED") <= pl.col("DATE_PLACED_LAST"))
    return failing(df, _ended_last() & not_later)


# ---------------------------------------------------------------------------------------------- missing
@rule("564", "The child was missing or away from placement but the start date of that period is blank.",
      "Missing", ("MISSING", "MIS_START"))
def r564(ctx: Context) -> pl.DataFrame:
    """DfE 564: MISSING M or A needs MIS_START."""
    return failing(ctx["Missing"], pl.col("MISSING").str.to_uppercase().is_in(["M", "A"])
                   & pl.col("MIS_START").is_null())


@rule("565", "A missing or away period has a start date but does not say whether the child was missing or away.",
      "Missing", ("MISSING", "MIS_START"))
def r565(ctx: Context) -> pl.DataFrame:
    """DfE 565: MIS_START completed needs MISSING."""
    return failing(ctx["Missing"], pl.col("MIS_START").is_not_null() & pl.col("MISSING").is_null())


@rule("566", "A missing or away period has an end date but does not say whether the child was missing or away.",
      "Missing", ("MISSING", "MIS_END"))
def r566(ctx: Context) -> pl.DataFrame:
    """DfE 566: MIS_END completed needs MISSING."""
    return failing(ctx["Missing"], pl.col("MIS_END").is_not_null() & pl.col("MISSING").is_null())


@rule("567", "The missing or away period ends before it starts.", "Missing", ("MIS_START", "MIS_END"))
def r567(ctx: Context) -> pl.DataFrame:
    """DfE 567: MIS_END must be on or after MIS_START."""
    return failing(ctx["Missing"], pl.col("MIS_START") > pl.col("MIS_END"))


@rule("570", "The missing or away period starts after the end of the collection year.", "Missing", "MIS_START")
def r570(ctx: Context) -> pl.DataFrame:
    """DfE 570: MIS_START must be on or before 31 March of the collection year."""
    return failing(ctx["Missing"], pl.col("MIS_START") > lit_date(ctx.period_end))


@rule("571", "The missing or away period ends outside the collection year.", "Missing", "MIS_END")
def r571(ctx: Context) -> pl.DataFrame:
    """DfE 571: MIS_END, when given, must fall within the collection year."""
    return failing(ctx["Missing"], ~pl.col("MIS_END").is_between(lit_date(ctx.start), lit_date(ctx.period_end)))


@rule("574", "This missing or away period starts before the child's previous one ended (or while it is still "
      "open).", "Missing", ("MIS_START", "MIS_END"))
def r574(ctx: Context) -> pl.DataFrame:
    """DfE 574: missing periods must not overlap; a new one cannot start while the previous is open."""
    df = (ctx["Missing"].with_columns(pl.coalesce("MIS_END", "MIS_START").alias("_END_FILL"))
          .sort(["CHILD", "_END_FILL", "MIS_START", ROW], nulls_last=False)
          .with_columns(pl.col("MIS_END").shift(1).over("CHILD").alias("PREV_END"),
                        (pl.int_range(pl.len()).over("CHILD") > 0).alias("_later")))
    return failing(df, pl.col("_later") & (pl.col("PREV_END").is_null() | (pl.col("MIS_START") < pl.col("PREV_END"))))


@rule("575", "The placement the child went missing from has ended, so the missing or away period needs an end "
      "date.", ("Missing", "Episodes"), "MIS_END")
def r575(ctx: Context) -> pl.DataFrame:
    """DfE 575: a missing period starting within an episode that has ended (DEC given) must have MIS_END."""
    eps = ctx["Episodes"].select("CHILD", "DECOM", "DEC").filter(pl.col("DEC").is_not_null())
    df = ctx["Missing"].filter(pl.col("MIS_END").is_null()).join(eps, on="CHILD", how="inner")
    return failing(df, (pl.col("MIS_START") >= pl.col("DECOM")) & (pl.col("MIS_START") <= pl.col("DEC")))


@rule("576", "Last year's return ends with an open missing or away period, but this year's first period does not "
      "continue it.", ("Missing", "Missing_last"), "CHILD", needs_previous=True)
def r576(ctx: Context) -> pl.DataFrame:
    """DfE 576: an open missing period at the end of last year must reappear (same MIS_START) as the child's
    first missing period this year."""
    last = ctx.last("Missing")
    if last is None or last.height == 0:
        return none()
    open_last = last.filter(pl.col("MIS_END").is_null() & pl.col("MIS_START").is_not_null()).select(
        "CHILD", pl.col("MIS_START").alias("START_LAST"))
    first = ctx["Missing"].sort(["CHILD", "MIS_START", ROW], nulls_last=True).unique("CHILD", keep="first",
                                                                                    maintain_order=True)
    df = first.join(open_last, on="CHILD", how="inner")
    return failing(df, ~pl.col("MIS_START").eq_missing(pl.col("START_LAST")))


@rule("577", "The child stopped being looked after, but a missing or away period has no end date.",
      ("Missing", "Episodes"), "MIS_END")
def r577(ctx: Context) -> pl.DataFrame:
    """DfE 577: a missing period without MIS_END must lie in a period of care that is still open at 31 March."""
    df = _missing_with_periods(ctx)
    in_open = (pl.col("POC_END").is_null() & (pl.col("MIS_START") >= pl.col("POC_START"))).fill_null(False)
    per_row = df.group_by(ROW).agg(in_open.any().alias("_ok"))
    mis = ctx["Missing"].join(per_row, on=ROW, how="left")
    return failing(mis, pl.col("MIS_START").is_not_null() & pl.col("MIS_END").is_null() & ~pl.col("_ok"))


@rule("578", "The missing or away period starts outside the child's periods of care (after they stopped being "
      "looked after).", ("Missing", "Episodes"), "MIS_START")
def r578(ctx: Context) -> pl.DataFrame:
    """DfE 578: MIS_START must fall within one of the child's periods of care."""
    df = _missing_with_periods(ctx)
    inside = ((pl.col("MIS_START") >= pl.col("POC_START"))
              & (pl.col("POC_END").is_null() | (pl.col("MIS_START") <= pl.col("POC_END")))).fill_null(False)
    per_row = df.group_by(ROW).agg(inside.any().alias("_ok"))
    mis = ctx["Missing"].join(per_row, on=ROW, how="left")
    return failing(mis, pl.col("MIS_START").is_not_null() & ~pl.col("_ok"))


@rule("580", "The child was missing when they stopped being looked after at 18, so the reason the episode "
      "ceased should be E8.", ("Episodes", "Missing"), "REC")
def r580(ctx: Context) -> pl.DataFrame:
    """DfE 580: when a missing period ends on the 18th birthday and the episode ends that day, REC must be E8."""
    mis = (ctx["Missing"].filter(pl.col("MIS_END").is_not_null())
           .select("CHILD", "MIS_END", birthday("DOB", 18).alias("BD18")).filter(pl.col("MIS_END") == pl.col("BD18")))
    df = ctx["Episodes"].join(mis, on="CHILD", how="inner")
    return failing(df, (pl.col("DEC") == pl.col("MIS_END")) & pl.col("REC").ne_missing("E8"))


@rule("581", "The child is recorded as missing on a date when they had no episode of care.", ("Missing", "Episodes"),
      "MIS_START")
def r581(ctx: Context) -> pl.DataFrame:
    """DfE 581: MIS_START must fall within one of the child's episodes (DECOM to DEC, or open)."""
    eps = ctx["Episodes"].select("CHILD", "DECOM", "DEC")
    df = ctx["Missing"].join(eps, on="CHILD", how="left")
    inside = ((pl.col("MIS_START") >= pl.col("DECOM"))
              & (pl.col("DEC").is_null() | (pl.col("MIS_START") <= pl.col("DEC")))).fill_null(False)
    per_row = df.group_by(ROW).agg(inside.any().alias("_ok"))
    mis = ctx["Missing"].join(per_row, on=ROW, how="left")
    return failing(mis, pl.col("MIS_START").is_not_null() & ~pl.col("_ok"))


@rule("586", "The missing or away period starts on or before the child's date of birth.", "Missing", "MIS_START")
def r586(ctx: Context) -> pl.DataFrame:
    """DfE 586: MIS_START must be after DOB."""
    return failing(ctx["Missing"], pl.col("MIS_START") <= pl.col("DOB"))
