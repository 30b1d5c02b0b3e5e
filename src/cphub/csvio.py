"""Reading and writing CSV files against a :class:`~cphub.tables.Table` spec.

Tolerates what councils' exports really contain: UTF-8, UTF-8 with BOM or Windows-1252; header names in any
case with stray whitespace; CRLF line ends; dates as dd/mm/yyyy (or ISO yyyy-mm-dd when a whole column uses
it). A value that cannot be parsed becomes null in the typed table and a finding naming file, row and field.
"""

from __future__ import annotations

import functools
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


def _read_strings(data: bytes, filename: str) -> pl.DataFrame:
    """Read a CSV as all-string columns with normalised (unique) header names; values not yet stripped.

    Plain UTF-8 without CR characters is handed to polars as bytes (no decode and re-encode); anything else is
    decoded (UTF-8 with BOM, else Windows-1252) and its line ends normalised first."""
    text = decode(data, filename)
    if not text.strip():
        raise InputError(Finding("FILE", "The file is empty.", filename, file=filename))
    if data.isascii() and b"\r" not in data:
        source: io.BytesIO | io.StringIO = io.BytesIO(data)  # ASCII: bytes and text are the same
    else:
        source = io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n"))
    try:
        df = pl.read_csv(source, infer_schema=False, truncate_ragged_lines=False, raise_if_empty=True)
    except Exception as exc:  # polars raises several error types for malformed CSV
        raise InputError(Finding("FILE", f"The file is not a well-formed CSV: {str(exc).splitlines()[0][:200]}",
                                 filename, file=filename)) from exc
    names = [normalise_header(c) for c in df.columns]
    if len(set(names)) != len(names):
        dup = sorted({n for n in names if names.count(n) > 1})
        raise InputError(Finding("FILE", f"Column(s) {', '.join(dup)} appear more than once.", filename,
                                 fields=tuple(dup), file=filename))
    df.columns = names
    return df


@functools.lru_cache(maxsize=4096)
def _clean(name: str) -> pl.Expr:
    """A string column stripped of surrounding whitespace, with empty values as nulls."""
    e = pl.col(name).str.strip_chars()
    return pl.when(e == "").then(None).otherwise(e).alias(name)


def _with_row(lf: pl.LazyFrame) -> pl.LazyFrame:
    return lf.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))


def read_raw(data: bytes, filename: str) -> pl.DataFrame:
    """Read a CSV as all-string columns with normalised header names and a ``_row`` column."""
    df = _read_strings(data, filename)
    return _with_row(df.lazy().select([_clean(c) for c in df.columns])).collect()


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


def _typing_exprs(table: Table, iso: tuple[bool, ...]) -> tuple[list[pl.Expr], list[str]]:
    """The typed columns and the problem-flag columns of ``table`` (``iso``: for each date column, whether it
    is read as ISO), built once per table spec and ``iso``."""
    key = (id(table), iso)
    cached = _EXPRS.get(key)
    if cached is not None and cached[0] is table:
        return cached[1], cached[2]
    iso_of = dict(zip([c.name for c in table.columns if c.kind == "date"], iso))
    typed_exprs, problem_exprs = [pl.col(ROW)], []
    for column in table.columns:
        name = column.name
        c = pl.col(name)
        long_ = c.str.len_chars() > MAX_FIELD_LENGTH
        src = pl.when(long_).then(None).otherwise(c)
        if column.kind == "date":
            typed = pl.when(long_).then(None).otherwise(_date_expr(name, iso_of[name]))
        elif column.kind == "int":
            typed = src.cast(pl.Int64, strict=False)
        elif column.kind == "float":
            typed = src.cast(pl.Float64, strict=False)
        elif column.kind == "bool":
            typed = _bool_expr(src)
        else:
            typed = src
        typed_exprs.append(typed.alias(name))
        too_long = long_.fill_null(False)
        if column.kind in _WHAT:
            bad = typed.is_null() & c.is_not_null() & ~too_long
            problem_exprs.append(bad.alias(f"__bad_{name}"))
        problem_exprs.append(too_long.alias(f"__long_{name}"))
    names = [e.meta.output_name() for e in problem_exprs]
    _EXPRS[key] = (table, typed_exprs + problem_exprs, names)
    return typed_exprs + problem_exprs, names


_EXPRS: dict[tuple[int, tuple[bool, ...]], tuple[Table, list[pl.Expr], list[str]]] = {}


