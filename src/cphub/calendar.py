"""The Hub's one calendar: collection years, ages, birthdays, month arithmetic and the scorecard's dates.

Every date or age rule of the code base is written here once, in the forms its callers need (Python ``date``,
Polars expression, and the synthetic generator's day numbers, i.e. ``date.toordinal()``):

- **Collection year** (SSDA903, CIN census): named by the year it ends; 1 April 2024 to 31 March 2025 is 2025.
- **Age on a date**: whole years; a child is N on their Nth birthday.
- **Birthdays**: a child born on 29 February has their birthday on 1 March in a non-leap year (the DfE
  convention, used by the SSDA903 validation rules and by law for coming of age), so they turn 16 on 1 March.
  Age and birthday agree: ``age_at(dob, birthday(dob, n)) == n`` and the day before it is ``n - 1``.
- **Months**: moving by whole months keeps the day, clamped to the month's last day (31 March - 1 month =
  28/29 February); a rolling window of N months ending on a date starts the day after the date N months earlier.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from datetime import date, timedelta

import polars as pl

# ---------------------------------------------------------------------------------------------- collection years
YEAR_START_MONTH = 4  # the collection year starts on 1 April


def collection_year(at: date) -> int:
    """The collection year (by its ending) containing ``at``: 1 Apr 2024 to 31 Mar 2025 is 2025."""
    return at.year + 1 if at.month >= YEAR_START_MONTH else at.year


def year_start(year: int) -> date:
    """1 April that starts collection year ``year`` (2025 -> 1 April 2024)."""
    return date(year - 1, YEAR_START_MONTH, 1)


def year_end(year: int) -> date:
    """31 March that ends collection year ``year``."""
    return date(year, 3, 31)


def year_start_of(at: date) -> date:
    """1 April of the collection year containing ``at`` (the start of a year-to-date window)."""
    return year_start(collection_year(at))


def is_year_end(at: date) -> bool:
    """True on 31 March, the day SSDA903 returns (and their OC2/OC3 cohorts) are taken."""
    return at.month == 3 and at.day == 31


def latest_return_year(at: date) -> int:
    """The latest collection year ending on or before ``at``."""
    return collection_year(at) if is_year_end(at) else collection_year(at) - 1


def last_ended_year(today: date) -> int:
    """The collection year most recently ended on ``today`` (on 31 March itself that year is still running)."""
    return collection_year(today) - 1


def collection_year_expr(d: pl.Expr) -> pl.Expr:
    """:func:`collection_year` of a date column."""
    return (d.dt.year().cast(pl.Int32) + (d.dt.month() >= YEAR_START_MONTH).cast(pl.Int32)).cast(pl.Int32)


# ---------------------------------------------------------------------------------------------- ages, birthdays
def _ymd(d: date) -> int:
    return d.year * 10_000 + d.month * 100 + d.day


def age_at(dob: date, at: date) -> int:
    """Whole years of age on ``at`` (29 February birthdays turn on 1 March in non-leap years)."""
    return (_ymd(at) - _ymd(dob)) // 10_000


def ymd_expr(d: pl.Expr) -> pl.Expr:
    """A date as the integer yyyymmdd (whole years between two such numbers = their difference // 10,000)."""
    return d.dt.year().cast(pl.Int32) * 10_000 + d.dt.month().cast(pl.Int32) * 100 + d.dt.day().cast(pl.Int32)


def age_expr(dob: pl.Expr | str, at: date | pl.Expr | str) -> pl.Expr:
    """:func:`age_at` as a Polars expression; ``at`` is a date, a date column name or an expression."""
    d = pl.col(dob) if isinstance(dob, str) else dob
    if isinstance(at, date):
        w: pl.Expr = pl.lit(_ymd(at), dtype=pl.Int32)
    else:
        w = ymd_expr(pl.col(at) if isinstance(at, str) else at)
    return ((w - ymd_expr(d)) // 10_000).cast(pl.Int32)


def birthday(dob: date, years: int) -> date:
    """The date a child reaches ``years`` (29 February -> 1 March in non-leap years)."""
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:
        return date(dob.year + years, 3, 1)


def add_years(d: date, years: int) -> date:
    """``d`` moved by whole years, 29 February -> 1 March in a non-leap year (as :func:`birthday`)."""
    return birthday(d, years)


def birthday_expr(dob: pl.Expr | str, years: int) -> pl.Expr:
    """:func:`birthday` as a Polars expression (also any 'N years after' a date, e.g. a 25-year age limit)."""
    d = pl.col(dob) if isinstance(dob, str) else dob
    shifted = d.dt.offset_by(f"{years}y")  # Polars clamps 29 Feb to 28 Feb: moved on to 1 March below
    leap_day = (d.dt.month() == 2) & (d.dt.day() == 29) & (shifted.dt.day() == 28)
    return pl.when(leap_day).then(shifted.dt.offset_by("1d")).otherwise(shifted)


add_years_expr = birthday_expr


# ---------------------------------------------------------------------------------------------- day numbers
def age_at_day(dob: int, day: int) -> int:
    """:func:`age_at` for day numbers (``date.toordinal()``), as the synthetic generator keeps dates."""
    return age_at(date.fromordinal(dob), date.fromordinal(day))


def birthday_day(dob: int, years: int) -> int:
    """:func:`birthday` for day numbers."""
    return birthday(date.fromordinal(dob), years).toordinal()


def collection_year_of_day(day: int) -> int:
    """:func:`collection_year` for a day number."""
    return collection_year(date.fromordinal(day))


# ---------------------------------------------------------------------------------------------- months
def month_end(year: int, month: int) -> date:
    """The last day of the month."""
    return date(year, month, _stdlib_calendar.monthrange(year, month)[1])


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole months (negative: back), clamped to the month's last day (31 Mar - 1 month = 28/29 Feb)."""
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, _stdlib_calendar.monthrange(year, month + 1)[1]))


