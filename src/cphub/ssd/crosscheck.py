"""Cross-check the episodes read from SSD against the council's own SSDA903 returns, when it has both: the same
children, the same episodes (by child and start date) and the same details, over the years the returns cover.

Differences are listed, one per episode and field, so the analyst can see whether the SSD extract or the 903
extract needs correcting before either is submitted or relied on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

FIELDS = ("RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST",
          "URN")


@dataclass(frozen=True)
class Difference:
    child: str
    decom: date
    field: str  # "episode" when the whole episode is in one source only
    ssd: object
    ssda903: object

    def __str__(self) -> str:
        if self.field == "episode":
            where = "SSD only" if self.ssd else "SSDA903 only"
            return f"child {self.child}, episode from {self.decom:%d/%m/%Y}: {where}"
        return f"child {self.child}, episode from {self.decom:%d/%m/%Y}: {self.field} is {self.ssd!r} in SSD, " \
               f"{self.ssda903!r} in the SSDA903 return"


def compare(ssd: pl.DataFrame, returns: pl.DataFrame, start: date, end: date) -> list[Difference]:
    """Episodes overlapping ``start``..``end`` (the returns' collection years) in either source, compared."""
    def window(df: pl.DataFrame) -> pl.DataFrame:
        return df.filter((pl.col("DECOM") <= end) & (pl.col("DEC").is_null() | (pl.col("DEC") >= start)))

    a, b = window(ssd).select("CHILD", "DECOM", *FIELDS), window(returns).select("CHILD", "DECOM", *FIELDS)
    out: list[Difference] = []
    for row in a.join(b, on=["CHILD", "DECOM"], how="anti").iter_rows(named=True):
        out.append(Difference(row["CHILD"], row["DECOM"], "episode", True, None))
    for row in b.join(a, on=["CHILD", "DECOM"], how="anti").iter_rows(named=True):
        out.append(Difference(row["CHILD"], row["DECOM"], "episode", None, True))
    both = a.join(b, on=["CHILD", "DECOM"], how="inner", suffix="_903")
    for f in FIELDS:
        for row in both.filter(pl.col(f).ne_missing(pl.col(f"{f}_903"))).iter_rows(named=True):
            out.append(Difference(row["CHILD"], row["DECOM"], f, row[f], row[f"{f}_903"]))
    return sorted(out, key=lambda d: (d.child, d.decom, d.field))
