"""Reading and writing CSV files against a :class:`~cphub.tables.Table` spec.

Tolerates what councils' exports really contain: UTF-8, UTF-8 with BOM or Windows-1252; header names in any
case with stray whitespace; CRLF line ends; dates as dd/mm/yyyy (or ISO yyyy-mm-dd when a whole column uses
it). A value that cannot be parsed becomes null in the typed table and a finding naming file, row and field.
"""

from __future__ import annotations

import io
from datetime import date

import polars as pl

from cphub.findings import Finding, InputError
from cphub.tables import Table

ROW = "_row"  # 1-based line number in the source file (header = line 1)
MAX_FIELD_LENGTH = 1000


def decode(data: bytes, filename: str) -> str:
    """Decode bytes as UTF-8 (with or without BOM), else Windows-1252; NUL bytes mean it is not a CSV."""
    if b"\x00" in data[:65536]:
        raise InputError(Finding("FILE", "This is not a text CSV file (it contains binary data).", filename, file=filename))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise InputError(Finding("FILE", f"The file's text encoding could not be read ({exc.reason}); "
                                     "save it as UTF-8 CSV.", filename, file=filename)) from exc


def normalise_header(name: str) -> str:
    return name.strip().strip('"').strip().upper()


def read_raw(data: bytes, filename: str) -> pl.DataFrame:
    """Read a CSV as all-string columns with normalised header names and a ``_row`` column."""
    text = decode(data, filename).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(Finding("FILE", "The file is empty.", filename, file=filename))
    try:
        df = pl.read_csv(io.StringIO(text), infer_schema=False, truncate_ragged_lines=False,
                         raise_if_empty=True)
    except Exception as exc:  # polars raises several error types for malformed CSV
        raise InputError(Finding("FILE", f"The file is not a well-formed CSV: {str(exc).splitlines()[0][:200]}",
                                 filename, file=filename)) from exc
    names = [normalise_header(c) for c in df.columns]
    if len(set(names)) != len(names):
        dup = sorted({n for n in names if names.count(n) > 1})
        raise InputError(Finding("FILE", f"Column(s) {', '.join(dup)} appear more than once.", filename,
                                 fields=tuple(dup), file=filename))
    df.columns = names
    stripped = [pl.col(c).str.strip_chars() for c in df.columns]
    df = df.select([pl.when(e == "").then(None).otherwise(e).alias(c) for e, c in zip(stripped, df.columns)])
    return df.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))


ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
UK_DATE = r"^\d{1,2}/\d{1,2}/\d{4}$"


def _date_expr(name: str, iso: bool) -> pl.Expr:
    """dd/mm/yyyy (or ISO when the whole column uses it) -> Date; anything else -> null. A 2-digit year
    ("1/5/24") would parse as year 24, so four digits are required."""
    fmt, shape = ("%Y-%m-%d", ISO_DATE) if iso else ("%d/%m/%Y", UK_DATE)
    c = pl.col(name)
    return pl.when(c.str.contains(shape)).then(c.str.strptime(pl.Date, fmt, strict=False, exact=True)).otherwise(None)


def _parse_dates(col: pl.Series) -> pl.Series:
    non_null = col.drop_nulls()
    iso = non_null.len() > 0 and bool(non_null.str.contains(ISO_DATE).all())
    return pl.select(_date_expr(col.name, iso).alias(col.name)).to_series() if col.len() else col.cast(pl.Date)


def parse_bool(col: pl.Series) -> pl.Series:
    """Y/YES/TRUE/1 -> True, N/NO/FALSE/0 -> False, anything else -> null."""
    return pl.select(_bool_expr(pl.lit(col)).alias(col.name)).to_series()


def _bool_expr(e: pl.Expr) -> pl.Expr:
    up = e.str.to_uppercase()
    return (pl.when(up.is_in(["Y", "YES", "TRUE", "1"])).then(True)
            .when(up.is_in(["N", "NO", "FALSE", "0"])).then(False).otherwise(None))


_WHAT = {"date": "a date (dd/mm/yyyy)", "int": "a whole number", "float": "a number", "bool": "Y or N"}