def type_table(raw: pl.DataFrame, table: Table, filename: str) -> tuple[pl.DataFrame, list[Finding]]:
    """Turn an all-string frame into the table's typed frame; unparseable values become nulls plus findings.

    ``raw`` is as :func:`read_raw` gives it; values are stripped (and blanks made null) here too, so a frame
    not yet cleaned, without ``_row``, gives the same result. All columns are typed in one query; findings are
    only gathered for the (rare) rows with a problem. Optional columns (``Column.optional``) the file does not
    carry are left out of the typed table; other headings of a column (``Column.aliases``) are read as it."""
    raw = table.canonical(raw)
    missing = [c for c in table.required_names if c not in raw.columns]
    if missing:
        raise InputError(Finding("COLUMNS", f"Required column(s) missing: {', '.join(missing)}. "
                                 f"Expected: {', '.join(table.required_names)}.", table.name,
                                 row=1, fields=tuple(missing), file=filename))
    table = table.given(raw.columns)
    clean = raw.lazy().select(([pl.col(ROW)] if ROW in raw.columns else [])
                              + [_clean(c) for c in table.column_names])
    if ROW not in raw.columns:
        clean = _with_row(clean)
    cleaned = clean.collect()
    dates = [c.name for c in table.columns if c.kind == "date"]
    iso: tuple[bool, ...] = (False,) * len(dates)
    if dates and cleaned.height:
        iso = tuple(bool(v) for v in cleaned.select(
            [(pl.col(d).str.contains(ISO_DATE).all() & pl.col(d).is_not_null().any()).alias(d)
             for d in dates]).row(0))
    exprs, problems = _typing_exprs(table, iso)
    both = cleaned.select(exprs)
    out = both.select([ROW, *table.column_names])
    findings: list[Finding] = []
    if any(both.get_column(p).any() for p in problems):
        rows = cleaned[ROW]
        child = cleaned["CHILD"] if "CHILD" in cleaned.columns else (
            _clean("CHILD").alias("CHILD") if "CHILD" in raw.columns else None)
        if isinstance(child, pl.Expr):
            child = raw.select(child).to_series()
        if child is None:
            child = pl.Series([None] * raw.height, dtype=pl.String)
        for column in table.columns:
            name = column.name
            for i in both[f"__long_{name}"].arg_true().to_list():
                findings.append(Finding("FORMAT", f"{name} is longer than {MAX_FIELD_LENGTH} characters.",
                                        table.name, rows[i], child[i], (name,), file=filename))
            if column.kind not in _WHAT:
                continue
            for i in both[f"__bad_{name}"].arg_true().to_list():
                findings.append(Finding("FORMAT", f"{name} should be {_WHAT[column.kind]}, not {cleaned[name][i]!r:.40}.",
                                        table.name, rows[i], child[i], (name,), file=filename))
        findings.sort(key=lambda f: (f.row or 0, table.column_names.index(f.fields[0])))
    return out, findings


def read_table(data: bytes, table: Table, filename: str) -> tuple[pl.DataFrame, list[Finding]]:
    """Read one CSV file as ``table``: typed columns in spec order plus ``_row``."""
    return type_table(_read_strings(data, filename), table, filename)


def format_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def to_csv_bytes(df: pl.DataFrame, table: Table) -> bytes:
    """Write a typed table as the CSV a council would export (dates dd/mm/yyyy, Y/N flags); an optional column is
    written only when ``df`` carries it."""
    cols = []
    for c in table.columns:
        if c.name not in df.columns and c.optional:
            continue  # an optional column the frame does not carry is not written
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


def type_tables(raws: list[pl.DataFrame], table: Table,
                filenames: list[str]) -> list[tuple[pl.DataFrame, list[Finding]] | InputError]:
    """:func:`type_table` for many files of the same table at once (e.g. every council's Episodes for a year).

    Gives exactly what ``type_table`` gives file by file (or the InputError it raises), but types the files as
    one stacked frame, so the fixed cost of each query is paid once rather than once per file. Files with an
    ISO date column or with a value that cannot be parsed are rare and are handed to ``type_table`` itself."""
    out: list[tuple[pl.DataFrame, list[Finding]] | InputError | None] = [None] * len(raws)
    raws = [table.canonical(raw) for raw in raws]
    batches: dict[Table, list[int]] = {}
    for i, raw in enumerate(raws):
        if any(c not in raw.columns for c in table.required_names) or ROW in raw.columns:
            try:
                out[i] = type_table(raw, table, filenames[i])
            except InputError as exc:
                out[i] = exc
        elif raw.height:
            batches.setdefault(table.given(raw.columns), []).append(i)  # files with the same optional columns
        else:
            out[i] = type_table(raw, table, filenames[i])
    for spec, batch in batches.items():
        _type_batch(raws, spec, filenames, batch, out)
    return out  # type: ignore[return-value]


def _type_batch(raws: list[pl.DataFrame], table: Table, filenames: list[str], batch: list[int],
                out: list) -> None:
    """:func:`type_tables` for the files ``batch`` (indices into ``raws``), all carrying ``table``'s columns."""
    if batch:
        fid = "__file"
        cols = table.column_names
        counts = [raws[i].height for i in batch]
        stacked = pl.concat([pl.DataFrame([raws[i].get_column(c) for c in cols]) for i in batch], how="vertical")
        rows = pl.Series(ROW, [r for n in counts for r in range(2, n + 2)], dtype=pl.Int64)
        files = pl.Series(fid, [i for i, n in zip(batch, counts) for _ in range(n)], dtype=pl.Int64)
        cleaned = stacked.lazy().select([pl.lit(rows).alias(ROW), *(_clean(c) for c in cols),
                                         pl.lit(files).alias(fid)]).collect()
        dates = [c.name for c in table.columns if c.kind == "date"]
        odd: set[int] = set()
        if dates:
            flags = cleaned.group_by(fid).agg(
                [(pl.col(d).str.contains(ISO_DATE).all() & pl.col(d).is_not_null().any()).alias(d) for d in dates])
            odd = set(flags.filter(pl.any_horizontal(dates))[fid].to_list())
        exprs, problems = _typing_exprs(table, (False,) * len(dates))
        typed = cleaned.select([*exprs, fid])
        if problems:
            bad = typed.filter(pl.any_horizontal(problems))[fid].unique().to_list()
            odd |= set(bad)
        typed = typed.select([ROW, *table.column_names, fid])
        offset = 0
        for i, n in zip(batch, counts):
            if i in odd:
                out[i] = type_table(raws[i], table, filenames[i])
            else:
                part = typed.slice(offset, n)
                part.drop_in_place(fid)
                out[i] = (part, [])
            offset += n
