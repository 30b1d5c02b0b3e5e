"""Rules 600-699, 1000-1099 and 3001: a passing and a failing hand-made case for each.

Collection year 2025 (1 April 2024 to 31 March 2025); first data row = line 2."""

import polars as pl
import pytest

E = dict(CHILD="A", DECOM="01/05/2024", RNE="S", LS="C2", CIN="N1", PLACE="U4", PLACE_PROVIDER="PR1",
         PL_POST="AB1 2CD", URN="SC123456")
H = {"CHILD": "A", "DOB": "01/06/2007", "SEX": "F", "UPN": "A123456789012"}
AD1_FULL = dict(CHILD="A", DOB="01/01/2020", DATE_INT="01/01/2024", DATE_MATCH="01/02/2024", FOSTER_CARE="0",
                NB_ADOPTR="2", SEX_ADOPTR="MF", LS_ADOPTR="L11")
LEAVER = dict(CHILD="A", DOB="01/06/2007", IN_TOUCH="YES", ACTIV="F2", ACCOM="B1")


def ep(**kw):
    return {**E, **kw}


def hdr(**kw):
    return {**H, **kw}


def pp(**kw):
    return {"CHILD": "A", "DOB": "01/01/2015", **kw}


def oc3(**kw):
    return {**LEAVER, **kw}


ADOPTED = [ep(PLACE="A6", LS="E1", DEC="01/12/2024", REC="E11")]

