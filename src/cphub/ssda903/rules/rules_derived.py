"""SSDA903 rules on the placement fields DfE derives from the postcodes: PL_DISTANCE, PL_LA and PL_LOCATION.

Councils send HOME_POST and PL_POST; DfE's collection derives the distance between them (straight line between the
postcodes' grid references, in miles to 0.1; blank for unaccompanied asylum-seeking children), the council the
placement is in (PL_LA) and whether that is inside or outside the council making the return (PL_LOCATION IN/OUT).
A file exported from DfE's system (or laid out for the reference tool) may carry those columns (optional Episodes
columns): then the rules read the values given. Otherwise the Hub derives them the same way
(:func:`cphub.reference.postcodes.postcode_distances`, shared with the distance measures, over the shipped postcode
directory, :mod:`cphub.reference.postcodes`). :func:`derive_placement_fields` is the one place deciding "given, else
derived", column by column. Rule texts: ``shared/domain/validation-rules/903_lac20xx_xx_rules.csv``; our own wording.

406 (distance blank for UASC) and 411 (PL_LOCATION agrees with PL_LA) check values DfE's system derived: the Hub's
own derivation leaves the distance blank for (former) UASC and takes PL_LOCATION from PL_LA, so on derived values
they cannot fail. They therefore run only when the file gives the column and otherwise are reported as not checked
(a Need), rather than as a pass that checked nothing.
"""

from __future__ import annotations

import polars as pl

from cphub.ssda903.codes import ADOPTION_PLACE, FOSTER_PLACE, SHORT_BREAK_LS
from cphub.ssda903.rules.base import COUNCIL, EPISODES_PL_DISTANCE, EPISODES_PL_LOCATION, Context, rule
from cphub.ssda903.rules.helpers import ROW, failing, in_codes, invalid_code, none, present, uasc_children
from cphub.ssda903.rules.rules_3xx import _needs_postcodes

DERIVED = ("PL_DISTANCE", "PL_LA", "PL_LOCATION")
GIVEN = "__given_"


def derive_placement_fields(eps: pl.DataFrame, uasc: pl.Series, la: str | None) -> pl.DataFrame:
    """``eps`` with PL_DISTANCE, PL_LA and PL_LOCATION: each column the frame carries (given in the file) is kept as
    given; the others are derived as DfE derives them. Derived PL_DISTANCE is blank for the children in ``uasc``
    (DfE leaves it blank for UASC); derived PL_LOCATION is IN/OUT against ``la`` from PL_LA (given or derived),
    null when ``la`` or PL_LA is unknown."""
    from cphub.reference.postcodes import lookup, postcode_distances

    given = [c for c in DERIVED if c in eps.columns]
    if len(given) == len(DERIVED):
        return eps
    eps = eps.rename({c: GIVEN + c for c in given})
    if eps.height == 0:
        out = eps.with_columns(pl.lit(None, dtype=pl.Float64).alias("PL_DISTANCE"),
                               pl.lit(None, dtype=pl.String).alias("PL_LA"))
    else:
        d = postcode_distances(eps, lookup).select("HOME_POST", "PL_POST", pl.col("DISTANCE").alias("PL_DISTANCE"),
                                                     "PL_LA")
        out = eps.join(d, on=["HOME_POST", "PL_POST"], how="left", nulls_equal=True)
    out = out.with_columns(pl.when(pl.col("CHILD").is_in(uasc.implode())).then(None).otherwise(pl.col("PL_DISTANCE"))
                           .alias("PL_DISTANCE"))
    out = out.with_columns(pl.col(GIVEN + c).alias(c) for c in given if c != "PL_LOCATION")
    location = pl.lit(None, dtype=pl.String) if la is None else (
        pl.when(pl.col("PL_LA").is_null()).then(None).when(pl.col("PL_LA") == la).then(pl.lit("IN"))
        .otherwise(pl.lit("OUT")))
    if "PL_LOCATION" in given:
        location = pl.col(GIVEN + "PL_LOCATION")
    return out.with_columns(location.alias("PL_LOCATION")).drop([GIVEN + c for c in given])


def derived(ctx: Context) -> pl.DataFrame:
    """This year's Episodes with the placement fields, given or derived (cached)."""
    if "derived" not in ctx.cache:
        ctx.cache["derived"] = derive_placement_fields(ctx["Episodes"], uasc_children(ctx), ctx.la)
    return ctx.cache["derived"]  # type: ignore[return-value]


def _uasc_children(ctx: Context) -> pl.Expr:
    return pl.col("CHILD").is_in(uasc_children(ctx).implode())


