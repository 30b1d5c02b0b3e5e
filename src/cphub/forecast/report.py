"""One forecast, ready to show: the distribution per state and month, spend, capacity and the recent history,
as plain data for the web page, the panel pack section, the Excel export and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from cphub.forecast.capacity import Households, agency_saving, capacity, households
from cphub.forecast.costs import UnitCosts, yearly_spend
from cphub.forecast.history import History, prepare
from cphub.forecast.model import ForecastModel, fit
from cphub.forecast.scenario import BASELINE, Scenario
from cphub.forecast.simulate import Forecast, simulate
from cphub.forecast.states import BAND_NAMES, PLACEMENT_TYPES, TYPE_LABELS

STATE_LABELS = {"total": "All children looked after", **TYPE_LABELS}
DEFAULT_RUNS = 1000


@dataclass
class Inputs:
    """A council's data as the forecast needs it."""

    history: History
    population: dict[int, int] = field(default_factory=dict)
    households: pl.DataFrame | None = None


def inputs_from_tables(tables: dict[str, pl.DataFrame], population: dict[int, int] | None = None) -> Inputs:
    """From merged SSDA903 and local tables (``CouncilData.tables`` or ``merge_years`` plus local CSVs)."""
    return Inputs(prepare(tables["Episodes"], tables["Header"]), dict(population or {}),
                  tables.get("fostering_households"))


@dataclass
class ForecastReport:
    la: str
    scenario: Scenario
    model: ForecastModel
    forecast: Forecast
    costs: UnitCosts
    spend: list[dict[str, float]]
    households: Households | None
    capacity: list[dict] = field(default_factory=list)
    savings: list[float] = field(default_factory=list)
    recruit_per_year: float = 0.0

    @property
    def as_at(self) -> date:
        return self.model.as_at

    def quantiles(self, state: str) -> dict[str, list[float]]:
        return self.forecast.quantiles(state)

    def history(self, state: str) -> list[tuple[date, int]]:
        return list(zip(self.model.history_dates, self.model.history_counts[state]))

    def year_rows(self, state: str) -> list[dict]:
        """Now and each year end ahead: median and intervals (rounded to whole children)."""
        q = self.quantiles(state)
        rows = []
        for m in range(0, len(self.forecast.dates), 12):
            rows.append({"date": self.forecast.dates[m], "median": round(q["median"][m]),
                         "q10": round(q["q10"][m]), "q90": round(q["q90"][m]),
                         "q2_5": round(q["q2.5"][m]), "q97_5": round(q["q97.5"][m])})
        return rows

    def band_rows(self) -> list[tuple[str, list[dict]]]:
        """Children by age band (all placement types): (band name, year rows)."""
        return [(name, self.year_rows(f"band:{i}")) for i, name in enumerate(BAND_NAMES)]

    def to_dict(self) -> dict:
        return {
            "la": self.la, "as_at": self.as_at.isoformat(), "scenario": self.scenario.name,
            "runs": self.forecast.runs,
            "states": {s: {"label": STATE_LABELS[s],
                           "years": [dict(r, date=r["date"].isoformat()) for r in self.year_rows(s)]}
                       for s in ("total", *PLACEMENT_TYPES)},
            "age_bands": {name: [dict(r, date=r["date"].isoformat()) for r in rows] for name, rows in self.band_rows()},
            "entries_per_year_now": round(sum(self.model.entries_history[-12:])),
            "entry_trend_per_year": float(self.model.entry_coef[1]),
            "spend": self.spend, "unit_costs": self.costs.weekly, "inflation": self.costs.inflation,
            "capacity": [dict(r, date=r["date"].isoformat()) for r in self.capacity],
            "recruit_per_year": self.recruit_per_year,
        }


def build(la: str, inputs: Inputs, scenario: Scenario = BASELINE, costs: UnitCosts | None = None, *,
          recruit_per_year: float = 0.0, runs: int = DEFAULT_RUNS, seed: int = 0,
          model: ForecastModel | None = None) -> ForecastReport:
    """Fit (unless ``model`` is given), simulate 36 months and derive spend and capacity."""
    costs = costs or UnitCosts()
    model = model or fit(inputs.history, inputs.population)
    fc = simulate(model, scenario, months=36, runs=runs, seed=seed)
    hh = None
    cap: list[dict] = []
    savings: list[float] = []
    if inputs.households is not None and inputs.households.height:
        hh = households(inputs.households, model.as_at)
        cap = capacity(fc, hh, recruit_per_year)
        savings = agency_saving(cap, costs.weekly.get("foster_agency", 0.0), costs.weekly.get("foster_inhouse", 0.0))
    return ForecastReport(la, scenario, model, fc, costs, yearly_spend(fc, costs), hh, cap, savings,
                          recruit_per_year)
