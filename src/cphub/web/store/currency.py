"""Data currency from the store: the date each source is complete to (:mod:`cphub.currency` gives the rule)."""

from __future__ import annotations

from datetime import date

from cphub.currency import MAIN_SOURCE, long_date, refuse_message


def currency(la: str) -> dict[str, date]:
    """Source -> the date it is complete to, from its latest collection year (or its only record)."""
    from cphub.web.store.models import SourceCurrency

    out: dict[str, tuple[int, date]] = {}
    for source, year, done in SourceCurrency.objects.filter(la=la, complete_to__isnull=False).values_list(
            "source", "year", "complete_to"):
        if source not in out or year > out[source][0]:
            out[source] = (year, done)
    return {s: d for s, (_, d) in out.items()}


def latest_complete(la: str) -> date | None:
    """The date the council's SSDA903 episodes are complete to: every page's default as-at date."""
    return currency(la).get(MAIN_SOURCE)


def earliest(la: str) -> date | None:
    """1 April of the first collection year stored (the first date any figure can be worked out for)."""
    from cphub.web.store.models import SourceCurrency

    first = (SourceCurrency.objects.filter(la=la, source=MAIN_SOURCE).order_by("year")
             .values_list("year", flat=True).first())
    return date(first - 1, 4, 1) if first else None


def check_at(la: str, at: date) -> str | None:
    """The error for an as-at date after the data ends (or before it begins), else None."""
    latest = latest_complete(la)
    return refuse_message(at, latest, earliest(la)) if latest else None


def data_to_label(la: str) -> str:
    latest = latest_complete(la)
    return f"Data to {long_date(latest)}" if latest else ""
