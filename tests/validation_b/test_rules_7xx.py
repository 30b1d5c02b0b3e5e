"""Rules 700-710 (the DoLo table, new in 2026-27): a passing and a failing hand-made case for each.

DfE rule texts (``shared/domain/validation-rules/903_lac2026_27_rules.csv``):
700 "The start date of the DoLO is not a valid date." 701 "The end date of the DoLO is not a valid date."
702 "The date that the DoLO ended is before the date that it started."
703 "The date that the DoLO started is after the end of the collection year."
704 "The date that the DoLO ended is before the start or after the end of the collection year."
705 "A DoLO cannot start when the previous DoLO is still open."
706 "There is an open DoLO in last year's return and there is no corresponding DoLO recorded at the start of this
year." 707 "Child ceased to be looked after but there is a DoLO without an end date."
708 "Dates of DoLOs are before child's date of birth." 709 "Child with a DoLO is in an unexpected placement type."
(K2, Z12 or Z13 expected) 710 "Child with a DoLO can not be placed in secure children's homes, with parents, young
offender institutions, or supported accommodation." (K1, P1, R5, K3).

Collection year 2027 (1 April 2026 to 31 March 2027); first data row = line 2."""

import pytest

H = {"CHILD": "A", "DOB": "01/06/2010", "SEX": "F"}
E = dict(CHILD="A", DECOM="01/05/2026", RNE="S", LS="C2", CIN="N1", PLACE="K2", PLACE_PROVIDER="PR4",
         PL_POST="AB1 2CD", URN="SC123456")


def dolo(**kw):
    return {"CHILD": "A", "DOB": "01/06/2010", "DOLO_START": "01/06/2026", **kw}


def ep(**kw):
    return {**E, **kw}


CASES = [
    ("700", dict(DoLo=[dolo()]), None, []),
    ("700", dict(DoLo=[dolo(DOLO_START=None)]), None, [("DoLo", 2, "A")]),
    ("702", dict(DoLo=[dolo(DOLO_END="01/06/2026")]), None, []),
    ("702", dict(DoLo=[dolo(DOLO_END="31/05/2026")]), None, [("DoLo", 2, "A")]),
    ("703", dict(DoLo=[dolo(DOLO_START="31/03/2027")]), None, []),
    ("703", dict(DoLo=[dolo(DOLO_START="01/04/2027")]), None, [("DoLo", 2, "A")]),
    ("704", dict(DoLo=[dolo(DOLO_START="01/01/2026", DOLO_END="01/04/2026")]), None, []),
    ("704", dict(DoLo=[dolo(DOLO_START="01/01/2026", DOLO_END="31/03/2026")]), None, [("DoLo", 2, "A")]),
    ("704", dict(DoLo=[dolo(DOLO_END="01/04/2027")]), None, [("DoLo", 2, "A")]),
    ("705", dict(DoLo=[dolo(DOLO_END="01/07/2026"), dolo(DOLO_START="01/07/2026")]), None, []),
    ("705", dict(DoLo=[dolo(), dolo(DOLO_START="01/07/2026")]), None, [("DoLo", 3, "A")]),
    ("705", dict(DoLo=[dolo(DOLO_END="02/07/2026"), dolo(DOLO_START="01/07/2026")]), None, [("DoLo", 3, "A")]),
    ("706", dict(Header=[H], DoLo=[dolo(DOLO_START="01/02/2026")]), {"DoLo": [dolo(DOLO_START="01/02/2026")]}, []),
    ("706", dict(Header=[H], DoLo=[dolo(DOLO_START="02/02/2026")]), {"DoLo": [dolo(DOLO_START="01/02/2026")]},
     [("Header", 2, "A")]),
    ("706", dict(Header=[H]), {"DoLo": [dolo(DOLO_START="01/02/2026", DOLO_END="01/03/2026")]}, []),
    ("707", dict(Episodes=[ep()], DoLo=[dolo()]), None, []),
    ("707", dict(Episodes=[ep(DEC="01/09/2026", REC="E8")], DoLo=[dolo(DOLO_END="01/08/2026")]), None, []),
    ("707", dict(Episodes=[ep(DEC="01/09/2026", REC="E8")], DoLo=[dolo()]), None, [("DoLo", 2, "A")]),
    ("708", dict(DoLo=[dolo(DOB="01/06/2026")]), None, []),
    ("708", dict(DoLo=[dolo(DOB="02/06/2026")]), None, [("DoLo", 2, "A")]),
    ("709", dict(Episodes=[ep()], DoLo=[dolo(DOLO_END="01/07/2026")]), None, []),
    ("709", dict(Episodes=[ep(PLACE="U4")], DoLo=[dolo(DOLO_END="01/07/2026")]), None, [("DoLo", 2, "A")]),
    ("709", dict(Episodes=[ep(DEC="01/06/2026", REC="X1"), ep(DECOM="01/06/2026", RNE="P", PLACE="Z13")],
                 DoLo=[dolo(DOLO_START="02/06/2026", DOLO_END="01/07/2026")]), None, []),
    ("710", dict(Episodes=[ep()], DoLo=[dolo(DOLO_END="01/07/2026")]), None, []),
    ("710", dict(Episodes=[ep(PLACE="K1")], DoLo=[dolo(DOLO_END="01/07/2026")]), None,
     [("DoLo", 2, "A"), ("Episodes", 2, "A")]),
]


@pytest.mark.parametrize(("code", "tables", "previous", "expected"), CASES,
                         ids=[f"{c[0]}-{i}-{'fail' if c[3] else 'pass'}" for i, c in enumerate(CASES)])
def test_rule(v, code, tables, previous, expected):
    assert v.run(code, v.ctx(2027, previous=previous, **tables)) == expected


def test_701_an_unreadable_end_date(v):
    """701: "The end date of the DoLO is not a valid date." A blank end is an open order; a value the reader could
    not parse is reported."""
    ctx = v.ctx(2027, DoLo=[dolo(), dolo(CHILD="B")])
    assert v.run("701", ctx) == []
    ctx.cache["unparsed"] = {("DoLo", "DOLO_END"): [3]}
    assert v.run("701", ctx) == [("DoLo", 3, "B")]


def test_dolo_rules_apply_from_2026_27_only():
    """700-710 are new in the 2026-27 return (the DoLo table did not exist before)."""
    from cphub.ssda903.rules import RULES

    for code in [str(c) for c in range(700, 711)]:
        assert RULES[code].applies(2027) and not RULES[code].applies(2026), code
