"""Read and check education CSV files, all or nothing: every problem is reported at once and nothing is loaded
unless every file is clean.

Files are recognised by name (``attendance.csv``, ``2025_peps.csv`` ...) or, failing that, by their columns.
Checks, beyond the typing of :func:`cphub.csvio.read_table`: key columns filled in, codes from
:data:`~cphub.virtual_school.schema.VS_CODES`, no repeated keys, sensible numbers (half-term 1-6, sessions not
negative, absence not more than possible sessions, hours 0-40), end dates not before start dates.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from cphub.csvio import ROW, read_raw, type_table
from cphub.exports import FORMULA_PATTERN
from cphub.findings import Finding, InputError
from cphub.virtual_school.schema import EDUCATION_TABLES
from cphub.virtual_school.templates import allowed

_KEYS = sorted(EDUCATION_TABLES, key=len, reverse=True)


def identify(filename: str, columns: list[str]) -> str | None:
    """The education table a file holds, by name (longest table name in the file name) or else by columns."""
    stem = re.sub(r"[^a-z0-9_]", "", Path(filename).stem.lower().replace(" ", "_").replace("-", "_"))
    for name in _KEYS:
        if name in stem:
            return name
    cols = set(columns)
    fits = [t for t in EDUCATION_TABLES.values() if set(t.column_names) <= cols]
    return max(fits, key=lambda t: len(t.columns)).name if fits else None


def _child(df: pl.DataFrame, i: int) -> str | None:
    return df["CHILD"][i] if "CHILD" in df.columns else None


def check(df: pl.DataFrame, name: str, filename: str) -> list[Finding]:
    """Findings (all errors) for a typed education table."""
    table = EDUCATION_TABLES[name]
    out: list[Finding] = []

    def bad(mask: pl.Series, code: str, message: str, fields: tuple[str, ...]) -> None:
        for i in mask.fill_null(False).arg_true().to_list():
            out.append(Finding(code, message, name, df[ROW][i], _child(df, i), fields, file=filename))

    for key in table.key:
        bad(df[key].is_null(), "REQUIRED", f"{key} is required.", (key,))
    for column in (c for c, t in df.schema.items() if t == pl.String and c != ROW):
        bad(df[column].str.contains(FORMULA_PATTERN), "FORMULA",
            f"{column} starts with =, +, -, @, a tab or a carriage return, which spreadsheets run as a formula: "
            "remove that character.", (column,))
    for column in table.columns:
        codes = allowed(column)
        if codes:
            s = df[column.name]
            bad(s.is_not_null() & ~s.is_in(list(codes)), "CODE",
                f"{column.name} must be one of {', '.join(codes)}.", (column.name,))
    keyed = df.drop_nulls(list(table.key))
    dup = keyed.filter(keyed.select(table.key).is_duplicated())
    for row in dup.iter_rows(named=True):
        out.append(Finding("DUPLICATE", f"Another row has the same {', '.join(table.key)}.", name, row[ROW],
                           row.get("CHILD"), table.key, file=filename))
    if "END_DATE" in df.columns and "START_DATE" in df.columns:
        bad(df["END_DATE"] < df["START_DATE"], "DATES", "END_DATE is before START_DATE.", ("START_DATE", "END_DATE"))
    if name == "attendance":
        bad(~df["HALF_TERM"].is_between(1, 6), "RANGE", "HALF_TERM must be 1 to 6.", ("HALF_TERM",))
        for c in ("POSSIBLE", "ATTENDED", "AUTHORISED", "UNAUTHORISED"):
            bad(df[c] < 0, "RANGE", f"{c} cannot be negative.", (c,))
        bad(df["POSSIBLE"].is_null(), "REQUIRED", "POSSIBLE is required.", ("POSSIBLE",))
        total = df["ATTENDED"].fill_null(0) + df["AUTHORISED"].fill_null(0) + df["UNAUTHORISED"].fill_null(0)
        bad(total > df["POSSIBLE"], "RANGE", "Attended plus absent sessions exceed POSSIBLE.",
            ("POSSIBLE", "ATTENDED", "AUTHORISED", "UNAUTHORISED"))
    if name == "timetables":
        bad(df["HOURS_PER_WEEK"].is_null() | ~df["HOURS_PER_WEEK"].is_between(0, 40), "RANGE",
            "HOURS_PER_WEEK must be a number from 0 to 40.", ("HOURS_PER_WEEK",))
    if name == "attainment":
        flag = df["ASSESSMENT"].is_in(["EYFS_GLD", "PHONICS", "KS2_RWM", "KS4_EM4", "KS4_EM5"])
        bad(flag & ~df["RESULT"].is_in([0.0, 1.0]), "RANGE", "RESULT must be 1 (met) or 0 (not met) for this assessment.", ("RESULT",))
        bad((df["ASSESSMENT"] == "KS4_A8") & ~df["RESULT"].is_between(0, 90), "RANGE", "Attainment 8 is 0 to 90.", ("RESULT",))
        bad((df["ASSESSMENT"] == "KS4_P8") & ~df["RESULT"].is_between(-10, 10), "RANGE", "Progress 8 is -10 to 10.", ("RESULT",))
    if name == "exclusions":
        bad(df["DAYS"] < 0, "RANGE", "DAYS cannot be negative.", ("DAYS",))
    if name == "peps":
        bad(df["PP_PLUS_SPEND"] < 0, "RANGE", "PP_PLUS_SPEND cannot be negative.", ("PP_PLUS_SPEND",))
    return out


def read_education(files: list[tuple[str, bytes]]) -> dict[str, pl.DataFrame]:
    """Typed, checked education tables by name. Raises :class:`InputError` with every finding if any file has a
    problem (unrecognised, repeated, missing columns, unparseable values, failed checks)."""
    frames: dict[str, pl.DataFrame] = {}
    names: dict[str, str] = {}
    errors: list[Finding] = []
    if not files:
        raise InputError(Finding("FILE", "Choose at least one CSV file.", "education"))
    for filename, data in files:
        try:
            raw = read_raw(data, filename)
            name = identify(filename, raw.columns)
            if name is None:
                raise InputError(Finding("FILE", "Could not tell which education table this file holds from its name "
                                         f"or columns. Name it after a template ({', '.join(EDUCATION_TABLES)}).",
                                         filename, row=1, file=filename))
            if name in frames:
                raise InputError(Finding("FILE", f"A second {name} file was given (first: {names[name]}).", name,
                                         file=filename))
            typed, findings = type_table(raw, EDUCATION_TABLES[name], filename)
        except InputError as exc:
            errors.extend(exc.findings)
            continue
        errors.extend(findings)
        errors.extend(check(typed, name, filename))
        frames[name], names[name] = typed, filename
    if errors:
        raise InputError(errors)
    return frames
