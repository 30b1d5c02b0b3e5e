"""Kinship pages. Public (no sign-in): the checker (one question per page, answers in the session only), the advice
request form and event booking. Staff: the Virtual School's request queue, reports and register
(``kinship_queue``); settings, local offer, response templates and events (``kinship_admin``)."""

from __future__ import annotations

import re
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cphub.kinship import answers as A
from cphub.kinship.entitlements import CHECK, NO, NOW, Context, check, default_local_offer, grouped, national
from cphub.kinship.plain import DUTIES, EVERYDAY, checker_summary
from cphub.web.core.roles import can, require
from cphub.web.kinship import forms as F
from cphub.web.kinship import models as M
from cphub.web.kinship.notify import get_sender

SESSION_KEY = "kinship_answers"
PUBLIC_POSTS_PER_HOUR = 10


def _la() -> str:
    return settings.CPHUB_LA


def _answers(request) -> dict:
    data = request.session.get(SESSION_KEY)
    return dict(data) if isinstance(data, dict) else {}


def _save_answers(request, data: dict) -> None:
    request.session[SESSION_KEY] = A.relevant(data)
    if not request.user.is_authenticated:
        request.session.set_expiry(0)  # the carer's answers go when the browser closes


def _rate_limited(request, bucket: str) -> bool:
    """At most PUBLIC_POSTS_PER_HOUR successful public submissions per address per hour."""
    ip = request.META.get("REMOTE_ADDR", "?")
    key = f"kinship-rate:{bucket}:{ip}"
    return cache.get(key, 0) >= PUBLIC_POSTS_PER_HOUR


def _count_submission(request, bucket: str) -> None:
    ip = request.META.get("REMOTE_ADDR", "?")
    key = f"kinship-rate:{bucket}:{ip}"
    cache.add(key, 0, 3600)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, 3600)


# ---------------------------------------------------------------- public checker

def start(request):
    return render(request, "kinship/start.html", {"first": A.FIELDS[0].name,
                                                  "has_answers": bool(_answers(request))})


def _value_error(f: A.Field) -> str:
    if f.kind == "int":
        if f.name == "child_age":
            return "Enter the child's age as a whole number, like 7"
        return "Enter the number of days as a whole number, like 30"
    return {"relationship": "Select who the child is living with",
            "order": "Select whether a court has made an order, and which"}.get(
        f.name, "Select " + {"bool": "yes or no", "tribool": "yes, no or I'm not sure"}.get(f.kind, "an answer"))


def _coerce(f: A.Field, raw: str | None):
    """The posted string -> the answers value, or raise ValueError with the GOV.UK error message."""
    raw = (raw or "").strip()
    if f.kind == "int":
        if not re.fullmatch(r"[0-9]{1,5}", raw):
            raise ValueError(_value_error(f))
        if not f.minimum <= int(raw) <= f.maximum:
            raise ValueError(f"Enter an age from {f.minimum} to {f.maximum}" if f.name == "child_age"
                             else f"Enter a number of days from {f.minimum} to {f.maximum}")
        return int(raw)
    if raw not in (f.choices or {}):
        raise ValueError(_value_error(f))
    if f.kind == "bool":
        return raw == "yes"
    if f.kind == "tribool":
        return {"yes": True, "no": False, "not_sure": None}[raw]
    return raw


def _as_choice(f: A.Field, value) -> str:
    if f.kind in ("bool", "tribool"):
        return {True: "yes", False: "no", None: "not_sure"}.get(value, "")
    return "" if value is None else str(value)


def _previous(data: dict, name: str) -> str:
    names = [f.name for f in A.applicable(data)]
    if name in names and names.index(name) > 0:
        return reverse("kinship:question", args=[names[names.index(name) - 1]])
    return reverse("kinship:start")


