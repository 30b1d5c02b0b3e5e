"""Reminders to report authors when a paper for the panel is due (issue 14 item 6): email through Django's
email backend. Run daily by ``cphub panel reminders`` (cron or a Django-Q2 schedule), or from the schedule page."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from cphub.meetings import schedule as S
from cphub.web.meetings import models as M


def send_due_reminders(today: date | None = None) -> list[M.ScheduledReport]:
    """Email every author whose paper is due soon and not in; record the reminder date. Returns those sent."""
    today = today or timezone.localdate()
    sent = []
    for r in M.ScheduledReport.objects.select_related("meeting").filter(received=False, meeting__date__gte=today):
        if not S.reminder_due(r.meeting.date, today, received=r.received, reminded_on=r.reminded_on):
            continue
        deadline = S.paper_deadline(r.meeting.date)
        send_mail(
            subject=f"Corporate Parenting Panel {r.meeting.date:%-d %B %Y}: your paper is due {deadline:%-d %B %Y}",
            message=(f"Dear {r.author},\n\nThe panel expects '{r.display_title()}' at its meeting on "
                     f"{r.meeting.date:%A %-d %B %Y}. Please send the paper to democratic services by "
                     f"{deadline:%A %-d %B %Y} so it can go in the agenda pack.\n\nDemocratic services"),
            from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[r.author_email])
        r.reminded_on = today
        r.save(update_fields=["reminded_on"])
        sent.append(r)
    return sent
