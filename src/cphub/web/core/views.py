"""Home page (headline figures for the council, each with its as-at date), sign-in and error pages."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.shortcuts import render

from cphub import calendar
from cphub.web.core.dates import DateError, as_at, default_at
from cphub.web.core.roles import PANEL, can, require, roles_of


def full_figures(user) -> bool:
    """Unsuppressed figures: every role but a panel member; a panel member only with an administrator's grant."""
    from cphub.web.accounts.models import has_grant

    return not (PANEL in roles_of(user) and not can(user, "view_child_level")) or has_grant(user, "full_pack")


def withheld_headline(result, unit: str) -> bool:
    """A headline the public pack would withhold: a count, or a rate's numerator, of 1 to threshold - 1."""
    from cphub.panel.suppress import small

    t = settings.CPHUB_SUPPRESSION_THRESHOLD
    count = result.value if unit == "count" else result.numerator
    return count is not None and small(int(count), t)


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
    withhold = not full_figures(request.user)  # panel members: small counts withheld, as in the public pack
    cards = [{"measure": REGISTRY[mid], "result": r,
              "withheld": withhold and withheld_headline(r, REGISTRY[mid].unit)}
             for mid, r in headline_figures(la, at) if mid in REGISTRY]
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


def bad_request(request, exception=None):
    text = str(exception) if isinstance(exception, DateError) else "The address or the form had something the Hub " \
        "could not use. Go back and check what you entered."
    return render(request, "core/error.html", {"title": "There is a problem with the request", "text": text},
                  status=400)


def csrf_failure(request, reason=""):
    return render(request, "core/error.html", {
        "title": "Your form could not be sent",
        "text": "The page had expired or your browser did not send its security token. Go back, reload the page "
                "and try again."}, status=403)


def server_error(request):
    """The 500 page: rendered without the database or the request context (they may be what failed)."""
    from django.http import HttpResponseServerError
    from django.template.loader import get_template

    return HttpResponseServerError(get_template("500.html").render({}))


def healthz(request):
    """For the container's health check and the proxy: the app answers and reaches its database."""
    from django.db import connection
    from django.http import HttpResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
