"""Statutory visits, social-worker changes and caseloads, and in-house fostering households (local measures).

Visits follow the Care Planning, Placement and Case Review (England) Regulations 2010, reg. 28: a visit within
one week of the start of every placement, then at intervals of no more than six weeks; after the first year of
a long-term foster placement (U1, U4) at intervals of no more than three months. Social-worker changes use the
SSDA903 SWEpisodes table; caseloads the local ``social_workers`` and ``pa_allocations`` tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from cphub import calendar
from cphub.measures import episodes as ep
from cphub.measures.base import CouncilData, MeasureResult
from cphub.measures.common import Detail, Tally, later, shares, tally

FIRST_VISIT_DAYS = 7
VISIT_INTERVAL_DAYS = 42
LONG_TERM_INTERVAL_DAYS = 91
LONG_TERM_FOSTER = ("U1", "U4")


def visits_status(data: CouncilData, dates: Sequence[date]) -> pl.DataFrame:
    """Per CLA at each date (stacked by ``_AT``): LAST_VISIT (latest visit since the period of care began, up to
    the date), its SEEN_ALONE flag as LAST_ALONE, IN_TIME (reg. 28: the placement began at most 7 days ago,
    or there was a visit since it began and the latest visit is no older than the interval due) and DUE (the day
    the next visit is due: the interval after the latest visit, or 7 days after the placement began)."""
    def build():
        cla = ep.cla_on(data, dates).select("_AT", "CHILD", "PERIOD_START", "SPELL_START", "PLACE")
        df = ep.latest_record_on(data, "statutory_visits", "VISIT_DATE", cla, ("SEEN_ALONE",))
        since_care = pl.col("LAST") >= pl.col("PERIOD_START")  # visits before this period of care do not count
        df = df.with_columns(pl.when(since_care).then(pl.col("LAST")).alias("LAST_VISIT"),
                             pl.when(since_care).then(pl.col("SEEN_ALONE")).alias("LAST_ALONE"))
        df = df.drop("LAST", "SEEN_ALONE")
        since_spell = (pl.col("_AT") - pl.col("SPELL_START")).dt.total_days()
        since_visit = (pl.col("_AT") - pl.col("LAST_VISIT")).dt.total_days()
        interval = (pl.when(pl.col("PLACE").is_in(list(LONG_TERM_FOSTER)) & (since_spell >= 365))
                    .then(LONG_TERM_INTERVAL_DAYS).otherwise(VISIT_INTERVAL_DAYS))
        visited = pl.col("LAST_VISIT") >= pl.col("SPELL_START")
        in_time = (since_spell <= FIRST_VISIT_DAYS) | (visited & (since_visit <= interval))
        # the day the next visit is due: the interval after the latest visit, or the first week of the placement
        due = (pl.when(visited.fill_null(False)).then(pl.col("LAST_VISIT") + pl.duration(days=interval))
               .otherwise(pl.col("SPELL_START") + pl.duration(days=FIRST_VISIT_DAYS)))
        return df.with_columns(in_time.fill_null(False).alias("IN_TIME"), due.alias("DUE"))
    return ep.cached(data, ("visits_on", ep.key_of(dates)), build)


def visits_in_time_pct(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """CLA at the date whose statutory visits are up to date (reg. 28 timescales) as a percentage of all CLA."""
    return shares(tally(visits_status(data, dates), dates, pl.col("IN_TIME")))


def visits_seen_alone_pct(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """CLA at the date visited in time whose latest visit saw them alone, as a percentage of all CLA."""
    return shares(tally(visits_status(data, dates), dates, pl.col("IN_TIME") & pl.col("LAST_ALONE").fill_null(False)))


def sw_changes_2plus_pct(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """CLA at the date looked after 12 months or more (current period began on or before the date a year earlier)
    who had 2 or more changes of social worker in the 12 months to the date. A change is a new SWEpisodes row
    starting in the window with a different SW_ID from the one before; the first allocation is not a change."""
    firsts = ep.windows_frame(dates, calendar.rolling_start)
    cohort = (ep.cla_on(data, dates).select("_AT", "CHILD", "PERIOD_START").join(firsts, on="_AT")
              .filter(pl.col("PERIOD_START") < pl.col("_FIRST")).select("_AT", "CHILD"))
    sw = ep.cached(data, "sw_changes", lambda: (
        ep.table(data, "SWEpisodes").sort("CHILD", "SW_DECOM")
        .with_columns(pl.col("SW_ID").shift(1).over("CHILD").alias("PREV"))
        .filter(pl.col("PREV").is_not_null() & (pl.col("PREV") != pl.col("SW_ID")))))
    changes = (ep.against(firsts, sw.select("CHILD", "SW_DECOM"), "SW_DECOM", "SW_DECOM")
               .filter(pl.col("SW_DECOM").is_between(pl.col("_FIRST"), pl.col("_AT")))
               .group_by("_AT", "CHILD").len("N"))
    df = cohort.join(changes, on=["_AT", "CHILD"], how="left")
    return shares(tally(df, dates, pl.col("N").fill_null(0) >= 2))


def _per_holder(data: CouncilData, df: pl.DataFrame, dates: Sequence[date], holder: str,
                detail: Detail = None) -> list[MeasureResult]:
    """Average children per ``holder`` (social worker, personal adviser) at each date: numerator = children
    (one row each), denominator = distinct holders."""
    got = {d: (n, w) for d, n, w in df.group_by("_AT").agg(pl.len(), pl.col(holder).n_unique()).iter_rows()}
    out = []
    for t in tally(df, dates):
        n, w = got.get(t.at, (0, 0))
        out.append(MeasureResult(round(n / w, 1) if w else None, n, w,
                                 later(detail, t), t.cohort_ids))
    return out


def sw_caseload_avg(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """Average number of CLA allocated per social worker holding at least one CLA case at the date (SWEpisodes
    open at the date; only workers of ``settings["caseload_teams"]`` when set, e.g. the CLA teams). detail: the
    same per full-time equivalent, where the workers' FTE is recorded."""
    sw = ep.table(data, "SWEpisodes").select("CHILD", "SW_ID", "SW_DECOM", "SW_DEC")
    df = (ep.cla_on(data, dates).select("_AT", "CHILD").join(sw, on="CHILD", how="inner")
          .filter(ep.open_on("SW_DECOM", "SW_DEC"))
          .sort("SW_DECOM").unique(["_AT", "CHILD"], keep="last"))
    teams = data.settings.get("caseload_teams")
    if teams and isinstance(teams, (list, tuple, set, frozenset)):
        in_teams = ep.table(data, "social_workers").filter(pl.col("TEAM").is_in(list(teams)))["SW_ID"].implode()
        df = df.filter(pl.col("SW_ID").is_in(in_teams))

    def detail(t: Tally) -> dict:
        f = t.frame()
        workers = f["SW_ID"].n_unique()
        staff = ep.table(data, "social_workers").filter(pl.col("SW_ID").is_in(f["SW_ID"].unique().implode()))
        fte = float(staff["FTE"].sum() or 0)
        return {"children_allocated": f.height, "workers": workers, "per_fte": round(f.height / fte, 1) if fte else None}
    return _per_holder(data, df, dates, "SW_ID", detail)


