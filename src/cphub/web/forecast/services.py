"""The imperative shell around :mod:`cphub.forecast`: reads the council's data (the scorecard's per-process
council data cache), its unit costs and saved scenarios, and computes forecasts.

Results are computed on demand and kept in this process, keyed by the council's data version (its latest
import), the scenario and the costs; an import changes the version, so the next request recomputes. (A shared
result store keyed by data version is being added separately; this cache is the stop-gap.)"""

from __future__ import annotations

import json
from collections import OrderedDict

from cphub.forecast.costs import DEFAULT_INFLATION, DEFAULT_WEEKLY_COSTS, UnitCosts
from cphub.forecast.model import ForecastModel, fit
from cphub.forecast.report import DEFAULT_RUNS, ForecastReport, Inputs, build, inputs_from_tables
from cphub.forecast.scenario import BASELINE, Adjustment, Scenario
from cphub.web.forecast.models import CostSettings, SavedScenario

_MODELS: dict[str, tuple[object, Inputs, ForecastModel]] = {}
_REPORTS: OrderedDict[tuple, ForecastReport] = OrderedDict()
MAX_REPORTS = 32


def _stamp(la: str):
    from cphub.web.scorecard.services import _store_stamp

    return _store_stamp(la)


def inputs_and_model(la: str) -> tuple[Inputs, ForecastModel] | None:
    """The council's inputs and fitted model (None when it has no episodes), fitted once per data version."""
    from cphub.web.scorecard.services import load_data

    stamp = _stamp(la)
    hit = _MODELS.get(la)
    if hit and hit[0] == stamp:
        return hit[1], hit[2]
    data = load_data(la)
    if not {"Episodes", "Header"} <= set(data.tables):
        return None
    inputs = inputs_from_tables(data.tables, data.population)
    if inputs.history.episodes.height == 0:
        return None
    model = fit(inputs.history, inputs.population)
    _MODELS[la] = (stamp, inputs, model)
    return inputs, model


def costs_for(la: str) -> tuple[UnitCosts, int]:
    s = CostSettings.objects.filter(la=la).first()
    if s is None:
        return UnitCosts(dict(DEFAULT_WEEKLY_COSTS), DEFAULT_INFLATION), 0
    weekly = dict(DEFAULT_WEEKLY_COSTS)
    weekly.update({k: float(v) for k, v in s.weekly.items() if k in weekly})
    return UnitCosts(weekly, float(s.inflation) / 100), s.recruit_per_year


def scenario_of(saved: SavedScenario | None) -> Scenario:
    if saved is None:
        return BASELINE
    return Scenario(saved.name, tuple(Adjustment(a["target"], a["mode"], float(a["value"]), tuple(a.get("bands", ())),
                                                 a.get("from_type"), a.get("to_type")) for a in saved.adjustments))


def adjustment_json(a: Adjustment) -> dict:
    return {"target": a.target, "mode": a.mode, "value": a.value, "bands": list(a.bands),
            "from_type": a.from_type, "to_type": a.to_type}


def report(la: str, saved: SavedScenario | None = None, runs: int = DEFAULT_RUNS) -> ForecastReport | None:
    """The forecast under a saved scenario (or current trends), with the council's costs."""
    got = inputs_and_model(la)
    if got is None:
        return None
    inputs, model = got
    scenario = scenario_of(saved)
    costs, recruit = costs_for(la)
    key = (la, _stamp(la), json.dumps([adjustment_json(a) for a in scenario.adjustments]), scenario.name,
           json.dumps(costs.weekly, sort_keys=True), costs.inflation, recruit, runs)
    if key in _REPORTS:
        _REPORTS.move_to_end(key)
        return _REPORTS[key]
    rep = build(la, inputs, scenario, costs, recruit_per_year=recruit, runs=runs, model=model)
    _REPORTS[key] = rep
    while len(_REPORTS) > MAX_REPORTS:
        _REPORTS.popitem(last=False)
    return rep


def clear() -> None:
    _MODELS.clear()
    _REPORTS.clear()


def pack_section(la: str):
    """The forecast section of the panel pack (current trends), or None without data."""
    from cphub.forecast.section import pack_section as section

    rep = report(la)
    return section(rep) if rep is not None else None
