"""Home page (headline figures for the council, each with its as-at date), sign-in and error pages."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.shortcuts import render

from cphub import calendar
from cphub.web.core.dates import default_at, requested_date
from cphub.web.core.roles import require


def _as_at(request) -> date:
    at, _ = requested_date(request)
    return at or default_at(settings.CPHUB_LA)


HEADLINE_IDS = ["cla_count", "cla_rate_10k", "entries_ytd", "exits_ytd", "ceyp_count"]


@require("view_headlines")
def home(request):
    from cphub.measures.registry import REGISTRY, compute
    from cphub.web.store.frames import council_data

    at = _as_at(request)
    data = council_data(settings.CPHUB_LA)
    cards = []
    for mid in HEADLINE_IDS:
        if mid not in REGISTRY:
            continue
        m = REGISTRY[mid]
        r = compute(mid, data, at)
        cards.append({"measure": m, "result": r})
    year_start = calendar.year_start_of(at)
    return render(request, "core/home.html", {"cards": cards, "at": at, "year_start": year_start,
                                              "has_data": bool(data["Episodes"].height)})


def accessibility(request):
    return render(request, "core/accessibility.html")


def forbidden(request, exception=None):
    return render(request, "core/error.html", {"title": "You do not have access to this page",
                                               "text": "Your role does not allow this. Ask an administrator if you need access."}, status=403)


def not_found(request, exception=None):
    return render(request, "core/error.html", {"title": "Page not found",
                                               "text": "If you typed the web address, check it is correct."}, status=404)
