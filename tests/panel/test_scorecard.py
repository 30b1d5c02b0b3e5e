"""Scorecard assembly on the hand-made council in fakes.py (answers worked out by hand in the comments)."""

from datetime import date

import pytest

from cphub.panel.scorecard import (
    add_months,
    assemble,
    collection_year,
    direction_of,
    latest_published_year,
    rag_status,
    trend_dates,
)

AT = date(2024, 2, 29)


def test_dates():
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert add_months(date(2024, 2, 29), -12) == date(2023, 2, 28)
    assert add_months(date(2023, 12, 15), 1) == date(2024, 1, 15)
    pts = trend_dates(AT)
    assert len(pts) == 12 and pts[0] == date(2023, 3, 31) and pts[-2] == date(2024, 1, 31) and pts[-1] == AT
    assert collection_year(date(2024, 2, 2)) == 2024 and collection_year(date(2024, 4, 1)) == 2025
    assert latest_published_year(date(2024, 2, 2)) == 2023


def test_values_last_year_and_trend(card):
    la = card.row("looked_after")
    # open at 29 Feb 2024: A, B, D, E (C ended 31 Jan, F ended 31 Aug 2023)
    assert la.value == 4 and la.children == ["A", "B", "D", "E"]
    # 28 Feb 2023: A and E
    assert card.last_year_at == date(2023, 2, 28) and la.last_year_value == 2
    assert [p.value for p in la.trend] == [3, 3, 3, 4, 4, 3, 3, 3, 4, 4, 4, 4]
    assert la.trend[0].month == "2023-03" and la.trend[-1].month == "2024-02"
    assert la.direction == "up" and la.assessment is None and la.rag is None  # a context measure


def test_percentage_rag_and_benchmarks(card):
    r = card.row("long_stay_pct")
    # A and E started on or before 28 Feb 2023: 2 of 4
    assert (r.value, r.numerator, r.denominator) == (50.0, 2, 4)
    assert r.last_year_value == 100.0  # 2 of 2 a year earlier
    assert r.direction == "down" and r.assessment == "worse"
    assert r.target == 50 and r.target_source == "default" and r.rag == "green"
    assert r.benchmarks["statistical_neighbours"] == 60.0 and r.benchmarks["year"] == 2023
    assert r.benchmarks["statistic"] == "mean"
    assert card.row("caseload").benchmarks["england"] is None  # no benchmark published


def test_council_target_override_and_median(fakes):
    card = assemble(fakes.data(), AT, registry=fakes.REGISTRY, benchmark=fakes.benchmark,
                    targets={"long_stay_pct": 60.0, "caseload": None}, statistic="median",
                    commentary={"caseload": "Teams fully staffed."})
    r = card.row("long_stay_pct")
    assert r.target == 60.0 and r.target_source == "council" and r.rag == "red"  # 50 misses 60 by 10 > 5 points
    assert r.benchmarks["statistic"] == "median"
    c = card.row("caseload")
    assert c.target is None and c.rag is None and c.commentary == "Teams fully staffed."


def test_sections_keep_registry_order(card):
    assert [s for s, _ in card.sections()] == ["Children looked after", "Workforce"]


def test_a_failing_measure_is_reported_not_fatal(fakes):
    from dataclasses import replace

    def boom(d, at):
        raise ValueError("no data")

    reg = dict(fakes.REGISTRY)
    reg["caseload"] = replace(reg["caseload"], compute=boom)
    card = assemble(fakes.data(), AT, registry=reg)
    assert card.row("caseload").value is None and "no data" in card.row("caseload").error
    assert card.row("looked_after").value == 4


@pytest.mark.parametrize("value,good,unit,target,expected", [
    (90.0, "high", "%", 90.0, "green"),
    (86.0, "high", "%", 90.0, "amber"),   # 4 points short: within 5
    (84.9, "high", "%", 90.0, "red"),
    (18.0, "low", "mean", 18.0, "green"),
    (19.8, "low", "mean", 18.0, "amber"),  # 10% of 18 = 1.8
    (19.9, "low", "mean", 18.0, "red"),
    (12.0, "low", "mean", 18.0, "green"),
    (50.0, "n/a", "%", 40.0, None),
    (None, "high", "%", 90.0, None),
])
def test_rag_against_target(value, good, unit, target, expected):
    assert rag_status(value, good, unit, target)[0] == expected


def test_rag_against_benchmarks_when_no_target():
    b = {"statistical_neighbours": 60.0, "england": 70.0}
    assert rag_status(57.0, "high", "%", None, b)[0] == "amber"
    assert rag_status(61.0, "high", "%", None, b) == ("green", "Meets the statistical neighbours (60.0%).")
    assert rag_status(80.0, "high", "%", None, {"statistical_neighbours": None, "england": 70.0})[0] == "green"
    assert rag_status(80.0, "high", "%", None, {})[0] is None


def test_direction():
    assert direction_of(5, 4, "high") == ("up", "better")
    assert direction_of(5, 4, "low") == ("up", "worse")
    assert direction_of(4, 4, "low") == ("level", "same")
    assert direction_of(3, 4, "n/a") == ("down", None)
    assert direction_of(None, 4, "high") == (None, None)
