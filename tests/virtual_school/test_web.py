"""Virtual School pages on a small store built here: dashboard, record (audited, Virtual School roles only),
worklist, import (all or nothing), templates, annual report HTML and PDF, narrative editing."""

from __future__ import annotations

from datetime import date

import pytest
from vs_helpers import D, council, ep

from cphub.csvio import to_csv_bytes
from cphub.virtual_school.schema import EDUCATION_TABLES
from cphub.virtual_school.synth import generate

pytestmark = pytest.mark.django_db
LA = "998"  # not the session demo council (871), which other tests load into the same database


def build_store():
    """Council 871 with 40 looked-after children (+ 4 adopted) and their synthetic education data; child C000 is
    hand-made: no PEP, 80% attendance, on a 15-hour timetable."""
    from cphub.web.store.importer import _insert
    from cphub.web.store.models import SSDA903_MODELS, Council, ImportBatch
    from cphub.web.virtual_school.data import store_education

    Council.objects.update_or_create(code=LA, defaults={"name": "Test council", "region": "South East", "synthetic": True})
    kids = [(f"C{i:03d}", D(2008 + i % 14, 1 + i % 12, 1 + i % 27)) for i in range(44)]
    kids[0] = ("C000", D(2013, 5, 5))
    data = council(Header=[{"CHILD": c, "DOB": d} for c, d in kids],
                   Episodes=[ep(c, D(2022, 1, 1), D(2024, 6, 1), "E11") if i >= 40 else ep(c, D(2022, 1, 1))
                             for i, (c, _) in enumerate(kids)])
    batch = ImportBatch.objects.create(la=LA, kind="ssda903", year=2025, status="done")
    for name in ("Header", "Episodes"):
        _insert(SSDA903_MODELS[name], data.tables[name], LA, batch, 2025)
    tables = generate(data, seed=5, to_year=2025)
    import polars as pl

    tables["peps"] = tables["peps"].filter(pl.col("CHILD") != "C000")
    tables["attendance"] = pl.concat([tables["attendance"].filter(pl.col("CHILD") != "C000"), pl.DataFrame(
        [{"CHILD": "C000", "ACADEMIC_YEAR": 2025, "HALF_TERM": 1, "URN": tables["schools"]["URN"][0], "POSSIBLE": 100,
          "ATTENDED": 80, "AUTHORISED": 10, "UNAUTHORISED": 10}], schema=EDUCATION_TABLES["attendance"].schema)])
    tables["timetables"] = pl.concat([tables["timetables"].filter(pl.col("CHILD") != "C000"), pl.DataFrame(
        [{"CHILD": "C000", "START_DATE": D(2025, 4, 1), "END_DATE": None, "HOURS_PER_WEEK": 15.0, "REASON": "Phased return"}],
        schema=EDUCATION_TABLES["timetables"].schema)])
    ebatch = ImportBatch.objects.create(la=LA, kind="education", status="done")
    store_education(tables, LA, ebatch)
    return tables


@pytest.fixture
def vs_store(db, settings):
    settings.CPHUB_LA = LA
    return build_store()


def test_dashboard_shows_every_measure_for_every_cohort_with_national(client_for, vs_store):
    resp = client_for("virtual_school").get("/virtual-school/?year=2025")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert 'data-cohort="cla">40<' in html
    assert 'data-measure="attendance_rate"' in html and 'data-measure="ks2_rwm"' in html
    assert "England: 91.0% (2024/25)" in html  # CLA attendance nationally, 100 - 9.0
    assert "93.2" in html  # all pupils attendance
    assert "2023/24: " in html  # last year's figures beside this year's


def test_drill_down_lists_the_children_behind_a_figure(client_for, vs_store):
    c = client_for("virtual_school")
    dash = c.get("/virtual-school/?year=2025").content.decode()
    assert "/virtual-school/measure/persistent_absence/cla/?year=2025" in dash
    html = c.get("/virtual-school/measure/persistent_absence/cla/?at=2025-07-20").content.decode()
    assert 'href="/virtual-school/child/C000/?at=2025-07-20"' in html  # 20% absence: persistently absent
    assert c.get("/virtual-school/measure/nothing/cla/").status_code == 404
    assert client_for("panel_member").get("/virtual-school/measure/persistent_absence/cla/").status_code == 403


