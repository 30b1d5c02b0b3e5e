"""Advocacy, independent visitors and councillors' training (issue 14 item 8) on hand-built histories, through
the many-dates functions and the registry."""

from datetime import date

from measure_builders import council, ep, hdr

from cphub.measures import voice
from cphub.measures.registry import REGISTRY, compute

AT = date(2025, 3, 31)


def _data():
    eps = [ep("A1", "2023-01-01"), ep("A2", "2024-06-01"), ep("A3", "2022-01-01", "2024-12-31", rec="E11"),
           ep("A4", "2024-01-01")]
    refs = [{"CHILD": "A1", "REFERRAL_DATE": "2024-05-01", "TAKEN_UP": True, "START_DATE": "2024-05-10"},
            {"CHILD": "A2", "REFERRAL_DATE": "2025-01-10", "TAKEN_UP": False},
            {"CHILD": "A1", "REFERRAL_DATE": "2025-03-31", "TAKEN_UP": True, "START_DATE": "2025-03-31"},
            {"CHILD": "A4", "REFERRAL_DATE": "2024-03-31", "TAKEN_UP": True}]  # a day outside the 12 months
    ivs = [{"CHILD": "A1", "START_DATE": "2024-01-01"},
           {"CHILD": "A2", "START_DATE": "2024-07-01", "END_DATE": "2025-02-01"},  # ended
           {"CHILD": "A3", "START_DATE": "2023-01-01"},  # no longer looked after
           {"CHILD": "A4", "START_DATE": "2025-04-01"}]  # not yet started
    training = [{"COUNCILLOR": "Cllr Hulme", "TRAINING_DATE": "2024-06-01", "COURSE": "Corporate parenting induction"},
                {"COUNCILLOR": "Cllr Hulme", "TRAINING_DATE": "2025-01-01", "COURSE": "Care leavers' offer"},
                {"COUNCILLOR": "Cllr Gill", "TRAINING_DATE": "2024-09-01", "COURSE": "Corporate parenting induction"},
                {"COUNCILLOR": "Cllr Rana", "TRAINING_DATE": "2023-09-01", "COURSE": "Corporate parenting induction"}]
    return council(Episodes=eps, Header=[hdr(c, "2010-01-01") for c in ("A1", "A2", "A3", "A4")],
                   advocacy_referrals=refs, independent_visitors=ivs, councillor_training=training)


def test_advocacy_referrals_and_take_up_in_the_last_12_months():
    data = _data()
    r = compute("advocacy_referrals_12m", data, AT)
    assert r.value == 3 and r.children == ["A1", "A2"]
    assert r.detail["by_take_up"] == [{"group": "Taken up", "count": 2}, {"group": "Not taken up", "count": 1}]
    r = compute("advocacy_take_up_pct", data, AT)  # children: A1 took it up, A2 did not
    assert (r.numerator, r.denominator, r.value, r.cohort) == (1, 2, 50.0, ["A1", "A2"])


def test_independent_visitors_of_children_looked_after_at_the_date():
    r = compute("independent_visitor_pct", _data(), AT)
    assert (r.numerator, r.denominator, r.children, r.cohort) == (1, 3, ["A1"], ["A1", "A2", "A4"])


def test_councillors_trained_counts_each_councillor_once():
    r = compute("councillor_training_12m", _data(), AT)
    assert r.value == 2 and r.children == []
    assert r.detail["by_course"] == [{"group": "Care leavers' offer", "count": 1},
                                     {"group": "Corporate parenting induction", "count": 2}]


def test_many_dates_contract_gives_one_result_per_date_in_order():
    data = _data()
    dates = [date(2024, 3, 31), AT, date(2024, 9, 30)]
    for fn in (voice.advocacy_referrals_12m, voice.advocacy_take_up_pct, voice.independent_visitor_pct,
               voice.councillor_training_12m):
        many = fn(data, dates)
        assert len(many) == 3
        assert [m.value for m in many] == [fn(data, [d])[0].value for d in dates]
    assert [r.value for r in voice.councillor_training_12m(data, dates)] == [1, 2, 2]  # Rana (Sept 2023) counts at 31 March 2024


def test_registered_with_definitions_and_sources():
    for mid in ("advocacy_referrals_12m", "advocacy_take_up_pct", "independent_visitor_pct", "councillor_training_12m"):
        m = REGISTRY[mid]
        assert m.definition and m.source.startswith("Local")
    assert list(REGISTRY)[-4:] == ["advocacy_referrals_12m", "advocacy_take_up_pct", "independent_visitor_pct",
                                   "councillor_training_12m"]
