"""Visits, workforce, fostering, care leavers and the LGA questions on hand-built histories."""

from datetime import date

from measure_builders import council, ep, hdr

from cphub.measures.registry import compute

AT = date(2025, 3, 31)


# ------------------------------------------------------------------------------------------------ visits
def test_visits_in_time_and_seen_alone():
    eps = [
        ep("V1", "2024-01-01", place="U6"),
        ep("V2", "2024-01-01", place="U6"),
        ep("V3", "2024-01-01", "2025-03-26", rec="X1"), ep("V3", "2025-03-26", rne="P"),  # moved 5 days ago
        ep("V4", "2024-01-01", "2025-03-20", rec="X1"), ep("V4", "2025-03-20", rne="P"),  # moved 11 days ago
        ep("V5", "2023-01-01", place="U4"),  # long-term foster care over a year: 3-monthly
        ep("V6", "2023-01-01", place="U6"),
    ]
    visits = [("V1", "2025-02-20", True), ("V2", "2025-02-15", True), ("V3", "2025-03-01", False),
              ("V4", "2025-03-01", True), ("V5", "2025-01-15", True), ("V6", "2025-01-15", True)]
    data = council(Episodes=eps, Header=[hdr(f"V{i}", "2012-01-01") for i in range(1, 7)],
                   statutory_visits=[{"CHILD": c, "VISIT_DATE": d, "SEEN_ALONE": a} for c, d, a in visits])
    # V1: 39 days; V2: 44 days (over 6 weeks); V3: placement began 5 days ago (first visit not yet due);
    # V4: 11 days into a placement with no visit since it began; V5: 75 days (3-monthly); V6: 75 days (6-weekly)
    r = compute("visits_in_time_pct", data, AT)
    assert r.children == ["V1", "V3", "V5"] and r.denominator == 6 and r.value == 50.0
    r = compute("visits_seen_alone_pct", data, AT)
    assert r.children == ["V1", "V5"] and r.value == 33.3


# ------------------------------------------------------------------------------------------------ workforce
def sw_data():
    eps = [ep("W1", "2023-01-01"), ep("W2", "2023-01-01"), ep("W3", "2023-01-01"), ep("W4", "2024-06-01")]
    sw = [
        ("W1", "S1", "2023-01-01", "2024-05-01"), ("W1", "S2", "2024-05-01", "2024-09-01"), ("W1", "S3", "2024-09-01", None),
        ("W2", "S1", "2023-01-01", "2024-03-31"), ("W2", "S2", "2024-03-31", "2024-06-01"), ("W2", "S3", "2024-06-01", None),
        ("W3", "S1", "2023-01-01", "2024-05-01"), ("W3", "S1", "2024-05-01", "2024-07-01"), ("W3", "S2", "2024-07-01", None),
        ("W4", "S1", "2024-06-01", "2024-08-01"), ("W4", "S4", "2024-08-01", "2024-10-01"), ("W4", "S2", "2024-10-01", None),
    ]
    workers = [{"SW_ID": "S2", "FTE": 0.5, "TEAM": "Children in care"}, {"SW_ID": "S3", "FTE": 1.0, "TEAM": "Leaving care"}]
    return council(Episodes=eps, Header=[hdr(c, "2012-01-01") for c in ("W1", "W2", "W3", "W4")],
                   SWEpisodes=[{"CHILD": c, "SW_ID": s, "SW_DECOM": a, "SW_DEC": b} for c, s, a, b in sw],
                   social_workers=workers)


def test_sw_changes_2plus():
    # cohort: in care before 1 Apr 2024 (W1-W3). W1: 2 changes in the year. W2: the 31 Mar 2024 change is before
    # the window (1 change). W3: S1 -> S1 is not a change (1 change). W4: 2 changes but in care < 12 months.
    r = compute("sw_changes_2plus_pct", sw_data(), AT)
    assert (r.children, r.denominator, r.value) == (["W1"], 3, 33.3)