def fostering_households_inhouse(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """The council's approved mainstream (in-house) fostering households at the date; detail: connected-person
    households and approved places."""
    fh = ep.table(data, "fostering_households").select("HOUSEHOLD_TYPE", "APPROVAL_DATE", "DEREGISTRATION_DATE",
                                                        "PLACES")
    df = ep.against(ep.dates_frame(dates), fh, "APPROVAL_DATE", "DEREGISTRATION_DATE").filter(
        ep.open_on("APPROVAL_DATE", "DEREGISTRATION_DATE"))
    inhouse = pl.col("HOUSEHOLD_TYPE") == "INHOUSE"
    got = {r[0]: r[1:] for r in df.group_by("_AT").agg(
        inhouse.sum().alias("_N"), (pl.col("HOUSEHOLD_TYPE") == "CONNECTED").sum().alias("_C"),
        pl.when(inhouse).then(pl.col("PLACES")).sum().alias("_P")).iter_rows()}
    out = []
    for d in dates:
        n, connected, places = got.get(d, (0, 0, 0))
        out.append(MeasureResult(int(n), int(n), None, {"connected_households": int(connected),
                                                        "inhouse_places": int(places or 0)}))
    return out


def pa_caseload_avg(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """Average number of young people allocated per personal adviser at the date (allocations open at the date)."""
    pa = ep.table(data, "pa_allocations").select("CHILD", "PA_ID", "START_DATE", "END_DATE").with_row_index("_I")
    df = (ep.against(ep.dates_frame(dates), pa, "START_DATE", "END_DATE").filter(ep.open_on("START_DATE", "END_DATE"))
          .sort("_AT", "_I").unique(["_AT", "CHILD"], keep="last", maintain_order=True))
    return _per_holder(data, df, dates, "PA_ID")
