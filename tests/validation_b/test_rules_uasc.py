"""The Header UASC status rules (105, 205A-205D, 231, 303), 406 and 411 on the placement fields DfE derives, and
SW12STG2 (social worker episodes cover the year): a passing and a failing hand-made case for each.

DfE rule texts (the same in ``shared/domain/validation-rules/903_lac2024_25_rules.csv``, 2025-26 and 2026-27):
105 "Data entry for Unaccompanied Asylum-Seeking Children (UASC) status of child is invalid or has not been
completed." 205A "Child identified as UASC last year is no longer UASC this year, but date UASC ceased in both years
does not support this." 205B "Child previously identified as UASC is also UASC this year, but date UASC ceased in
both years does not support this." 205C "Child not identified as UASC either this year or last year but date UASC
ceased has been provided." 205D "Child identified as UASC this year but not identified as UASC status provided for
the child last year." 231 "We expect that unaccompanied asylum seeking children are generally older young people.
Please check the date of birth is correct. ..." 303 "If date Unaccompanied Asylum-Seeking Child (UASC) status ceased
is not null, UASC status must be coded 1." 406 "Child is Unaccompanied Asylum-Seeking Child (UASC) or was formerly
UASC. Distance should be blank." 411 "Placement location code disagrees with LA of placement." SW12STG2 "If a child
is looked after on 31 March then all social worker episodes for the full previous year should be reported, even
those whilst they were not looked after".

Collection year 2025 (1 April 2024 to 31 March 2025; last year 1 April 2023 to 31 March 2024), the council 871
(Slough: SL1 1AA and SL2 2BB are in it, EC1M 3AB is in the City of London, 202); first data row = line 2."""

import pytest

from cphub.ssda903.rules.rules_derived import derive_placement_fields

LA = "871"
H = dict(CHILD="A", SEX="M", DOB="01/06/2007", ETHNIC="WBRI", UPN="A123456789012", UASC="1")
E = dict(CHILD="A", DECOM="01/05/2024", RNE="S", LS="C2", CIN="N8", PLACE="K2", PLACE_PROVIDER="PR1",
         HOME_POST="SL1 1AA", PL_POST="SL2 2BB", URN="SC123456")


def h(**kw):
    return {**H, **kw}


def u(duc):
    """The child's UASC row with the date UASC status ceased."""
    return dict(CHILD="A", SEX="M", DOB="01/06/2007", DUC=duc)


def ep(**kw):
    return {**E, **kw}


def sw(**kw):
    return {"CHILD": "A", "SW_ID": "SW0001", "SW_DECOM": "01/03/2024", "SW_REASON": "TSPROC", **kw}


def last(uasc, duc=None):
    """Last year's return: the child's Header with UASC status ``uasc`` and, with ``duc``, a UASC row."""
    return {"Header": [h(UASC=uasc)], "UASC": [u(duc)] if duc else []}