CASES = [
    ("601", dict(Episodes=ADOPTED, AD1=[AD1_FULL]), None, []),
    ("601", dict(Episodes=ADOPTED, AD1=[{**AD1_FULL, "DATE_MATCH": None}]), None, [("Episodes", 2, "A")]),
    ("602", dict(Episodes=ADOPTED, AD1=[AD1_FULL]), None, []),
    ("602", dict(Episodes=[ep()], AD1=[AD1_FULL]), None, [("AD1", 2, "A")]),
    ("607", dict(Header=[hdr(MOTHER="0")], Episodes=[ep(DEC="01/06/2024", REC="E4A")]), None, []),
    ("607", dict(Header=[hdr(DOB="02/06/2012")], Episodes=[ep(DEC="01/06/2024", REC="E4A")]), None, []),
    ("607", dict(Header=[hdr()], Episodes=[ep(DEC="01/06/2024", REC="E4A")]), None, [("Header", 2, "A")]),
    ("611", dict(Header=[hdr(MOTHER="1", MC_DOB="01/01/2024")]), None, []),
    ("611", dict(Header=[hdr(MOTHER="1")]), None, [("Header", 2, "A")]),
    ("612", dict(Header=[hdr(MOTHER="1", MC_DOB="01/01/2024")]), None, []),
    ("612", dict(Header=[hdr(MOTHER="0", MC_DOB="01/01/2024")]), None, [("Header", 2, "A")]),
    ("620", dict(Header=[hdr(DOB="01/04/2013", MOTHER="1", MC_DOB="01/01/2025")]), None, []),
    ("620", dict(Header=[hdr(DOB="02/04/2013", MOTHER="1", MC_DOB="01/01/2025")]), None, [("Header", 2, "A")]),
    ("621", dict(Header=[hdr(MOTHER="1", MC_DOB="02/06/2007")]), None, []),
    ("621", dict(Header=[hdr(MOTHER="1", MC_DOB="01/06/2007")]), None, [("Header", 2, "A")]),
    ("624", dict(Header=[hdr(MOTHER="1", MC_DOB="01/01/2024")]), {"Header": [hdr(MOTHER="1", MC_DOB="01/01/2024")]},
     []),
    ("624", dict(Header=[hdr(MOTHER="1", MC_DOB="02/01/2024")]), {"Header": [hdr(MOTHER="1", MC_DOB="01/01/2024")]},
     [("Header", 2, "A")]),
    ("624", dict(Header=[hdr()]), {"Header": [hdr(MOTHER="1", MC_DOB="01/01/2024")]}, []),
    ("625", dict(Header=[hdr(MOTHER="1", MC_DOB="01/06/2024")], Episodes=[ep(DEC="01/07/2024", REC="E4A")]), None,
     []),
    ("625", dict(Header=[hdr(MOTHER="1", MC_DOB="02/07/2024")], Episodes=[ep(DEC="01/07/2024", REC="E4A")]), None,
     [("Header", 2, "A")]),
    ("625", dict(Header=[hdr(MOTHER="1", MC_DOB="02/07/2024")],
                 Episodes=[ep(DEC="01/07/2024", REC="E4A"), ep(DECOM="01/08/2024")]), None, []),
    ("626", dict(Header=[hdr(MOTHER="1", MC_DOB="01/06/2024")]), {"Header": [hdr(MOTHER="0")]}, []),
    ("626", dict(Header=[hdr(MOTHER="1", MC_DOB="01/03/2024")]), {"Header": [hdr(MOTHER="0")]}, [("Header", 2, "A")]),
    ("628", dict(Header=[hdr()], OC3=[oc3()]), None, []),
    ("628", dict(Header=[hdr(MOTHER="0")], OC3=[oc3()]), None, [("Header", 2, "A")]),
    ("630", dict(Episodes=[ep()], PrevPerm=[pp(PREV_PERM="Z1")]), None, []),
    ("630", dict(Episodes=[ep()], PrevPerm=[pp(PREV_PERM="P4")]), None, []),
    ("630", dict(Episodes=[ep()]), None, [("Episodes", 2, "A")]),
    ("630", dict(Episodes=[ep()], PrevPerm=[pp(PREV_PERM="P2", LA_PERM="871")]), None, [("Episodes", 2, "A")]),
    ("631", dict(PrevPerm=[pp(PREV_PERM="P4")]), None, []),
    ("631", dict(PrevPerm=[pp(PREV_PERM="P9")]), None, [("PrevPerm", 2, "A")]),
    ("632", dict(Episodes=[ep()], PrevPerm=[pp(PREV_PERM="P2", DATE_PERM="zz/04/2024")]), None, []),
    ("632", dict(Episodes=[ep()], PrevPerm=[pp(PREV_PERM="P2", DATE_PERM="zz/05/2024")]), None,
     [("PrevPerm", 2, "A")]),
    ("632", dict(Episodes=[ep()], PrevPerm=[pp(PREV_PERM="P2", DATE_PERM="31/02/2020")]), None,
     [("PrevPerm", 2, "A")]),
    ("633", dict(PrevPerm=[pp(LA_PERM="871")]), None, []),
    ("633", dict(PrevPerm=[pp(LA_PERM="123")]), None, [("PrevPerm", 2, "A")]),
    ("634", dict(Episodes=[ep()], PrevPerm=[pp(PREV_PERM="Z1")]), None, []),
    ("634", dict(Episodes=[ep(DECOM="01/03/2024")], PrevPerm=[pp(PREV_PERM="Z1")]), None, [("PrevPerm", 2, "A")]),
    ("635", dict(PrevPerm=[pp(PREV_PERM="P1", LA_PERM="871")]), None, []),
    ("635", dict(PrevPerm=[pp(PREV_PERM="Z1", LA_PERM="871")]), None, [("PrevPerm", 2, "A")]),
    # care leavers
    ("1000", dict(OC3=[oc3()], Episodes=[ep(CHILD="B", DEC="01/06/2024", REC="E2")]), {}, []),
    ("1000", dict(OC3=[oc3()]), {"Episodes": [ep(DEC="01/06/2023", DECOM="01/05/2023", REC="E2")]},
     [("OC3", 2, "A")]),
    # 1001: born 01/06/2007: 14 on 01/06/2021, 16 on 01/06/2023
    ("1001", dict(Header=[hdr()], OC3=[oc3()], Episodes=[ep(DEC="01/07/2024", REC="E4A")]),
     {"Episodes": [ep(DECOM="01/03/2024", DEC="01/05/2024", REC="X1")]}, []),
    ("1001", dict(Header=[hdr()], OC3=[oc3()], Episodes=[ep(DEC="01/07/2024", REC="E4A")]),
     {"Episodes": [ep(CHILD="B", DECOM="01/03/2024")]}, [("OC3", 2, "A")]),
    # history starts before the returns seen (first episode not RNE = S): not judged
    ("1001", dict(Header=[hdr()], OC3=[oc3()], Episodes=[ep(RNE="P", DEC="01/07/2024", REC="E4A")]), {}, []),
    ("1002", dict(OC3=[oc3()]), {"Episodes": [ep(DECOM="01/05/2023", DEC="01/06/2023", REC="E4A")]}, []),
    ("1002", dict(OC3=[oc3()]), {}, [("OC3", 2, "A")]),
    ("1003", dict(Episodes=[ep()], PlacedAdoption=[pp(DATE_PLACED="01/05/2024")]), None, []),
    ("1003", dict(Episodes=[ep()], PlacedAdoption=[pp(DATE_PLACED="30/04/2024")]), None, [("PlacedAdoption", 2, "A")]),
    ("1004", dict(Missing=[dict(CHILD="A", MISSING="M", MIS_START="01/05/2024")]), None, []),
    ("1004", dict(Missing=[dict(CHILD="A", MISSING="M")]), None, [("Missing", 2, "A")]),
    ("1006", dict(Missing=[dict(CHILD="A", MISSING="A")]), None, []),
    ("1006", dict(Missing=[dict(CHILD="A", MISSING="X")]), None, [("Missing", 2, "A")]),
    # 1007: born 01/06/2007 -> 17 at 31/03/2025, latest birthday 01/06/2024
    ("1007", dict(OC3=[oc3()], Episodes=[ep(DEC="31/05/2024", REC="E4A")]), None, []),
    ("1007", dict(OC3=[oc3()], Episodes=[ep()]), None, [("OC3", 2, "A")]),
    ("1009", dict(Episodes=[ep(REASON_PLACE_CHANGE="CARPL")]), None, []),
    ("1009", dict(Episodes=[ep(REASON_PLACE_CHANGE="XXXXX")]), None, [("Episodes", 2, "A")]),
    ("1010", dict(OC3=[oc3()]), {"Episodes": [ep(DECOM="01/05/2023", DEC="01/06/2023", REC="E4A")]}, []),
    ("1010", dict(OC3=[oc3()]), {"Episodes": [ep(DECOM="01/05/2023")]}, [("OC3", 2, "A")]),
    ("1011", dict(OC3=[oc3()], Episodes=[ep(DEC="01/07/2024", REC="E4A")]), None, []),
    ("1011", dict(OC3=[oc3()], Episodes=[ep(DEC="01/07/2024", REC="E3")]), None, [("OC3", 2, "A")]),
    ("1012", dict(Header=[hdr()], Episodes=[ep()], Reviews=[dict(CHILD="A", REVIEW="01/06/2024")]), None, []),
    ("1012", dict(Header=[hdr()], Episodes=[ep()], Reviews=[dict(CHILD="B", REVIEW="01/06/2024")],
                  OC2=[dict(CHILD="C")]), None, [("OC2", 2, "C"), ("Reviews", 2, "B")]),
    ("1014", dict(UASC=[dict(CHILD="A")], OC3=[oc3()], Episodes=[ep()]), None, []),
    ("1014", dict(UASC=[dict(CHILD="A")], OC3=[oc3()]), None, []),
    ("1014", dict(UASC=[dict(CHILD="A")], OC3=[oc3()], Episodes=[ep(DECOM="01/01/2024", DEC="01/03/2024", REC="E4A")]),
     None, [("UASC", 2, "A")]),
    ("1016", dict(OC3=[oc3()], Episodes=[ep(DEC="01/06/2024", REC="E4A")]), None, []),
    ("1016", dict(OC3=[oc3()], Episodes=[ep(DEC="02/06/2024", REC="E4A")]), None, [("OC3", 2, "A")]),
    ("3001", dict(Header=[hdr(DOB="01/06/2006")], OC3=[oc3(DOB="01/06/2006", ACCOM="Z1")]), None, []),
    ("3001", dict(Header=[hdr()], OC3=[oc3(ACCOM="Z2")]), None, [("OC3", 2, "A")]),
]


