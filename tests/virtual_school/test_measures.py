"""Virtual School measures on hand-made data; each expected figure is worked out by hand in the comments."""

from __future__ import annotations

from vs_helpers import D, council, ep

from cphub.virtual_school.measures import VS_MEASURES, benchmark, compare, gap_worse, measure_id

AT = D(2025, 7, 31)  # academic year 2025 (2024/25)
AFTER_RESULTS = D(2025, 8, 31)  # after GCSE results day (21 August 2025)


def _data():
    kids = {"A": D(2014, 5, 1), "B": D(2012, 1, 1), "C": D(2009, 3, 3), "D": D(2020, 1, 1), "E": D(2008, 6, 1)}
    return council(
        Header=[{"CHILD": c, "DOB": d} for c, d in kids.items()],
        Episodes=[ep(c, D(2023, 1, 1)) for c in kids],
        schools=[{"URN": "1", "PHASE": "PRI", "OFSTED": "1"}, {"URN": "2", "PHASE": "SEC", "OFSTED": "3"},
                 {"URN": "3", "PHASE": "SEC", "OFSTED": "0"}],
        enrolments=[{"CHILD": "A", "URN": "1", "START_DATE": D(2021, 9, 1)},
                    {"CHILD": "B", "URN": "2", "START_DATE": D(2023, 9, 1)},
                    {"CHILD": "C", "URN": "3", "START_DATE": D(2020, 9, 1)}],
        attendance=[
            # A: 100 possible, 5 missed -> 5%
            {"CHILD": "A", "ACADEMIC_YEAR": 2025, "HALF_TERM": 1, "URN": "1", "POSSIBLE": 60, "ATTENDED": 57, "AUTHORISED": 3, "UNAUTHORISED": 0},
            {"CHILD": "A", "ACADEMIC_YEAR": 2025, "HALF_TERM": 2, "URN": "1", "POSSIBLE": 40, "ATTENDED": 38, "AUTHORISED": 0, "UNAUTHORISED": 2},
            # B: 100 possible, 12 missed -> persistent
            {"CHILD": "B", "ACADEMIC_YEAR": 2025, "HALF_TERM": 1, "URN": "2", "POSSIBLE": 100, "ATTENDED": 88, "AUTHORISED": 4, "UNAUTHORISED": 8},
            # C: 100 possible, 60 missed -> persistent and severe
            {"CHILD": "C", "ACADEMIC_YEAR": 2025, "HALF_TERM": 1, "URN": "3", "POSSIBLE": 100, "ATTENDED": 40, "AUTHORISED": 10, "UNAUTHORISED": 50},
            # last year's row: ignored
            {"CHILD": "C", "ACADEMIC_YEAR": 2024, "HALF_TERM": 1, "URN": "3", "POSSIBLE": 100, "ATTENDED": 0, "AUTHORISED": 0, "UNAUTHORISED": 100},
        ],
        exclusions=[{"CHILD": "B", "URN": "2", "START_DATE": D(2024, 10, 1), "EXCLUSION_TYPE": "SUSP", "DAYS": 1.0},
                    {"CHILD": "B", "URN": "2", "START_DATE": D(2025, 1, 1), "EXCLUSION_TYPE": "SUSP", "DAYS": 2.0},
                    {"CHILD": "C", "URN": "3", "START_DATE": D(2024, 6, 1), "EXCLUSION_TYPE": "SUSP", "DAYS": 1.0}],
        peps=[{"CHILD": "A", "PEP_DATE": D(2025, 6, 1), "PEP_QUALITY": "G"},
              {"CHILD": "B", "PEP_DATE": D(2025, 3, 1), "PEP_QUALITY": "RI"},
              {"CHILD": "C", "PEP_DATE": D(2024, 6, 1), "PEP_QUALITY": "O"}],
        attainment=[{"CHILD": "C", "ACADEMIC_YEAR": 2025, "ASSESSMENT": "KS4_A8", "RESULT": 30.0},
                    {"CHILD": "E", "ACADEMIC_YEAR": 2025, "ASSESSMENT": "KS4_A8", "RESULT": 20.0},
                    {"CHILD": "C", "ACADEMIC_YEAR": 2025, "ASSESSMENT": "KS4_EM4", "RESULT": 1.0},
                    {"CHILD": "E", "ACADEMIC_YEAR": 2025, "ASSESSMENT": "KS4_EM4", "RESULT": 0.0},
                    {"CHILD": "A", "ACADEMIC_YEAR": 2024, "ASSESSMENT": "KS2_RWM", "RESULT": 1.0}],
        post16=[{"CHILD": "E", "RECORD_DATE": D(2024, 10, 1), "ACTIVITY": "EDU"},
                {"CHILD": "E", "RECORD_DATE": D(2025, 2, 1), "ACTIVITY": "NEET"}],
    )


