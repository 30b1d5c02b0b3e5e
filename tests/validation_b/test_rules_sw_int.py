"""Social-worker episode rules (SW...), integrity checks (INT01-INT36), EPI and NoE: a passing and a failing
hand-made case for each.

DfE rule texts (``shared/domain/validation-rules/903_lac2025_26_rules.csv`` and the 2024-25 and 2026-27 lists):
SW01aSTG1/SW01bSTG1 "For each social worker episode, information should be complete" (before 1 April 2023: SW_ID
and SW_DECOM; from then also SW_REASON). SW02STG1 "Social worker ID does not begin with the characters 'SW' or
'XX'." SW04STG1 "Date social worker episode began is not a valid date." SW05STG1 (SW_DEC) the same for the end.
SW06STG2 "Social worker episode data should be within the social worker data reporting year." SW07STG2 "Social
worker episode end date should be on or after the start of the social worker reporting period, and should be on or
before the collection end date." SW08STG2 "A new social worker episode has started, but the previous episode has not
ended." SW09STG2 "Social worker episode appears to have lasted for less than 24 hours." SW10STG2 "A new social
worker episode has started before the end date of the previous social worker episode." SW10aSTG2 "... not within
+/- 7 days of a previous episode." SW10bSTG2 "... with a reason of first contact before the previous episode has
ended." SW11bSTG2 "Social worker episode has ended before 31 March and no subsequent social worker episode has been
provided." SW13STG1 "The reason for social worker change is not valid." SW17STG2 "There is no social worker episode
open at 31 March" SW18STG2 "The end date of the social worker episode is before the start date" SW19STG2 "There are
2 social worker episodes for the child starting on the same date." INT01-09 "Child in <table> does not exist in
Header." INT11-18 "DOB in <table> is different to DOB in Header." INT21 "SEX in UASC is different to SEX in Header."
INT31-36 "Child should only exist once in <table>." EPI "Episodes need to be loaded for this child before further
validation is possible" NoE "This child has no episodes loaded for previous year even though child started to be
looked after before this current year."

Collection year 2025 (1 April 2024 to 31 March 2025) unless the case's rule is only in force in another year (the
test runs it in its first year in force from 2024-25); first data row = line 2."""

import pytest

from cphub.ssda903.rules import RULES

H = {"CHILD": "A", "DOB": "01/06/2010", "SEX": "F", "ETHNIC": "WBRI", "UPN": "A123456789012"}
E = dict(CHILD="A", DECOM="01/05/2024", RNE="S", LS="C2", CIN="N1", PLACE="U4", PLACE_PROVIDER="PR1",
         PL_POST="AB1 2CD", URN="SC123456")


def sw(**kw):
    return {"CHILD": "A", "SW_ID": "SW0001", "SW_DECOM": "01/05/2024", "SW_REASON": "TSPROC", **kw}


def h(**kw):
    return {**H, **kw}


def ep(**kw):
    return {**E, **kw}


def dob(table, **kw):
    return {"CHILD": "A", "DOB": "01/06/2010", **kw}


TWO = [sw(SW_DEC="01/09/2024"), sw(SW_ID="SW0002", SW_DECOM="01/09/2024", SW_REASON="LEFTRL")]

