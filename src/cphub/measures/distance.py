"""Distance from home: children placed more than 20 miles away, and DfE's variant (also outside the council).

Definition: ``shared/domain/definitions.md`` §1 row 15 and §1.1 (LAIT LACDistance; DfE derivation of
PL_DISTANCE as re-implemented in csc-validator-be-903 ``_add_postcode_derived_fields``): the straight line
between the OS grid references of HOME_POST and PL_POST, ``sqrt(dE² + dN²) / 1000 / 1.6093`` miles, rounded to
0.1 mile. Postcodes are looked up with :func:`cphub.reference.postcodes.lookup`, which falls back to the
postcode-sector centroid when only a truncated postcode is known; a result between 18 and 22 miles that used a
sector centroid is flagged as uncertain. Children whose distance cannot be worked out (missing or unknown
postcodes; UASC, whose distance DfE leaves blank) stay in the denominator, as in DfE's figure, and are counted
in ``detail["not_known"]``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import polars as pl

from cphub.measures import episodes as ep
from cphub.measures.base import CouncilData, MeasureResult
from cphub.measures.cla import with_uasc
from cphub.measures.common import Tally, ids, shares, tally
from cphub.reference.postcodes import postcode_distances


def _lookup(data: CouncilData) -> Callable[[pl.Series], pl.DataFrame] | None:
    fn = data.settings.get("postcode_lookup")
    if callable(fn):
        return fn
    try:
        from cphub.reference.postcodes import lookup
    except ImportError:
        return None
    return lookup


def episode_distances(data: CouncilData) -> pl.DataFrame | None:
    """Per (HOME_POST, PL_POST) pair of the care episodes: DISTANCE (miles, 0.1), PL_LA, UNCERTAIN flag.
    None when no postcode lookup is installed."""
    def build():
        lookup = _lookup(data)
        if lookup is None:
            return None
        return postcode_distances(ep.care_episodes(data), lookup)
    return ep.cached(data, "distances", build)


NOT_COMPUTED = {"not_computed": "no postcode lookup is installed"}


def cla_with_distance(data: CouncilData, dates: Sequence[date]) -> pl.DataFrame | None:
    """:func:`episodes.cla_on` with DISTANCE (blank for UASC, whose distance DfE leaves blank), PL_LA and
    UNCERTAIN; None when no postcode lookup is installed."""
    def build():
        d = episode_distances(data)
        if d is None:
            return None
        df = with_uasc(data, ep.cla_on(data, dates).join(d, on=["HOME_POST", "PL_POST"], how="left",
                                                           nulls_equal=True))
        return df.with_columns(pl.when(~pl.col("_UASC")).then(pl.col("DISTANCE")).alias("DISTANCE"))
    return ep.cached(data, ("distance_on", ep.key_of(dates)), build)


def _far_pct(data: CouncilData, dates: Sequence[date], outside_only: bool) -> list[MeasureResult]:
    df = cla_with_distance(data, dates)
    if df is None:
        return [MeasureResult(None, None, None, dict(NOT_COMPUTED)) for _ in dates]
    far = pl.col("DISTANCE") > 20
    if outside_only:
        far = far & pl.col("PL_LA").is_not_null() & (pl.col("PL_LA") != data.la)

    def detail(t: Tally) -> dict:
        f = t.frame()
        unc = f.filter(pl.col("UNCERTAIN").fill_null(False) & pl.col("DISTANCE").is_not_null())
        return {"not_known": f.filter(pl.col("DISTANCE").is_null()).height, "uncertain": unc.height,
                "uncertain_children": ids(unc)}
    return shares(tally(df, dates, far), detail)


def placed_over_20_miles_pct(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """CLA at the date placed more than 20 miles from home (straight line), as a percentage of all CLA."""
    return _far_pct(data, dates, outside_only=False)


def placed_outside_la_over_20_miles_pct(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """DfE's LACDistance: CLA at the date placed outside the council's area and more than 20 miles from home."""
    return _far_pct(data, dates, outside_only=True)


def placed_out_of_area_pct(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """LGA question: CLA at the date whose placement postcode lies outside the council (PL_LOCATION = OUT)."""
    df = cla_with_distance(data, dates)
    if df is None:
        return [MeasureResult(None, None, None, dict(NOT_COMPUTED)) for _ in dates]
    return shares(tally(df, dates, pl.col("PL_LA").is_not_null() & (pl.col("PL_LA") != data.la)),
                  lambda t: {"not_known": t.frame().filter(pl.col("PL_LA").is_null()).height})
