"""Who was where at each month end: the observed history the model is estimated from and compared with.

Input: SSDA903 Episodes (CHILD, DECOM, DEC, LS, PLACE, PLACE_PROVIDER, REC; all years merged, as
``cphub.web.store.frames.ssda903_table`` or ``cphub.ssda903.reader.merge_years`` give them) and Header (CHILD, DOB).
A child is looked after at the end of day ``d`` when an episode has DECOM <= d and DEC blank or after d (the
DfE 31 March rule); short breaks (LS V3/V4) are not counted, as in the DfE figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from cphub.calendar import add_months, month_end
from cphub.forecast.states import MAX_AGE_MONTHS, PLACEMENT_TYPES, SHORT_BREAK_LS, exit_reason_expr, placement_type_expr


def month_ends(last: date, n: int) -> list[date]:
    """The ``n`` month ends up to and including the one of ``last`` (oldest first)."""
    out = []
    for k in range(n - 1, -1, -1):
        d = add_months(last, -k)
        out.append(month_end(d.year, d.month))
    return out


def age_months_expr(dob: str, at: pl.Expr) -> pl.Expr:
    """Age in whole months on ``at`` (a birthday-of-the-month rule: the month is complete on the same day
    number, or the month's last day when it is shorter)."""
    d = pl.col(dob)
    months = (at.dt.year() - d.dt.year()) * 12 + (at.dt.month() - d.dt.month())
    short = at.dt.day() < d.dt.day()
    last_day = at.dt.month_end().dt.day() == at.dt.day()
    return (months - (short & ~last_day).cast(pl.Int32)).cast(pl.Int32)


@dataclass(frozen=True)
class History:
    """Episodes ready for the forecast: one row per episode with CHILD, DOB, DECOM, DEC (blank = open at
    ``as_at``), ptype (:data:`PLACEMENT_TYPES`) and exit (REC group when the episode ended the period of care)."""

    episodes: pl.DataFrame
    as_at: date
    data_from: date | None = None  # first day the returns cover (1 April of the earliest collection year)

    def months_available(self) -> int:
        """Whole month steps between the first complete month end (the day before ``data_from``) and ``as_at``."""
        if self.data_from is None:
            return 10**6
        first = self.data_from.toordinal() - 1
        d0 = date.fromordinal(first)
        return max(0, (self.as_at.year - d0.year) * 12 + self.as_at.month - d0.month)

    def truncate(self, cutoff: date) -> History:
        """What was known on ``cutoff``: later episodes dropped, later ends blanked (for the backtest)."""
        e = self.episodes.filter(pl.col("DECOM") <= cutoff).with_columns(
            pl.when(pl.col("DEC") > cutoff).then(None).otherwise(pl.col("DEC")).alias("DEC"),
            pl.when(pl.col("DEC") > cutoff).then(None).otherwise(pl.col("exit")).alias("exit"))
        return History(e, cutoff, self.data_from)


def prepare(episodes: pl.DataFrame, header: pl.DataFrame, as_at: date | None = None) -> History:
    """Build :class:`History` from Episodes and Header frames (typed dates). ``as_at`` defaults to the latest
    31 March on or after the last date in the data; with a YEAR column (the store's and ``merge_years``' frames)
    the history knows where the returns start, and the estimation windows stay inside it."""
    dob = header.select("CHILD", "DOB").drop_nulls().unique("CHILD", keep="last")
    data_from = None
    if "YEAR" in episodes.columns and episodes["YEAR"].drop_nulls().len():
        data_from = date(int(episodes["YEAR"].min()) - 1, 4, 1)
    e = (episodes.filter(~pl.col("LS").is_in(sorted(SHORT_BREAK_LS)) | pl.col("LS").is_null())
         .unique(["CHILD", "DECOM"], keep="last", maintain_order=True)
         .join(dob, on="CHILD", how="inner")
         .select("CHILD", "DOB", "DECOM", "DEC",
                 placement_type_expr().alias("ptype"),
                 pl.when(pl.col("REC").is_not_null() & (pl.col("REC") != "X1"))
                 .then(exit_reason_expr()).otherwise(None).alias("exit"))
         .sort("CHILD", "DECOM"))
    # Start of the period of care each episode belongs to (a new period when the previous episode ended on
    # another day or ended care).
    new_period = (pl.col("DEC").shift(1).over("CHILD") != pl.col("DECOM")) | pl.col("DEC").shift(1).over(
        "CHILD").is_null() | pl.col("exit").shift(1).over("CHILD").is_not_null()
    e = e.with_columns(new_period.fill_null(True).cum_sum().over("CHILD").alias("_period")).with_columns(
        pl.col("DECOM").min().over("CHILD", "_period").alias("period_start")).drop("_period")
    if as_at is None:
        last = max(d for d in (e["DECOM"].max(), e["DEC"].max()) if d is not None) if e.height else date.today()
        as_at = date(last.year, 3, 31) if (last.month, last.day) <= (3, 31) else date(last.year + 1, 3, 31)
    return History(e, as_at, data_from)


def snapshots(history: History, dates: list[date]) -> pl.DataFrame:
    """One row per child looked after at the end of each of ``dates``: k (index into dates), date, CHILD,
    age_m (whole months), ptype, dur_m (whole months since the period of care started)."""
    d = pl.DataFrame({"k": list(range(len(dates))), "date": dates}, schema={"k": pl.Int32, "date": pl.Date})
    e = history.episodes.filter(pl.col("DECOM") <= max(dates))
    s = (e.join(d, how="cross")
         .filter(pl.col("DECOM") <= pl.col("date"), pl.col("DEC").is_null() | (pl.col("DEC") > pl.col("date")))
         .with_columns(age_months_expr("DOB", pl.col("date")).alias("age_m"),
                       age_months_expr("period_start", pl.col("date")).alias("dur_m"))
         .filter(pl.col("age_m") < MAX_AGE_MONTHS, pl.col("age_m") >= 0)
         .sort("k", "CHILD", "DECOM")
         .unique(["k", "CHILD"], keep="last", maintain_order=True))
    return s.select("k", "date", "CHILD", "age_m", "ptype", "dur_m")


def transitions(history: History, dates: list[date]) -> pl.DataFrame:
    """Month-to-month changes between consecutive ``dates``: one row per child looked after at the start of a
    step (k = the step's end index) with age and months in care at the start, ptype at the start and ``to`` (a placement type,
    an exit reason, or ``aged_18`` when the 18th birthday falls in the step); plus entry rows (``from`` blank):
    children looked after at the end of a step and not at its start."""
    s = snapshots(history, dates)
    before = s.with_columns((pl.col("k") + 1).alias("k")).rename({"age_m": "age_from", "ptype": "from",
                                                                  "dur_m": "dur_from"})
    after = s.filter(pl.col("k") > 0).rename({"age_m": "age_to", "ptype": "to_type", "dur_m": "dur_to"}).drop(
        "date")
    both = before.drop("date").filter(pl.col("k") < len(dates)).join(after, on=["k", "CHILD"], how="full",
                                                                       coalesce=True)
    # Why a child left: the period-ending episode that ended within the step.
    ends = (history.episodes.filter(pl.col("exit").is_not_null())
            .join(pl.DataFrame({"k": list(range(1, len(dates))), "lo": dates[:-1], "hi": dates[1:]},
                               schema={"k": pl.Int32, "lo": pl.Date, "hi": pl.Date}), how="cross")
            .filter(pl.col("DEC") > pl.col("lo"), pl.col("DEC") <= pl.col("hi"))
            .sort("DEC").unique(["k", "CHILD"], keep="last").select("k", "CHILD", "exit"))
    out = (both.join(ends, on=["k", "CHILD"], how="left")
           .with_columns(pl.when(pl.col("to_type").is_not_null()).then(pl.col("to_type"))
                         .when(pl.col("age_from") + 1 >= MAX_AGE_MONTHS).then(pl.lit("aged_18"))
                         .otherwise(pl.col("exit").fill_null("exit_other")).alias("to")))
    return out.select("k", "CHILD", "age_from", "from", "dur_from", "age_to", "to", "dur_to").sort("k", "CHILD")


def counts_by_type(snap: pl.DataFrame, n_dates: int) -> dict[str, list[int]]:
    """Children by placement type (and ``total``) at each snapshot index 0..n_dates-1."""
    g = snap.group_by("k", "ptype").len()
    out = {t: [0] * n_dates for t in PLACEMENT_TYPES}
    for k, t, n in g.iter_rows():
        out[t][k] = n
    out["total"] = [sum(out[t][k] for t in PLACEMENT_TYPES) for k in range(n_dates)]
    return out
