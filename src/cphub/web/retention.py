"""Data lifecycle: what the Hub keeps, for how long (``settings.CPHUB_RETENTION_DAYS``, days per kind), and the
purge that removes older records. ``cphub purge`` runs it by hand; the django-q2 worker runs it daily (the
schedule is created by a migration of the audit app). Each purge is itself audited (counts only)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone


def _cutoff(kind: str, now: datetime) -> datetime:
    return now - timedelta(days=settings.CPHUB_RETENTION_DAYS[kind])


def purge(now: datetime | None = None) -> dict[str, int]:
    """Delete what is older than its retention period; returns how many of each kind went."""
    from axes.models import AccessAttempt, AccessFailureLog
    from django.contrib.sessions.models import Session

    from cphub.web.audit.models import AuditEvent, purge_before
    from cphub.web.kinship.models import AdviceRequest, Booking
    from cphub.web.store.jobs import purge_uploads
    from cphub.web.store.models import ImportBatch

    now = now or timezone.now()
    out: dict[str, int] = {}
    out["kinship_requests"] = AdviceRequest.objects.filter(
        closed_at__lt=_cutoff("kinship_requests", now)).delete()[0]
    out["bookings"] = Booking.objects.filter(event__starts__lt=_cutoff("bookings", now)).delete()[0]
    out["uploads"] = purge_uploads(settings.CPHUB_RETENTION_DAYS["uploads"])
    old = ImportBatch.objects.filter(created__lt=_cutoff("import_findings", now)).exclude(findings=[])
    out["import_findings"] = old.update(findings=[])
    out["sessions"] = Session.objects.filter(expire_date__lt=_cutoff("sessions", now)).delete()[0]
    failed = _cutoff("failed_sign_ins", now)
    out["failed_sign_ins"] = (AccessFailureLog.objects.filter(attempt_time__lt=failed).delete()[0]
                              + AccessAttempt.objects.filter(attempt_time__lt=failed).delete()[0])
    out["audit"] = purge_before(_cutoff("audit", now))
    AuditEvent.objects.create(action="purge", what="Retention purge", la=settings.CPHUB_LA, detail=out)
    return out


def purge_task() -> str:
    """The scheduled job (django-q2)."""
    return ", ".join(f"{k} {v}" for k, v in purge().items())
