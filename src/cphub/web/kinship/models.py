"""Kinship app data: council settings, the editable local offer, advice and information requests (the Virtual
School's queue) with notes and response templates, and events with bookings. The public checker stores nothing
here; a request is stored only when a carer submits the request form with consent."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from cphub.kinship.entitlements import Entitlement, entitlement_from

YEAR_GROUPS = [("nursery", "Nursery or early years"), ("R", "Reception")] + [
    (str(i), f"Year {i}") for i in range(1, 14)] + [("none", "Not in school or college")]
ORDER_TYPES = [("sgo", "Special guardianship order"), ("cao", "Child arrangements order ('lives with')"),
               ("adoption", "Adoption order"), ("other", "Other, or I'm not sure")]
TOPICS = [("admissions", "School admissions"), ("attendance", "Attendance"), ("send", "SEND or EHC plan"),
          ("exclusions", "Exclusions or suspensions"), ("pp_plus", "Pupil Premium Plus"),
          ("transitions", "Moving school or phase (transitions)"), ("other", "Something else")]
STATUSES = [("new", "New"), ("in_progress", "In progress"), ("awaiting_information", "Awaiting information"),
            ("closed", "Closed")]
OUTCOMES = [("", "Not recorded"), ("advice_given", "Advice and information given"),
            ("signposted", "Signposted to another service"),
            ("school_contacted", "Virtual School contacted the school"),
            ("referred", "Referred to another council team"), ("out_of_scope", "Outside the Virtual School's remit"),
            ("no_reply", "Carer did not reply")]


def _reference(prefix: str) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return prefix + "".join(secrets.choice(alphabet) for _ in range(6))


class KinshipSettings(models.Model):
    """Per-council settings the Virtual School's administrators edit."""

    la = models.CharField(max_length=3, unique=True)
    target_days_first_response = models.PositiveSmallIntegerField(
        default=5, help_text="Target number of days from a request to the first response")
    allowance_pathfinder = models.BooleanField(
        default=False, help_text="The council takes part in the kinship allowance pathfinder")
    contact_email = models.EmailField(blank=True, help_text="The Virtual School's email, shown to carers")
    virtual_school_name = models.CharField(
        max_length=120, blank=True, default="",
        help_text="The Virtual School's name as carers know it, e.g. 'Anyshire Virtual School' (shown on public pages "
                  "and the annual report)")
    contact_phone = models.CharField(max_length=30, blank=True,
                                     help_text="Phone number shown to carers (blank: none shown)")
    contact_hours = models.CharField(max_length=120, blank=True,
                                     help_text="When the phone is answered, e.g. 'Monday to Friday, 9am to 5pm'")
    private_fostering_contact = models.CharField(
        max_length=200, blank=True,
        help_text="Who to tell about a private fostering arrangement (team and phone or email); "
                  "blank: the contact above")

    @property
    def school_name(self) -> str:
        return self.virtual_school_name or "Virtual School"

    @classmethod
    def for_la(cls, la: str) -> KinshipSettings:
        """The council's settings, or unsaved defaults (public pages never write)."""
        return cls.objects.filter(la=la).first() or cls(la=la)


class LocalOfferItem(models.Model):
    """One record of the council's local offer, in the same shape as the national entitlements."""

    la = models.CharField(max_length=3, db_index=True)
    slug = models.SlugField(max_length=40)
    name = models.CharField(max_length=120)
    rule = models.JSONField(help_text="Who qualifies, in the rule language (see docs/kinship.md)")
    gives = models.TextField(max_length=1000)
    how = models.TextField(max_length=1000)
    source = models.CharField(max_length=300)
    date = models.CharField(max_length=20)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]
        unique_together = [("la", "slug")]

    def as_entitlement(self) -> Entitlement:
        return entitlement_from({"id": self.slug, "name": self.name, "rule": self.rule, "gives": self.gives,
                                 "how": self.how, "source": self.source, "date": self.date}, scope="local")


