"""SSDA903 validation rules 400-499: ages at ceasing care, episode chaining (RNE), review participation, UPN.

Each function implements the DfE rule of the same code (rule texts: ``shared/domain/validation-rules/``),
with our own wording of the message. Rules on the placement fields the DfE derives from postcodes
(PL_DISTANCE, PL_LA, PL_LOCATION: 406, 411, 420, 452, 453) are in :mod:`cphub.ssda903.rules.rules_derived`; 454
reads the distance from there too (given in the file, else derived).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from cphub.ssda903.codes import SHORT_BREAK_LS
from cphub.ssda903.rules.base import Context, rule
from cphub.ssda903.rules.helpers import birthday, episodes, failing, in_codes, lit_date, with_header
from cphub.ssda903.rules.rules_derived import derived

# Reasons an episode ceases that end the period of care (every REC except X1).
ENDS_CARE_REC = frozenset({"E2", "E3", "E4A", "E4B", "E5", "E6", "E7", "E8", "E9", "E11", "E12", "E13", "E14",
                           "E15", "E16", "E17", "E41", "E45", "E46", "E47", "E48"})
PLACEMENT_COLS = ("PLACE", "PL_POST", "URN", "PLACE_PROVIDER")


def with_previous(ctx: Context) -> pl.DataFrame:
    """Episodes (sorted, see helpers.episodes) with ``<col>_PRE`` = the same child's previous episode's value
    (cached; plain shifts on the sorted frame, which are much cheaper than window functions)."""
    key = "eps_pre"
    if key not in ctx.cache:
        eps = episodes(ctx)
        same = pl.col("CHILD") == pl.col("CHILD").shift(1)
        ctx.cache[key] = eps.with_columns(
            pl.when(same).then(pl.col(c).shift(1)).alias(f"{c}_PRE")
            for c in ("LS", "CIN", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"))
    return ctx.cache[key]  # type: ignore[return-value]


def _same(a: str, b: str) -> pl.Expr:
    """Null-safe equality (two blanks are the same)."""
    return pl.col(a).eq_missing(pl.col(b))


@rule("407", "The episode ended with a special guardianship order (E45-E48), but the child was already 18 "
      "or over when it ended.", ("Episodes", "Header"), ("DEC", "DOB", "REC"))
def r407(ctx: Context) -> pl.DataFrame:
    """DfE 407: REC in E45-E48 needs DEC no later than the child's 18th birthday."""
    df = with_header(ctx["Episodes"].filter(in_codes("REC", {"E45", "E46", "E47", "E48"})), ctx)
    return failing(df, birthday("DOB", 18) < pl.col("DEC"))


@rule("408", "The child is placed for adoption under a placement order (A5/A6), but the legal status is not "
      "a placement order (E1).", "Episodes", ("PLACE", "LS"))
def r408(ctx: Context) -> pl.DataFrame:
    """DfE 408: PLACE A5 or A6 needs LS = E1."""
    return failing(ctx["Episodes"], in_codes("PLACE", {"A5", "A6"}) & pl.col("LS").ne_missing("E1"))


@rule("426", "A child on short breaks is recorded under both V3 and V4 legal statuses in the same year.",
      "Episodes", "LS")
def r426(ctx: Context) -> pl.DataFrame:
    """DfE 426: a child cannot have both V3 and V4 episodes in one return; every such episode is reported."""
    breaks = ctx["Episodes"].filter(in_codes("LS", SHORT_BREAK_LS))
    both = breaks.group_by("CHILD").agg(pl.col("LS").n_unique().alias("_n")).filter(pl.col("_n") > 1)
    return failing(breaks.join(both, on="CHILD", how="semi"))


@rule("431", "The episode says the child started to be looked after (RNE = S), but the previous episode "
      "had not ended before this one started.", "Episodes", ("RNE", "DECOM"))
def r431(ctx: Context) -> pl.DataFrame:
    """DfE 431: RNE = S needs DECOM after the previous episode's DEC (same-day or open previous: error)."""
    eps = episodes(ctx)
    return failing(eps, (pl.col("RNE") == "S") & ~pl.col("_first") & (pl.col("DECOM") <= pl.col("PREV_DEC")))


@rule("432", "The previous episode ended the child's care, but this episode's reason for new episode is not "
      "'started to be looked after' (S).", "Episodes", "RNE")
def r432(ctx: Context) -> pl.DataFrame:
    """DfE 432: after an episode with REC other than X1 the next episode must have RNE = S."""
    eps = episodes(ctx)
    return failing(eps, ~pl.col("_first") & in_codes("PREV_REC", ENDS_CARE_REC) & pl.col("RNE").ne_missing("S"))


@rule("433", "The reason for new episode says care continued, but the episode does not start on the day the "
      "previous episode ended.", "Episodes", ("RNE", "DECOM"))
def r433(ctx: Context) -> pl.DataFrame:
    """DfE 433: RNE in P, L, T, U, B needs DECOM equal to the previous episode's DEC."""
    eps = episodes(ctx)
    ongoing = pl.col("RNE").str.to_uppercase().is_in(["P", "L", "T", "U", "B"])
    mismatch = pl.col("PREV_DEC").is_null() | pl.col("DECOM").is_null() | (pl.col("PREV_DEC") != pl.col("DECOM"))
    return failing(eps, ongoing & ~pl.col("_first") & mismatch)


@rule("434", "The reason for new episode is a change of legal status only (L), but the legal status did not "
      "change or the placement did.", "Episodes", ("RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"))