def type_table(raw: pl.DataFrame, table: Table, filename: str) -> tuple[pl.DataFrame, list[Finding]]:
    """Turn an all-string frame into the table's typed frame; unparseable values become nulls plus findings.

    All columns are typed in one pass; findings are only gathered for the (rare) rows with a problem."""
    missing = [c for c in table.column_names if c not in raw.columns]
    if missing:
        raise InputError(Finding("COLUMNS", f"Required column(s) missing: {', '.join(missing)}. "
                                 f"Expected: {', '.join(table.column_names)}.", table.name,
                                 row=1, fields=tuple(missing), file=filename))
    dates = [c.name for c in table.columns if c.kind == "date"]
    iso: dict[str, bool] = {}
    if dates and raw.height:
        flags = raw.select([(pl.col(d).str.contains(ISO_DATE).all() & pl.col(d).is_not_null().any()).alias(d)
                            for d in dates]).row(0, named=True)
        iso = {d: bool(v) for d, v in flags.items()}
    typed_exprs, problem_exprs = [pl.col(ROW)], []
    for column in table.columns:
        name = column.name
        src = pl.when(pl.col(name).str.len_chars() > MAX_FIELD_LENGTH).then(None).otherwise(pl.col(name))
        if column.kind == "date":
            typed = _date_expr(name, iso.get(name, False))
            typed = pl.when(pl.col(name).str.len_chars() > MAX_FIELD_LENGTH).then(None).otherwise(typed)
        elif column.kind == "int":
            typed = src.cast(pl.Int64, strict=False)
        elif column.kind == "float":
            typed = src.cast(pl.Float64, strict=False)
        elif column.kind == "bool":
            typed = _bool_expr(src)
        else:
            typed = src
        typed_exprs.append(typed.alias(name))
        too_long = (pl.col(name).str.len_chars() > MAX_FIELD_LENGTH).fill_null(False)
        bad = (typed.is_null() & pl.col(name).is_not_null() & ~too_long) if column.kind in _WHAT else pl.lit(False)
        problem_exprs += [too_long.alias(f"__long_{name}"), bad.alias(f"__bad_{name}")]
    both = raw.select(typed_exprs + problem_exprs)
    out = both.select([ROW, *table.column_names])
    problems = [c for c in both.columns if c.startswith("__")]
    findings: list[Finding] = []
    if problems and both.select(pl.any_horizontal(problems).any()).item():
        child = raw["CHILD"] if "CHILD" in raw.columns else pl.Series([None] * raw.height, dtype=pl.String)
        for column in table.columns:
            name = column.name
            for i in both[f"__long_{name}"].arg_true().to_list():
                findings.append(Finding("FORMAT", f"{name} is longer than {MAX_FIELD_LENGTH} characters.",
                                        table.name, raw[ROW][i], child[i], (name,), file=filename))
            for i in both[f"__bad_{name}"].arg_true().to_list():
                findings.append(Finding("FORMAT", f"{name} should be {_WHAT[column.kind]}, not {raw[name][i]!r:.40}.",
                                        table.name, raw[ROW][i], child[i], (name,), file=filename))
        findings.sort(key=lambda f: (f.row or 0, table.column_names.index(f.fields[0])))
    return out, findings


def read_table(data: bytes, table: Table, filename: str) -> tuple[pl.DataFrame, list[Finding]]:
    """Read one CSV file as ``table``: typed columns in spec order plus ``_row``."""
    return type_table(read_raw(data, filename), table, filename)


def format_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def to_csv_bytes(df: pl.DataFrame, table: Table) -> bytes:
    """Write a typed table as the CSV a council would export (dates dd/mm/yyyy, Y/N flags)."""
    cols = []
    for c in table.columns:
        if c.name not in df.columns:
            cols.append(pl.lit(None, dtype=pl.String).alias(c.name))
        elif c.kind == "date":
            cols.append(pl.col(c.name).dt.strftime("%d/%m/%Y").alias(c.name))
        elif c.kind == "bool":
            cols.append(pl.when(pl.col(c.name)).then(pl.lit("Y")).when(pl.col(c.name).not_())
                        .then(pl.lit("N")).otherwise(None).alias(c.name))
        else:
            cols.append(pl.col(c.name).cast(pl.String).alias(c.name))
    return df.select(cols).write_csv(null_value="").encode("utf-8")
