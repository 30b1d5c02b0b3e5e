"""The council register and the postcode look-up (hand-checked values)."""

from __future__ import annotations

import random

import polars as pl

from cphub.reference.councils import cla_counts, council, councils, population
from cphub.reference.postcodes import distance_miles, lookup, sample_near


def test_register():
    cs = councils()
    assert 150 <= len(cs) <= 156
    assert len({c["code"] for c in cs}) == len(cs)
    slough = council("871")
    assert slough["ons_code"] == "E06000039" and slough["name"] == "Slough" and slough["region"] == "South East"
    assert slough["population"][2024] == 46686  # ONS mid-2024, children 0-17 (DfE cut)
    assert population("871", 2030) == 46686
    assert cla_counts()["871"][2025]["cla_31_march"] == 173
    assert sum(v[2025]["cla_31_march"] for v in cla_counts().values() if 2025 in v and "cla_31_march" in v[2025]) \
        == 81766  # England 81,770 rounded


def test_lookup_full_sector_and_unknown():
    got = lookup(pl.Series(["sl1 2aa", "SL1 2", "ZZ9 9ZZ", None, "SW1A 1AA"]))
    assert got["found"].to_list() == [True, True, False, False, True]
    assert got["from_sector"].to_list() == [False, True, False, False, False]
    assert got["la_code"].to_list() == ["871", "871", None, None, "213"]  # Westminster
    assert got["easting"][0] == 498361 and got["northing"][0] == 179497


def test_distance_formula():
    # DfE PL_DISTANCE: metres / 1000 / 1.6093, 1 d.p.
    assert distance_miles(0, 0, 3000, 4000) == round(5 / 1.6093, 1) == 3.1


def test_sample_near_share_far():
    s = sample_near("871", 400, random.Random(5), far_share=0.25)
    assert s.height == 400 and 0.18 <= s["far"].mean() <= 0.32
    assert s["postcode"].str.contains(r"^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$").all()
    found = lookup(s["postcode"])
    assert found["found"].all()
