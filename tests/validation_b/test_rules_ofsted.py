"""Rules that check an episode's Ofsted URN against Ofsted's provider list: a passing and a failing hand-made case
for each, the council making the return being 871 (Slough), and the list a tiny hand-made one (synthetic URNs).

DfE rule texts (``shared/domain/validation-rules/903_lac2025_26_rules.csv``): 219 "The Ofsted Unique reference
number (URN) provided for the child's placement does not match the placement type recorded." 221 "... does not
match the placement postcode provided." 224 "... does not match the placement provider recorded." 227 "Ofsted
Unique reference number (URN) is not valid for the episode start date." 228 "... is not valid for the episode end
date". 229 "Placement provider does not match between the placing authority and the local authority code of the
provider." 241 "LA of placement is not an LA the provider has premises." 243 "Only placements with providers
registered with Ofsted should have a URN reported." 1008 "Ofsted Unique Reference Number (URN) is not valid."

Postcodes (shipped directory): SL1 1AA and SL2 2BB are in Slough (871), EC1M 3AB in the City of London (202)."""

import pytest

from cphub.reference.ofsted import read_providers

LA = "871"
LIST = b"""URN,Provider type,Provider subtype,Sector,Local authority,Setting postcode,Registration status,Registration date,Date closed,Places
SC000001,Children's home,Children's home,Private,Slough,SL2 2BB,Active,01/01/2010,,4
SC000002,Children's home,Children's home,Local authority,Slough,SL1 1AA,Active,01/01/2010,01/10/2024,3
SC000003,Independent fostering agency,,Private,City of London,EC1M 3AB,Registered,01/01/2000,,
SC000004,Local authority fostering agency,,Local authority,City of London,EC1M 3AB,Registered,01/01/2000,,
SC000005,Supported accommodation,,Private,Slough,SL2 2BB,Registered,01/01/2024,,6
SC000005,Supported accommodation,,Private,City of London,EC1M 3AB,Registered,01/01/2024,,6
SC000006,Boarding school,,Independent,Slough,SL1 1AA,Not registered,,,40
SC000007,Children's home,Children's home,Private,Slough,SL2 2BB,Active,01/06/2024,,2
"""
PROVIDERS = read_providers(LIST, "providers.csv")

E = dict(CHILD="A", DECOM="01/05/2024", RNE="S", LS="C2", CIN="N1", PLACE="K2", PLACE_PROVIDER="PR4",
         HOME_POST="SL1 1AA", PL_POST="SL2 2BB", URN="SC000001")


def ep(**kw):
    return {**E, **kw}


FAIL = [("Episodes", 2, "A")]
Y26 = dict(DECOM="01/05/2025")  # 241 and 243 are in the 2025-26 list only

