"""Home page (headline figures for the council, each with its as-at date), sign-in and error pages."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

from cphub import calendar
from cphub.web.core.dates import as_at
from cphub.web.core.roles import require

HEADLINE_IDS = ["cla_count", "cla_rate_10k", "entries_ytd", "exits_ytd", "ceyp_count"]


@require("view_headlines")
def home(request):
    from cphub.measures.registry import REGISTRY, compute
    from cphub.web.store.currency import data_to_label
    from cphub.web.store.frames import council_data

    at, error = as_at(request, settings.CPHUB_LA)
    data = council_data(settings.CPHUB_LA)
    cards = []
    for mid in HEADLINE_IDS:
        if mid not in REGISTRY:
            continue
        m = REGISTRY[mid]
        r = compute(mid, data, at)
        cards.append({"measure": m, "result": r})
    year_start = calendar.year_start_of(at)
    return render(request, "core/home.html", {"cards": cards, "at": at, "year_start": year_start, "error": error,
                                              "error_items": [("at", error)] if error else [],
                                              "data_to": data_to_label(settings.CPHUB_LA),
                                              "has_data": bool(data["Episodes"].height)},
                  status=400 if error else 200)


def accessibility(request):
    return render(request, "core/accessibility.html")


def forbidden(request, exception=None):
    return render(request, "core/error.html", {"title": "You do not have access to this page",
                                               "text": "Your role does not allow this. Ask an administrator if you need access."}, status=403)


def not_found(request, exception=None):
    return render(request, "core/error.html", {"title": "Page not found",
                                               "text": "If you typed the web address, check it is correct."}, status=404)
