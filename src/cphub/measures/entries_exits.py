"""Children starting and ceasing to be looked after, year to date (from 1 April), reasons, positive exits, adoptions.

Definitions: ``shared/domain/definitions.md`` §1 rows 3-8 and §2.4 (LAIT LAC_Start_Rate, LAC_Cease_Rate,
"% of LAC adopted"). Short breaks (V3/V4) are excluded; a child is counted once.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from cphub.measures import episodes as ep
from cphub.measures.base import CouncilData, MeasureResult
from cphub.measures.common import pct, rate_10k
from cphub.ssda903.codes import ADOPTED_REC, CAO_REC, SGO_REC, describe

EXIT_GROUPS: list[tuple[str, frozenset[str]]] = [
    ("Adopted", ADOPTED_REC),
    ("Special guardianship order", SGO_REC),
    ("Residence order or child arrangements order", CAO_REC),
    ("Returned home as part of the care plan", frozenset({"E4A"})),
    ("Returned home, not part of the care plan", frozenset({"E4B"})),
    ("Left care to live with parents or relatives without parental responsibility", frozenset({"E13"})),
    ("Aged 18 and remained with current carers", frozenset({"E17"})),
    ("Independent living with supportive accommodation", frozenset({"E5"})),
    ("Independent living without formalised support", frozenset({"E6"})),
    ("Transferred to adult social care", frozenset({"E7"})),
    ("Care taken over by another local authority", frozenset({"E3"})),
    ("Sentenced to custody", frozenset({"E9"})),
    ("Accommodation on remand ended", frozenset({"E14"})),
    ("Age assessment found the child to be 18 or over", frozenset({"E15"})),
    ("Moved abroad", frozenset({"E16"})),
    ("Died", frozenset({"E2"})),
    ("Care ceased for any other reason", frozenset({"E8"})),
]
"""Reasons ceased grouped as DfE publishes them (EES 'la_children_who_ceased_during_the_year', REC in §2.4)."""

DEFAULT_POSITIVE_EXITS = frozenset(ADOPTED_REC | SGO_REC | CAO_REC | {"E4A", "E17", "E5"})
"""The seed pack's 'positive' exits (no DfE definition): adoption, SGO, CAO, planned return home (E4A), staying
put (E17) and supported independent living (E5). A council overrides it with
``settings["positive_exit_codes"]``."""


def _group_of(rec: str | None) -> str:
    for name, codes in EXIT_GROUPS:
        if rec in codes:
            return name
    return "Reason not recorded" if rec is None else describe("REC", rec)


def starts(data: CouncilData, at: date) -> pl.DataFrame:
    """Periods of care (short breaks excluded) starting from 1 April of the collection year to ``at`` inclusive."""
    def build():
        first = ep.year_start(at)
        return ep.periods(data).filter(pl.col("PERIOD_START").is_between(first, at))
    return ep.cached(data, ("starts", at), build)


def ceased(data: CouncilData, at: date) -> tuple[pl.DataFrame, int]:
    """Children ceasing to be looked after from 1 April to ``at`` inclusive (a period whose last episode has
    DEC in the window and REC not X1): one row per child, their *last* occasion, and the number of occasions."""
    def build():
        first = ep.year_start(at)
        # a period ending with no reason (a stale open episode, see episodes.episodes) is not an exit
        p = ep.periods(data).filter(pl.col("PERIOD_END").is_between(first, at) & pl.col("PERIOD_REC").is_not_null()
                                    & (pl.col("PERIOD_REC") != "X1"))
        last = p.sort("PERIOD_END").unique("CHILD", keep="last", maintain_order=True)
        return last, p.height
    return ep.cached(data, ("ceased", at), build)


def _display(occasions: int, children: int) -> str:
    return f"{occasions} ({children})"


def entries_ytd(data: CouncilData, at: date) -> MeasureResult:
    """Children starting to be looked after year to date (DfE: RNE S, not V3/V4, a child counted once).
    detail: ``periods`` = starts counting every occasion, ``display`` = "periods (children)" as panel packs show."""
    s = starts(data, at)
    n = s["CHILD"].n_unique()
    return MeasureResult(n, n, None, {"periods": s.height, "children": n, "display": _display(s.height, n)},
                         ep.ids(s))


def entries_rate_10k(data: CouncilData, at: date) -> MeasureResult:
    """Children starting to be looked after year to date per 10,000 children 0-17 (previous mid-year estimate)."""
    s = starts(data, at)
    n = s["CHILD"].n_unique()
    pop, year = ep.population(data, at)
    return MeasureResult(rate_10k(n, pop), n, pop, {"population_mid_year": year}, ep.ids(s))


def exits_ytd(data: CouncilData, at: date) -> MeasureResult:
    """Children ceasing to be looked after year to date, each counted once on the last occasion (DfE).
    detail: ``periods`` = every occasion, ``display`` = "periods (children)"."""
    last, occasions = ceased(data, at)
    return MeasureResult(last.height, last.height, None,
                         {"periods": occasions, "children": last.height, "display": _display(occasions, last.height)},
                         ep.ids(last))


def exits_rate_10k(data: CouncilData, at: date) -> MeasureResult:
    """Children ceasing to be looked after year to date per 10,000 children 0-17."""
    last, _ = ceased(data, at)
    pop, year = ep.population(data, at)
    return MeasureResult(rate_10k(last.height, pop), last.height, pop, {"population_mid_year": year}, ep.ids(last))


def exit_reasons(data: CouncilData, at: date) -> MeasureResult:
    """Children ceasing year to date by the reason of their last occasion, grouped as DfE publishes (value = total)."""
    last, _ = ceased(data, at)
    groups = [_group_of(r) for r in last["PERIOD_REC"].to_list()]
    order = [g for g, _ in EXIT_GROUPS]
    counts = {g: groups.count(g) for g in dict.fromkeys(order + groups)}
    rows = [{"group": g, "count": n, "pct": pct(n, last.height)} for g, n in counts.items()]
    return MeasureResult(last.height, last.height, None, {"breakdown": rows}, ep.ids(last))


def positive_codes(data: CouncilData) -> frozenset[str]:
    codes = data.settings.get("positive_exit_codes")
    return frozenset(codes) if codes else DEFAULT_POSITIVE_EXITS


def positive_exits_pct(data: CouncilData, at: date) -> MeasureResult:
    """Children ceasing year to date for a 'positive' reason (council setting; default adoption, SGO, CAO, E4A,
    E17, E5) as a percentage of all children ceasing year to date (last occasion)."""
    last, _ = ceased(data, at)
    codes = positive_codes(data)
    pos = last.filter(pl.col("PERIOD_REC").is_in(list(codes)))
    return MeasureResult(pct(pos.height, last.height), pos.height, last.height, {"codes": sorted(codes)}, ep.ids(pos))


def adoptions_ytd(data: CouncilData, at: date) -> MeasureResult:
    """Children ceasing year to date by adoption (last occasion REC E11 or E12; LAIT '% of LAC adopted')."""
    last, _ = ceased(data, at)
    ad = last.filter(pl.col("PERIOD_REC").is_in(list(ADOPTED_REC)))
    return MeasureResult(ad.height, ad.height, None, {}, ep.ids(ad))


def adoptions_pct(data: CouncilData, at: date) -> MeasureResult:
    """Adoptions year to date as a percentage of all children ceasing year to date."""
    last, _ = ceased(data, at)
    ad = last.filter(pl.col("PERIOD_REC").is_in(list(ADOPTED_REC)))
    return MeasureResult(pct(ad.height, last.height), ad.height, last.height, {}, ep.ids(ad))