def test_panel_member_cannot_open_a_record_or_worklist(client_for, vs_store):
    from cphub.web.audit.models import AuditEvent

    c = client_for("panel_member")
    assert c.get("/virtual-school/child/C000/").status_code == 403
    assert c.get("/virtual-school/worklist/").status_code == 403
    assert c.get("/virtual-school/").status_code == 403
    assert client_for("social_worker").get("/virtual-school/child/C000/").status_code == 403
    assert not AuditEvent.objects.filter(action__in=["view", "export"]).exists()


def test_record_is_audited_and_shows_the_facts(client_for, vs_store):
    from cphub.web.audit.models import AuditEvent

    vs = client_for("virtual_school")
    resp = vs.get("/virtual-school/child/C000/?at=2025-07-20")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "<svg" in html and "80.0%" in html and "No PEP recorded" in html and "Part-time timetable" in html
    log = AuditEvent.objects.get(action="view")
    assert (log.child_list, log.username, log.la) == (["C000"], "user_virtual_school", LA)
    assert log.what == "Virtual School education record"
    admin = client_for("administrator")
    page = admin.get("/virtual-school/access-log/", follow=True).content.decode()
    assert "user_virtual_school" in page and "C000" in page
    # the trail is for administrators only (it was readable by Virtual School staff)
    assert vs.get("/virtual-school/access-log/").status_code == 403
    assert vs.get("/audit/").status_code == 403
    assert admin.get("/virtual-school/child/NOBODY/").status_code == 404


