"""The CIN census rule registry on the shared engine (:mod:`cphub.rule_engine`), and the helpers the CIN rules share.

Each rule implements the DfE CIN census rule of the same code (list in
``shared/domain/validation-rules/cin_cin2025_26_rules.csv``), in our own words; DfE "QUERY" rules are warnings.
A rule returns the failing rows as a lazy query (``_row`` = position of the ``<Child>`` element, ``LAchildID``).
The rules are split by the table whose rows they report: :mod:`.child`, :mod:`.details`, :mod:`.assessments`,
:mod:`.plans`, :mod:`.section47`, :mod:`.protection_plans`, :mod:`.reviews`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from cphub.cin.reader import Census
from cphub.findings import Severity
from cphub.reference.upn import check_letter
from cphub.rule_engine import Context, RuleFunc, RuleSet

ROW = "_row"
CHILD = "LAchildID"
CIN_RULES = RuleSet("CIN", child=CHILD)


@dataclass
class CinContext(Context):
    """The engine's context for one census: its tables, year and the census itself (for the reference date)."""

    census: Census | None = None

    @classmethod
    def of(cls, census: Census, year: int) -> CinContext:
        return cls(year=year, tables=census.tables, files={t: census.filename for t in census.tables if census.filename},
                   census=census)


def cin_rule(code: str, message: str, table: str, fields: str | tuple[str, ...], severity: Severity = "error",
             years: tuple[int | None, int | None] = (None, None)):
    """Register a CIN rule reporting rows of ``table``."""
    def deco(func: RuleFunc) -> RuleFunc:
        return CIN_RULES.rule(code, message, table, fields, severity, years=years)(func)
    return deco


def failing(df: pl.DataFrame | pl.LazyFrame, mask: pl.Expr) -> pl.LazyFrame:
    """The ``_row``/``LAchildID`` of the rows of ``df`` where ``mask`` holds (null counts as False), lazily."""
    return df.lazy().filter(mask.fill_null(False)).select(ROW, CHILD).unique(maintain_order=True)


def lit_date(d: date) -> pl.Expr:
    return pl.lit(d, dtype=pl.Date)


def outside_year(ctx: CinContext, col: str) -> pl.Expr:
    return pl.col(col).is_not_null() & ~pl.col(col).is_between(lit_date(ctx.start), lit_date(ctx.end))


def with_referral(ctx: CinContext, table: str) -> pl.DataFrame:
    ref = ctx["CINDetails"].select("LAchildID", "CINdetailsID", "CINreferralDate", "ReferralNFA")
    return ctx[table].join(ref, on=["LAchildID", "CINdetailsID"], how="left")


def with_death(ctx: CinContext, table: str) -> pl.DataFrame:
    deaths = ctx["CINChild"].select("LAchildID", "PersonDeathDate").unique("LAchildID", keep="first")
    return ctx[table].join(deaths, on="LAchildID", how="left")


def activity(ctx: CinContext) -> pl.DataFrame:
    keys = ["LAchildID", "CINdetailsID"]
    return pl.concat([ctx[t].select(keys) for t in ("CINAssessments", "CINPlans", "CINSection47",
                                                     "CINProtectionPlans")]).unique()


def overlaps(df: pl.DataFrame, start: str, end: str, by: tuple[str, ...] = (CHILD,)) -> pl.LazyFrame:
    """Rows whose [start, end] (end blank = still open) overlaps another row of the same ``by`` group."""
    far = pl.lit(date(9999, 12, 31))
    d = df.lazy().with_row_index("_i").with_columns(pl.coalesce(pl.col(end), far).alias("_e"))
    j = d.join(d.select(*by, "_i", pl.col(start).alias("_s2"), pl.col("_e").alias("_e2")), on=list(by), suffix="_o")
    j = j.filter((pl.col("_i") != pl.col("_i_o")) & (pl.col(start) < pl.col("_e2")) & (pl.col("_s2") < pl.col("_e")))
    return j.select(ROW, CHILD).unique(maintain_order=True)


def open_s47() -> pl.Expr:
    return pl.col("DateOfInitialCPC").is_null() & (pl.col("ICPCnotRequired") != "1").fill_null(True)


UPN_LAST = "ABCDEFGHJKLMNPQRTUVWXYZ0123456789"
UPN_SHAPE = r"^[A-Z][0-9]{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]$"


def codes_in(col: str) -> pl.Expr:
    """The codes of a comma-separated list field (Disabilities, AssessmentFactors) as a list."""
    return pl.col(col).str.split(",")


def with_others(col: str, code: str) -> pl.Expr:
    """True where the list field holds ``code`` (a "none" code such as NONE or 21) together with other codes."""
    return codes_in(col).list.contains(code) & (codes_in(col).list.len() > 1)


def repeated(col: str) -> pl.Expr:
    """True where the list field gives the same code twice."""
    return codes_in(col).list.n_unique() < codes_in(col).list.len()


def census_wide(failed: bool) -> pl.LazyFrame:
    """A census-wide finding (no row, no child) when ``failed``, else none: for DfE rules on the return as a whole
    (2886Q, 2887Q, 2888Q)."""
    return pl.LazyFrame({ROW: [None] if failed else [], CHILD: [None] if failed else []},
                        schema={ROW: pl.Int64, CHILD: pl.String})


# England and Wales bank holidays (gov.uk/bank-holidays) for working-day counts in the query rules 8569Q, 8670Q and
# 8675Q; years outside this list count weekends only.
BANK_HOLIDAYS = tuple(date.fromisoformat(d) for d in (
    "2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29", "2023-08-28", "2023-12-25",
    "2023-12-26", "2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25",
    "2024-12-26", "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25",
    "2025-12-26", "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25",
    "2026-12-28", "2027-01-01", "2027-03-26", "2027-03-29",
))


def working_days(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Working days (Monday to Friday, not a bank holiday) from ``start`` up to ``end``, ``end`` excluded."""
    return pl.business_day_count(start, end, holidays=list(BANK_HOLIDAYS))



def upn_check_letter(col: str) -> pl.Expr:
    """The check letter the UPN in ``col`` calls for (:func:`cphub.reference.upn.check_letter`), null when its
    characters 2-13 are not a UPN's."""
    return pl.col(col).map_elements(check_letter, return_dtype=pl.String, skip_nulls=True)
