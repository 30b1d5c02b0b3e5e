"""Building blocks on hand-built histories: periods of care, carer spells, CLA at a date, the 12-month cohort."""

from datetime import date

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from measure_builders import council, ep, hdr

from cphub import calendar as cal
from cphub.measures import episodes as E

AT = date(2025, 3, 31)


def test_age_on_birthday_and_leap_day():
    assert cal.age_at(date(2009, 3, 31), AT) == 16  # turns 16 on the date
    assert cal.age_at(date(2009, 4, 1), AT) == 15
    assert cal.age_at(date(2008, 2, 29), date(2025, 2, 28)) == 16
    assert cal.age_at(date(2008, 2, 29), date(2025, 3, 1)) == 17
    df = pl.DataFrame({"DOB": [date(2009, 3, 31), date(2009, 4, 1), date(2008, 2, 29)]})
    assert df.select(cal.age_expr(pl.col("DOB"), AT).alias("AGE"))["AGE"].to_list() == [16, 15, 17]


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
       st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))
def test_age_expr_matches_scalar(dob, at):
    df = pl.DataFrame({"DOB": [dob]})
    assert df.select(cal.age_expr(pl.col("DOB"), at)).item() == cal.age_at(dob, at)


def test_windows():
    assert cal.collection_year(date(2024, 4, 1)) == 2025
    assert cal.collection_year(date(2025, 3, 31)) == 2025
    assert cal.year_start_of(date(2025, 2, 2)) == date(2024, 4, 1)
    assert cal.rolling_start(AT) == date(2024, 4, 1)
    assert cal.minus_months(AT, 30) == date(2022, 9, 30)
    assert cal.minus_months(date(2024, 2, 29), 12) == date(2023, 2, 28)


def test_episode_ending_on_the_date_is_not_looked_after():
    data = council(Episodes=[ep("A", "2024-01-01", "2025-03-31", rec="E4A")], Header=[hdr("A", "2015-01-01")])
    assert E.cla_at(data, AT).height == 0
    assert E.cla_at(data, date(2025, 3, 30))["CHILD"].to_list() == ["A"]


def test_x1_chain_is_one_period_and_continues_through_the_date():
    data = council(Episodes=[
        ep("B", "2024-01-01", "2025-03-31", rec="X1"),
        ep("B", "2025-03-31", rne="P", place="U6"),
    ], Header=[hdr("B", "2015-01-01")])
    cla = E.cla_at(data, AT)
    assert cla["CHILD"].to_list() == ["B"]
    assert cla["PLACE"].to_list() == ["U6"]  # the episode starting on the date is current
    p = E.periods(data)
    assert p.height == 1 and p["PERIOD_START"][0] == date(2024, 1, 1) and p["PERIOD_END"][0] is None
    assert E.spells(data).height == 2  # RNE P: a new carer


def test_periods_and_spells_by_rne():
    # period 1: S, then L (legal status only: same carer), then T (same carer), ends E4B
    # period 2: S, then B (new carer), open
    data = council(Episodes=[
        ep("C", "2023-01-01", "2023-02-01", rec="X1"),
        ep("C", "2023-02-01", "2023-03-01", rne="L", ls="C1", rec="X1"),
        ep("C", "2023-03-01", "2023-06-01", rne="T", rec="E4B"),
        ep("C", "2024-01-01", "2024-05-01", rec="X1"),
        ep("C", "2024-05-01", rne="B", ls="E1"),
    ], Header=[hdr("C", "2015-01-01")])
    p = E.periods(data)
    assert p["PERIOD_START"].to_list() == [date(2023, 1, 1), date(2024, 1, 1)]
    assert p["PERIOD_END"].to_list() == [date(2023, 6, 1), None]
    assert p["EPISODES"].to_list() == [3, 2]
    s = E.spells(data)
    assert s["SPELL_START"].to_list() == [date(2023, 1, 1), date(2024, 1, 1), date(2024, 5, 1)]


def test_x1_without_matching_next_start_breaks_the_chain():
    data = council(Episodes=[
        ep("D", "2024-01-01", "2024-02-01", rec="X1"),
        ep("D", "2024-02-05", rne="P"),  # gap: a new period although the first said X1
    ], Header=[hdr("D", "2015-01-01")])
    assert E.periods(data).height == 2


def test_short_breaks_are_dropped():
    data = council(Episodes=[
        ep("E", "2025-03-30", ls="V3", place="R1"),
        ep("F", "2024-01-01", ls="V4", place="R1"),
        ep("G", "2024-01-01"),
    ], Header=[hdr(c, "2015-01-01") for c in "EFG"])
    assert E.cla_at(data, AT)["CHILD"].to_list() == ["G"]
    assert E.looked_after_during(data, date(2024, 4, 1), AT)["CHILD"].to_list() == ["G"]


def test_continuously_looked_after_12_months_boundaries():
    data = council(Episodes=[
        ep("A", "2024-04-01"),                               # started on the first day of the year: in
        ep("B", "2024-04-02"),                               # started the day after: out
        ep("C", "2023-01-01", "2025-03-31", rec="E4A"),      # ceased ON 31 March: in (DfE rule)
        ep("D", "2023-01-01", "2025-03-30", rec="E4A"),      # ceased the day before: out
        ep("E", "2023-01-01"), ep("E", "2024-06-01", "2024-06-03", ls="V3", rne="S"),  # short break in year: out
        ep("F", "2023-01-01", "2024-06-01", rec="X1"), ep("F", "2024-06-01", rne="P"),  # X1 chain: in
    ], Header=[hdr(c, "2015-01-01") for c in "ABCDEF"])
    got = E.continuously_looked_after_12m(data, AT)["CHILD"].to_list()
    assert sorted(got) == ["A", "C", "F"]


def test_population_uses_previous_mid_year():
    data = council(population={2023: 40_000, 2024: 41_000})
    assert E.population(data, AT) == (41_000, 2024)           # year ending 31 Mar 2025 -> mid-2024
    assert E.population(data, date(2024, 2, 2)) == (40_000, 2023)
    assert E.population(data, date(2026, 3, 31)) == (41_000, 2024)  # latest earlier estimate
    assert E.population(council(), AT) == (None, None)


def test_blocks_are_cached():
    data = council(Episodes=[ep("A", "2024-01-01")], Header=[hdr("A", "2015-01-01")])
    first = E.cla_on(data, [AT])
    assert E.cla_on(data, [AT]) is first
    assert ("measures", ("cla_on", (AT,))) in data.cache
    assert E.cla_on(data, [AT, AT]) is first  # cached by the distinct dates


@pytest.mark.parametrize("n", [1, 3])
def test_spells_count_with_new_carers(n):
    rows = [ep("A", "2024-01-01", "2024-02-01" if n > 1 else None, rec="X1" if n > 1 else None)]
    for i in range(1, n):
        end = f"2024-0{2 + i}-01" if i < n - 1 else None
        rows.append(ep("A", f"2024-0{1 + i}-01", end, rne="P", rec="X1" if end else None))
    data = council(Episodes=rows, Header=[hdr("A", "2015-01-01")])
    assert E.spells(data).height == n and E.periods(data).height == 1
