"""Demo set-up for the panel's business: a year of synthetic meetings (the current municipal year), members,
agenda items linked to the demo scorecard editions and to synthetic uploaded papers, declarations, attendance,
minutes (approved up to the last meeting, which is a draft), actions, the reporting schedule, assurance
judgements and evidence for every LGA question, a kinship strategy self-assessment, children's voice and
complaints (the advocacy, independent visitor and councillor training tables come from the synthetic
generator, :func:`cphub.synth.generator.voice_rows`). Every name and text is
invented and labelled synthetic; no child is named. Idempotent: nothing is added when meetings exist."""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from cphub.meetings import kinship_strategy as KS
from cphub.meetings import lga
from cphub.meetings.municipal import municipal_year
from cphub.web.meetings import models as M
from cphub.web.meetings import services as svc

SYN = " (synthetic)"
VOTING = [("Councillor Ashworth", "Ashworth", True), ("Councillor Bexley", "Bexley", False),
          ("Councillor Carrow", "Carrow", False), ("Councillor Dunmore", "Dunmore", False),
          ("Councillor Elstree", "Elstree", False), ("Councillor Fairlop", "Fairlop", False)]
NON_VOTING = [("Sam Example", "Director of Children's Services", "Council"),
              ("Alex Sample", "Virtual School Head", "Council"),
              ("Jo Placeholder", "Designated Nurse for Looked After Children", "NHS Integrated Care Board"),
              ("Chris Demo", "Foster Carer representative", "Foster carers' association"),
              ("Pat Testcase", "Inspector", "Police")]
VENUE = "Council Chamber, Civic Offices (synthetic venue)"

# (month, day offset within the month, workshop) across a municipal year starting in May
MEETING_PLAN = [(7, 15, False), (9, 23, False), (10, 21, True), (11, 25, False), (1, 20, False), (4, 14, False)]
REPORTS = [  # (meeting index, title, lead, kind, private)
    (0, "Quarterly Fostering Report (Regulation 35)", "Registered Manager, fostering", "reg35", False),
    (1, "Regulation 45 Report: short breaks home", "Registered Manager", "reg45", False),
    (1, "Corporate Parenting Strategy and Draft Action Plan", "Head of Service", "strategy", True),
    (3, "Complaints Case Study", "Complaints Manager", "complaints", False),
    (3, "Championing Kinship Care: self-assessment against the national strategy", "Head of Service", "kinship",
     False),
    (4, "Independent Reviewing Officer Annual Report", "IRO Service Manager", "iro", False),
    (5, "Quarterly Fostering Report (Regulation 35)", "Registered Manager, fostering", "reg35", False),
]
VOICE = [
    ("cicc", "money", "We want to know where our savings are kept and when we can use them.",
     "Social workers now tell every young person where their savings are at each review.",
     "Savings explained at reviews; a leaflet written with the children in care council"),
    ("survey", "contact", "Family time is often cancelled at short notice.",
     "Family time is now booked a month ahead and cancellations are reported to the service manager.",
     "Cancellations tracked monthly"),
    ("advocate", "leaving_care", "I didn't know what my pathway plan said.",
     "Pathway plans are written with the young person and given to them in a format they choose.", ""),
    ("story", "placement", "Moving school when I moved home was the hardest part.", "", ""),
    ("cicc", "health", "Waiting for counselling takes too long.", "", ""),
    ("survey", "social_worker", "I have had too many social workers.",
     "Recruitment and retention plan reported to the panel; changes of social worker are on the scorecard.",
     "Scorecard measure added to the panel's focus list"),
]
LEARNING = ["Reinforce better communication with young people about their pathway plans (synthetic).",
            "Tell young people where and how their savings are kept; move savings when a child moves (synthetic).",
            "Share information about family history with young people, however sensitive (synthetic)."]


def _meeting_dates(today: date) -> list[tuple[date, bool]]:
    my = municipal_year(today)
    out = []
    for month, day, workshop in MEETING_PLAN:
        year = my.start.year if month >= my.start.month else my.end.year
        out.append((date(year, month, day), workshop))
    return out