def test_worklist_lists_the_hand_made_child(client_for, vs_store):
    c = client_for("virtual_school")
    resp = c.get("/virtual-school/worklist/?at=2025-07-20")
    html = resp.content.decode()
    row = html[html.index('data-child="C000"'):]
    row = row[:row.index("</tr>")]
    assert "Attendance below threshold" in row and "PEP overdue" in row and "Part-time timetable" in row
    csv = c.get("/virtual-school/worklist/?at=2025-07-20&format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert "C000," in csv.content.decode() and "PEP overdue" in csv.content.decode()
    bad = c.get("/virtual-school/worklist/?threshold=abc")
    assert "Enter an attendance threshold" in bad.content.decode()


def test_import_is_all_or_nothing(client_for, vs_store):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cphub.web.virtual_school.models import EDUCATION_MODELS

    before = EDUCATION_MODELS["peps"].objects.count()
    c = client_for("virtual_school")
    good = to_csv_bytes(vs_store["schools"], EDUCATION_TABLES["schools"])
    bad = b"CHILD,PEP_DATE,PEP_QUALITY,TARGETS,TARGETS_MET,PP_PLUS_SPEND\nX1,01/01/2025,ZZ,1,1,1\n"
    resp = c.post("/virtual-school/import/", {"files": [SimpleUploadedFile("schools.csv", good),
                                                        SimpleUploadedFile("peps.csv", bad)]})
    assert resp.status_code == 400
    assert "PEP_QUALITY must be one of" in resp.content.decode()
    assert EDUCATION_MODELS["peps"].objects.count() == before
    one = b"CHILD,PEP_DATE,PEP_QUALITY,TARGETS,TARGETS_MET,PP_PLUS_SPEND\nX1,01/01/2025,G,1,1,100\n"
    resp = c.post("/virtual-school/import/", {"files": [SimpleUploadedFile("peps.csv", one)]})
    assert resp.status_code == 302
    assert EDUCATION_MODELS["peps"].objects.filter(la=LA).count() == 1
    page = c.get("/virtual-school/import/").content.decode()
    assert "Recent education imports" in page and "Not loaded" in page and "peps 1" in page
    assert client_for("panel_member").post("/virtual-school/import/", {}).status_code == 403


def test_templates_download(client_for, db, settings):
    settings.CPHUB_LA = "997"
    c = client_for("virtual_school")
    resp = c.get("/virtual-school/import/templates/attendance.csv")
    assert resp.status_code == 200 and resp.content.startswith(b"CHILD,ACADEMIC_YEAR,HALF_TERM")
    assert c.get("/virtual-school/import/templates.zip")["Content-Type"] == "application/zip"
    assert c.get("/virtual-school/import/templates/nothing.csv").status_code == 404


def test_annual_report_html_pdf_and_narrative(client_for, vs_store):
    c = client_for("virtual_school")
    resp = c.post("/virtual-school/report/edit/?year=2025", {"introduction": "A strong year.\n\nSecond paragraph."})
    assert resp.status_code == 302
    html = c.get("/virtual-school/report/?year=2025").content.decode()
    assert "Virtual School: annual report 2024/25" in html and "A strong year." in html
    assert "South East, looked after" in html and "35.0%" in html  # England CLA KS2 RWM 2024/25
    assert 'aria-labelledby="report-chart-title"' in html and "Children with a social worker" in html
    assert "Pupil Premium Plus" in html and "Children in kinship care and previously looked after" in html
    # sections the Virtual School Head has not written print nothing (no "No narrative has been written")
    assert "No narrative" not in html and "Priorities for next year" not in html
    # Progress 8 for 2024/25: the reason, not a figure
    assert "no key stage 2 tests in 2020" in html
    assert "(below)" not in html and "(above)" not in html  # gap words come only from describe_gap
    pdf = c.get("/virtual-school/report/report.pdf?year=2025")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client_for("panel_member").post("/virtual-school/report/edit/", {}).status_code == 403


def test_pages_work_without_education_data(client_for, db, settings):
    settings.CPHUB_LA = "997"
    c = client_for("administrator")
    for url in ("/virtual-school/", "/virtual-school/worklist/", "/virtual-school/report/", "/virtual-school/import/"):
        assert c.get(url).status_code == 200, url
    assert date.today()  # the default as-at date is today when there is no data


def test_drill_to_action_and_who_the_child_is_on_the_pages(client_for, vs_store):
    c = client_for("virtual_school")
    html = c.get("/virtual-school/measure/pep_in_date/cla/?at=2025-07-20").content.decode()
    action = html[html.index('id="needs-action"'):html.index('id="counted"') if 'id="counted"' in html else None]
    assert 'data-child="C000"' in action and "No PEP recorded" in action  # the overdue child first
    assert "Example-" in action  # synthetic names from the case system's extract
    csv = c.get("/virtual-school/measure/pep_in_date/cla/?at=2025-07-20&format=csv").content.decode()
    assert csv.startswith("CHILD,ACTION,DETAIL,NAME") and "C000" in csv
    record = c.get("/virtual-school/child/C000/?at=2025-07-20").content.decode()
    assert "Year group" in record and "Designated teacher" in record and "Social worker" in record
    worklist = c.get("/virtual-school/worklist/?at=2025-07-20").content.decode()
    assert "School and designated teacher" in worklist and "Example-" in worklist
    from cphub.web.audit.models import AuditEvent

    # lists of children with their names are child-level data: each view and export is in the audit log
    seen = set(AuditEvent.objects.filter(action__in=("view", "export")).values_list("what", flat=True))
    assert {"Virtual School measure vs_pep_in_date__cla", "Virtual School measure vs_pep_in_date__cla (CSV)",
            "Virtual School worklist", "Virtual School education record"} <= seen
    assert AuditEvent.objects.get(what="Virtual School measure vs_pep_in_date__cla (CSV)").child_list


def test_inspection_lists_and_pp_plus_report(client_for, vs_store):
    from cphub.web.audit.models import AuditEvent

    c = client_for("virtual_school")
    assert "ILACS Annex A List 8" in c.get("/virtual-school/exports/?at=2025-07-20").content.decode()
    csv = c.get("/virtual-school/exports/?list=ilacs-list-8-children-looked-after&format=csv&at=2025-07-20")
    assert csv.content.decode().startswith("Child Unique ID,Gender,Ethnicity,Date of Birth")
    xlsx = c.get("/virtual-school/exports/?list=area-send-children-looked-after-with-sen&format=xlsx&at=2025-07-20")
    assert xlsx.content[:2] == b"PK"
    exports = AuditEvent.objects.filter(action="export", what__startswith="Inspection list")
    assert exports.count() == 2 and all(e.child_list for e in exports)
    assert c.get("/virtual-school/exports/?list=nothing&format=csv").status_code == 404
    assert client_for("panel_member").get("/virtual-school/exports/").status_code == 403
    page = c.get("/virtual-school/pupil-premium-plus/?year=2025").content.decode()
    assert "report to the Schools Forum" in page and 'data-pp="passed"' in page and "C000" not in page
    pdf = c.get("/virtual-school/pupil-premium-plus/?year=2025&format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_date_after_the_data_ends_is_refused_not_invented(client_for, vs_store):
    """Issue 11, item 1, on the Virtual School's pages: a date after every source it reads is complete to gives a
    400 page saying so, never figures made up for it."""
    from cphub.web.store.currency import currency

    latest = max(currency(LA).values())
    vs = client_for("virtual_school")
    for url in ("/virtual-school/", "/virtual-school/worklist/", "/virtual-school/report/"):
        resp = vs.get(f"{url}?at=2090-01-01")
        assert resp.status_code == 400 and "There is no data after" in resp.content.decode(), url
    assert vs.get(f"/virtual-school/?at={latest.isoformat()}").status_code == 200
