"""Statutory visits, social-worker changes and caseloads, and in-house fostering households (local measures).

Visits follow the Care Planning, Placement and Case Review (England) Regulations 2010, reg. 28: a visit within
one week of the start of every placement, then at intervals of no more than six weeks; after the first year of
a long-term foster placement (U1, U4) at intervals of no more than three months. Social-worker changes use the
SSDA903 SWEpisodes table; caseloads the local ``social_workers`` and ``pa_allocations`` tables.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from cphub.measures import episodes as ep
from cphub.measures.base import CouncilData, MeasureResult
from cphub.measures.common import pct

FIRST_VISIT_DAYS = 7
VISIT_INTERVAL_DAYS = 42
LONG_TERM_INTERVAL_DAYS = 91
LONG_TERM_FOSTER = ("U1", "U4")


def visits_status(data: CouncilData, at: date) -> pl.DataFrame:
    """Per CLA at the date: LAST_VISIT (latest visit since the period of care began, up to the date), its
    SEEN_ALONE flag and IN_TIME (reg. 28: the placement began at most 7 days ago, or there was a visit since it
    began and the latest visit is no older than the interval due)."""
    def build():
        cla = ep.cla_at(data, at).select("CHILD", "PERIOD_START", "SPELL_START", "PLACE")
        df = ep.latest_record(data, "statutory_visits", "VISIT_DATE", cla, at, ("SEEN_ALONE",))
        since_care = pl.col("LAST") >= pl.col("PERIOD_START")  # visits before this period of care do not count
        df = df.with_columns(pl.when(since_care).then(pl.col("LAST")).alias("LAST_VISIT"),
                             pl.when(since_care).then(pl.col("SEEN_ALONE")).alias("LAST_ALONE"))
        df = df.drop("LAST", "SEEN_ALONE")
        since_spell = (pl.lit(at) - pl.col("SPELL_START")).dt.total_days()
        since_visit = (pl.lit(at) - pl.col("LAST_VISIT")).dt.total_days()
        interval = (pl.when(pl.col("PLACE").is_in(list(LONG_TERM_FOSTER)) & (since_spell >= 365))
                    .then(LONG_TERM_INTERVAL_DAYS).otherwise(VISIT_INTERVAL_DAYS))
        in_time = (since_spell <= FIRST_VISIT_DAYS) | (
            (pl.col("LAST_VISIT") >= pl.col("SPELL_START")) & (since_visit <= interval))
        return df.with_columns(in_time.fill_null(False).alias("IN_TIME"))
    return ep.cached(data, ("visits", at), build)


def visits_in_time_pct(data: CouncilData, at: date) -> MeasureResult:
    """CLA at the date whose statutory visits are up to date (reg. 28 timescales) as a percentage of all CLA."""
    df = visits_status(data, at)
    yes = df.filter(pl.col("IN_TIME"))
    return MeasureResult(pct(yes.height, df.height), yes.height, df.height, {}, ep.ids(yes), ep.ids(df))


def visits_seen_alone_pct(data: CouncilData, at: date) -> MeasureResult:
    """CLA at the date visited in time whose latest visit saw them alone, as a percentage of all CLA."""
    df = visits_status(data, at)
    yes = df.filter(pl.col("IN_TIME") & pl.col("LAST_ALONE").fill_null(False))
    return MeasureResult(pct(yes.height, df.height), yes.height, df.height, {}, ep.ids(yes), ep.ids(df))


def sw_changes_2plus_pct(data: CouncilData, at: date) -> MeasureResult:
    """CLA at the date looked after 12 months or more (current period began on or before the date a year earlier)
    who had 2 or more changes of social worker in the 12 months to the date. A change is a new SWEpisodes row
    starting in the window with a different SW_ID from the one before; the first allocation is not a change."""
    cla = ep.cla_at(data, at)
    first = ep.rolling_start(at)
    cohort = cla.filter(pl.col("PERIOD_START") < first).select("CHILD")
    sw = ep.cached(data, "sw_changes", lambda: (
        ep.table(data, "SWEpisodes").sort("CHILD", "SW_DECOM")
        .with_columns(pl.col("SW_ID").shift(1).over("CHILD").alias("PREV"))
        .filter(pl.col("PREV").is_not_null() & (pl.col("PREV") != pl.col("SW_ID")))))
    changes = (sw.filter(pl.col("SW_DECOM").is_between(first, at))
               .group_by("CHILD").len("N"))
    df = cohort.join(changes, on="CHILD", how="left")
    yes = df.filter(pl.col("N").fill_null(0) >= 2)
    return MeasureResult(pct(yes.height, df.height), yes.height, df.height, {}, ep.ids(yes))


def sw_caseload_avg(data: CouncilData, at: date) -> MeasureResult:
    """Average number of CLA allocated per social worker holding at least one CLA case at the date (SWEpisodes
    open at the date; only workers of ``settings["caseload_teams"]`` when set, e.g. the CLA teams). detail: the
    same per full-time equivalent, where the workers' FTE is recorded."""
    cla = ep.cla_at(data, at).select("CHILD")
    sw = ep.open_at(ep.table(data, "SWEpisodes"), at, "SW_DECOM", "SW_DEC").join(cla, on="CHILD")
    sw = sw.sort("SW_DECOM").unique("CHILD", keep="last")
    teams = data.settings.get("caseload_teams")
    if teams:
        in_teams = ep.table(data, "social_workers").filter(pl.col("TEAM").is_in(list(teams)))["SW_ID"].implode()
        sw = sw.filter(pl.col("SW_ID").is_in(in_teams))
    workers = sw["SW_ID"].n_unique()
    value = round(sw.height / workers, 1) if workers else None
    staff = ep.table(data, "social_workers").filter(pl.col("SW_ID").is_in(sw["SW_ID"].unique().implode()))
    fte = float(staff["FTE"].sum() or 0)
    detail = {"children_allocated": sw.height, "workers": workers,
              "per_fte": round(sw.height / fte, 1) if fte else None}
    return MeasureResult(value, sw.height, workers, detail, ep.ids(sw))


def fostering_households_inhouse(data: CouncilData, at: date) -> MeasureResult:
    """The council's approved mainstream (in-house) fostering households at the date; detail: connected-person
    households and approved places."""
    fh = ep.open_at(ep.table(data, "fostering_households"), at, "APPROVAL_DATE", "DEREGISTRATION_DATE")
    inhouse = fh.filter(pl.col("HOUSEHOLD_TYPE") == "INHOUSE")
    detail = {"connected_households": fh.filter(pl.col("HOUSEHOLD_TYPE") == "CONNECTED").height,
              "inhouse_places": int(inhouse["PLACES"].sum() or 0)}
    return MeasureResult(inhouse.height, inhouse.height, None, detail)


def pa_caseload_avg(data: CouncilData, at: date) -> MeasureResult:
    """Average number of young people allocated per personal adviser at the date (allocations open at the date)."""
    pa = ep.open_at(ep.table(data, "pa_allocations"), at, "START_DATE", "END_DATE").unique("CHILD", keep="last")
    advisers = pa["PA_ID"].n_unique()
    value = round(pa.height / advisers, 1) if advisers else None
    return MeasureResult(value, pa.height, advisers, {}, ep.ids(pa))