def question(request, name: str):
    f = A.FIELD_BY_NAME.get(name)
    if f is None:
        raise Http404
    data = _answers(request)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if f not in A.applicable(data) or (name not in data and A.next_question(data) is not f):
        nxt = A.next_question(data)
        return redirect("kinship:question", nxt.name) if nxt else redirect("kinship:check_answers")
    error, value = None, _as_choice(f, data.get(name)) if name in data else ""
    if request.method == "POST":
        raw = request.POST.get("answer")
        try:
            data[name] = _coerce(f, raw)
        except ValueError as exc:
            error, value = str(exc), (raw or "")[:20]
        else:
            _save_answers(request, data)
            data = _answers(request)
            nxt = A.next_question(data)
            if nxt is None:
                return redirect("kinship:check_answers")
            return redirect("kinship:question", nxt.name)
    return render(request, "kinship/question.html", {
        "field": f, "value": value, "error": error, "back": _previous(data, name),
        "choices": list((f.choices or {}).items())}, status=400 if error else 200)


def check_answers(request):
    data = _answers(request)
    nxt = A.next_question(data)
    if nxt is not None:
        return redirect("kinship:question", nxt.name)
    rows = [{"field": f, "value": A.display(f, data[f.name]),
             "href": reverse("kinship:question", args=[f.name])} for f in A.applicable(data)]
    back = reverse("kinship:question", args=[A.applicable(data)[-1].name])
    return render(request, "kinship/check_answers.html", {"rows": rows, "back": back})


def local_offer(la: str):
    items = list(M.LocalOfferItem.objects.filter(la=la))
    if not items:
        return default_local_offer()
    return [i.as_entitlement() for i in items if i.active]


def results(request):
    data = _answers(request)
    try:
        parsed = A.parse(data)
    except A.AnswersError:
        nxt = A.next_question(data)
        return redirect("kinship:question", nxt.name) if nxt else redirect("kinship:start")
    s = M.KinshipSettings.for_la(_la())
    kinship, res = check(parsed, national() + local_offer(_la()), Context(allowance_pathfinder=s.allowance_pathfinder))
    g = grouped(res)
    title, meaning = EVERYDAY.get(kinship.type, (kinship.label, ""))
    return render(request, "kinship/results.html", {
        "kinship": kinship, "now": g[NOW], "check": g[CHECK], "no": g[NO], "settings": s,
        "everyday_title": title, "everyday_meaning": meaning, "duties": DUTIES.get(kinship.type, ()),
        "can_ask": any(r.entitlement.id == "vs_advice" and r.status != NO for r in res)})


@require_POST
def restart(request):
    request.session.pop(SESSION_KEY, None)
    return redirect("kinship:start")


# ---------------------------------------------------------------- advice request (public)

def _order_from_answers(data: dict) -> str | None:
    return data.get("order") if data.get("order") in ("sgo", "cao", "adoption") else None


def ask(request):
    data = _answers(request)
    if request.method == "POST":
        if _rate_limited(request, "ask"):
            return render(request, "kinship/error.html", {
                "title": "Too many requests", "status": 429,
                "text": "You have sent several requests in the last hour. Please try again later, or contact the "
                        "Virtual School with the details below.",
                "settings": M.KinshipSettings.for_la(_la())}, status=429)
        form = F.AdviceRequestForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                req = form.save(commit=False)
                req.la = _la()
                if data:
                    req.checker = checker_summary(data)
                    req.kinship_type = req.checker.get("type", "")
                req.save()
            _count_submission(request, "ask")
            _acknowledge(req)
            request.session["kinship_request_ref"] = req.reference
            return redirect("kinship:ask_sent")
        status = 400
    else:
        form = F.AdviceRequestForm(initial={"order_type": _order_from_answers(data)})
        status = 200
    return render(request, "kinship/ask.html", {"form": form, "settings": M.KinshipSettings.for_la(_la())},
                  status=status)


def _acknowledge(req: M.AdviceRequest) -> None:
    s = M.KinshipSettings.for_la(req.la)
    body = (f"Dear {req.carer_name},\n\nThank you for asking the Virtual School for advice. Your reference is "
            f"{req.reference}. We aim to reply within {s.target_days_first_response} days.\n\nVirtual School")
    try:
        get_sender().send(req.email, f"We have your request ({req.reference})", body)
    except Exception:
        M.RequestNote.objects.create(request=req, kind="change", text="The acknowledgement email could not be sent.")