def test_sw_caseload():
    r = compute("sw_caseload_avg", sw_data(), AT)
    # 4 children with S3 (W1, W2) and S2 (W3, W4): 2 workers -> 2.0; per FTE 4 / 1.5 = 2.7
    assert (r.value, r.numerator, r.denominator) == (2.0, 4, 2)
    assert r.detail["per_fte"] == 2.7
    data = sw_data()
    data.settings["caseload_teams"] = ["Children in care"]
    r = compute("sw_caseload_avg", data, AT)  # S2 only: W3 and W4
    assert (r.value, r.numerator, r.denominator, r.detail["per_fte"]) == (2.0, 2, 1, 4.0)


def test_fostering_households_and_pa_caseload():
    households = [
        {"HOUSEHOLD_ID": "H1", "HOUSEHOLD_TYPE": "INHOUSE", "APPROVAL_DATE": "2020-01-01", "PLACES": 2},
        {"HOUSEHOLD_ID": "H2", "HOUSEHOLD_TYPE": "INHOUSE", "APPROVAL_DATE": "2025-04-01", "PLACES": 1},
        {"HOUSEHOLD_ID": "H3", "HOUSEHOLD_TYPE": "INHOUSE", "APPROVAL_DATE": "2020-01-01",
         "DEREGISTRATION_DATE": "2025-03-31", "PLACES": 1},
        {"HOUSEHOLD_ID": "H4", "HOUSEHOLD_TYPE": "CONNECTED", "APPROVAL_DATE": "2024-01-01", "PLACES": 1},
    ]
    pa = [{"CHILD": "Y1", "PA_ID": "PA1", "START_DATE": "2024-01-01"},
          {"CHILD": "Y2", "PA_ID": "PA1", "START_DATE": "2024-01-01"},
          {"CHILD": "Y3", "PA_ID": "PA2", "START_DATE": "2024-01-01"},
          {"CHILD": "Y4", "PA_ID": "PA2", "START_DATE": "2024-01-01", "END_DATE": "2025-03-31"}]
    data = council(fostering_households=households, pa_allocations=pa)
    r = compute("fostering_households_inhouse", data, AT)
    assert r.value == 1 and r.detail == {"connected_households": 1, "inhouse_places": 2}
    r = compute("pa_caseload_avg", data, AT)
    assert (r.value, r.numerator, r.denominator) == (1.5, 3, 2)


# ------------------------------------------------------------------------------------------------ care leavers
def ceyp_data():
    eps = [
        ep("C1", "2022-01-01", "2025-03-31", rec="E17"),   # leaves care on their 18th birthday (the as-at date)
        ep("C2", "2020-06-01", "2021-03-01", rec="E4A"),   # 16 on 1 Jan 2021, in care after: qualifies
        ep("C3", "2020-06-01", "2020-12-31", rec="E4A"),   # left before 16: no
        ep("C4", "2018-06-01", "2021-01-01", rec="E5"),    # 22, with a personal adviser: yes
        ep("C5", "2018-06-01", "2021-01-01", rec="E5"),    # 22, no personal adviser: no
        ep("C6", "2024-12-01", "2025-02-01", rec="E4A"),   # 62 days only: no
        ep("C7", "2023-01-01", "2024-01-01", rec="E11"),   # adopted: no
        ep("C8", "2020-06-01", "2021-03-01", rec="E4A"),   # recorded as died: no
        ep("C9", "2019-01-01", "2022-06-01", rec="E5"),    # 20: yes
        ep("C10", "2019-01-01", "2021-06-01", rec="E5"),   # 21, no personal adviser: a care leaver, not counted
    ]
    header = [hdr("C1", "2007-03-31"), hdr("C2", "2005-01-01", "F"), hdr("C3", "2005-01-01"), hdr("C4", "2003-01-01"),
              hdr("C5", "2003-01-01"), hdr("C6", "2007-01-01"), hdr("C7", "2007-01-01"), hdr("C8", "2005-01-01"),
              hdr("C9", "2004-06-01"), hdr("C10", "2003-09-01")]
    updates = [{"CHILD": "C2", "UPDATE_DATE": "2025-01-10", "IN_TOUCH": "YES", "ACTIV": "F5", "ACCOM": "U1"},
               {"CHILD": "C8", "UPDATE_DATE": "2024-01-10", "IN_TOUCH": "DIED", "ACTIV": "0", "ACCOM": "0"}]
    pa = [{"CHILD": "C4", "PA_ID": "PA1", "START_DATE": "2021-01-01"}]
    return council(Episodes=eps, Header=header, care_leaver_updates=updates, pa_allocations=pa)


