"""Every measure is one implementation over many dates: computed for a list of dates at once, each result
(value, numerator, denominator, detail, children, cohort) is the one the same measure gives for that date alone
(``registry.compute`` is the one-element case of ``registry.compute_series``)."""

from datetime import date

import pytest
from measure_builders import council, ep, hdr

from cphub.measures.base import CouncilData, MeasureResult
from cphub.measures.registry import REGISTRY, compute, compute_series
from cphub.panel.scorecard import assemble, trend_dates, year_earlier

AT = date(2025, 3, 31)
DATES = [year_earlier(AT)] + trend_dates(AT) + [date(2024, 4, 1), date(2024, 9, 15), date(2023, 6, 30)]


def _fresh(data: CouncilData) -> CouncilData:
    return CouncilData(la=data.la, tables=data.tables, population=data.population, settings=data.settings)


def _full(r: MeasureResult):
    return (r.value, r.numerator, r.denominator, r.detail, r.children, r.cohort)


def _assert_same(data: CouncilData, dates=DATES):
    for mid in REGISTRY:
        many = [_full(r) for r in compute_series(mid, _fresh(data), dates)]
        one_by_one = [_full(compute(mid, _fresh(data), d)) for d in dates]
        assert many == one_by_one, mid


def _assert_frames_same(data: CouncilData, dates):
    from polars.testing import assert_frame_equal

    from cphub.measures import care_leavers, episodes

    stacked = _fresh(data)
    cla = episodes.cla_on(stacked, dates)
    leavers = care_leavers.care_leavers_on(stacked, dates)
    for d in dates:
        assert_frame_equal(cla.filter(cla["_AT"] == d).drop("_AT"), episodes.cla_at(_fresh(data), d))
        assert_frame_equal(leavers.filter(leavers["_AT"] == d).drop("_AT"),
                           care_leavers.care_leavers(_fresh(data), d))


def test_results_come_one_per_date_in_the_order_given(synthetic):
    dates = [date(2025, 3, 31), date(2024, 3, 31), date(2025, 3, 31), date(2024, 9, 30)]
    for mid in REGISTRY:
        got = compute_series(mid, _fresh(synthetic), dates)
        assert len(got) == len(dates), mid
        assert _full(got[0]) == _full(got[2]), mid
        assert _full(got[1]) == _full(compute(mid, _fresh(synthetic), dates[1])), mid


def test_cohort_holds_the_denominator_children_and_children_the_numerator(synthetic):
    for mid, m in REGISTRY.items():
        r = compute(mid, _fresh(synthetic), AT)
        if r.cohort:
            assert len(r.cohort) == r.denominator, mid
            assert set(r.children) <= set(r.cohort), mid
        if m.unit == "%" and r.denominator:
            assert r.cohort, f"{mid}: a percentage of children has its cohort"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    from measure_builders import load_folder

    from cphub.synth.generator import generate

    out = tmp_path_factory.mktemp("synth_series")
    generate(out, councils=["871"], from_year=2023, to_year=2025, seed=5)
    return load_folder(out / "871", "871")


def test_every_measure_many_dates_equals_one_date_at_a_time_on_a_synthetic_council(synthetic):
    _assert_same(synthetic)


@pytest.mark.django_db
def test_every_measure_many_dates_equals_one_date_at_a_time_on_the_demo_store(demo_store):
    from cphub.web.store.frames import council_data

    _assert_same(council_data("871"))


