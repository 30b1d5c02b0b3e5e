"""Rules on the placement fields DfE derives from the postcodes (PL_DISTANCE, PL_LA, PL_LOCATION): a passing and a
failing hand-made case for each, the council making the return being 871 (Slough).

DfE rule texts (``shared/domain/validation-rules/903_lac2025_26_rules.csv``): 164 "Distance is not valid. Please
check a valid postcode has been entered." 169 "LA of placement is not valid or is missing. Please check a valid
postcode has been entered." 179 "Placement location code is not a valid code." 392a "Child is looked after but no
distance is recorded." 420 "LA of placement completed but child is looked after under legal status V3 or V4."
1015 "Placement is with social care provider who is located outside of the LA but the placement provider is
recorded as Own provision (PR1)." 452 "Contradiction between local authority of placement code in the last episode
of the previous year and in the first episode of the current year." 453 the same for the placement distance; 503G,
503H, 503J: distance, LA of placement and placement location differ from last year's still-open episode.

Postcodes (from the shipped directory): SL1 1AA and SL2 2BB are in Slough (871), EC1M 3AB in the City of London
(202); SL3 3CC is not a postcode. Collection year 2025; first data row = line 2."""

import pytest

from cphub.ssda903.rules.rules_derived import derive_placement_fields

LA = "871"
E = dict(CHILD="A", DECOM="01/05/2024", RNE="S", LS="C2", CIN="N1", PLACE="K2", PLACE_PROVIDER="PR1",
         HOME_POST="SL1 1AA", PL_POST="SL2 2BB", URN="SC123456")


def ep(**kw):
    return {**E, **kw}


HEADER = {"CHILD": "A", "DOB": "01/06/2010", "SEX": "F", "ETHNIC": "WBRI", "UPN": "A123456789012"}
AWAY = dict(PL_POST="EC1M 3AB")
OPEN_LAST = {"Episodes": [ep(DECOM="01/05/2023")]}

CASES = [
    ("164", dict(Episodes=[ep()]), None, []),
    ("164", dict(Episodes=[ep(PL_POST="SL3 3CC")]), None, [("Episodes", 2, "A")]),
    ("164", dict(Episodes=[ep(PL_POST="SL3 3CC")], UASC=[dict(CHILD="A", DUC="01/01/2026")]), None, []),
    ("164", dict(Episodes=[ep(PL_POST="BT1 1AA")]), None, []),
    ("392a", dict(Episodes=[ep(PL_POST="BT1 1AA")]), None, []),
    ("169", dict(Episodes=[ep()]), None, []),
    ("169", dict(Episodes=[ep(PL_POST="SL3 3CC")]), None, [("Episodes", 2, "A")]),
    ("169", dict(Episodes=[ep(PL_POST="BT1 1AA")]), None, []),  # Northern Ireland: not in the shipped directory
    ("179", dict(Episodes=[ep(**AWAY)]), None, []),
    ("179", dict(Episodes=[ep(PL_POST="SL3 3CC")]), None, [("Episodes", 2, "A")]),
    ("392a", dict(Episodes=[ep()]), None, []),
    ("392a", dict(Episodes=[ep(HOME_POST=None)]), None, [("Episodes", 2, "A")]),
    # with the child's Header row, as a return has it (the reference needs it to tell who is UASC)
    ("392a", dict(Episodes=[ep(HOME_POST=None)], Header=[HEADER]), None, [("Episodes", 2, "A")]),
    ("420", dict(Episodes=[ep(LS="V3", PL_POST=None, HOME_POST=None)]), None, []),
    ("420", dict(Episodes=[ep(LS="V3")]), None, [("Episodes", 2, "A")]),
    ("1015", dict(Episodes=[ep(**AWAY, PLACE_PROVIDER="PR4")]), None, []),
    ("1015", dict(Episodes=[ep(**AWAY, PLACE="U4")]), None, []),
    ("1015", dict(Episodes=[ep(**AWAY)]), None, [("Episodes", 2, "A")]),
    ("452", dict(Episodes=[ep(DECOM="01/05/2023")]), OPEN_LAST, []),
    ("452", dict(Episodes=[ep(DECOM="01/05/2023", **AWAY)]), OPEN_LAST, [("Episodes", 2, "A")]),
    ("453", dict(Episodes=[ep(DECOM="01/05/2023")]), OPEN_LAST, []),
    ("453", dict(Episodes=[ep(DECOM="01/05/2023", HOME_POST="EC1M 3AB")]), OPEN_LAST, [("Episodes", 2, "A")]),
    ("503G", dict(Episodes=[ep(DECOM="01/05/2023")]), OPEN_LAST, []),
    ("503G", dict(Episodes=[ep(DECOM="01/05/2023", HOME_POST="EC1M 3AB")]), OPEN_LAST, [("Episodes", 2, "A")]),
    ("503H", dict(Episodes=[ep(DECOM="01/05/2023")]), OPEN_LAST, []),
    ("503H", dict(Episodes=[ep(DECOM="01/05/2023", **AWAY)]), OPEN_LAST, [("Episodes", 2, "A")]),
    ("503J", dict(Episodes=[ep(DECOM="01/05/2023", PL_POST="SL1 1AA")]), OPEN_LAST, []),
    ("503J", dict(Episodes=[ep(DECOM="01/05/2023", **AWAY)]), OPEN_LAST, [("Episodes", 2, "A")]),
]


@pytest.mark.parametrize(("code", "tables", "previous", "expected"), CASES,
                         ids=[f"{c[0]}-{i}-{'fail' if c[3] else 'pass'}" for i, c in enumerate(CASES)])
def test_rule(v, code, tables, previous, expected):
    ctx = v.ctx(2025, previous=previous, **tables)
    ctx.la = LA
    assert v.run(code, ctx) == expected


def test_derived_fields_as_dfe_derives_them(v):
    """PL_DISTANCE: straight line between the postcodes' grid references in miles to 0.1 (SL1 1AA to SL2 2BB:
    hypot(2937, 3146) m = 2.7 miles); PL_LA from the placement postcode; PL_LOCATION IN/OUT against the council;
    no distance for UASC children."""
    eps = v.table("Episodes", [ep(), ep(CHILD="B", **AWAY), ep(CHILD="C", PL_POST="SL3 3CC")])
    out = derive_placement_fields(eps, v.table("UASC", [dict(CHILD="B")])["CHILD"], LA)
    assert out["PL_DISTANCE"].to_list() == [2.7, None, None]
    assert out["PL_LA"].to_list() == ["871", "202", None]
    assert out["PL_LOCATION"].to_list() == ["IN", "OUT", None]


@pytest.mark.parametrize("code", ["179", "1015", "503J"])
def test_rules_needing_the_council_are_skipped_without_it(v, code):
    """PL_LOCATION compares with the council making the return: without it (``cphub validate`` with no ``--la``)
    these rules cannot run."""
    ctx = v.ctx(2025, previous=OPEN_LAST, Episodes=[ep(DECOM="01/05/2023", PL_POST="SL3 3CC", **{})])
    assert v.run(code, ctx) == []
