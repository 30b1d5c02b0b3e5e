"""Readers: encodings, header spelling, CRLF, date styles, zips, multi-year merging, and bad input (hypothesis):
never an unhandled exception, always a structured InputError or typed frames with findings."""

import io
import zipfile
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cphub.findings import InputError
from cphub.ssda903.reader import merge_years, read_files, read_return, read_years, read_zip, year_from_path
from cphub.ssda903.schema import TABLES

EP_HEAD = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"


def ep_csv(*rows: str, head: str = EP_HEAD) -> bytes:
    return ("\n".join([head, *rows]) + "\n").encode()


def test_bom_crlf_header_case_and_whitespace():
    data = "\ufeff child ,Decom , rne,LS,cin,PLACE,place_provider,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r\n" \
           "A ,01/05/2024,S,C2,N1,U4,PR1,,,,AB1 2CD,AB3 4EF,SC1\r\n"
    ret = read_files([("episodes.csv", data.encode())], 2025)
    e = ret["Episodes"]
    assert e["CHILD"].to_list() == ["A"] and e["DECOM"].to_list() == [date(2024, 5, 1)] and e["_row"].to_list() == [2]
    assert ret.findings == []


def test_cp1252_text_and_iso_dates():
    data = ep_csv("Zo\u00eb,2024-05-01,S,C2,N1,U4,PR1,2024-06-01,E8,,,,").decode().encode("cp1252")
    e = read_files([("Episodes.csv", data)], 2025)["Episodes"]
    assert e["CHILD"][0] == "Zo\u00eb" and e["DEC"][0] == date(2024, 6, 1)


def test_bad_values_become_findings_not_errors():
    ret = read_files([("episodes.csv", ep_csv("A,31/02/2024,S,C2,N1,U4,PR1,,,,,,", "B,1/5/24,S,C2,N1,U4,PR1,,,,,,"))])
    assert ret["Episodes"]["DECOM"].null_count() == 2
    assert [(f.code, f.row, f.child, f.fields) for f in ret.findings] == [
        ("FORMAT", 2, "A", ("DECOM",)), ("FORMAT", 3, "B", ("DECOM",))]


def test_identify_by_columns_and_refuse_duplicates_and_unknown():
    ret = read_files([("export1.csv", ep_csv("A,01/05/2024,S,C2,N1,U4,PR1,,,,,,"))])
    assert ret["Episodes"].height == 1 and ret.files["Episodes"] == "export1.csv"
    with pytest.raises(InputError) as exc:
        read_files([("episodes.csv", ep_csv()), ("Episodes_copy.csv", ep_csv())])
    assert "second Episodes" in str(exc.value)
    with pytest.raises(InputError):
        read_files([("mystery.csv", b"A,B\n1,2\n")])


def test_zip_members_read_in_memory_and_traversal_names_flattened(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("../../etc/episodes.csv", ep_csv("A,01/05/2024,S,C2,N1,U4,PR1,,,,,,"))
        zf.writestr("notes.txt", "ignored")
    members = read_zip(buf.getvalue(), "ret.zip")
    assert [n for n, _ in members] == ["ret.zip/episodes.csv"]
    p = tmp_path / "2025.zip"
    p.write_bytes(buf.getvalue())
    assert read_return(p).year == 2025


def test_zip_bomb_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("episodes.csv", b"0" * (20 * 2**20))
    with pytest.raises(InputError, match="zip bomb"):
        read_zip(buf.getvalue(), "bomb.zip")


def test_year_from_path_prefers_nearest_component(tmp_path):
    from pathlib import Path
    assert year_from_path(Path("/data/2019-archive/871/2025")) == 2025
    assert year_from_path(Path("SSDA903_2024_Header.csv")) == 2024
    assert year_from_path(Path("/tmp/x/ret")) is None


def test_consecutive_years_merged_latest_wins(tmp_path):
    for year, rows in {2024: ["A,01/05/2023,S,C2,N1,U4,PR1,,,,,,"],
                       2025: ["A,01/05/2023,S,C2,N1,U4,PR1,01/06/2024,E8,,,,", "B,01/07/2024,S,C2,N1,U4,PR1,,,,,,"]}.items():
        d = tmp_path / str(year)
        d.mkdir()
        (d / "episodes.csv").write_bytes(ep_csv(*rows))
    merged = merge_years(read_years(tmp_path))
    e = merged["Episodes"].sort("CHILD")
    assert e["CHILD"].to_list() == ["A", "B"]
    assert e["DEC"].to_list() == [date(2024, 6, 1), None] and e["YEAR"].to_list() == [2025, 2025]


# --------------------------------------------------------------------------------------------- hypothesis
def _read(files):
    try:
        ret = read_files(files, 2025)
    except InputError as exc:
        assert exc.findings and all(f.message for f in exc.findings)
        return None
    for name, df in ret.tables.items():
        assert set(TABLES[name].required_names) <= set(df.columns)
    return ret


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    _read([("episodes.csv", data)])


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=200))
def test_truncated_files(cut):
    data = ep_csv("A,01/05/2024,S,C2,N1,U4,PR1,,,,AB1 2CD,AB3 4EF,SC1", "B,01/06/2024,S,C1,N2,U6,PR4,,,,,,")
    _read([("episodes.csv", data[:cut])])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ_ ", min_size=1, max_size=12), min_size=1, max_size=8),
       st.lists(st.text(max_size=30), max_size=8))
