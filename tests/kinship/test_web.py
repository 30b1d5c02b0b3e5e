"""Kinship web pages: the public checker (no sign-in, nothing stored), the request form (hostile input refused
and nothing stored), the Virtual School queue, reports, register, admin pages and events."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cphub.web.kinship import models as M

pytestmark = pytest.mark.django_db

VALID = {"carer_name": "Pat Example", "email": "pat@example.com", "phone": "", "order_type": "sgo",
         "school": "Example Primary", "year_group": "4", "topic": "pp_plus", "question": "How does PP+ work?",
         "consent": "on"}


def walk(c: Client, answers: list[tuple[str, str]]):
    for name, value in answers:
        r = c.post(reverse("kinship:question", args=[name]), {"answer": value})
        assert r.status_code == 302, (name, r.status_code)
    return r


SGO_WALK = [("relationship", "close_relative"), ("order", "sgo"), ("child_age", "9"),
            ("previously_looked_after", "yes"), ("ehc_plan", "no"), ("has_social_worker", "not_sure")]


def test_checker_is_public_and_stores_nothing():
    c = Client()
    assert c.get("/kinship/").status_code == 200
    before = {m: m.objects.count() for m in (M.AdviceRequest, M.Booking, M.RequestNote)}
    r = walk(c, SGO_WALK)
    assert r.url == reverse("kinship:check_answers")
    page = c.get(r.url).content.decode()
    assert "Check your answers" in page and "A special guardianship order" in page
    res = c.get(reverse("kinship:results")).content.decode()
    assert "What you can get now" in res and "Pupil Premium Plus" in res and "What to ask about" in res
    assert "clause 2(d)" in res
    assert {m: m.objects.count() for m in before} == before


def test_question_errors_are_clear_and_nothing_changes():
    c = Client()
    url = reverse("kinship:question", args=["relationship"])
    r = c.post(url, {"answer": "<script>alert(1)</script>"})
    assert r.status_code == 400
    body = r.content.decode()
    assert "Select who the child is living with" in body and "<script>alert(1)" not in body
    walk(c, [("relationship", "friend"), ("order", "none"), ("council_arranged", "no")])
    r = c.post(reverse("kinship:question", args=["child_age"]), {"answer": "ten"})
    assert r.status_code == 400 and "Enter the child&#x27;s age as a whole number" in r.content.decode()
    r = c.post(reverse("kinship:question", args=["child_age"]), {"answer": "99"})
    assert "Enter an age from 0 to 25" in r.content.decode()
    for hostile in ["\u00b2", "1e3", "-1", "9" * 50, "\x00", "7; DROP"]:
        r = c.post(reverse("kinship:question", args=["child_age"]), {"answer": hostile})
        assert r.status_code == 400 and "whole number" in r.content.decode(), hostile
    assert "child_age" not in c.session["kinship_answers"]
    assert c.get(reverse("kinship:question", args=["nope"])).status_code == 404


def test_questions_cannot_be_skipped_and_changes_drop_irrelevant_answers():
    c = Client()
    # jumping ahead redirects to the first unanswered question
    r = c.get(reverse("kinship:question", args=["ehc_plan"]))
    assert r.status_code == 302 and r.url.endswith("/relationship/")
    walk(c, [("relationship", "friend"), ("order", "none"), ("council_arranged", "no"), ("child_age", "10"),
             ("days", "40"), ("ehc_plan", "no"), ("has_social_worker", "yes")])
    assert "Private fostering" in c.get(reverse("kinship:results")).content.decode()
    walk(c, [("order", "sgo")])
    assert "days" not in c.session["kinship_answers"]
    r = c.get(reverse("kinship:check_answers"))
    assert r.status_code == 302 and r.url.endswith("/previously_looked_after/")


def test_back_links_go_to_the_previous_question():
    c = Client()
    walk(c, [("relationship", "close_relative")])
    page = c.get(reverse("kinship:question", args=["order"])).content.decode()
    assert 'href="/kinship/check/relationship/" class="govuk-back-link"' in page


def test_restart_clears_answers():
    c = Client()
    walk(c, SGO_WALK)
    c.post(reverse("kinship:restart"))
    assert "kinship_answers" not in c.session


def test_request_is_stored_and_acknowledged():
    c = Client()
    walk(c, SGO_WALK)
    r = c.post(reverse("kinship:ask"), VALID)
    assert r.status_code == 302
    req = M.AdviceRequest.objects.get()
    assert req.kinship_type == "sgo" and req.consent and req.status == "new" and req.reference.startswith("KIN-")
    assert len(mail.outbox) == 1 and req.reference in mail.outbox[0].subject
    assert req.reference in c.get(r.url).content.decode()


@pytest.mark.parametrize("change, message", [
    ({"consent": ""}, "Tick the box to agree"),
    ({"email": "not-an-email"}, "Enter an email address in the correct format"),
    ({"carer_name": ""}, "Enter your full name"),
    ({"carer_name": "x" * 101}, "100 characters or fewer"),
    ({"question": "y" * 2001}, "2,000 characters or fewer"),
    ({"question": "bad\x00byte"}, "Null characters are not allowed"),
    ({"question": "bell\x07"}, "hidden control characters"),
    ({"topic": "hacking"}, "Select what your question is about"),
    ({"year_group": "99"}, "Select the child"),
    ({"order_type": "'; DROP TABLE x;--"}, "Select which order you have"),
    ({"phone": "<b>call me</b>"}, "Enter a phone number"),
])
def test_hostile_or_malformed_request_is_refused_and_nothing_stored(change, message):
    r = Client().post(reverse("kinship:ask"), {**VALID, **change})
    assert r.status_code == 400
    body = r.content.decode()
    assert "There is a problem" in body and message.replace("'", "&#x27;") in body
    assert M.AdviceRequest.objects.count() == 0 and len(mail.outbox) == 0


def test_script_in_a_request_is_shown_escaped_to_staff(client_for):
    Client().post(reverse("kinship:ask"), {**VALID, "question": "<script>alert('x')</script>"})
    req = M.AdviceRequest.objects.get()
    page = client_for("virtual_school").get(reverse("kinship:request", args=[req.reference])).content.decode()
    assert "<script>alert(" not in page and "&lt;script&gt;" in page


def test_request_form_is_rate_limited():
    from django.core.cache import cache
    cache.clear()
    c = Client()
    for _ in range(10):
        assert c.post(reverse("kinship:ask"), VALID).status_code == 302
    assert c.post(reverse("kinship:ask"), VALID).status_code == 429
    assert M.AdviceRequest.objects.count() == 10
    cache.clear()


def test_staff_pages_need_the_capability(client_for):
    urls = [reverse(n) for n in ("kinship:queue", "kinship:reports", "kinship:register", "kinship:settings",
                                 "kinship:offer", "kinship:templates", "kinship:manage_events")]
    anon, sw = Client(), client_for("social_worker")
    for u in urls:
        assert anon.get(u).status_code == 302
        assert sw.get(u).status_code == 403
    vs = client_for("virtual_school")
    for u in urls:
        assert vs.get(u).status_code == 200, u


def test_queue_overdue_assign_respond_close(client_for, make_user):
    M.KinshipSettings.objects.update_or_create(la="871", defaults={"target_days_first_response": 5})
    old = M.AdviceRequest.objects.create(la="871", created=timezone.now() - timedelta(days=6), carer_name="A",
                                         email="a@example.com", order_type="cao", school="S", year_group="2",
                                         topic="send", question="q", consent=True)
    new = M.AdviceRequest.objects.create(la="871", carer_name="B", email="b@example.com", order_type="sgo",
                                         school="S", year_group="2", topic="send", question="q", consent=True)
    assert old.is_overdue(5) and not new.is_overdue(5)
    c = client_for("virtual_school")
    page = c.get(reverse("kinship:queue")).content.decode()
    assert "1 overdue" in page and "cphub-row-overdue" in page
    overdue_only = c.get(reverse("kinship:queue") + "?overdue=1").content.decode()
    assert old.reference in overdue_only and new.reference not in overdue_only
    url = reverse("kinship:request", args=[old.reference])
    me = M.AdviceRequest._meta.get_field("assigned_to").related_model.objects.get(username="user_virtual_school")
    assert c.post(url, {"action": "update", "assigned_to": me.pk, "status": "in_progress", "outcome": ""}).status_code == 302
    r = c.post(url, {"action": "respond", "subject": "Re", "body": "Advice"})
    assert r.status_code == 302
    old.refresh_from_db()
    assert old.first_response_at and old.assigned_to == me and not old.is_overdue(5)
    assert mail.outbox[-1].to == ["a@example.com"]
    # closing needs an outcome
    r = c.post(url, {"action": "update", "assigned_to": me.pk, "status": "closed", "outcome": ""})
    assert r.status_code == 400 and "Select an outcome" in r.content.decode()
    c.post(url, {"action": "update", "assigned_to": me.pk, "status": "closed", "outcome": "advice_given"})
    old.refresh_from_db()
    assert old.status == "closed" and old.closed_at
    assert c.post(url, {"action": "note", "text": "Called the school"}).status_code == 302
    kinds = list(old.notes.values_list("kind", flat=True))
    assert kinds.count("email") == 1 and "note" in kinds and "change" in kinds


def test_response_templates_fill_in_name_and_reference(client_for):
    req = M.AdviceRequest.objects.create(la="871", carer_name="Pat", email="p@example.com", order_type="sgo",
                                         school="S", year_group="2", topic="send", question="q", consent=True)
    t = M.ResponseTemplate.objects.create(la="871", title="T", subject="Ref {reference}", body="Dear {name}")
    page = client_for("virtual_school").get(reverse("kinship:request", args=[req.reference]) + f"?template={t.pk}")
    body = page.content.decode()
    assert f"Ref {req.reference}" in body and "Dear Pat" in body
    admin = client_for("administrator")
    for bad in ["\u00b2", "1 OR 1=1", "9" * 30]:
        assert admin.get(
            reverse("kinship:request", args=[req.reference]) + f"?template={bad}").status_code == 200


def test_reports_figures(client_for):
    t0 = timezone.now() - timedelta(days=40)
    for i, (resp, close) in enumerate([(1, 4), (3, None), (None, None)]):
        M.AdviceRequest.objects.create(la="871", created=t0, carer_name="A", email="a@example.com", order_type="sgo",
                                       school="S", year_group="2", topic="send" if i else "admissions", question="q",
                                       consent=True, first_response_at=t0 + timedelta(days=resp) if resp else None,
                                       closed_at=t0 + timedelta(days=close) if close else None)
    page = client_for("virtual_school").get(reverse("kinship:reports")).content.decode()
    assert "2.0" in page and "4.0" in page  # median of 1 and 3 days; one closed after 4 days


def test_local_offer_admin_validates_rules(client_for):
    c = client_for("administrator")
    c.get(reverse("kinship:offer"))  # seeds the default offer
    assert M.LocalOfferItem.objects.filter(la="871").count() == 2
    data = {"slug": "uniform", "name": "Uniform help", "rule": '{"any": ["sgo", "nonsense"]}', "gives": "g",
            "how": "h", "source": "s", "date": "2025-01", "position": 3, "active": "on"}
    r = c.post(reverse("kinship:offer_new"), data)
    assert r.status_code == 400 and "unknown condition" in r.content.decode()
    assert not M.LocalOfferItem.objects.filter(slug="uniform").exists()
    r = c.post(reverse("kinship:offer_new"), {**data, "rule": '{"any": ["sgo", "cao"]}'})
    assert r.status_code == 302
    # the new item shows for a special guardian in the public checker
    pub = Client()
    walk(pub, SGO_WALK)
    assert "Uniform help" in pub.get(reverse("kinship:results")).content.decode()


def test_pathfinder_setting_changes_results(client_for):
    pub = Client()
    walk(pub, SGO_WALK)
    assert "Kinship allowance (pathfinder councils)</h3>" not in pub.get(reverse("kinship:results")).content.decode()
    client_for("administrator").post(reverse("kinship:settings"), {"target_days_first_response": 3,
                                                                   "allowance_pathfinder": "on", "contact_email": ""})
    assert "Kinship allowance (pathfinder councils)</h3>" in pub.get(reverse("kinship:results")).content.decode()


def test_event_booking_capacity_and_attendance(client_for):
    e = M.Event.objects.create(la="871", title="Workshop", starts=timezone.now() + timedelta(days=3),
                               location="Hall", capacity=3)
    c = Client()
    assert "Workshop" in c.get(reverse("kinship:events")).content.decode()
    r = c.post(reverse("kinship:book", args=[e.pk]), {"name": "Ann", "email": "ann@example.com", "places": "2"})
    assert r.status_code == 302 and e.booked == 2
    r = c.post(reverse("kinship:book", args=[e.pk]), {"name": "Bob", "email": "bob@example.com", "places": "2"})
    assert r.status_code == 400 and "only 1 places left" in r.content.decode()
    r = c.post(reverse("kinship:book", args=[e.pk]), {"name": "Bob", "email": "bob@", "places": "9"})
    assert r.status_code == 400 and M.Booking.objects.count() == 1
    b = M.Booking.objects.get()
    admin = client_for("virtual_school")
    admin.post(reverse("kinship:event_bookings", args=[e.pk]), {"attended": [b.reference]})
    b.refresh_from_db()
    assert b.attended and e.attended == 2


def test_register_from_demo(demo_store, client_for):
    from cphub.web.store.frames import local_table
    df = local_table("871", "kinship_arrangements")
    from cphub.kinship.register import current
    c = client_for("virtual_school")
    page = c.get(reverse("kinship:register") + "?at=2025-03-31").content.decode()
    assert "Children in kinship care by type" in page
    cur = current(df, __import__("datetime").date(2025, 3, 31))
    assert cur.height > 0 and f'<span class="cphub-figure">{cur.height}</span>' in page
    kind = cur["KINSHIP_TYPE"][0]
    listed = c.get(reverse("kinship:register") + f"?at=2025-03-31&type={kind}").content.decode()
    assert listed.count('<tr class="govuk-table__row"><td class="govuk-table__cell">') == (cur["KINSHIP_TYPE"] == kind).sum()
    assert c.get(reverse("kinship:register") + "?at=not-a-date").status_code == 200


class RecordingSender:
    sent: list = []

    def send(self, to, subject, body):
        RecordingSender.sent.append((to, subject, body))


class BrokenSender:
    def send(self, to, subject, body):
        raise ConnectionError("mail server down")


def test_sender_is_pluggable(monkeypatch):
    monkeypatch.setenv("CPHUB_KINSHIP_SENDER", f"{__name__}.RecordingSender")
    RecordingSender.sent.clear()
    assert Client().post(reverse("kinship:ask"), VALID).status_code == 302
    assert RecordingSender.sent and RecordingSender.sent[0][0] == "pat@example.com" and len(mail.outbox) == 0


def test_failed_reply_records_nothing(monkeypatch, client_for):
    req = M.AdviceRequest.objects.create(la="871", carer_name="A", email="a@example.com", order_type="sgo",
                                         school="S", year_group="2", topic="send", question="q", consent=True)
    monkeypatch.setenv("CPHUB_KINSHIP_SENDER", f"{__name__}.BrokenSender")
    r = client_for("virtual_school").post(reverse("kinship:request", args=[req.reference]),
                                          {"action": "respond", "subject": "Re", "body": "Advice"})
    assert r.status_code == 502 and "could not be sent" in r.content.decode()
    req.refresh_from_db()
    assert req.first_response_at is None and not req.notes.filter(kind="email").exists()


def test_demo_setup_is_idempotent(demo_store):
    from cphub.web.kinship.demo import setup_demo
    counts = [M.Event.objects.count(), M.AdviceRequest.objects.count(), M.ResponseTemplate.objects.count(),
              M.LocalOfferItem.objects.count()]
    assert counts[0] == 4 and counts[1] == 7
    setup_demo("871", demo_store)
    assert [M.Event.objects.count(), M.AdviceRequest.objects.count(), M.ResponseTemplate.objects.count(),
            M.LocalOfferItem.objects.count()] == counts


def test_request_carries_the_checkers_answers_to_staff(client_for):
    """Issue 12: the staff page showed only "(checker: sgo)", losing whether the child was in care before the order
    (which decides Pupil Premium Plus)."""
    c = Client()
    walk(c, SGO_WALK)
    assert c.post(reverse("kinship:ask"), VALID).status_code == 302
    req = M.AdviceRequest.objects.get()
    assert req.checker == {"type": "sgo", "type_label": "Special guardianship order", "clause": "2(d)",
                           "previously_looked_after": True, "child_age": 9, "ehc_plan": False, "order": "sgo"}
    staff = client_for("virtual_school")
    page = staff.get(reverse("kinship:request", args=[req.reference])).content.decode()
    assert "Special guardianship order (clause 2(d))" in page and "Yes: previously looked after" in page
    assert "(checker: sgo)" not in page
    # without the checker nothing is claimed
    other = Client()
    assert other.post(reverse("kinship:ask"), VALID).status_code == 302
    bare = M.AdviceRequest.objects.exclude(pk=req.pk).get()
    assert bare.checker == {} and "did not use the checker" in staff.get(
        reverse("kinship:request", args=[bare.reference])).content.decode()


def test_results_are_plain_english_with_the_legal_reference_folded():
    c = Client()
    walk(c, SGO_WALK)
    res = c.get(reverse("kinship:results")).content.decode()
    # the type in everyday words first; the clause only inside the details component beneath it
    assert res.index("Special guardianship</h2>") < res.index('id="legal"') < res.index("clause 2(d)")
    # every "cannot get" item has a reason
    cannot = res[res.index('id="cannot"'):]
    items = re.findall(r"<li><strong>(.*?)</strong>: (.*?)</li>", cannot)
    assert items and all(reason.startswith("It is only for families where") for _, reason in items)
    assert "Fostering allowance" in dict(items)
    # the public page carries the Virtual School's and the council's name, not only the Hub's
    assert "Virtual School: kinship care" in res


def test_private_fostering_duty_comes_first_and_contacts_come_from_settings():
    M.KinshipSettings.objects.create(la="871", contact_email="vs@council.example",
                                     virtual_school_name="Anyshire Virtual School")
    c = Client()
    walk(c, [("relationship", "friend"), ("order", "none"), ("council_arranged", "no"), ("child_age", "10"),
             ("days", "60"), ("ehc_plan", "no"), ("has_social_worker", "no")])
    res = c.get(reverse("kinship:results")).content.decode()
    assert res.index("You must tell the council") < res.index("What you can get now")
    assert "vs@council.example" in res and "Anyshire Virtual School" in res
    assert "Phone:" not in res and "by phone" not in res  # no phone number set: none promised
    s = M.KinshipSettings.objects.get(la="871")
    s.contact_phone, s.contact_hours = "01632 960 123", "Monday to Friday"
    s.save()
    res = c.get(reverse("kinship:results")).content.decode()
    assert 'href="tel:01632960123"' in res and "Monday to Friday" in res
