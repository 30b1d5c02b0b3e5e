"""Rules 400-499: a passing and a failing hand-made case for each (rows: first data row = line 2)."""

import pytest

H = {"CHILD": "A", "DOB": "01/06/2010", "UPN": "A123456789012", "SEX": "F"}
E = dict(CHILD="A", DECOM="01/05/2024", RNE="S", LS="C2", CIN="N1", PLACE="U4", PLACE_PROVIDER="PR1",
         PL_POST="AB1 2CD", URN="SC123456")


def ep(**kw):
    return {**E, **kw}


CASES = [
    # 407: SGO after the 18th birthday
    ("407", dict(Header=[H], Episodes=[ep(DEC="31/05/2028", REC="E45")]), []),
    ("407", dict(Header=[H], Episodes=[ep(DEC="02/06/2028", REC="E46")]), [("Episodes", 2, "A")]),
    # 408: A5/A6 needs E1
    ("408", dict(Episodes=[ep(PLACE="A5", LS="E1")]), []),
    ("408", dict(Episodes=[ep(PLACE="A6", LS="C2")]), [("Episodes", 2, "A")]),
    # 426: V3 and V4 in one year
    ("426", dict(Episodes=[ep(LS="V3"), ep(DECOM="02/06/2024", LS="V3")]), []),
    ("426", dict(Episodes=[ep(LS="V3"), ep(DECOM="02/06/2024", LS="V4"), ep(CHILD="B", LS="V4")]),
     [("Episodes", 2, "A"), ("Episodes", 3, "A")]),
    # 431: RNE S on the day the previous episode ended
    ("431", dict(Episodes=[ep(DEC="01/06/2024", REC="E8"), ep(DECOM="02/06/2024", RNE="S")]), []),
    ("431", dict(Episodes=[ep(DEC="01/06/2024", REC="E8"), ep(DECOM="01/06/2024", RNE="S")]), [("Episodes", 3, "A")]),
    # 432: after a leaving-care REC the next episode must be S
    ("432", dict(Episodes=[ep(DEC="01/06/2024", REC="E4A"), ep(DECOM="05/06/2024", RNE="S")]), []),
    ("432", dict(Episodes=[ep(DEC="01/06/2024", REC="E4A"), ep(DECOM="05/06/2024", RNE="P")]), [("Episodes", 3, "A")]),
    # 433: a continuation must start the day the previous one ended
    ("433", dict(Episodes=[ep(DEC="01/06/2024", REC="X1"), ep(DECOM="01/06/2024", RNE="P", PLACE="U6")]), []),
    ("433", dict(Episodes=[ep(DEC="01/06/2024", REC="X1"), ep(DECOM="03/06/2024", RNE="P", PLACE="U6")]),
     [("Episodes", 3, "A")]),
    # 434: L = legal status only
    ("434", dict(Episodes=[ep(DEC="01/06/2024", REC="X1"), ep(DECOM="01/06/2024", RNE="L", LS="E1")]), []),
    ("434", dict(Episodes=[ep(DEC="01/06/2024", REC="X1"), ep(DECOM="01/06/2024", RNE="L", LS="E1", URN="SC999999")]),
     [("Episodes", 3, "A")]),
    # 435: P/T = placement only
    ("435", dict(Episodes=[ep(DEC="01/06/2024", REC="X1"), ep(DECOM="01/06/2024", RNE="P", PL_POST="ZZ9 9ZZ")]), []),
    ("435", dict(Episodes=[ep(DEC="01/06/2024", REC="X1"), ep(DECOM="01/06/2024", RNE="T")]), [("Episodes", 3, "A")]),
    # 436: B/U = both changed
    ("436", dict(Episodes=[ep(DEC="01/06/2024", REC="X1"), ep(DECOM="01/06/2024", RNE="B", LS="C1", PLACE="K2")]), []),
    ("436", dict(Episodes=[ep(DEC="01/06/2024", REC="X1"), ep(DECOM="01/06/2024", RNE="U", PLACE="K2")]),
     [("Episodes", 3, "A")]),
    # 437: died / over 18 then more episodes
    ("437", dict(Episodes=[ep(DEC="01/06/2024", REC="E2")]), []),
    ("437", dict(Episodes=[ep(DEC="01/06/2024", REC="E15"), ep(DECOM="05/06/2024")]), [("Episodes", 2, "A")]),
    # 440/441: PN0 only under 4
    ("440", dict(Reviews=[dict(CHILD="A", DOB="10/05/2020", REVIEW="10/05/2024", REVIEW_CODE="PN0")]), []),
    ("440", dict(Reviews=[dict(CHILD="A", DOB="10/05/2020", REVIEW="11/05/2024", REVIEW_CODE="PN0")]),
     [("Reviews", 2, "A")]),
    ("441", dict(Reviews=[dict(CHILD="A", DOB="10/05/2020", REVIEW="10/05/2024", REVIEW_CODE="PN1")]), []),
    ("441", dict(Reviews=[dict(CHILD="A", DOB="10/05/2020", REVIEW="09/05/2024", REVIEW_CODE="PN7")]),
     [("Reviews", 2, "A")]),
    # 442: UPN needed unless only short breaks
    ("442", dict(Header=[{**H, "UPN": None}], Episodes=[ep(LS="V3")]), []),
    ("442", dict(Header=[{**H, "UPN": None}], Episodes=[ep(LS="V3"), ep(DECOM="01/07/2024", LS="C2")]),
     [("Header", 2, "A")]),
    # 444: duplicate UPN (UN codes allowed)
    ("444", dict(Header=[{**H, "UPN": "UN1"}, {**H, "CHILD": "B", "UPN": "UN1"}]), []),
    ("444", dict(Header=[H, {**H, "CHILD": "B"}, {**H, "CHILD": "C", "UPN": "B999999999999"}]),
     [("Header", 2, "A"), ("Header", 3, "B")]),
    # 454 (2025-26): Slough to Penzance is about 236 miles, Slough to Lerwick about 598
    ("454", dict(Episodes=[ep(HOME_POST="SL1 2PX", PL_POST="TR18 2AB")]), []),
    ("454", dict(Episodes=[ep(HOME_POST="SL1 2PX", PL_POST="ZE1 0AA"), ep(CHILD="B", HOME_POST="SL1 2PX",
                                                                           PL_POST="ZE1 0AA")],
                 UASC=[dict(CHILD="B")]), [("Episodes", 2, "A")]),
    # 446: E1 before December 2005
    ("446", dict(Episodes=[ep(LS="E1", DECOM="01/12/2005")]), []),
    ("446", dict(Episodes=[ep(LS="E1", DECOM="30/11/2005")]), [("Episodes", 2, "A")]),
    # 460: E17 under 18
    ("460", dict(Header=[H], Episodes=[ep(DEC="01/06/2028", REC="E17")]), []),
    ("460", dict(Header=[H], Episodes=[ep(DEC="31/05/2028", REC="E17")]), [("Episodes", 2, "A")]),
]


@pytest.mark.parametrize(("code", "tables", "expected"), CASES,
                         ids=[f"{c[0]}-{'fail' if c[2] else 'pass'}" for c in CASES])
def test_rule(v, code, tables, expected):
    year = 2026 if code in ("444", "454") else 2025
    assert v.run(code, v.ctx(year, **tables)) == expected
