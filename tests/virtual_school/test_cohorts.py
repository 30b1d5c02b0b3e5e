"""Cohort derivation on hand-built cases (answers worked out by hand from the definitions in cohorts.py)."""

from __future__ import annotations

from vs_helpers import D, council, ep

from cphub.virtual_school.cohorts import academic_year, age_at, all_cohorts, cohort

AT = D(2025, 3, 1)


def _data():
    return council(
        Header=[{"CHILD": c, "DOB": dob} for c, dob in [
            ("A", D(2014, 5, 1)), ("B", D(2012, 1, 1)), ("C", D(2016, 2, 2)), ("D", D(2015, 6, 6)),
            ("E", D(2008, 1, 10)), ("F", D(2013, 3, 3)), ("G", D(2010, 1, 1)), ("H", D(2016, 1, 1)),
            ("J", D(2011, 1, 1))]],
        Episodes=[
            ep("A", D(2023, 1, 1)),                                   # open: looked after
            ep("B", D(2020, 1, 1), D(2024, 6, 1), "E11"),             # adopted: previously looked after
            ep("C", D(2021, 1, 1), D(2022, 1, 1), "E45", ls="C2"),    # SGO: previously looked after
            ep("D", D(2024, 1, 1), D(2024, 2, 1), "E41"),             # CAO then back in care: looked after again
            ep("D", D(2024, 9, 1)),
            ep("E", D(2019, 1, 1), D(2024, 2, 1), "E8"),              # left care at 16: care leaver aged 17
            ep("F", D(2024, 1, 1), ls="V3"),                          # short break only: not looked after
            ep("G", D(2020, 1, 1), D(2024, 12, 1), "X1"),             # episode continues (X1) ...
            ep("G", D(2024, 12, 1), rne="P"),                         # ... so G is looked after
            ep("J", D(2020, 1, 1), D(2023, 5, 1), "E4A"),             # went home aged 12: not a care leaver
        ],
        plac_reports=[{"CHILD": "P1", "DOB": D(2015, 1, 1), "PLAC_ROUTE": "ADOPTED", "REPORTED_BY": "CARER",
                       "REPORT_DATE": D(2024, 10, 1)},
                      {"CHILD": "P2", "DOB": D(2015, 1, 1), "PLAC_ROUTE": "SGO", "REPORTED_BY": "SCHOOL",
                       "REPORT_DATE": D(2025, 6, 1)}],  # reported after the date: not yet known
        kinship_arrangements=[
            {"CHILD": "K1", "DOB": D(2013, 1, 1), "KINSHIP_TYPE": "informal", "START_DATE": D(2022, 1, 1)},
            {"CHILD": "K2", "DOB": D(2013, 1, 1), "KINSHIP_TYPE": "sgo", "START_DATE": D(2022, 1, 1),
             "PREVIOUSLY_LOOKED_AFTER": True},
            {"CHILD": "K3", "DOB": D(2013, 1, 1), "KINSHIP_TYPE": "cao", "START_DATE": D(2020, 1, 1),
             "END_DATE": D(2024, 1, 1)},
        ],
        CINDetails=[
            {"LAchildID": "S1", "CINdetailsID": 1, "CINreferralDate": D(2024, 5, 1)},                              # now
            {"LAchildID": "S2", "CINdetailsID": 1, "CINreferralDate": D(2019, 5, 1), "CINclosureDate": D(2021, 1, 1)},  # in 6 years
            {"LAchildID": "S3", "CINdetailsID": 1, "CINreferralDate": D(2010, 5, 1), "CINclosureDate": D(2018, 1, 1)},  # > 6 years
            {"LAchildID": "S4", "CINdetailsID": 1, "CINreferralDate": D(2024, 5, 1), "ReferralNFA": "1"},         # NFA referral
            {"LAchildID": "A", "CINdetailsID": 1, "CINreferralDate": D(2022, 5, 1)},                              # looked after
            {"LAchildID": "K1", "CINdetailsID": 1, "CINreferralDate": D(2024, 9, 1)},                             # kinship and CIN
        ],
        CINChild=[{"LAchildID": c, "PersonBirthDate": D(2012, 1, 1)} for c in ("S1", "S2", "S3", "S4")],
    )


