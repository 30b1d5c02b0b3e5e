"""The panel's business through the web app (Django test client): roles, the agenda pack (public and private,
page numbers matching the agenda), minutes drafted, edited, approved and locked, actions carried forward,
reminders, and the public page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from cphub.web.meetings import models as M
from cphub.web.meetings import services as svc

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role, status", [("democratic_services", 200), ("panel_member", 200),
                                          ("performance_analyst", 200), ("social_worker", 403),
                                          ("virtual_school", 403)])
def test_who_sees_the_panel_pages(client_for, role, status):
    assert client_for(role).get("/panel/").status_code == status


def test_only_democratic_services_manage(client_for, two_meetings):
    m = two_meetings["second"]
    member = client_for("panel_member")
    assert member.get(f"/panel/meetings/{m.pk}/items/new/").status_code == 403
    assert member.post("/panel/meetings/new/", {}).status_code == 403
    assert client_for("democratic_services").get(f"/panel/meetings/{m.pk}/items/new/").status_code == 200


def test_create_meeting_adds_standing_items(client_for):
    c = client_for("democratic_services")
    r = c.post("/panel/meetings/new/", {"date": "2026-07-16", "time": "17:30", "venue": "Council Chamber"})
    assert r.status_code == 302
    m = M.Meeting.objects.get()
    assert m.municipal_year.label == "2026/27"
    assert [i.title for i in m.items.all()] == ["Declarations of Interest"]  # no previous meeting yet
    r = c.post("/panel/meetings/new/", {"date": "2026-13-01", "time": "5pm", "venue": ""})
    assert r.status_code == 400
    assert b"There is a problem" in r.content and b"must be a real date" in r.content


def _add_items(c, m, edition, report_pdf):
    r = c.post(f"/panel/meetings/{m.pk}/items/new/", {"number": 4, "title": "Corporate Parenting Strategy",
                                                       "lead": "Head of Service", "private": "on", "report": "upload",
                                                       "upload": SimpleUploadedFile("strategy.pdf", report_pdf)})
    assert r.status_code == 302, r.content.decode()[:2000]
    r = c.post(f"/panel/meetings/{m.pk}/items/new/", {"number": 5, "title": "Corporate Parenting Panel Scorecard",
                                                       "lead": "Performance", "report": "scorecard",
                                                       "edition": edition.pk})
    assert r.status_code == 302
    r = c.post(f"/panel/meetings/{m.pk}/items/new/", {"number": 6, "title": "Complaints Case Study",
                                                       "lead": "Complaints Manager", "report": "upload",
                                                       "upload": SimpleUploadedFile("complaints.pdf", report_pdf)})
    assert r.status_code == 302
    r = c.post(f"/panel/meetings/{m.pk}/items/new/", {"number": 7, "title": "Members Attendance Record",
                                                       "report": "attendance"})
    assert r.status_code == 302


def test_upload_must_be_a_pdf(client_for, two_meetings):
    m = two_meetings["second"]
    c = client_for("democratic_services")
    r = c.post(
        f"/panel/meetings/{m.pk}/items/new/", {"number": 9, "title": "Report", "report": "upload",
                                               "upload": SimpleUploadedFile("r.pdf", b"not a pdf at all")})
    assert r.status_code == 400 and b"The file must be a PDF" in r.content
    r = c.post(
        f"/panel/meetings/{m.pk}/items/new/", {"number": 9, "title": "Report", "report": "upload",
                                               "upload": SimpleUploadedFile("r.pdf", b"%PDF-1.7 broken")})
    assert r.status_code == 400 and b"could not be read as a PDF" in r.content
    assert not m.items.filter(number=9).exists()


def test_the_pack_public_and_private(client_for, two_meetings, fake_scorecard, report_pdf, pdf_text):
    first, second = two_meetings["first"], two_meetings["second"]
    svc.draft_minutes(first, None)
    c = client_for("democratic_services")
    _add_items(c, second, fake_scorecard, report_pdf)
    M.Attendance.objects.create(meeting=first, member=two_meetings["hulme"], code="P")
    M.Attendance.objects.create(meeting=first, member=two_meetings["gill"], code="Ap")
    private = c.get(f"/panel/meetings/{second.pk}/pack-private.pdf")
    public = c.get(f"/panel/meetings/{second.pk}/pack-public.pdf")
    assert private["Content-Type"] == "application/pdf" and public.status_code == 200
    ptext, utext = pdf_text(private.content), pdf_text(public.content)
    _, rows = svc.build_pack(second, public=False, user=None)
    pages = {i.number: col for i, col in rows}
    # the agenda's page column: the private paper says so, the others have ranges that start on odd pages
    assert pages[1] == "" and pages[4] == "Not for publication"
    assert pages[2] == "1 - 2"  # the previous minutes, padded to an even page count
    assert pages[6].split(" - ")[0].isdigit()
    # every numbered page carries the number the agenda promised
    first_scorecard = int(pages[5].split(" - ")[0])
    front = next(i for i, t in enumerate(ptext) if "Page 1" in t)
    assert f"Page {first_scorecard}" in ptext[front + first_scorecard - 1]
    assert pages[3] == "3 - 4"  # the actions log carried forward
    assert "Uploaded report page 1" in ptext[front + 4] and "Page 5" in ptext[front + 4]  # private paper: 5 - 8
    assert any("Document is Restricted" in t and "Pages 5 - 8" in t for t in utext)
    assert not any("Uploaded report page" in t for t in utext[: front + first_scorecard - 1])
    assert len(utext) == len(ptext) - 4 + 2  # the 4-page private paper became one restricted page and a blank
    # later papers keep their numbers in the public pack
    assert any(f"Page {first_scorecard}" in t for t in utext)
    assert "Members' attendance record" in "".join(ptext) and "Apologies given" in "".join(ptext)


def test_private_pack_needs_the_right_role(client_for, two_meetings):
    m = two_meetings["second"]
    assert client_for("performance_analyst").get(f"/panel/meetings/{m.pk}/pack-private.pdf").status_code == 403
    assert client_for("panel_member").get(f"/panel/meetings/{m.pk}/pack-private.pdf").status_code == 200


def test_minutes_numbered_across_the_year_drafted_edited_approved_and_locked(client_for, two_meetings):
    first, second = two_meetings["first"], two_meetings["second"]
    c = client_for("democratic_services")
    M.Declaration.objects.create(meeting=first, member=two_meetings["gill"], text="as her niece works for the trust")
    M.Attendance.objects.create(meeting=first, member=two_meetings["gill"], code="Ap")
    assert c.post(f"/panel/meetings/{first.pk}/minutes/draft/").status_code == 302
    mins = first.minutes
    items = list(mins.items.all())
    assert [i.number for i in items] == [1]
    assert "Councillor Gill declared a personal interest as her niece works for the trust." in items[0].text
    r = c.post(f"/panel/meetings/{first.pk}/minutes/edit/", {
        "head-in_attendance": "Head of Service\nYouth Worker", "head-opened": "17:35", "head-closed": "20:29",
        f"i{items[0].pk}-title": "Declarations of Interest", f"i{items[0].pk}-text": "Edited text.",
        f"i{items[0].pk}-resolution": ""})
    assert r.status_code == 302
    page = c.get(f"/panel/meetings/{first.pk}/minutes/").content.decode()
    assert "Edited text." in page and "Councillor Gill" in page and "Draft" in page
    # the next meeting's minutes continue the numbering (same municipal year when both fall in it)
    if first.municipal_year == second.municipal_year:
        svc.draft_minutes(second, None)
        assert second.minutes.items.first().number == 2
        assert "as a correct record" in second.minutes.items.get(number=3).resolution
    r = c.post(f"/panel/meetings/{first.pk}/minutes/approve/", {"at": second.pk})
    assert r.status_code == 302
    mins.refresh_from_db()
    assert mins.locked and mins.approved_at == second
    r = c.get(f"/panel/meetings/{first.pk}/minutes/edit/")
    assert r.status_code == 302  # locked
    assert [v.event for v in mins.versions.all()][:1] == [f"approved at the meeting on {second.date:%-d %B %Y}"]
    assert mins.versions.count() == 3
    # the public sees approved minutes only
    from django.test import Client

    anon = Client()
    assert anon.get(f"/panel/public/{first.pk}/minutes/").status_code == 200
    assert anon.get(f"/panel/public/{second.pk}/minutes/").status_code == 404
    assert anon.get("/panel/").status_code == 302
    assert b"Minutes" in anon.get("/panel/public/").content


def test_minutes_approved_only_at_a_later_meeting(client_for, two_meetings):
    first, second = two_meetings["first"], two_meetings["second"]
    svc.draft_minutes(second, None)
    with pytest.raises(ValueError):
        svc.approve_minutes(second.minutes, first, None)


def test_actions_carried_into_the_next_agenda_and_overdue(client_for, two_meetings):
    first, second = two_meetings["first"], two_meetings["second"]
    c = client_for("democratic_services")
    r = c.post(f"/panel/meetings/{first.pk}/actions/new/", {"text": "Invite young people to talk about pathway plans",
                                                            "owner": "Director of Operations",
                                                            "due": (date.today() - timedelta(days=5)).isoformat()})
    assert r.status_code == 302
    done = M.Action.objects.create(meeting=first, text="Visit the short breaks home", owner="Registered Manager")
    svc.update_action(done, "done", "Visited", None)
    page = c.get(f"/panel/meetings/{second.pk}/").content.decode()
    carried = page.split('id="carried"')[1].split("<h2")[0]
    assert "Invite young people" in carried and "Overdue" in carried and "Visit the short breaks" not in carried
    assert "Invite young people" in c.get("/panel/actions/").content.decode()
    a = M.Action.objects.get(text__startswith="Invite")
    r = c.post(f"/panel/actions/{a.pk}/", {"status": "in_progress", "text": "Date booked"})
    assert r.status_code == 302
    assert [u.text for u in a.updates.all()] == ["Action recorded", "Date booked"]
    assert client_for("panel_member").post(f"/panel/actions/{a.pk}/", {"status": "done"}).status_code == 403


def test_reminders_email_authors_when_papers_are_due(settings, two_meetings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    second = two_meetings["second"]
    M.ScheduledReport.objects.create(municipal_year=second.municipal_year, report_type="reg35", meeting=second,
                                     author="Registered Manager", author_email="rm@example.gov.uk")
    M.ScheduledReport.objects.create(municipal_year=second.municipal_year, report_type="iro_annual", meeting=second,
                                     author="IRO manager", author_email="iro@example.gov.uk", received=True)
    sent = svc_reminders(second.date - timedelta(days=20))
    assert [r.author for r in sent] == ["Registered Manager"]
    assert mail.outbox[0].to == ["rm@example.gov.uk"] and "Regulation 35" in mail.outbox[0].body
    assert svc_reminders(second.date - timedelta(days=20)) == []  # once a day


def svc_reminders(today):
    from cphub.web.meetings.reminders import send_due_reminders

    return send_due_reminders(today)


def test_assurance_kinship_voice_and_complaints_pages(client_for, settings):
    c = client_for("democratic_services")
    r = c.get("/panel/assurance/")
    assert r.status_code == 200 and "How many children are placed out-of-area" in r.content.decode()
    r = c.post("/panel/assurance/advocacy/", {"form": "judgement", "j-rag": "amber", "j-on": "2025-01-10",
                                              "j-author": "Chair", "j-note": "Take-up is low"})
    assert r.status_code == 302
    assert "Partly assured" in c.get("/panel/assurance/").content.decode()
    r = c.post("/panel/kinship-strategy/family_group_conferences/", {"rating": "partly", "on": "2025-01-10",
                                                                     "author": "Head of Service",
                                                                     "evidence": "Offered at PLO only"})
    assert r.status_code == 302
    assert "Partly in place" in c.get("/panel/kinship-strategy/").content.decode()
    c.post("/panel/voice/new/", {"received": "2025-01-05", "source": "cicc", "theme": "money",
                                 "said": "We want to know where our savings are"})
    page = c.get("/panel/voice/").content.decode()
    assert "Still waiting for a response (1)" in page
    settings.CPHUB_SUPPRESSION_THRESHOLD = 5
    for i in range(6):
        M.Complaint.objects.create(reference=f"C{i}", received=date(2025, 1, 1), stage=1 if i else 2,
                                   advocate=True, themes=["money"], outcome="partly", learning="Tell young people "
                                   "where their savings are" if i == 0 else "")
    page = client_for("panel_member").get("/panel/complaints/").content.decode()
    assert "fewer than 5" in page and "C0" not in page and "Tell young people" in page


def test_public_pack_only_once_issued(client, two_meetings):
    first, second = two_meetings["first"], two_meetings["second"]
    assert client.get(f"/panel/public/{second.pk}/pack.pdf").status_code == 404  # not issued, in the future
    second.issued = date.today() - timedelta(days=1)
    second.save()
    page = client.get("/panel/public/").content.decode()
    assert f"/panel/public/{second.pk}/pack.pdf" in page and f"/panel/public/{first.pk}/pack.pdf" in page


def test_part_two_minutes_only_for_those_who_may_read_private_papers(client_for, two_meetings):
    first = two_meetings["first"]
    M.AgendaItem.objects.create(meeting=first, number=4, title="Strategy and action plan", private=True)
    mins = svc.draft_minutes(first, None)
    item = mins.items.get(private=True)
    item.text = "Confidential discussion of the commissioning budget."
    item.save()
    member = client_for("panel_member").get(f"/panel/meetings/{first.pk}/minutes/").content.decode()
    analyst = client_for("performance_analyst").get(f"/panel/meetings/{first.pk}/minutes/").content.decode()
    assert "Part 2: not open to the public" in member and "Confidential discussion" in member
    assert "Part 2: not open to the public" in analyst and "Confidential discussion" not in analyst
    assert "considered in private" in analyst