class AdviceRequest(models.Model):
    """A kinship carer's request for advice and information from the Virtual School."""

    la = models.CharField(max_length=3, db_index=True)
    reference = models.CharField(max_length=12, unique=True)
    created = models.DateTimeField(default=timezone.now)
    carer_name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=20, blank=True)
    order_type = models.CharField(max_length=12, choices=ORDER_TYPES)
    kinship_type = models.CharField(max_length=20, blank=True, help_text="From the checker, if the carer used it")
    checker = models.JSONField(default=dict, blank=True,
                               help_text="The checker's answers that decide entitlements (type, clause, previously "
                                         "looked after, age, EHC plan), if the carer used it")
    school = models.CharField(max_length=120)
    year_group = models.CharField(max_length=8, choices=YEAR_GROUPS)
    topic = models.CharField(max_length=12, choices=TOPICS)
    question = models.TextField(max_length=2000)
    consent = models.BooleanField(default=False)
    status = models.CharField(max_length=24, choices=STATUSES, default="new")
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="kinship_requests")
    outcome = models.CharField(max_length=20, choices=OUTCOMES, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def save(self, *args, **kwargs):
        if not self.reference:
            ref = _reference("KIN-")
            while AdviceRequest.objects.filter(reference=ref).exists():
                ref = _reference("KIN-")
            self.reference = ref
        super().save(*args, **kwargs)

    def due(self, target_days: int):
        return self.created + timedelta(days=target_days)

    def is_overdue(self, target_days: int, now=None) -> bool:
        """No first response yet and the target time has passed (the council's setting)."""
        if self.first_response_at is not None or self.status == "closed":
            return False
        return (now or timezone.now()) > self.due(target_days)


class RequestNote(models.Model):
    """A note on a request, or a record of an email sent to the carer."""

    KINDS = [("note", "Note"), ("email", "Email to carer"), ("change", "Change")]
    request = models.ForeignKey(AdviceRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=8, choices=KINDS, default="note")
    text = models.TextField(max_length=5000)

    class Meta:
        ordering = ["created", "id"]


class ResponseTemplate(models.Model):
    """A reusable reply; ``{name}`` and ``{reference}`` are filled in."""

    la = models.CharField(max_length=3, db_index=True)
    title = models.CharField(max_length=100)
    subject = models.CharField(max_length=150)
    body = models.TextField(max_length=5000)

    class Meta:
        ordering = ["title"]

    def render(self, request: AdviceRequest) -> tuple[str, str]:
        values = {"name": request.carer_name, "reference": request.reference}
        return (self.subject.replace("{reference}", values["reference"]).replace("{name}", values["name"]),
                self.body.replace("{reference}", values["reference"]).replace("{name}", values["name"]))


class Event(models.Model):
    """A workshop or webinar for kinship carers."""

    KINDS = [("workshop", "Workshop"), ("webinar", "Webinar"), ("coffee", "Coffee morning")]
    la = models.CharField(max_length=3, db_index=True)
    title = models.CharField(max_length=150)
    kind = models.CharField(max_length=10, choices=KINDS, default="workshop")
    starts = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    location = models.CharField(max_length=200, help_text="Address, or 'Online' for a webinar")
    description = models.TextField(max_length=2000, blank=True)
    capacity = models.PositiveSmallIntegerField(default=20)
    published = models.BooleanField(default=True)

    class Meta:
        ordering = ["starts"]

    @property
    def booked(self) -> int:
        return sum(b.places for b in self.bookings.all())

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.booked, 0)

    @property
    def attended(self) -> int:
        return sum(b.places for b in self.bookings.all() if b.attended)


class Booking(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="bookings")
    reference = models.CharField(max_length=12, unique=True)
    created = models.DateTimeField(default=timezone.now)
    name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254)
    places = models.PositiveSmallIntegerField(default=1)
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["created"]

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = _reference("BK-")
        super().save(*args, **kwargs)
