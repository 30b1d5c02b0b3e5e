"""The worklist lists the right children for the right reasons on a hand-built case."""

from __future__ import annotations

from vs_helpers import D, council, ep

from cphub.virtual_school.worklist import term_bounds, worklist

AT = D(2025, 2, 10)  # spring term of 2024/25


def _data():
    kids = {"OK": D(2014, 1, 1), "LOW": D(2013, 1, 1), "NOPLACE": D(2012, 1, 1), "PART": D(2011, 1, 1),
            "SUSP": D(2010, 1, 1), "TODDLER": D(2021, 1, 1), "OLDSUSP": D(2012, 6, 1), "NEW": D(2012, 2, 2),
            "APONLY": D(2011, 5, 5)}
    att = lambda c, missed: {"CHILD": c, "ACADEMIC_YEAR": 2025, "HALF_TERM": 1, "URN": "1", "POSSIBLE": 100,  # noqa: E731
                             "ATTENDED": 100 - missed, "AUTHORISED": missed, "UNAUTHORISED": 0}
    return council(
        Header=[{"CHILD": c, "DOB": d} for c, d in kids.items()],
        Episodes=[ep(c, D(2025, 1, 20) if c == "NEW" else D(2022, 1, 1)) for c in kids],  # NEW: in care 3 weeks
        schools=[{"URN": "1", "PHASE": "PRI", "OFSTED": "2"}],
        enrolments=[{"CHILD": c, "URN": "1", "START_DATE": D(2020, 9, 1)} for c in kids if c not in ("NOPLACE", "APONLY")]
        + [{"CHILD": "NOPLACE", "URN": "1", "START_DATE": D(2020, 9, 1), "END_DATE": D(2024, 12, 20)},
           {"CHILD": "APONLY", "URN": "9", "START_DATE": D(2024, 9, 1), "MAIN": False}],
        attendance=[att("OK", 5), att("LOW", 11), att("NOPLACE", 0), att("PART", 9), att("SUSP", 0), att("OLDSUSP", 0)],
        timetables=[{"CHILD": "PART", "START_DATE": D(2025, 1, 6), "HOURS_PER_WEEK": 15.0},
                    {"CHILD": "OK", "START_DATE": D(2024, 9, 1), "END_DATE": D(2024, 10, 1), "HOURS_PER_WEEK": 10.0}],
        exclusions=[{"CHILD": "SUSP", "URN": "1", "START_DATE": D(2025, 1, 20), "EXCLUSION_TYPE": "SUSP", "DAYS": 2.0},
                    {"CHILD": "OLDSUSP", "URN": "1", "START_DATE": D(2024, 11, 20), "EXCLUSION_TYPE": "SUSP", "DAYS": 2.0}],
        peps=[{"CHILD": c, "PEP_DATE": D(2025, 1, 15)} for c in kids if c not in ("TODDLER", "LOW", "NEW")]
        + [{"CHILD": "LOW", "PEP_DATE": D(2024, 6, 1)}],
    )


def test_worklist_reasons():
    wl = worklist(_data(), AT)
    got = sorted(zip(wl["CHILD"].to_list(), wl["REASON"].to_list()))
    assert got == [("APONLY", "NO_SCHOOL"), ("LOW", "LOW_ATTENDANCE"), ("LOW", "PEP_OVERDUE"), ("NOPLACE", "NO_SCHOOL"),
                   ("OK", "LOW_ATTENDANCE"), ("PART", "REDUCED_HOURS"), ("SUSP", "SUSPENDED"),
                   ("TODDLER", "PEP_OVERDUE")]
    detail = dict(zip(wl["CHILD"] + wl["REASON"], wl["DETAIL"]))
    assert detail["LOWLOW_ATTENDANCE"] == "89.0% of 100 sessions this year"
    assert detail["TODDLERPEP_OVERDUE"] == "No PEP recorded"
    assert detail["APONLYNO_SCHOOL"] == "No main school place: alternative provision only"
    assert detail["NOPLACENO_SCHOOL"] == "No current school place recorded"


def test_threshold_is_a_parameter():
    wl = worklist(_data(), AT, threshold=96)
    assert sorted(wl.filter(wl["REASON"] == "LOW_ATTENDANCE")["CHILD"].to_list()) == ["LOW", "OK", "PART"]


def test_terms():
    assert term_bounds(D(2024, 11, 1)) == (D(2024, 9, 1), D(2024, 12, 31))
    assert term_bounds(D(2025, 5, 1)) == (D(2025, 4, 1), D(2025, 8, 31))
