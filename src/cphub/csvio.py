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
    df = df.with_columns(pl.col(c).str.strip_chars() for c in df.columns)
    df = df.with_columns(pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in df.columns)
    return df.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))


def _parse_dates(col: pl.Series) -> pl.Series:
    non_null = col.drop_nulls()
    iso = non_null.len() > 0 and bool(non_null.str.contains(r"^\d{4}-\d{2}-\d{2}$").all())
    fmt = "%Y-%m-%d" if iso else "%d/%m/%Y"
    shape = r"^\d{4}-\d{2}-\d{2}$" if iso else r"^\d{1,2}/\d{1,2}/\d{4}$"
    parsed = col.str.strptime(pl.Date, fmt, strict=False, exact=True)
    # a 2-digit year ("1/5/24") would parse as year 24: insist on four digits
    return pl.select(pl.when(col.str.contains(shape)).then(parsed).otherwise(None).alias(col.name)).to_series()


def parse_bool(col: pl.Series) -> pl.Series:
    """Y/YES/TRUE/1 -> True, N/NO/FALSE/0 -> False, anything else -> null."""
    up = col.str.to_uppercase()
    return pl.select(
        pl.when(up.is_in(["Y", "YES", "TRUE", "1"])).then(True)
        .when(up.is_in(["N", "NO", "FALSE", "0"])).then(False)
        .otherwise(None).alias(col.name)
    ).to_series()


def type_table(raw: pl.DataFrame, table: Table, filename: str) -> tuple[pl.DataFrame, list[Finding]]:
    """Turn an all-string frame into the table's typed frame; unparseable values become nulls plus findings."""
    missing = [c for c in table.column_names if c not in raw.columns]
    if missing:
        raise InputError(Finding("COLUMNS", f"Required column(s) missing: {', '.join(missing)}. "
                                 f"Expected: {', '.join(table.column_names)}.", table.name,
                                 row=1, fields=tuple(missing), file=filename))
    findings: list[Finding] = []
    out = {ROW: raw[ROW]}
    child = raw["CHILD"] if "CHILD" in raw.columns else pl.Series([None] * raw.height, dtype=pl.String)
    for column in table.columns:
        s = raw[column.name]
        too_long = s.str.len_chars() > MAX_FIELD_LENGTH
        if too_long.any():
            for i in too_long.arg_true().to_list():
                findings.append(Finding("FORMAT", f"{column.name} is longer than {MAX_FIELD_LENGTH} characters.",
                                        table.name, raw[ROW][i], child[i], (column.name,), file=filename))
            s = pl.select(pl.when(too_long).then(None).otherwise(s).alias(column.name)).to_series()
        if column.kind == "date":
            typed = _parse_dates(s)
            what = "a date (dd/mm/yyyy)"
        elif column.kind == "int":
            typed = s.cast(pl.Int64, strict=False)
            what = "a whole number"
        elif column.kind == "float":
            typed = s.cast(pl.Float64, strict=False)
            what = "a number"
        elif column.kind == "bool":
            typed = parse_bool(s)
            what = "Y or N"
        else:
            typed = s
            what = ""
        if what:
            bad = typed.is_null() & s.is_not_null()
            for i in bad.arg_true().to_list():
                findings.append(Finding("FORMAT", f"{column.name} should be {what}, not {s[i]!r:.40}.",
                                        table.name, raw[ROW][i], child[i], (column.name,), file=filename))
        out[column.name] = typed.alias(column.name)
    return pl.DataFrame(out), findings


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