def _pdf(title: str, pages: int) -> bytes:
    from weasyprint import HTML

    body = "".join(f'<section style="break-before: page"><h1>{title}</h1><p>Synthetic demonstration paper, page '
                   f'{i} of {pages}. The figures and text are invented.</p></section>' for i in range(1, pages + 1))
    return HTML(string=f"<!DOCTYPE html><html lang='en-GB'><head><title>{title}</title></head><body>{body}"
                       f"</body></html>").write_pdf()


@transaction.atomic
def setup_demo(la: str, folder: Path | None = None) -> None:
    rng = random.Random(14)
    if M.Meeting.objects.exists():
        return
    from cphub.web.scorecard.models import PackEdition

    voting = [M.Member.objects.create(name=n, surname=s, chair=c) for n, s, c in VOTING]
    others = [M.Member.objects.create(name=n, surname=n.split()[-1], kind=M.Member.NON_VOTING, role_title=r,
                                      organisation=o) for n, r, o in NON_VOTING]
    M.Member.objects.create(name="Councillor Gidea", surname="Gidea", kind=M.Member.SUBSTITUTE,
                            substitute_for=voting[1])
    editions = list(PackEdition.objects.filter(la=la).order_by("at"))
    today = timezone.localdate()
    meetings = []
    for on, workshop in _meeting_dates(today):
        meetings.append(svc.create_meeting(date=on, time=time(17, 30), venue=VENUE, workshop=workshop,
                                           clerk="Democratic Services (synthetic)",
                                           clerk_contact="democratic.services@example.gov.uk",
                                           issued=on - timedelta(days=8)))
    papers = {kind: _pdf(f"{title}{SYN}", 3 if kind != "kinship" else 5) for _, title, _, kind, _ in REPORTS}
    for i, m in enumerate(meetings):
        n = svc.next_item_number(m)
        if not m.workshop and editions:
            edition = editions[-1] if i >= len(meetings) // 2 else editions[0]
            M.AgendaItem.objects.create(meeting=m, number=n, title=f"Corporate Parenting Panel Scorecard to "
                                        f"{edition.at:%-d %B %Y}", lead="Head of Performance (synthetic)",
                                        report=M.AgendaItem.SCORECARD, edition=edition)
            n += 1
        for idx, title, lead, kind, private in REPORTS:
            if idx == i:
                M.AgendaItem.objects.create(meeting=m, number=n, title=title, lead=lead + SYN, private=private,
                                            report=M.AgendaItem.UPLOAD, document=papers[kind],
                                            document_name=f"{kind}-synthetic.pdf")
                n += 1
        if i == 2:
            M.AgendaItem.objects.create(meeting=m, number=n, title="Corporate Parenting Strategy workshop",
                                        lead="Head of Service" + SYN)
            n += 1
        if i == 4:
            M.AgendaItem.objects.create(meeting=m, number=n, title="Virtual School annual report",
                                        lead="Virtual School Head" + SYN, report=M.AgendaItem.VS_REPORT,
                                        vs_year=(editions[-1].at.year if editions else today.year))
            n += 1
        M.AgendaItem.objects.create(meeting=m, number=n, title="The journey of a care experienced young person",
                                    lead="Young person (synthetic story)")
        M.AgendaItem.objects.create(meeting=m, number=n + 1, title=f"Members' Attendance Record {m.municipal_year}",
                                    report=M.AgendaItem.ATTENDANCE)
        nxt = meetings[i + 1].date if i + 1 < len(meetings) else None
        M.AgendaItem.objects.create(meeting=m, number=n + 2, title="Date of the next meeting" +
                                    (f" {nxt:%-d %B %Y}" if nxt else ""))
    _hold(meetings, voting, others, rng, today)
    _framework(meetings, today)
    _voice_and_complaints(today, rng)


