"""The LGA councillors' guide questions (seed 004): placement types, unregistered placements, missing,
convictions, children awaiting adoption, mean SDQ. Out-of-area placements are in :mod:`.distance` and staying
put in :mod:`.care_leavers`.

Definitions: ``shared/domain/definitions.md`` §1 rows 20-22 (LAIT Children_missing, LAC_Convictions,
Emotional_LAC) and §2.5 (placement groups).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from cphub.measures import episodes as ep
from cphub.measures.base import CouncilData, MeasureResult
from cphub.measures.common import pct
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


def placement_type_mix(data: CouncilData, at: date) -> MeasureResult:
    """CLA at the date by placement type group; value = percentage in foster placements (U1-U6)."""
    cla = ep.cla_at(data, at)
    mapping = {code: name for name, codes in PLACEMENT_GROUPS for code in codes}
    counts = dict(cla.select(pl.col("PLACE").replace_strict(mapping, default="Not recorded", return_dtype=pl.String))
                  .group_by("PLACE").len().iter_rows())
    names = [g for g, _ in PLACEMENT_GROUPS] + (["Not recorded"] if "Not recorded" in counts else [])
    rows = [{"group": g, "count": counts.get(g, 0), "pct": pct(counts.get(g, 0), cla.height)} for g in names]
    foster = cla.filter(pl.col("PLACE").is_in(list(FOSTER_PLACE)))
    return MeasureResult(pct(foster.height, cla.height), foster.height, cla.height, {"breakdown": rows}, ep.ids(foster))


def unregistered_placements_count(data: CouncilData, at: date) -> MeasureResult:
    """CLA at the date in an unregistered or 'other' setting (PLACE Z1 to 2024-25; Z11/Z13 from 2025-26)."""
    cla = ep.cla_at(data, at)
    u = cla.filter(pl.col("PLACE").is_in(list(UNREGISTERED_PLACE)))
    return MeasureResult(u.height, u.height, cla.height, {"pct_of_cla": pct(u.height, cla.height)}, ep.ids(u))


def missing_pct(data: CouncilData, at: date) -> MeasureResult:
    """Children looked after in the 12 months to the date (short breaks excluded) who had a missing incident
    (MISSING = M) in that time, including incidents open at its start, as a percentage of all children looked
    after in the 12 months. At 31 March this is DfE's year. detail: children 'away without authorisation' (A)."""
    first = ep.rolling_start(at)
    during = ep.looked_after_during(data, first, at)
    m = ep.table(data, "Missing").filter((pl.col("MIS_START") <= at)
                                         & (pl.col("MIS_END").is_null() | (pl.col("MIS_END") >= first)))
    m = m.join(during, on="CHILD")
    missing = m.filter(pl.col("MISSING") == "M").select("CHILD").unique()
    away = m.filter(pl.col("MISSING") == "A").select("CHILD").unique()
    return MeasureResult(pct(missing.height, during.height), missing.height, during.height,
                         {"away_children": away.height, "away_pct": pct(away.height, during.height)}, ep.ids(missing))


def convictions_pct(data: CouncilData, at: date) -> MeasureResult:
    """OC2 cohort aged 10-17 at 31 March with CONVICTED = 1 (LAIT LAC_Convictions), latest OC2 year ending on or
    before the date."""
    oc2, year = latest_oc2(data, at)
    if year is None:
        return MeasureResult(None, None, None, {"not_computed": "no OC2 return for a year ending by this date"})
    df = oc2.filter(pl.col("AGE").is_between(10, 17))
    yes = df.filter(pl.col("CONVICTED") == "1")
    return MeasureResult(pct(yes.height, df.height), yes.height, df.height, {"year": year}, ep.ids(yes))


def sdq_mean(data: CouncilData, at: date) -> MeasureResult:
    """Mean SDQ total score of the OC2 cohort aged 5-16 at 31 March with a score (LAIT Emotional_LAC), latest
    OC2 year ending on or before the date. detail: % with a score, % of those in the 'cause for concern' band
    (17-40) and 'borderline' band (14-16)."""
    oc2, year = latest_oc2(data, at)
    if year is None:
        return MeasureResult(None, None, None, {"not_computed": "no OC2 return for a year ending by this date"})
    df = oc2.filter(pl.col("AGE").is_between(5, 16))
    got = df.filter(pl.col("SDQ_SCORE").is_not_null())
    mean = round(float(got["SDQ_SCORE"].mean()), 1) if got.height else None
    detail = {"year": year, "eligible": df.height, "received_pct": pct(got.height, df.height),
              "concern_pct": pct(got.filter(pl.col("SDQ_SCORE") >= 17).height, got.height),
              "borderline_pct": pct(got.filter(pl.col("SDQ_SCORE").is_between(14, 16)).height, got.height)}
    return MeasureResult(mean, int(got["SDQ_SCORE"].sum()) if got.height else None, got.height, detail, ep.ids(got))


def awaiting_adoption_count(data: CouncilData, at: date) -> MeasureResult:
    """CLA at the date with a decision to place for adoption in force (PlacedAdoption: DATE_PLACED on or before
    the date, not ceased by it) who are not yet placed for adoption (PLACE not A3-A6). detail: those placed."""
    cla = ep.cla_at(data, at)
    pa = ep.open_at(ep.table(data, "PlacedAdoption"), at, "DATE_PLACED", "DATE_PLACED_CEASED")
    dec = cla.filter(pl.col("CHILD").is_in(pa["CHILD"].implode()))
    waiting = dec.filter(~pl.col("PLACE").is_in(list(ADOPTION_PLACE)).fill_null(False))
    return MeasureResult(waiting.height, waiting.height, None,
                         {"placed_for_adoption": dec.height - waiting.height}, ep.ids(waiting))
