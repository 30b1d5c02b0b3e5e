"""The audit trail for administrators: search (who, what, action, child, dates) and export as CSV (formula-safe).
No other role reads it (capability ``view_audit``)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from cphub.exports import rows_csv
from cphub.web.audit.forms import AuditSearchForm
from cphub.web.audit.models import AuditEvent
from cphub.web.audit.record import record
from cphub.web.core.roles import require

PAGE = 100
EXPORT_LIMIT = 100_000
HEADER = ["When", "User", "Action", "What", "Address requested", "Children", "Child ids", "From (IP)", "Council"]


def _filtered(request):
    form = AuditSearchForm(request.GET or None)
    q = AuditEvent.objects.all()
    if form.is_bound and form.is_valid():
        q = form.filter(q)
    return form, q


@require("view_audit")
def search(request):
    form, q = _filtered(request)
    page = Paginator(q, PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/search.html", {"form": form, "page": page, "query": query.urlencode(),
                                                 "total": page.paginator.count},
                  status=400 if form.is_bound and form.errors else 200)


@require("view_audit")
def export_csv(request):
    form, q = _filtered(request)
    if form.is_bound and form.errors:
        return search(request)
    rows = ((e.when.isoformat(), e.username, e.get_action_display(), e.what, e.path, e.child_count,
             " ".join(e.child_list), e.ip or "", e.la) for e in q[:EXPORT_LIMIT].iterator())
    body = rows_csv(HEADER, rows)
    record(request, "export", "Audit trail CSV", filters=request.GET.dict())
    resp = HttpResponse(body, content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = 'attachment; filename="audit.csv"'
    return resp
