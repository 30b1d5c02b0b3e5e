"""Health, stability and distance measures on hand-built histories (answers worked out by hand in comments)."""

from datetime import date

import polars as pl
from measure_builders import council, ep, hdr

from cphub.measures.registry import compute

AT = date(2025, 3, 31)


# ------------------------------------------------------------------------------------------------ health
def health_data():
    eps = [ep("P", "2023-01-01"), ep("Q", "2023-01-01"), ep("R", "2023-01-01"), ep("S", "2024-06-01")]
    header = [hdr("P", "2022-01-01"), hdr("Q", "2015-01-01"), hdr("R", "2017-01-01"), hdr("S", "2015-01-01")]
    oc2 = [{"CHILD": c, "DOB": "2015-01-01", "YEAR": 2025, "HEALTH_ASSESSMENT": h, "TEETH_CHECK": t}
           for c, h, t in (("W", "1", "1"), ("X", "1", "0"), ("Y", "0", "0"), ("Z", "1", "1"))]
    ha = [{"CHILD": "P", "ASSESSMENT_DATE": "2024-08-28", "ASSESSMENT_TYPE": "RHA"},
          {"CHILD": "Q", "ASSESSMENT_DATE": "2024-03-01", "ASSESSMENT_TYPE": "RHA"},
          {"CHILD": "R", "ASSESSMENT_DATE": "2025-03-01", "ASSESSMENT_TYPE": "RHA"}]  # after the date: ignored
    dental = [{"CHILD": "P", "CHECK_DATE": "2024-05-01"}, {"CHILD": "Q", "CHECK_DATE": "2024-03-01"}]
    return council(Episodes=eps, Header=header, OC2=oc2, health_assessments=ha, dental_checks=dental)


def test_health_at_31_march_uses_oc2():
    data = health_data()
    r = compute("health_assessment_pct", data, AT)
    assert (r.numerator, r.denominator, r.value) == (3, 4, 75.0)
    assert r.detail["method"].startswith("OC2 2025")
    r = compute("dental_check_pct", data, AT)
    assert (r.numerator, r.denominator, r.value) == (2, 4, 50.0)


def test_health_at_other_dates_uses_local_records():
    data = health_data()
    at = date(2025, 2, 28)
    # cohort: P (3), Q (10), R (8) looked after since 2023; S started June 2024 (not 12 months)
    # P under five: needs one since 29 Aug 2024 -> 28 Aug is one day too old; Q: since 29 Feb 2024 -> 1 Mar ok
    r = compute("health_assessment_pct", data, at)
    assert (r.numerator, r.denominator, r.children) == (1, 3, ["Q"])
    assert r.value == 33.3
    r = compute("dental_check_pct", data, at)  # 12 months for every age: P and Q
    assert (r.numerator, r.denominator, r.value) == (2, 3, 66.7)


def test_health_at_31_march_without_oc2_falls_back_to_local():
    data = health_data()
    data.tables["OC2"] = data.tables["OC2"].clear()
    assert compute("health_assessment_pct", data, AT).detail["method"].startswith("local")


# ------------------------------------------------------------------------------------------------ stability
def test_long_term_stability():
    # cut-offs at 31 Mar 2025: period began by 30 Sep 2022; current carer since 31 Mar 2023
    eps = [
        ep("L1", "2022-09-30"),                                                         # den, num
        ep("L2", "2020-01-01"),                                                         # turns 16 today: out
        ep("L3", "2022-10-01"),                                                         # 2.5 years not reached
        ep("L4", "2020-01-01", "2023-04-01", rec="X1"), ep("L4", "2023-04-01", rne="P"),  # den only
        ep("L5", "2020-01-01", "2023-01-01", rec="X1"),
        ep("L5", "2023-01-01", "2024-06-01", rne="P", rec="X1"),
        ep("L5", "2024-06-01", rne="P", place="A6", ls="E1"),                          # adoption + previous >= 2y
        ep("L6", "2020-01-01", "2024-01-01", rec="X1"), ep("L6", "2024-01-01", rne="T", place="A5"),  # same carer
        ep("L7", "2020-01-01", "2023-03-31", rec="X1"), ep("L7", "2023-03-31", rne="P"),  # exactly 2 years
    ]
    header = [hdr(c, "2012-01-01") for c in ("L1", "L3", "L4", "L5", "L6", "L7")] + [hdr("L2", "2009-03-31")]
    r = compute("stability_long_term_pct", council(Episodes=eps, Header=header), AT)
    assert r.denominator == 5 and r.children == ["L1", "L5", "L6", "L7"] and r.value == 80.0


