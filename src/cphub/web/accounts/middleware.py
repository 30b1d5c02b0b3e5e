"""Idle timeout (30 minutes by default) and two-factor sign-in for roles that see child-level data."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from cphub.web.core.roles import CHILD_LEVEL_ROLES, roles_of

LAST_SEEN = "cphub_last_seen"
RENEW_AFTER_SECONDS = 60  # renew the session's expiry at most once a minute (saves a write per request)


class IdleTimeoutMiddleware:
    """Sign the user out after ``CPHUB_IDLE_MINUTES`` without a request; activity renews the session's expiry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_SEEN)
            if last is not None and now - last > settings.CPHUB_IDLE_MINUTES * 60:
                logout(request)
                messages.info(request, "You were signed out after 30 minutes without activity. Sign in again.")
                return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
            if last is None or now - last > RENEW_AFTER_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


def needs_two_factor(user) -> bool:
    """Roles with child-level data need a second factor; demo accounts are exempt, and only in demo mode."""
    if not user.is_authenticated or not (roles_of(user) & CHILD_LEVEL_ROLES):
        return False
    if settings.CPHUB_DEMO:
        from cphub.web.accounts.models import StaffProfile

        return not StaffProfile.of(user).demo_account
    return True


OPEN_PREFIXES = ("/account/two-factor/", "/sign-out/", "/sign-in/", "/accessibility/", "/healthz")


class TwoFactorRequiredMiddleware:
    """A signed-in user of a child-level role who has not verified a TOTP code this session is sent to enrol or
    verify (django-otp's ``user.is_verified()``); nothing else is served to them until then."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (user.is_authenticated and not user.is_verified() and not request.path.startswith(OPEN_PREFIXES)
                and not request.path.startswith(settings.STATIC_URL) and needs_two_factor(user)):
            return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
