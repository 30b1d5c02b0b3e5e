"""The audit trail: append-only (model, querysets and the database refuse changes), administrators only, searchable,
exported as formula-safe CSV; every child-level view and export writes a row naming the children; application logs
carry no personal data; the development email backend prints no addresses or bodies."""

from __future__ import annotations

import io
import logging
from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction

pytestmark = pytest.mark.django_db


def _event(**kw):
    from cphub.web.audit.models import AuditEvent

    return AuditEvent.objects.create(**{"action": "view", "what": "test", "children": ",A,B,", "child_count": 2, **kw})


def test_append_only():
    from cphub.web.audit.models import AppendOnly, AuditEvent

    e = _event()
    e.what = "rewritten"
    with pytest.raises(AppendOnly):
        e.save()
    with pytest.raises(AppendOnly):
        e.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=e.pk).update(what="rewritten")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET what = 'rewritten'")
    assert AuditEvent.objects.get(pk=e.pk).what == "test"


@pytest.mark.parametrize("role", ["performance_analyst", "virtual_school", "social_worker", "panel_member"])
def test_no_other_role_reads_the_trail(client_for, role):
    c = client_for(role)
    assert c.get("/audit/").status_code == 403
    assert c.get("/audit/audit.csv").status_code == 403
    assert c.get("/virtual-school/access-log/").status_code == 403


def test_search_and_formula_safe_export(client_for):
    from cphub.web.audit.models import AuditEvent

    # user names with an underscore, which a page's random CSRF token (letters and digits) can never contain
    _event(username="user_alice", what="=HYPERLINK(\"http://evil\",\"x\")", children=",C1,", child_count=1)
    _event(username="user_bob", what="other", children=",C2,", child_count=1)
    admin = client_for("administrator")
    html = admin.get("/audit/?child=C1").content.decode()
    assert "user_alice" in html and "user_bob" not in html
    assert admin.get("/audit/?date_from=not-a-date").status_code == 400
    body = admin.get("/audit/audit.csv?who=user_alice").content.decode()
    assert "'=HYPERLINK" in body and "\n=HYPERLINK" not in body and ",=HYPERLINK" not in body
    assert AuditEvent.objects.filter(action="export", what="Audit trail CSV").exists()


def _children_of(what_prefix: str) -> list[list[str]]:
    from cphub.web.audit.models import AuditEvent

    return [e.child_list for e in AuditEvent.objects.filter(what__startswith=what_prefix)]


def test_child_level_views_and_exports_are_audited(client_for, demo_store):
    from cphub.web.audit.models import AuditEvent
    from cphub.web.store.models import ImportBatch

    analyst = client_for("performance_analyst")
    assert analyst.get("/scorecard/measure/cla_count/").status_code == 200
    seen = _children_of("Scorecard measure cla_count")
    assert len(seen) == 1 and len(seen[0]) > 10
    e = AuditEvent.objects.get(what__startswith="Scorecard measure cla_count")
    assert (e.username, e.action, e.ip) == ("user_performance_analyst", "view", "127.0.0.1")

    assert analyst.get("/scorecard/pack.xlsx").status_code == 200
    assert AuditEvent.objects.filter(action="export", what="Panel pack xlsx (full)").exists()

    b = ImportBatch.objects.create(la="871", kind="ssda903", year=2025, status="rejected", findings=[
        {"code": "103", "message": "bad", "table": "Header", "row": 2, "child": "KID1", "fields": ["UPN"],
         "severity": "error"}])
    assert analyst.get(f"/data/imports/{b.pk}/findings.xlsx").status_code == 200
    assert _children_of(f"Import {b.pk} findings.xlsx") == [["KID1"]]
    assert analyst.get(f"/data/imports/{b.pk}/").status_code == 200
    assert _children_of(f"Import {b.pk} findings by child") == [["KID1"]]

    vs = client_for("virtual_school")
    wl = vs.get("/virtual-school/worklist/")
    assert wl.status_code == 200
    csv = vs.get("/virtual-school/worklist/?format=csv")
    assert csv.status_code == 200
    exported = AuditEvent.objects.get(what="Virtual School worklist CSV")
    assert exported.action == "export" and exported.child_count == len({
        line.split(",")[0] for line in csv.content.decode().splitlines()[1:]})
    child = exported.child_list[0]
    assert vs.get(f"/virtual-school/child/{child}/").status_code == 200
    assert _children_of("Virtual School education record") == [[child]]
    assert vs.get("/virtual-school/measure/persistent_absence/cla/").status_code == 200
    assert AuditEvent.objects.filter(what="Virtual School measure vs_persistent_absence__cla").exists()

    from cphub.kinship.register import current
    from cphub.web.store.frames import local_table

    kind = current(local_table("871", "kinship_arrangements"), date(2025, 3, 31))["KINSHIP_TYPE"][0]
    assert vs.get(f"/kinship/register/?at=2025-03-31&type={kind}").status_code == 200
    assert AuditEvent.objects.filter(what=f"Kinship register: {kind}").exclude(children="").exists()


def test_changes_are_audited(client_for, demo_store):
    from cphub.web.audit.models import AuditEvent

    analyst = client_for("performance_analyst")
    r = analyst.post("/scorecard/measure/cla_count/target/", {"choice": "none", "reason": "test"})
    assert r.status_code == 302
    assert AuditEvent.objects.filter(action="change", what="scorecard:target", username="user_performance_analyst",
                                     detail__kwargs__measure_id="cla_count").exists()


def test_logs_carry_no_personal_data():
    from cphub.web.audit.logfilter import NoPersonalDataFilter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(NoPersonalDataFilter())
    log = logging.getLogger("cphub.test.redaction")
    log.addHandler(handler)
    try:
        log.warning("Not Found: /virtual-school/child/%s/ for %s", "C0001234", "jo.carer@example.com")
        log.warning("measure failed for CHILD=ABC123 at /scorecard/?at=2025-03-31&child=XYZ")
        try:
            raise ValueError("child 99887766 missing")
        except ValueError:
            log.exception("import of child 99887766 failed")
    finally:
        log.removeHandler(handler)
    out = stream.getvalue()
    for secret in ("C0001234", "jo.carer@example.com", "ABC123", "XYZ", "99887766"):
        assert secret not in out
    assert "/virtual-school/child/[id]/" in out and "[email]" in out


def test_the_configured_handlers_filter_personal_data(settings):
    from cphub.web.audit.logfilter import NoPersonalDataFilter

    assert all("no_personal_data" in h.get("filters", []) for h in settings.LOGGING["handlers"].values())
    for name in ("django", "axes"):
        handlers = logging.getLogger(name).handlers
        # the Hub's console handler (pytest adds its own capture handlers next to it)
        assert any(any(isinstance(f, NoPersonalDataFilter) for f in h.filters) for h in handlers)


def test_email_backend_prints_no_address_or_body(capsys, settings):
    from django.core.mail import send_mail

    settings.EMAIL_BACKEND = "cphub.web.audit.mail.RedactedConsoleBackend"
    send_mail("Your request, Jo Carer", "Dear Jo, about Sam at Oak School", "vs@example.gov.uk", ["jo@example.com"])
    out = capsys.readouterr().out
    assert "one message to 1 recipient" in out
    for secret in ("jo@example.com", "Jo Carer", "Sam", "Oak School"):
        assert secret not in out
