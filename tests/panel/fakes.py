"""A tiny hand-made measure registry over a hand-made council, shared by the panel and web scorecard tests.

Council "999": six children's episodes (CHILD, DECOM, DEC). Measures:
* ``looked_after`` (count, n/a): children with an episode open at the date (DECOM <= at, DEC null or > at);
* ``long_stay_pct`` (%, high, target 50): of those, the share looked after 12 months or more;
* ``caseload`` (mean, low, target 2): children per worker, 3 workers (denominator 3).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from cphub.measures.base import CouncilData, Measure, MeasureResult

EPISODES = pl.DataFrame(
    {
        "CHILD": ["A", "B", "C", "D", "E", "F"],
        "DECOM": [date(2022, 1, 10), date(2023, 6, 1), date(2023, 11, 15), date(2024, 1, 5), date(2021, 5, 1),
                  date(2023, 3, 1)],
        "DEC": [None, None, date(2024, 1, 31), None, None, date(2023, 8, 31)],
    }
)


def data() -> CouncilData:
    return CouncilData(la="999", tables={"Episodes": EPISODES}, population={2023: 20000})


def _open(d: CouncilData, at: date) -> pl.DataFrame:
    e = d["Episodes"]
    return e.filter((pl.col("DECOM") <= at) & (pl.col("DEC").is_null() | (pl.col("DEC") > at)))


def looked_after(d: CouncilData, at: date) -> MeasureResult:
    o = _open(d, at)
    return MeasureResult(value=o.height, numerator=o.height, detail={"episodes": o.height},
                         children=o["CHILD"].to_list())


def long_stay(d: CouncilData, at: date) -> MeasureResult:
    o = _open(d, at)
    long = o.filter(pl.col("DECOM") <= date(at.year - 1, at.month, min(at.day, 28)))
    if not o.height:
        return MeasureResult(value=None, numerator=0, denominator=0)
    return MeasureResult(value=100 * long.height / o.height, numerator=long.height, denominator=o.height,
                         children=long["CHILD"].to_list(), cohort=o["CHILD"].to_list())


def caseload(d: CouncilData, at: date) -> MeasureResult:
    o = _open(d, at)
    return MeasureResult(value=o.height / 3, numerator=o.height, denominator=3)


def _m(id, title, unit, good, one_date, target=None, benchmark=None, section="Children looked after"):
    def compute(d, dates):  # the measure contract: many dates, one result each
        return [one_date(d, a) for a in dates]

    return Measure(id=id, title=title, description=f"{title} (test)", definition=f"Definition of {title}",
                   source="test", good_to_be=good, unit=unit, window="as_at", compute=compute,
                   default_target=target, benchmark=benchmark, section=section)


REGISTRY = {
    "looked_after": _m("looked_after", "Children looked after", "count", "n/a", looked_after),
    "long_stay_pct": _m("long_stay_pct", "Looked after 12 months or more", "%", "high", long_stay, target=50,
                        benchmark="long_stay"),
    "caseload": _m("caseload", "Children per social worker", "mean", "low", caseload, target=2,
                   section="Workforce"),
}


def benchmark(key, la, year, statistic):
    if key != "long_stay":
        raise KeyError(key)
    return {"statistical_neighbours": 60.0, "region": 55.5, "england": 58.0, "year": year, "statistic": statistic}