def _r(base, cohort="cla", data=None, at=AT):
    return VS_MEASURES[measure_id(base, cohort)].compute(data or _data(), [at])[0]


def test_attendance_rate_and_absence_shares():
    # pupils aged 5-15 on 31/08/2024: A (10), B (12), C (15); D is 4, E is 16.
    r = _r("attendance_rate")
    assert (r.numerator, r.denominator, r.value) == (223, 300, 74.3)  # 300 possible, 77 missed
    r = _r("persistent_absence")
    assert (r.numerator, r.denominator, r.children) == (2, 3, ["B", "C"])
    assert _r("severe_absence").children == ["C"]


def test_suspensions_count_pupils_not_suspensions_and_only_this_year():
    r = _r("suspension_rate")
    assert (r.numerator, r.denominator, r.value) == (1, 3, 33.3)  # B twice this year; C's was last year
    assert _r("permanent_exclusion").value == 0.0


def test_good_schools_of_graded_schools():
    r = _r("good_schools")
    assert (r.numerator, r.denominator) == (1, 2)  # A outstanding, B requires improvement, C's school ungraded


def test_peps_in_date_and_quality():
    # eligible: aged 3-17 -> A, B, C, D, E (D is 5); in date (after 29/01/2025): A, B
    r = _r("pep_in_date")
    assert (r.numerator, r.denominator) == (2, 5)
    r = _r("pep_quality")
    assert (r.numerator, r.denominator) == (1, 2)  # A good, B requires improvement
    assert measure_id("pep_in_date", "kinship") not in VS_MEASURES


def test_results_this_year():
    assert _r("ks4_a8", at=AFTER_RESULTS).value == 25.0
    assert (_r("ks4_em4", at=AFTER_RESULTS).numerator, _r("ks4_em4", at=AFTER_RESULTS).denominator) == (1, 2)
    assert _r("ks2_rwm", at=AFTER_RESULTS).value is None  # last year's result does not count


def test_results_only_after_results_day():
    # GCSE results day 2025 is Thursday 21 August: on 20 July and 20 August there is no KS4 figure, only the reason
    for at in (D(2025, 7, 20), D(2025, 8, 20)):
        r = _r("ks4_a8", at=at)
        assert r.value is None and "21 August 2025" in r.detail["not_reported"]
    assert _r("ks4_a8", at=D(2025, 8, 21)).value == 25.0
    from cphub.virtual_school.measures import results_day

    assert [results_day("KS4_A8", y) for y in (2023, 2024, 2025, 2026)] == [
        D(2023, 8, 24), D(2024, 8, 22), D(2025, 8, 21), D(2026, 8, 20)]
    assert [results_day("KS2_RWM", y) for y in (2024, 2025)] == [D(2024, 7, 9), D(2025, 7, 8)]


def test_progress_8_not_reported_without_a_ks2_baseline():
    data = council(Header=[{"CHILD": "C", "DOB": D(2009, 3, 3)}], Episodes=[ep("C", D(2020, 1, 1))],
                   attainment=[{"CHILD": "C", "ACADEMIC_YEAR": y, "ASSESSMENT": "KS4_P8", "RESULT": -1.0}
                               for y in (2024, 2025, 2026, 2027)])
    for year in (2025, 2026):
        r = _r("ks4_p8", data=data, at=D(year, 8, 31))
        assert r.value is None and "no key stage 2 tests" in r.detail["not_reported"]
        row = next(r for r in compare(data, D(year, 8, 31), ["cla"]) if r.base.id == "ks4_p8")
        assert row.all_pupils is None and row.cells["cla"].comparator is None  # no stale 2023/24 comparator either
    assert _r("ks4_p8", data=data, at=D(2024, 8, 31)).value == -1.0
    assert _r("ks4_p8", data=data, at=D(2027, 8, 31)).value == -1.0  # Progress 8 returns


