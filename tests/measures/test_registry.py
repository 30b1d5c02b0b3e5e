"""The registry contract, and invariants of every measure on an empty council and on a synthetic one."""

from datetime import date
from typing import get_args

import pytest
from measure_builders import council, load_folder

from cphub.measures.base import GoodToBe, MeasureResult, Unit, Window
from cphub.measures.common import pct
from cphub.measures.registry import REGISTRY, compute

REQUIRED = """cla_count cla_rate_10k short_breaks_count cla_demographics cla_disability_count uasc_count uasc_pct
entries_ytd entries_rate_10k exits_ytd exits_rate_10k exit_reasons positive_exits_pct adoptions_ytd adoptions_pct
health_assessment_pct dental_check_pct stability_long_term_pct stability_short_term_pct placed_over_20_miles_pct
placed_outside_la_over_20_miles_pct visits_in_time_pct visits_seen_alone_pct sw_changes_2plus_pct sw_caseload_avg
fostering_households_inhouse ceyp_count ceyp_demographics ceyp_eet_19_21_pct ceyp_suitable_accom_19_21_pct
ceyp_eet_17_18_pct ceyp_suitable_accom_17_18_pct pa_caseload_avg placement_type_mix placed_out_of_area_pct
unregistered_placements_count missing_pct convictions_pct staying_put_19_20_pct awaiting_adoption_count
sdq_mean""".split()
DATES = [date(2025, 3, 31), date(2024, 12, 31), date(2024, 4, 1), date(2023, 9, 30)]


def test_required_ids_in_registry():
    assert set(REQUIRED) <= set(REGISTRY)
    assert list(REGISTRY)[:2] == ["cla_count", "cla_rate_10k"]


@pytest.mark.parametrize("mid", list(REGISTRY))
def test_measure_metadata(mid):
    m = REGISTRY[mid]
    assert m.id == mid and m.title and m.description and m.definition and m.source and m.section
    assert m.good_to_be in get_args(GoodToBe) and m.unit in get_args(Unit) and m.window in get_args(Window)
    assert m.compute.__doc__, "each measure cites the definition it implements"


@pytest.mark.parametrize("mid", list(REGISTRY))
def test_every_measure_runs_on_an_empty_council(mid):
    r = compute(mid, council(), date(2025, 3, 31))
    assert isinstance(r, MeasureResult) and r.children == []


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    from cphub.synth.generator import generate

    out = tmp_path_factory.mktemp("synth_measures")
    generate(out, councils=["871"], from_year=2023, to_year=2025, seed=11)
    return load_folder(out / "871", "871")


def test_invariants_on_a_synthetic_council(synthetic):
    known = set(synthetic.tables["Header"]["CHILD"].to_list()) | set(synthetic.tables["pa_allocations"]["CHILD"].to_list())
    for at in DATES:
        cla = compute("cla_count", synthetic, at)
        assert cla.value > 0
        for mid, m in REGISTRY.items():
            r = compute(mid, synthetic, at)
            assert set(r.children) <= known, mid
            if m.unit == "%" and r.denominator is not None and r.value is not None:
                assert 0 <= r.numerator <= r.denominator, mid
                assert r.value == pct(r.numerator, r.denominator), mid
            if m.unit == "count" and r.value is not None:
                assert r.value >= 0, mid
    at = DATES[0]
    cla = compute("cla_count", synthetic, at)
    # the cohorts nest as their definitions say
    assert compute("uasc_count", synthetic, at).value <= compute("cla_count", synthetic, at).value
    assert compute("adoptions_ytd", synthetic, at).value <= compute("exits_ytd", synthetic, at).value
    e = compute("entries_ytd", synthetic, at)
    assert e.detail["periods"] >= e.value
    assert set(compute("stability_long_term_pct", synthetic, at).children) <= set(cla.children)
    assert not set(compute("ceyp_count", synthetic, at).children) & set(cla.children)


def test_measure_catalogue_is_current():
    from cphub.measures.catalogue import DOC, render

    assert DOC.read_text(encoding="utf-8") == render(), "docs/measures.md is stale: run python -m cphub.measures.catalogue"