@pytest.mark.parametrize(("code", "tables", "previous", "expected"), CASES,
                         ids=[f"{c[0]}-{i}-{'fail' if c[3] else 'pass'}" for i, c in enumerate(CASES)])
def test_rule(v, code, tables, previous, expected):
    assert v.run(code, v.ctx(2025, previous=previous, **tables)) == expected


@pytest.mark.parametrize("code", ["1004", "1005"])
def test_unparseable_missing_dates(v, code):
    ctx = v.ctx(2025, Missing=[dict(CHILD="A", MISSING="M", MIS_START="01/05/2024"), dict(CHILD="B", MISSING="M",
                                                                                          MIS_START="01/05/2024")])
    assert v.run(code, ctx) == []
    column = "MIS_START" if code == "1004" else "MIS_END"
    ctx.cache["unparsed"] = {("Missing", column): [3]}
    assert v.run(code, ctx) == [("Missing", 3, "B")]


def test_perm_date_partial_dates(v):
    from cphub.ssda903.rules.rules_6xx import perm_date

    when, bad = perm_date()
    df = pl.DataFrame({"DATE_PERM": ["zz/02/2020", "zz/zz/2019", "zz/zz/zzzz", "01/zz/2020", "31/02/2020", None]})
    out = df.select(when.alias("w"), bad.alias("b"))
    # DfE 632: ZZ may stand for any part of the date, so 01/zz/2020 is valid (latest possible: 1 December 2020)
    assert out["w"].to_list() == [v.d("29/02/2020"), v.d("31/12/2019"), None, v.d("01/12/2020"), None, None]
    assert out["b"].to_list() == [False, False, False, False, True, False]
