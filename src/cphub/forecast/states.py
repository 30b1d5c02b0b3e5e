"""The forecast's states: age band x placement type, and the one mapping from SSDA903 PLACE / PLACE_PROVIDER
codes (``cphub.ssda903.codes``) to placement types. Ages are in whole months internally (ageing is exact)."""

from __future__ import annotations

import polars as pl

from cphub.ssda903.codes import FOSTER_PLACE, KINSHIP_FOSTER_PLACE, SHORT_BREAK_LS

# Placement types, in display order. "Not looked after" is the outside of the model (entries come from it,
# exits go to it) and is reported as exits by reason.
FOSTER_INHOUSE = "foster_inhouse"
FOSTER_AGENCY = "foster_agency"
FOSTER_KINSHIP = "foster_kinship"
RESIDENTIAL = "residential"
SUPPORTED = "supported"
WITH_PARENTS = "with_parents"
OTHER = "other"
PLACEMENT_TYPES: tuple[str, ...] = (FOSTER_INHOUSE, FOSTER_AGENCY, FOSTER_KINSHIP, RESIDENTIAL, SUPPORTED,
                                    WITH_PARENTS, OTHER)
TYPE_LABELS = {
    FOSTER_INHOUSE: "Fostering: in-house",
    FOSTER_AGENCY: "Fostering: agency and other councils",
    FOSTER_KINSHIP: "Fostering: kinship (family and friends)",
    RESIDENTIAL: "Residential (children's homes, secure, schools)",
    SUPPORTED: "Supported accommodation and independent living",
    WITH_PARENTS: "Placed with parents",
    OTHER: "Other (placed for adoption, health, custody, unregistered, temporary)",
}
FOSTER_TYPES = (FOSTER_INHOUSE, FOSTER_AGENCY, FOSTER_KINSHIP)

RESIDENTIAL_PLACE = frozenset({"K1", "K2", "R1", "S1"})
SUPPORTED_PLACE = frozenset({"H5", "K3", "P2"})
WITH_PARENTS_PLACE = frozenset({"P1"})
IN_HOUSE_PROVIDER = frozenset({"PR1"})


def placement_type(place: str | None, provider: str | None) -> str:
    """The placement type of one episode (PLACE, PLACE_PROVIDER); the same rule as :func:`placement_type_expr`."""
    if place in KINSHIP_FOSTER_PLACE:
        return FOSTER_KINSHIP
    if place in FOSTER_PLACE:
        return FOSTER_INHOUSE if provider in IN_HOUSE_PROVIDER else FOSTER_AGENCY
    if place in RESIDENTIAL_PLACE:
        return RESIDENTIAL
    if place in SUPPORTED_PLACE:
        return SUPPORTED
    if place in WITH_PARENTS_PLACE:
        return WITH_PARENTS
    return OTHER


def placement_type_expr(place: str = "PLACE", provider: str = "PLACE_PROVIDER") -> pl.Expr:
    """:func:`placement_type` as a Polars expression (codes lists from ``cphub.ssda903.codes``)."""
    p, pr = pl.col(place), pl.col(provider)
    return (pl.when(p.is_in(sorted(KINSHIP_FOSTER_PLACE))).then(pl.lit(FOSTER_KINSHIP))
            .when(p.is_in(sorted(FOSTER_PLACE)) & pr.is_in(sorted(IN_HOUSE_PROVIDER))).then(pl.lit(FOSTER_INHOUSE))
            .when(p.is_in(sorted(FOSTER_PLACE))).then(pl.lit(FOSTER_AGENCY))
            .when(p.is_in(sorted(RESIDENTIAL_PLACE))).then(pl.lit(RESIDENTIAL))
            .when(p.is_in(sorted(SUPPORTED_PLACE))).then(pl.lit(SUPPORTED))
            .when(p.is_in(sorted(WITH_PARENTS_PLACE))).then(pl.lit(WITH_PARENTS))
            .otherwise(pl.lit(OTHER)))


# The five age bands of the public demand model (and the DfE tables): under 1, 1-4, 5-9, 10-15, 16-17.
AGE_BANDS: tuple[tuple[str, int, int], ...] = (("under 1", 0, 1), ("1 to 4", 1, 5), ("5 to 9", 5, 10),
                                               ("10 to 15", 10, 16), ("16 to 17", 16, 18))
BAND_NAMES = tuple(b[0] for b in AGE_BANDS)
MAX_AGE_MONTHS = 18 * 12  # looked after until the 18th birthday


def band_of_months(age_months: int) -> int:
    """Index into :data:`AGE_BANDS` of an age in whole months."""
    years = age_months // 12
    for i, (_, lo, hi) in enumerate(AGE_BANDS):
        if lo <= years < hi:
            return i
    return len(AGE_BANDS) - 1


BAND_OF_MONTH = tuple(band_of_months(m) for m in range(MAX_AGE_MONTHS))

# Exit reasons (REC codes grouped; ageing out at 18 is exact in the model, not a rate).
EXIT_REASONS: tuple[str, ...] = ("adopted", "sgo_cao", "home", "independence", "exit_other", "aged_18")
EXIT_LABELS = {"adopted": "Adopted", "sgo_cao": "Special guardianship or child arrangements order",
               "home": "Returned home or to live with family", "independence": "Independent living or staying put",
               "exit_other": "Other reasons", "aged_18": "Reached 18"}
RATE_EXITS = EXIT_REASONS[:-1]
_REC_GROUP = {"E11": "adopted", "E12": "adopted", "E41": "sgo_cao", "E43": "sgo_cao", "E44": "sgo_cao",
              "E45": "sgo_cao", "E46": "sgo_cao", "E47": "sgo_cao", "E48": "sgo_cao", "E4A": "home", "E4B": "home",
              "E13": "home", "E5": "independence", "E6": "independence", "E17": "independence"}


def exit_reason_expr(rec: str = "REC") -> pl.Expr:
    """REC grouped into :data:`RATE_EXITS`."""
    return pl.col(rec).replace_strict(_REC_GROUP, default="exit_other", return_dtype=pl.String)


__all__ = [
    "AGE_BANDS",
    "EXIT_REASONS",
    "PLACEMENT_TYPES",
    "SHORT_BREAK_LS",
    "band_of_months",
    "exit_reason_expr",
    "placement_type",
    "placement_type_expr",
]
