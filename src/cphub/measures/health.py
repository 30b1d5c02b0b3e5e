"""Health of children looked after 12 months or more: health assessments and dental checks.

Definitions: ``shared/domain/definitions.md`` §1 rows 9-10 (LAIT LACHealth%, LACDental%). At 31 March, when the
year's OC2 return is loaded, the figure is DfE's: OC2 cohort with the flag = 1 over the OC2 cohort (a refusal
counts as not had). At any other date (or with no OC2) it comes from the dated local records: children looked
after continuously for the 12 months to the date, with a health assessment in the last 12 months (6 months for
under-fives, who need two a year) or a dental check in the last 12 months.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from cphub.measures import episodes as ep
from cphub.measures.base import CouncilData, MeasureResult
from cphub.measures.common import pct


def oc2_year(data: CouncilData, year: int) -> pl.DataFrame:
    """The OC2 rows of collection ``year``, with the child's age at 31 March of that year as AGE."""
    def build():
        oc2 = ep.table(data, "OC2")
        if "YEAR" in oc2.columns:
            oc2 = oc2.filter(pl.col("YEAR") == year)
        dob = pl.col("DOB")
        if oc2.height and oc2["DOB"].null_count():
            oc2 = oc2.drop("DOB").join(ep.header(data).select("CHILD", "DOB"), on="CHILD", how="left")
        return oc2.unique("CHILD", keep="last").with_columns(ep.age_expr(dob, date(year, 3, 31)).alias("AGE"))
    return ep.cached(data, ("oc2", year), build)


def latest_oc2(data: CouncilData, at: date) -> tuple[pl.DataFrame, int | None]:
    """OC2 of the latest collection year ending on or before ``at`` that has rows."""
    oc2 = ep.table(data, "OC2")
    last = ep.collection_year(at) if ep.is_31_march(at) else ep.collection_year(at) - 1
    all_years = ep.cached(data, "oc2_years", lambda: sorted(
        y for y in oc2["YEAR"].unique().to_list() if y is not None) if "YEAR" in oc2.columns and oc2.height else [])
    years = [y for y in all_years if y <= last]
    if not years:
        return oc2.clear(), None
    return oc2_year(data, years[-1]), years[-1]


def _oc2_flag(data: CouncilData, at: date, flag: str) -> MeasureResult | None:
    if not ep.is_31_march(at):
        return None
    year = ep.collection_year(at)
    oc2 = oc2_year(data, year)
    if not oc2.height:
        return None
    yes = oc2.filter(pl.col(flag) == "1")
    return MeasureResult(pct(yes.height, oc2.height), yes.height, oc2.height,
                         {"method": f"OC2 {year} return ({flag} = 1)"}, ep.ids(yes))


def _local(data: CouncilData, at: date, table: str, date_col: str, under5_months: int | None) -> MeasureResult:
    cohort = ep.continuously_looked_after_12m(data, at)
    df = ep.latest_record(data, table, date_col, cohort.select("CHILD", "AGE"), at)
    due12 = ep.rolling_start(at, 12)
    ok = pl.col("LAST") >= pl.lit(due12)
    if under5_months:
        due_under5 = ep.rolling_start(at, under5_months)
        ok = pl.when(pl.col("AGE") < 5).then(pl.col("LAST") >= pl.lit(due_under5)).otherwise(ok)
    yes = df.filter(ok.fill_null(False))
    method = f"local {table}: within 12 months" + (f" ({under5_months} for under-fives)" if under5_months else "")
    return MeasureResult(pct(yes.height, df.height), yes.height, df.height, {"method": method}, ep.ids(yes),
                         ep.ids(df))


def health_assessment_pct(data: CouncilData, at: date) -> MeasureResult:
    """CLA 12 months+ with an up-to-date health assessment (OC2 HEALTH_ASSESSMENT at 31 March; else local records)."""
    return (_oc2_flag(data, at, "HEALTH_ASSESSMENT")
            or _local(data, at, "health_assessments", "ASSESSMENT_DATE", under5_months=6))


def dental_check_pct(data: CouncilData, at: date) -> MeasureResult:
    """CLA 12 months+ with a dental check in the year (OC2 TEETH_CHECK at 31 March; else local records)."""
    return _oc2_flag(data, at, "TEETH_CHECK") or _local(data, at, "dental_checks", "CHECK_DATE", under5_months=None)