def test_wrong_columns(columns, values):
    head = ",".join(c.replace(",", "") for c in columns)
    row = ",".join(v.replace(",", "").replace("\n", "").replace("\r", "").replace('"', "") for v in values)
    _read([("episodes.csv", f"{head}\n{row}\n".encode())])


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1001, max_size=5000), st.sampled_from(["CHILD", "DECOM", "HOME_POST", "RNE"]))
def test_huge_fields(big, col):
    big = big.replace('"', "").replace(",", "").replace("\n", "").replace("\r", "") + "x" * 1001
    cols = EP_HEAD.split(",")
    row = ["A", "01/05/2024", "S", "C2", "N1", "U4", "PR1", "", "", "", "", "", ""]
    row[cols.index(col)] = big
    ret = _read([("episodes.csv", ep_csv(",".join(row)))])
    assert ret is None or any(f.code == "FORMAT" and col in f.fields for f in ret.findings)


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(['=HYPERLINK("http://x.test","click")', "+SUM(A1:A9)", "-2+3", "@cmd", "=1+1"]))
def test_formula_text_is_kept_as_plain_text(formula):
    data = ep_csv(f'"{formula.replace(chr(34), chr(34) * 2)}",01/05/2024,S,C2,N1,U4,PR1,,,,,,')
    ret = _read([("episodes.csv", data)])
    assert ret is not None and ret["Episodes"]["CHILD"][0] == formula


def test_dfe_codes_are_upper_cased_but_the_hubs_own_local_codes_are_kept_as_spelled():
    """DfE's collection upper-cases SSDA903 codes; the local kinship register's codes (``sgo``) are the Hub's own,
    and upper-casing them made the register count nothing."""
    from cphub.local.schema import LOCAL_TABLES
    from cphub.ssda903.reader import read_files

    kin = b"CHILD,DOB,KINSHIP_TYPE,START_DATE,END_DATE,PREVIOUSLY_LOOKED_AFTER,SCHOOL_URN\nK1,01/01/2015,sgo,01/01/2020,,Y,\n"
    ret = read_files([("kinship_arrangements.csv", kin)], None, tables=LOCAL_TABLES)
    assert ret["kinship_arrangements"]["KINSHIP_TYPE"].to_list() == ["sgo"]
    header = b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,m,01/01/2015,nobt,UN1,,\n"
    got = read_files([("Header.csv", header)], 2025)["Header"]
    assert got.select("SEX", "ETHNIC").row(0) == ("M", "NOBT")


HDR_HEAD = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"


@pytest.mark.parametrize("heading", ["UASC", "UASC_STATUS", "uasc_status"])
def test_the_optional_header_uasc_status_is_read_under_either_heading(heading):
    data = f"{HDR_HEAD},{heading}\nA,M,01/06/2007,WBRI,A123456789012,,,1\n".encode()
    header = read_files([("Header.csv", data)], 2025)["Header"]
    assert header["UASC"].to_list() == ["1"]


def test_a_file_without_an_optional_column_is_read_without_it():
    """Optional columns (the Header UASC status, the derived Episodes fields) may be left out: the typed table then
    lacks them, so the rules that need them can say they were not checked."""
    ret = read_files([("Header.csv", f"{HDR_HEAD}\nA,M,01/06/2007,WBRI,A123456789012,,\n".encode()),
                      ("Episodes.csv", ep_csv("A,01/05/2024,S,C2,N1,U4,PR1,,,,,,"))], 2025)
    assert "UASC" not in ret["Header"].columns and "PL_DISTANCE" not in ret["Episodes"].columns
    given = read_files([("Episodes.csv", ep_csv("A,01/05/2024,S,C2,N1,U4,PR1,,,,,,,2.5,871,in",
                                                head=EP_HEAD + ",PL_DISTANCE,PL_LA,PL_LOCATION"))], 2025)
    assert given["Episodes"].select("PL_DISTANCE", "PL_LA", "PL_LOCATION").row(0) == (2.5, "871", "IN")


def test_files_with_and_without_an_optional_column_are_typed_together(tmp_path):
    from cphub.ssda903.reader import read_returns

    for name, head, row in (("a", HDR_HEAD + ",UASC", "A,M,01/06/2007,WBRI,A123456789012,,,0"),
                            ("b", HDR_HEAD, "B,M,01/06/2007,WBRI,A123456789012,,")):
        (tmp_path / name / "2025").mkdir(parents=True)
        (tmp_path / name / "2025" / "Header.csv").write_text(f"{head}\n{row}\n")
    ra, rb = read_returns([tmp_path / "a" / "2025", tmp_path / "b" / "2025"], 2025)
    assert ra["Header"]["UASC"].to_list() == ["0"] and "UASC" not in rb["Header"].columns