def test_short_term_stability():
    eps = [
        # M1: the first spell ended on 1 April (not open in the year): 2 placements
        ep("M1", "2024-01-01", "2024-04-01", rec="X1"), ep("M1", "2024-04-01", "2024-09-01", rne="P", rec="X1"),
        ep("M1", "2024-09-01", rne="P"),
        # M2: the first spell was open on 1 April: 3 placements
        ep("M2", "2024-01-01", "2024-04-02", rec="X1"), ep("M2", "2024-04-02", "2024-09-01", rne="B", rec="X1"),
        ep("M2", "2024-09-01", rne="P"),
        # M3: two periods of care, 3 carers in the year
        ep("M3", "2024-05-01", "2024-06-01", rec="E4B"), ep("M3", "2024-08-01", "2024-10-01", rec="X1"),
        ep("M3", "2024-10-01", rne="P"),
        # M4: placement changes with the same carer (T) and legal status changes (L): 1 placement
        ep("M4", "2024-01-01", "2024-05-01", rec="X1"), ep("M4", "2024-05-01", "2024-07-01", rne="T", rec="X1"),
        ep("M4", "2024-07-01", rne="L", ls="C1"),
    ]
    data = council(Episodes=eps, Header=[hdr(c, "2012-01-01") for c in ("M1", "M2", "M3", "M4")])
    r = compute("stability_short_term_pct", data, AT)
    assert (r.numerator, r.denominator, r.value, r.children) == (2, 4, 50.0, ["M2", "M3"])


# ------------------------------------------------------------------------------------------------ distance
GRID = {  # postcode -> (easting, northing, la_code, from_sector)
    "AA1 1AA": (0, 0, "871", False),
    "AA1 1AB": (32_187, 0, "871", False),   # 32.187 km / 1.6093 = 20.0006 -> 20.0 miles: not over 20
    "AA1 1AC": (32_300, 0, "871", False),   # 20.07 -> 20.1 miles, inside the council
    "BB1 1AA": (50_000, 0, "999", False),   # 31.1 miles, another council
    "BB1 1": (32_025, 0, "999", True),      # sector centroid: 19.9 miles, uncertain
}


def fake_lookup(s: pl.Series) -> pl.DataFrame:
    rows = [GRID.get(p) if p is not None else None for p in s.to_list()]
    return pl.DataFrame({
        "easting": [r[0] if r else None for r in rows], "northing": [r[1] if r else None for r in rows],
        "la_code": [r[2] if r else None for r in rows], "found": [r is not None for r in rows],
        "from_sector": [r[3] if r else None for r in rows]},
        schema={"easting": pl.Float64, "northing": pl.Float64, "la_code": pl.String, "found": pl.Boolean,
                "from_sector": pl.Boolean})


def distance_data():
    eps = [ep("K1", "2024-01-01", pl_post="AA1 1AB"), ep("K2", "2024-01-01", pl_post="AA1 1AC"),
           ep("K3", "2024-01-01", pl_post="BB1 1AA"), ep("K4", "2024-01-01", pl_post="BB1 1"),
           ep("K5", "2024-01-01", home=None, pl_post="AA1 1AB"), ep("K6", "2024-01-01", pl_post="BB1 1AA")]
    eps = [{**e, "HOME_POST": e["HOME_POST"] if e["CHILD"] != "K5" else None} for e in eps]
    for e in eps:
        if e["HOME_POST"] is not None:
            e["HOME_POST"] = "AA1 1AA"
    return council(Episodes=eps, Header=[hdr(f"K{i}", "2012-01-01") for i in range(1, 7)],
                   UASC=[{"CHILD": "K6"}], settings={"postcode_lookup": fake_lookup})


def test_placed_over_20_miles():
    r = compute("placed_over_20_miles_pct", distance_data(), AT)
    # K2 (20.1) and K3 (31.1); K1 is exactly 20.0; K5 missing home postcode and K6 (UASC) not known
    assert r.children == ["K2", "K3"] and r.denominator == 6 and r.value == 33.3
    assert r.detail["not_known"] == 2
    assert r.detail["uncertain"] == 1 and r.detail["uncertain_children"] == ["K4"]


def test_placed_outside_la_over_20_miles():
    r = compute("placed_outside_la_over_20_miles_pct", distance_data(), AT)
    assert r.children == ["K3"] and r.value == 16.7


def test_placed_out_of_area():
    r = compute("placed_out_of_area_pct", distance_data(), AT)
    assert r.children == ["K3", "K4", "K6"] and r.value == 50.0


def test_distance_with_real_lookup_handles_unknown_postcodes():
    data = council(Episodes=[ep("A", "2024-01-01", home="ZZ99 9ZZ", pl_post=None)], Header=[hdr("A", "2012-01-01")])
    r = compute("placed_over_20_miles_pct", data, AT)
    assert r.value == 0.0 and r.detail["not_known"] == 1


def test_temporary_placement_is_not_a_change_of_carer():
    eps = [
        ep("T1", "2020-01-01", "2024-08-01", place="U4", rec="X1"),
        ep("T1", "2024-08-01", "2024-08-10", rne="P", place="T2", rec="X1"),   # holiday
        ep("T1", "2024-08-10", rne="P", place="U4"),                          # back to the normal placement
    ]
    data = council(Episodes=eps, Header=[hdr("T1", "2012-01-01")])
    assert compute("stability_long_term_pct", data, AT).children == ["T1"]
    assert compute("stability_short_term_pct", data, AT).numerator == 0
    counted = council(Episodes=eps, Header=[hdr("T1", "2012-01-01")], settings={"count_temporary_placements": True})
    assert compute("stability_long_term_pct", counted, AT).children == []   # current carer spell since 10 Aug 2024
    assert compute("stability_short_term_pct", counted, AT).children == ["T1"]  # 3 spells in the year
