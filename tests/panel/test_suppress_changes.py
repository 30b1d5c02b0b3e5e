from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cphub.panel.changes import attach, compare, poisson_p, summarise, two_proportion_p
from cphub.panel.scorecard import assemble
from cphub.panel.suppress import figure_disclosive, public, suppress_detail


def test_public_threshold_5_hides_small_figures_and_children(card):
    pub = public(card, 5)
    la = pub.row("looked_after")
    assert la.value is None and la.numerator is None and la.children == []
    assert "value" in la.suppressed and "last_year_value" in la.suppressed and "trend" in la.suppressed
    assert all(p.value is None for p in la.trend)  # 3 or 4 every month
    assert la.direction is None
    assert pub.row("long_stay_pct").value is None  # numerator 2
    assert pub.row("caseload").value is None  # a mean over 3 workers
    assert card.row("looked_after").value == 4  # the original is untouched
    assert all(r.children == [] for r in pub.rows) and pub.public and pub.threshold == 5


def test_public_threshold_2_shows_them(card):
    pub = public(card, 2)
    assert pub.row("looked_after").value == 4 and pub.row("long_stay_pct").value == 50.0
    assert pub.row("caseload").value == pytest.approx(4 / 3)
    assert pub.row("looked_after").children == []


@pytest.mark.parametrize("unit,value,num,den,hidden", [
    ("count", 0, 0, None, False),
    ("count", 4, 4, None, True),
    ("count", 5, 5, None, False),
    ("%", 50.0, 10, 20, False),
    ("%", 20.0, 4, 20, True),      # numerator small
    ("%", 97.0, 97, 100, True),    # the 3 not counted are small
    ("%", 100.0, 100, 100, False),
    ("%", 75.0, None, 4, True),    # denominator below the threshold
    ("rate per 10,000", 3.1, 7, 22000, False),
    ("rate per 10,000", 1.4, 3, 22000, True),
    ("mean", 14.2, 71, 5, False),
    ("mean", 14.0, 42, 3, True),
])
def test_figure_rule(unit, value, num, den, hidden):
    assert figure_disclosive(unit, value, num, den, 5) is hidden


def test_detail_breakdown():
    detail = {"episodes": 137, "by_reason": {"E11": 3, "E11_pct": 2.2, "E13": 40, "E13_pct": 29.2},
              "ages": {"0": 12, "1-4": 20}, "flag": True, "label": "x"}
    out, hit = suppress_detail(detail, 5)
    assert out["episodes"] == 137 and out["flag"] is True and out["label"] == "x"
    assert out["by_reason"] == {"E11": None, "E11_pct": None, "E13": 40, "E13_pct": None}
    assert out["ages"] == {"0": 12, "1-4": 20}


def test_statistical_tests_by_hand():
    # 1 then 3: Binomial(4, 1/2) outcomes no likelier than k=3 are 0,1,3,4 -> (1+4+4+1)/16
    assert poisson_p(1, 3) == pytest.approx(10 / 16)
    assert poisson_p(0, 0) == 1.0
    assert poisson_p(200, 199) > 0.9  # one child fewer in a panel of 200: chance
    assert poisson_p(100, 160) < 0.001
    # 50/100 vs 60/100: pooled .55, se = sqrt(.55*.45*.02) = .070356, z = 1.4213, p = .1552
    assert two_proportion_p(50, 100, 60, 100) == pytest.approx(0.1552, abs=1e-4)
    assert two_proportion_p(0, 10, 0, 12) == 1.0
    assert two_proportion_p(1, 0, 1, 2) is None


def test_what_changed(fakes):
    before = assemble(fakes.data(), date(2023, 8, 31), registry=fakes.REGISTRY)
    after = assemble(fakes.data(), date(2024, 2, 29), registry=fakes.REGISTRY, targets={"long_stay_pct": 75})
    changes = compare(before, after)
    by = {c.measure_id: c for c in changes}
    # 31 Aug 2023: A, B, E open (3); 29 Feb 2024: 4. Poisson 3 vs 4 -> well within chance
    la = by["looked_after"]
    assert (la.before, la.after, la.test) == (3, 4, "Poisson (exact conditional)") and la.within_chance is True
    assert "within what we'd expect by chance for a group this size" in la.sentence() and "p =" not in la.sentence()
    assert "p = " in la.statistics()
    # long stay: 2 of 3 (A, E) -> 2 of 4; two-proportion test; now red against the 75% target
    ls = by["long_stay_pct"]
    assert ls.test == "two-proportion z-test" and ls.within_chance is True and ls.assessment == "worse"
    assert ls.rag_after == "red" and ls.newly_off_target
    assert by["caseload"].test == "none" and by["caseload"].within_chance is None
    s = summarise(changes, "31 August 2023")
    text = "\n".join(s.lines())
    assert "Newly off target since the last panel: Looked after 12 months or more." in text
    assert [c.measure_id for c in s.untested] == ["caseload"]
    attach(after, before)
    assert after.since == date(2023, 8, 31) and len(after.changes) == 3
    pub = public(after, 5)
    assert all(c.suppressed for c in pub.changes)  # every figure is small in this council
    assert "withheld" in pub.changes[0].sentence()




@settings(max_examples=200, deadline=None)
@given(a=st.integers(0, 400), b=st.integers(0, 400))
def test_poisson_p_is_a_symmetric_probability(a, b):
    p = poisson_p(a, b)
    assert 0 <= p <= 1 and p == pytest.approx(poisson_p(b, a))
    if a == b:
        assert p == pytest.approx(1.0)


@settings(max_examples=200, deadline=None)
@given(n0=st.integers(1, 300), n1=st.integers(1, 300), f0=st.floats(0, 1), f1=st.floats(0, 1))
def test_two_proportion_p_is_a_probability(n0, n1, f0, f1):
    x0, x1 = round(n0 * f0), round(n1 * f1)
    p = two_proportion_p(x0, n0, x1, n1)
    assert 0 <= p <= 1 + 1e-12