CASES = [
    ("1008", dict(Episodes=[ep()]), None, []),
    ("1008", dict(Episodes=[ep(URN="XXXXXXX", PLACE="A6")]), None, []),  # XXXXXXX: DfE's "no URN" (RAA)
    ("1008", dict(Episodes=[ep(URN="sc 000001")]), None, []),  # case and spaces ignored
    ("1008", dict(Episodes=[ep(URN="SC999999")]), None, FAIL),
    ("219", dict(Episodes=[ep()]), None, []),
    ("219", dict(Episodes=[ep(PLACE="U6", URN="SC000003")]), None, []),
    ("219", dict(Episodes=[ep(PLACE="U6")]), None, FAIL),  # foster placement at a children's home
    ("219", dict(Episodes=[ep(PLACE="K2", URN="SC000005")]), None, FAIL),  # children's home at supported accommodation
    ("221", dict(Episodes=[ep()]), None, []),
    ("221", dict(Episodes=[ep(PL_POST="SL1 1AA", LS="V3")]), None, []),  # short breaks are not checked
    ("221", dict(Episodes=[ep(PL_POST="sl22bb")]), None, []),
    ("221", dict(Episodes=[ep(PL_POST="SL1 1AA")]), None, FAIL),
    ("224", dict(Episodes=[ep()]), None, []),
    ("224", dict(Episodes=[ep(PLACE_PROVIDER="PR1", URN="SC000002", PL_POST="SL1 1AA")]), None, []),
    ("224", dict(Episodes=[ep(PLACE_PROVIDER="PR5")]), None, FAIL),  # voluntary, but the home is private
    ("224", dict(Episodes=[ep(PLACE="U6", PLACE_PROVIDER="PR1", URN="SC000003")]), None, FAIL),
    ("227", dict(Episodes=[ep()]), None, []),
    ("227", dict(Episodes=[ep(URN="SC000007")]), None, FAIL),  # registered 1 June 2024, episode began 1 May
    ("227", dict(Episodes=[ep(URN="SC000002", DECOM="01/10/2024")]), None, FAIL),  # began the day it closed
    ("228", dict(Episodes=[ep(URN="SC000002", DEC="01/10/2024", REC="E13")]), None, []),  # ended as it closed
    ("228", dict(Episodes=[ep()]), None, []),
    ("228", dict(Episodes=[ep(URN="SC000002")]), None, FAIL),  # still open at 31 March, closed in October
    ("228", dict(Episodes=[ep(URN="SC000002", DEC="02/10/2024", REC="E13")]), None, FAIL),
    ("229", dict(Episodes=[ep(URN="SC000002", PLACE_PROVIDER="PR1", PL_POST="SL1 1AA")]), None, []),
    ("229", dict(Episodes=[ep(PLACE="U6", URN="SC000004", PLACE_PROVIDER="PR2")]), None, []),
    ("229", dict(Episodes=[ep(PLACE="U6", URN="SC000003", PLACE_PROVIDER="PR1")]), None, FAIL),  # provider in 202
    ("229", dict(Episodes=[ep(URN="SC000002", PLACE_PROVIDER="PR2", PL_POST="SL1 1AA")]), None, FAIL),  # in 871
    ("241", dict(Episodes=[ep(**Y26)]), None, []),
    ("241", dict(Episodes=[ep(**Y26, PLACE="K3", URN="SC000005", PL_POST="EC1M 3AB")]), None, []),  # 2nd premises
    ("241", dict(Episodes=[ep(**Y26, PLACE="U6", URN="SC000003", PL_POST="SL2 2BB")]), None, []),  # carers' home
    ("241", dict(Episodes=[ep(**Y26, PL_POST="EC1M 3AB")]), None, FAIL),  # placed in 202, home only in 871
    ("243", dict(Episodes=[ep(**Y26)]), None, []),
    ("243", dict(Episodes=[ep(**Y26, PLACE="S1", PLACE_PROVIDER="PR4", URN="SC000006")]), None, FAIL),
]


@pytest.mark.parametrize(("code", "tables", "previous", "expected"), CASES,
                         ids=[f"{c[0]}-{i}-{'fail' if c[3] else 'pass'}" for i, c in enumerate(CASES)])
def test_rule(v, code, tables, previous, expected):
    ctx = v.ctx(2026 if code in ("241", "243") else 2025, previous=previous, **tables)
    ctx.la = LA
    ctx.inputs["providers"] = PROVIDERS
    assert v.run(code, ctx) == expected


@pytest.mark.parametrize("code", ["219", "221", "224", "227", "228", "229", "1008"])
def test_rules_are_skipped_without_the_list(v, code):
    """Without Ofsted's list the rule is reported as not checked (severity 'skipped'), saying what it needs."""
    from cphub.ssda903.rules import RULES

    ctx = v.ctx(2025, Episodes=[ep(URN="SC999999")])
    ctx.la = LA
    found = RULES[code].run(ctx)
    assert [f.severity for f in found] == ["skipped"]
    assert "Ofsted's provider list" in found[0].message


def test_229_is_skipped_without_the_council(v):
    from cphub.ssda903.rules import RULES

    ctx = v.ctx(2025, Episodes=[ep(URN="SC000003", PLACE="U6", PLACE_PROVIDER="PR1")])
    ctx.inputs["providers"] = PROVIDERS
    found = RULES["229"].run(ctx)
    assert [f.severity for f in found] == ["skipped"] and "--la" in found[0].message


def test_rule_years_follow_the_dfe_lists():
    """241 and 243 are in the 2025-26 list only; the others in 2024-25, 2025-26 and 2026-27."""
    from cphub.ssda903.rules import RULES

    assert [y for y in (2025, 2026, 2027) if RULES["241"].applies(y)] == [2026]
    assert [y for y in (2025, 2026, 2027) if RULES["243"].applies(y)] == [2026]
    for code in ("219", "221", "224", "227", "228", "229", "1008"):
        assert all(RULES[code].applies(y) for y in (2025, 2026, 2027))
