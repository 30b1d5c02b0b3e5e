"""Building blocks every measure shares: how the DfE turns SSDA903 episodes into children, periods and placements.

Definitions follow ``shared/domain/definitions.md`` §0 (DfE SSDA903 guide and the DfE validation rules as
re-implemented by data-to-insight's csc-validator-be-903):

- short breaks (LS V3/V4) are dropped before any count of children looked after;
- a *period of care* is a chain of episodes joined by REC = X1 with DEC equal to the next DECOM;
- a *placement* (carer spell) starts at RNE S, P or B; RNE L, T and U continue the same carer; a temporary
  placement (PLACE T0-T4) and the return from it are not a new carer unless
  ``settings["count_temporary_placements"]`` is true (DfE's treatment is unverified, definitions.md §7);
- a child is looked after at a date if an episode has DECOM <= date and DEC blank or DEC > date, so an episode
  ending on the date does not count unless the next episode of the chain starts that day.

Each block is computed once per :class:`CouncilData` and kept in ``data.cache``; per-date results are cached
too, so a scorecard of every measure at 13 monthly dates reuses them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import polars as pl

from cphub.measures.base import CouncilData
from cphub.ssda903.codes import NEW_CARER_RNE, SHORT_BREAK_LS, TEMPORARY_PLACE

EPISODE_COLUMNS = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                   "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"]


def cached(data: CouncilData, key: object, build: Callable[[], object]):
    """``data.cache[("measures", key)]``, built on first use (namespaced: other areas share the cache)."""
    full = ("measures", key)
    try:
        return data.cache[full]
    except KeyError:
        value = data.cache[full] = build()
        return value


def table(data: CouncilData, name: str) -> pl.DataFrame:
    """A table of the council, or an empty frame with the spec's columns when the council has none."""
    df = data.tables.get(name)
    if df is not None:
        return df
    from cphub.local.schema import LOCAL_TABLES
    from cphub.ssda903.schema import TABLES

    spec = TABLES.get(name) or LOCAL_TABLES[name]
    return spec.empty()


# ---------------------------------------------------------------------------------------------- dates

def collection_year(at: date) -> int:
    """The SSDA903 collection year (by its ending) containing ``at``: 1 Apr 2024 to 31 Mar 2025 is 2025."""
    return at.year + 1 if at.month >= 4 else at.year


def year_start(at: date) -> date:
    """1 April of the collection year containing ``at`` (the start of a year-to-date window)."""
    return date(collection_year(at) - 1, 4, 1)


def minus_months(at: date, months: int) -> date:
    """The same day ``months`` earlier, clamped to the month's last day (31 Mar - 30 months = 30 Sep)."""
    total = at.year * 12 + at.month - 1 - months
    y, m = divmod(total, 12)
    m += 1
    for day in (at.day, 30, 29, 28):
        try:
            return date(y, m, day)
        except ValueError:
            continue
    raise ValueError(at)


def rolling_start(at: date, months: int = 12) -> date:
    """First day of the ``months`` ending on ``at``: 31 Mar 2025 -> 1 Apr 2024."""
    return minus_months(at, months) + timedelta(days=1)


def is_31_march(at: date) -> bool:
    return at.month == 3 and at.day == 31


def age_expr(dob: pl.Expr, at: date) -> pl.Expr:
    """Age in whole years at ``at``: a child is 16 on their 16th birthday (29 Feb birthdays turn on 1 Mar)."""
    before = (dob.dt.month() > at.month) | ((dob.dt.month() == at.month) & (dob.dt.day() > at.day))
    return (pl.lit(at.year) - dob.dt.year() - before.cast(pl.Int32)).cast(pl.Int32)


def age_at(dob: date, at: date) -> int:
    return at.year - dob.year - ((at.month, at.day) < (dob.month, dob.day))


def birthday(dob: date, years: int) -> date:
    """The date a child reaches ``years`` (29 Feb -> 1 Mar in non-leap years)."""
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:
        return date(dob.year + years, 3, 1)


# ---------------------------------------------------------------------------------------------- episodes

def episodes(data: CouncilData) -> pl.DataFrame:
    """All episodes (short breaks included), sorted by child and start, with a ``SB`` short-break flag.

    An episode left open (DEC blank) in an older return but absent from later returns (typically because its
    DECOM was corrected, which changes the key) cannot still be open: every episode open during a year is in that
    year's return. It is kept for dates up to 31 March of its return year and closed on the next day with no
    reason (``STALE``), so it is neither looked after afterwards nor counted as leaving care."""
    def build():
        df = table(data, "Episodes")
        cols = [c for c in EPISODE_COLUMNS if c in df.columns]
        out = df.select(cols + (["YEAR"] if "YEAR" in df.columns else [])).filter(
            pl.col("CHILD").is_not_null() & pl.col("DECOM").is_not_null())
        stale = pl.lit(False)
        if "YEAR" in out.columns and out.height and out["YEAR"].max() is not None:
            latest = out["YEAR"].max()
            stale = (pl.col("DEC").is_null() & (pl.col("YEAR") < latest)).fill_null(False)
            out = out.with_columns(stale.alias("STALE")).with_columns(
                pl.when(pl.col("STALE")).then(pl.date(pl.col("YEAR"), 4, 1)).otherwise(pl.col("DEC")).alias("DEC"),
                pl.when(pl.col("STALE")).then(None).otherwise(pl.col("REC")).alias("REC"))
        else:
            out = out.with_columns(stale.alias("STALE"))
        return (out.unique(["CHILD", "DECOM"], keep="last", maintain_order=True).sort("CHILD", "DECOM")
                .with_columns(pl.col("LS").is_in(list(SHORT_BREAK_LS)).fill_null(False).alias("SB")))
    return cached(data, "episodes", build)


