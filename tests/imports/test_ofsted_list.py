"""Reading Ofsted's provider list (:mod:`cphub.reference.ofsted`): its published layouts (CSV and XLSX with a title
block above the headings), tolerant heading matching, strict required fields, clear errors naming file, row and
field, and hostile input that never crashes (only InputError)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cphub.findings import InputError
from cphub.reference.ofsted import per_urn, read_providers, write_csv

STATS = (b"URN,Provider type,Provider subtype,Sector,Local authority,Registration status,Registration date,Places,"
         b"Setting name\n"
         b"SC000001,Children's home,Children's home,Private,Slough,Active,01/02/2010,4,Synthetic home\n"
         b"1000002,Independent fostering agency,,Voluntary,\"Bristol, City of\",Registered,2001-05-06,,Synthetic IFA\n")
LISTS = (b" urn ;LOCAL AUTHORITY;Provider Placement Code;Provider Code;Closed Date;Setting Address Postcode\n"
         b"SC000003;Slough;K2/K1;PR1/PR2;31/03/2024;sl11aa\n").replace(b";", b",")


def test_statistics_layout():
    df = read_providers(STATS, "stats.csv")
    assert df["URN"].to_list() == ["SC000001", "1000002"]
    assert df["REGISTRATION_DATE"].to_list() == [date(2010, 2, 1), date(2001, 5, 6)]
    assert df["PLACES"].to_list() == [4, None]
    assert df["PROVIDER_LA"].to_list() == ["871", "801"]  # no postcode: from the Local authority name
    assert df["REGISTERED"].to_list() == [True, True]
    assert df["_row"].to_list() == [2, 3]


def test_lists_layout_with_heading_variants():
    """Ofsted's lists for councils: "Closed Date", "Setting Address Postcode", "/"-separated DfE codes."""
    df = read_providers(LISTS, "lists.csv")
    row = df.row(0, named=True)
    assert (row["PLACE_CODES"], row["PROVIDER_CODES"], row["POSTCODE"], row["PROVIDER_LA"], row["CLOSED_DATE"]) == (
        "K2,K1", "PR1,PR2", "SL1 1AA", "871", date(2024, 3, 31))


def test_xlsx_with_title_rows_and_notes():
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Children's social care providers as at 31 March 2025"])
    ws.append([])
    ws.append(["URN", "Provider type", "Sector", "Postcode", "Registration date", "Date closed", "Number of registered places"])
    ws.append([1000004, "Children's home", "Private", "SL2 2BB", date(2015, 1, 2), None, 3.0])
    ws.append([])
    ws.append(["Source: Ofsted"])
    buf = io.BytesIO()
    wb.save(buf)
    df = read_providers(buf.getvalue(), "providers.xlsx")
    assert df.select("URN", "POSTCODE", "PROVIDER_LA", "REGISTRATION_DATE", "PLACES", "_row").rows() == [
        ("1000004", "SL2 2BB", "871", date(2015, 1, 2), 3, 4)]


def test_missing_required_columns_say_which():
    with pytest.raises(InputError) as exc:
        read_providers(b"Provider type,Sector\nChildren's home,Private\n", "x.csv")
    f = exc.value.findings[0]
    assert f.file == "x.csv" and f.fields == ("URN",) and "URN" in f.message


@pytest.mark.parametrize(("line", "field", "text"), [
    (b"SC1,Children's home,Private,31/02/2010,4", "REGISTRATION_DATE", "not a date"),
    (b"SC1,Children's home,Private,01/02/2010,four", "PLACES", "not a whole number"),
    (b",Children's home,Private,01/02/2010,4", "URN", "URN is missing"),
    (b"SC1,,Private,01/02/2010,4", "PROVIDER_TYPE", "Neither a provider type"),
])
def test_bad_rows_name_row_and_field(line, field, text):
    head = b"URN,Provider type,Sector,Registration date,Places\nSC0,Children's home,Private,01/01/2001,1\n"
    with pytest.raises(InputError) as exc:
        read_providers(head + line + b"\n", "p.csv")
    f = exc.value.findings[0]
    assert (f.file, f.row, f.fields) == ("p.csv", 3, (field,)) and text in f.message


def test_round_trip_and_per_urn():
    df = read_providers(STATS, "stats.csv")
    again = read_providers(write_csv(df), "again.csv")
    assert again.drop("_row").equals(df.drop("_row"))
    by = per_urn(df)
    assert by.height == 2 and by["CLOSED_DATE"].to_list() == [None, None]


def test_not_a_list():
    for data in (b"", b"   ", b"\x00\x01binary", b"PK\x03\x04garbage"):
        with pytest.raises(InputError):
            read_providers(data, "x")


HEADINGS = ["URN", "Provider type", "Sector", "Postcode", "Registration date", "Date closed", "Places", "Local authority"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.one_of(st.text(max_size=12), st.sampled_from(["SC1", "01/02/2020", "x", "", "SL1 1AA",
                                                                          "Children's home", "1e309", "-3"])),
                         max_size=9), max_size=8),
       st.booleans())
def test_hostile_input_never_crashes(rows, with_heading):
    import csv

    buf = io.StringIO()
    w = csv.writer(buf)
    if with_heading:
        w.writerow(HEADINGS)
    for r in rows:
        w.writerow(r)
    try:
        df = read_providers(buf.getvalue().encode("utf-8"), "h.csv")
    except InputError as exc:
        assert exc.findings and all(f.file == "h.csv" and f.message for f in exc.findings)
    else:
        assert df["URN"].null_count() == 0


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(data):
    try:
        read_providers(data, "b.bin")
    except InputError:
        pass


def test_xlsx_zip_bomb_is_refused():
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 2**20))
    with pytest.raises(InputError) as exc:
        read_providers(buf.getvalue(), "bomb.xlsx")
    assert "zip bomb" in exc.value.findings[0].message