def ask_sent(request):
    ref = request.session.get("kinship_request_ref")
    if not ref:
        return redirect("kinship:ask")
    return render(request, "kinship/ask_sent.html", {"reference": ref,
                                                     "settings": M.KinshipSettings.for_la(_la())})


# ---------------------------------------------------------------- events (public booking)

def events(request):
    upcoming = M.Event.objects.filter(la=_la(), published=True, starts__gte=timezone.now()).prefetch_related("bookings")
    return render(request, "kinship/events.html", {"events": upcoming})


def book(request, pk: int):
    event = get_object_or_404(M.Event, pk=pk, la=_la(), published=True, starts__gte=timezone.now())
    if request.method == "POST":
        if _rate_limited(request, "book"):
            return render(request, "kinship/error.html", {"title": "Too many bookings",
                                                          "text": "Please try again later."}, status=429)
        form = F.BookingForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                locked = M.Event.objects.select_for_update().get(pk=event.pk)
                if form.cleaned_data["places"] > locked.places_left:
                    form.add_error("places", f"There are only {locked.places_left} places left"
                                   if locked.places_left else "This event is full")
                else:
                    booking = form.save(commit=False)
                    booking.event = locked
                    booking.save()
                    _count_submission(request, "book")
                    try:
                        get_sender().send(booking.email, f"Your place: {event.title}",
                                          f"Dear {booking.name},\n\nYou have booked {booking.places} place(s) at "
                                          f"{event.title} on {timezone.localtime(event.starts):%-d %B %Y at %H:%M}, "
                                          f"{event.location}. Your reference is {booking.reference}.")
                    except Exception:
                        pass
                    request.session["kinship_booking_ref"] = booking.reference
                    return redirect("kinship:booked")
        status = 400
    else:
        form, status = F.BookingForm(), 200
    return render(request, "kinship/book.html", {"event": event, "form": form}, status=status)


def booked(request):
    ref = request.session.get("kinship_booking_ref")
    booking = M.Booking.objects.filter(reference=ref).select_related("event").first() if ref else None
    if booking is None:
        return redirect("kinship:events")
    return render(request, "kinship/booked.html", {"booking": booking})


# ---------------------------------------------------------------- Virtual School queue (staff)

@require("kinship_queue")
def queue(request):
    s = M.KinshipSettings.for_la(_la())
    qs = M.AdviceRequest.objects.filter(la=_la()).select_related("assigned_to")
    status = request.GET.get("status", "open")
    if status == "open":
        qs = qs.exclude(status="closed")
    elif status in dict(M.STATUSES):
        qs = qs.filter(status=status)
    if request.GET.get("mine") == "1":
        qs = qs.filter(assigned_to=request.user)
    now = timezone.now()
    rows = [{"r": r, "overdue": r.is_overdue(s.target_days_first_response, now),
             "due": r.due(s.target_days_first_response)} for r in qs]
    if request.GET.get("overdue") == "1":
        rows = [x for x in rows if x["overdue"]]
    return render(request, "kinship/queue.html", {
        "rows": rows, "status": status, "statuses": M.STATUSES, "settings": s,
        "mine": request.GET.get("mine") == "1", "only_overdue": request.GET.get("overdue") == "1",
        "overdue_count": sum(x["overdue"] for x in rows)})


