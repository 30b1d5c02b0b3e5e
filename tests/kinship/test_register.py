"""The kinship register (open arrangements on a date) and its derivation from SSDA903 episodes, by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl

from cphub.kinship.register import current, from_ssda903, summarise
from cphub.kinship.reports import summarise as report
from cphub.local.schema import KINSHIP_ARRANGEMENTS
from cphub.ssda903.schema import TABLES


def arrangements(rows):
    return pl.DataFrame(rows, schema=KINSHIP_ARRANGEMENTS.schema, orient="row")


def test_current_counts_open_arrangements_of_children_once():
    df = arrangements([
        ("A", date(2015, 5, 1), "sgo", date(2020, 1, 1), None, True, "100001"),
        ("B", date(2012, 5, 1), "informal", date(2024, 1, 1), date(2024, 12, 31), None, None),  # ended
        ("C", date(2010, 4, 1), "kinship_foster", date(2023, 1, 1), date(2025, 2, 1), False, None),
        ("C", date(2010, 4, 1), "sgo", date(2025, 2, 1), None, True, None),  # same child, later start wins
        ("D", date(2007, 3, 31), "cao", date(2019, 1, 1), None, False, None),  # 18 on 31 March 2025
        ("E", date(2020, 1, 1), "private_fostering", date(2025, 4, 1), None, None, None),  # not started
    ])
    cur = current(df, date(2025, 3, 31))
    assert cur["CHILD"].to_list() == ["A", "C"] and cur["KINSHIP_TYPE"].to_list() == ["sgo", "sgo"]
    s = summarise(df, date(2025, 3, 31))
    assert s.total == 2 and dict((c, (n, p)) for c, _, n, p in s.by_type)["sgo"] == (2, 2)
    assert s.school_age_without_school == 1  # C is 14 with no URN


def test_from_ssda903_kinship_foster_and_sgo_to_relative():
    ep = pl.DataFrame(schema=TABLES["Episodes"].schema)
    rows = [
        {"CHILD": "1", "DECOM": date(2023, 1, 1), "PLACE": "U1", "DEC": date(2024, 6, 1), "REC": "E45"},
        {"CHILD": "2", "DECOM": date(2023, 1, 1), "PLACE": "U4", "DEC": date(2024, 6, 1), "REC": "E46"},  # non-relative
        {"CHILD": "3", "DECOM": date(2024, 1, 1), "PLACE": "U3", "DEC": None, "REC": None},
        {"CHILD": "4", "DECOM": date(2023, 1, 1), "PLACE": "U4", "DEC": date(2024, 2, 1), "REC": "E41"},  # CAO: unknown
    ]
    ep = pl.concat([ep, pl.DataFrame(rows).cast({k: ep.schema[k] for k in rows[0]})], how="diagonal_relaxed")
    hd = pl.DataFrame({"CHILD": ["1", "2", "3", "4"], "DOB": [date(2015, 1, 1)] * 4})
    out = from_ssda903(ep, hd)
    got = sorted((r["CHILD"], r["KINSHIP_TYPE"], r["START_DATE"], r["PREVIOUSLY_LOOKED_AFTER"]) for r in out.iter_rows(named=True))
    assert got == [("1", "kinship_foster", date(2023, 1, 1), False), ("1", "sgo", date(2024, 6, 1), True),
                   ("3", "kinship_foster", date(2024, 1, 1), False)]
    assert out.schema == pl.Schema(KINSHIP_ARRANGEMENTS.schema)


def test_request_report_medians_by_hand():
    t = lambda d, h=0: datetime(2026, 1, d, h, tzinfo=UTC)  # noqa: E731
    rows = [{"created": t(1), "first_response_at": t(2), "closed_at": t(5), "order_type": "sgo", "topic": "send"},
            {"created": t(3), "first_response_at": t(6, 12), "closed_at": None, "order_type": "cao", "topic": "send"},
            {"created": datetime(2026, 2, 1, tzinfo=UTC), "first_response_at": None, "closed_at": None,
             "order_type": "sgo", "topic": "admissions"}]
    s = report(rows)
    assert s.total == 3 and s.by_month == [("2026-01", 2), ("2026-02", 1)]
    assert s.by_order_type == [("cao", 1), ("sgo", 2)] and ("sgo", "send", 1) in s.by_order_and_topic
    assert s.median_days_to_first_response == 2.2 and s.responded == 2  # median of 1 and 3.5 days = 2.25 -> 2.2
    assert s.median_days_to_close == 4.0 and s.closed == 1
    assert report([]).total == 0


def test_schools_come_from_the_education_tables_and_types_show_labels():
    """Issue 12: the register's school column was blank for SGO children whose education record shows a school."""
    df = arrangements([
        ("A", date(2015, 5, 1), "sgo", date(2020, 1, 1), None, True, None),  # school only in the education tables
        ("B", date(2014, 5, 1), "cao", date(2020, 1, 1), None, False, "100009"),  # school only on the register
        ("C", date(2013, 5, 1), "informal", date(2020, 1, 1), None, None, None),  # no school anywhere
    ])
    places = pl.DataFrame({"CHILD": ["A", "Z"], "URN": ["100001", "100002"], "SCHOOL_NAME": ["Ashford Primary", "X"]})
    s = summarise(df, date(2025, 3, 31), places)
    rows = {r["CHILD"]: r for r in s.children.to_dicts()}
    assert rows["A"]["SCHOOL"] == "Ashford Primary" and rows["A"]["SCHOOL_URN"] == "100001"
    assert rows["B"]["SCHOOL"] == "100009" and rows["C"]["SCHOOL"] is None
    assert s.school_age_without_school == 1  # only C
    assert rows["A"]["TYPE_LABEL"] == "Special guardianship order" and rows["B"]["TYPE_LABEL"] != "cao"