def _northern_ireland(*cols: str) -> pl.Expr:
    """A postcode in Northern Ireland (BT...): DfE derives its fields from the full ONS directory, but the Hub's
    shipped directory covers Great Britain only, so such episodes are not judged by 164, 169, 179 and 392a."""
    return pl.any_horizontal([pl.col(c).str.to_uppercase().str.strip_chars().str.starts_with("BT").fill_null(False)
                              for c in cols])


@rule("164", "The distance from home to placement cannot be worked out: check that both postcodes are valid.",
      "Episodes", ("PL_DISTANCE", "HOME_POST", "PL_POST"))
def r164(ctx: Context) -> pl.LazyFrame:
    """DfE 164: "Distance is not valid. Please check a valid postcode has been entered." Both postcodes are given
    (not for UASC, whose distance DfE leaves blank) but one is not in the postcode directory, so PL_DISTANCE
    cannot be derived; or it is over 999.9 miles."""
    df = derived(ctx)
    both = present("HOME_POST") & present("PL_POST") & ~_uasc_children(ctx) & ~_northern_ireland("HOME_POST", "PL_POST")
    return failing(df, both & (pl.col("PL_DISTANCE").is_null() | (pl.col("PL_DISTANCE") > 999.9)))


@rule("169", "The council of the placement cannot be worked out: check that a valid placement postcode is given.",
      "Episodes", ("PL_LA", "PL_POST"))
def r169(ctx: Context) -> pl.LazyFrame:
    """DfE 169: "LA of placement is not valid or is missing. Please check a valid postcode has been entered." A
    placement that needs postcodes (as 392b) whose PL_POST is given but not in the postcode directory."""
    return failing(derived(ctx), _needs_postcodes(ctx) & present("PL_POST") & pl.col("PL_LA").is_null()
                   & ~_northern_ireland("PL_POST"))


@rule("179", "Whether the placement is inside or outside the council cannot be worked out: check the placement "
      "postcode.", "Episodes", ("PL_LOCATION", "PL_POST"))
def r179(ctx: Context) -> pl.LazyFrame:
    """DfE 179: "Placement location code is not a valid code." PL_LOCATION is derived (IN/OUT) from the placement
    postcode and the council making the return; reported where the postcode is given but not found, or where the
    file gives PL_LOCATION and it is not IN or OUT. Needs the council (skipped without it)."""
    if ctx.la is None:
        return none()
    return failing(derived(ctx), (_needs_postcodes(ctx) & present("PL_POST") & pl.col("PL_LOCATION").is_null()
                                  & ~_northern_ireland("PL_POST"))
                   | invalid_code("PL_LOCATION", ctx.year, allow_blank=True))


@rule("392a", "The child is looked after but no distance from home to placement can be worked out.", "Episodes",
      ("PL_DISTANCE", "HOME_POST", "PL_POST"))
def r392a(ctx: Context) -> pl.LazyFrame:
    """DfE 392a: "Child is looked after but no distance is recorded." For placements that need postcodes (392b's
    exemptions: short breaks, temporary placements, Z1, UASC): PL_DISTANCE cannot be derived (a postcode missing
    or not in the directory)."""
    return failing(derived(ctx), _needs_postcodes(ctx) & pl.col("PL_DISTANCE").is_null()
                   & ~_northern_ireland("HOME_POST", "PL_POST"))


@rule("420", "A council of placement is derived, but the child is on a short-term break (V3/V4).", "Episodes",
      ("PL_LA", "LS"))
def r420(ctx: Context) -> pl.LazyFrame:
    """DfE 420: "LA of placement completed but child is looked after under legal status V3 or V4." PL_LA is derived
    from PL_POST, so this is a short-break episode with a placement postcode found in the directory."""
    return failing(derived(ctx), in_codes("LS", SHORT_BREAK_LS) & pl.col("PL_LA").is_not_null())


@rule("1015", "The placement is outside the council but the provider is recorded as the council's own (PR1).",
      "Episodes", ("PLACE_PROVIDER", "PL_LA"))
def r1015(ctx: Context) -> pl.LazyFrame:
    """DfE 1015: "Placement is with social care provider who is located outside of the LA but the placement
    provider is recorded as Own provision (PR1)." Not for foster or adoption placements (A3-A6, U1-U6: a council's
    own carers may live outside it) nor short breaks (V3/V4), as DfE's check excludes them. Needs the council
    (skipped without it)."""
    if ctx.la is None:
        return none()
    checked = ~in_codes("PLACE", FOSTER_PLACE | ADOPTION_PLACE) & ~in_codes("LS", SHORT_BREAK_LS)
    return failing(derived(ctx), checked & (pl.col("PLACE_PROVIDER") == "PR1") & (pl.col("PL_LOCATION") == "OUT"))