CASES = [
    ("SW01aSTG1", dict(SWEpisodes=[sw(SW_DECOM="01/03/2023", SW_REASON=None)]), None, []),
    ("SW01aSTG1", dict(SWEpisodes=[sw(SW_DECOM="01/03/2023", SW_ID=None)]), None, [("SWEpisodes", 2, "A")]),
    ("SW01bSTG1", dict(SWEpisodes=[sw()]), None, []),
    ("SW01bSTG1", dict(SWEpisodes=[sw(SW_REASON=None)]), None, [("SWEpisodes", 2, "A")]),
    ("SW02STG1", dict(SWEpisodes=[sw(SW_ID="XX99")]), None, []),
    ("SW02STG1", dict(SWEpisodes=[sw(SW_ID="AB0001")]), None, [("SWEpisodes", 2, "A")]),
    ("SW04STG1", dict(SWEpisodes=[sw()]), None, []),
    ("SW04STG1", dict(SWEpisodes=[sw(SW_DECOM=None)]), None, [("SWEpisodes", 2, "A")]),
    ("SW06STG2", dict(SWEpisodes=[sw(SW_DECOM="31/03/2025")]), None, []),
    ("SW06STG2", dict(SWEpisodes=[sw(SW_DECOM="01/04/2025")]), None, [("SWEpisodes", 2, "A")]),
    ("SW07STG2", dict(SWEpisodes=[sw(SW_DECOM="01/01/2023", SW_DEC="01/04/2023")]), None, []),
    ("SW07STG2", dict(SWEpisodes=[sw(SW_DECOM="01/01/2023", SW_DEC="31/03/2023")]), None, [("SWEpisodes", 2, "A")]),
    ("SW08STG2", dict(SWEpisodes=TWO), None, []),
    ("SW08STG2", dict(SWEpisodes=[sw(), TWO[1]]), None, [("SWEpisodes", 2, "A")]),
    ("SW09STG2", dict(SWEpisodes=[sw(SW_DEC="02/05/2024")]), None, []),
    ("SW09STG2", dict(SWEpisodes=[sw(SW_DEC="01/05/2024")]), None, [("SWEpisodes", 2, "A")]),
    ("SW10STG2", dict(SWEpisodes=[sw(SW_DEC="08/09/2024"), TWO[1]]), None, []),
    ("SW10STG2", dict(SWEpisodes=[sw(SW_DEC="09/09/2024"), TWO[1]]), None, [("SWEpisodes", 3, "A")]),
    ("SW10aSTG2", dict(SWEpisodes=[sw(SW_DEC="25/08/2024"), TWO[1]]), None, []),
    ("SW10aSTG2", dict(SWEpisodes=[sw(SW_DEC="24/08/2024"), TWO[1]]), None, [("SWEpisodes", 3, "A")]),
    ("SW10bSTG2", dict(SWEpisodes=[sw(SW_DEC="01/09/2024"), {**TWO[1], "SW_REASON": "FCONTA"}]), None, []),
    ("SW10bSTG2", dict(SWEpisodes=[sw(SW_DEC="02/09/2024"), {**TWO[1], "SW_REASON": "FCONTA"}]), None,
     [("SWEpisodes", 3, "A")]),
    ("SW11bSTG2", dict(Episodes=[ep()], SWEpisodes=TWO), None, []),
    ("SW11bSTG2", dict(Episodes=[ep(DEC="01/09/2024", REC="E4A")], SWEpisodes=[sw(SW_DEC="01/09/2024")]), None, []),
    ("SW11bSTG2", dict(Episodes=[ep()], SWEpisodes=[sw(SW_DEC="01/09/2024")]), None, [("SWEpisodes", 2, "A")]),
    ("SW13STG1", dict(SWEpisodes=[sw(SW_REASON="manage")]), None, []),
    ("SW13STG1", dict(SWEpisodes=[sw(SW_REASON="NOPE")]), None, [("SWEpisodes", 2, "A")]),
    ("SW17STG2", dict(SWEpisodes=TWO), None, []),
    ("SW17STG2", dict(SWEpisodes=[sw(SW_DEC="01/09/2024")]), None, [("SWEpisodes", 2, "A")]),
    ("SW18STG2", dict(SWEpisodes=[sw(SW_DEC="02/05/2024")]), None, []),
    ("SW18STG2", dict(SWEpisodes=[sw(SW_DEC="30/04/2024")]), None, [("SWEpisodes", 2, "A")]),
    ("SW19STG2", dict(SWEpisodes=TWO), None, []),
    ("SW19STG2", dict(SWEpisodes=[sw(), sw(SW_ID="SW0002")]), None, [("SWEpisodes", 2, "A"), ("SWEpisodes", 3, "A")]),
    ("INT01", dict(Header=[h()], AD1=[dob("AD1")]), None, []),
    ("INT01", dict(Header=[h()], AD1=[dob("AD1", CHILD="B")]), None, [("AD1", 2, "B")]),
    ("INT03", dict(Header=[h()], Episodes=[ep()]), None, []),
    ("INT03", dict(Header=[h()], Episodes=[ep(CHILD="B")]), None, [("Episodes", 2, "B")]),
    ("INT09", dict(Header=[h()], UASC=[dob("UASC")]), None, []),
    ("INT09", dict(Header=[h()], UASC=[dob("UASC", CHILD="B")]), None, [("UASC", 2, "B")]),
    ("INT14", dict(Header=[h()], OC2=[dob("OC2")]), None, []),
    ("INT14", dict(Header=[h()], OC2=[dob("OC2", DOB="02/06/2010")]), None, [("OC2", 2, "A")]),
    ("INT17", dict(Header=[h()], Reviews=[dob("Reviews", REVIEW="01/06/2024")]), None, []),
    ("INT17", dict(Header=[h()], Reviews=[dob("Reviews", DOB="01/06/2011", REVIEW="01/06/2024")]), None,
     [("Reviews", 2, "A")]),
    ("INT21", dict(Header=[h()], UASC=[dob("UASC", SEX="F")]), None, []),
    ("INT21", dict(Header=[h()], UASC=[dob("UASC", SEX="M")]), None, [("UASC", 2, "A")]),
    ("INT32", dict(Header=[h(), h(CHILD="B")]), None, []),
    ("INT32", dict(Header=[h(), h()]), None, [("Header", 2, "A"), ("Header", 3, "A")]),
    ("INT34", dict(OC3=[dob("OC3")]), None, []),
    ("INT34", dict(OC3=[dob("OC3"), dob("OC3")]), None, [("OC3", 2, "A"), ("OC3", 3, "A")]),
    ("INT02", dict(Header=[h()], PlacedAdoption=[dob("PlacedAdoption")]), None, []),
    ("INT02", dict(Header=[h()], PlacedAdoption=[dob("PlacedAdoption", CHILD="B")]), None, [("PlacedAdoption", 2, "B")]),
    ("INT04", dict(Header=[h()], Missing=[dob("Missing")]), None, []),
    ("INT04", dict(Header=[h()], Missing=[dob("Missing", CHILD="B")]), None, [("Missing", 2, "B")]),
    ("INT05", dict(Header=[h()], OC2=[dob("OC2")]), None, []),
    ("INT05", dict(Header=[h()], OC2=[dob("OC2", CHILD="B")]), None, [("OC2", 2, "B")]),
    ("INT06", dict(Header=[h()], OC3=[dob("OC3")]), None, []),
    ("INT06", dict(Header=[h()], OC3=[dob("OC3", CHILD="B")]), None, [("OC3", 2, "B")]),
    ("INT07", dict(Header=[h()], PrevPerm=[dob("PrevPerm")]), None, []),
    ("INT07", dict(Header=[h()], PrevPerm=[dob("PrevPerm", CHILD="B")]), None, [("PrevPerm", 2, "B")]),
    ("INT08", dict(Header=[h()], Reviews=[dob("Reviews")]), None, []),
    ("INT08", dict(Header=[h()], Reviews=[dob("Reviews", CHILD="B")]), None, [("Reviews", 2, "B")]),
    ("INT11", dict(Header=[h()], AD1=[dob("AD1")]), None, []),
    ("INT11", dict(Header=[h()], AD1=[dob("AD1", DOB="01/01/2011")]), None, [("AD1", 2, "A")]),
    ("INT12", dict(Header=[h()], PlacedAdoption=[dob("PlacedAdoption")]), None, []),
    ("INT12", dict(Header=[h()], PlacedAdoption=[dob("PlacedAdoption", DOB="01/01/2011")]), None, [("PlacedAdoption", 2, "A")]),
    ("INT13", dict(Header=[h()], Missing=[dob("Missing")]), None, []),
    ("INT13", dict(Header=[h()], Missing=[dob("Missing", DOB="01/01/2011")]), None, [("Missing", 2, "A")]),
    ("INT15", dict(Header=[h()], OC3=[dob("OC3")]), None, []),
    ("INT15", dict(Header=[h()], OC3=[dob("OC3", DOB="01/01/2011")]), None, [("OC3", 2, "A")]),
    ("INT16", dict(Header=[h()], PrevPerm=[dob("PrevPerm")]), None, []),
    ("INT16", dict(Header=[h()], PrevPerm=[dob("PrevPerm", DOB="01/01/2011")]), None, [("PrevPerm", 2, "A")]),
    ("INT18", dict(Header=[h()], UASC=[dob("UASC")]), None, []),
    ("INT18", dict(Header=[h()], UASC=[dob("UASC", DOB="01/01/2011")]), None, [("UASC", 2, "A")]),
    ("INT31", dict(AD1=[dob("AD1"), dob("AD1", CHILD="B")]), None, []),
    ("INT31", dict(AD1=[dob("AD1"), dob("AD1")]), None, [("AD1", 2, "A"), ("AD1", 3, "A")]),
    ("INT33", dict(OC2=[dob("OC2"), dob("OC2", CHILD="B")]), None, []),
    ("INT33", dict(OC2=[dob("OC2"), dob("OC2")]), None, [("OC2", 2, "A"), ("OC2", 3, "A")]),
    ("INT35", dict(PrevPerm=[dob("PrevPerm"), dob("PrevPerm", CHILD="B")]), None, []),
    ("INT35", dict(PrevPerm=[dob("PrevPerm"), dob("PrevPerm")]), None, [("PrevPerm", 2, "A"), ("PrevPerm", 3, "A")]),
    ("INT36", dict(UASC=[dob("UASC"), dob("UASC", CHILD="B")]), None, []),
    ("INT36", dict(UASC=[dob("UASC"), dob("UASC")]), None, [("UASC", 2, "A"), ("UASC", 3, "A")]),
    ("EPI", dict(Header=[h()], Episodes=[ep()]), None, []),
    ("EPI", dict(Header=[h()], OC3=[dob("OC3")]), None, []),
    ("EPI", dict(Header=[h()]), None, [("Header", 2, "A")]),
    ("NoE", dict(Episodes=[ep(DECOM="01/02/2024", RNE="S")]), {"Episodes": [ep(DECOM="01/02/2024")]}, []),
    ("NoE", dict(Episodes=[ep(DECOM="01/02/2024", RNE="S")]), {"Episodes": [ep(CHILD="B")]}, [("Episodes", 2, "A")]),
]


