"""Placement stability: long-term (same carer 2 years+) and short-term (3+ placements in 12 months).

Definitions: ``shared/domain/definitions.md`` §1 rows 13-14 (LAIT LACStable_2016on, LAC_LongStable%). A placement
is a carer spell (new carer at RNE S, P or B), so a move to adoption with the same foster carers (RNE T/U) is
not a change, as DfE says. A temporary placement (T0-T4, e.g. a holiday or hospital stay) and the return to the
normal placement are not counted as changes by default; DfE's rule on them is unverified (definitions §7), so a
council can count them with ``settings["count_temporary_placements"] = True``.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from cphub.measures import episodes as ep
from cphub.measures.base import CouncilData, MeasureResult
from cphub.measures.common import pct
from cphub.ssda903.codes import ADOPTION_PLACE


def stability_long_term_pct(data: CouncilData, at: date) -> MeasureResult:
    """CLA at the date aged under 16, looked after continuously 2.5 years+ (period of care started on or before
    the date 30 months earlier), who have lived with the same carer for 2 years+ (current spell started on or
    before the date 24 months earlier), or are placed for adoption (A3-A6) where the adoptive placement and the
    one before it together reach 2 years."""
    cla = ep.cla_at(data, at)
    cut_period = ep.minus_months(at, 30)
    cut_spell = ep.minus_months(at, 24)
    den = cla.filter((pl.col("AGE") < 16) & (pl.col("PERIOD_START") <= cut_period))
    prev = ep.cached(data, "previous_spell_start", lambda: ep.spells(data).with_columns(
        pl.col("SPELL_START").shift(1).over("PERIOD").alias("PREV_SPELL_START")).select("SPELL", "PREV_SPELL_START"))
    df = den.join(prev, on="SPELL", how="left")
    ok = (pl.col("SPELL_START") <= cut_spell) | (
        pl.col("PLACE").is_in(list(ADOPTION_PLACE)) & (pl.col("PREV_SPELL_START") <= cut_spell))
    yes = df.filter(ok.fill_null(False))
    return MeasureResult(pct(yes.height, df.height), yes.height, df.height, {}, ep.ids(yes))


def placements_in_window(data: CouncilData, first: date, at: date) -> pl.DataFrame:
    """Carer spells open at any time from ``first`` to ``at``: started on or before ``at`` and not ended on or
    before ``first`` (a spell ending on ``first`` was not open that day). Spells of no length are ignored."""
    sp = ep.spells(data)
    return sp.filter((pl.col("SPELL_START") <= at) & (pl.col("SPELL_END").is_null() | (pl.col("SPELL_END") > first))
                     & (pl.col("SPELL_END").is_null() | (pl.col("SPELL_END") > pl.col("SPELL_START"))))


def stability_short_term_pct(data: CouncilData, at: date) -> MeasureResult:
    """CLA at the date with 3 or more placements in the 12 months to the date (including the placement open at
    the start of the window and the current one) as a percentage of all CLA at the date."""
    cla = ep.cla_at(data, at)
    first = ep.rolling_start(at)
    n = placements_in_window(data, first, at).group_by("CHILD").len("N")
    df = cla.select("CHILD").join(n, on="CHILD", how="left")
    yes = df.filter(pl.col("N").fill_null(0) >= 3)
    return MeasureResult(pct(yes.height, df.height), yes.height, df.height, {}, ep.ids(yes))
