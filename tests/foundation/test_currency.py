"""Data currency rules (cphub.currency): complete-to dates, in-year extracts, sources of a measure."""

from datetime import date

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from cphub.currency import complete_to, dates_after, in_year_extract, latest_date, limit_for, refuse_message, sources_of

CUT = date(2026, 10, 31)


def _episodes():
    return pl.DataFrame({"CHILD": ["A", "B", "C"], "DECOM": [date(2026, 4, 10), date(2026, 9, 1), date(2026, 11, 3)],
                         "DEC": [date(2026, 10, 1), date(2026, 11, 20), None], "REC": ["E11", "E4A", None]})


def test_in_year_extract_cuts_at_the_extract_date():
    tables = {"Episodes": _episodes(),
              "Header": pl.DataFrame({"CHILD": ["A", "B", "C"], "DOB": [date(2010, 1, 1)] * 3}),
              "OC2": pl.DataFrame({"CHILD": ["A"], "DOB": [date(2010, 1, 1)]})}
    out = in_year_extract(tables, CUT)
    ep = out["Episodes"]
    assert ep["CHILD"].to_list() == ["A", "B"]  # C starts after the extract date
    assert ep.filter(pl.col("CHILD") == "B")["DEC"].item() is None  # still open at the extract date
    assert ep.filter(pl.col("CHILD") == "B")["REC"].item() is None
    assert ep.filter(pl.col("CHILD") == "A")["REC"].item() == "E11"
    assert out["Header"]["CHILD"].to_list() == ["A", "B"] and out["OC2"].height == 0
    assert not dates_after(out, CUT) and dates_after(tables, CUT) == [("Episodes", "DECOM", 1), ("Episodes", "DEC", 1)]


def test_complete_to():
    ep = _episodes()
    assert complete_to("ssda903", ep, year=2027, extract_date=CUT) == CUT
    assert complete_to("ssda903", ep, year=2026, today=date(2026, 11, 27)) == date(2026, 3, 31)
    # a current-year return without an extract date: the latest date present, never after today
    assert complete_to("ssda903", ep, year=2027, today=date(2026, 11, 27)) == date(2026, 11, 20)
    visits = pl.DataFrame({"CHILD": ["A"], "VISIT_DATE": [date(2026, 10, 29)], "DOB": [date(2027, 1, 1)]})
    assert complete_to("local", visits, today=date(2026, 11, 27)) == date(2026, 10, 29)  # not the DOB
    assert latest_date(pl.DataFrame({"X": [1]})) is None


def test_sources_and_limits():
    s = sources_of("SSDA903 OC3; local care_leaver_updates", {"OC3", "Episodes"}, {"care_leaver_updates"})
    assert s == {"local:care_leaver_updates"}  # outcome tables never limit the date
    assert sources_of("SSDA903 Episodes and Header", {"Episodes", "Header"}, set()) == {"ssda903:Episodes",
                                                                                         "ssda903:Header"}
    assert limit_for({"a", "b"}, {"a": date(2026, 9, 30), "b": CUT}) == date(2026, 9, 30)
    assert limit_for({"c"}, {"a": CUT}) is None


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)))
def test_refuse_only_after_the_data(at):
    msg = refuse_message(at, CUT)
    assert (msg is not None) == (at > CUT)
    if msg:
        assert "31 October 2026" in msg
