"""Placement stability: long-term (same carer 2 years+) and short-term (3+ placements in 12 months).

Definitions: ``shared/domain/definitions.md`` §1 rows 13-14 (LAIT LACStable_2016on, LAC_LongStable%). A placement
is a carer spell (new carer at RNE S, P or B), so a move to adoption with the same foster carers (RNE T/U) is
not a change, as DfE says. A temporary placement (T0-T4, e.g. a holiday or hospital stay) and the return to the
normal placement are not counted as changes by default; DfE's rule on them is unverified (definitions §7), so a
council can count them with ``settings["count_temporary_placements"] = True``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from cphub import calendar
from cphub.measures import episodes as ep
from cphub.measures.base import CouncilData, MeasureResult
from cphub.measures.common import shares, tally
from cphub.ssda903.codes import ADOPTION_PLACE


def stability_long_term_pct(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """CLA at the date aged under 16, looked after continuously 2.5 years+ (period of care started on or before
    the date 30 months earlier), who have lived with the same carer for 2 years+ (current spell started on or
    before the date 24 months earlier), or are placed for adoption (A3-A6) where the adoptive placement and the
    one before it together reach 2 years."""
    cuts = (ep.windows_frame(dates, lambda d: calendar.minus_months(d, 30)).rename({"_FIRST": "_CUTP"})
            .join(ep.windows_frame(dates, lambda d: calendar.minus_months(d, 24)).rename({"_FIRST": "_CUTS"}),
                  on="_AT"))
    prev = ep.cached(data, "previous_spell_start", lambda: ep.spells(data).with_columns(
        pl.col("SPELL_START").shift(1).over("PERIOD").alias("PREV_SPELL_START")).select("SPELL", "PREV_SPELL_START"))
    den = (ep.cla_on(data, dates).join(cuts, on="_AT")
           .filter((pl.col("AGE") < 16) & (pl.col("PERIOD_START") <= pl.col("_CUTP")))
           .join(prev, on="SPELL", how="left"))
    ok = (pl.col("SPELL_START") <= pl.col("_CUTS")) | (
        pl.col("PLACE").is_in(list(ADOPTION_PLACE)) & (pl.col("PREV_SPELL_START") <= pl.col("_CUTS")))
    return shares(tally(den, dates, ok))


def placements_in_windows(data: CouncilData, windows: pl.DataFrame) -> pl.DataFrame:
    """Carer spells open at any time in each window (``_AT``, ``_FIRST``): started on or before ``_AT`` and not
    ended on or before ``_FIRST`` (a spell ending on ``_FIRST`` was not open that day). Spells of no length are
    ignored."""
    sp = ep.spells(data).select("CHILD", "SPELL", "SPELL_START", "SPELL_END")
    return (ep.against(windows, sp, "SPELL_START", "SPELL_END")
            .filter((pl.col("SPELL_START") <= pl.col("_AT"))
                    & (pl.col("SPELL_END").is_null() | (pl.col("SPELL_END") > pl.col("_FIRST")))
                    & (pl.col("SPELL_END").is_null() | (pl.col("SPELL_END") > pl.col("SPELL_START")))))


def stability_short_term_pct(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """CLA at the date with 3 or more placements in the 12 months to the date (including the placement open at
    the start of the window and the current one) as a percentage of all CLA at the date."""
    n = (placements_in_windows(data, ep.windows_frame(dates, calendar.rolling_start))
         .group_by("_AT", "CHILD").len("N"))
    df = ep.cla_on(data, dates).select("_AT", "CHILD").join(n, on=["_AT", "CHILD"], how="left")
    return shares(tally(df, dates, pl.col("N").fill_null(0) >= 3))
