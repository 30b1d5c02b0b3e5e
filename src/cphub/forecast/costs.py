"""Spend: forecast children by placement type x weekly unit cost, with inflation, per run of the simulation (so
spend has intervals that keep the placement types' joint uncertainty)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field

import numpy as np

from cphub.forecast.simulate import QUANTILES, Forecast
from cphub.forecast.states import PLACEMENT_TYPES

# Illustrative starting points the council replaces with its own (pounds a week, 2025-26 prices). Not a source
# of truth: the page says so and analysts edit them.
DEFAULT_WEEKLY_COSTS: dict[str, float] = {
    "foster_inhouse": 550.0, "foster_agency": 1000.0, "foster_kinship": 350.0, "residential": 6000.0,
    "supported": 2000.0, "with_parents": 150.0, "other": 1500.0,
}
DEFAULT_INFLATION = 0.03


@dataclass(frozen=True)
class UnitCosts:
    weekly: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEEKLY_COSTS))
    inflation: float = DEFAULT_INFLATION  # a year, applied monthly from the forecast start

    def vector(self) -> np.ndarray:
        return np.array([float(self.weekly.get(t, 0.0)) for t in PLACEMENT_TYPES])


def monthly_spend(forecast: Forecast, costs: UnitCosts) -> np.ndarray:
    """(runs, months) spend in pounds for months 1..H: children at the month's end x weekly cost x weeks in the
    month x (1 + inflation) ** (months elapsed / 12)."""
    by_type = forecast.counts[:, 1:].sum(axis=2).astype(float)  # runs, months, types
    weeks = np.array([calendar.monthrange(d.year, d.month)[1] / 7 for d in forecast.dates[1:]])
    uplift = (1 + costs.inflation) ** (np.arange(1, len(weeks) + 1) / 12)
    return (by_type @ costs.vector()) * weeks * uplift


def yearly_spend(forecast: Forecast, costs: UnitCosts) -> list[dict[str, float]]:
    """Per forecast year (months 1-12, 13-24, ...): quantiles of total spend."""
    m = monthly_spend(forecast, costs)
    out = []
    for y in range(m.shape[1] // 12):
        tot = m[:, 12 * y:12 * (y + 1)].sum(axis=1)
        q = np.quantile(tot, QUANTILES)
        out.append({"year": y + 1, "q2_5": float(q[0]), "q10": float(q[1]), "median": float(q[2]),
                    "q90": float(q[3]), "q97_5": float(q[4])})
    return out
