"""Demo set-up for kinship (called by :mod:`cphub.web.demo_hooks` after the synthetic council is imported):
settings, the default local offer, response templates, sample events with bookings, a few advice requests, and
the kinship register derived from the council's SSDA903 episodes when no ``kinship_arrangements`` were imported.
Every name and address here is invented."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from cphub.web.kinship import models as M
from cphub.web.kinship.views import seed_local_offer

TEMPLATES = [
    ("Acknowledgement and next steps", "Your request to the Virtual School ({reference})",
     "Dear {name},\n\nThank you for contacting the Virtual School. An adviser will look at your question and reply "
     "within the target time. If it is urgent, please phone us.\n\nVirtual School"),
    ("Pupil Premium Plus: how schools claim it", "Pupil Premium Plus ({reference})",
     "Dear {name},\n\nIf the child was in care immediately before the order, tell the school and show them the "
     "order before the January census. The school then receives Pupil Premium Plus for the child.\n\nVirtual School"),
    ("Admissions advice", "School admissions ({reference})",
     "Dear {name},\n\nChildren who left care through a special guardianship or child arrangements order have the "
     "highest priority for school places. Send a copy of the order with your application.\n\nVirtual School"),
]

REQUESTS = [  # (days ago, name, order, topic, year group, status, responded after days, closed after days, outcome)
    (70, "Pat Example", "sgo", "admissions", "6", "closed", 2, 9, "advice_given"),
    (52, "Sam Sample", "cao", "send", "3", "closed", 4, 20, "school_contacted"),
    (35, "Alex Demo", "sgo", "pp_plus", "9", "closed", 1, 3, "advice_given"),
    (21, "Jo Placeholder", "adoption", "exclusions", "10", "awaiting_information", 3, None, ""),
    (9, "Chris Invented", "sgo", "attendance", "R", "in_progress", 2, None, ""),
    (8, "Lee Fictional", "other", "transitions", "6", "new", None, None, ""),
    (1, "Morgan Madeup", "cao", "other", "11", "new", None, None, ""),
]


@transaction.atomic
def setup_demo(la: str, folder: Path) -> None:
    M.KinshipSettings.objects.get_or_create(la=la, defaults={
        "target_days_first_response": 5, "contact_email": "virtual.school@example.gov.uk",
        "virtual_school_name": "Demo Council Virtual School (synthetic)", "contact_phone": "01632 960 000",
        "contact_hours": "Monday to Friday, 9am to 5pm",
        "private_fostering_contact": "the children's services front door, 01632 960 001 (fictional demo number)"})
    seed_local_offer(la)
    if not M.ResponseTemplate.objects.filter(la=la).exists():
        for title, subject, body in TEMPLATES:
            M.ResponseTemplate.objects.create(la=la, title=title, subject=subject, body=body)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    if not M.Event.objects.filter(la=la).exists():
        past = M.Event.objects.create(la=la, title="Understanding Pupil Premium Plus", kind="webinar",
                                      starts=now - timedelta(days=20), duration_minutes=60, location="Online",
                                      description="How schools use Pupil Premium Plus.", capacity=30)
        for i, (name, places, came) in enumerate([("Ann Example", 1, True), ("Bob Example", 2, True),
                                                  ("Cat Example", 1, False)]):
            M.Booking.objects.create(event=past, name=name, email=f"carer{i}@example.com", places=places, attended=came)
        soon = M.Event.objects.create(la=la, title="Supporting children in kinship care at school", kind="workshop",
                                      starts=now + timedelta(days=14), duration_minutes=90,
                                      location="Council offices, Example Street", capacity=12,
                                      description="For kinship carers of primary-age children.")
        M.Booking.objects.create(event=soon, name="Dee Example", email="carer9@example.com", places=2)
        M.Event.objects.create(la=la, title="Kinship coffee morning", kind="coffee", starts=now + timedelta(days=30),
                               duration_minutes=120, location="Family hub, Sample Road", capacity=20)
        M.Event.objects.create(la=la, title="Moving to secondary school", kind="webinar",
                               starts=now + timedelta(days=45), duration_minutes=60, location="Online", capacity=50)
    if not M.AdviceRequest.objects.filter(la=la).exists():
        for i, (ago, name, order, topic, year, status, resp, closed, outcome) in enumerate(REQUESTS):
            created = now - timedelta(days=ago, hours=i)
            M.AdviceRequest.objects.create(
                la=la, created=created, carer_name=name, email=f"request{i}@example.com", order_type=order,
                school="Example Primary School" if year in ("R", "3", "6") else "Sample Academy", year_group=year,
                topic=topic, question="A synthetic question for the demonstration.", consent=True, status=status,
                outcome=outcome, first_response_at=created + timedelta(days=resp) if resp is not None else None,
                closed_at=created + timedelta(days=closed) if closed is not None else None)
    _register(la)


def _register(la: str) -> None:
    """Fill the kinship register from the SSDA903 episodes if the council has not imported one."""
    from cphub.kinship.register import from_ssda903
    from cphub.web.store.frames import ssda903_table
    from cphub.web.store.models import LOCAL_MODELS, ImportBatch

    model = LOCAL_MODELS["kinship_arrangements"]
    if model.objects.filter(la=la).exists():
        return
    rows = from_ssda903(ssda903_table(la, "Episodes"), ssda903_table(la, "Header"))
    if rows.is_empty():
        return
    batch = ImportBatch.objects.create(la=la, kind="local", source="demo", status="done",
                                       counts={"kinship_arrangements": rows.height},
                                       message="Kinship register derived from the SSDA903 episodes (demo)")
    model.objects.bulk_create([model(la=la, batch=batch, **{k.lower(): v for k, v in r.items()})
                               for r in rows.iter_rows(named=True)])
