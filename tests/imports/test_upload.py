"""The analyst upload workflow and ``cphub import``: validation before load, all or nothing, idempotent,
recorded, "load anyway" only by explicit choice, Excel findings formula-safe, templates, permissions."""

from __future__ import annotations

import io
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from openpyxl import load_workbook

from cphub.web.store.models import SSDA903_MODELS, ImportBatch

pytestmark = pytest.mark.django_db

HEADER = b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\nA1,M,01/02/2010,WBRI,A123456789012,,\r\nA2,F,03/04/2012,BAFR,B123456789012,0,\r\n"
EPISODES = (b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
            b"A1,01/05/2023,S,C2,N1,U4,PR1,01/06/2024,X1,CARPL,SL1 1AA,SL2 2BB,SC123456\n"
            b"A1,01/06/2024,P,C2,N1,U6,PR4,,,,SL1 1AA,SL0 0XU,SC654321\n"
            b"A2,10/10/2023,S,V2,N4,U6,PR1,,,,SL1 1AA,SL2 2BB,SC123456\n")
BAD_EPISODES = EPISODES.replace(b"A2,10/10/2023,S,V2,N4,U6", b"=HYPERLINK(\"x\"),10/10/2023,S,V9,N4,T0")


LA = "990"  # not the demo council, which other tests may have loaded into the same test database


def rows():
    return sum(m.objects.filter(la=LA).count() for m in SSDA903_MODELS.values())


def batches():
    return ImportBatch.objects.filter(la=LA)


def post(client, files, year="2025", **extra):
    uploads = [SimpleUploadedFile(n, b) for n, b in files]
    return client.post("/data/imports/upload/", {"year": year, "files": uploads, **extra})


