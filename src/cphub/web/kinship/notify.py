"""Emails to carers through a pluggable sender: Django's email backend (the console in development) by default,
or GOV.UK Notify when ``CPHUB_NOTIFY_API_KEY`` and ``CPHUB_NOTIFY_TEMPLATE_ID`` are set (the template takes
``subject`` and ``body`` personalisation; needs the optional ``notifications-python-client`` package). Set
``CPHUB_KINSHIP_SENDER`` to a dotted path to use another class with a ``send(to, subject, body)`` method."""

from __future__ import annotations

import os
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string


class Sender(Protocol):
    def send(self, to: str, subject: str, body: str) -> None: ...


class DjangoEmailSender:
    def send(self, to: str, subject: str, body: str) -> None:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


class NotifySender:
    def __init__(self, api_key: str, template_id: str):
        from notifications_python_client.notifications import NotificationsAPIClient  # optional dependency

        self.client = NotificationsAPIClient(api_key)
        self.template_id = template_id

    def send(self, to: str, subject: str, body: str) -> None:
        self.client.send_email_notification(email_address=to, template_id=self.template_id,
                                            personalisation={"subject": subject, "body": body})


def get_sender() -> Sender:
    dotted = os.environ.get("CPHUB_KINSHIP_SENDER")
    if dotted:
        return import_string(dotted)()
    key, template = os.environ.get("CPHUB_NOTIFY_API_KEY"), os.environ.get("CPHUB_NOTIFY_TEMPLATE_ID")
    if key and template:
        return NotifySender(key, template)
    return DjangoEmailSender()
