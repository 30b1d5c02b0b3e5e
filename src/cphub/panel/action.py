"""Drill to action (issue 11, item 6): which children behind a measure need action, with what makes the list
usable (age, placement, days overdue, allocated social worker). Plain Python + Polars over CouncilData.

* A measure whose "good to be" is **high** (e.g. visits on time): the children who need action are the ones in
  the cohort (denominator) but **not** in the numerator: the not-visited, the not-assessed.
* A measure whose "good to be" is **low** (e.g. three or more moves): the children **in** the numerator.
* A context measure (n/a): no one needs action because of the figure; the children behind it are listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from cphub.measures.base import CouncilData
from cphub.panel.scorecard import Row


@dataclass
class ChildLine:
    child: str
    age: int | None
    placement: str
    days_overdue: int | None
    worker: str


def needs_action(row: Row) -> list[str]:
    """The CHILD ids who need action, by the rule in the module docstring."""
    good = row.measure.good_to_be
    if good == "high":
        counted = set(row.children)
        return sorted(c for c in row.cohort if c not in counted)
    if good == "low":
        return sorted(row.children)
    return []


def _days_overdue(measure_id: str, data: CouncilData, at: date) -> dict[str, int]:
    """Days past due for measures with a due date: statutory visits (the regulation 28 interval after the last
    visit, from :func:`cphub.measures.visits_workforce.visits_status`)."""
    if measure_id not in ("visits_in_time_pct", "visits_seen_alone_pct"):
        return {}
    from cphub.measures.visits_workforce import visits_status

    late = visits_status(data, [at]).filter(~pl.col("IN_TIME"))
    return {child: max(0, (at - due).days) for child, due in late.select("CHILD", "DUE").iter_rows()}


def child_lines(row: Row, data: CouncilData, at: date, ids: list[str]) -> list[ChildLine]:
    """Age at ``at``, current placement (SSDA903 PLACE code), days overdue and allocated social worker for
    each of ``ids``, most overdue first."""
    if not ids:
        return []
    from cphub.measures import episodes as ep

    wanted = pl.Series(ids, dtype=pl.String).implode()

    def table(name: str, *cols: str) -> pl.DataFrame:
        df = data.tables.get(name)
        return df if df is not None and all(c in df.columns for c in cols) else pl.DataFrame()

    header = table("Header", "CHILD", "DOB")
    ages: dict[str, int | None] = {}
    if header.height:
        h = header.filter(pl.col("CHILD").is_in(wanted)).select("CHILD", "DOB").unique("CHILD")
        h = h.with_columns(ep.age_expr(pl.col("DOB"), at).alias("AGE"))
        ages = dict(h.select("CHILD", "AGE").iter_rows())
    eps = table("Episodes", "CHILD", "DECOM", "DEC", "PLACE")
    place: dict[str, str] = {}
    if eps.height:
        open_ = ep.open_at(eps.filter(pl.col("CHILD").is_in(wanted)), at)
        place = dict(open_.sort("DECOM").unique("CHILD", keep="last").select("CHILD", "PLACE").iter_rows())
    sw = table("SWEpisodes", "CHILD", "SW_ID", "SW_DECOM", "SW_DEC")
    worker: dict[str, str] = {}
    if sw.height:
        open_sw = ep.open_at(sw.filter(pl.col("CHILD").is_in(wanted)), at, "SW_DECOM", "SW_DEC")
        worker = dict(open_sw.sort("SW_DECOM").unique("CHILD", keep="last").select("CHILD", "SW_ID").iter_rows())
    overdue = _days_overdue(row.id, data, at)
    from cphub.ssda903.codes import describe

    def placement(code: str | None) -> str:
        return f"{code}: {describe('PLACE', code)}" if code else "Not looked after"

    lines = [ChildLine(c, ages.get(c), placement(place.get(c)), overdue.get(c), worker.get(c) or "None recorded")
             for c in ids]
    return sorted(lines, key=lambda x: (-(x.days_overdue or 0), x.child))
