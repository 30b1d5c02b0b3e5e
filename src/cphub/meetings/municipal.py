"""Municipal years and minute numbering.

A council's municipal year runs from its annual meeting in May to the next (Local Government Act 1972, Sch. 12
para. 1): the seed pack's "Members' Attendance Record 2023/2024" runs from July 2023 to April 2024. Minutes are
numbered continuously through a municipal year: the seed's 16 January 2024 minutes run 33 to 42 after the
earlier meetings of 2023/24, and numbering starts again at 1 in the next year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

MUNICIPAL_YEAR_START_MONTH = 5  # May: the annual meeting of the council


@dataclass(frozen=True)
class MunicipalYear:
    start: date  # first day
    end: date  # last day

    @property
    def label(self) -> str:
        """'2023/24', as councils write it."""
        return f"{self.start.year}/{str(self.end.year)[-2:]}"

    def __contains__(self, d: date) -> bool:
        return self.start <= d <= self.end


def municipal_year(d: date, start_month: int = MUNICIPAL_YEAR_START_MONTH) -> MunicipalYear:
    """The municipal year containing ``d`` (1 May to 30 April by default)."""
    first = d.year if d.month >= start_month else d.year - 1
    start = date(first, start_month, 1)
    end = date(first + 1, start_month, 1) - timedelta(days=1)
    return MunicipalYear(start, end)


def first_minute_number(items_in_earlier_meetings: list[int]) -> int:
    """The number of a meeting's first minute: one after every minute of the earlier meetings of the same
    municipal year (``items_in_earlier_meetings`` = how many minutes each earlier meeting had)."""
    if any(n < 0 for n in items_in_earlier_meetings):
        raise ValueError("a meeting cannot have a negative number of minutes")
    return 1 + sum(items_in_earlier_meetings)


def minute_numbers(items_per_meeting: list[int]) -> list[list[int]]:
    """The minute numbers of each meeting of one municipal year, in date order: ``[3, 2] -> [[1, 2, 3], [4, 5]]``."""
    out, start = [], 1
    for n in items_per_meeting:
        if n < 0:
            raise ValueError("a meeting cannot have a negative number of minutes")
        out.append(list(range(start, start + n)))
        start += n
    return out
