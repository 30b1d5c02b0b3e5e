"""The one calendar (cphub.calendar) and every age, birthday and collection-year computation in the code base
agree with it, for random dates of birth including 29 February."""

from datetime import date, timedelta

import polars as pl
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cphub import calendar as cal

DAYS = st.dates(min_value=date(1980, 1, 1), max_value=date(2040, 12, 31))
LEAP_DAYS = st.sampled_from([1980, 1984, 1988, 1992, 1996, 2000, 2004, 2008, 2012, 2016, 2020, 2024]).map(
    lambda y: date(y, 2, 29))
DOBS = st.one_of(DAYS, LEAP_DAYS)
YEARS = st.integers(min_value=0, max_value=30)


def reference_age(dob: date, at: date) -> int:
    """Whole years, written out as the law counts them (29 February birthdays on 1 March in other years)."""
    years = at.year - dob.year
    birthday_this_year = (dob.month, dob.day) if not (dob.month == 2 and dob.day == 29) or \
        (at.year % 4 == 0 and (at.year % 100 != 0 or at.year % 400 == 0)) else (3, 1)
    return years - ((at.month, at.day) < birthday_this_year)


def test_examples():
    assert cal.collection_year(date(2024, 4, 1)) == 2025
    assert cal.collection_year(date(2025, 3, 31)) == 2025
    assert cal.year_start(2025) == date(2024, 4, 1) and cal.year_end(2025) == date(2025, 3, 31)
    assert cal.year_start_of(date(2025, 2, 2)) == date(2024, 4, 1)
    assert cal.latest_return_year(date(2025, 3, 31)) == 2025
    assert cal.latest_return_year(date(2025, 3, 30)) == 2024
    assert cal.birthday(date(2008, 2, 29), 16) == date(2024, 2, 29)
    assert cal.birthday(date(2008, 2, 29), 17) == date(2025, 3, 1)
    assert cal.age_at(date(2008, 2, 29), date(2025, 2, 28)) == 16
    assert cal.age_at(date(2008, 2, 29), date(2025, 3, 1)) == 17
    assert cal.rolling_start(date(2025, 3, 31)) == date(2024, 4, 1)
    assert cal.minus_months(date(2025, 3, 31), 30) == date(2022, 9, 30)
    assert cal.add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert cal.year_earlier(date(2024, 2, 29)) == date(2023, 2, 28)
    assert cal.month_end(2024, 2) == date(2024, 2, 29)
    assert cal.trend_dates(date(2025, 3, 31))[:2] == [date(2024, 4, 30), date(2024, 5, 31)]
    assert cal.academic_year_of(date(2024, 9, 1)) == 2025


@settings(deadline=None)
@given(DOBS, DAYS)
def test_every_age_computation_agrees(dob, at):
    from cphub.ssda903.rules import helpers
    from cphub.synth import model
    from cphub.virtual_school import cohorts
    from cphub.virtual_school import synth as vs_synth

    want = reference_age(dob, at)
    assert cal.age_at(dob, at) == want
    assert cal.age_at_day(dob.toordinal(), at.toordinal()) == want
    assert model.age_at(dob.toordinal(), at.toordinal()) == want
    assert vs_synth._age(dob, at) == want
    df = pl.DataFrame({"DOB": [dob], "AT": [at]})
    got = df.select(
        cal.age_expr(pl.col("DOB"), at).alias("a"), cal.age_expr("DOB", "AT").alias("b"),
        cal.age_expr("DOB", pl.col("AT")).alias("c"), helpers.age_at("DOB", at).alias("d"),
        helpers.age_at(pl.col("DOB"), "AT").alias("e"), cohorts.age_at(pl.col("DOB"), at).alias("f")).row(0)
    assert list(got) == [want] * 6


@settings(deadline=None)
@given(DOBS, YEARS)
def test_every_birthday_computation_agrees(dob, years):
    from cphub.ssda903.rules import helpers
    from cphub.synth import model

    try:
        want = dob.replace(year=dob.year + years)
    except ValueError:  # 29 February in a non-leap year
        want = date(dob.year + years, 3, 1)
    assert cal.birthday(dob, years) == want == cal.add_years(dob, years)
    assert model.bday(dob.toordinal(), years) == want.toordinal() == cal.birthday_day(dob.toordinal(), years)
    got = pl.DataFrame({"DOB": [dob]}).select(
        cal.birthday_expr("DOB", years).alias("a"), helpers.birthday("DOB", years).alias("b"),
        helpers.add_years(pl.col("DOB"), years).alias("c")).row(0)
    assert list(got) == [want] * 3
    # a child is N on their Nth birthday and N - 1 the day before
    assert cal.age_at(dob, want) == years
    if years:
        assert cal.age_at(dob, want - timedelta(days=1)) == years - 1


@settings(deadline=None)
@given(DAYS)
def test_every_collection_year_computation_agrees(d):
    from cphub.panel import scorecard
    from cphub.synth import model

    want = d.year + 1 if d.month >= 4 else d.year
    assert cal.collection_year(d) == want == scorecard.collection_year(d)
    assert model.collection_year(d.toordinal()) == want
    assert pl.DataFrame({"D": [d]}).select(cal.collection_year_expr(pl.col("D"))).item() == want
    assert cal.year_start(want) <= d <= cal.year_end(want)
    assert model.year_start(want) == cal.year_start(want).toordinal()
    assert model.year_end(want) == cal.year_end(want).toordinal()
    from cphub.ssda903.validate import default_year

    assert default_year(d) == cal.last_ended_year(d) == (d.year if d.month > 3 else d.year - 1)


@settings(deadline=None)
@given(DAYS, st.integers(min_value=-150, max_value=150))
def test_months_are_clamped_to_the_month_end(d, months):
    got = cal.add_months(d, months)
    assert (got.year * 12 + got.month) - (d.year * 12 + d.month) == months
    assert got.day == min(d.day, cal.month_end(got.year, got.month).day)
    assert cal.minus_months(d, months) == cal.add_months(d, -months)
    if months > 0:
        assume(d.day <= 28)
        assert cal.add_months(got, -months) == d


@settings(deadline=None)
@given(DAYS, st.integers(min_value=1, max_value=36))
def test_rolling_window_has_the_months_in_it(d, months):
    first = cal.rolling_start(d, months)
    assert first - timedelta(days=1) == cal.minus_months(d, months)
    assert first <= d


@settings(deadline=None)
@given(DAYS, st.integers(min_value=1, max_value=24))
def test_trend_dates_are_month_ends_then_the_date(d, months):
    points = cal.trend_dates(d, months)
    assert len(points) == months and points[-1] == d
    for p in points[:-1]:
        assert p == cal.month_end(p.year, p.month) and p < d
    assert points == sorted(points)


def test_care_leaver_and_virtual_school_birthdays_follow_the_calendar():
    """Polars' ``offset_by("16y")`` puts a 29 February birthday on 28 February; the Hub uses 1 March."""
    df = pl.DataFrame({"DOB": [date(2008, 2, 29)]})
    assert df.select(cal.birthday_expr("DOB", 17)).item() == date(2025, 3, 1)
    assert df.select(pl.col("DOB").dt.offset_by("17y")).item() == date(2025, 2, 28)  # why not offset_by