def r434(ctx: Context) -> pl.DataFrame:
    """DfE 434: RNE = L needs a different LS from the previous episode and the same placement details."""
    df = with_previous(ctx)
    changed = pl.any_horizontal(*(~_same(c, f"{c}_PRE") for c in PLACEMENT_COLS))
    return failing(df, ~pl.col("_first") & (pl.col("RNE") == "L") & (_same("LS", "LS_PRE") | changed))


@rule("435", "The reason for new episode is a change of placement only (P or T), but the legal status changed "
      "or the placement did not.", "Episodes", ("LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"))
def r435(ctx: Context) -> pl.DataFrame:
    """DfE 435: RNE = P or T needs the same LS as the previous episode and some placement detail changed."""
    df = with_previous(ctx)
    unchanged = pl.all_horizontal(*(_same(c, f"{c}_PRE") for c in PLACEMENT_COLS))
    return failing(df, ~pl.col("_first") & in_codes("RNE", {"P", "T"}) & (~_same("LS", "LS_PRE") | unchanged))


@rule("436", "The reason for new episode is a change of both legal status and placement (B or U), but one of "
      "them did not change.", "Episodes", ("RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"))
def r436(ctx: Context) -> pl.DataFrame:
    """DfE 436: RNE = B or U needs a different LS from the previous episode and some placement detail changed."""
    df = with_previous(ctx)
    unchanged = pl.all_horizontal(*(_same(c, f"{c}_PRE") for c in PLACEMENT_COLS))
    return failing(df, ~pl.col("_first") & in_codes("RNE", {"B", "U"}) & (_same("LS", "LS_PRE") | unchanged))


@rule("437", "The episode ended because the child died or was found to be 18 or over (E2/E15), but later "
      "episodes follow.", "Episodes", "REC")
def r437(ctx: Context) -> pl.DataFrame:
    """DfE 437: REC E2 or E15 must be on the child's last episode."""
    eps = episodes(ctx)
    return failing(eps, pl.col("DECOM").is_not_null() & in_codes("REC", {"E2", "E15"}) & ~pl.col("_last"))


@rule("440", "The review says the child was under 4 (PN0), but the date of birth shows they were 4 or over.",
      "Reviews", ("DOB", "REVIEW", "REVIEW_CODE"))
def r440(ctx: Context) -> pl.DataFrame:
    """DfE 440: REVIEW_CODE = PN0 needs REVIEW no later than the 4th birthday."""
    return failing(ctx["Reviews"], (pl.col("REVIEW_CODE") == "PN0") & (pl.col("REVIEW") > birthday("DOB", 4)))


@rule("441", "The review's participation code is for a child aged 4 or over, but the date of birth shows they "
      "were under 4.", "Reviews", ("DOB", "REVIEW", "REVIEW_CODE"))
def r441(ctx: Context) -> pl.DataFrame:
    """DfE 441: REVIEW_CODE PN1-PN7 needs REVIEW on or after the 4th birthday."""
    codes = {f"PN{i}" for i in range(1, 8)}
    return failing(ctx["Reviews"], in_codes("REVIEW_CODE", codes) & (pl.col("REVIEW") < birthday("DOB", 4)))


@rule("442", "The unique pupil number (UPN) is blank; it is needed for a child with any episode other than "
      "short breaks (V3/V4).", ("Header", "Episodes"), "UPN")
def r442(ctx: Context) -> pl.DataFrame:
    """DfE 442: a child with an episode whose LS is not V3/V4 must have UPN completed (reported on Header)."""
    hdr = ctx["Header"].filter(pl.col("UPN").is_null())
    needs = ctx["Episodes"].filter(~in_codes("LS", SHORT_BREAK_LS)).select("CHILD")
    return failing(hdr.join(needs, on="CHILD", how="semi"))


@rule("444", "The same unique pupil number (UPN) is given for more than one child.", "Header", "UPN", years=(2026, None))
def r444(ctx: Context) -> pl.DataFrame:
    """DfE 444 (from 2025-26): a UPN other than UN1-UN5 must be unique within the return."""
    hdr = ctx["Header"]
    real = pl.col("UPN").is_not_null() & ~pl.col("UPN").is_in([f"UN{i}" for i in range(1, 6)])
    dup = real & (pl.col("UPN").count().over("UPN") > 1)
    return failing(hdr, dup)


@rule("446", "A placement order (E1) cannot start before December 2005.", "Episodes", ("LS", "DECOM"))
def r446(ctx: Context) -> pl.DataFrame:
    """DfE 446: LS = E1 needs DECOM on or after 1 December 2005."""
    return failing(ctx["Episodes"], (pl.col("LS") == "E1") & (pl.col("DECOM") < lit_date(date(2005, 12, 1))))


@rule("454", "The placement is more than 350 miles from the child's home postcode.", "Episodes",
      ("HOME_POST", "PL_POST"), years=(2026, None))
def r454(ctx: Context) -> pl.DataFrame:
    """DfE 454 (from 2025-26): PL_DISTANCE, when known, must be 350 miles or less. The distance is the one the file
    gives, else derived from the postcodes (:func:`cphub.ssda903.rules.rules_derived.derived`), blank for (former)
    UASC as DfE leaves it (rule 406)."""
    return failing(derived(ctx), (pl.col("PL_DISTANCE") > 350) & (pl.col("PL_DISTANCE") != 999.9))


@rule("460", "The episode ended with the child staying with their carers at 18 or over (E17), but the child "
      "was under 18 when it ended.", "Episodes", ("DEC", "REC"))
def r460(ctx: Context) -> pl.DataFrame:
    """DfE 460: REC = E17 needs DEC on or after the child's 18th birthday."""
    df = with_header(ctx["Episodes"].filter(pl.col("REC") == "E17"), ctx)
    return failing(df, birthday("DOB", 18) > pl.col("DEC"))

