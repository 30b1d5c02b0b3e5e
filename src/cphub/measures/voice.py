"""Children's voice and councillors' training measures (issue 14 item 8; LGA guide, seed 004: "What
arrangements are in place for children to have access to independent advocates and how many take this up?",
"All looked-after children should be offered the chance to have an independent visitor", "Every councillor
should have training on their corporate parenting role").

Written to the many-dates contract: ``compute(data, dates) -> list[MeasureResult]``, one result per date in
order.

Data: the local tables ``advocacy_referrals``, ``independent_visitors`` and ``councillor_training``
(:mod:`cphub.local.schema`), CSV-importable like the other local tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from cphub import calendar
from cphub.measures import episodes as ep
from cphub.measures.base import CouncilData, MeasureResult
from cphub.measures.common import pct


def _in_window(df: pl.DataFrame, column: str, at: date) -> pl.DataFrame:
    """Rows dated in the 12 months ending on ``at`` (rolling_12m window)."""
    start = calendar.rolling_start(at, 12)
    return df.filter(pl.col(column).is_between(start, at))


def advocacy_referrals_12m(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """Referrals of children looked after to an advocate in the 12 months to each date (value = referrals;
    detail: taken up or not)."""
    refs = ep.table(data, "advocacy_referrals")
    out = []
    for at in dates:
        w = _in_window(refs, "REFERRAL_DATE", at)
        taken = int(w["TAKEN_UP"].fill_null(False).sum()) if w.height else 0
        ids = sorted(set(w["CHILD"].to_list()))
        out.append(MeasureResult(w.height, w.height, None,
                                 {"by_take_up": [{"group": "Taken up", "count": taken},
                                                 {"group": "Not taken up", "count": w.height - taken}]}, ids))
    return out


def advocacy_take_up_pct(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """Of the children referred to an advocate in the 12 months to each date, the percentage who took it up
    (at least one referral in the window taken up)."""
    refs = ep.table(data, "advocacy_referrals")
    out = []
    for at in dates:
        w = _in_window(refs, "REFERRAL_DATE", at)
        referred = sorted(set(w["CHILD"].to_list()))
        taken = sorted(set(w.filter(pl.col("TAKEN_UP").fill_null(False))["CHILD"].to_list()))
        out.append(MeasureResult(pct(len(taken), len(referred)), len(taken), len(referred), {}, taken, referred))
    return out


def independent_visitor_pct(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """Children looked after at each date who have an independent visitor (a match started on or before the
    date and not ended before it), as a percentage of children looked after."""
    iv = ep.table(data, "independent_visitors")
    out = []
    for at in dates:
        cla = ep.cla_at(data, at).select("CHILD").unique()
        current = iv.filter((pl.col("START_DATE") <= at) & (pl.col("END_DATE").is_null() | (pl.col("END_DATE") >= at)))
        with_iv = cla.filter(pl.col("CHILD").is_in(current["CHILD"].implode()))
        out.append(MeasureResult(pct(with_iv.height, cla.height), with_iv.height, cla.height, {},
                                 sorted(with_iv["CHILD"].to_list()), sorted(cla["CHILD"].to_list())))
    return out


def councillor_training_12m(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """Councillors who completed corporate-parenting training in the 12 months to each date (distinct
    councillors; detail by course). Councillors are not children: the list of names is not kept in
    ``children``."""
    tr = ep.table(data, "councillor_training")
    out = []
    for at in dates:
        w = _in_window(tr, "TRAINING_DATE", at)
        by_course = [{"group": c, "count": n} for c, n in
                     sorted(w.group_by("COURSE").agg(pl.col("COUNCILLOR").n_unique()).iter_rows())] if w.height else []
        n = w["COUNCILLOR"].n_unique() if w.height else 0
        out.append(MeasureResult(n, n, None, {"by_course": by_course}, []))
    return out
