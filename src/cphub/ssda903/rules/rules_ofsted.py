"""SSDA903 rules that check an episode's Ofsted URN against Ofsted's provider list (219, 221, 224, 227, 228, 229,
241, 243, 1008).

The list is not part of the return: it is given with ``cphub validate --providers FILE``, stored with ``cphub
ofsted import FILE`` (then web imports use it), and reaches the rules as ``ctx.inputs["providers"]`` (a
:data:`cphub.reference.ofsted.PROVIDERS` frame). Every rule here declares the one :data:`PROVIDERS` need, so
without the list each is reported as ``skipped`` ("Not checked: this rule needs Ofsted's provider list ..."),
never passed silently.

Common reading: an episode is checked when its URN is given and is not ``XXXXXXX`` (DfE's code for a placement
through a regional adoption agency, which has no URN); URNs are compared upper-cased without spaces. A rule that
needs a provider value the list does not give (no postcode, no sector, no registration date, a provider type the
Hub does not map) does not judge that provider. Rule texts: ``shared/domain/validation-rules/903_lac20xx_xx_rules.csv``;
our own wording.
"""

from __future__ import annotations

import polars as pl

from cphub.reference.ofsted import per_urn
from cphub.ssda903.codes import (
    NO_URN_CODE,
    OFSTED_NOT_REGISTERED_TYPES,
    OFSTED_SECTOR_PROVIDERS,
    OFSTED_TYPE_PLACES,
    PREMISES_PLACE,
    SHORT_BREAK_LS,
)
from cphub.ssda903.rules.base import COUNCIL, PROVIDERS, Context, rule
from cphub.ssda903.rules.helpers import failing, in_codes, lit_date, present

NEEDS = (PROVIDERS,)


def _key(text: str | None) -> str:
    return "".join(ch for ch in (text or "").lower() if ch.isalnum())


def _first_match(texts: list[str | None], table) -> str | None:
    """The codes (comma-joined, sorted) of the first row of ``table`` whose keywords all occur in one of ``texts``."""
    for keywords, codes in table:
        for t in texts:
            k = _key(t)
            if k and all(w in k for w in keywords):
                return ",".join(sorted(codes))
    return None


def providers(ctx: Context) -> pl.DataFrame:
    """One row per URN of the given list (:func:`cphub.reference.ofsted.per_urn`) with the placement types
    (``PLACES_OK``) and placement provider codes (``PROVIDERS_OK``) that fit it: Ofsted's own codes when its list
    gives them, else those of its provider type (:data:`OFSTED_TYPE_PLACES`) and sector
    (:data:`OFSTED_SECTOR_PROVIDERS`); and ``NOT_REGISTERED`` (243). Cached."""
    if "providers_by_urn" not in ctx.cache:
        frame = ctx.inputs["providers"]
        assert isinstance(frame, pl.DataFrame), "ctx.inputs['providers'] must be a provider frame"
        by = per_urn(frame)
        types = by.select("PROVIDER_TYPE", "PROVIDER_SUBTYPE", "SECTOR").rows()
        places = [_first_match([f"{t or ''} {s or ''}"], OFSTED_TYPE_PLACES) for t, s, _ in types]
        provs = [_first_match([sec], OFSTED_SECTOR_PROVIDERS) or (None if sec else _first_match([t], OFSTED_SECTOR_PROVIDERS))
                 for t, _, sec in types]
        inspected_only = [any(w in _key(f"{t} {s}") for w in OFSTED_NOT_REGISTERED_TYPES) for t, s, _ in types]
        by = by.with_columns(
            pl.coalesce(pl.col("PLACE_CODES"), pl.Series(places, dtype=pl.String)).str.split(",").alias("PLACES_OK"),
            pl.coalesce(pl.col("PROVIDER_CODES"), pl.Series(provs, dtype=pl.String)).str.split(",")
            .alias("PROVIDERS_OK"),
            ((pl.col("REGISTERED") == False) | pl.Series(inspected_only, dtype=pl.Boolean))  # noqa: E712
            .fill_null(False).alias("NOT_REGISTERED"))
        ctx.cache["providers_by_urn"] = by
    return ctx.cache["providers_by_urn"]  # type: ignore[return-value]


def _with_urn(eps: pl.DataFrame) -> pl.LazyFrame:
    """Episodes whose URN is given and is not XXXXXXX, with ``_URN`` (upper case, no spaces)."""
    urn = pl.col("URN").cast(pl.String).str.to_uppercase().str.replace_all(r"\s", "")
    return eps.lazy().with_columns(urn.alias("_URN")).filter(present("_URN") & (pl.col("_URN") != NO_URN_CODE))


