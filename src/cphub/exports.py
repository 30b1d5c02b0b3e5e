"""Spreadsheet-safe exports: every CSV and XLSX the Hub writes passes its text cells through :func:`neutralise`,
so a value a user typed (commentary, an imported school name, a finding's message) can never run as a formula
when the file is opened in Excel, LibreOffice or Google Sheets (OWASP "CSV injection").

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe
(``'``), which spreadsheets show as text. Numbers, dates and booleans are not text and pass unchanged, so
negative numbers stay numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

import polars as pl

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_PATTERN = r"^[=+\-@\t\r]"  # the same, as a regular expression for Polars


def neutralise(value: Any) -> Any:
    """``value`` made safe for a spreadsheet cell: text starting with a formula character gets a ``'`` prefix."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise_frame(df: pl.DataFrame) -> pl.DataFrame:
    """Every text column of ``df`` neutralised (other columns unchanged)."""
    return df.with_columns(
        pl.when(pl.col(c).str.contains(FORMULA_PATTERN)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c, t in df.schema.items() if t == pl.String)


def frame_csv(df: pl.DataFrame, **kwargs) -> str:
    """``df`` as CSV text with text cells neutralised."""
    return neutralise_frame(df).write_csv(**kwargs)


def rows_csv(header: Iterable[str] | None, rows: Iterable[Iterable[Any]]) -> str:
    """Rows (and an optional header) as CSV text with every cell neutralised."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    if header is not None:
        w.writerow([neutralise(h) for h in header])
    for row in rows:
        w.writerow([neutralise(v) for v in row])
    return buf.getvalue()


def safe_append(ws, row: Iterable[Any]) -> None:
    """``ws.append(row)`` for an openpyxl worksheet, with every cell neutralised."""
    ws.append([neutralise(v) for v in row])


def neutralise_workbook(wb) -> None:
    """Neutralise every text cell of an openpyxl workbook in place (call just before saving)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type in ("s", "str", "inlineStr") and is_formula_like(cell.value):
                    cell.value = "'" + cell.value
                    cell.data_type = "s"
                elif cell.data_type == "f" and isinstance(cell.value, str):
                    cell.value = "'" + cell.value  # openpyxl stores "=..." text as a formula: make it text
                    cell.data_type = "s"
