"""The forecast core on hand-made histories: estimation recovers known rates, simulation conserves children,
intervals widen, scenarios move the forecast the right way, costs and capacity arithmetic."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest
from forecast_chains import chain
from hypothesis import given
from hypothesis import strategies as st

from cphub.forecast.baseline import FlatRateModel
from cphub.forecast.capacity import Households, capacity, households
from cphub.forecast.costs import UnitCosts, monthly_spend, yearly_spend
from cphub.forecast.history import prepare, snapshots
from cphub.forecast.model import DESTINATIONS, fit, poisson_trend, rate_group
from cphub.forecast.scenario import Adjustment, Scenario, ScenarioError, apply_to_rates
from cphub.forecast.simulate import Forecast, simulate
from cphub.forecast.states import PLACEMENT_TYPES, placement_type, placement_type_expr
from cphub.ssda903.codes import CODE_LISTS

IN, AG = PLACEMENT_TYPES.index("foster_inhouse"), PLACEMENT_TYPES.index("foster_agency")


@pytest.fixture(scope="module")
def history():
    eps, hdr = chain(months=72, p_move=0.05, p_exit=0.03, entries_per_month=8, seed=3)
    return prepare(eps, hdr, as_at=date(2025, 3, 31))


@pytest.fixture(scope="module")
def model(history):
    return fit(history, None)


def test_estimation_recovers_known_rates(model):
    p = model.pooled_probabilities()
    g = rate_group(np.array([7 * 12]))[0]  # the chain's children are 5-9
    row = p[g, IN]
    assert row[AG] == pytest.approx(0.05, abs=0.012)
    assert row[DESTINATIONS.index("home")] == pytest.approx(0.03, abs=0.01)
    assert p[g, AG, DESTINATIONS.index("home")] == pytest.approx(0.03, abs=0.01)
    assert p[g, AG, IN] < 0.01  # never observed: only the weak prior
    assert model.move_counts.shape[0] == 6 and model.stock.shape[1] == 3
    # 8 entries a month with no trend: the Poisson fit finds about that and a trend near 0.
    assert model.expected_entries(date(2025, 4, 30)) == pytest.approx(8, rel=0.2)
    assert abs(model.entry_coef[1]) < 0.08


def test_poisson_trend_recovers_a_known_trend():
    rng = np.random.default_rng(0)
    t = np.arange(-60, 0) / 12
    counts = rng.poisson(20 * np.exp(0.1 * t))
    coef, cov, phi = poisson_trend(counts.astype(float), t, np.ones_like(t))
    assert coef[1] == pytest.approx(0.1, abs=2.5 * np.sqrt(cov[1, 1]))
    assert phi >= 1.0


def test_snapshots_follow_the_31_march_rule():
    eps = pl.DataFrame({"CHILD": ["a", "a", "b"], "DECOM": [date(2024, 1, 1), date(2024, 3, 31), date(2024, 2, 1)],
                        "LS": ["C2", "C2", "V3"], "PLACE": ["U6", "K2", "U6"], "PLACE_PROVIDER": ["PR1", "PR4", "PR1"],
                        "DEC": [date(2024, 3, 31), None, None], "REC": ["X1", None, None]})
    hdr = pl.DataFrame({"CHILD": ["a", "b"], "DOB": [date(2010, 5, 1), date(2012, 1, 1)]})
    s = snapshots(prepare(eps, hdr), [date(2024, 2, 29), date(2024, 3, 31)])
    assert s.select("k", "CHILD", "ptype", "age_m").rows() == [(0, "a", "foster_inhouse", 165),
                                                               (1, "a", "residential", 166)]  # b: short breaks


def test_simulation_conserves_children(model):
    fc = simulate(model, months=24, runs=50, seed=1)
    total = fc.series("total")
    for m in range(1, 25):
        assert np.array_equal(total[:, m] - total[:, m - 1], fc.entries[:, m - 1] - fc.exits[:, m - 1].sum(axis=1))
    assert total[:, 0].tolist() == [len(model.stock)] * 50


def test_intervals_widen_with_horizon(model):
    q = simulate(model, months=36, runs=400, seed=2).quantiles("total")
    width = [q["q90"][m] - q["q10"][m] for m in (1, 12, 36)]
    assert width[0] < width[1] < width[2]
    assert all(q["q2.5"][m] <= q["q10"][m] <= q["median"][m] <= q["q90"][m] <= q["q97.5"][m] for m in range(37))


def test_a_scenario_that_raises_entries_raises_the_forecast(model):
    base = simulate(model, months=36, runs=300, seed=4).quantiles("total")["median"]
    more = simulate(model, Scenario("More entries", (Adjustment("entries", "multiply", 1.5),)), months=36,
                    runs=300, seed=4).quantiles("total")["median"]
    assert more[12] > base[12] and more[36] > base[36] * 1.2
    added = simulate(model, Scenario("Plus 60 a year", (Adjustment("entries", "add", 60),)), months=12,
                     runs=300, seed=4)
    assert added.entries.sum(axis=1).mean() == pytest.approx(model.expected_entries(date(2025, 9, 30)) * 12 + 60,
                                                             rel=0.12)


def test_mix_and_move_scenarios(model):
    base = simulate(model, months=24, runs=300, seed=5)
    mix = simulate(model, Scenario("In-house first", (Adjustment("mix", "multiply", 1.0, (), "foster_agency",
                                                                 "foster_inhouse"),)), months=24, runs=300, seed=5)
    assert mix.quantiles("foster_agency")["median"][24] < base.quantiles("foster_agency")["median"][24]
    assert mix.quantiles("foster_inhouse")["median"][24] > base.quantiles("foster_inhouse")["median"][24]
    p = model.transition_probabilities()
    halved = apply_to_rates(p, Scenario("x", (Adjustment("moves", "multiply", 0.5, (), "foster_inhouse"),)))
    g = rate_group(np.array([84]))[0]
    assert np.allclose(halved[:, g, IN, AG], p[:, g, IN, AG] / 2)
    assert np.allclose(halved[:, g, IN].sum(axis=-1), 1.0)
    other_band = apply_to_rates(p, Scenario("x", (Adjustment("exits", "multiply", 2.0, (4,)),)))
    assert np.allclose(other_band[:, g], p[:, g])  # band 16-17 only: 5-9s untouched
    assert (other_band[:, -1, :, len(PLACEMENT_TYPES):].sum(axis=-1) > p[:, -1, :, len(PLACEMENT_TYPES):].sum(
        axis=-1)).all()


@pytest.mark.parametrize("adj", [Adjustment("mix", "multiply", 0.5, (), "foster_agency", None),
                                 Adjustment("mix", "multiply", 1.5, (), "foster_agency", "residential"),
                                 Adjustment("moves", "multiply", -1.0), Adjustment("entries", "add", 1, (9,)),
                                 Adjustment("moves", "add", 1, (), "nowhere")])
def test_bad_adjustments_are_refused(adj):
    with pytest.raises(ScenarioError):
        adj.check()


def _flat_forecast(n_by_type: dict[str, int], months: int, runs: int = 3) -> Forecast:
    """A forecast where every run holds the same children in every month (for arithmetic checks)."""
    from cphub.forecast.simulate import _dates

    counts = np.zeros((runs, months + 1, 5, len(PLACEMENT_TYPES)), dtype=np.int32)
    for t, n in n_by_type.items():
        counts[:, :, 2, PLACEMENT_TYPES.index(t)] = n
    return Forecast(Scenario("flat"), _dates(date(2025, 3, 31), months), counts,
                    np.zeros((runs, months, 6), dtype=np.int32), np.zeros((runs, months), dtype=np.int32))


def test_costs_arithmetic():
    fc = _flat_forecast({"residential": 2, "foster_inhouse": 10}, 12)
    costs = UnitCosts({t: 0.0 for t in PLACEMENT_TYPES} | {"residential": 7000.0, "foster_inhouse": 700.0}, 0.0)
    m = monthly_spend(fc, costs)
    assert m[0, 0] == pytest.approx((2 * 7000 + 10 * 700) * 30 / 7)  # April: 30 days
    assert yearly_spend(fc, costs)[0]["median"] == pytest.approx((2 * 7000 + 10 * 700) * 365 / 7)
    inflated = monthly_spend(fc, UnitCosts(costs.weekly, 0.12))
    assert inflated[0, 11] == pytest.approx(m[0, 11] * 1.12)


def test_capacity_arithmetic():
    fh = pl.DataFrame({"HOUSEHOLD_ID": ["h1", "h2", "h3", "h4", "k1"],
                       "HOUSEHOLD_TYPE": ["INHOUSE", "INHOUSE", "INHOUSE", "INHOUSE", "CONNECTED"],
                       "APPROVAL_DATE": [date(2015, 1, 1), date(2023, 6, 1), date(2024, 6, 1), date(2016, 1, 1),
                                         date(2024, 1, 1)],
                       "DEREGISTRATION_DATE": [None, None, None, date(2024, 1, 1), None],
                       "PLACES": [2, 1, 3, 2, 1]})
    hh = households(fh, date(2025, 3, 31))
    assert (hh.households, hh.places) == (3, 6)
    assert hh.approvals_per_year == pytest.approx(2 / 3) and hh.leavers_per_year == pytest.approx(1 / 3)
    fc = _flat_forecast({"foster_inhouse": 6, "foster_agency": 4}, 36)
    rows = capacity(fc, Households(3, 6, 1.0, 0.0, 2.0), recruit_per_year=2)
    assert [r["places"] for r in rows] == [8, 10, 12]          # +1 household of 2 places a year
    assert [r["gap"] for r in rows] == [2, 0, -2]              # demand 10
    assert [r["places_with_recruitment"] for r in rows] == [12, 18, 24]


def test_flat_rate_baseline_keeps_a_closed_population():
    eps, hdr = chain(months=36, p_move=0.0, p_exit=0.0, entries_per_month=5, seed=9)
    h = prepare(eps, hdr, as_at=date(2022, 3, 31))
    b = FlatRateModel(h.truncate(date(2021, 3, 31)), reference_years=1)
    start = b.start.sum()
    assert start == snapshots(h, [date(2021, 3, 31)]).height
    later = b.at(date(2022, 3, 31))
    assert later["total"] == pytest.approx(start + 60, rel=0.3)  # entries about 5 a month, nobody leaves
    assert later["foster_agency"] == pytest.approx(0.0)


@given(st.sampled_from([c.code for c in CODE_LISTS["PLACE"]] + ["", "XX"]),
       st.sampled_from([c.code for c in CODE_LISTS["PLACE_PROVIDER"]] + [""]))
def test_the_polars_mapping_is_the_python_mapping(place, provider):
    df = pl.DataFrame({"PLACE": [place or None], "PLACE_PROVIDER": [provider or None]})
    assert df.select(placement_type_expr())[0, 0] == placement_type(place or None, provider or None)