@require("kinship_queue")
def request_detail(request, reference: str):
    req = get_object_or_404(M.AdviceRequest.objects.select_related("assigned_to"), la=_la(), reference=reference)
    s = M.KinshipSettings.for_la(_la())
    update = F.RequestUpdateForm(instance=req)
    note = F.NoteForm()
    templates = M.ResponseTemplate.objects.filter(la=_la())
    tid = request.GET.get("template", "")
    chosen = templates.filter(pk=int(tid)).first() if re.fullmatch(r"[0-9]{1,9}", tid) else None
    subject, body = chosen.render(req) if chosen else (f"Your request to the Virtual School ({req.reference})", "")
    respond = F.RespondForm(initial={"subject": subject, "body": body})
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "update":
            before = {k: getattr(req, k) for k in ("assigned_to_id", "status", "outcome")}
            update = F.RequestUpdateForm(request.POST, instance=req)
            if update.is_valid():
                req = update.save(commit=False)
                if req.status == "closed" and req.closed_at is None:
                    req.closed_at = timezone.now()
                elif req.status != "closed":
                    req.closed_at = None
                req.save()
                changed = [k.replace("_id", "").replace("_", " ") for k, v in before.items() if getattr(req, k) != v]
                if changed:
                    text = f"Changed {', '.join(changed)}: status {req.get_status_display()}"
                    if req.assigned_to:
                        text += f", assigned to {req.assigned_to.get_username()}"
                    if req.outcome:
                        text += f", outcome {req.get_outcome_display()}"
                    M.RequestNote.objects.create(request=req, author=request.user, kind="change", text=text)
                messages.success(request, "Request updated")
                return redirect("kinship:request", req.reference)
            status = 400
        elif action == "note":
            note = F.NoteForm(request.POST)
            if note.is_valid():
                M.RequestNote.objects.create(request=req, author=request.user, text=note.cleaned_data["text"])
                messages.success(request, "Note added")
                return redirect("kinship:request", req.reference)
            status = 400
        elif action == "respond":
            respond = F.RespondForm(request.POST)
            if respond.is_valid():
                try:
                    get_sender().send(req.email, respond.cleaned_data["subject"], respond.cleaned_data["body"])
                except Exception as exc:
                    respond.add_error(None, f"The email could not be sent ({type(exc).__name__}). "
                                            "Nothing was recorded.")
                    status = 502
                else:
                    now = timezone.now()
                    if req.first_response_at is None:
                        req.first_response_at = now
                    if req.status == "new":
                        req.status = "in_progress"
                    req.save()
                    subject, body = respond.cleaned_data["subject"], respond.cleaned_data["body"]
                    M.RequestNote.objects.create(request=req, author=request.user, kind="email",
                                                 text=f"Subject: {subject}\n\n{body}")
                    messages.success(request, f"Email sent to {req.email}")
                    return redirect("kinship:request", req.reference)
            else:
                status = 400
        else:
            status = 400
    return render(request, "kinship/request.html", {
        "req": req, "update": update, "note": note, "respond": respond, "templates": templates, "chosen": chosen,
        "overdue": req.is_overdue(s.target_days_first_response), "due": req.due(s.target_days_first_response),
        "notes": req.notes.select_related("author")}, status=status)


@require("kinship_queue")
def reports(request):
    from cphub.kinship.reports import summarise

    rows = list(M.AdviceRequest.objects.filter(la=_la()).values(
        "created", "first_response_at", "closed_at", "order_type", "topic"))
    summary = summarise(rows)
    orders, topics = dict(M.ORDER_TYPES), dict(M.TOPICS)
    return render(request, "kinship/reports.html", {
        "s": summary, "target": M.KinshipSettings.for_la(_la()).target_days_first_response,
        "by_order": [(orders.get(k, k), n) for k, n in summary.by_order_type],
        "by_topic": [(topics.get(k, k), n) for k, n in summary.by_topic],
        "by_both": [(orders.get(o, o), topics.get(t, t), n) for o, t, n in summary.by_order_and_topic]})


@require("kinship_queue")
def register(request):
    from cphub.kinship.register import summarise as summarise_register
    from cphub.web.store.frames import local_table

    at_raw = request.GET.get("at", "")
    try:
        at = datetime.strptime(at_raw, "%Y-%m-%d").date() if at_raw else timezone.localdate()
    except ValueError:
        at = timezone.localdate()
    from cphub.virtual_school.measures import current_places
    from cphub.web.virtual_school.data import vs_data

    summary = summarise_register(local_table(_la(), "kinship_arrangements"), at, current_places(vs_data(_la()), at))
    chosen = request.GET.get("type", "")
    children = summary.children.filter(summary.children["KINSHIP_TYPE"] == chosen).to_dicts() if chosen else []
    labels = {code: label for code, label, _, _ in summary.by_type}
    return render(request, "kinship/register.html", {"s": summary, "at": at, "children": children,
                                                     "chosen": chosen, "chosen_label": labels.get(chosen, ""),
                                                     "can_import": can(request.user, "import_data")})


