"""The as-at date a page shows: ``?at=YYYY-MM-DD`` when given, else the latest 31 March with data (or today)."""

from __future__ import annotations

from datetime import date

DATE_HINT = "Enter the date as year-month-day, for example 2024-02-29"


def requested_date(request, name: str = "at") -> tuple[date | None, str | None]:
    """The date in ``?at=`` (GET or POST), or None; with an error message when the text is not a date."""
    raw = (request.GET.get(name) or request.POST.get(name) or "").strip()
    if not raw:
        return None, None
    try:
        return date.fromisoformat(raw), None
    except ValueError:
        return None, DATE_HINT


def as_at(request, la: str, name: str = "at") -> tuple[date, str | None]:
    """The page's as-at date and an error message: the requested date, else the default; a date that is not a
    date, or after the date the data is complete to, gives the error and the default date instead."""
    at, error = requested_date(request, name)
    if at is not None:
        from cphub.web.store.currency import check_at

        error = check_at(la, at)
        if error:
            at = None
    return at or default_at(la), error


def default_at(la: str) -> date:
    """The date the council's SSDA903 data is complete to (:mod:`cphub.currency`); for a store without that
    record, the latest 31 March with SSDA903 data, or today if that is earlier (or there is none)."""
    from cphub.web.store.currency import latest_complete
    from cphub.web.store.models import SSDA903_MODELS

    done = latest_complete(la)
    if done is not None:
        return done

    latest = (SSDA903_MODELS["Episodes"].objects.filter(la=la).order_by("-year")
              .values_list("year", flat=True).first())
    today = date.today()
    return min(today, date(latest, 3, 31)) if latest else today