def _ids(name, data=None):
    return sorted(cohort(data or _data(), AT, name)["CHILD"].to_list())


def test_looked_after_excludes_short_breaks_and_follows_x1():
    assert _ids("cla") == ["A", "D", "G"]


def test_previously_looked_after_from_exits_reports_and_register():
    assert _ids("plac") == ["B", "C", "K2", "P1"]


def test_children_with_a_social_worker_now_and_in_six_years():
    assert _ids("cwsw") == ["K1", "S1"]
    assert _ids("cwsw_6y") == ["K1", "S1", "S2"]


def test_kinship_register_current_arrangements():
    assert _ids("kinship") == ["K1", "K2"]


def test_care_leavers_left_at_16_plus():
    assert _ids("care_leavers") == ["E"]


def test_a_child_can_be_in_several_cohorts():
    allc = all_cohorts(_data(), AT)
    assert sorted(allc.filter(allc["CHILD"] == "K1")["COHORT"].to_list()) == ["cwsw", "cwsw_6y", "kinship"]


def test_an_episode_closed_by_a_later_census_is_closed():
    import polars as pl

    data = _data()
    details = data.tables["CINDetails"].with_columns(pl.lit(2024).alias("YEAR"))
    later = details.filter(pl.col("LAchildID") == "S1").with_columns(
        pl.lit(D(2025, 1, 1)).alias("CINclosureDate"), pl.lit(2025).alias("YEAR"))
    data.tables["CINDetails"] = pl.concat([details, later])
    assert _ids("cwsw", data) == ["K1"]
    assert "S1" in _ids("cwsw_6y", data)


def test_cin_dates_of_birth_come_from_the_census():
    kids = cohort(_data(), AT, "cwsw")
    assert kids.filter(kids["CHILD"] == "S1")["DOB"].to_list() == [D(2012, 1, 1)]


def test_age_and_academic_year():
    import polars as pl

    df = pl.DataFrame({"DOB": [D(2010, 3, 1), D(2010, 3, 2)]})
    assert df.select(age_at(pl.col("DOB"), D(2025, 3, 1))).to_series().to_list() == [15, 14]
    assert academic_year(D(2024, 9, 1)) == 2025 and academic_year(D(2025, 8, 31)) == 2025


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_episode = st.tuples(st.sampled_from(["A", "B", "C"]), st.integers(0, 3000), st.one_of(st.none(), st.integers(1, 900)),
                     st.sampled_from(["X1", "E11", "E41", "E45", "E8", "E4A", "E13"]), st.sampled_from(["C2", "C2", "V3"]))


@settings(max_examples=60, deadline=None)
@given(st.lists(_episode, max_size=8, unique_by=lambda e: (e[0], e[1])), st.integers(0, 4000))
def test_cohort_invariants(eps, day):
    """Whatever the episodes: a looked-after child has an open non-short-break episode; previously looked after,
    care leavers and looked after are disjoint."""
    from datetime import timedelta

    start = D(2010, 1, 1)
    rows = [ep(c, start + timedelta(d), None if n is None else start + timedelta(d + n), None if n is None else rec, ls)
            for c, d, n, rec, ls in eps]
    data = council(Header=[{"CHILD": c, "DOB": D(2004, 6, 1)} for c in "ABC"], Episodes=rows)
    at = start + timedelta(day)
    cla, plac, cl = (set(cohort(data, at, n)["CHILD"].to_list()) for n in ("cla", "plac", "care_leavers"))
    assert not (cla & plac) and not (cla & cl) and not (plac & cl)
    for c in cla:
        assert any(r["CHILD"] == c and r["LS"] != "V3" and r["DECOM"] <= at and (r["DEC"] is None or r["DEC"] > at)
                   for r in rows)
