"""Children starting and ceasing to be looked after, year to date (from 1 April), reasons, positive exits, adoptions.

Definitions: ``shared/domain/definitions.md`` §1 rows 3-8 and §2.4 (LAIT LAC_Start_Rate, LAC_Cease_Rate,
"% of LAC adopted"). Short breaks (V3/V4) are excluded; a child is counted once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from cphub import calendar
from cphub.measures import episodes as ep
from cphub.measures.base import CouncilData, MeasureResult
from cphub.measures.common import Tally, later, pct, rate_10k, shares, tally, yes_counts
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


def starts_on(data: CouncilData, dates: Sequence[date]) -> pl.DataFrame:
    """Periods of care (short breaks excluded) starting from 1 April of the collection year to each date inclusive,
    stacked by ``_AT``."""
    key = ep.key_of(dates)
    return ep.cached(data, ("starts_on", key), lambda: (
        ep.against(ep.windows_frame(key, calendar.year_start_of), ep.periods(data), "PERIOD_START", "PERIOD_START")
        .filter(pl.col("PERIOD_START").is_between(pl.col("_FIRST"), pl.col("_AT")))))


def ceased_on(data: CouncilData, dates: Sequence[date]) -> tuple[pl.DataFrame, dict[date, int]]:
    """Children ceasing to be looked after from 1 April to each date inclusive (a period whose last episode has
    DEC in the window and REC not X1), stacked by ``_AT``: one row per child, their *last* occasion; and the
    number of occasions per date."""
    key = ep.key_of(dates)

    def build():
        # a period ending with no reason (a stale open episode, see episodes.episodes) is not an exit
        p = (ep.against(ep.windows_frame(key, calendar.year_start_of), ep.periods(data), "PERIOD_END", "PERIOD_END")
             .filter(pl.col("PERIOD_END").is_between(pl.col("_FIRST"), pl.col("_AT"))
                     & pl.col("PERIOD_REC").is_not_null() & (pl.col("PERIOD_REC") != "X1")))
        occasions = dict(p.group_by("_AT").len().iter_rows())
        last = p.sort("_AT", "PERIOD_END").unique(["_AT", "CHILD"], keep="last", maintain_order=True)
        return last, occasions
    return ep.cached(data, ("ceased_on", key), build)


def _display(occasions: int, children: int) -> str:
    return f"{occasions} ({children})"


def entries_ytd(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """Children starting to be looked after year to date (DfE: RNE S, not V3/V4, a child counted once).
    detail: ``periods`` = starts counting every occasion, ``display`` = "periods (children)" as panel packs show."""
    return [MeasureResult(t.children, t.children, None,
                          {"periods": t.rows, "children": t.children, "display": _display(t.rows, t.children)},
                          t.cohort_ids) for t in tally(starts_on(data, dates), dates)]


def entries_rate_10k(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """Children starting to be looked after year to date per 10,000 children 0-17 (previous mid-year estimate)."""
    out = []
    for t in tally(starts_on(data, dates), dates):
        pop, year = ep.population(data, t.at)
        out.append(MeasureResult(rate_10k(t.children, pop), t.children, pop, {"population_mid_year": year},
                                 t.cohort_ids))
    return out


def _ceased(data: CouncilData, dates: Sequence[date], yes: pl.Expr | None = None) -> tuple[list[Tally], dict]:
    last, occasions = ceased_on(data, dates)
    return tally(last, dates, yes), occasions


def exits_ytd(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """Children ceasing to be looked after year to date, each counted once on the last occasion (DfE).
    detail: ``periods`` = every occasion, ``display`` = "periods (children)"."""
    tallies, occasions = _ceased(data, dates)
    return [MeasureResult(t.rows, t.rows, None,
                          {"periods": occasions.get(t.at, 0), "children": t.rows,
                           "display": _display(occasions.get(t.at, 0), t.rows)}, t.cohort_ids) for t in tallies]


def exits_rate_10k(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """Children ceasing to be looked after year to date per 10,000 children 0-17."""
    out = []
    for t in _ceased(data, dates)[0]:
        pop, year = ep.population(data, t.at)
        out.append(MeasureResult(rate_10k(t.rows, pop), t.rows, pop, {"population_mid_year": year}, t.cohort_ids))
    return out


def exit_reasons(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """Children ceasing year to date by the reason of their last occasion, grouped as DfE publishes (value = total)."""
    def detail(t: Tally) -> dict:
        groups = [_group_of(r) for r in t.frame()["PERIOD_REC"].to_list()]
        order = [g for g, _ in EXIT_GROUPS]
        n_by = {g: groups.count(g) for g in dict.fromkeys(order + groups)}
        return {"breakdown": [{"group": g, "count": n, "pct": pct(n, t.rows)} for g, n in n_by.items()]}
    return [MeasureResult(t.rows, t.rows, None, later(detail, t), t.cohort_ids) for t in _ceased(data, dates)[0]]


def positive_codes(data: CouncilData) -> frozenset[str]:
    codes = data.settings.get("positive_exit_codes")
    return frozenset(str(c) for c in codes) if codes and isinstance(codes, (list, tuple, set, frozenset)) \
        else DEFAULT_POSITIVE_EXITS


def positive_exits_pct(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """Children ceasing year to date for a 'positive' reason (council setting; default adoption, SGO, CAO, E4A,
    E17, E5) as a percentage of all children ceasing year to date (last occasion)."""
    codes = positive_codes(data)
    return shares(_ceased(data, dates, pl.col("PERIOD_REC").is_in(list(codes)))[0], lambda t: {"codes": sorted(codes)})


def adoptions_ytd(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """Children ceasing year to date by adoption (last occasion REC E11 or E12; LAIT '% of LAC adopted')."""
    return yes_counts(_ceased(data, dates, pl.col("PERIOD_REC").is_in(list(ADOPTED_REC)))[0])


def adoptions_pct(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """Adoptions year to date as a percentage of all children ceasing year to date."""
    return shares(_ceased(data, dates, pl.col("PERIOD_REC").is_in(list(ADOPTED_REC)))[0])
