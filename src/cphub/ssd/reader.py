"""Read the SSD tables the Hub needs from a database (SQLAlchemy URL: SQL Server through ODBC, PostgreSQL,
SQLite) or from a folder of per-table CSV exports (``ssd_person.csv`` ...), typed by :data:`cphub.ssd.spec.SSD_TABLES`.

Anything that cannot be read is an :class:`~cphub.findings.InputError` naming the table, column and row; nothing is
returned part-read. Dates may be ISO (``2024-05-01``, with or without a time part, as SQL Server exports them) or
dd/mm/yyyy.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from cphub.csvio import _read_strings, type_table
from cphub.findings import Finding, InputError
from cphub.ssd.spec import REQUIRED, SSD_TABLES
from cphub.tables import Table

_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
Source = str | Path


def _error(table: str, message: str, column: str | None = None, row: int | None = None) -> Finding:
    return Finding("SSD", message, table, row=row, fields=(column,) if column else (), file=table)


def _typed(raw: pl.DataFrame, spec: Table) -> pl.DataFrame:
    """All-string ``raw`` (lower-case column names) as the spec's typed frame; any unparseable value is an error."""
    raw.columns = [c.strip().lower() for c in raw.columns]
    missing = [c for c in spec.column_names if c not in raw.columns]
    if missing:
        raise InputError(_error(spec.name, f"{spec.name} has no column(s) {', '.join(missing)} (SSD v1.4 names "
                                           f"expected: {', '.join(spec.column_names)}).", missing[0]))
    dates = [c.name for c in spec.columns if c.kind == "date"]
    raw = raw.with_columns(pl.col(d).str.strip_chars().str.replace(_DATETIME.pattern, "$1") for d in dates)
    typed, findings = type_table(raw.select(spec.column_names), spec, spec.name)
    if findings:
        raise InputError([_error(spec.name, f.message, f.fields[0] if f.fields else None, f.row)
                          for f in findings[:50]])
    return typed.drop("_row")


def _from_folder(folder: Path, names: list[str]) -> dict[str, pl.DataFrame]:
    files = {p.stem.lower(): p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv"}
    out = {}
    for name in names:
        path = files.get(name)
        if path is None:
            continue
        out[name] = _typed(_read_strings(path.read_bytes(), path.name), SSD_TABLES[name])
    return out


def _from_database(url: str, names: list[str]) -> dict[str, pl.DataFrame]:
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            present = {t.lower(): t for t in sa.inspect(conn).get_table_names()}
            out = {}
            for name in names:
                actual = present.get(name)
                if actual is None:
                    continue
                spec = SSD_TABLES[name]
                cols = {c["name"].lower(): c["name"] for c in sa.inspect(conn).get_columns(actual)}
                missing = [c for c in spec.column_names if c not in cols]
                if missing:
                    raise InputError(_error(name, f"{name} has no column(s) {', '.join(missing)}.", missing[0]))
                table = sa.table(actual, *(sa.column(cols[c]) for c in spec.column_names))
                rows = conn.execute(sa.select(*table.columns)).all()
                raw = pl.DataFrame([tuple(None if v is None else str(v) for v in r) for r in rows],
                                   schema={c: pl.String for c in spec.column_names}, orient="row")
                out[name] = _typed(raw, spec)
        engine.dispose()
    except InputError:
        raise
    except Exception as exc:  # driver, network and SQL errors all mean "could not read the source"
        raise InputError(_error("SSD", f"Could not read the SSD database: {type(exc).__name__}: "
                                       f"{str(exc).splitlines()[0][:200]}")) from exc
    return out


def read_ssd(source: Source, tables: list[str] | None = None) -> dict[str, pl.DataFrame]:
    """Every SSD table the Hub reads (or ``tables``), typed; optional tables absent from the source come back
    empty. ``source``: a folder of CSV exports, or a SQLAlchemy database URL."""
    names = tables or list(SSD_TABLES)
    path = Path(source) if not isinstance(source, str) or "://" not in source else None
    if path is not None:
        if not path.is_dir():
            raise InputError(_error("SSD", f"{path} is not a folder of SSD CSV files or a database URL."))
        got = _from_folder(path, names)
    else:
        got = _from_database(str(source), names)
    absent = sorted(n for n in REQUIRED & set(names) if n not in got)
    if absent:
        raise InputError([_error(n, f"The SSD source has no {n} table; the Hub needs it.") for n in absent])
    # rows in one order whatever the source (a database returns them in no particular order)
    return {n: got[n].sort(got[n].columns, nulls_last=True) if n in got else SSD_TABLES[n].empty() for n in names}