def first_year(code: str) -> int:
    return next(y for y in (2025, 2026, 2027) if RULES[code].applies(y))


@pytest.mark.parametrize(("code", "tables", "previous", "expected"), CASES,
                         ids=[f"{c[0]}-{i}-{'fail' if c[3] else 'pass'}" for i, c in enumerate(CASES)])
def test_rule(v, code, tables, previous, expected):
    assert v.run(code, v.ctx(first_year(code), previous=previous, **tables)) == expected


def test_sw05_an_unreadable_end_date(v):
    """SW05STG1: an end date that is not a valid date; a blank one is an open episode."""
    ctx = v.ctx(2025, SWEpisodes=[sw(), sw(CHILD="B")])
    assert v.run("SW05STG1", ctx) == []
    ctx.cache["unparsed"] = {("SWEpisodes", "SW_DEC"): [3]}
    assert v.run("SW05STG1", ctx) == [("SWEpisodes", 3, "B")]


def test_sw_rules_follow_the_dfe_lists_year_by_year():
    """SW01a/SW01b are in the 2024-25 and 2026-27 lists, not 2025-26's; SW10a, SW10b, SW18 and SW19 only in
    2025-26's; SW17 from 2025-26."""
    assert [RULES["SW01aSTG1"].applies(y) for y in (2025, 2026, 2027)] == [True, False, True]
    for code in ("SW10aSTG2", "SW10bSTG2", "SW18STG2", "SW19STG2"):
        assert [RULES[code].applies(y) for y in (2025, 2026, 2027)] == [False, True, False], code
    assert [RULES["SW17STG2"].applies(y) for y in (2025, 2026, 2027)] == [False, True, True]