@rule("406", "The child is or was an unaccompanied asylum-seeking child, so the distance to the placement should be "
      "blank.", "Episodes", "PL_DISTANCE", needs=(EPISODES_PL_DISTANCE,))
def r406(ctx: Context) -> pl.LazyFrame:
    """DfE 406: "Child is Unaccompanied Asylum-Seeking Child (UASC) or was formerly UASC. Distance should be blank.
    [NOTE: ... false negatives for children formerly UASC not identified as such in loaded data]". A given
    PL_DISTANCE for a child who is or was UASC: in this year's or last year's UASC table, or UASC status 1 in this
    year's or last year's Header. Runs on the PL_DISTANCE the file gives; the Hub's own derivation blanks it for
    these children, so without the column the rule is reported as not checked."""
    return failing(derived(ctx), _uasc_children(ctx) & present("PL_DISTANCE"))


@rule("411", "Whether the placement is inside or outside the council (PL_LOCATION) disagrees with the council of the "
      "placement (PL_LA).", "Episodes", ("PL_LOCATION", "PL_LA"), needs=(EPISODES_PL_LOCATION, COUNCIL))
def r411(ctx: Context) -> pl.LazyFrame:
    """DfE 411: "Placement location code disagrees with LA of placement." PL_LOCATION is IN but PL_LA is another
    council, or OUT but PL_LA is the council making the return. Runs on the PL_LOCATION the file gives (with PL_LA
    as given, else derived from PL_POST; not judged where PL_LA is unknown); the Hub derives PL_LOCATION from PL_LA,
    so without the column (or without the council) the rule is reported as not checked."""
    location, inside = pl.col("PL_LOCATION"), pl.col("PL_LA") == ctx.la
    return failing(derived(ctx), ((location == "IN") & ~inside) | ((location == "OUT") & inside))


# ------------------------------------------------------------------------------------ across the year boundary
def _first_vs_last_year(ctx: Context, open_only: bool) -> pl.DataFrame | None:
    """This year's first episode of each child with last year's final episode (derived fields suffixed ``_PRE``):
    the same episode (same DECOM) for 452/453, or last year's still-open final episode for 503G/H/J."""
    last = ctx.last("Episodes")
    if last is None or last.height == 0:
        return None
    key = f"derived_last:{open_only}"
    if key not in ctx.cache:
        final = last.sort(["CHILD", "DECOM"], nulls_last=False).unique("CHILD", keep="last", maintain_order=True)
        if open_only:
            final = final.filter(pl.col("DEC").is_null())
        prev = derive_placement_fields(final, uasc_children(ctx, previous=True), ctx.la).select(
            "CHILD", pl.col("DECOM").alias("DECOM_PRE"), *(pl.col(c).alias(f"{c}_PRE") for c in DERIVED))
        first = derived(ctx).sort(["CHILD", "DECOM", ROW]).unique("CHILD", keep="first", maintain_order=True)
        df = first.join(prev, on="CHILD", how="inner")
        ctx.cache[key] = df if open_only else df.filter(pl.col("DECOM") == pl.col("DECOM_PRE"))
    return ctx.cache[key]  # type: ignore[return-value]


def _boundary_rule(code: str, field: str, what: str, open_only: bool, needs_la: bool = False):
    @rule(code, f"The {what} of this year's first episode differs from last year's "
          f"{'still-open ' if open_only else ''}final episode{'' if open_only else ' (the same episode)'}.",
          ("Episodes", "Episodes_last"), field, needs_previous=True)
    def check(ctx: Context) -> pl.LazyFrame:
        df = _first_vs_last_year(ctx, open_only)
        if df is None or (needs_la and ctx.la is None):
            return none()
        return failing(df, ~pl.col(field).eq_missing(pl.col(f"{field}_PRE")))

    check.__doc__ = (f"DfE {code}: the derived {field} (from the postcodes) of the child's first episode this year "
                     f"must match last year's {'still-open ' if open_only else ''}final episode"
                     f"{'' if open_only else ' when it is the same episode (same DECOM)'}.")
    check.__name__ = f"r{code}"
    return check


r452 = _boundary_rule("452", "PL_LA", "council of placement", open_only=False)
r453 = _boundary_rule("453", "PL_DISTANCE", "distance from home to placement", open_only=False)
r503G = _boundary_rule("503G", "PL_DISTANCE", "distance from home to placement", open_only=True)
r503H = _boundary_rule("503H", "PL_LA", "council of placement", open_only=True)
r503J = _boundary_rule("503J", "PL_LOCATION", "placement location (inside/outside the council)", open_only=True,
                       needs_la=True)
