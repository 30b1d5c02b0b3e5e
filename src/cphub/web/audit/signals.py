"""Sign-ins, sign-outs and failed sign-ins go to the audit table (axes keeps its own failure records too)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from cphub.web.audit.record import record


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    if request is not None:
        record(request, "sign_in", "Signed in", user=user)


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if request is not None and user is not None:
        record(request, "sign_out", "Signed out", user=user)


@receiver(user_login_failed)
def _failed(sender, credentials, request=None, **kwargs):
    if request is not None:
        record(request, "sign_in_failed", "Failed sign-in", user=None,
               username=str(credentials.get("username", ""))[:150])
