"""Health of children looked after 12 months or more: health assessments and dental checks.

Definitions: ``shared/domain/definitions.md`` §1 rows 9-10 (LAIT LACHealth%, LACDental%). At 31 March, when the
year's OC2 return is loaded, the figure is DfE's: OC2 cohort with the flag = 1 over the OC2 cohort (a refusal
counts as not had). At any other date (or with no OC2) it comes from the dated local records: children looked
after continuously for the 12 months to the date, with a health assessment in the last 12 months (6 months for
under-fives, who need two a year) or a dental check in the last 12 months.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from cphub import calendar
from cphub.measures import episodes as ep
from cphub.measures.base import CouncilData, MeasureResult
from cphub.measures.common import ids, pct, shares, tally


def oc2_year(data: CouncilData, year: int) -> pl.DataFrame:
    """The OC2 rows of collection ``year``, with the child's age at 31 March of that year as AGE."""
    return ep.outcome_year(data, "OC2", year)


def latest_oc2(data: CouncilData, at: date) -> tuple[pl.DataFrame, int | None]:
    """OC2 of the latest collection year ending on or before ``at`` that has rows."""
    oc2 = ep.table(data, "OC2")
    last = calendar.latest_return_year(at)
    all_years = ep.cached(data, "oc2_years", lambda: sorted(
        y for y in oc2["YEAR"].unique().to_list() if y is not None) if "YEAR" in oc2.columns and oc2.height else [])
    years = [y for y in all_years if y <= last]
    if not years:
        return oc2.clear(), None
    return oc2_year(data, years[-1]), years[-1]


def _oc2_flag(data: CouncilData, at: date, flag: str) -> MeasureResult | None:
    """DfE's figure at 31 March from the year's OC2 return (None at other dates or with no OC2 rows)."""
    if not calendar.is_year_end(at):
        return None
    year = calendar.collection_year(at)
    oc2 = oc2_year(data, year)
    if not oc2.height:
        return None
    yes = oc2.filter(pl.col(flag) == "1")
    return MeasureResult(pct(yes.height, oc2.height), yes.height, oc2.height,
                         {"method": f"OC2 {year} return ({flag} = 1)"}, ids(yes), ids(oc2))


def _up_to_date_pct(data: CouncilData, dates: Sequence[date], flag: str, table: str, date_col: str,
                    under5_months: int | None) -> list[MeasureResult]:
    """At 31 March with OC2 rows: OC2 ``flag`` = 1 over the OC2 cohort. Other dates: children looked after
    continuously for 12 months with a ``table`` record in the 12 months (``under5_months`` for under-fives)."""
    out: dict[date, MeasureResult] = {}
    local = []
    for d in dict.fromkeys(dates):
        r = _oc2_flag(data, d, flag)
        if r is not None:
            out[d] = r
        else:
            local.append(d)
    if local:
        df = ep.latest_record_on(data, table, date_col, ep.cla12_on(data, local).select("_AT", "CHILD", "AGE"))
        due = (ep.windows_frame(local, lambda d: calendar.rolling_start(d, 12)).rename({"_FIRST": "_DUE12"})
               .join(ep.windows_frame(local, lambda d: calendar.rolling_start(d, under5_months or 12))
                     .rename({"_FIRST": "_DUE5"}), on="_AT"))
        df = df.join(due, on="_AT")
        ok = pl.col("LAST") >= pl.col("_DUE12")
        if under5_months:
            ok = pl.when(pl.col("AGE") < 5).then(pl.col("LAST") >= pl.col("_DUE5")).otherwise(ok)
        method = f"local {table}: within 12 months" + (f" ({under5_months} for under-fives)" if under5_months else "")
        out.update((r_at, r) for r_at, r in zip(local, shares(tally(df, local, ok), lambda t: {"method": method})))
    return [out[d] for d in dates]


def health_assessment_pct(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """CLA 12 months+ with an up-to-date health assessment (OC2 HEALTH_ASSESSMENT at 31 March; else local records)."""
    return _up_to_date_pct(data, dates, "HEALTH_ASSESSMENT", "health_assessments", "ASSESSMENT_DATE", under5_months=6)


def dental_check_pct(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """CLA 12 months+ with a dental check in the year (OC2 TEETH_CHECK at 31 March; else local records)."""
    return _up_to_date_pct(data, dates, "TEETH_CHECK", "dental_checks", "CHECK_DATE", under5_months=None)
