"""Pages for the panel's business. Democratic services officers (``manage_meetings``) run meetings, minutes,
actions and the pack; panel members and analysts read (``view_panel_business``); papers not for publication
need ``view_private_papers``; the public sees only public packs and approved minutes at ``/panel/public/``."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cphub.meetings import attendance as ATT
from cphub.meetings import complaints as C
from cphub.meetings import kinship_strategy as KS
from cphub.meetings import lga
from cphub.meetings import schedule as S
from cphub.web.core.roles import can, require
from cphub.web.meetings import forms as F
from cphub.web.meetings import models as M
from cphub.web.meetings import services as svc
from cphub.web.meetings.reminders import send_due_reminders


def _form_page(request, form, title: str, back: str, *, upload: bool = False, intro: str = "", status: int = 200):
    return render(request, "meetings/form.html", {"form": form, "title": title, "back": back, "upload": upload,
                                                  "intro": intro}, status=status)


def _invalid(form) -> int:
    return 400 if form.is_bound and form.errors else 200


# ------------------------------------------------------------------------------------------------ index

@require("view_panel_business")
def index(request):
    today = timezone.localdate()
    meetings = list(M.Meeting.objects.select_related("municipal_year").annotate(n_items=Count("items")))
    open_actions = [a for a in M.Action.objects.select_related("meeting") if a.status not in ("done", "dropped")]
    return render(request, "meetings/index.html", {
        "upcoming": [m for m in meetings if m.date >= today], "past": [m for m in meetings if m.date < today][::-1],
        "years": M.MunicipalYear.objects.all(), "can_manage": can(request.user, "manage_meetings"),
        "open_actions": len(open_actions), "overdue": sum(svc.overdue(a, today) for a in open_actions),
        "unanswered": M.VoiceFeedback.objects.filter(response="").count()})


def public_index(request):
    """No sign-in: meetings with their public pack and, once approved, their minutes."""
    today = timezone.localdate()
    meetings = M.Meeting.objects.order_by("-date").select_related("minutes")
    rows = [{"meeting": m, "published": svc.pack_published(m, today),
             "approved": hasattr(m, "minutes") and m.minutes.locked} for m in meetings]
    return render(request, "meetings/public.html", {"rows": [r for r in rows if r["published"] or r["approved"]]})


def public_pack(request, pk):
    meeting = get_object_or_404(M.Meeting, pk=pk)
    if not svc.pack_published(meeting, timezone.localdate()):
        raise Http404("This agenda pack has not been published yet.")
    return _pack_response(request, meeting, public=True)


def public_minutes(request, pk):
    meeting = get_object_or_404(M.Meeting, pk=pk)
    mins = M.Minutes.objects.filter(meeting=meeting, status=M.Minutes.APPROVED).first()
    if mins is None:
        raise Http404("These minutes are not approved yet.")
    return render(request, "meetings/minutes.html", {**svc.minutes_context(mins, public=True), "public_page": True})


# ------------------------------------------------------------------------------------------------ members

@require("view_panel_business")
def members(request):
    return render(request, "meetings/members.html", {"members": M.Member.objects.select_related("substitute_for"),
                                                     "can_manage": can(request.user, "manage_meetings")})


@require("manage_meetings")
def member_edit(request, pk=None):
    member = get_object_or_404(M.Member, pk=pk) if pk else None
    form = F.MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Member saved")
        return redirect("meetings:members")
    return _form_page(request, form, "Edit member" if member else "Add a member", reverse("meetings:members"),
                      status=_invalid(form))


# ------------------------------------------------------------------------------------------------ meetings

@require("manage_meetings")
def meeting_new(request):
    form = F.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = svc.create_meeting(**form.cleaned_data)
        messages.success(request, "Meeting created with its standing items")
        return redirect("meetings:meeting", pk=meeting.pk)
    return _form_page(request, form, "Create a meeting", reverse("meetings:index"), status=_invalid(form))


@require("view_panel_business")
def meeting(request, pk):
    m = get_object_or_404(M.Meeting.objects.select_related("municipal_year"), pk=pk)
    today = timezone.localdate()
    private_ok = can(request.user, "view_private_papers")
    carried = svc.carried_actions(m)
    return render(request, "meetings/meeting.html", {
        "meeting": m, "items": m.items.select_related("edition"), "declarations": m.declarations.select_related("member", "item"),
        "attendance": m.attendance.select_related("member", "substitute").order_by("-member__kind", "member__surname"),
        "raised": [(a, svc.overdue(a, today)) for a in m.actions.all()],
        "carried": [(a, svc.overdue(a, today)) for a in carried],
        "minutes": M.Minutes.objects.filter(meeting=m).first(), "can_manage": can(request.user, "manage_meetings"),
        "private_ok": private_ok, "scheduled": m.scheduled_reports.all(), "previous": svc.previous_meeting(m),
        "next": svc.next_meeting(m)})


@require("manage_meetings")
def item_edit(request, pk, item=None):
    m = get_object_or_404(M.Meeting, pk=pk)
    instance = get_object_or_404(M.AgendaItem, pk=item, meeting=m) if item else M.AgendaItem(meeting=m)
    initial = {} if item else {"number": svc.next_item_number(m)}
    form = F.AgendaItemForm(request.POST or None, request.FILES or None, instance=instance, meeting=m, initial=initial)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        upload = form.cleaned_data.get("upload")
        if upload:
            obj.document = upload.read()
            obj.document_name = upload.name[:200]
            try:
                svc.pdf_pages(bytes(obj.document), obj.document_name)
            except svc.PackError as exc:
                form.add_error("upload", f"The file could not be read as a PDF: {exc}")
                return _form_page(request, form, "Add an agenda item", reverse("meetings:meeting", args=[m.pk]),
                                  upload=True, status=400)
        obj.meeting = m
        obj.save()
        messages.success(request, f"Item {obj.number} saved")
        return redirect("meetings:meeting", pk=m.pk)
    return _form_page(request, form, "Edit agenda item" if item else "Add an agenda item",
                      reverse("meetings:meeting", args=[m.pk]), upload=True, status=_invalid(form))


@require("manage_meetings")
def declaration_new(request, pk):
    m = get_object_or_404(M.Meeting, pk=pk)
    form = F.DeclarationForm(request.POST or None, meeting=m)
    if request.method == "POST" and form.is_valid():
        d = form.save(commit=False)
        d.meeting = m
        d.save()
        messages.success(request, "Declaration recorded")
        return redirect("meetings:meeting", pk=m.pk)
    return _form_page(request, form, "Record a declaration of interest", reverse("meetings:meeting", args=[m.pk]),
                      status=_invalid(form))


@require("manage_meetings")
def attendance(request, pk):
    m = get_object_or_404(M.Meeting, pk=pk)
    form = F.attendance_form(m, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for name, code in form.cleaned_data.items():
                member_id = int(name[1:])
                if code:
                    M.Attendance.objects.update_or_create(meeting=m, member_id=member_id, defaults={"code": code})
                else:
                    M.Attendance.objects.filter(meeting=m, member_id=member_id).delete()
        messages.success(request, "Attendance saved")
        return redirect("meetings:meeting", pk=m.pk)
    return _form_page(request, form, f"Attendance: {m}", reverse("meetings:meeting", args=[m.pk]),
                      intro="P = present for whole meeting, P* = present for part of meeting, Ap = apologies given, "
                            "Ab = absent, no apologies.", status=_invalid(form))


def _pack_response(request, meeting, *, public: bool):
    try:
        pdf, _ = svc.build_pack(meeting, public=public, user=request.user)
    except svc.PackError as exc:
        return render(request, "meetings/pack_error.html", {"meeting": meeting, "error": str(exc)}, status=422)
    resp = HttpResponse(pdf, content_type="application/pdf")
    kind = "public" if public else "private"
    resp["Content-Disposition"] = f'attachment; filename="cpp-{meeting.date:%Y-%m-%d}-agenda-pack-{kind}.pdf"'
    return resp


@require("view_panel_business")
def pack(request, pk, version):
    m = get_object_or_404(M.Meeting, pk=pk)
    if version not in ("public", "private"):
        raise Http404("No such pack")
    if version == "private" and not can(request.user, "view_private_papers"):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Your role does not allow papers not for publication.")
    return _pack_response(request, m, public=version == "public")


# ------------------------------------------------------------------------------------------------ minutes

@require("view_panel_business")
def minutes(request, pk):
    m = get_object_or_404(M.Meeting, pk=pk)
    mins = M.Minutes.objects.filter(meeting=m).first()
    if mins is None:
        if not can(request.user, "manage_meetings"):
            raise Http404("No minutes yet")
        return render(request, "meetings/minutes_none.html", {"meeting": m})
    public = not can(request.user, "view_private_papers")  # Part 2 minutes only for those who may read them
    return render(request, "meetings/minutes.html", {**svc.minutes_context(mins, public=public),
                                                     "can_manage": can(request.user, "manage_meetings"),
                                                     "versions": mins.versions.select_related("saved_by")})


@require("manage_meetings")
@require_POST
def minutes_draft(request, pk):
    m = get_object_or_404(M.Meeting, pk=pk)
    svc.draft_minutes(m, request.user)
    messages.success(request, "Minutes drafted from the agenda")
    return redirect("meetings:minutes_edit", pk=m.pk)


@require("manage_meetings")
def minutes_edit(request, pk):
    m = get_object_or_404(M.Meeting, pk=pk)
    mins = get_object_or_404(M.Minutes, meeting=m)
    if mins.locked:
        messages.error(request, "These minutes were approved and are locked.")
        return redirect("meetings:minutes", pk=m.pk)
    items = list(mins.items.all())
    head = F.MinutesHeadForm(request.POST or None, instance=mins, prefix="head")
    forms_ = [F.MinuteItemForm(request.POST or None, instance=i, prefix=f"i{i.pk}") for i in items]
    if request.method == "POST" and head.is_valid() and all(f.is_valid() for f in forms_):
        with transaction.atomic():
            head.save()
            for f in forms_:
                f.save()
            svc.record_version(mins, request.user, "edited")
        messages.success(request, "Minutes saved")
        return redirect("meetings:minutes", pk=m.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "meetings/minutes_edit.html", {"meeting": m, "head": head,
                                                          "pairs": list(zip(items, forms_, strict=True))}, status=status)


@require("manage_meetings")
def minutes_approve(request, pk):
    m = get_object_or_404(M.Meeting, pk=pk)
    mins = get_object_or_404(M.Minutes, meeting=m)
    if mins.locked:
        messages.error(request, "These minutes are already approved.")
        return redirect("meetings:minutes", pk=m.pk)
    nxt = svc.next_meeting(m)
    form = F.ApproveForm(request.POST or None, meeting=m, initial={"at": nxt.pk if nxt else None})
    if request.method == "POST" and form.is_valid():
        svc.approve_minutes(mins, form.cleaned_data["at"], request.user)
        messages.success(request, "Minutes agreed as a correct record and locked")
        return redirect("meetings:minutes", pk=m.pk)
    return _form_page(request, form, "Approve the minutes", reverse("meetings:minutes", args=[m.pk]),
                      intro="Once approved, the minutes are locked; every earlier version is kept.",
                      status=_invalid(form))


# ------------------------------------------------------------------------------------------------ actions

@require("manage_meetings")
def action_new(request, pk):
    m = get_object_or_404(M.Meeting, pk=pk)
    form = F.ActionForm(request.POST or None, initial={"question": request.GET.get("question", ""),
                                                        "commitment": request.GET.get("commitment", "")})
    if request.method == "POST" and form.is_valid():
        a = form.save(commit=False)
        a.meeting = m
        a.save()
        M.ActionUpdate.objects.create(action=a, status=a.status, text="Action recorded", by=request.user,
                                      by_name=request.user.username)
        messages.success(request, "Action recorded")
        return redirect("meetings:meeting", pk=m.pk)
    return _form_page(request, form, f"Record an action arising: {m}", reverse("meetings:meeting", args=[m.pk]),
                      status=_invalid(form))


@require("view_panel_business")
def actions(request):
    today = timezone.localdate()
    show = request.GET.get("show", "open")
    qs = M.Action.objects.select_related("meeting")
    if show == "open":
        qs = qs.exclude(status__in=["done", "dropped"])
    rows = [(a, svc.overdue(a, today)) for a in qs]
    return render(request, "meetings/actions.html", {"rows": rows, "show": show})


@require("view_panel_business")
def action(request, pk):
    a = get_object_or_404(M.Action.objects.select_related("meeting"), pk=pk)
    form = F.ActionUpdateForm(request.POST or None, initial={"status": a.status})
    if request.method == "POST":
        if not can(request.user, "manage_meetings"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied("Your role does not allow this (manage_meetings).")
        if form.is_valid():
            svc.update_action(a, form.cleaned_data["status"], form.cleaned_data["text"], request.user)
            messages.success(request, "Update recorded")
            return redirect("meetings:action", pk=a.pk)
    return render(request, "meetings/action.html", {"action": a, "form": form, "overdue": svc.overdue(a),
                                                    "can_manage": can(request.user, "manage_meetings")},
                  status=_invalid(form))


# ------------------------------------------------------------------------------------------------ attendance record

@require("view_panel_business")
def attendance_record(request, pk):
    year = get_object_or_404(M.MunicipalYear, pk=pk)
    cols, rows = svc.attendance_record(year)
    return render(request, "meetings/attendance_record.html", {"year": year, "columns": cols, "rows": rows,
                                                               "legend": ATT.LEGEND_ROWS})


# ------------------------------------------------------------------------------------------------ schedule

@require("view_panel_business")
def schedule(request):
    today = timezone.localdate()
    rows = [(r, S.paper_deadline(r.meeting.date)) for r in M.ScheduledReport.objects.select_related("meeting")]
    return render(request, "meetings/schedule.html", {"rows": rows, "today": today, "types": S.REPORT_TYPES,
                                                      "can_manage": can(request.user, "manage_meetings")})


@require("manage_meetings")
def schedule_edit(request, pk=None):
    obj = get_object_or_404(M.ScheduledReport, pk=pk) if pk else None
    form = F.ScheduledReportForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        r = form.save(commit=False)
        r.municipal_year = r.meeting.municipal_year
        r.save()
        messages.success(request, "Schedule saved")
        return redirect("meetings:schedule")
    return _form_page(request, form, "Schedule a report", reverse("meetings:schedule"), status=_invalid(form))


@require("manage_meetings")
def schedule_remind(request):
    if request.method != "POST":  # the button posts; a GET just shows the schedule
        return redirect("meetings:schedule")
    sent = send_due_reminders()
    messages.success(request, f"{len(sent)} reminder{'s' if len(sent) != 1 else ''} sent")
    return redirect("meetings:schedule")


# ------------------------------------------------------------------------------------------------ assurance

@require("view_panel_business")
def assurance(request):
    from cphub.measures.registry import REGISTRY

    latest = {}
    for j in M.AssuranceJudgement.objects.all():
        latest.setdefault(j.question, j)
    evidence = dict(M.AssuranceEvidence.objects.values_list("question").annotate(n=Count("id")))
    open_actions = dict(M.Action.objects.exclude(question="").exclude(status__in=["done", "dropped"])
                        .values_list("question").annotate(n=Count("id")))
    rows = [{"q": q, "measures": [REGISTRY[m] for m in q.measures if m in REGISTRY], "latest": latest.get(q.id),
             "evidence": evidence.get(q.id, 0), "actions": open_actions.get(q.id, 0)} for q in lga.QUESTIONS]
    return render(request, "meetings/assurance.html", {"rows": rows, "source": lga.SOURCE, "rag": lga.RAG})


@require("view_panel_business")
def assurance_question(request, qid):
    from cphub.measures.registry import REGISTRY

    q = lga.BY_ID.get(qid)
    if q is None:
        raise Http404("No such question")
    manage = can(request.user, "manage_meetings")
    jform = F.JudgementForm(request.POST if request.POST.get("form") == "judgement" else None, prefix="j",
                            initial={"on": timezone.localdate(), "author": request.user.get_username()})
    eform = F.EvidenceForm(request.POST if request.POST.get("form") == "evidence" else None, prefix="e",
                           initial={"received": timezone.localdate()})
    eform.fields["item"].queryset = M.AgendaItem.objects.select_related("meeting").order_by("-meeting__date", "number")
    if request.method == "POST":
        if not manage:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied("Your role does not allow this (manage_meetings).")
        form = jform if request.POST.get("form") == "judgement" else eform
        if form.is_valid():
            obj = form.save(commit=False)
            obj.question = q.id
            obj.save()
            messages.success(request, "Saved")
            return redirect("meetings:question", qid=q.id)
    status = 400 if request.method == "POST" else 200
    return render(request, "meetings/question.html", {
        "q": q, "measures": [REGISTRY[m] for m in q.measures if m in REGISTRY],
        "judgements": M.AssuranceJudgement.objects.filter(question=q.id),
        "evidence": M.AssuranceEvidence.objects.filter(question=q.id).select_related("item__meeting"),
        "actions": M.Action.objects.filter(question=q.id).select_related("meeting"),
        "jform": jform, "eform": eform, "can_manage": manage,
        "latest_meeting": M.Meeting.objects.order_by("-date").first()}, status=status)


@require("view_panel_business")
def kinship_strategy(request):
    latest = {}
    for a in M.KinshipAssessment.objects.all():
        latest.setdefault(a.commitment, a)
    acts = {}
    for a in M.Action.objects.exclude(commitment="").select_related("meeting"):
        acts.setdefault(a.commitment, []).append(a)
    pillars = [(p, [{"c": c, "latest": latest.get(c.id), "actions": acts.get(c.id, [])}
                    for c in KS.COMMITMENTS if c.pillar == p]) for p in KS.PILLARS]
    return render(request, "meetings/kinship_strategy.html", {"pillars": pillars, "source": KS.SOURCE})


@require("view_panel_business")
def kinship_commitment(request, cid):
    c = KS.BY_ID.get(cid)
    if c is None:
        raise Http404("No such commitment")
    form = F.KinshipAssessmentForm(request.POST or None, initial={"on": timezone.localdate(),
                                                                  "author": request.user.get_username()})
    if request.method == "POST":
        if not can(request.user, "manage_meetings"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied("Your role does not allow this (manage_meetings).")
        if form.is_valid():
            obj = form.save(commit=False)
            obj.commitment = c.id
            obj.save()
            messages.success(request, "Assessment saved")
            return redirect("meetings:kinship_strategy")
    return render(request, "meetings/commitment.html", {
        "c": c, "form": form, "history": M.KinshipAssessment.objects.filter(commitment=c.id),
        "actions": M.Action.objects.filter(commitment=c.id).select_related("meeting"),
        "can_manage": can(request.user, "manage_meetings"),
        "latest_meeting": M.Meeting.objects.order_by("-date").first()}, status=_invalid(form))


# ------------------------------------------------------------------------------------------------ voice, complaints

@require("view_panel_business")
def voice(request):
    qs = M.VoiceFeedback.objects.all()
    return render(request, "meetings/voice.html", {"waiting": qs.filter(response=""), "answered": qs.exclude(response=""),
                                                   "can_manage": can(request.user, "manage_meetings")})


@require("manage_meetings")
def voice_edit(request, pk=None):
    obj = get_object_or_404(M.VoiceFeedback, pk=pk) if pk else None
    form = F.VoiceForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved")
        return redirect("meetings:voice")
    return _form_page(request, form, "You said, we did" if obj else "Record feedback from children and young people",
                      reverse("meetings:voice"), status=_invalid(form))


@require("view_panel_business")
def complaints(request):
    from django.conf import settings

    t = settings.CPHUB_SUPPRESSION_THRESHOLD
    qs = list(M.Complaint.objects.all())
    tables = C.summary([c.facts() for c in qs], t)
    learning = [c.learning for c in qs if c.learning.strip()]
    return render(request, "meetings/complaints.html", {
        "tables": [(k, [(r.label, r.shown(t)) for r in rows]) for k, rows in tables.items()], "learning": learning,
        "threshold": t, "can_manage": can(request.user, "manage_meetings"),
        "records": qs if can(request.user, "manage_meetings") else []})


@require("manage_meetings")
def complaint_edit(request, pk=None):
    obj = get_object_or_404(M.Complaint, pk=pk) if pk else None
    form = F.ComplaintForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Complaint saved")
        return redirect("meetings:complaints")
    return _form_page(request, form, "Record a complaint", reverse("meetings:complaints"), status=_invalid(form))


__all__ = ["Q"]