def _hold(meetings, voting, others, rng, today) -> None:
    """Attendance, declarations, minutes and actions for the meetings already held."""
    held = [m for m in meetings if m.date < today]
    for m in held:
        for member in voting + others:
            roll = rng.random()
            code = "P" if roll < 0.75 else "P*" if roll < 0.82 else "Ap" if roll < 0.95 else "Ab"
            M.Attendance.objects.create(meeting=m, member=member, code=code)
        M.Declaration.objects.create(meeting=m, member=voting[1], kind="personal",
                                     text="by virtue of running a support group for kinship carers (synthetic)")
    for i, m in enumerate(held):
        mins = svc.draft_minutes(m, None)
        mins.in_attendance = "Head of Service, Sufficiency and Permanency (synthetic)\nYouth Worker (synthetic)"
        mins.opened, mins.closed = time(17, 35), time(19, 50)
        mins.save()
        for item in mins.items.all():
            if not item.text:
                item.text = f"The panel considered the {item.title.lower()}. (Synthetic minute for the demonstration.)"
                item.save()
        svc.record_version(mins, None, "edited (demo)")
        if i + 1 < len(held):
            svc.approve_minutes(mins, held[i + 1], None)
        owner = ["Director of Children's Services", "Head of Service", "Virtual School Head"][i % 3]
        a = M.Action.objects.create(meeting=m, text=f"Report back on the placement stability deep dive{SYN}",
                                    owner=owner, due=m.date + timedelta(days=60),
                                    question="stability")
        M.ActionUpdate.objects.create(action=a, status="open", text="Action recorded", by_name="democratic")
        if i % 2 == 0 and i + 1 < len(held):
            svc.update_action(a, "done", "Reported to the next meeting (synthetic)", None)
    if held:
        last = held[-1]
        M.Action.objects.create(meeting=last, text=f"Arrange a visit to the short breaks home{SYN}",
                                owner="Registered Manager", due=today - timedelta(days=3), question="voice")
        M.Action.objects.create(meeting=last, text=f"Benchmark the kinship offer against the strategy{SYN}",
                                owner="Head of Service", due=today + timedelta(days=40), commitment="family_group_conferences")


def _framework(meetings, today) -> None:
    from cphub.web.meetings.models import ScheduledReport

    types = ["reg35", "reg45", "vs_annual", "complaints", "iro_annual", "reg35", "health"]
    for m, t in zip([x for x in meetings if not x.workshop] * 2, types, strict=False):
        ScheduledReport.objects.create(municipal_year=m.municipal_year, report_type=t, meeting=m,
                                       author="Report author (synthetic)", author_email="author@example.gov.uk",
                                       received=m.date < today)
    rags = ["green", "amber", "amber", "red", "green"]
    items = list(M.AgendaItem.objects.exclude(report=M.AgendaItem.NONE).select_related("meeting"))
    for k, q in enumerate(lga.QUESTIONS):
        item = items[k % len(items)] if items else None
        M.AssuranceEvidence.objects.create(question=q.id, item=item, received=item.meeting.date if item else today,
                                           description=f"Report considered by the panel: {item.title if item else 'n/a'}{SYN}")
        if k % 4 != 3:
            M.AssuranceJudgement.objects.create(question=q.id, rag=rags[k % len(rags)], on=today - timedelta(days=k),
                                                author="Chair of the panel (synthetic)",
                                                note="Judgement recorded for the demonstration (synthetic).")
    ratings = ["in_place", "partly", "not_started", "partly", "not_applicable"]
    for k, c in enumerate(KS.COMMITMENTS):
        M.KinshipAssessment.objects.create(commitment=c.id, rating=ratings[k % len(ratings)], on=today,
                                           author="Head of Service (synthetic)",
                                           evidence="Self-assessment for the demonstration (synthetic).")


def _voice_and_complaints(today, rng) -> None:
    for k, (source, theme, said, did, change) in enumerate(VOICE):
        received = today - timedelta(days=30 * (k + 1))
        M.VoiceFeedback.objects.create(received=received, source=source, theme=theme, said=said + SYN,
                                       response=did, change_made=change,
                                       responded_on=received + timedelta(days=21) if did else None, synthetic=True)
    themes = ["communication", "money", "placement", "contact", "leaving_care", "social_worker"]
    for k in range(14):
        received = today - timedelta(days=20 * k + 5)
        outcome = ["upheld", "partly", "not_upheld", "partly", "open"][k % 5]
        M.Complaint.objects.create(
            reference=f"SYN-{today.year}-{k + 1:03d}", received=received, stage=1 if k % 6 else 2,
            advocate=k % 3 == 0, themes=rng.sample(themes, 2), outcome=outcome,
            responded=None if outcome == "open" else received + timedelta(days=12),
            timescale_met=None if outcome == "open" else k % 4 != 0,
            learning=LEARNING[k] if k < len(LEARNING) else "", synthetic=True)
