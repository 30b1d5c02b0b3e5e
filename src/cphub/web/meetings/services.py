"""The imperative shell of the panel's business: minute numbering and drafting, approval and locking, actions
carried forward, the attendance record, and the agenda pack PDF. Rules come from :mod:`cphub.meetings`."""

from __future__ import annotations

import hashlib
import io
from datetime import date

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from cphub.meetings import actions as A
from cphub.meetings import attendance as ATT
from cphub.meetings import pack as P
from cphub.meetings.municipal import first_minute_number, municipal_year
from cphub.web.meetings import models as M

DECLARATIONS_NOTE = ("All Members who believe they have a Disclosable Pecuniary or other Interest in any matter to be "
                     "considered at the meeting must declare that interest and, having regard to the circumstances "
                     "described in the Councillors' Code of Conduct, leave the meeting while the matter is discussed.")


class PackError(Exception):
    """A paper cannot go into the pack (for example an uploaded file that is not a readable PDF)."""


# ------------------------------------------------------------------------------------------------ meetings

def year_for(on: date) -> M.MunicipalYear:
    """The municipal year record containing ``on``, created (1 May to 30 April) when missing."""
    found = M.MunicipalYear.objects.filter(start__lte=on, end__gte=on).first()
    if found:
        return found
    my = municipal_year(on)
    return M.MunicipalYear.objects.create(label=my.label, start=my.start, end=my.end)


def previous_meeting(meeting: M.Meeting) -> M.Meeting | None:
    return (M.Meeting.objects.filter(date__lt=meeting.date).order_by("-date", "-time").first())


def next_meeting(meeting: M.Meeting) -> M.Meeting | None:
    return M.Meeting.objects.filter(date__gt=meeting.date).order_by("date", "time").first()


@transaction.atomic
def create_meeting(**fields) -> M.Meeting:
    """A meeting with the standing items every agenda opens with: declarations of interest, the previous
    meeting's minutes, and the actions log (open actions carried forward)."""
    meeting = M.Meeting.objects.create(municipal_year=year_for(fields["date"]), **fields)
    prev = previous_meeting(meeting)
    M.AgendaItem.objects.create(meeting=meeting, number=1, title="Declarations of Interest", note=DECLARATIONS_NOTE)
    if prev:
        M.AgendaItem.objects.create(meeting=meeting, number=2, report=M.AgendaItem.PREVIOUS_MINUTES,
                                    title=f"Minutes of the last meeting held on {prev.date:%-d %B %Y}")
        M.AgendaItem.objects.create(meeting=meeting, number=3, report=M.AgendaItem.ACTIONS,
                                    title="Actions arising and the actions log")
    return meeting


def pack_published(meeting: M.Meeting, today: date) -> bool:
    """The public pack is published from its date of issue (or, with none recorded, from the meeting day)."""
    return (meeting.issued or meeting.date) <= today


def next_item_number(meeting: M.Meeting) -> int:
    last = meeting.items.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


# ------------------------------------------------------------------------------------------------ actions

def carried_actions(meeting: M.Meeting) -> list[M.Action]:
    """Open actions from earlier meetings, which this meeting's agenda carries (oldest due first)."""
    candidates = list(M.Action.objects.filter(meeting__date__lt=meeting.date).select_related("meeting"))
    keys = A.carried_into([a.state() for a in candidates], meeting.date)
    by_key = {a.pk: a for a in candidates}
    return [by_key[k] for k in keys]


def overdue(action: M.Action, today: date | None = None) -> bool:
    return A.is_overdue(action.state(), today or timezone.localdate())


@transaction.atomic
def update_action(action: M.Action, status: str, text: str, user) -> M.ActionUpdate:
    action.status = status
    action.save(update_fields=["status"])
    return M.ActionUpdate.objects.create(action=action, status=status, text=text, by=user,
                                         by_name=getattr(user, "username", ""))


# ------------------------------------------------------------------------------------------------ attendance

def attendance_record(year: M.MunicipalYear) -> tuple[list[ATT.MeetingColumn], list[ATT.RecordRow]]:
    """The members' attendance record of ``year``: voting councillors x that year's meetings."""
    meetings = list(year.meetings.order_by("date", "time"))
    cols = [ATT.MeetingColumn(m.pk, m.date, m.workshop) for m in meetings]
    members = [(m.pk, m.surname) for m in M.Member.objects.filter(kind=M.Member.VOTING)]
    marks = {(a.member_id, a.meeting_id): a.code for a in M.Attendance.objects.filter(meeting__in=meetings)}
    return cols, ATT.record(members, cols, marks)


