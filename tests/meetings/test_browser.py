"""The democratic services officer's journey in a real browser (Debian's Chromium via Playwright), with axe on
every page: create a meeting, add agenda items (the current scorecard edition and an uploaded report), record
declarations, attendance and an action, download the public and private agenda packs (each page rasterised),
draft, edit and approve the minutes, and see the open action carried into the next meeting's agenda."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date, timedelta

import pytest

pytestmark = [pytest.mark.browser]


def _check(page, axe_violations):
    assert axe_violations(page) == [], page.url


def _pages_as_png(pdf: bytes, tmp_path, name: str) -> tuple[int, list[str]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    out = tmp_path / name
    out.write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "20", "-png", str(out), str(tmp_path / name.replace(".pdf", ""))], check=True)
        pngs = sorted(tmp_path.glob(name.replace(".pdf", "") + "-*.png"))
        assert len(pngs) == len(reader.pages)
    return len(reader.pages), [p.extract_text() or "" for p in reader.pages]


def test_meeting_pack_minutes_and_actions_journey(login, live_server, fake_registry, axe_violations, report_pdf,
                                                   tmp_path):
    from cphub.web.meetings import models as M
    from cphub.web.scorecard.models import PackEdition

    page = login("democratic_services")
    edition = PackEdition.objects.create(la="871", at="2024-02-29", title="Panel, March 2024")
    M.Member.objects.create(name="Councillor Hulme", surname="Hulme", chair=True)
    gill = M.Member.objects.create(name="Councillor Gill", surname="Gill")
    M.Member.objects.create(name="Lynn Example", surname="Example", kind=M.Member.NON_VOTING,
                            role_title="Designated nurse", organisation="NHS ICB")
    url = live_server.url
    held = date.today() - timedelta(days=20)

    page.goto(f"{url}/panel/")
    _check(page, axe_violations)
    page.get_by_role("link", name="Create a meeting").click()
    page.get_by_role("button", name="Save").click()  # empty: the error summary
    assert page.locator(".govuk-error-summary").is_visible()
    _check(page, axe_violations)
    page.fill("#id_date", held.isoformat())
    page.fill("#id_time", "17:30")
    page.fill("#id_venue", "Council Chamber")
    page.get_by_role("button", name="Save").click()
    assert page.locator("h1").inner_text().startswith("Meeting on")
    _check(page, axe_violations)
    meeting_url = page.url

    # the scorecard edition
    page.get_by_role("link", name="Add an agenda item").click()
    _check(page, axe_violations)
    page.fill("#id_title", "Corporate Parenting Panel Scorecard")
    page.fill("#id_lead", "Head of Performance")
    page.get_by_label("A scorecard edition").check()
    page.select_option("#id_edition", str(edition.pk))
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(meeting_url)
    # an uploaded report, not for publication
    page.get_by_role("link", name="Add an agenda item").click()
    page.fill("#id_title", "Corporate Parenting Strategy and Draft Action Plan")
    page.fill("#id_lead", "Head of Service")
    page.get_by_label("Not for publication").check()
    page.get_by_label("An uploaded PDF").check()
    page.set_input_files("#id_upload", files=[{"name": "strategy.pdf", "mimeType": "application/pdf",
                                               "buffer": report_pdf}])
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(meeting_url)
    # the attendance record
    page.get_by_role("link", name="Add an agenda item").click()
    page.fill("#id_title", "Members' Attendance Record")
    page.get_by_label("The members' attendance record").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(meeting_url)
    assert page.get_by_text("strategy.pdf").is_visible()

    # declarations, attendance, an action
    page.get_by_role("link", name="Record a declaration").click()
    _check(page, axe_violations)
    page.select_option("#id_member", str(gill.pk))
    page.get_by_label("Personal interest").check()
    page.fill("#id_text", "as her niece works for the children's trust")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(meeting_url)
    page.get_by_role("link", name="Record attendance").click()
    _check(page, axe_violations)
    for m in M.Member.objects.all():
        page.select_option(f"#id_m{m.pk}", "Ap" if m == gill else "P")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(meeting_url)
    page.get_by_role("link", name="Record an action").click()
    _check(page, axe_violations)
    page.fill("#id_text", "Invite young people to talk about pathway plans")
    page.fill("#id_owner", "Director of Operations")
    page.fill("#id_due", (date.today() - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(meeting_url)
    assert page.get_by_text("as her niece works for the children's trust").is_visible()
    _check(page, axe_violations)

    # the packs
    with page.expect_download() as dl:
        page.get_by_role("link", name="Public agenda pack (PDF)").click()
    public_pages, public_text = _pages_as_png(dl.value.path().read_bytes(), tmp_path, "public.pdf")
    with page.expect_download() as dl:
        page.get_by_role("link", name="Full agenda pack, with papers not for publication (PDF)").click()
    private_pages, private_text = _pages_as_png(dl.value.path().read_bytes(), tmp_path, "private.pdf")
    joined_private, joined_public = " ".join(" ".join(private_text).split()), " ".join(" ".join(public_text).split())
    assert "Corporate Parenting Scorecard" in joined_private and "Uploaded report page 2" in joined_private
    assert "Document is Restricted" in joined_public and "Uploaded report page" not in joined_public
    assert "Not for publication" in joined_public  # the agenda's page column
    assert public_pages == private_pages - 4 + 2
    assert "Members' attendance record" in joined_private and "Ap" in joined_private

    # the next meeting: the open action is carried into its agenda
    page.goto(f"{url}/panel/meetings/new/")
    nxt = date.today() + timedelta(days=40)
    page.fill("#id_date", nxt.isoformat())
    page.fill("#id_time", "17:30")
    page.fill("#id_venue", "Council Chamber")
    page.get_by_role("button", name="Save").click()
    next_url = page.url
    carried = page.locator("#carried + table")
    assert "Invite young people to talk about pathway plans" in carried.inner_text()
    assert "Overdue" in carried.inner_text()
    assert page.get_by_text(f"Minutes of the last meeting held on {held:%-d %B %Y}").is_visible()
    _check(page, axe_violations)

    # minutes: draft from the agenda, edit, approve at the next meeting
    page.goto(meeting_url)
    page.get_by_role("link", name="Minutes").first.click()
    _check(page, axe_violations)
    page.get_by_role("button", name="Draft the minutes from the agenda").click()
    page.wait_for_url("**/minutes/edit/")
    _check(page, axe_violations)
    first_text = page.locator("textarea[id$='-text']").first
    assert "Councillor Gill declared a personal interest" in first_text.input_value()
    page.fill("textarea[id='id_head-in_attendance']", "Head of Service\nYouth Worker")
    page.get_by_role("button", name="Save the minutes").click()
    page.wait_for_url("**/minutes/")
    assert page.get_by_text("Draft: not yet agreed as a correct record.").is_visible()
    assert page.get_by_text("Apologies for absence:").is_visible()
    _check(page, axe_violations)
    with page.expect_navigation():  # axe must read the approval page, not the one being left
        page.get_by_role("link", name="Approve the minutes").click()
    _check(page, axe_violations)
    page.get_by_role("button", name="Save").click()  # the next meeting is chosen already
    page.wait_for_url("**/minutes/")
    assert page.get_by_text(f"Agreed as a correct record at the meeting on {nxt:%-d %B %Y}").is_visible()
    assert page.get_by_role("link", name="Edit the minutes").count() == 0
    _check(page, axe_violations)

    # the next meeting's pack carries the approved minutes and the open action
    page.goto(next_url)
    with page.expect_download() as dl:
        page.get_by_role("link", name="Public agenda pack (PDF)").click()
    _, next_text = _pages_as_png(dl.value.path().read_bytes(), tmp_path, "next.pdf")
    joined = " ".join(" ".join(next_text).split())
    assert "Invite young people to talk about pathway plans" in joined
    assert "Agreed as a correct record" in joined

    # the public page: the approved minutes, no sign-in
    ctx = page.context.browser.new_context()
    anon = ctx.new_page()
    anon.goto(f"{url}/panel/public/")
    _check(anon, axe_violations)
    anon.get_by_role("link", name=f"Minutes of {held:%-d %B %Y}").click()
    assert "Councillor Gill" in anon.content()
    _check(anon, axe_violations)
    ctx.close()


def test_every_panel_page_is_accessible(login, live_server, axe_violations):
    from datetime import time

    from cphub.web.meetings import models as M
    from cphub.web.meetings import services as svc

    page = login("democratic_services")
    member = M.Member.objects.create(name="Councillor Hulme", surname="Hulme", chair=True)
    m = svc.create_meeting(date=date.today() - timedelta(days=10), time=time(17, 30), venue="Council Chamber")
    M.Attendance.objects.create(meeting=m, member=member, code="P*")
    action = M.Action.objects.create(meeting=m, text="Visit the short breaks home", owner="Registered Manager",
                                     due=date.today() - timedelta(days=2), question="voice")
    M.VoiceFeedback.objects.create(received=date.today(), source="cicc", theme="money", said="Where are our savings?")
    M.Complaint.objects.create(reference="C1", received=date.today(), stage=1, themes=["money"], outcome="partly",
                               learning="Explain savings at reviews")
    M.AssuranceJudgement.objects.create(question="advocacy", rag="red", on=date.today(), author="Chair", note="Low")
    M.ScheduledReport.objects.create(municipal_year=m.municipal_year, report_type="reg45", meeting=m,
                                     author="Registered Manager", author_email="rm@example.gov.uk")
    for path in ["/panel/", "/panel/members/", "/panel/members/new/", f"/panel/attendance/{m.municipal_year.pk}/",
                 "/panel/actions/", f"/panel/actions/{action.pk}/", "/panel/schedule/", "/panel/schedule/new/",
                 "/panel/assurance/", "/panel/assurance/advocacy/", "/panel/kinship-strategy/",
                 "/panel/kinship-strategy/family_first/", "/panel/voice/", "/panel/voice/new/", "/panel/complaints/",
                 "/panel/complaints/new/", f"/panel/meetings/{m.pk}/minutes/", "/panel/public/"]:
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        _check(page, axe_violations)
    # an invalid complaint form shows the error summary, still accessible
    page.goto(live_server.url + "/panel/complaints/new/")
    page.get_by_role("button", name="Save").click()
    assert page.locator(".govuk-error-summary").is_visible()
    _check(page, axe_violations)