def matched(ctx: Context, eps: pl.DataFrame | None = None) -> pl.LazyFrame:
    """The checked episodes joined to their provider (inner join: URNs not in the list are 1008's)."""
    return _with_urn(ctx["Episodes"] if eps is None else eps).join(providers(ctx).lazy(), left_on="_URN",
                                                                   right_on="URN", how="inner")


def _pc(col: str) -> pl.Expr:
    return pl.col(col).cast(pl.String).str.to_uppercase().str.replace_all(r"\s", "")


@rule("1008", "The Ofsted URN is not in Ofsted's provider list.", ("Episodes",), "URN", needs=NEEDS)
def r1008(ctx: Context) -> pl.LazyFrame:
    """DfE 1008: "Ofsted Unique Reference Number (URN) is not valid." A URN given (other than XXXXXXX, DfE's code
    for "no URN": a regional adoption agency) that is not in Ofsted's list. Reading: the list should hold closed
    providers too (Ofsted's lists do), so an episode at a provider that has since closed is judged by 227/228,
    not here."""
    known = providers(ctx).select("URN").lazy()
    return failing(_with_urn(ctx["Episodes"]).join(known, left_on="_URN", right_on="URN", how="anti"))


@rule("219", "The Ofsted URN is for a provider that does not offer this placement type.", ("Episodes",),
      ("URN", "PLACE"), needs=NEEDS)
def r219(ctx: Context) -> pl.LazyFrame:
    """DfE 219: "The Ofsted Unique reference number (URN) provided for the child's placement does not match the
    placement type recorded." PLACE must be one of the placement types of the URN's provider: Ofsted's placement
    codes when its list gives them, else those of its provider type (children's home -> K2, secure children's
    home -> K1, supported accommodation -> K3/H5, residential family centre -> R3, residential special or boarding
    school -> S1, fostering agency -> U1-U6, adoption agency -> A3-A6 and U2/U5, the fostering-for-adoption
    carers an adoption agency approves). A provider of another type (e.g. a secure training centre) is not judged."""
    df = matched(ctx).filter(pl.col("PLACES_OK").is_not_null())
    return failing(df, present("PLACE") & ~pl.col("PLACE").cast(pl.String).str.to_uppercase()
                   .is_in(pl.col("PLACES_OK")))


@rule("221", "The placement postcode is not the address of the Ofsted provider (URN) of this placement.",
      ("Episodes",), ("PL_POST", "URN"), needs=NEEDS)
def r221(ctx: Context) -> pl.LazyFrame:
    """DfE 221: "The Ofsted Unique reference number (URN) provided for the child's placement does not match the
    placement postcode provided." For placements at the provider's premises (K1, K2, K3, H5, R3, S1), not short
    breaks (V3/V4), with PL_POST given: PL_POST must be one of the provider's postcodes in Ofsted's list (spaces
    and case ignored). A provider with no postcode in the list is not judged."""
    df = matched(ctx).filter(pl.col("POSTCODES").list.len() > 0)
    checked = in_codes("PLACE", PREMISES_PLACE) & ~in_codes("LS", SHORT_BREAK_LS) & present("PL_POST")
    return failing(df, checked & ~_pc("PL_POST").is_in(pl.col("POSTCODES")))


@rule("224", "The placement provider code does not fit the Ofsted provider (URN) of this placement.",
      ("Episodes",), ("PLACE_PROVIDER", "URN"), needs=NEEDS)
def r224(ctx: Context) -> pl.LazyFrame:
    """DfE 224: "The Ofsted Unique reference number (URN) provided for the child's placement does not match the
    placement provider recorded." PLACE_PROVIDER must fit the URN's provider: Ofsted's placement provider codes
    when its list gives them, else its sector (local authority -> PR1 or PR2, private -> PR4, voluntary or
    charity -> PR5, health authority -> PR3; with no sector, its type: a local authority fostering or adoption
    agency -> PR1/PR2, an independent fostering agency -> PR4/PR5). Which council's (PR1 or PR2) is rule 229's.
    A provider with neither is not judged; a blank PLACE_PROVIDER is rule 178's."""
    df = matched(ctx).filter(pl.col("PROVIDERS_OK").is_not_null())
    return failing(df, present("PLACE_PROVIDER") & ~pl.col("PLACE_PROVIDER").cast(pl.String).str.to_uppercase()
                   .is_in(pl.col("PROVIDERS_OK")))


@rule("227", "The Ofsted provider (URN) was not registered on the date the episode started.", ("Episodes",),
      ("URN", "DECOM"), needs=NEEDS)