# ------------------------------------------------------------------------------------------------ minutes

def first_number(meeting: M.Meeting) -> int:
    """The first minute number of ``meeting``: after every minute (or, before minutes exist, every agenda item)
    of the earlier meetings of its municipal year."""
    earlier = M.Meeting.objects.filter(municipal_year=meeting.municipal_year, date__lt=meeting.date)
    counts = []
    for m in earlier:
        mins = M.Minutes.objects.filter(meeting=m).first()
        counts.append(mins.items.count() if mins else m.items.count())
    return first_minute_number(counts)


def _resolution(item: M.AgendaItem, prev: M.Meeting | None) -> str:
    if item.report == M.AgendaItem.PREVIOUS_MINUTES and prev:
        return f"Agree the minutes of the meeting held on {prev.date:%-d %B %Y} as a correct record."
    if item.number == 1 and item.title.startswith("Declarations"):
        return ""
    if item.report == M.AgendaItem.SCORECARD and item.edition:
        return f"Note the Corporate Parenting Panel Scorecard to {item.edition.at:%-d %B %Y}."
    if item.report == M.AgendaItem.ATTENDANCE:
        return "Note the Members' attendance record."
    return f"Note the {item.title}."


def _declarations_text(meeting: M.Meeting) -> str:
    decls = list(meeting.declarations.select_related("member", "item"))
    if not decls:
        return "None were declared."
    return "\n".join(f"{d.member.name} declared a {d.get_kind_display().lower()} {d.text}"
                     + (f" (item {d.item.number})" if d.item else "") + "." for d in decls)


def snapshot(minutes: M.Minutes) -> dict:
    return {"status": minutes.status, "in_attendance": minutes.in_attendance,
            "items": [{"number": i.number, "title": i.title, "private": i.private, "text": i.text,
                       "resolution": i.resolution} for i in minutes.items.all()]}


def record_version(minutes: M.Minutes, user, event: str) -> None:
    M.MinutesVersion.objects.create(minutes=minutes, saved_by=user if getattr(user, "pk", None) else None,
                                    event=event, snapshot=snapshot(minutes))


@transaction.atomic
def draft_minutes(meeting: M.Meeting, user) -> M.Minutes:
    """Minutes drafted from the agenda: one numbered minute per agenda item (numbers continue across the
    municipal year), declarations written out, resolutions in the seed's form ("Note ...", "Agree the minutes
    ... as a correct record")."""
    existing = M.Minutes.objects.filter(meeting=meeting).first()
    if existing:
        return existing
    minutes = M.Minutes.objects.create(meeting=meeting)
    prev = previous_meeting(meeting)
    n = first_number(meeting)
    for i, item in enumerate(meeting.items.order_by("number")):
        text = _declarations_text(meeting) if item.number == 1 and item.title.startswith("Declarations") else ""
        M.MinuteItem.objects.create(minutes=minutes, agenda_item=item, number=n + i, title=item.title,
                                    private=item.private, text=text, resolution=_resolution(item, prev))
    record_version(minutes, user, "drafted from the agenda")
    return minutes


class Locked(Exception):
    pass


@transaction.atomic
def approve_minutes(minutes: M.Minutes, at: M.Meeting, user) -> None:
    """Agreed as a correct record at a later meeting; locked from then on (the version history keeps it)."""
    if minutes.locked:
        raise Locked("These minutes are already approved.")
    if at.date <= minutes.meeting.date:
        raise ValueError("Minutes are approved at a later meeting")
    minutes.status = M.Minutes.APPROVED
    minutes.approved_at = at
    minutes.approved_on = timezone.now()
    minutes.approved_by = user
    minutes.save()
    record_version(minutes, user, f"approved at the meeting on {at.date:%-d %B %Y}")


def attendance_lists(meeting: M.Meeting) -> dict:
    marks = list(meeting.attendance.select_related("member", "substitute"))
    return {
        "present_voting": [a for a in marks if ATT.attended(a.code) and a.member.kind == M.Member.VOTING],
        "present_other": [a for a in marks if ATT.attended(a.code) and a.member.kind != M.Member.VOTING],
        "apologies": [a for a in marks if a.code == ATT.APOLOGIES],
        "absent": [a for a in marks if a.code == ATT.ABSENT],
    }


# ------------------------------------------------------------------------------------------------ the pack

