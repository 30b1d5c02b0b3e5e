"""The panel paper's pure parts: the drafted summary, counts beside percentages, benchmark labels, local
children comparison, drill to action and annual trends."""

from datetime import date

from cphub.measures.base import Measure, MeasureResult
from cphub.panel import local_children
from cphub.panel.action import needs_action
from cphub.panel.changes import attach
from cphub.panel.fmt import benchmark_label, with_count
from cphub.panel.paper import WHY, cover_fields, draft_summary, summary_of
from cphub.panel.scorecard import annual_dates, assemble


def test_counts_beside_percentages_and_labels():
    assert with_count(86.31, "%", 135) == "86.3% (135)"
    assert with_count(12.0, "count", 12) == "12"
    assert with_count(None, "%", None) == "–"
    b = {"region_name": "South East", "year": 2025}
    assert benchmark_label("region", b) == "South East, 31 March 2025"
    assert benchmark_label("england", b) == "England, 31 March 2025"
    assert benchmark_label("region", {}) == "Region (none published)"


def test_summary_is_drafted_from_the_figures_and_traceable(fakes):
    card = assemble(fakes.data(), date(2024, 2, 29), registry=fakes.REGISTRY, benchmark=fakes.benchmark)
    attach(card, assemble(fakes.data(), date(2023, 8, 31), registry=fakes.REGISTRY))
    sentences = draft_summary(card)
    ids = [s.measure_id for s in sentences]
    assert set(ids) <= set(fakes.REGISTRY) and len(ids) == len(set(ids))
    red = [r.id for r in card.rows if r.rag == "red"]
    assert set(red) <= set(ids)  # everything off target is in the summary
    text = " ".join(s.text for s in sentences)
    assert "p =" not in text and "z-test" not in text
    ls = card.row("long_stay_pct")
    ls.rag = "red"
    line = next(s.text for s in draft_summary(card) if s.measure_id == "long_stay_pct")
    assert f"({ls.numerator})" in line and "off target" in line
    card.paper = {"summary": [{"measure": "caseload", "text": "Edited by the officer."}], "author": "A Officer"}
    assert [(s.measure_id, s.text) for s in summary_of(card)] == [("caseload", "Edited by the officer.")]
    assert cover_fields(card)["author"] == "A Officer" and cover_fields(card)["status"] == "confidential"
    from cphub.panel.suppress import public

    card.paper["summary"].append({"measure": "looked_after", "text": "Four children are looked after."})
    pub = public(card, 5)  # 4 children, a caseload over 3 workers: withheld, so are the sentences about them
    assert summary_of(pub) == [] and cover_fields(pub)["status"] == "public"
    assert [s.measure_id for s in summary_of(public(card, 1))] == ["caseload", "looked_after"]


def test_every_registered_measure_says_why_it_matters():
    from cphub.measures.registry import REGISTRY

    assert not [m for m in REGISTRY if m not in WHY]


def test_annual_measures_have_one_value_a_year():
    assert annual_dates(date(2026, 10, 31)) == [date(y, 3, 31) for y in range(2022, 2027)]
    assert annual_dates(date(2026, 3, 30))[-1] == date(2025, 3, 31)
    m = Measure("annual", "Annual", "", "", "test", "low", "mean", "year_to_31_march",
                lambda d, dates: [MeasureResult(float(a.year)) for a in dates])
    from cphub.measures.base import CouncilData

    card = assemble(CouncilData("999", {}), date(2026, 10, 31), registry={"annual": m}, benchmark=None)
    assert [p.at for p in card.rows[0].trend] == annual_dates(date(2026, 10, 31))


def test_needs_action_is_the_complement_when_good_is_high(fakes):
    card = assemble(fakes.data(), date(2024, 2, 29), registry=fakes.REGISTRY, benchmark=fakes.benchmark)
    row = card.row("long_stay_pct")
    row.cohort = ["A", "B", "D", "E"]
    row.children = ["A", "E"]
    assert needs_action(row) == ["B", "D"]
    low = card.row("caseload")
    low.children = ["X"]
    assert needs_action(low) == ["X"]
    assert needs_action(card.row("looked_after")) == []


def test_local_children_ratios():
    detail = {"age_by_sex": [{"group": "Under 1", "F": 2, "M": 2, "U": 0}, {"group": "16 and over", "F": 8, "M": 8,
                                                                           "U": 0}],
              "ethnicity_by_sex": [{"group": "White", "F": 10, "M": 10, "U": 0},
                                   {"group": "Asian or Asian British", "F": None, "M": 0, "U": 0}]}
    tables = local_children.compare(detail, "E06000039")  # Slough
    age, eth = tables
    assert "mid-2023" in age.source and "Open Government Licence" in age.source
    assert age.rows[0][1] == "2" and age.rows[0][2] == "10.0%"
    assert "aged 10-17" in eth.caption and "10-17" in eth.source
    white = next(r for r in eth.rows if r[0] == "White")
    asian = next(r for r in eth.rows if r[0] == "Asian or Asian British")
    assert white[2] == "100.0%" and float(white[4]) > 3  # Slough's children are about a quarter White
    assert asian[1] == "[c]" and asian[4] == "[c]"  # a withheld count gives no ratio
    assert local_children.compare(detail, "E99999999") == []


def test_withheld_figures_carry_no_rag_direction_or_chance_text(fakes):
    from cphub.panel.changes import summarise
    from cphub.panel.suppress import public

    card = assemble(fakes.data(), date(2024, 2, 29), registry=fakes.REGISTRY, benchmark=fakes.benchmark)
    attach(card, assemble(fakes.data(), date(2023, 8, 31), registry=fakes.REGISTRY))
    for r in card.rows:
        r.rag = "red"
    for c in card.changes:
        c.rag_after = "red"
    pub = public(card, 5)
    for r in pub.rows:
        assert "value" in r.suppressed and r.rag is None and r.direction is None and r.assessment is None
    s = summarise(pub.changes, "then")
    assert s.off_target == [] and s.newly_off_target == []
    assert all(c.within_chance is None and c.assessment is None for c in pub.changes)
