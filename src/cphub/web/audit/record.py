"""Writing audit events: :func:`record` from views (with the children seen), and the client address."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from django.conf import settings

MAX_CHILDREN = 100_000


def client_ip(request) -> str | None:
    """The client's address: the socket's, or with ``CPHUB_PROXY_HOPS`` = n behind n trusted proxies, the n-th
    address from the right of X-Forwarded-For (the one our own proxy saw)."""
    addr = request.META.get("REMOTE_ADDR") or None
    hops = getattr(settings, "CPHUB_PROXY_HOPS", 0)
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            addr = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(addr)) if addr else None
    except ValueError:
        return None


def record(request, action: str, what: str, children: Iterable[str] = (), *, user=None, username: str | None = None,
           **detail) -> None:
    """Append one audit event for this request: who (the signed-in user), when, what, which children, from where."""
    from cphub.web.audit.models import AuditEvent

    kids = sorted({str(c) for c in children if c is not None})[:MAX_CHILDREN]
    u = user if user is not None else getattr(request, "user", None)
    if u is not None and not getattr(u, "is_authenticated", False):
        u = None
    AuditEvent.objects.create(
        user=u, username=username if username is not None else (u.get_username() if u else ""),
        action=action, what=what[:200], path=request.get_full_path()[:500] if request is not None else "",
        children=("," + ",".join(kids) + ",") if kids else "", child_count=len(kids),
        ip=client_ip(request) if request is not None else None, la=settings.CPHUB_LA, detail=detail)