PRINT_CSS = """
@page { size: A4; margin: 20mm 18mm 22mm 18mm; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; color: #0b0c0c; }
h1 { font-size: 18pt; margin: 0 0 6mm; } h2 { font-size: 14pt; margin: 6mm 0 3mm; } h3 { font-size: 12pt; }
table { border-collapse: collapse; width: 100%; margin-bottom: 6mm; }
th, td { border: 1px solid #505a5f; padding: 2mm; text-align: left; vertical-align: top; }
th { background: #f3f2f1; }
.label { font-weight: bold; margin: 4mm 0 1mm; text-transform: uppercase; }
.centre { text-align: center; } .small { font-size: 9pt; } .note { font-style: italic; font-size: 9pt; }
.banner { border: 2px solid #0b0c0c; padding: 3mm; margin-bottom: 6mm; }
.whole { height: 230mm; display: flex; align-items: center; justify-content: center; font-size: 20pt; }
.overdue { font-weight: bold; }
"""


def html_pdf(template: str, ctx: dict) -> bytes:
    """One of the Hub's own pack pages through WeasyPrint (tagged PDF)."""
    from weasyprint import CSS, HTML

    html = render_to_string(template, {**ctx, "print_css": PRINT_CSS})
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", stylesheets=[CSS(string=PRINT_CSS)])


def _council():
    from cphub.web.store.models import Council

    return Council.objects.filter(code=settings.CPHUB_LA).first()


def minutes_context(minutes: M.Minutes, *, public: bool) -> dict:
    items = list(minutes.items.all())
    return {"minutes": minutes, "meeting": minutes.meeting, "items": items, "public": public,
            "has_private": any(i.private for i in items),
            "in_attendance": [x for x in minutes.in_attendance.splitlines() if x.strip()],
            **attendance_lists(minutes.meeting), "council": _council()}


def actions_context(meeting: M.Meeting) -> dict:
    today = timezone.localdate()
    acts = carried_actions(meeting)
    return {"meeting": meeting, "actions": [(a, overdue(a, today)) for a in acts], "council": _council(),
            "today": today}


SCORECARD_CACHE_SECONDS = 3600


def scorecard_pdf(edition, *, public: bool) -> bytes:
    """The scorecard edition rendered by the panel's own renderer (cphub.panel.render_pdf) from the stored
    scorecard, kept in the cache for the council's data version (every import and every edit of a target,
    commentary or edition changes it), so the public and private packs and later downloads do not render it
    again."""
    from django.core.cache import cache

    from cphub.panel import render_pdf
    from cphub.web.results.services import version
    from cphub.web.scorecard.services import scorecard

    digest = hashlib.sha256(repr((edition.la, version(edition.la))).encode()).hexdigest()[:16]
    key = f"cphub:pack-scorecard:{edition.pk}:{int(public)}:{digest}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf.render(scorecard(edition.la, edition.at, public=public))
        cache.set(key, pdf, SCORECARD_CACHE_SECONDS)
    return pdf


def vs_report_pdf(item: M.AgendaItem, user) -> bytes:
    """The Virtual School annual report as its own page renders it (as at 31 August of ``vs_year``)."""
    from django.test import RequestFactory
    from weasyprint import CSS, HTML

    from cphub.web.virtual_school import views as vs

    at = date(item.vs_year, 8, 31) if item.vs_year else item.meeting.date
    request = RequestFactory().get("/virtual-school/report/", {"at": at.isoformat()})
    from django.contrib.auth.models import AnonymousUser

    request.user = user or AnonymousUser()
    ctx = vs._report_context(request)
    html = render_to_string("virtual_school/report_pdf.html", {**ctx, "pdf": True}, request=request)
    from pathlib import Path

    css = Path(vs.__file__).parent / "static" / "virtual_school" / "report-print.css"
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(css))], pdf_variant="pdf/ua-1")


def item_document(item: M.AgendaItem, *, public: bool, user) -> bytes | None:
    """The PDF an agenda item brings to the pack, or None for an item without a paper."""
    meeting = item.meeting
    if item.report == M.AgendaItem.PREVIOUS_MINUTES:
        prev = previous_meeting(meeting)
        mins = M.Minutes.objects.filter(meeting=prev).first() if prev else None
        if mins is None:
            return html_pdf("meetings/print/missing.html", {"item": item,
                                                            "text": "The minutes of the last meeting are to follow."})
        return html_pdf("meetings/print/minutes.html", minutes_context(mins, public=public))
    if item.report == M.AgendaItem.ACTIONS:
        return html_pdf("meetings/print/actions.html", actions_context(meeting))
    if item.report == M.AgendaItem.ATTENDANCE:
        cols, rows = attendance_record(meeting.municipal_year)
        return html_pdf("meetings/print/attendance.html", {"year": meeting.municipal_year, "columns": cols,
                                                           "rows": rows, "legend": ATT.LEGEND_ROWS})
    if item.report == M.AgendaItem.SCORECARD and item.edition:
        return scorecard_pdf(item.edition, public=public)
    if item.report == M.AgendaItem.VS_REPORT:
        return vs_report_pdf(item, user)
    if item.report == M.AgendaItem.UPLOAD and item.document:
        return bytes(item.document)
    return None


