"""``cphub ofsted import``: Ofsted's provider list stored whole (replacing the last one, all or nothing, recorded as
an ImportBatch), a bad file refused with file, row and field and the stored list unchanged, and imports of SSDA903
returns checking URNs against the stored list (the URN rules are 'skipped' when none is stored)."""

from __future__ import annotations

import pytest

from cphub.cli import main
from cphub.ssda903.reader import read_files
from cphub.web.store.models import ImportBatch, OfstedProviders
from cphub.web.store.ofsted import providers_from_store

from .test_upload import EPISODES, HEADER

pytestmark = pytest.mark.django_db

LIST = (b"URN,Provider type,Sector,Local authority,Setting postcode,Registration status,Registration date,Date closed\n"
        b"SC123456,Local authority fostering agency,Local authority,Slough,SL1 1AA,Registered,01/01/2000,\n"
        b"SC654321,Independent fostering agency,Private,Slough,SL2 2BB,Registered,01/01/2000,\n")


def test_import_stores_the_list_and_replaces_it_whole(tmp_path, capsys):
    f = tmp_path / "providers.csv"
    f.write_bytes(LIST)
    assert main(["ofsted", "import", str(f)]) == 0
    assert "2 provider premises" in capsys.readouterr().out
    assert sorted(providers_from_store()["URN"].to_list()) == ["SC123456", "SC654321"]
    assert set(providers_from_store()["PROVIDER_LA"].to_list()) == {"871"}
    f.write_bytes(LIST.splitlines(keepends=True)[0] + LIST.splitlines(keepends=True)[2])
    assert main(["ofsted", "import", str(f)]) == 0
    assert OfstedProviders.objects.count() == 1
    done = ImportBatch.objects.filter(kind="ofsted", status="done").order_by("-pk")
    assert done.count() == 2 and done[0].counts == {"providers": 1} and done[0].checksums


def test_bad_list_is_refused_and_the_stored_one_kept(tmp_path, capsys):
    f = tmp_path / "providers.csv"
    f.write_bytes(LIST)
    assert main(["ofsted", "import", str(f)]) == 0
    f.write_bytes(LIST.replace(b"01/01/2000,\n", b"31/02/2000,\n", 1))
    assert main(["ofsted", "import", str(f)]) == 2
    err = capsys.readouterr().err
    assert "providers.csv, row 2 [REGISTRATION_DATE]" in err and "unchanged" in err
    assert OfstedProviders.objects.count() == 2
    f.write_bytes(b"name,postcode\nx,SL1 1AA\n")
    assert main(["ofsted", "import", str(f)]) == 2
    assert "not Ofsted's provider list" in capsys.readouterr().err
    assert ImportBatch.objects.filter(kind="ofsted", status="failed").count() == 2


def test_imports_check_urns_against_the_stored_list(tmp_path):
    from cphub.web.store.jobs import _validate

    ret = read_files([("Header.csv", HEADER), ("Episodes.csv", EPISODES)], 2025)
    skipped = [f for f in _validate(ret, "871", 2025) if f.code == "1008"]
    assert [f.severity for f in skipped] == ["skipped"]
    f = tmp_path / "providers.csv"
    f.write_bytes(LIST.splitlines(keepends=True)[0] + LIST.splitlines(keepends=True)[1])
    assert main(["ofsted", "import", str(f)]) == 0
    found = [(f.code, f.row, f.severity) for f in _validate(ret, "871", 2025) if f.code in ("1008", "224", "229")]
    assert found == [("1008", 3, "error")]  # SC654321 is not in the stored list


def test_upload_page_replaces_the_list_and_explains_a_bad_file(client_for, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.CPHUB_LA = "871"
    analyst = client_for("performance_analyst")
    page = analyst.get("/data/imports/ofsted/")
    assert page.status_code == 200 and "No list has been loaded yet" in page.content.decode()
    r = analyst.post("/data/imports/ofsted/", {"file": SimpleUploadedFile("providers.csv", LIST)})
    assert r.status_code == 302 and OfstedProviders.objects.count() == 2
    batch = ImportBatch.objects.get(kind="ofsted")
    assert batch.source == "upload" and batch.user.username == "user_performance_analyst"
    assert analyst.get(r["Location"]).status_code == 200
    assert "2 provider premises" in analyst.get("/data/imports/ofsted/").content.decode()
    bad = analyst.post("/data/imports/ofsted/", {"file": SimpleUploadedFile("providers.csv", LIST.replace(
        b"01/01/2000,\n", b"31/02/2000,\n", 1))})
    text = bad.content.decode()
    assert bad.status_code == 400 and "There is a problem" in text and "providers.csv, row 2 (REGISTRATION_DATE)" in text
    assert OfstedProviders.objects.count() == 2
    failed = ImportBatch.objects.get(kind="ofsted", status="failed")
    assert analyst.get(f"/data/imports/{failed.pk}/").status_code == 200
    assert "Ofsted provider list" in analyst.get("/data/imports/").content.decode()
    for name, data, message in (("providers.pdf", LIST, "CSV or XLSX"), ("providers.csv", b"", "is empty")):
        r = analyst.post("/data/imports/ofsted/", {"file": SimpleUploadedFile(name, data)})
        assert r.status_code == 400 and message in r.content.decode()
    r = analyst.post("/data/imports/ofsted/", {})
    assert r.status_code == 400 and "Select Ofsted" in r.content.decode()


@pytest.mark.parametrize("role", ["social_worker", "panel_member", "virtual_school"])
def test_upload_page_is_for_importers_only(client_for, role):
    assert client_for(role).get("/data/imports/ofsted/").status_code == 403
