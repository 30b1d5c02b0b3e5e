"""Every change a signed-in user makes (a successful POST: targets, commentary, local offer, settings, imports,
users...) is audited here once, by the URL's name; views that record a more specific event set
``request.audited``. Form values are not copied into the audit (they may hold personal data)."""

from __future__ import annotations

from cphub.web.audit.record import record

SKIP = {"login", "logout"}


class AuditChangesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (request.method in ("POST", "PUT", "PATCH", "DELETE") and response.status_code < 400
                and getattr(request, "user", None) is not None and request.user.is_authenticated
                and not getattr(request, "audited", False)):
            match = getattr(request, "resolver_match", None)
            name = match.view_name if match else ""
            if name not in SKIP:
                record(request, "change", name or request.path[:200], kwargs=dict(match.kwargs) if match else {})
        return response
