"""The LGA councillors' guide questions (seed 004): placement types, unregistered placements, missing,
convictions, children awaiting adoption, mean SDQ. Out-of-area placements are in :mod:`.distance` and staying
put in :mod:`.care_leavers`.

Definitions: ``shared/domain/definitions.md`` §1 rows 20-22 (LAIT Children_missing, LAC_Convictions,
Emotional_LAC) and §2.5 (placement groups).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import polars as pl

from cphub import calendar
from cphub.measures import episodes as ep
from cphub.measures.base import CouncilData, MeasureResult
from cphub.measures.common import Tally, ids, pct, shares, tally, yes_counts
from cphub.measures.health import latest_oc2
from cphub.ssda903.codes import ADOPTION_PLACE, FOSTER_PLACE, KINSHIP_FOSTER_PLACE, TEMPORARY_PLACE, UNREGISTERED_PLACE

PLACEMENT_GROUPS: list[tuple[str, frozenset[str]]] = [
    ("Foster placements with relatives or friends", KINSHIP_FOSTER_PLACE),
    ("Other foster placements", FOSTER_PLACE - KINSHIP_FOSTER_PLACE),
    ("Placed for adoption", ADOPTION_PLACE),
    ("Placed with parents or others with parental responsibility", frozenset({"P1"})),
    ("Secure units and children's homes", frozenset({"K1", "K2"})),
    ("Independent and semi-independent living, supported accommodation", frozenset({"P2", "H5", "K3"})),
    ("Other residential settings", frozenset({"R1", "R2", "R3", "R5", "S1"})),
    ("Other placements, including temporary and unregistered", frozenset({"P3", "Z1", "Z11", "Z12", "Z13", "Z14"})
     | TEMPORARY_PLACE),
]
"""Placement types grouped as the EES 'placement' table and LAIT (definitions §2.5)."""


def placement_type_mix(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """CLA at the date by placement type group; value = percentage in foster placements (U1-U6)."""
    mapping = {code: name for name, codes in PLACEMENT_GROUPS for code in codes}

    def detail(t: Tally) -> dict:
        cla = t.frame()
        n_by = dict(cla.select(pl.col("PLACE").replace_strict(mapping, default="Not recorded",
                                                              return_dtype=pl.String))
                    .group_by("PLACE").len().iter_rows())
        names = [g for g, _ in PLACEMENT_GROUPS] + (["Not recorded"] if "Not recorded" in n_by else [])
        return {"breakdown": [{"group": g, "count": n_by.get(g, 0), "pct": pct(n_by.get(g, 0), cla.height)}
                              for g in names]}
    return shares(tally(ep.cla_on(data, dates), dates, pl.col("PLACE").is_in(list(FOSTER_PLACE))), detail)


def unregistered_placements_count(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """CLA at the date in an unregistered or 'other' setting (PLACE Z1 to 2024-25; Z11/Z13 from 2025-26)."""
    return yes_counts(tally(ep.cla_on(data, dates), dates, pl.col("PLACE").is_in(list(UNREGISTERED_PLACE))),
                      lambda t: {"pct_of_cla": pct(t.yes, t.rows)}, of_cohort=True)


def missing_pct(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """Children looked after in the 12 months to the date (short breaks excluded) who had a missing incident
    (MISSING = M) in that time, including incidents open at its start, as a percentage of all children looked
    after in the 12 months. At 31 March this is DfE's year. detail: children 'away without authorisation' (A)."""
    windows = ep.windows_frame(dates, calendar.rolling_start)
    during = ep.looked_after_in_windows(data, windows)
    m = (ep.against(windows, ep.table(data, "Missing").select("CHILD", "MISSING", "MIS_START", "MIS_END"),
                    "MIS_START", "MIS_END")
         .filter((pl.col("MIS_START") <= pl.col("_AT"))
                 & (pl.col("MIS_END").is_null() | (pl.col("MIS_END") >= pl.col("_FIRST"))))
         .group_by("_AT", "CHILD").agg((pl.col("MISSING") == "M").any().alias("_M"),
                                       (pl.col("MISSING") == "A").any().alias("_A")))
    df = during.join(m, on=["_AT", "CHILD"], how="left")
    away = dict(df.group_by("_AT").agg(pl.col("_A").fill_null(False).sum()).iter_rows())
    return shares(tally(df, dates, pl.col("_M")),
                  lambda t: {"away_children": int(away.get(t.at, 0)), "away_pct": pct(int(away.get(t.at, 0)), t.rows)})


