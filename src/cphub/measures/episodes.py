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

Each block is computed once per :class:`CouncilData` and kept in ``data.cache``. Blocks that depend on the date
are computed for a list of dates at once, "stacked" with the date as an ``_AT`` column (``cla_on``, ``cla12_on``),
and cached by that list, so every measure of a scorecard (value, a year earlier, 12 monthly points) shares them.
Dates and ages come from :mod:`cphub.calendar`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import polars as pl

from cphub import calendar
from cphub.calendar import age_at, age_expr, birthday, collection_year  # noqa: F401  (re-exported, see below)
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
# age_at, age_expr, birthday and collection_year are the calendar's (cphub.calendar), re-exported here for code
# written against this module before the calendar existed; new code imports cphub.calendar.


def dates_frame(dates: Sequence[date]) -> pl.DataFrame:
    """The distinct dates of ``dates`` as a one-column frame ``_AT``: the left side of every many-dates query."""
    return pl.DataFrame({"_AT": sorted(set(dates))}, schema={"_AT": pl.Date})


def windows_frame(dates: Sequence[date], start: Callable[[date], date]) -> pl.DataFrame:
    """The distinct dates as ``_AT`` with the first day of each one's window as ``_FIRST``."""
    ds = sorted(set(dates))
    return pl.DataFrame({"_AT": ds, "_FIRST": [start(d) for d in ds]}, schema={"_AT": pl.Date, "_FIRST": pl.Date})


def against(windows: pl.DataFrame, df: pl.DataFrame, start: str, end: str) -> pl.DataFrame:
    """Every row of ``df`` beside every date of ``windows`` (``_AT``, and ``_FIRST`` when a window has a first
    day) that it can overlap: the interval join of rows against the dates, before each measure's own condition.
    Rows starting after the last date, or ending before the earliest first day, meet no date and are left out
    first (every condition here has ``start <= _AT`` and an end after ``_FIRST``, or ``_AT`` when there is none)."""
    first = windows["_FIRST" if "_FIRST" in windows.columns else "_AT"].min()
    last = windows["_AT"].max()
    near = df.filter((pl.col(start) <= last) & (pl.col(end).is_null() | (pl.col(end) >= first)))
    return windows.join(near, how="cross")


def key_of(dates: Sequence[date]) -> tuple[date, ...]:
    return tuple(sorted(set(dates)))


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
    return df.filter(open_on(start, end, pl.lit(at)))


def open_on(start: str = "DECOM", end: str = "DEC", at: pl.Expr | None = None) -> pl.Expr:
    """A row is open at the date ``at`` (default: the stacked date ``_AT``): start <= date and (end blank or after)."""
    at = pl.col("_AT") if at is None else at
    return (pl.col(start) <= at) & (pl.col(end).is_null() | (pl.col(end) > at))


def cla_on(data: CouncilData, dates: Sequence[date]) -> pl.DataFrame:
    """Children looked after at each of ``dates``, stacked with the date as ``_AT`` (DfE: an episode open at the
    date, LS not V3/V4): each child's current episode (where one episode ends on the date and the next starts
    that day, the next), its period and spell, Header fields (SEX, DOB, ETHNIC) and AGE at the date."""
    key = key_of(dates)

    def build():
        eps = care_episodes(data).with_row_index("_I")
        x = against(dates_frame(key), eps, "DECOM", "DEC").filter(open_on())
        # the last open episode of each child in episode order
        x = x.sort("_AT", "_I").unique(["_AT", "CHILD"], keep="last", maintain_order=True).drop("_I")
        x = x.join(header(data), on="CHILD", how="left")
        return x.with_columns(calendar.age_expr("DOB", "_AT").alias("AGE"))
    return cached(data, ("cla_on", key), build)


def cla_at(data: CouncilData, at: date) -> pl.DataFrame:
    """:func:`cla_on` at one date, without the ``_AT`` column."""
    return cla_on(data, [at]).drop("_AT")


def header(data: CouncilData) -> pl.DataFrame:
    """Header fields per child (the latest return's row): CHILD, SEX (M/F/U; 1/2 mapped), DOB, ETHNIC."""
    def build():
        h = table(data, "Header")
        return (h.select("CHILD", "SEX", "DOB", "ETHNIC").unique("CHILD", keep="last", maintain_order=True)
                .with_columns(pl.col("SEX").replace({"1": "M", "2": "F"}).fill_null("U")))
    return cached(data, "header", build)


def outcome_year(data: CouncilData, name: str, year: int) -> pl.DataFrame:
    """One child's row of SSDA903 outcome table ``name`` (OC2, OC3) for collection ``year``, with the child's age
    at 31 March of that year as AGE (DOB from the Header where the table leaves it blank)."""
    def build():
        df = table(data, name)
        if "YEAR" in df.columns:
            df = df.filter(pl.col("YEAR") == year)
        if df.height and df["DOB"].null_count():
            df = df.drop("DOB").join(header(data).select("CHILD", "DOB"), on="CHILD", how="left")
        return df.unique("CHILD", keep="last").with_columns(
            calendar.age_expr("DOB", calendar.year_end(year)).alias("AGE"))
    return cached(data, ("outcome_year", name, year), build)


