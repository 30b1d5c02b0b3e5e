"""The backtest's arithmetic on hand-made cells, and one real backtest on a hand-made chain."""

from __future__ import annotations

from datetime import date

import pytest
from forecast_chains import chain

from cphub.forecast.backtest import Cell, backtest, by_horizon, summarise
from cphub.forecast.history import prepare


def test_summary_arithmetic():
    cells = [Cell("1", 2020, 1, "total", 100, 110, 95, 120, 90, 130, 80),
             Cell("1", 2020, 2, "total", 100, 100, 101, 120, 99, 130, 100),
             Cell("2", 2020, 1, "total", 50, 45, 40, 60, 30, 70, 55)]
    row = summarise(cells).row(0, named=True)
    assert row["ours_wape"] == pytest.approx(100 * (10 + 0 + 5) / 250)
    assert row["base_wape"] == pytest.approx(100 * (20 + 0 + 5) / 250)
    assert row["cover80"] == pytest.approx(2 / 3) and row["cover95"] == pytest.approx(1.0)
    # All-councils totals: horizon 1: 150 vs ours 155, base 135; horizon 2: 100 vs 100, 100.
    assert row["ours_mape"] == pytest.approx(100 * (5 / 150 + 0) / 2)
    assert row["base_mape"] == pytest.approx(100 * (15 / 150 + 0) / 2)
    assert by_horizon(cells)[1]["cover80"] == pytest.approx(1.0)


def test_backtest_on_a_steady_chain_is_close_and_covered():
    eps, hdr = chain(months=96, entries_per_month=10, p_move=0.04, p_exit=0.04, seed=11)
    h = prepare(eps, hdr, as_at=date(2027, 3, 31))
    cells = backtest(h, None, [2023, 2024], runs=200)
    table = {r["state"]: r for r in summarise(cells).iter_rows(named=True)}
    assert len(cells) == 2 * 3 * 8
    assert table["total"]["ours_wape"] < 12
    assert table["total"]["cover95"] >= 0.5
