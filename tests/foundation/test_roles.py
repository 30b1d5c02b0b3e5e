"""Roles are enforced on every view, not only hidden in menus: each protected view without URL arguments is
requested by every role, and the answer must match the capability table in ``cphub.web.core.roles``."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from cphub.web.core.roles import CAPABILITIES, ROLES

pytestmark = pytest.mark.django_db


def _protected_views(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _protected_views(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            cap = getattr(p.callback, "capability", None)
            route = prefix + str(p.pattern)
            if cap and "<" not in route:
                yield "/" + route.lstrip("^").rstrip("$"), cap


PROTECTED = sorted(set(_protected_views()))


def test_there_are_protected_views():
    assert ("/", "view_headlines") in PROTECTED


@pytest.mark.parametrize("role", sorted(ROLES))
def test_each_role_gets_exactly_its_views(role, client_for, demo_store):
    client = client_for(role)
    for url, cap in PROTECTED:
        resp = client.get(url)
        allowed = role in CAPABILITIES[cap]
        if allowed:
            assert resp.status_code in (200, 302), f"{role} should reach {url} ({cap}); got {resp.status_code}"
        else:
            assert resp.status_code == 403, f"{role} must not reach {url} ({cap}); got {resp.status_code}"


def test_anonymous_is_sent_to_sign_in(client):
    for url, _ in PROTECTED:
        resp = client.get(url)
        assert resp.status_code == 302 and "/sign-in/" in resp["Location"], url


def test_user_without_role_is_refused(client_for):
    client = client_for(None)
    for url, _ in PROTECTED:
        assert client.get(url).status_code == 403, url