def minus_months(at: date, months: int) -> date:
    """The same day ``months`` earlier, clamped to the month's last day (31 Mar - 30 months = 30 Sep)."""
    return add_months(at, -months)


def rolling_start(at: date, months: int = 12) -> date:
    """First day of the ``months`` ending on ``at``: 31 Mar 2025 -> 1 Apr 2024."""
    return minus_months(at, months) + timedelta(days=1)


def year_earlier(at: date) -> date:
    """The same day a year earlier (29 February -> 28 February)."""
    return add_months(at, -12)


def trend_dates(at: date, months: int = 12) -> list[date]:
    """Monthly trend points: the last day of each of the ``months - 1`` previous months, then ``at`` itself."""
    points = []
    for back in range(months - 1, 0, -1):
        d = add_months(date(at.year, at.month, 1), -back)
        points.append(month_end(d.year, d.month))
    points.append(at)
    return points


def annual_dates(at: date, years: int = 5) -> list[date]:
    """The trend points of an annual-only figure: the last ``years`` year ends (31 March) on or before ``at``."""
    last = latest_return_year(at)
    return [year_end(y) for y in range(last - years + 1, last + 1)]


# ---------------------------------------------------------------------------------------------- age bands
AGE_BANDS: tuple[tuple[str, int | None], ...] = (
    ("Under 1", 1), ("1 to 4", 5), ("5 to 9", 10), ("10 to 15", 16), ("16 and over", None))
"""DfE's published age bands for children looked after: (label, first age *not* in the band)."""
AGE_BAND_LABELS = [label for label, _ in AGE_BANDS]


def age_band(age: int) -> str:
    """The DfE age band of a whole-years age."""
    return next(label for label, upto in AGE_BANDS if upto is None or age < upto)


def age_band_expr(age: pl.Expr) -> pl.Expr:
    """:func:`age_band` as a Polars expression."""
    *bounded, (last, _) = AGE_BANDS
    expr = pl.lit(last)
    for label, upto in reversed(bounded):
        expr = pl.when(age < upto).then(pl.lit(label)).otherwise(expr)
    return expr


# ---------------------------------------------------------------------------------------------- school years
def academic_year_of(d: date) -> int:
    """The school (academic) year by its ending: 1 September 2024 to 31 August 2025 is 2025."""
    return d.year + 1 if d.month >= 9 else d.year