def pdf_pages(data: bytes, name: str = "the paper") -> int:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        n = len(PdfReader(io.BytesIO(data)).pages)
    except (PdfReadError, ValueError, OSError) as exc:
        raise PackError(f"{name} is not a readable PDF ({exc})") from exc
    if n < 1:
        raise PackError(f"{name} has no pages")
    return n


def _stamps(sizes_and_numbers: list[tuple[float, float, str]]) -> bytes:
    """One page per entry, of the given size in points, with the page number printed at the foot."""
    from django.utils.html import escape
    from weasyprint import HTML

    sizes = sorted({(w, h) for w, h, _ in sizes_and_numbers})
    names = {s: f"s{i}" for i, s in enumerate(sizes)}
    css = "".join(f"@page {names[s]} {{ size: {s[0]:.2f}pt {s[1]:.2f}pt; margin: 0 0 9mm 0; "
                  f"@bottom-center {{ content: string(num); font: 10pt Arial, sans-serif; }} }}"
                  f".{names[s]} {{ page: {names[s]}; }}" for s in sizes)
    body = "".join(f'<div class="{names[(w, h)]}" style="break-before: page; string-set: num \'{escape(n)}\'">'
                   f"</div>" for w, h, n in sizes_and_numbers)
    return HTML(string=f"<html><head><style>{css}</style></head><body>{body}</body></html>").write_pdf()


def build_pack(meeting: M.Meeting, *, public: bool, user) -> tuple[bytes, list[tuple[M.AgendaItem, str]]]:
    """The agenda pack as one PDF, in the seed's order, with page numbers that match its agenda; and the agenda
    rows with their page column. The public pack replaces papers not for publication by "Document is
    Restricted"; page numbers are the same in both."""
    from pypdf import PdfReader, PdfWriter

    items = list(meeting.items.select_related("edition").order_by("number"))
    docs: dict[int, bytes] = {}
    for item in items:
        data = item_document(item, public=public and not item.private, user=user)
        if data is not None:
            pdf_pages(data, item.document_name or item.title)
            docs[item.pk] = data
    readers = {k: PdfReader(io.BytesIO(v)) for k, v in docs.items()}
    placed = P.paginate([P.PackDocument(i.pk, len(readers[i.pk].pages), i.private) for i in items if i.pk in docs])
    by_item = {p.key: p for p in placed}
    rows = [(i, P.agenda_page_column(by_item.get(i.pk), restricted=i.private)) for i in items]
    prev = previous_meeting(meeting)
    front = PdfReader(io.BytesIO(html_pdf("meetings/print/front.html", {
        "meeting": meeting, "rows": rows, "council": _council(), "public": public, "prev": prev,
        "voting": M.Member.objects.filter(kind=M.Member.VOTING, active=True),
        "non_voting": M.Member.objects.filter(kind=M.Member.NON_VOTING, active=True)})))
    blank = html_pdf("meetings/print/whole_page.html", {"text": P.BLANK_PAGE_TEXT})
    restricted = html_pdf("meetings/print/whole_page.html", {"text": P.RESTRICTED_TEXT})
    plan = P.page_plan(len(front.pages), placed, public=public)
    writer = PdfWriter()
    stamps = []
    for st in plan:
        if st.source == "front":
            page = front.pages[st.index]
        elif st.source in ("blank", "restricted"):  # a fresh copy each time: stamping must not share a page
            page = PdfReader(io.BytesIO(blank if st.source == "blank" else restricted)).pages[0]
        else:
            page = readers[st.key].pages[st.index]
        added = writer.add_page(page)
        if st.number:
            box = added.mediabox
            label = st.number if st.source == "restricted" else f"Page {st.number}"
            stamps.append((len(writer.pages) - 1, float(box.width), float(box.height), label))
    if stamps:
        overlay = PdfReader(io.BytesIO(_stamps([(w, h, n) for _, w, h, n in stamps])))
        for (index, *_), stamp in zip(stamps, overlay.pages, strict=True):
            writer.pages[index].merge_page(stamp)
    writer.add_metadata({"/Title": f"Corporate Parenting Panel, {meeting.date:%-d %B %Y}: agenda pack"
                         + (" (public)" if public else " (includes papers not for publication)")})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), rows
