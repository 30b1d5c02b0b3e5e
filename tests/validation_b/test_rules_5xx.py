"""Rules 500-599: a passing and a failing hand-made case for each (rows: first data row = line 2).

Collection year 2025 (1 April 2024 to 31 March 2025) unless a case says otherwise."""

import pytest

E = dict(CHILD="A", DECOM="01/05/2024", RNE="S", LS="C2", CIN="N1", PLACE="U4", PLACE_PROVIDER="PR1",
         PL_POST="AB1 2CD", URN="SC123456")


def ep(**kw):
    return {**E, **kw}


def ad1(**kw):
    return {"CHILD": "A", "DOB": "01/01/2020", **kw}


def pa(**kw):
    return {"CHILD": "A", "DOB": "01/01/2020", **kw}


def mis(**kw):
    return {"CHILD": "A", "DOB": "01/01/2010", "MISSING": "M", **kw}


def oc2(**kw):
    return {"CHILD": "A", "DOB": "01/01/2010", **kw}


# the child's episode left open at the end of last year
LAST_OPEN = {"Episodes": [ep(DECOM="01/01/2024")]}
CLA12 = [ep(DECOM="01/01/2023")]  # looked after continuously all year
FULL = dict(IMMUNISATIONS="1", TEETH_CHECK="1", HEALTH_ASSESSMENT="1", SUBSTANCE_MISUSE="0")