def care_episodes(data: CouncilData) -> pl.DataFrame:
    """Episodes without short breaks, each tagged with its period of care and carer spell.

    Adds ``PERIOD`` (a number unique across the council), ``PERIOD_START``, ``PERIOD_END`` (null while open),
    ``PERIOD_REC`` (REC of the period's last episode), ``SPELL`` and ``SPELL_START``/``SPELL_END``. A new period
    starts at RNE = S, or when the previous episode of the child did not end with X1 on this DECOM. A new
    carer spell starts with each new period and at RNE P or B (``NEW_CARER_RNE``), except a move into a temporary
    placement (T0-T4) or back from one, unless ``settings["count_temporary_placements"]`` is true.
    """
    def build():
        df = episodes(data).filter(~pl.col("SB"))
        prev_child = pl.col("CHILD").shift(1)
        new_child = prev_child.is_null() | (prev_child != pl.col("CHILD"))
        chained = (pl.col("REC").shift(1) == "X1") & (pl.col("DEC").shift(1) == pl.col("DECOM"))
        new_period = (new_child | (pl.col("RNE") == "S") | ~chained.fill_null(False)).fill_null(True)
        new_carer = pl.col("RNE").is_in(list(NEW_CARER_RNE)).fill_null(False)
        if not data.settings.get("count_temporary_placements", False):
            # a temporary move (T0-T4) and the return from it to the normal placement (validation rule 383)
            # are not changes of carer
            temp = pl.col("PLACE").is_in(list(TEMPORARY_PLACE)).fill_null(False)
            new_carer = new_carer & ~temp & ~(temp.shift(1).fill_null(False) & ~new_child)
        new_spell = new_period | new_carer
        df = df.with_columns(new_period.cum_sum().alias("PERIOD"), new_spell.cum_sum().alias("SPELL"))
        # the period's end is the DEC of its last episode, unless that episode is still open
        last = df.group_by("PERIOD").agg(
            pl.col("DECOM").min().alias("PERIOD_START"),
            pl.col("DEC").sort_by("DECOM").last().alias("PERIOD_END"),
            pl.col("REC").sort_by("DECOM").last().alias("PERIOD_REC"),
            pl.col("PLACE").sort_by("DECOM").last().alias("PERIOD_LAST_PLACE"),
        )
        spells = df.group_by("SPELL").agg(
            pl.col("DECOM").min().alias("SPELL_START"),
            pl.col("DEC").sort_by("DECOM").last().alias("SPELL_END"),
        )
        return df.join(last, on="PERIOD", how="left").join(spells, on="SPELL", how="left").sort("CHILD", "DECOM")
    return cached(data, "care_episodes", build)


def periods(data: CouncilData) -> pl.DataFrame:
    """One row per period of care (short breaks excluded): CHILD, PERIOD, PERIOD_START, PERIOD_END, PERIOD_REC,
    the number of episodes in it and the last episode's PLACE."""
    def build():
        return (care_episodes(data).group_by("PERIOD", maintain_order=True)
                .agg(pl.col("CHILD").first(), pl.col("PERIOD_START").first(), pl.col("PERIOD_END").first(),
                     pl.col("PERIOD_REC").first(), pl.col("PERIOD_LAST_PLACE").first(), pl.len().alias("EPISODES")))
    return cached(data, "periods", build)


def spells(data: CouncilData) -> pl.DataFrame:
    """One row per carer spell (placement): CHILD, PERIOD, SPELL, SPELL_START, SPELL_END."""
    def build():
        return (care_episodes(data).group_by("SPELL", maintain_order=True)
                .agg(pl.col("CHILD").first(), pl.col("PERIOD").first(),
                     pl.col("SPELL_START").first(), pl.col("SPELL_END").first()))
    return cached(data, "spells", build)


def open_at(df: pl.DataFrame, at: date, start: str = "DECOM", end: str = "DEC") -> pl.DataFrame:
    """Rows open at ``at``: start <= at and (end blank or end > at)."""
    return df.filter((pl.col(start) <= at) & (pl.col(end).is_null() | (pl.col(end) > at)))