def test_part_time_timetable_counts_the_sessions_not_offered_as_absence():
    # DfE school census: a pupil on a part-time timetable keeps full possible sessions; sessions not offered are
    # authorised absence (C2). P: 12.5 of 25 hours for all of half-term 1 (70 possible, 2 missed recorded) ->
    # 35 sessions missed at least -> 50% attendance, persistently absent; Q: same but the feed already recorded C2.
    data = council(
        Header=[{"CHILD": c, "DOB": D(2012, 1, 1)} for c in "PQ"], Episodes=[ep(c, D(2023, 1, 1)) for c in "PQ"],
        attendance=[{"CHILD": "P", "ACADEMIC_YEAR": 2025, "HALF_TERM": 1, "URN": "1", "POSSIBLE": 70, "ATTENDED": 68,
                     "AUTHORISED": 2, "UNAUTHORISED": 0},
                    {"CHILD": "Q", "ACADEMIC_YEAR": 2025, "HALF_TERM": 1, "URN": "1", "POSSIBLE": 70, "ATTENDED": 30,
                     "AUTHORISED": 40, "UNAUTHORISED": 0}],
        timetables=[{"CHILD": c, "START_DATE": D(2024, 9, 1), "HOURS_PER_WEEK": 12.5} for c in "PQ"])
    r = _r("attendance_rate", data=data)
    assert (r.numerator, r.denominator) == (70 - 35 + 70 - 40, 140)
    assert _r("persistent_absence", data=data).children == ["P", "Q"]


def test_neet_latest_activity():
    r = _r("neet_16_18")  # E is 16 on 31/08/2024; latest activity NEET
    assert (r.numerator, r.denominator) == (1, 1)
    assert _r("in_education_16_18").value == 0.0  # was in education in October, NEET since February


def test_benchmarks_and_gaps():
    assert benchmark("attendance_rate", "CLA", 2025).value == 91.0
    assert benchmark("ks4_p8", "CLA", 2025).year == 2024  # 2024/25 not published: latest earlier year
    assert benchmark("good_schools", "ALL", 2025) is None
    assert gap_worse(74.3, 93.22, "high") == (-18.92, True)
    assert gap_worse(20.0, 18.14, "low") == (1.86, True)
    rows = {r.base.id: r for r in compare(_data(), AT, ["cla", "kinship"])}
    cell = rows["attendance_rate"].cells["cla"]
    assert cell.comparator.value == 91.0 and cell.worse is True
    assert "pep_in_date" in rows and "kinship" not in rows["pep_in_date"].cells


def test_gap_words_agree_with_the_sign():
    """"+1.7 pts vs England (below)" for persistent absence cannot happen: the direction word comes from the sign
    and the verdict from whether the measure is good when high or low, in one function."""
    from hypothesis import given
    from hypothesis import strategies as st

    from cphub.virtual_school.measures import describe_gap

    assert describe_gap(1.7, "%", "low") == "1.7 points higher than England (worse)"
    assert describe_gap(-2.0, "%", "high") == "2.0 points lower than England (worse)"
    assert describe_gap(0.31, "mean", "high") == "0.31 higher than England (better)"

    @given(st.floats(-100, 100, allow_nan=False), st.sampled_from(["high", "low", "n/a"]),
           st.sampled_from(["%", "mean"]))
    def check(gap, good, unit):
        words = describe_gap(gap, unit, good)
        if round(abs(gap), 2 if unit == "mean" else 1) == 0:
            assert words == "the same as England"
            return
        assert ("higher" in words) == (gap > 0) and ("lower" in words) == (gap < 0)
        if good == "n/a":
            assert "worse" not in words and "better" not in words
        else:
            assert ("(worse)" in words) == ((gap > 0) == (good == "low"))

    check()