CASES = [
    ("501", dict(Episodes=[ep(DEC="01/06/2024", REC="X1"), ep(DECOM="01/06/2024", RNE="P")]), None, []),
    ("501", dict(Episodes=[ep(DEC="05/06/2024", REC="X1"), ep(DECOM="01/06/2024", RNE="P")]), None,
     [("Episodes", 3, "A")]),
    ("502", dict(Episodes=[ep(DECOM="01/01/2024")]), LAST_OPEN, []),
    ("502", dict(Episodes=[ep(DECOM="02/01/2024")]), LAST_OPEN, [("Episodes", 2, "A")]),
    ("503A", dict(Episodes=[ep(DECOM="01/01/2024")]), LAST_OPEN, []),
    ("503A", dict(Episodes=[ep(DECOM="01/01/2024", RNE="P")]), LAST_OPEN, [("Episodes", 2, "A")]),
    ("503B", dict(Episodes=[ep(DECOM="01/01/2024", LS="C1")]), LAST_OPEN, [("Episodes", 2, "A")]),
    ("503B", dict(Episodes=[ep(DECOM="01/01/2024", LS="C1")]),
     {"Episodes": [ep(DECOM="01/01/2024", DEC="01/02/2024", REC="E8")]}, []),
    ("503C", dict(Episodes=[ep(DECOM="01/01/2024", CIN="N2")]), LAST_OPEN, [("Episodes", 2, "A")]),
    ("503C", dict(Episodes=[ep(DECOM="01/01/2024")]), LAST_OPEN, []),
    ("503D", dict(Episodes=[ep(DECOM="01/01/2024", PLACE="U6")]), LAST_OPEN, [("Episodes", 2, "A")]),
    ("503D", dict(Episodes=[ep(DECOM="01/01/2024", PLACE="K3")]), {"Episodes": [ep(DECOM="01/01/2024", PLACE="H5")]},
     []),
    ("503E", dict(Episodes=[ep(DECOM="01/01/2024", PLACE_PROVIDER="PR4")]), LAST_OPEN, [("Episodes", 2, "A")]),
    ("503E", dict(Episodes=[ep(DECOM="01/01/2024")]), LAST_OPEN, []),
    ("503F", dict(Episodes=[ep(DECOM="01/01/2024", URN=None)]), LAST_OPEN, [("Episodes", 2, "A")]),
    ("503F", dict(Episodes=[ep(DECOM="01/01/2024")]), LAST_OPEN, []),
    ("504", dict(Episodes=[ep(DEC="01/06/2024", REC="X1"), ep(DECOM="01/06/2024", RNE="P", PLACE="U6")]), None, []),
    ("504", dict(Episodes=[ep(DEC="01/06/2024", REC="X1"), ep(DECOM="01/06/2024", RNE="P", CIN="N4")]), None,
     [("Episodes", 3, "A")]),
    ("511", dict(AD1=[ad1(NB_ADOPTR="2", SEX_ADOPTR="MF")]), None, []),
    ("511", dict(AD1=[ad1(NB_ADOPTR="2", SEX_ADOPTR="F1")]), None, [("AD1", 2, "A")]),
    ("514", dict(AD1=[ad1(LS_ADOPTR="L0", SEX_ADOPTR="F1")]), None, []),
    ("514", dict(AD1=[ad1(LS_ADOPTR="L0", SEX_ADOPTR="MF")]), None, [("AD1", 2, "A")]),
    ("516", dict(Episodes=[ep(DEC="01/06/2024", REC="E45", PLACE="U1")]), None, []),
    ("516", dict(Episodes=[ep(DEC="01/06/2024", REC="E46", PLACE="K2")]), None, [("Episodes", 2, "A")]),
    ("517", dict(AD1=[ad1(LS_ADOPTR="L3", SEX_ADOPTR="MF")]), None, []),
    ("517", dict(AD1=[ad1(LS_ADOPTR="L3", SEX_ADOPTR="FF")]), None, [("AD1", 2, "A")]),
    ("518", dict(AD1=[ad1(LS_ADOPTR="L4", SEX_ADOPTR="MM")]), None, []),
    ("518", dict(AD1=[ad1(LS_ADOPTR="L4", SEX_ADOPTR="MF")]), None, [("AD1", 2, "A")]),
    ("519", dict(AD1=[ad1(LS_ADOPTR="L2", SEX_ADOPTR="FF")]), None, []),
    ("519", dict(AD1=[ad1(LS_ADOPTR="L2", SEX_ADOPTR="M1")]), None, [("AD1", 2, "A")]),
    ("520", dict(AD1=[ad1(LS_ADOPTR="L11", SEX_ADOPTR="MF")]), None, []),
    ("520", dict(AD1=[ad1(LS_ADOPTR="L11", SEX_ADOPTR="MM")]), None, [("AD1", 2, "A")]),
    ("524", dict(AD1=[ad1(LS_ADOPTR="L12", SEX_ADOPTR="FF")]), None, []),
    ("524", dict(AD1=[ad1(LS_ADOPTR="L12", SEX_ADOPTR="MF")]), None, [("AD1", 2, "A")]),
    ("521", dict(Episodes=[ep(PLACE="A4")], AD1=[ad1(DATE_INT="01/05/2024")]), None, []),
    ("521", dict(Episodes=[ep(PLACE="A4")], AD1=[ad1(DATE_INT="02/05/2024")]), None, [("Episodes", 2, "A")]),
    ("522", dict(PlacedAdoption=[pa(DATE_PLACED="01/05/2024", DATE_PLACED_CEASED="01/05/2024")]), None, []),
    ("522", dict(PlacedAdoption=[pa(DATE_PLACED="01/05/2024", DATE_PLACED_CEASED="30/04/2024")]), None,
     [("PlacedAdoption", 2, "A")]),
    ("523", dict(PlacedAdoption=[pa(DATE_PLACED="01/05/2024")], AD1=[ad1(DATE_INT="01/05/2024")]), None, []),
    ("523", dict(PlacedAdoption=[pa(DATE_PLACED="01/05/2024")], AD1=[ad1(DATE_INT="02/05/2024")]), None,
     [("PlacedAdoption", 2, "A")]),
    ("525", dict(PlacedAdoption=[pa(DATE_PLACED_CEASED="01/06/2024")], AD1=[ad1()]), None, []),
    ("525", dict(PlacedAdoption=[pa(DATE_PLACED_CEASED="01/06/2024")], AD1=[ad1(NB_ADOPTR="1")]), None,
     [("PlacedAdoption", 2, "A")]),
    ("526", dict(Episodes=[ep(PLACE="T1", PLACE_PROVIDER=None)]), None, []),
    ("526", dict(Episodes=[ep(PLACE="U4", PLACE_PROVIDER=None)]), None, [("Episodes", 2, "A")]),
    ("527", dict(Episodes=[ep(PLACE="R2", PLACE_PROVIDER="PR3")]), None, []),
    ("527", dict(Episodes=[ep(PLACE="R2", PLACE_PROVIDER="PR1")]), None, [("Episodes", 2, "A")]),
    ("528", dict(Episodes=[ep(PLACE="U4", PLACE_PROVIDER="PR2")]), None, []),
    ("528", dict(Episodes=[ep(PLACE="R5", PLACE_PROVIDER="PR2")]), None, [("Episodes", 2, "A")]),
    ("529", dict(Episodes=[ep(PLACE="R2", PLACE_PROVIDER="PR3")]), None, []),
    ("529", dict(Episodes=[ep(PLACE="K2", PLACE_PROVIDER="PR3")]), None, [("Episodes", 2, "A")]),
    ("530", dict(Episodes=[ep(PLACE="K2", PLACE_PROVIDER="PR4")]), None, []),
    ("530", dict(Episodes=[ep(PLACE="P1", PLACE_PROVIDER="PR4")]), None, [("Episodes", 2, "A")]),
    ("531", dict(Episodes=[ep(PLACE="K2", PLACE_PROVIDER="PR5")]), None, []),
    ("531", dict(Episodes=[ep(PLACE="P1", PLACE_PROVIDER="PR5")]), None, [("Episodes", 2, "A")]),
    ("550", dict(Episodes=[ep(PLACE="P1", PLACE_PROVIDER="PR0")]), None, []),
    ("550", dict(Episodes=[ep(PLACE="U4", PLACE_PROVIDER="PR0")]), None, [("Episodes", 2, "A")]),
    # OC2: aged 10 on 31/03/2025 means born on or before 31/03/2015
    ("542", dict(OC2=[oc2(DOB="31/03/2015", CONVICTED="0")]), None, []),
    ("542", dict(OC2=[oc2(DOB="01/04/2015", CONVICTED="0")]), None, [("OC2", 2, "A")]),
    ("543", dict(OC2=[oc2(DOB="31/03/2015")], Episodes=CLA12), None, [("OC2", 2, "A")]),
    ("543", dict(OC2=[oc2(DOB="31/03/2015")], Episodes=[ep(DECOM="01/06/2024")]), None, []),
    ("544", dict(OC2=[oc2(CONVICTED="0", **FULL)]), None, []),
    ("544", dict(OC2=[oc2(CONVICTED="1", **{**FULL, "TEETH_CHECK": None})]), None, [("OC2", 2, "A")]),
    ("545", dict(OC2=[oc2(DOB="01/04/2020")], Episodes=CLA12), None, [("OC2", 2, "A")]),
    ("545", dict(OC2=[oc2(DOB="01/04/2020", HEALTH_CHECK="1")], Episodes=CLA12), None, []),
    ("546", dict(OC2=[oc2(DOB="31/03/2020", HEALTH_CHECK="1")], Episodes=CLA12), None, [("OC2", 2, "A")]),
    ("546", dict(OC2=[oc2(DOB="01/04/2020", HEALTH_CHECK="1")], Episodes=CLA12), None, []),
    ("547", dict(OC2=[oc2(HEALTH_CHECK="1", **FULL)]), None, []),
    ("547", dict(OC2=[oc2(HEALTH_CHECK="1", **{**FULL, "IMMUNISATIONS": None})]), None, [("OC2", 2, "A")]),
    ("551", dict(Episodes=[ep(PLACE="A6", LS="E1")], PlacedAdoption=[pa(DATE_PLACED="01/04/2024")]), None, []),
    ("551", dict(Episodes=[ep(PLACE="A6", LS="E1")], PlacedAdoption=[pa()]), None, [("Episodes", 2, "A")]),
    ("552", dict(Episodes=[ep(PLACE="A6")], PlacedAdoption=[pa(DATE_PLACED="01/05/2024")]), None, []),
    ("552", dict(Episodes=[ep(PLACE="A6")], PlacedAdoption=[pa(DATE_PLACED="02/05/2024")]), None,
     [("Episodes", 2, "A")]),
    ("553", dict(Episodes=[ep(LS="E1")], PlacedAdoption=[pa(DATE_PLACED="01/04/2024")]), None, []),
    ("553", dict(Episodes=[ep(LS="E1")], PlacedAdoption=[pa(CHILD="B", DATE_PLACED="01/04/2024")]), None,
     [("Episodes", 2, "A")]),
    ("553", dict(Episodes=[ep(LS="E1")], PlacedAdoption=[pa(DATE_PLACED="01/04/2024", REASON_PLACED_CEASED="RD4")]),
     None, [("PlacedAdoption", 2, "A")]),
    ("554", dict(Episodes=[ep(LS="E1")], PlacedAdoption=[pa(DATE_PLACED="01/05/2024")]), None, []),
    ("554", dict(Episodes=[ep(LS="E1")], PlacedAdoption=[pa(DATE_PLACED="02/05/2024")]), None,
     [("Episodes", 2, "A")]),
    ("557", dict(Episodes=[ep(LS="E1", DEC="01/06/2024", REC="E4A")],
                 PlacedAdoption=[pa(DATE_PLACED="01/04/2024", DATE_PLACED_CEASED="01/06/2024",
                                    REASON_PLACED_CEASED="RD4")]), None, []),
    ("557", dict(Episodes=[ep(LS="E1", DEC="01/06/2024", REC="E4A")],
                 PlacedAdoption=[pa(DATE_PLACED="01/04/2024")]), None, [("Episodes", 2, "A")]),
    ("558", dict(Episodes=[ep(PLACE="A6", DEC="01/06/2024", REC="E11")],
                 PlacedAdoption=[pa(DATE_PLACED="01/04/2024")]), None, []),
    ("558", dict(Episodes=[ep(PLACE="A6", DEC="01/06/2024", REC="E11")],
                 PlacedAdoption=[pa(DATE_PLACED="01/04/2024", DATE_PLACED_CEASED="01/06/2024")]), None,
     [("Episodes", 2, "A")]),
    ("559", dict(PlacedAdoption=[pa(DATE_PLACED="01/03/2024")]),
     {"PlacedAdoption": [pa(DATE_PLACED="01/03/2024")]}, []),
    ("559", dict(PlacedAdoption=[pa(DATE_PLACED="01/03/2024")]), {}, [("PlacedAdoption", 2, "A")]),
    ("560", dict(PlacedAdoption=[pa(DATE_PLACED="01/03/2024")]),
     {"PlacedAdoption": [pa(DATE_PLACED="01/03/2024")]}, []),
    ("560", dict(PlacedAdoption=[pa(DATE_PLACED="02/03/2024")]),
     {"PlacedAdoption": [pa(DATE_PLACED="01/03/2024")]}, [("PlacedAdoption", 2, "A")]),
    ("561", dict(PlacedAdoption=[pa(DATE_PLACED="01/03/2024")]),
     {"PlacedAdoption": [pa(DATE_PLACED="01/03/2024")]}, []),
    ("561", dict(PlacedAdoption=[pa(DATE_PLACED="01/03/2024")]),
     {"PlacedAdoption": [pa(DATE_PLACED="01/03/2024", DATE_PLACED_CEASED="02/03/2024")]},
     [("PlacedAdoption", 2, "A")]),
    ("562", dict(Episodes=[ep(DECOM="01/01/2024")]), LAST_OPEN, []),
    ("562", dict(Episodes=[ep(DECOM="01/01/2024")]), {"Episodes": [ep(CHILD="B", DECOM="01/01/2024")]},
     [("Episodes", 2, "A")]),
    ("563", dict(PlacedAdoption=[pa(DATE_PLACED="01/03/2024", DATE_PLACED_CEASED="02/03/2024",
                                    REASON_PLACED_CEASED="RD4")]), None, []),
    ("563", dict(PlacedAdoption=[pa(DATE_PLACED_CEASED="02/03/2024", REASON_PLACED_CEASED="RD4")]), None,
     [("PlacedAdoption", 2, "A")]),
    ("564", dict(Missing=[mis(MIS_START="01/06/2024")]), None, []),
    ("564", dict(Missing=[mis(MISSING="a")]), None, [("Missing", 2, "A")]),
    ("565", dict(Missing=[mis(MIS_START="01/06/2024")]), None, []),
    ("565", dict(Missing=[mis(MISSING=None, MIS_START="01/06/2024")]), None, [("Missing", 2, "A")]),
    ("566", dict(Missing=[mis(MIS_END="01/06/2024")]), None, []),
    ("566", dict(Missing=[mis(MISSING=None, MIS_END="01/06/2024")]), None, [("Missing", 2, "A")]),
    ("567", dict(Missing=[mis(MIS_START="01/06/2024", MIS_END="01/06/2024")]), None, []),
    ("567", dict(Missing=[mis(MIS_START="02/06/2024", MIS_END="01/06/2024")]), None, [("Missing", 2, "A")]),
    ("570", dict(Missing=[mis(MIS_START="31/03/2025")]), None, []),
    ("570", dict(Missing=[mis(MIS_START="01/04/2025")]), None, [("Missing", 2, "A")]),
    ("571", dict(Missing=[mis(MIS_START="01/03/2024", MIS_END="01/04/2024")]), None, []),
    ("571", dict(Missing=[mis(MIS_START="01/03/2024", MIS_END="31/03/2024")]), None, [("Missing", 2, "A")]),
    ("574", dict(Missing=[mis(MIS_START="01/06/2024", MIS_END="03/06/2024"), mis(MIS_START="03/06/2024")]), None,
     []),
    ("574", dict(Missing=[mis(MIS_START="01/06/2024"), mis(MIS_START="03/06/2024", MIS_END="04/06/2024")]), None,
     [("Missing", 3, "A")]),
    ("575", dict(Episodes=[ep(DEC="01/07/2024", REC="X1"), ep(DECOM="01/07/2024", RNE="P", PLACE="U6")],
                 Missing=[mis(MIS_START="02/07/2024")]), None, []),
    ("575", dict(Episodes=[ep(DEC="01/07/2024", REC="X1"), ep(DECOM="01/07/2024", RNE="P", PLACE="U6")],
                 Missing=[mis(MIS_START="01/06/2024")]), None, [("Missing", 2, "A")]),
    ("576", dict(Missing=[mis(MIS_START="01/03/2024", MIS_END="05/04/2024")]),
     {"Missing": [mis(MIS_START="01/03/2024")]}, []),
    ("576", dict(Missing=[mis(MIS_START="02/05/2024", MIS_END="05/05/2024")]),
     {"Missing": [mis(MIS_START="01/03/2024")]}, [("Missing", 2, "A")]),
    ("577", dict(Episodes=[ep()], Missing=[mis(MIS_START="01/06/2024")]), None, []),
    ("577", dict(Episodes=[ep(DEC="01/07/2024", REC="E8")], Missing=[mis(MIS_START="01/06/2024")]), None,
     [("Missing", 2, "A")]),
    ("578", dict(Episodes=[ep(DEC="01/07/2024", REC="E8")],
                 Missing=[mis(MIS_START="01/06/2024", MIS_END="02/06/2024")]), None, []),
    ("578", dict(Episodes=[ep(DEC="01/07/2024", REC="E8")],
                 Missing=[mis(MIS_START="02/07/2024", MIS_END="03/07/2024")]), None, [("Missing", 2, "A")]),
    ("579", dict(PlacedAdoption=[pa(DATE_PLACED="01/03/2024", DATE_PLACED_CEASED="01/04/2024"),
                                 pa(DATE_PLACED="01/04/2024")]), None, []),
    ("579", dict(PlacedAdoption=[pa(DATE_PLACED="01/03/2024"), pa(DATE_PLACED="01/04/2024")]), None,
     [("PlacedAdoption", 3, "A")]),
    ("580", dict(Episodes=[ep(DEC="01/01/2028", REC="E8")],
                 Missing=[mis(MIS_START="01/12/2027", MIS_END="01/01/2028")]), None, []),
    ("580", dict(Episodes=[ep(DEC="01/01/2028", REC="E17")],
                 Missing=[mis(MIS_START="01/12/2027", MIS_END="01/01/2028")]), None, [("Episodes", 2, "A")]),
    ("581", dict(Episodes=[ep()], Missing=[mis(MIS_START="01/05/2024")]), None, []),
    ("581", dict(Episodes=[ep()], Missing=[mis(MIS_START="30/04/2024")]), None, [("Missing", 2, "A")]),
    ("582", dict(Episodes=[ep(DEC="01/06/2024", REC="E11")], AD1=[ad1(DATE_MATCH="01/05/2024")]), None, []),
    ("582", dict(Episodes=[ep(DEC="01/06/2024", REC="E12")], AD1=[ad1(DATE_MATCH="01/06/2024")]), None,
     [("Episodes", 2, "A")]),
    ("583", dict(PlacedAdoption=[pa(DATE_PLACED="01/03/2024", DATE_PLACED_CEASED="01/04/2024"),
                                 pa(DATE_PLACED="01/05/2024")]), None, []),
    ("583", dict(PlacedAdoption=[pa(DATE_PLACED="01/05/2024"), pa(DATE_PLACED="01/03/2024")]), None,
     [("PlacedAdoption", 3, "A")]),
    ("584", dict(PlacedAdoption=[pa(DATE_PLACED="01/05/2024")]),
     {"PlacedAdoption": [pa(DATE_PLACED="01/03/2024", DATE_PLACED_CEASED="01/04/2024")]}, []),
    ("584", dict(PlacedAdoption=[pa(DATE_PLACED="01/02/2024")]),
     {"PlacedAdoption": [pa(DATE_PLACED="01/03/2024", DATE_PLACED_CEASED="01/04/2024")]},
     [("PlacedAdoption", 2, "A")]),
    ("586", dict(Missing=[mis(MIS_START="02/01/2010")]), None, []),
    ("586", dict(Missing=[mis(MIS_START="01/01/2010")]), None, [("Missing", 2, "A")]),
]


@pytest.mark.parametrize(("code", "tables", "previous", "expected"), CASES,
                         ids=[f"{c[0]}-{i}-{'fail' if c[3] else 'pass'}" for i, c in enumerate(CASES)])
def test_rule(v, code, tables, previous, expected):
    assert v.run(code, v.ctx(2025, previous=previous, **tables)) == expected


def test_503D_allows_z1_to_z11_only_in_2025_26(v):
    eps = {"Episodes": [ep(DECOM="01/01/2025", PLACE="Z11", PLACE_PROVIDER=None)]}
    last = {"Episodes": [ep(DECOM="01/01/2025", PLACE="Z1", PLACE_PROVIDER=None)]}
    assert v.run("503D", v.ctx(2026, previous=last, **eps)) == []
    assert v.run("503D", v.ctx(2025, previous=last, **eps)) == [("Episodes", 2, "A")]