def current_episodes(data: CouncilData, at: date) -> pl.DataFrame:
    """The episode (short breaks excluded) each child looked after at ``at`` is in, one row per child.

    Where an episode ends on ``at`` and the next starts that day, the next is current (DEC > at)."""
    def build():
        return open_at(care_episodes(data), at).unique("CHILD", keep="last", maintain_order=True)
    return cached(data, ("current", at), build)


def cla_at(data: CouncilData, at: date) -> pl.DataFrame:
    """Children looked after at ``at`` (DfE: an episode open at the date, LS not V3/V4) with their current
    episode, period, spell and Header fields (SEX, DOB, ETHNIC) and AGE at the date."""
    def build():
        cur = current_episodes(data, at)
        return with_header(data, cur).with_columns(age_expr(pl.col("DOB"), at).alias("AGE"))
    return cached(data, ("cla", at), build)


def header(data: CouncilData) -> pl.DataFrame:
    """Header fields per child (the latest return's row): CHILD, SEX (M/F/U; 1/2 mapped), DOB, ETHNIC."""
    def build():
        h = table(data, "Header")
        return (h.select("CHILD", "SEX", "DOB", "ETHNIC").unique("CHILD", keep="last", maintain_order=True)
                .with_columns(pl.col("SEX").replace({"1": "M", "2": "F"}).fill_null("U")))
    return cached(data, "header", build)


def with_header(data: CouncilData, df: pl.DataFrame) -> pl.DataFrame:
    return df.join(header(data), on="CHILD", how="left")


def looked_after_during(data: CouncilData, start: date, end: date) -> pl.DataFrame:
    """Distinct children looked after at any time from ``start`` to ``end`` (inclusive), short breaks excluded."""
    eps = care_episodes(data)
    return (eps.filter((pl.col("DECOM") <= end) & (pl.col("DEC").is_null() | (pl.col("DEC") >= start)))
            .select("CHILD").unique(maintain_order=True))


def continuously_looked_after_12m(data: CouncilData, at: date) -> pl.DataFrame:
    """Children looked after continuously for the 12 months ending ``at`` (the OC2 cohort when ``at`` is 31 March).

    DfE rule (csc-validator-be-903 ``add_col_to_episodes_CONTINUOUSLY_LOOKED_AFTER``): the child had no new
    period of care starting after the first day of the window, no period ending before ``at`` (a period
    ending *on* ``at`` still counts), and no short-break (V3/V4) episode in the window. Returns the rows of
    :func:`cla_at`-like shape (CHILD, PERIOD_START, DOB, SEX, AGE ...) for those children.
    """
    def build():
        first = rolling_start(at)
        eps = care_episodes(data)
        # the period covering the whole window: started on or before its first day, not ended before at
        cover = eps.filter((pl.col("PERIOD_START") <= first) & (pl.col("DECOM") <= at)
                           & (pl.col("PERIOD_END").is_null() | (pl.col("PERIOD_END") >= at)))
        cover = cover.unique("CHILD", keep="last", maintain_order=True)
        sb = episodes(data).filter(pl.col("SB") & (pl.col("DECOM") <= at)
                                   & (pl.col("DEC").is_null() | (pl.col("DEC") >= first)))
        cover = cover.filter(~pl.col("CHILD").is_in(sb["CHILD"].implode()))
        return with_header(data, cover).with_columns(age_expr(pl.col("DOB"), at).alias("AGE"))
    return cached(data, ("cla12", at), build)


def latest_record(data: CouncilData, name: str, date_col: str, children: pl.DataFrame, at: date,
                  cols: tuple[str, ...] = ()) -> pl.DataFrame:
    """``children`` (a frame with CHILD) with each child's latest ``name`` record dated on or before ``at``:
    its date as LAST and ``cols``; nulls when none. An as-of join on the table sorted once per council."""
    right = cached(data, ("sorted", name, date_col), lambda: (
        table(data, name).filter(pl.col(date_col).is_not_null() & pl.col("CHILD").is_not_null())
        .select("CHILD", pl.col(date_col).alias("LAST"), *cols).sort("LAST")))
    left = children.with_columns(pl.lit(at).alias("_AT"))
    return left.join_asof(right, left_on="_AT", right_on="LAST", by="CHILD", strategy="backward",
                          check_sortedness=False).drop("_AT")


def population(data: CouncilData, at: date) -> tuple[int | None, int | None]:
    """The 0-17 population used for rates at ``at`` and its mid-year.

    As DfE does, year ending 31 March Y uses the ONS mid-year estimate for mid-(Y-1); when that year is not
    loaded the latest earlier estimate is used (the mid-year returned says which)."""
    want = collection_year(at) - 1
    years = sorted(y for y in data.population if y <= want) or sorted(data.population)
    if not years:
        return None, None
    y = years[-1]
    return data.population[y], y


def ids(df: pl.DataFrame, col: str = "CHILD") -> list[str]:
    return sorted(set(df[col].to_list())) if df.height else []