# ---------------------------------------------------------------- administration (kinship_admin)

@require("kinship_admin")
def admin_settings(request):
    obj = M.KinshipSettings.for_la(_la())
    form = F.SettingsForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved")
        return redirect("kinship:settings")
    return render(request, "kinship/admin_settings.html", {"form": form}, status=400 if form.errors else 200)


def seed_local_offer(la: str) -> None:
    """Copy the default local offer into the council's editable records, once."""
    if M.LocalOfferItem.objects.filter(la=la).exists():
        return
    for i, e in enumerate(default_local_offer()):
        M.LocalOfferItem.objects.create(la=la, slug=e.id, name=e.name, rule=e.rule, gives=e.gives, how=e.how,
                                        source=e.source, date=e.date, position=i)


@require("kinship_admin")
def offer_list(request):
    seed_local_offer(_la())
    return render(request, "kinship/offer_list.html", {"items": M.LocalOfferItem.objects.filter(la=_la())})


@require("kinship_admin")
def offer_edit(request, pk: int | None = None):
    item = get_object_or_404(M.LocalOfferItem, pk=pk, la=_la()) if pk else M.LocalOfferItem(la=_la())
    if request.method == "POST" and request.POST.get("action") == "delete" and pk:
        item.delete()
        messages.success(request, "Removed from the local offer")
        return redirect("kinship:offer")
    form = F.LocalOfferForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.la = _la()
        if M.LocalOfferItem.objects.filter(la=_la(), slug=obj.slug).exclude(pk=obj.pk).exists():
            form.add_error("slug", "Another item already uses this identifier")
        else:
            obj.save()
            messages.success(request, "Local offer saved")
            return redirect("kinship:offer")
    return render(request, "kinship/edit.html", {"form": form, "title": "Local offer item",
                                                 "back": reverse("kinship:offer"), "can_delete": bool(pk)},
                  status=400 if form.errors else 200)


@require("kinship_admin")
def template_list(request):
    return render(request, "kinship/template_list.html", {"items": M.ResponseTemplate.objects.filter(la=_la())})


@require("kinship_admin")
def template_edit(request, pk: int | None = None):
    item = get_object_or_404(M.ResponseTemplate, pk=pk, la=_la()) if pk else M.ResponseTemplate(la=_la())
    if request.method == "POST" and request.POST.get("action") == "delete" and pk:
        item.delete()
        return redirect("kinship:templates")
    form = F.TemplateForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.la = _la()
        obj.save()
        messages.success(request, "Response template saved")
        return redirect("kinship:templates")
    return render(request, "kinship/edit.html", {"form": form, "title": "Response template",
                                                 "back": reverse("kinship:templates"), "can_delete": bool(pk)},
                  status=400 if form.errors else 200)


@require("kinship_admin")
def event_list(request):
    items = M.Event.objects.filter(la=_la()).prefetch_related("bookings").order_by("-starts")
    return render(request, "kinship/event_list.html", {"items": items})


@require("kinship_admin")
def event_edit(request, pk: int | None = None):
    item = get_object_or_404(M.Event, pk=pk, la=_la()) if pk else M.Event(la=_la())
    form = F.EventForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.la = _la()
        obj.save()
        messages.success(request, "Event saved")
        return redirect("kinship:manage_events")
    return render(request, "kinship/edit.html", {"form": form, "title": "Event",
                                                 "back": reverse("kinship:manage_events"),
                                                 "can_delete": False}, status=400 if form.errors else 200)


@require("kinship_admin")
def event_bookings(request, pk: int):
    event = get_object_or_404(M.Event, pk=pk, la=_la())
    if request.method == "POST":
        attended = set(request.POST.getlist("attended"))
        for b in event.bookings.all():
            b.attended = b.reference in attended
            b.save(update_fields=["attended"])
        messages.success(request, "Attendance saved")
        return redirect("kinship:event_bookings", event.pk)
    return render(request, "kinship/event_bookings.html", {"event": event, "bookings": event.bookings.all()})