def r227(ctx: Context) -> pl.LazyFrame:
    """DfE 227: "Ofsted Unique reference number (URN) is not valid for the episode start date." DECOM is before
    the provider's registration date, or on or after the date it closed (the latest closure of its premises; a
    provider with any premises open has not closed). Dates the list does not give are not judged."""
    df = matched(ctx)
    before = pl.col("REGISTRATION_DATE").is_not_null() & (pl.col("DECOM") < pl.col("REGISTRATION_DATE"))
    after = pl.col("CLOSED_DATE").is_not_null() & (pl.col("DECOM") >= pl.col("CLOSED_DATE"))
    return failing(df, present("DECOM") & (before | after))


@rule("228", "The Ofsted provider (URN) had closed before the episode ended (or, for an open episode, before 31 "
      "March).", ("Episodes",), ("URN", "DEC"), needs=NEEDS)
def r228(ctx: Context) -> pl.LazyFrame:
    """DfE 228: "Ofsted Unique reference number (URN) is not valid for the episode end date" (DfE's note: it may
    flag open episodes at providers that close during the year). DEC after the provider's closure date; for an
    episode still open, the closure before the end of the collection year (31 March). An episode ending on the
    day the provider closed passes. In an in-year extract an open episode is judged at the extract date."""
    df = matched(ctx).filter(pl.col("CLOSED_DATE").is_not_null())
    end = pl.coalesce(pl.col("DEC"), lit_date(ctx.period_end))
    return failing(df, end > pl.col("CLOSED_DATE"))


@rule("229", "The placement provider says own council (PR1) or another council (PR2), but the Ofsted provider's "
      "council says otherwise.", ("Episodes",), ("URN", "PLACE_PROVIDER"), needs=(PROVIDERS, COUNCIL))
def r229(ctx: Context) -> pl.LazyFrame:
    """DfE 229: "Placement provider does not match between the placing authority and the local authority code of
    the provider" (DfE's note: the provider's council is inferred from its postcode and may be inaccurate). The
    provider's council (PROVIDER_LA: from its postcode, as DfE derives PL_LA, else from the Local authority Ofsted
    names) compared with the council making the return: PR1 (own provision) needs the provider in the council,
    PR2 (another council's) needs it outside. Reading: a provider with premises in several councils passes PR1
    when one of them is the council and PR2 when one is not. Needs the council (``--la``)."""
    df = matched(ctx).filter(pl.col("PROVIDER_LAS").list.len() > 0)
    own = pl.col("PROVIDER_LAS").list.contains(pl.lit(ctx.la))
    elsewhere = (pl.col("PROVIDER_LAS").list.set_difference(pl.lit([ctx.la])).list.len() > 0)
    return failing(df, ((pl.col("PLACE_PROVIDER") == "PR1") & ~own) | ((pl.col("PLACE_PROVIDER") == "PR2") & ~elsewhere))


@rule("241", "The council of the placement is not one where the Ofsted provider (URN) has premises.",
      ("Episodes",), ("URN", "PL_LA"), years=(2026, 2026), needs=NEEDS)
def r241(ctx: Context) -> pl.LazyFrame:
    """DfE 241 (2025-26): "LA of placement is not an LA the provider has premises." For placements at the
    provider's premises (K1, K2, K3, H5, R3, S1; not fostering or adoption, where the child lives with carers),
    the derived PL_LA (the council of PL_POST, :mod:`~cphub.ssda903.rules.rules_derived`) must be one of the
    councils of the provider's premises in Ofsted's list. Not judged when PL_LA cannot be derived (169's) or the
    list gives no council for the provider."""
    from cphub.ssda903.rules.rules_derived import derived

    df = matched(ctx, derived(ctx)).filter(pl.col("PROVIDER_LAS").list.len() > 0)
    checked = in_codes("PLACE", PREMISES_PLACE) & present("PL_LA")
    return failing(df, checked & ~pl.col("PL_LA").is_in(pl.col("PROVIDER_LAS")))


@rule("243", "An Ofsted URN is given, but the provider is not registered with Ofsted.", ("Episodes",), "URN",
      years=(2026, 2026), needs=NEEDS)
def r243(ctx: Context) -> pl.LazyFrame:
    """DfE 243 (2025-26): "Only placements with providers registered with Ofsted should have a URN reported." The
    URN is in Ofsted's list but for a provider Ofsted does not register: its registration status says so (not
    registered, inspected only, not applicable, exempt, refused, applicant), or it is of a type Ofsted inspects
    without registering (boarding schools, further education colleges with residential accommodation). Reading:
    a provider that was registered and has closed is registered for this rule (227/228 judge the dates); a URN
    not in the list at all is 1008's."""
    return failing(matched(ctx), pl.col("NOT_REGISTERED"))
