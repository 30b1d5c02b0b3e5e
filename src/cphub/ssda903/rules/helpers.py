"""Shared building blocks for the SSDA903 validation rules (dates, ages, periods of care, joins to Header).

Every helper is a plain function over Polars frames or expressions; none changes its input. Rules return
frames with ``_row`` and ``CHILD`` (see :mod:`cphub.ssda903.rules.base`), so most rules end with
:func:`failing`.

Period of care (``shared/domain/definitions.md`` §0): a chain of episodes in which each episode's DEC equals
the next episode's DECOM and the earlier episode has REC = X1; it begins at RNE = S (or at the child's first
episode in the file) and ends at the first episode with DEC set and REC other than X1.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from cphub import calendar
from cphub.rule_engine import not_in_codes
from cphub.ssda903.codes import valid_codes
from cphub.ssda903.rules.base import Context

ROW = "_row"
KEEP = [ROW, "CHILD"]


# ---------------------------------------------------------------------------------------------- results
def failing(df: pl.DataFrame | pl.LazyFrame, mask: pl.Expr | None = None, table: str | None = None) -> pl.LazyFrame:
    """The ``_row``/``CHILD`` (and ``_table``) columns of ``df`` where ``mask`` holds (null counts as False), as a
    lazy query the engine collects with every other rule's."""
    lf = df.lazy()
    if mask is not None:
        lf = lf.filter(mask.fill_null(False))
    lf = lf.select(KEEP)
    if table is not None:
        lf = lf.with_columns(pl.lit(table).alias("_table"))
    return lf.unique(maintain_order=True)


def none() -> pl.LazyFrame:
    """An empty result."""
    return pl.LazyFrame(schema={ROW: pl.Int64, "CHILD": pl.String})


