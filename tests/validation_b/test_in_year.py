"""In-year validation (issue 13): an extract to date D is judged as the year so far. The rules on the year-end
tables (OC2, OC3) say they were not checked; "at 31 March" is read as at the extract date (Context.period_end);
dates after the extract date still fail."""

from __future__ import annotations

from datetime import date

from cphub.rule_engine import YEAR_END, Context, Need
from cphub.ssda903.rules import RULES
from cphub.ssda903.rules.base import JUDGED_IN_YEAR, YEAR_END_NEED

EXTRACT = date(2026, 10, 31)  # a 2026-27 extract
HDR = {"SEX": "F", "ETHNIC": "WBRI", "UPN": "A123456789012"}
EP = {"RNE": "S", "LS": "C2", "CIN": "N1", "PLACE": "U4", "PLACE_PROVIDER": "PR1"}


def test_period_end_is_the_extract_date_or_31_march():
    assert Context(year=2027, tables={}).period_end == date(2027, 3, 31)
    assert not Context(year=2027, tables={}).lacks(Need(YEAR_END, ""))
    ctx = Context(year=2027, tables={}, extract_date=EXTRACT)
    assert ctx.period_end == EXTRACT and ctx.end == date(2027, 3, 31)
    assert ctx.lacks(Need(YEAR_END, ""))


def test_every_rule_on_a_year_end_table_needs_the_complete_year():
    for code, r in RULES.items():
        reads_year_end = any(t in ("OC2", "OC3") for t in r.tables)
        assert (YEAR_END_NEED in r.needs) == (reads_year_end and code not in JUDGED_IN_YEAR), code
    assert YEAR_END_NEED in RULES["191"].needs and YEAR_END_NEED in RULES["347"].needs


def test_a_year_end_rule_is_skipped_in_year_and_says_so(v):
    # 191: a child looked after all year needs OC2 items. In an extract OC2 is not due yet.
    tables = {"Header": [{"CHILD": "A", "DOB": "01/01/2015", **HDR}],
              "Episodes": [{"CHILD": "A", "DECOM": "01/01/2024", **EP}]}
    full, extract = v.ctx(2027, **tables), v.ctx(2027, extract_date=EXTRACT, **tables)
    full.files["OC2"] = extract.files["OC2"] = "OC2.csv"  # an OC2 file was given, without the child
    assert v.run("191", full) == [("Episodes", 2, "A")]  # the complete year: no OC2 row
    found = RULES["191"].run(extract)
    assert [(f.code, f.severity) for f in found] == [("191", "skipped")]
    assert "in-year extract to 31 October 2026" in found[0].message and "31 March" in found[0].message


def test_359_age_judged_at_the_extract_date(v):
    """DfE 359: looked after after the 18th birthday -> LS V2. The DfE text's "following 18th birthday" is judged
    on what the data covers: a birthday after the extract date has not happened yet."""
    later = {"Header": [{"CHILD": "A", "DOB": "15/01/2009", **HDR}],  # 18 on 15 January 2027
             "Episodes": [{"CHILD": "A", "DECOM": "01/01/2024", **EP}]}
    assert v.run("359", v.ctx(2027, **later)) == [("Episodes", 2, "A")]  # complete year: 18 by 31 March, C2
    assert v.run("359", v.ctx(2027, extract_date=EXTRACT, **later)) == []  # not yet 18 at 31 October
    earlier = {**later, "Header": [{"CHILD": "A", "DOB": "01/09/2008", **HDR}]}  # 18 on 1 September 2026
    assert v.run("359", v.ctx(2027, extract_date=EXTRACT, **earlier)) == [("Episodes", 2, "A")]


def test_393_age_and_looked_after_at_the_extract_date(v):
    """DfE 393: a girl aged 12+ looked after at 31 March needs MOTHER; in an extract, at its date."""
    girl = {"Header": [{"CHILD": "A", "DOB": "01/12/2014", **HDR}],  # 12 on 1 December 2026
            "Episodes": [{"CHILD": "A", "DECOM": "01/01/2024", **EP}]}
    assert v.run("393", v.ctx(2027, **girl)) == [("Header", 2, "A")]
    assert v.run("393", v.ctx(2027, extract_date=EXTRACT, **girl)) == []
    older = {**girl, "Header": [{"CHILD": "A", "DOB": "01/10/2014", **HDR}]}  # 12 on 1 October 2026
    assert v.run("393", v.ctx(2027, extract_date=EXTRACT, **older)) == [("Header", 2, "A")]


def test_a_broken_extract_still_fails_the_rules_judged_in_year(v):
    """Dates after the extract date are wrong in an extract (354, 385, 570), though within the year."""
    tables = {"Header": [{"CHILD": "A", "DOB": "01/01/2015", **HDR}],
              "Episodes": [{"CHILD": "A", "DECOM": "01/05/2026", **EP, "DEC": "01/12/2026", "REC": "E8"},
                           {"CHILD": "A", "DECOM": "01/11/2026", **EP}],
              "Missing": [{"CHILD": "A", "DOB": "01/01/2015", "MISSING": "M", "MIS_START": "02/11/2026"}]}
    full, extract = v.ctx(2027, **tables), v.ctx(2027, extract_date=EXTRACT, **tables)
    assert v.run("354", full) == [] and v.run("354", extract) == [("Episodes", 3, "A")]
    assert v.run("385", full) == [] and v.run("385", extract) == [("Episodes", 2, "A")]
    assert v.run("570", full) == [] and v.run("570", extract) == [("Missing", 2, "A")]


def test_1001_and_1002_see_every_earlier_return_loaded(v):
    """Year-over-year truth: a care leaver whose qualifying time in care was in a return before last year's is
    not reported by 1001 (13 weeks from 14, a day at 16+) nor 1002 (an episode in some earlier return) once the
    earlier returns are loaded as history."""
    old = {"CHILD": "C", "DECOM": "01/07/2021", **EP, "DEC": "01/09/2022", "REC": "E8"}  # 15 to 16: relevant
    short = {"CHILD": "C", "DECOM": "01/05/2024", **EP, "DEC": "01/06/2024", "REC": "E8"}  # a month, last year
    tables = {"Header": [{"CHILD": "C", "DOB": "01/06/2006", **HDR}],
              "OC3": [{"CHILD": "C", "DOB": "01/06/2006", "IN_TOUCH": "YES", "ACTIV": "F2", "ACCOM": "B1"}]}
    ctx = v.ctx(2026, previous={"Episodes": [short]}, **tables)
    assert v.run("1001", ctx) == [("OC3", 2, "C")]  # last year's return only: a month in care
    ctx = v.ctx(2026, previous={"Episodes": [short]}, **tables)
    ctx.history = {"Episodes": v.table("Episodes", [old, short])}
    assert v.run("1001", ctx) == []
    ctx = v.ctx(2026, previous={"Episodes": []}, **tables)
    assert v.run("1002", ctx) == [("OC3", 2, "C")]
    ctx.history = {"Episodes": v.table("Episodes", [old])}
    assert v.run("1002", ctx) == []
