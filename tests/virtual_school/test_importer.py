"""Education import: templates read back cleanly; every kind of error is reported at once; nothing half-loaded."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cphub.findings import InputError
from cphub.virtual_school.importer import identify, read_education
from cphub.virtual_school.schema import EDUCATION_TABLES
from cphub.virtual_school.templates import documentation, template_csv, templates_zip


def test_every_template_reads_back_without_findings():
    files = [(f"{n}.csv", template_csv(t)) for n, t in EDUCATION_TABLES.items()]
    frames = read_education(files)
    assert set(frames) == set(EDUCATION_TABLES)
    assert all(f.height == 1 for f in frames.values())
    assert frames["attendance"]["POSSIBLE"].to_list() == [70]


def test_templates_zip_and_documentation():
    names = zipfile.ZipFile(io.BytesIO(templates_zip())).namelist()
    assert sorted(names) == sorted(f"{n}.csv" for n in EDUCATION_TABLES)
    doc = {d["name"]: d for d in documentation(EDUCATION_TABLES["peps"])}
    assert doc["PEP_QUALITY"]["codes"]["G"] == "Good" and doc["CHILD"]["required"]


def test_identify_by_name_then_columns():
    assert identify("2025 Attendance.csv", []) == "attendance"
    assert identify("export.csv", ["CHILD", "PEP_DATE", "PEP_QUALITY", "TARGETS", "TARGETS_MET", "PP_PLUS_SPEND"]) == "peps"
    assert identify("export.csv", ["X"]) is None


def test_all_errors_are_reported_together():
    attendance = (b"CHILD,ACADEMIC_YEAR,HALF_TERM,URN,POSSIBLE,ATTENDED,AUTHORISED,UNAUTHORISED\n"
                  b"C1,2025,7,100001,70,60,5,1\n"        # row 2: half-term 7
                  b"C1,2025,1,100001,70,66,5,1\n"        # row 3: 72 sessions > 70 possible
                  b"C1,2025,1,100001,70,60,5,1\n"        # row 4: same key as row 3
                  b",2025,2,100001,abc,60,5,1\n")        # row 5: no CHILD, POSSIBLE not a number
    peps = b"CHILD,PEP_DATE,PEP_QUALITY,TARGETS,TARGETS_MET,PP_PLUS_SPEND\nC1,31/02/2025,X,3,2,100\n"
    with pytest.raises(InputError) as exc:
        read_education([("attendance.csv", attendance), ("peps.csv", peps), ("notes.csv", b"A,B\n1,2\n")])
    found = {(f.file, f.row, f.code) for f in exc.value.findings}
    assert ("attendance.csv", 2, "RANGE") in found
    assert ("attendance.csv", 3, "RANGE") in found
    assert ("attendance.csv", 4, "DUPLICATE") in found
    assert ("attendance.csv", 5, "REQUIRED") in found and ("attendance.csv", 5, "FORMAT") in found
    assert ("peps.csv", 2, "FORMAT") in found and ("peps.csv", 2, "CODE") in found  # 31/02 is not a date
    assert ("notes.csv", 1, "FILE") in found


def test_missing_columns_and_repeated_tables():
    with pytest.raises(InputError) as exc:
        read_education([("peps.csv", b"CHILD,PEP_DATE\nC1,01/01/2025\n"),
                        ("schools.csv", template_csv(EDUCATION_TABLES["schools"])),
                        ("schools_2.csv", template_csv(EDUCATION_TABLES["schools"]))])
    codes = sorted(f.code for f in exc.value.findings)
    assert codes == ["COLUMNS", "FILE"]
    assert "PEP_QUALITY" in str(exc.value)


@settings(max_examples=40, deadline=None)
@given(st.integers(-5, 200), st.integers(-5, 200), st.integers(0, 9))
def test_attendance_checks_accept_exactly_consistent_rows(possible, attended, half_term):
    """A row is accepted iff half-term is 1-6, counts are not negative and attended + absent <= possible."""
    row = f"C1,2025,{half_term},100001,{possible},{attended},0,0\n".encode()
    data = b"CHILD,ACADEMIC_YEAR,HALF_TERM,URN,POSSIBLE,ATTENDED,AUTHORISED,UNAUTHORISED\n" + row
    ok = 1 <= half_term <= 6 and possible >= 0 and attended >= 0 and attended <= possible
    try:
        read_education([("attendance.csv", data)])
        accepted = True
    except InputError:
        accepted = False
    assert accepted == ok


def test_cli_templates_and_refused_import(tmp_path, db, capsys):
    from cphub.cli import main

    assert main(["virtual-school", "templates", str(tmp_path / "t")]) == 0
    assert (tmp_path / "t" / "peps.csv").read_bytes() == template_csv(EDUCATION_TABLES["peps"])
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "peps.csv").write_bytes(b"CHILD,PEP_DATE,PEP_QUALITY,TARGETS,TARGETS_MET,PP_PLUS_SPEND\nC1,,G,1,1,1\n")
    assert main(["virtual-school", "import", str(tmp_path / "bad"), "--la", "996"]) == 2
    assert "PEP_DATE is required" in capsys.readouterr().err
