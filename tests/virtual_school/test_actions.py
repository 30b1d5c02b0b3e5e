"""Drill to action, who the child is, Pupil Premium Plus and the inspection lists, on hand-made data."""

from __future__ import annotations

from vs_helpers import D, council, ep

from cphub.virtual_school.actions import needs_action
from cphub.virtual_school.annex_a import LISTS, ilacs_list_8
from cphub.virtual_school.people import who
from cphub.virtual_school.pupil_premium import pupil_premium_plus

AT = D(2025, 8, 31)


def _data():
    kids = {"A": D(2012, 1, 1), "B": D(2013, 1, 1), "C": D(2009, 3, 3)}
    return council(
        Header=[{"CHILD": c, "DOB": d, "SEX": "F", "ETHNIC": "WBRI"} for c, d in kids.items()],
        Episodes=[ep(c, D(2023, 1, 1)) for c in kids],
        schools=[{"URN": "1", "SCHOOL_NAME": "Ashford Primary", "PHASE": "PRI", "OFSTED": "2"},
                 {"URN": "2", "SCHOOL_NAME": "Beech Academy", "PHASE": "SEC", "OFSTED": "4"}],
        designated_teachers=[{"URN": "2", "DESIGNATED_TEACHER": "Jules Example-Teacher"}],
        child_details=[{"CHILD": "B", "FORENAME": "Robin", "SURNAME": "Example-Brookside", "SOCIAL_WORKER": "Sam W",
                        "CARER": "Foster carer: Kit C"}],
        enrolments=[{"CHILD": "A", "URN": "1", "START_DATE": D(2020, 9, 1)},
                    {"CHILD": "B", "URN": "2", "START_DATE": D(2024, 9, 1)}],
        peps=[{"CHILD": "A", "PEP_DATE": D(2025, 6, 1), "PEP_QUALITY": "G"},
              {"CHILD": "B", "PEP_DATE": D(2024, 12, 1), "PEP_QUALITY": "RI"}],
        attainment=[{"CHILD": "C", "ACADEMIC_YEAR": 2025, "ASSESSMENT": "KS4_EM4", "RESULT": 0.0}],
        pp_plus_grant=[{"ACADEMIC_YEAR": 2025, "RATE_PER_CHILD": 2570.0, "FUNDED_CHILDREN": 3, "ALLOCATION": 7710.0,
                        "HELD_CENTRALLY": 2000.0}],
        pp_plus_payments=[{"CHILD": "A", "URN": "1", "PAYMENT_DATE": D(2025, 6, 15), "AMOUNT": 600.0,
                           "PEP_DATE": D(2025, 6, 1), "TARGET": "Reading tuition"},
                          {"CHILD": "B", "URN": "2", "PAYMENT_DATE": D(2025, 1, 10), "AMOUNT": 400.0}],
        plac_pp_claims=[{"ACADEMIC_YEAR": 2025, "URN": "1", "PUPILS": 2, "AMOUNT": 5140.0}],
    )


def test_pep_drill_lists_the_overdue_not_the_children_in_date():
    # issue 12: /measure/pep_in_date/cla/ listed the 204 in date, not the 2 overdue. B's last PEP 1/12/2024 is
    # 273 days old on 31/08/2025: overdue by 273 - 183 = 90 days; C has none; A is in date.
    acts = needs_action(_data(), AT, "pep_in_date", "cla")
    assert acts["CHILD"].to_list() == ["C", "B"]  # no PEP at all first, then the longest overdue
    assert acts["DETAIL"].to_list() == ["No PEP recorded", "Overdue by 90 days (last PEP 01/12/2024)"]


def test_results_drill_lists_those_below_the_standard():
    acts = needs_action(_data(), AT, "ks4_em4", "cla")
    assert acts.select("CHILD", "ACTION").rows() == [("C", "Below expected")]
    assert needs_action(_data(), D(2025, 7, 20), "ks4_em4", "cla").is_empty()  # before results day


def test_school_drill_lists_no_place_and_weak_schools():
    acts = needs_action(_data(), AT, "good_schools", "cla")
    assert dict(zip(acts["CHILD"], acts["ACTION"])) == {"C": "No school place", "B": "School not yet good"}


def test_who_the_child_is():
    w = {r["CHILD"]: r for r in who(_data(), AT, ["B", "A"]).to_dicts()}
    assert w["B"]["NAME"] == "Robin Example-Brookside" and w["B"]["SOCIAL_WORKER"] == "Sam W"
    assert w["B"]["SCHOOL"] == "Beech Academy" and w["B"]["DESIGNATED_TEACHER"] == "Jules Example-Teacher"
    # born 1 Jan 2013: 11 on 31 August 2024 (reception in 2017/18), so Year 7 in 2024/25; born 1 Jan 2012: Year 8
    assert w["B"]["YEAR_GROUP"] == "Year 7" and w["A"]["YEAR_GROUP"] == "Year 8"
    assert w["A"]["NAME"] is None  # not in the case system's extract: the page shows the identifier


def test_pupil_premium_plus_figures():
    pp = pupil_premium_plus(_data(), AT)
    assert (pp.allocation, pp.held_centrally, pp.passed_to_schools) == (7710.0, 2000.0, 1000.0)
    assert (pp.linked_payments, pp.payments, pp.linked_amount) == (1, 2, 600.0)
    assert pp.not_yet_allocated == 4710.0 and pp.cla_pupils == 3 and pp.per_child == 2570.0
    assert (pp.plac_pupils, pp.plac_amount) == (2, 5140.0)
    acts = needs_action(_data(), AT, "pp_plus_linked", "cla")
    assert acts["CHILD"].to_list() == ["B"]  # paid with no PEP target
    assert needs_action(_data(), AT, "pp_plus_reached", "cla")["CHILD"].to_list() == ["C"]


def test_inspection_lists():
    df = ilacs_list_8(_data(), AT)
    assert df.columns[:5] == ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
    row = {r["Child Unique ID"]: r for r in df.to_dicts()}["B"]
    assert row["Gender"] == "b) Female" and row["Ethnicity"] == "a) WBRI" and row["Allocated Worker"] == "Sam W"
    assert row["Education: School"] == "Beech Academy" and row["Education: School's Ofsted grade"] == "Inadequate"
    assert all(f(_data(), AT) is not None for _, f in LISTS.values())