def by_return_year(data: CouncilData, dates: Sequence[date],
                   compute: Callable[[CouncilData, date], MeasureResult]) -> list[MeasureResult]:
    """A measure on the latest SSDA903 return for a year ending by the date depends on the date only through
    that year: ``compute`` runs once per year and its result is shared by the dates in it."""
    seen: dict[int, MeasureResult] = {}
    out = []
    for d in dates:
        year = calendar.latest_return_year(d)
        if year not in seen:
            seen[year] = compute(data, d)
        out.append(seen[year])
    return out


def _convictions(data: CouncilData, at: date) -> MeasureResult:
    oc2, year = latest_oc2(data, at)
    if year is None:
        return MeasureResult(None, None, None, {"not_computed": "no OC2 return for a year ending by this date"})
    df = oc2.filter(pl.col("AGE").is_between(10, 17))
    yes = df.filter(pl.col("CONVICTED") == "1")
    return MeasureResult(pct(yes.height, df.height), yes.height, df.height, {"year": year}, ids(yes), ids(df))


def convictions_pct(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """OC2 cohort aged 10-17 at 31 March with CONVICTED = 1 (LAIT LAC_Convictions), latest OC2 year ending on or
    before the date."""
    return by_return_year(data, dates, _convictions)


def _sdq(data: CouncilData, at: date) -> MeasureResult:
    oc2, year = latest_oc2(data, at)
    if year is None:
        return MeasureResult(None, None, None, {"not_computed": "no OC2 return for a year ending by this date"})
    df = oc2.filter(pl.col("AGE").is_between(5, 16))
    got = df.filter(pl.col("SDQ_SCORE").is_not_null())
    mean = round(float(got["SDQ_SCORE"].mean()), 1) if got.height else None  # type: ignore[arg-type]
    detail = {"year": year, "eligible": df.height, "received_pct": pct(got.height, df.height),
              "concern_pct": pct(got.filter(pl.col("SDQ_SCORE") >= 17).height, got.height),
              "borderline_pct": pct(got.filter(pl.col("SDQ_SCORE").is_between(14, 16)).height, got.height)}
    return MeasureResult(mean, int(got["SDQ_SCORE"].sum()) if got.height else None, got.height, detail, ids(got))


def sdq_mean(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """Mean SDQ total score of the OC2 cohort aged 5-16 at 31 March with a score (LAIT Emotional_LAC), latest
    OC2 year ending on or before the date. detail: % with a score, % of those in the 'cause for concern' band
    (17-40) and 'borderline' band (14-16)."""
    return by_return_year(data, dates, _sdq)


def awaiting_adoption_count(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """CLA at the date with a decision to place for adoption in force (PlacedAdoption: DATE_PLACED on or before
    the date, not ceased by it) who are not yet placed for adoption (PLACE not A3-A6). detail: those placed."""
    cla = ep.cla_on(data, dates)
    pa = ep.table(data, "PlacedAdoption").select("CHILD", "DATE_PLACED", "DATE_PLACED_CEASED")
    decided = (cla.select("_AT", "CHILD").join(pa, on="CHILD", how="inner")
               .filter(ep.open_on("DATE_PLACED", "DATE_PLACED_CEASED")).select("_AT", "CHILD").unique())
    df = cla.join(decided, on=["_AT", "CHILD"], how="semi")
    waiting = ~pl.col("PLACE").is_in(list(ADOPTION_PLACE)).fill_null(False)
    return yes_counts(tally(df, dates, waiting), lambda t: {"placed_for_adoption": t.rows - t.yes})
