"""Every CSV and XLSX the Hub writes neutralises formulas (= + - @ tab CR at the start of a text cell), and the
Virtual School import refuses such values (they would be echoed in the worklist)."""

from __future__ import annotations

import csv
import io

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from cphub.exports import FORMULA_STARTS, frame_csv, neutralise, rows_csv

HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"click\")", "=1+cmd|' /c calc'!A0", "+1+2", "-2+3", "@SUM(1+1)",
           "\t=1+1", "\r=1+1"]


@given(st.text())
def test_neutralise_never_leaves_a_formula_start(text):
    out = neutralise(text)
    assert not out.startswith(FORMULA_STARTS)
    assert out == text or out == "'" + text


def test_numbers_stay_numbers():
    assert neutralise(-3) == -3 and neutralise(2.5) == 2.5 and neutralise(None) is None


def test_csv_writers():
    body = rows_csv(["a"], [[h] for h in HOSTILE])
    cells = [row[0] for row in csv.reader(io.StringIO(body, newline=""))][1:]
    assert cells == ["'" + h for h in HOSTILE]
    df = pl.DataFrame({"x": HOSTILE, "n": list(range(len(HOSTILE)))})
    out = frame_csv(df)
    assert "'=HYPERLINK" in out and "'@SUM" in out and "'+1+2" in out


def _cells(xlsx: bytes) -> list:
    wb = load_workbook(io.BytesIO(xlsx))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def _assert_safe(cells, text: str):
    assert not [c for c in cells if c.data_type == "f"], "a live formula in the workbook"
    assert any(c.value == "'" + text for c in cells), f"{text!r} not found neutralised"


@pytest.mark.django_db
def test_pack_xlsx_commentary(client_for, demo_store):
    c = client_for("performance_analyst")
    r = c.post("/scorecard/measure/cla_count/commentary/?at=2025-03-31", {"text": HOSTILE[0]})
    assert r.status_code == 302
    xlsx = c.get("/scorecard/pack.xlsx?at=2025-03-31")
    assert xlsx.status_code == 200
    _assert_safe(_cells(xlsx.content), HOSTILE[0])


@pytest.mark.django_db
def test_findings_xlsx(client_for):
    from cphub.web.store.models import ImportBatch

    b = ImportBatch.objects.create(la="871", kind="ssda903", year=2025, status="rejected", findings=[
        {"code": "X", "message": HOSTILE[1], "table": "Header", "row": 2, "child": "@SUM(1+1)", "fields": [],
         "severity": "error"}])
    r = client_for("performance_analyst").get(f"/data/imports/{b.pk}/findings.xlsx")
    cells = _cells(r.content)
    _assert_safe(cells, HOSTILE[1])
    _assert_safe(cells, "@SUM(1+1)")


@pytest.mark.django_db
def test_worklist_csv(client_for, monkeypatch):
    from datetime import date

    from cphub.web.virtual_school import views

    fake = pl.DataFrame({"CHILD": ["=C1", "C2"], "DOB": [date(2012, 1, 1), date(2013, 1, 1)],
                         "COHORTS": ["cla", "cla"], "REASON": ["NO_SCHOOL", "NO_SCHOOL"],
                         "DETAIL": ["+1+2", "@SUM(1+1)"]})
    monkeypatch.setattr(views, "worklist", lambda *a, **k: fake)
    monkeypatch.setattr(views, "vs_data", lambda la: None)
    monkeypatch.setattr(views, "who", lambda data, at, children: pl.DataFrame(
        {"CHILD": list(children), "DOB": [None] * len(list(children)), "NAME": ["=cmd|' /c calc'!A0"] * 2}))
    monkeypatch.setattr(views, "default_at", lambda la: date(2025, 7, 20))
    body = client_for("virtual_school").get("/virtual-school/worklist/?format=csv").content.decode()
    lines = body.splitlines()[1:]
    assert lines[0].startswith("'=C1,") and "'+1+2" in lines[0] and "'@SUM(1+1)" in lines[1]
    assert "'=cmd" in lines[0]  # the child's name from the case system's extract too


@pytest.mark.django_db
def test_audit_csv(client_for):
    from cphub.web.audit.models import AuditEvent

    AuditEvent.objects.create(action="change", what=HOSTILE[2], username="-x")
    body = client_for("administrator").get("/audit/audit.csv").content.decode()
    assert "'+1+2" in body and ",'-x," in body


@pytest.mark.parametrize("value", ["=1+cmd|' /c calc'!A0", "+1+2", "@SUM(1+1)", "-1+1"])
def test_virtual_school_import_refuses_formulas(value):
    from cphub.findings import InputError
    from cphub.virtual_school.importer import read_education
    from cphub.virtual_school.schema import EDUCATION_TABLES

    cols = EDUCATION_TABLES["schools"].column_names
    row = {c: "" for c in cols}
    row.update({"URN": "100001", "SCHOOL_NAME": value})
    csv = ",".join(cols) + "\n" + ",".join(f'"{row[c]}"' for c in cols) + "\n"
    with pytest.raises(InputError) as exc:
        read_education([("schools.csv", csv.encode())])
    assert any(f.code == "FORMULA" and "SCHOOL_NAME" in f.fields for f in exc.value.findings)