@pytest.fixture
def analyst(client_for, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.CPHUB_LA = LA
    return client_for("performance_analyst")


def test_clean_upload_loads_and_is_recorded(analyst):
    r = post(analyst, [("Header.csv", HEADER), ("episodes.csv", EPISODES)])
    assert r.status_code == 302
    b = batches().get()
    assert b.status == "done" and b.errors == 0 and not b.loaded_with_errors and b.source == "upload"
    assert b.user.username == "user_performance_analyst" and set(b.checksums) == {"Header.csv", "episodes.csv"}
    assert b.counts["Episodes"] == 3 and rows() == 5
    page = analyst.get(r["Location"]).content.decode()
    assert "Loaded" in page and "Import" in page


def test_upload_with_errors_loads_nothing_and_reports_by_child_and_rule(analyst):
    r = post(analyst, [("Header.csv", HEADER), ("episodes.csv", BAD_EPISODES)])
    b = batches().get()
    assert b.status == "rejected" and b.errors >= 2 and rows() == 0
    codes = {(f["code"], f["row"]) for f in b.findings}
    assert ("144", 4) in codes and ("380", 4) in codes
    page = analyst.get(r["Location"]).content.decode()
    assert "Findings by rule" in page and "Findings by child" in page and "Load this return anyway?" in page
    # the Excel download is formula-safe
    x = analyst.get(f"/data/imports/{b.pk}/findings.xlsx")
    wb = load_workbook(BytesIO(x.content))
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(v.startswith("'=HYPERLINK") for v in values) and not any(v.startswith("=") for v in values)


def test_load_anyway_needs_explicit_confirmation_then_flags(analyst):
    post(analyst, [("Header.csv", HEADER), ("episodes.csv", BAD_EPISODES)])
    b = batches().get()
    r = analyst.post(f"/data/imports/{b.pk}/load/", {})
    assert r.status_code == 400 and rows() == 0
    assert "Confirm that you want to load" in r.content.decode()
    r = analyst.post(f"/data/imports/{b.pk}/load/", {"confirm": "yes"})
    b.refresh_from_db()
    assert b.status == "done" and b.loaded_with_errors and rows() == 5


def test_allow_errors_box_at_upload(analyst):
    post(analyst, [("Header.csv", HEADER), ("episodes.csv", BAD_EPISODES)], allow_errors="yes")
    b = batches().get()
    assert b.status == "done" and b.loaded_with_errors


def test_same_files_twice_change_nothing(analyst):
    post(analyst, [("Header.csv", HEADER), ("episodes.csv", EPISODES)])
    first = rows()
    post(analyst, [("Header.csv", HEADER), ("episodes.csv", EPISODES)])
    assert rows() == first
    second = batches().order_by("-pk").first()
    assert second.status == "done" and "already loaded" in second.message


def test_unreadable_file_fails_and_loads_nothing(analyst):
    post(analyst, [("Header.csv", b"\x00\x01\x02"), ("episodes.csv", EPISODES)])
    b = batches().get()
    assert b.status == "failed" and rows() == 0
    assert b.findings[0]["file"] == "Header.csv"


def test_zip_upload_and_traversal_names(analyst):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("../../Header.csv", HEADER)
        zf.writestr("sub/Episodes.csv", EPISODES)
    post(analyst, [("return.zip", buf.getvalue())])
    b = batches().get()
    assert b.status == "done" and set(b.checksums) == {"return.zip/Header.csv", "return.zip/Episodes.csv"}


def test_form_errors(analyst):
    r = post(analyst, [])
    assert r.status_code == 400 and "govuk-error-summary" in r.content.decode()
    r = post(analyst, [("Header.csv", HEADER)], year="")
    assert r.status_code == 400 and "Select the collection year" in r.content.decode()
    r = post(analyst, [("evil.exe", b"MZ")])
    assert r.status_code == 400
    with override_settings(CPHUB_MAX_UPLOAD_BYTES=100):
        r = post(analyst, [("Header.csv", HEADER)])
    assert r.status_code == 400 and "smaller than" in r.content.decode()
    assert batches().count() == 0


def test_permissions(client_for):
    for role in ("panel_member", "virtual_school", "social_worker"):
        c = client_for(role)
        assert c.get("/data/imports/upload/").status_code == 403
        assert c.get("/data/templates/Episodes.csv").status_code == 403
        c.logout()


def test_templates_download(analyst):
    r = analyst.get("/data/templates/Episodes.csv")
    assert r.status_code == 200 and r.content.decode().startswith("CHILD,DECOM,RNE,LS")
    assert analyst.get("/data/templates/nope.csv").status_code == 404
    page = analyst.get("/data/imports/upload/").content.decode()
    assert "/data/templates/Header.csv" in page


def test_cin_upload(analyst):
    from cphub.cin.generator import generate_census
    from cphub.web.store.cin_models import CIN_MODELS

    post(analyst, [("cin_2025.xml", generate_census(LA, 2025, n=40, seed=2))], year="")
    b = batches().get()
    assert b.kind == "cin" and b.status == "done" and b.year == 2025
    assert CIN_MODELS["CINChild"].objects.filter(la=LA, year=2025).count() == b.counts["CINChild"] > 20
    post(analyst, [("cin.xml", b"<Message><Children>")], year="")
    assert batches().order_by("-pk").first().status == "failed"


def test_a_failure_mid_load_rolls_back(analyst, monkeypatch):
    post(analyst, [("Header.csv", HEADER), ("episodes.csv", EPISODES)])
    before = rows()
    import cphub.web.store.importer as importer

    real = importer._insert
    calls = {"n": 0}

    def flaky(model, frame, la, batch, year):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(model, frame, la, batch, year)

    monkeypatch.setattr(importer, "_insert", flaky)
    post(analyst, [("Header.csv", HEADER.replace(b"A2,F", b"A3,F")),
                   ("episodes.csv", EPISODES.replace(b"\nA2,", b"\nA3,"))])
    b = batches().order_by("-pk").first()
    assert b.status == "failed" and "rolled back" in b.message
    assert rows() == before
    assert SSDA903_MODELS["Header"].objects.filter(la=LA, child="A3").count() == 0


def test_old_rejected_uploads_are_purged(analyst, settings):
    from datetime import timedelta

    from django.utils import timezone

    from cphub.web.store.jobs import purge_uploads, upload_dir

    post(analyst, [("Header.csv", HEADER), ("episodes.csv", BAD_EPISODES)])
    b = batches().get()
    assert (upload_dir(b.pk) / "manifest.json").is_file()
    assert purge_uploads() == 0
    ImportBatch.objects.filter(pk=b.pk).update(created=timezone.now() - timedelta(days=15))
    assert purge_uploads() == 1 and not upload_dir(b.pk).exists()
    assert "Load this return anyway?" not in analyst.get(f"/data/imports/{b.pk}/").content.decode()


def test_upload_an_in_year_extract(analyst):
    """The extract date field: a later date is refused; a past one sets the year and the date the data is complete to."""
    r = post(analyst, [("Header.csv", HEADER), ("episodes.csv", EPISODES)], year="", extract_date="2999-01-01")
    assert r.status_code == 400 and "The extract date must be today or in the past" in r.content.decode()
    r = post(analyst, [("Header.csv", HEADER), ("episodes.csv", EPISODES)], year="", extract_date="31/10/2024")
    assert r.status_code == 400 and "Enter the extract date as year-month-day" in r.content.decode()
    assert not batches().exists()
    r = post(analyst, [("Header.csv", HEADER), ("episodes.csv", EPISODES)], year="", extract_date="2024-10-31")
    b = batches().get()
    assert b.year == 2025 and b.extract_date.isoformat() == "2024-10-31"
    from cphub.web.store.models import SourceCurrency

    if b.status == "done":
        assert SourceCurrency.objects.get(la=LA, source="ssda903:Episodes", year=2025).complete_to == b.extract_date