# A UASC child whose status ceases at 18 (1 June 2025): the DUC is the 18th birthday in both years.
AT_18 = "01/06/2025"
CASES = [
    ("105", dict(Header=[h(UASC="0")]), None, []),
    ("105", dict(Header=[h(UASC="1")]), None, []),
    ("105", dict(Header=[h(UASC="2")]), None, [("Header", 2, "A")]),
    ("105", dict(Header=[h(UASC=None)]), None, [("Header", 2, "A")]),
    ("231", dict(Header=[h()]), None, []),
    ("231", dict(Header=[h(UASC="0", DOB="01/06/2015")]), None, []),
    ("231", dict(Header=[h(DOB="31/03/2014")]), None, []),  # 11 on 31 March 2025
    ("231", dict(Header=[h(DOB="01/04/2014")]), None, [("Header", 2, "A")]),
    ("303", dict(Header=[h()], UASC=[u(AT_18)]), None, []),
    ("303", dict(Header=[h(UASC="0")]), None, []),
    ("303", dict(Header=[h(UASC="0")], UASC=[u(AT_18)]), None, [("Header", 2, "A")]),
    ("303", dict(Header=[h(UASC=None)], UASC=[u(AT_18)]), None, [("Header", 2, "A")]),
    # 205A: UASC last year, not this year: the status ceased during last year.
    ("205A", dict(Header=[h(UASC="0")]), last("1", "01/06/2023"), []),
    ("205A", dict(Header=[h(UASC="0")]), last("1", AT_18), [("Header", 2, "A")]),
    ("205A", dict(Header=[h(UASC="0")]), last("1"), [("Header", 2, "A")]),
    ("205A", dict(Header=[h(UASC="0")], UASC=[u("01/07/2023")]), last("1", "01/06/2023"), [("Header", 2, "A")]),
    # 205B: UASC both years: the status had not ceased before this year.
    ("205B", dict(Header=[h()], UASC=[u(AT_18)]), last("1", AT_18), []),
    ("205B", dict(Header=[h()], UASC=[u("01/06/2024")]), last("1", "01/06/2024"), []),
    ("205B", dict(Header=[h()], UASC=[u("01/01/2024")]), last("1", AT_18), [("Header", 2, "A")]),
    ("205B", dict(Header=[h()], UASC=[u(AT_18)]), last("1", "01/03/2024"), [("Header", 2, "A")]),
    # 205C: never UASC, yet a date UASC status ceased.
    ("205C", dict(Header=[h(UASC="0")]), last("0"), []),
    ("205C", dict(Header=[h(UASC="0")]), last("0", "01/06/2023"), [("Header", 2, "A")]),
    ("205C", dict(Header=[h(UASC="0")], UASC=[u(AT_18)]), {"Header": [h(CHILD="B")]}, [("Header", 2, "A")]),
    # 205D: UASC this year, in last year's return without it.
    ("205D", dict(Header=[h()]), last("1", AT_18), []),
    ("205D", dict(Header=[h()]), {"Header": [h(CHILD="B", UASC="0")]}, []),  # new this year
    ("205D", dict(Header=[h()]), last("0"), [("Header", 2, "A")]),
    # 406 and 411 on the columns a file exported from DfE's system gives.
    ("406", dict(Header=[h()], Episodes=[ep(PL_DISTANCE=None)]), None, []),
    ("406", dict(Header=[h(UASC="0")], Episodes=[ep(PL_DISTANCE=2.7)]), None, []),
    ("406", dict(Header=[h()], Episodes=[ep(PL_DISTANCE=2.7)]), None, [("Episodes", 2, "A")]),
    ("406", dict(Header=[h(UASC="0")], Episodes=[ep(PL_DISTANCE=2.7)]), last("1", AT_18), [("Episodes", 2, "A")]),
    ("411", dict(Episodes=[ep(PL_LA="871", PL_LOCATION="IN")]), None, []),
    ("411", dict(Episodes=[ep(PL_LA="202", PL_LOCATION="OUT")]), None, []),
    ("411", dict(Episodes=[ep(PL_LA="202", PL_LOCATION="IN")]), None, [("Episodes", 2, "A")]),
    ("411", dict(Episodes=[ep(PL_LA="871", PL_LOCATION="OUT")]), None, [("Episodes", 2, "A")]),
    ("411", dict(Episodes=[ep(PL_POST="EC1M 3AB", PL_LOCATION="IN")]), None, [("Episodes", 2, "A")]),  # PL_LA derived
    ("179", dict(Episodes=[ep(PL_LOCATION="OUT")]), None, []),
    ("179", dict(Episodes=[ep(PL_LOCATION="XX")]), None, [("Episodes", 2, "A")]),  # a given code
    # SW12STG2: a child looked after on 31 March (care from 1 May 2024, open).
    ("SW12STG2", dict(Episodes=[ep()], SWEpisodes=[sw()]), None, []),
    ("SW12STG2", dict(Episodes=[ep()], SWEpisodes=[sw(SW_DECOM="07/04/2024")]), None, []),  # DfE's 7 days
    ("SW12STG2", dict(Episodes=[ep()], SWEpisodes=[sw(SW_DECOM="01/05/2024")]), None, [("SWEpisodes", 2, "A")]),
    ("SW12STG2", dict(Episodes=[ep()], SWEpisodes=[sw(SW_DECOM="01/05/2024", SW_REASON="FCONTA")]), None, []),
    ("SW12STG2", dict(Episodes=[ep(DECOM="01/03/2024")], SWEpisodes=[sw(SW_DECOM="01/05/2024", SW_REASON="FCONTA")]),
     None, [("SWEpisodes", 2, "A")]),  # first contact, but looked after before it
    ("SW12STG2", dict(Episodes=[ep()], SWEpisodes=[sw(SW_DEC="01/06/2024"), sw(SW_DECOM="01/06/2024")]), None, []),
    ("SW12STG2", dict(Episodes=[ep()], SWEpisodes=[sw(SW_DEC="01/06/2024"), sw(SW_DECOM="01/09/2024")]), None,
     [("SWEpisodes", 3, "A")]),
    ("SW12STG2", dict(Header=[h(DOB="01/02/2025")], Episodes=[ep(DECOM="01/02/2025")],
                      SWEpisodes=[sw(SW_DECOM="02/02/2025")]), None, []),  # born in the year: cover from birth
    ("SW12STG2", dict(Episodes=[ep(DEC="01/01/2025", REC="E13")], SWEpisodes=[sw(SW_DECOM="01/05/2024")]), None,
     []),  # not looked after on 31 March
    ("SW12STG2", dict(Episodes=[ep()], SWEpisodes=[sw(CHILD="B")]), None, [("Episodes", 2, "A")]),
]


