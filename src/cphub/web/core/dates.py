"""The as-at date a page shows: ``?at=YYYY-MM-DD`` when given, else the latest 31 March with data (or today).

One parser for every date a user types in a query (:func:`parse_date`): ISO year-month-day within
:data:`EARLIEST`..:data:`LATEST` (dates outside that range are not meaningful for children's services data and
break date arithmetic), so ``?at=0001-01-01`` or ``?at=9999-12-31`` is a 400 with a GOV.UK error page, never a
500 (issue 9 item 11)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import BadRequest

DATE_HINT = "Enter the date as year-month-day, for example 2024-02-29"
EARLIEST = date(1990, 1, 1)
LATEST = date(2099, 12, 31)
RANGE_HINT = f"Enter a date between {EARLIEST:%-d %B %Y} and {LATEST:%-d %B %Y}"


class DateError(BadRequest):
    """A date in the query string that is not a date, or is out of range: answered with a 400 page."""


def parse_date(raw: str) -> tuple[date | None, str | None]:
    """``raw`` as a date (None when blank), with an error message when it is not a date or out of range."""
    raw = (raw or "").strip()
    if not raw:
        return None, None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return None, DATE_HINT
    if not EARLIEST <= day <= LATEST:
        return None, RANGE_HINT
    return day, None


def requested_date(request, name: str = "at") -> tuple[date | None, str | None]:
    """The date in ``?at=`` (GET or POST), or None; with an error message when the text is not a date."""
    return parse_date(request.GET.get(name) or request.POST.get(name) or "")


def required_valid_date(request, name: str = "at") -> date | None:
    """The date in ``?at=`` or None when absent; raises :class:`DateError` (a 400 page) when it is not valid."""
    day, error = requested_date(request, name)
    if error:
        raise DateError(error)
    return day


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
