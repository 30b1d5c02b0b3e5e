"""Property: whatever the figures, the public row shows no count from 1 to t - 1 and no percentage built on one."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from cphub.measures.base import Measure, MeasureResult
from cphub.panel.scorecard import Row, TrendPoint
from cphub.panel.suppress import public_row


def _row(unit, num, den, breakdown):
    m = Measure(id="m", title="M", description="", definition="", source="", good_to_be="high", unit=unit,
                window="as_at", compute=lambda d, dates: [MeasureResult(None) for _ in dates])
    value = float(num) if unit == "count" else (100 * num / den if den else None)
    return Row(measure=m, value=value, numerator=num, denominator=None if unit == "count" else den,
               detail={"breakdown": [{"group": "g", "n": b, "pct": 1.5} for b in breakdown]}, children=["X1"],
               target=None, target_source="none", last_year_value=value, last_year_numerator=num,
               last_year_denominator=den, trend=[TrendPoint("2024-01", date(2024, 1, 31), value, num, den)],
               benchmarks={}, rag=None, rag_reason="", direction=None, assessment=None)


@settings(max_examples=300, deadline=None)
@given(unit=st.sampled_from(["count", "%"]), num=st.integers(0, 40), extra=st.integers(0, 40),
       t=st.integers(1, 10), breakdown=st.lists(st.integers(0, 20), max_size=4))
def test_public_row_never_shows_a_small_number(unit, num, extra, t, breakdown):
    r = public_row(_row(unit, num, num + extra, breakdown), t)
    assert r.children == []
    if r.value is not None:
        assert r.numerator is None or r.numerator == 0 or r.numerator >= t
        if unit == "%":
            assert r.denominator is not None and r.denominator >= t
            assert r.denominator - r.numerator == 0 or r.denominator - r.numerator >= t
    for p in r.trend:
        if p.value is not None and unit == "count":
            assert p.value == 0 or p.value >= t
    for item in r.detail["breakdown"]:
        assert item["n"] is None or item["n"] == 0 or item["n"] >= t
        if item["n"] is None:
            assert item["pct"] is None