def test_ceyp_count_and_turning_18_on_the_date():
    data = ceyp_data()
    assert compute("ceyp_count", data, AT).children == ["C1", "C2", "C4", "C9"]
    assert compute("ceyp_count", data, date(2025, 3, 30)).children == ["C2", "C4", "C9"]  # C1 still looked after


def test_ceyp_demographics():
    r = compute("ceyp_demographics", ceyp_data(), AT)
    bands = {row["group"]: (row["F"], row["M"]) for row in r.detail["age_by_sex"]}
    assert bands == {"16 to 17": (0, 0), "18 to 19": (0, 1), "20 to 21": (1, 1), "22 and over": (0, 1)}


def test_care_leavers_local_at_other_dates():
    data = ceyp_data()
    at = date(2025, 2, 28)
    # aged 19-21: C2 (update: F5, U1), C9 and C10 (no update: information not known, still in the denominator;
    # C10 is 21 without a personal adviser, in the DfE-style cohort though not in ceyp_count)
    r = compute("ceyp_eet_19_21_pct", data, at)
    assert (r.children, r.denominator, r.value) == (["C2"], 3, 33.3)
    assert r.detail["method"].startswith("local")
    r = compute("ceyp_suitable_accom_19_21_pct", data, at)
    assert (r.children, r.denominator) == (["C2"], 3)


def oc3_data():
    oc3 = [("O1", "2005-06-01", "YES", "F2", "U1"), ("O2", "2004-06-01", "NO", "0", "0"),
           ("O3", "2004-06-01", "DIED", "0", "0"), ("O4", "2003-06-01", "YES", "G5", "R2"),
           ("O5", "2003-04-01", "YES", "P4", "W2"), ("O6", "2007-06-01", "YES", "F2", "D1"),
           ("O7", "2005-09-01", "YES", "F2", "Z1")]
    eps = [ep("O1", "2020-01-01", "2023-06-01", place="U4", rec="E17"),   # left foster care on 18th birthday
           ep("O7", "2021-01-01", "2023-09-01", place="U1", rec="E17"),   # likewise, now staying put (Z1)
           ep("O5", "2020-01-01", "2021-04-01", place="K2", rec="E5")]
    return council(Episodes=eps, Header=[hdr(c, d) for c, d, *_ in oc3],
                   OC3=[{"CHILD": c, "DOB": d, "IN_TOUCH": t, "ACTIV": a, "ACCOM": m, "YEAR": 2025}
                        for c, d, t, a, m in oc3])


def test_care_leavers_oc3_at_31_march():
    data = oc3_data()
    # 19-21 (age at 31 Mar 2025): O1 19, O2 20, O4 21, O5 21 (22 on 1 April), O7 19; O3 died: excluded
    r = compute("ceyp_eet_19_21_pct", data, AT)
    assert (r.children, r.denominator, r.value) == (["O1", "O5", "O7"], 5, 60.0)
    # accommodation: O4 (R2, residence not known) excluded; O2 no information stays in
    r = compute("ceyp_suitable_accom_19_21_pct", data, AT)
    assert (r.children, r.denominator, r.value) == (["O1", "O7"], 4, 50.0)
    assert compute("ceyp_eet_17_18_pct", data, AT).children == ["O6"]
    assert compute("ceyp_suitable_accom_17_18_pct", data, AT).value == 100.0


def test_staying_put():
    r = compute("staying_put_19_20_pct", oc3_data(), AT)
    # aged 19-20 who left foster care on their 18th birthday: O1, O7; O7 with former foster carers
    assert (r.children, r.denominator, r.value) == (["O7"], 2, 50.0)
    assert r.detail["year"] == 2025
    assert compute("staying_put_19_20_pct", oc3_data(), date(2025, 3, 30)).value is None  # no 2024 OC3