def test_scorecard_trend_is_the_same_as_computing_each_date_alone(synthetic):
    from cphub.measures import registry

    together = assemble(_fresh(synthetic), AT, registry=REGISTRY, compute=registry.compute, benchmark=None)
    alone = assemble(_fresh(synthetic), AT, registry=REGISTRY, compute=lambda m, d, a: registry.compute(m, d, a),
                     benchmark=None)
    for a, b in zip(together.rows, alone.rows):
        assert a.error is None and b.error is None, a.id
        assert (a.value, a.numerator, a.denominator, a.detail, a.children) == \
            (b.value, b.numerator, b.denominator, b.detail, b.children), a.id
        assert (a.last_year_value, a.last_year_numerator, a.last_year_denominator) == \
            (b.last_year_value, b.last_year_numerator, b.last_year_denominator), a.id
        assert [(p.at, p.value, p.numerator, p.denominator) for p in a.trend] == \
            [(p.at, p.value, p.numerator, p.denominator) for p in b.trend], a.id
        assert (a.direction, a.rag) == (b.direction, b.rag), a.id


def test_hand_built_edge_cases():
    """Episodes ending on a trend date, a chained move on the date, several periods, a short break, a UASC
    child whose status ceases, placement for adoption, a temporary placement and exits of every kind."""
    data = council(
        population={2023: 10_000, 2024: 10_500},
        Header=[hdr("A", "2010-05-31"), hdr("B", "2009-03-31", "F"), hdr("C", "2020-01-01"),
                hdr("D", "2008-02-29", "F", "BAFR"), hdr("E", "2015-06-15"), hdr("F", "2007-04-01"),
                hdr("G", "2004-02-29", "F"), hdr("H", "2006-09-01")],
        Episodes=[
            # A: ends on a month end (not looked after that day), back in care later: two periods
            ep("A", "2021-01-10", "2024-06-30", rec="E4A"),
            ep("A", "2024-09-30", "2024-12-31", rne="P", rec="X1"),
            ep("A", "2024-12-31", None, rne="P", place="A4"),
            # B: long stable placement, a temporary move and back
            ep("B", "2020-01-01", "2024-07-01", rne="S", rec="X1"),
            ep("B", "2024-07-01", "2024-07-10", rne="P", place="T1", rec="X1"),
            ep("B", "2024-07-10", None, rne="P"),
            # C: short breaks only
            ep("C", "2024-05-01", "2024-05-03", ls="V3", rec="E8"),
            ep("C", "2024-11-30", None, ls="V4"),
            # D: UASC until 31 Oct 2024, disabled, adopted in January 2025
            ep("D", "2022-08-01", "2024-08-31", rec="X1", place="U1", cin="N2"),
            ep("D", "2024-08-31", "2025-01-31", rne="P", place="K2", rec="E11"),
            # E: three carers in a year, adopted, then a new period
            ep("E", "2024-04-01", "2024-05-31", rec="X1"),
            ep("E", "2024-05-31", "2024-08-31", rne="P", place="U1", rec="X1"),
            ep("E", "2024-08-31", "2024-10-31", rne="B", place="A5", rec="E12"),
            ep("E", "2025-02-28", None, rne="S", place="P1", home=None),
            # F: care leaver
            ep("F", "2021-04-01", "2025-04-01", rec="E17"),
            # G, H: care leavers (G born 29 February, 21 on 1 March 2025); H recorded as died in December 2024
            ep("G", "2019-01-01", "2022-03-01", rec="E17"),
            ep("H", "2021-01-01", "2024-09-01", rec="E5"),
        ],
        care_leaver_updates=[{"CHILD": "G", "UPDATE_DATE": "2024-06-01", "IN_TOUCH": "YES", "ACTIV": "F1",
                              "ACCOM": "S1"},
                             {"CHILD": "H", "UPDATE_DATE": "2024-10-01", "IN_TOUCH": "YES", "ACTIV": "G4",
                              "ACCOM": "B2"},
                             {"CHILD": "H", "UPDATE_DATE": "2024-12-15", "IN_TOUCH": "DIED"}],
        pa_allocations=[{"CHILD": "G", "PA_ID": "P1", "START_DATE": "2022-03-01", "END_DATE": "2025-03-15"},
                        {"CHILD": "G", "PA_ID": "P2", "START_DATE": "2024-06-01", "END_DATE": None},
                        {"CHILD": "H", "PA_ID": "P2", "START_DATE": "2024-09-01", "END_DATE": None}],
        fostering_households=[
            {"HOUSEHOLD_ID": "F1", "HOUSEHOLD_TYPE": "INHOUSE", "APPROVAL_DATE": "2020-01-01", "PLACES": 2},
            {"HOUSEHOLD_ID": "F2", "HOUSEHOLD_TYPE": "INHOUSE", "APPROVAL_DATE": "2024-07-01",
             "DEREGISTRATION_DATE": "2025-01-31", "PLACES": 1},
            {"HOUSEHOLD_ID": "F3", "HOUSEHOLD_TYPE": "CONNECTED", "APPROVAL_DATE": "2024-07-01", "PLACES": 1}],
        UASC=[{"CHILD": "D", "DUC": "2024-10-31"}],
        PlacedAdoption=[{"CHILD": "A", "DATE_PLACED": "2024-10-01"}],
        Missing=[{"CHILD": "B", "MISSING": "M", "MIS_START": "2024-03-30", "MIS_END": "2024-04-02"},
                 {"CHILD": "E", "MISSING": "A", "MIS_START": "2024-06-01", "MIS_END": None},
                 {"CHILD": "D", "MISSING": "M", "MIS_START": "2025-03-31", "MIS_END": None}],
        SWEpisodes=[{"CHILD": "B", "SW_ID": "W1", "SW_DECOM": "2020-01-01", "SW_DEC": "2024-05-01"},
                    {"CHILD": "B", "SW_ID": "W2", "SW_DECOM": "2024-05-01", "SW_DEC": "2024-09-01"},
                    {"CHILD": "B", "SW_ID": "W3", "SW_DECOM": "2024-09-01", "SW_DEC": None},
                    {"CHILD": "F", "SW_ID": "W3", "SW_DECOM": "2021-04-01", "SW_DEC": None},
                    {"CHILD": "D", "SW_ID": "W1", "SW_DECOM": "2022-08-01", "SW_DEC": "2024-12-31"}],
    )
    dates = sorted(set(DATES + [date(2024, 6, 30), date(2024, 7, 1), date(2024, 12, 31), date(2025, 1, 31),
                                date(2024, 2, 28), date(2024, 2, 29), date(2025, 3, 1), date(2024, 3, 1)]))
    _assert_same(data, dates)
    _assert_frames_same(data, dates)  # ages of D (born 29 February) on and around the birthday
    # and a few figures by hand: at 30 June 2024, A's episode has ended; B, D and E are looked after
    cla = compute_series("cla_count", data, [date(2024, 6, 30), date(2024, 12, 31)])
    assert [r.value for r in cla] == [5, 4]  # B, D, E, F, H; then A (chained on the day), B, D, F
    uasc = compute_series("uasc_count", data, [date(2024, 10, 30), date(2024, 10, 31)])
    assert [r.value for r in uasc] == [1, 0]
    sb = compute_series("short_breaks_count", data, [date(2024, 5, 2), date(2024, 6, 1), date(2024, 12, 1)])
    assert [r.value for r in sb] == [1, 0, 1]
    ceyp = compute_series("ceyp_count", data,
                          [date(2024, 12, 1), date(2025, 2, 28), date(2025, 3, 1), date(2025, 3, 31)])
    assert [r.value for r in ceyp] == [2, 1, 1, 1]  # H until they died; G aged 21 from 1 March, with a PA
    fh = compute_series("fostering_households_inhouse", data, [date(2024, 6, 30), date(2025, 1, 30), date(2025, 1, 31)])
    assert [r.value for r in fh] == [1, 2, 1]
    pa = compute_series("pa_caseload_avg", data, [date(2024, 9, 1), date(2025, 3, 15)])
    assert [(r.numerator, r.denominator) for r in pa] == [(2, 1), (2, 1)]  # G and H, both with P2 (G's latest row)


def test_stacked_frames_are_the_single_date_frames(synthetic):
    _assert_frames_same(synthetic, DATES)
