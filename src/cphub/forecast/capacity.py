"""Capacity: forecast demand for non-kinship fostering against the council's in-house fostering places (the local
table ``fostering_households``, type INHOUSE), and what recruiting N more households a year would change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from cphub.forecast.simulate import Forecast
from cphub.forecast.states import FOSTER_AGENCY, FOSTER_INHOUSE, PLACEMENT_TYPES

INHOUSE = "INHOUSE"


@dataclass(frozen=True)
class Households:
    households: int
    places: int
    approvals_per_year: float      # in-house households approved a year (last three years)
    leavers_per_year: float        # de-registered a year (last three years)
    places_per_household: float


def households(table: pl.DataFrame, on: date, years: int = 3) -> Households:
    """In-house households and places approved on ``on``, and the recent approval and de-registration rates."""
    fh = table.filter(pl.col("HOUSEHOLD_TYPE") == INHOUSE)
    active = fh.filter(pl.col("APPROVAL_DATE") <= on,
                       pl.col("DEREGISTRATION_DATE").is_null() | (pl.col("DEREGISTRATION_DATE") > on))
    since = date(on.year - years, on.month, min(on.day, 28))
    approved = fh.filter(pl.col("APPROVAL_DATE") > since, pl.col("APPROVAL_DATE") <= on).height
    left = fh.filter(pl.col("DEREGISTRATION_DATE") > since, pl.col("DEREGISTRATION_DATE") <= on).height
    places = int(active["PLACES"].fill_null(1).sum()) if active.height else 0
    per = places / active.height if active.height else 1.0
    return Households(active.height, places, approved / years, left / years, per)


def capacity(forecast: Forecast, hh: Households, recruit_per_year: float = 0.0) -> list[dict[str, float]]:
    """At each forecast year end: fostering demand (in-house + agency, median and 80 % interval), in-house places
    on current trends and with ``recruit_per_year`` extra households a year, and the gap (demand - places) both
    ways. Places on current trends change by (approvals - de-registrations) x places per household a year."""
    i_in, i_ag = PLACEMENT_TYPES.index(FOSTER_INHOUSE), PLACEMENT_TYPES.index(FOSTER_AGENCY)
    demand = forecast.counts[:, :, :, [i_in, i_ag]].sum(axis=(2, 3))
    net = (hh.approvals_per_year - hh.leavers_per_year) * hh.places_per_household
    out = []
    for y in range(1, forecast.counts.shape[1] // 12 + 1):
        d = demand[:, 12 * y]
        q10, med, q90 = (float(v) for v in np.quantile(d, (0.1, 0.5, 0.9)))
        places = max(0.0, hh.places + net * y)
        extra = recruit_per_year * hh.places_per_household * y
        out.append({"year": y, "date": forecast.dates[12 * y], "demand_median": med, "demand_q10": q10,
                    "demand_q90": q90, "places": places, "places_with_recruitment": places + extra,
                    "gap": med - places, "gap_with_recruitment": med - places - extra,
                    "extra_places": extra})
    return out


def agency_saving(rows: list[dict[str, float]], weekly_agency: float, weekly_inhouse: float) -> list[float]:
    """A year's saving if each extra in-house place replaced an agency placement (pounds, at today's prices)."""
    return [max(0.0, min(r["extra_places"], max(0.0, r["gap"]))) * (weekly_agency - weekly_inhouse) * 52.18
            for r in rows]
