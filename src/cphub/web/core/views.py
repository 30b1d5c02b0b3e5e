"""Home page (headline figures for the council, each with its as-at date), sign-in and error pages."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.shortcuts import render

from cphub import calendar
from cphub.web.core.dates import as_at, default_at
from cphub.web.core.roles import require

HEADLINE_IDS = ["cla_count", "cla_rate_10k", "entries_ytd", "exits_ytd", "ceyp_count"]


def headline_figures(la: str, at: date) -> list[tuple[str, object]]:
    """(measure id, MeasureResult) for each headline measure, computed once per data version and date."""
    from cphub.measures.registry import REGISTRY, compute
    from cphub.web.results.services import get_or_compute
    from cphub.web.store.frames import cached_council_data as load_data

    def figures():
        data = load_data(la)
        return [(mid, compute(mid, data, at)) for mid in HEADLINE_IDS if mid in REGISTRY]

    return get_or_compute(la, "home", at, "", figures)


def precompute(la: str) -> None:
    """Store the home page's figures at the default as-at date."""
    headline_figures(la, default_at(la))


@require("view_headlines")
def home(request):
    from cphub.measures.registry import REGISTRY
    from cphub.web.store.currency import data_to_label
    from cphub.web.store.models import SSDA903_MODELS

    la = settings.CPHUB_LA
    at, error = as_at(request, la)
    cards = [{"measure": REGISTRY[mid], "result": r} for mid, r in headline_figures(la, at) if mid in REGISTRY]
    year_start = calendar.year_start_of(at)
    return render(request, "core/home.html", {"cards": cards, "at": at, "year_start": year_start, "error": error,
                                              "error_items": [("at", error)] if error else [],
                                              "data_to": data_to_label(la),
                                              "has_data": SSDA903_MODELS["Episodes"].objects.filter(la=la).exists()},
                  status=400 if error else 200)


def accessibility(request):
    return render(request, "core/accessibility.html")


def forbidden(request, exception=None):
    return render(request, "core/error.html", {"title": "You do not have access to this page",
                                               "text": "Your role does not allow this. Ask an administrator if you need access."}, status=403)


def not_found(request, exception=None):
    return render(request, "core/error.html", {"title": "Page not found",
                                               "text": "If you typed the web address, check it is correct."}, status=404)