def with_header(data: CouncilData, df: pl.DataFrame) -> pl.DataFrame:
    return df.join(header(data), on="CHILD", how="left")


def looked_after_in_windows(data: CouncilData, windows: pl.DataFrame) -> pl.DataFrame:
    """Distinct children looked after at any time in each window (``_AT`` with ``_FIRST``, both inclusive), short
    breaks excluded: rows ``_AT``, CHILD."""
    eps = care_episodes(data).select("CHILD", "DECOM", "DEC")
    return (against(windows, eps, "DECOM", "DEC")
            .filter((pl.col("DECOM") <= pl.col("_AT")) & (pl.col("DEC").is_null() | (pl.col("DEC") >= pl.col("_FIRST"))))
            .select("_AT", "CHILD").unique(maintain_order=True))


def looked_after_during(data: CouncilData, start: date, end: date) -> pl.DataFrame:
    """Distinct children looked after at any time from ``start`` to ``end`` (inclusive), short breaks excluded."""
    windows = pl.DataFrame({"_AT": [end], "_FIRST": [start]}, schema={"_AT": pl.Date, "_FIRST": pl.Date})
    return looked_after_in_windows(data, windows).select("CHILD")


def cla12_on(data: CouncilData, dates: Sequence[date]) -> pl.DataFrame:
    """Children looked after continuously for the 12 months ending at each date (the OC2 cohort when the date is
    31 March), stacked by ``_AT``: CHILD, PERIOD_START, SEX, DOB, ETHNIC, AGE.

    DfE rule (csc-validator-be-903 ``add_col_to_episodes_CONTINUOUSLY_LOOKED_AFTER``): the child had no new
    period of care starting after the first day of the window, no period ending before the date (a period
    ending *on* it still counts), and no short-break (V3/V4) episode in the window."""
    key = key_of(dates)

    def build():
        firsts = windows_frame(key, calendar.rolling_start)
        eps = care_episodes(data).select("CHILD", "DECOM", "PERIOD_START", "PERIOD_END")
        cover = (against(firsts, eps, "DECOM", "PERIOD_END")
                 .filter((pl.col("PERIOD_START") <= pl.col("_FIRST")) & (pl.col("DECOM") <= pl.col("_AT"))
                         & (pl.col("PERIOD_END").is_null() | (pl.col("PERIOD_END") >= pl.col("_AT"))))
                 .select("_AT", "CHILD", "PERIOD_START").unique(["_AT", "CHILD"], keep="last", maintain_order=True))
        sb = (against(firsts, episodes(data).filter(pl.col("SB")).select("CHILD", "DECOM", "DEC"), "DECOM", "DEC")
              .filter((pl.col("DECOM") <= pl.col("_AT"))
                      & (pl.col("DEC").is_null() | (pl.col("DEC") >= pl.col("_FIRST"))))
              .select("_AT", "CHILD").unique())
        cover = cover.join(sb, on=["_AT", "CHILD"], how="anti").sort("_AT", "CHILD")
        return with_header(data, cover).with_columns(calendar.age_expr("DOB", "_AT").alias("AGE"))
    return cached(data, ("cla12_on", key), build)


def continuously_looked_after_12m(data: CouncilData, at: date) -> pl.DataFrame:
    """:func:`cla12_on` at one date, without ``_AT``."""
    return cla12_on(data, [at]).drop("_AT")


def latest_record_on(data: CouncilData, name: str, date_col: str, df: pl.DataFrame,
                     cols: tuple[str, ...] = ()) -> pl.DataFrame:
    """``df`` (stacked: ``_AT``, CHILD, ...) with each row's latest ``name`` record dated on or before its date:
    the record's date as LAST and ``cols``; nulls when none. An as-of join on the table sorted once per council."""
    right = cached(data, ("sorted", name, date_col), lambda: (
        table(data, name).filter(pl.col(date_col).is_not_null() & pl.col("CHILD").is_not_null())
        .select("CHILD", pl.col(date_col).alias("LAST"), *cols).sort("LAST")))
    return df.sort("_AT").join_asof(right, left_on="_AT", right_on="LAST", by="CHILD", strategy="backward",
                                    check_sortedness=False)


def population(data: CouncilData, at: date) -> tuple[int | None, int | None]:
    """The 0-17 population used for rates at ``at`` and its mid-year.

    As DfE does, year ending 31 March Y uses the ONS mid-year estimate for mid-(Y-1); when that year is not
    loaded the latest earlier estimate is used (the mid-year returned says which)."""
    want = calendar.collection_year(at) - 1
    years = sorted(y for y in data.population if y <= want) or sorted(data.population)
    if not years:
        return None, None
    y = years[-1]
    return data.population[y], y