def combine(*parts: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """Concatenate results from several tables (each should carry ``_table``)."""
    if not parts:
        return none()
    lazy = [p.lazy() for p in parts]
    cols = [ROW, "CHILD", "_table"] if any("_table" in p.collect_schema().names() for p in lazy) else KEEP
    return pl.concat([p.select(cols) for p in lazy], how="vertical_relaxed").unique(maintain_order=True)


# ---------------------------------------------------------------------------------------------- values
def blank(col: str | pl.Expr) -> pl.Expr:
    """True where the value is missing."""
    e = pl.col(col) if isinstance(col, str) else col
    return e.is_null()


def present(col: str | pl.Expr) -> pl.Expr:
    e = pl.col(col) if isinstance(col, str) else col
    return e.is_not_null()


def invalid_code(col: str, year: int, list_name: str | None = None, allow_blank: bool = False) -> pl.Expr:
    """True where ``col`` is not a code valid in ``year`` from the list (default: the list named like the column),
    compared upper-cased as DfE does. Blank counts as invalid unless ``allow_blank``."""
    return not_in_codes(col, valid_codes(list_name or col, year), allow_blank)


def in_codes(col: str, codes) -> pl.Expr:
    """True where ``col`` is one of ``codes`` (null -> False)."""
    return pl.col(col).cast(pl.String).is_in(sorted(codes)).fill_null(False)


def unparsed(ctx: Context, table: str, column: str) -> pl.DataFrame:
    """Rows where the raw value of a date/number column could not be parsed (kept by the reader in ``ctx.cache``).

    The reader turns unparseable values into nulls and records them; a rule "X is not a valid date" reports
    those rows plus, where the field is mandatory, blank ones."""
    bad = ctx.cache.get("unparsed", {})
    rows = bad.get((table, column), [])
    df = ctx.tables[table]
    return df.filter(pl.col(ROW).is_in(rows)) if rows else df.clear()


# ---------------------------------------------------------------------------------------------- dates
def lit_date(d: date) -> pl.Expr:
    return pl.lit(d, dtype=pl.Date)


def add_years(col: str | pl.Expr, years: int) -> pl.Expr:
    """The date ``years`` later; 29 February becomes 1 March in a non-leap year (:func:`cphub.calendar.birthday_expr`)."""
    return calendar.birthday_expr(col, years)


def birthday(dob: str | pl.Expr, years: int) -> pl.Expr:
    """The child's ``years``-th birthday (a 29 February birthday falls on 1 March in non-leap years)."""
    return calendar.birthday_expr(dob, years)


def age_at(dob: str | pl.Expr, when: date | str | pl.Expr) -> pl.Expr:
    """Whole years of age on ``when`` (a date, a date column name or an expression): :func:`cphub.calendar.age_expr`."""
    return calendar.age_expr(dob, when)


def days_between(start: str | pl.Expr, end: str | pl.Expr) -> pl.Expr:
    """Whole days from ``start`` to ``end`` (end - start)."""
    s = pl.col(start) if isinstance(start, str) else start
    e = pl.col(end) if isinstance(end, str) else end
    return (e - s).dt.total_days()


def in_year(col: str | pl.Expr, ctx: Context) -> pl.Expr:
    """True where the date falls in the collection year so far (1 April to 31 March inclusive, or to the extract
    date of an in-year extract: :attr:`Context.period_end`)."""
    e = pl.col(col) if isinstance(col, str) else col
    return e.is_between(lit_date(ctx.start), lit_date(ctx.period_end))


# ---------------------------------------------------------------------------------------------- joins
def with_header(df: pl.DataFrame, ctx: Context, cols: tuple[str, ...] = ("DOB",), suffix: str = "_HDR",
                previous: bool = False) -> pl.DataFrame:
    """``df`` with Header columns joined by CHILD (first Header row per child).

    A column that ``df`` already has is joined as ``<name><suffix>`` (e.g. ``DOB_HDR``)."""
    header = ctx.last("Header") if previous else ctx.tables.get("Header")
    if header is None:
        header = pl.DataFrame(schema={"CHILD": pl.String, **{c: pl.String for c in cols}})
    right = header.select(["CHILD", *cols]).unique("CHILD", keep="first")
    rename = {c: f"{c}{suffix}" for c in cols if c in df.columns}
    return df.join(right.rename(rename), on="CHILD", how="left")


def first_per_child(df: pl.DataFrame, by: str) -> pl.DataFrame:
    """The earliest row per child by ``by``."""
    return df.sort(["CHILD", by], nulls_last=True).unique("CHILD", keep="first", maintain_order=True)


# ---------------------------------------------------------------------------------------------- episodes
def episodes(ctx: Context) -> pl.DataFrame:
    """This year's Episodes sorted by child and start date, with neighbours and period-of-care ids (cached).

    Added columns: ``_seq`` (0-based order within the child), ``_first``/``_last`` (first/last episode of the
    child in this file), ``PREV_DEC``, ``PREV_REC``, ``PREV_PLACE``, ``PREV_LS``, ``PREV_DECOM``, ``PREV_RNE``,
    ``PREV_PL_POST``,
    ``NEXT_DECOM``, ``NEXT_RNE``, ``NEXT_PLACE``, ``NEXT_LS``, ``NEXT_PL_POST``, ``_poc`` (period-of-care id
    within the child, starting 0), ``_poc_start`` (DECOM of the period's first episode).
    """
    if "episodes" not in ctx.cache:
        ctx.cache["episodes"] = add_periods(ctx.tables["Episodes"])
    return ctx.cache["episodes"]  # type: ignore[return-value]


def add_periods(eps: pl.DataFrame) -> pl.DataFrame:
    """See :func:`episodes`: sort, neighbour columns and period-of-care ids for any Episodes frame.

    Written with plain shifts and forward fills over the frame sorted by child (no window functions): the same
    result as grouping by child, about 40 times faster on a national set."""
    df = eps.sort(["CHILD", "DECOM", ROW], nulls_last=True).with_columns(pl.lit(0, dtype=pl.Int64).alias("_seq"))
    same_prev = pl.col("CHILD") == pl.col("CHILD").shift(1)
    same_next = pl.col("CHILD") == pl.col("CHILD").shift(-1)
    idx = pl.int_range(pl.len(), dtype=pl.Int64)
    df = df.with_columns(
        (~same_prev.fill_null(False)).alias("_first"),
        (~same_next.fill_null(False)).alias("_last"),
        *(pl.when(same_prev).then(pl.col(c).shift(1)).alias(f"PREV_{c}")
          for c in ("DEC", "REC", "PLACE", "LS", "DECOM", "RNE", "PL_POST")),
        *(pl.when(same_next).then(pl.col(c).shift(-1)).alias(f"NEXT_{c}") for c in ("DECOM", "RNE", "PLACE", "LS", "PL_POST")),
    )
    df = df.with_columns((idx - pl.when(pl.col("_first")).then(idx).forward_fill()).alias("_seq"))
    starts = (pl.col("_first") | (pl.col("RNE") == "S").fill_null(False)
              | ~((pl.col("PREV_REC") == "X1") & (pl.col("PREV_DEC") == pl.col("DECOM"))).fill_null(False))
    df = df.with_columns(starts.alias("_start"))
    c = pl.col("_start").cast(pl.Int64).cum_sum()
    df = df.with_columns((c - pl.when(pl.col("_first")).then(c).forward_fill()).cast(pl.Int32).alias("_poc"),
                         pl.when(pl.col("_start")).then(idx).forward_fill().alias("_sidx"))
    return df.with_columns(pl.col("DECOM").gather(pl.col("_sidx")).alias("_poc_start")).drop("_start", "_sidx")


def open_at(ctx: Context, when: date | None = None) -> pl.Expr:
    """Episode open on ``when`` (default the end of the data, :attr:`Context.period_end`: 31 March, or the extract
    date of an in-year extract): DECOM <= when and (DEC blank or > when)."""
    when = when or ctx.period_end
    return (pl.col("DECOM") <= lit_date(when)) & (pl.col("DEC").is_null() | (pl.col("DEC") > lit_date(when)))


def continuously_looked_after(ctx: Context) -> set[str]:
    """Children looked after continuously for 12 months at 31 March (the OC2 cohort; definitions.md §0).

    A child counts if an episode overlaps the year and, during the year, no episode started a period of care
    (RNE = S with 1 April < DECOM <= 31 March), none ended one (REC != X1 with 1 April <= DEC <= 31 March) and
    none was a short break (LS V3/V4). A child whose care ended on 31 March itself is not looked after at
    31 March (an episode is open at 31 March only when DEC is blank or later), so does not count; the reference
    validator's ``DEC < 31 March`` counts that child."""
    key = "cla12"
    if key not in ctx.cache:
        eps = ctx.tables["Episodes"]
        s, e = lit_date(ctx.start), lit_date(ctx.end)
        overlaps = (pl.col("DECOM") <= e) & (pl.col("DEC").is_null() | (pl.col("DEC") >= s))
        started = (pl.col("RNE") == "S") & (pl.col("DECOM") > s) & (pl.col("DECOM") <= e)
        ended = (pl.col("REC") != "X1") & (pl.col("DEC") >= s) & (pl.col("DEC") <= e)
        short = in_codes("LS", {"V3", "V4"}) & overlaps
        per = eps.group_by("CHILD").agg(
            overlaps.fill_null(False).any().alias("o"),
            (started.fill_null(False) | ended.fill_null(False) | short).any().alias("x"),
        )
        ctx.cache[key] = set(per.filter(pl.col("o") & ~pl.col("x"))["CHILD"].to_list())
    return ctx.cache[key]  # type: ignore[return-value]


def looked_after_at_end(ctx: Context) -> set[str]:
    """Children with an episode open at the end of the data (31 March, or the extract date: :func:`open_at`)."""
    key = "la_at_end"
    if key not in ctx.cache:
        eps = ctx.tables["Episodes"]
        ctx.cache[key] = set(eps.filter(open_at(ctx).fill_null(False))["CHILD"].to_list())
    return ctx.cache[key]  # type: ignore[return-value]


def uasc_children(ctx: Context, previous: bool = False) -> pl.Series:
    """Children who are or were unaccompanied asylum-seeking children (cached): in this year's or last year's UASC
    table, or with UASC status 1 in this year's or last year's Header (when the Header carries the column).
    ``previous``: last year's only (for last year's episodes)."""
    key = f"uasc:{previous}"
    if key not in ctx.cache:
        returns = [ctx.previous] if previous else [ctx.tables, ctx.previous]
        parts = [pl.Series("CHILD", [], dtype=pl.String)]
        for tables in (t for t in returns if t is not None):
            if "UASC" in tables:
                parts.append(tables["UASC"]["CHILD"])
            header = tables.get("Header")
            if header is not None and "UASC" in header.columns:
                parts.append(header.filter(pl.col("UASC") == "1")["CHILD"])
        ctx.cache[key] = pl.concat(parts).drop_nulls().unique()
    return ctx.cache[key]  # type: ignore[return-value]


def dob_of(df: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    """``df`` with a ``_DOB`` column: the table's own DOB where given, else the child's Header DOB."""
    joined = with_header(df, ctx, ("DOB",), suffix="_HDR")
    hdr = "DOB_HDR" if "DOB" in df.columns else "DOB"
    own = pl.col("DOB") if "DOB" in df.columns else pl.lit(None, dtype=pl.Date)
    return joined.with_columns(pl.coalesce(own, pl.col(hdr)).alias("_DOB"))


def is_female(col: str = "SEX") -> pl.Expr:
    """Female in either coding (2 until 2023-24, F from 2024-25)."""
    return in_codes(col, {"2", "F"})


def is_male(col: str = "SEX") -> pl.Expr:
    return in_codes(col, {"1", "M"})


def children(df: pl.DataFrame) -> set[str]:
    return set(df["CHILD"].drop_nulls().to_list())