# ------------------------------------------------------------------------------------------------ LGA questions
def test_missing():
    eps = [ep("X1", "2023-01-01"), ep("X2", "2024-06-01"), ep("X3", "2023-01-01", "2024-03-01", rec="E4A"),
           ep("X4", "2024-06-01", ls="V3", place="R1")]
    missing = [{"CHILD": "X1", "MISSING": "M", "MIS_START": "2024-03-20", "MIS_END": "2024-04-02"},
               {"CHILD": "X2", "MISSING": "A", "MIS_START": "2024-07-01", "MIS_END": "2024-07-02"},
               {"CHILD": "X3", "MISSING": "M", "MIS_START": "2024-02-01", "MIS_END": "2024-02-02"},
               {"CHILD": "X4", "MISSING": "M", "MIS_START": "2024-06-02", "MIS_END": "2024-06-02"}]
    data = council(Episodes=eps, Header=[hdr(c, "2010-01-01") for c in ("X1", "X2", "X3", "X4")], Missing=missing)
    r = compute("missing_pct", data, AT)
    # looked after in the year: X1, X2 (X3 left before it, X4 short breaks); X1's incident was open on 1 April
    assert (r.children, r.denominator, r.value) == (["X1"], 2, 50.0)
    assert r.detail["away_children"] == 1


def oc2_data():
    rows = [("Q1", "2010-01-01", "1", 20), ("Q2", "2014-03-31", "0", 10), ("Q3", "2019-01-01", None, 15),
            ("Q4", "2006-06-01", "1", None), ("Q5", "2007-03-31", "0", 30)]
    oc2 = [{"CHILD": c, "DOB": d, "CONVICTED": cv, "SDQ_SCORE": s, "YEAR": 2024} for c, d, cv, s in rows]
    oc2.append({"CHILD": "Q9", "DOB": "2012-06-01", "CONVICTED": "1", "SDQ_SCORE": 40, "YEAR": 2025})
    return council(OC2=oc2)


def test_convictions_from_latest_oc2():
    # 2024 cohort aged 10-17 at 31 Mar 2024: Q1 (14), Q2 (10 that day), Q4 (17), Q5 (17 that day)
    r = compute("convictions_pct", oc2_data(), date(2025, 2, 1))
    assert (r.children, r.denominator, r.value) == (["Q1", "Q4"], 4, 50.0) and r.detail["year"] == 2024
    assert compute("convictions_pct", oc2_data(), AT).children == ["Q9"]  # 2025 return at 31 March 2025


def test_sdq_mean():
    r = compute("sdq_mean", oc2_data(), date(2025, 2, 1))
    # aged 5-16: Q1 20, Q2 10, Q3 15 (Q5 is 17): mean 15.0
    assert r.value == 15.0 and r.denominator == 3
    assert r.detail["concern_pct"] == 33.3 and r.detail["borderline_pct"] == 33.3 and r.detail["received_pct"] == 100.0


def test_placements_unregistered_and_awaiting_adoption():
    eps = [ep("A1", "2024-01-01", place="U6"), ep("A2", "2024-01-01", place="A4"), ep("A3", "2024-01-01", place="U1"),
           ep("A4", "2024-01-01", place="Z1"), ep("A5", "2024-01-01", place="K2")]
    placed = [{"CHILD": "A1", "DATE_PLACED": "2024-06-01"}, {"CHILD": "A2", "DATE_PLACED": "2024-03-01"},
              {"CHILD": "A3", "DATE_PLACED": "2024-03-01", "DATE_PLACED_CEASED": "2025-01-01"}]
    data = council(Episodes=eps, Header=[hdr(f"A{i}", "2015-01-01") for i in range(1, 6)], PlacedAdoption=placed)
    r = compute("awaiting_adoption_count", data, AT)
    assert r.children == ["A1"] and r.detail["placed_for_adoption"] == 1
    r = compute("unregistered_placements_count", data, AT)
    assert r.children == ["A4"] and r.detail["pct_of_cla"] == 20.0
    r = compute("placement_type_mix", data, AT)
    assert r.children == ["A1", "A3"] and r.value == 40.0
    mix = {row["group"]: row["count"] for row in r.detail["breakdown"]}
    assert mix["Foster placements with relatives or friends"] == 1 and mix["Placed for adoption"] == 1
    assert sum(mix.values()) == 5