@pytest.mark.parametrize(("code", "tables", "previous", "expected"), CASES,
                         ids=[f"{c[0]}-{i}-{'fail' if c[3] else 'pass'}" for i, c in enumerate(CASES)])
def test_rule(v, code, tables, previous, expected):
    ctx = v.ctx(2025, previous=previous, **tables)
    ctx.la = LA
    assert v.run(code, ctx) == expected


def _skipped(v, code, ctx):
    from cphub.ssda903.rules import RULES

    return [(f.severity, f.message) for f in RULES[code].run(ctx)]


@pytest.mark.parametrize("code", ["105", "231", "303", "205A", "205B", "205C", "205D"])
def test_uasc_rules_say_they_were_not_checked_without_the_header_column(v, code):
    """A Header without the UASC column (most CSV exports): the rules are reported as not checked, never passed."""
    header = {k: x for k, x in H.items() if k != "UASC"}
    ctx = v.ctx(2025, previous=last("1", AT_18), Header=[header], UASC=[u("01/06/2023")])
    (severity, message), = _skipped(v, code, ctx)
    assert severity == "skipped" and "UASC status column" in message


@pytest.mark.parametrize("code", ["205A", "205B", "205C", "205D"])
def test_year_comparisons_say_they_were_not_checked_when_last_years_header_lacks_the_column(v, code):
    header = {k: x for k, x in H.items() if k != "UASC"}
    ctx = v.ctx(2025, previous={"Header": [header]}, Header=[h(UASC="0")])
    (severity, message), = _skipped(v, code, ctx)
    assert severity == "skipped" and "last year's Header" in message


@pytest.mark.parametrize("code", ["406", "411"])
def test_rules_on_dfe_derived_values_say_they_were_not_checked_on_the_hubs_own_derivation(v, code):
    """Without the derived columns in the file the Hub's derivation cannot break 406/411: not checked, said so."""
    ctx = v.ctx(2025, Header=[h()], Episodes=[ep()])
    ctx.la = LA
    (severity, message), = _skipped(v, code, ctx)
    assert severity == "skipped" and "DfE's system derives" in message


def test_given_placement_fields_are_read_and_the_others_derived(v):
    """A column the file gives is kept as given (blank included); the others are derived: PL_LOCATION from the PL_LA
    given, PL_DISTANCE from the postcodes."""
    eps = v.table("Episodes", [ep(PL_LA="202"), ep(CHILD="B", PL_LA=None)])
    out = derive_placement_fields(eps, v.table("UASC", [])["CHILD"], LA)
    assert out["PL_LA"].to_list() == ["202", None]
    assert out["PL_LOCATION"].to_list() == ["OUT", None]
    assert out["PL_DISTANCE"].to_list() == [2.7, 2.7]
    given = derive_placement_fields(v.table("Episodes", [ep(PL_DISTANCE=None, PL_LA="871", PL_LOCATION="OUT")]),
                                    v.table("UASC", [])["CHILD"], LA)
    assert given.select("PL_DISTANCE", "PL_LA", "PL_LOCATION").row(0) == (None, "871", "OUT")


def test_a_given_distance_is_what_the_distance_rules_read(v):
    """392a reads the given (blank) distance rather than deriving one from the valid postcodes."""
    ctx = v.ctx(2025, Header=[h(UASC="0")], Episodes=[ep(PL_DISTANCE=None)])
    ctx.la = LA
    assert v.run("392a", ctx) == [("Episodes", 2, "A")]
