"""Helpers for rule tests 100-399: tiny hand-made returns written as CSV text, read by the real reader."""

from __future__ import annotations

import pytest

from cphub.ssda903.reader import read_files
from cphub.ssda903.rules import RULES
from cphub.ssda903.schema import TABLES
from cphub.ssda903.validate import make_context


def csv_files(tables: dict[str, list[dict]]) -> list[tuple[str, bytes]]:
    """One CSV per table, columns in spec order (an optional column only when a row gives it), values as given
    (strings; dates dd/mm/yyyy); ``_row`` 2, 3, ..."""
    files = []
    for name, rows in tables.items():
        spec = TABLES[name].given({c for r in rows for c in r})
        lines = [",".join(spec.column_names)]
        for r in rows:
            unknown = set(r) - set(TABLES[name].column_names)
            assert not unknown, f"{name} has no column {unknown}"
            lines.append(",".join("" if r.get(c) is None else str(r[c]) for c in spec.column_names))
        files.append((f"{name}.csv", ("\n".join(lines) + "\n").encode()))
    return files


def context(tables: dict, year: int = 2025, previous: dict | None = None):
    ret = read_files(csv_files(tables), year)
    prev = read_files(csv_files(previous), year - 1) if previous is not None else None
    return make_context(ret, prev, year)


def run(code: str, tables: dict, year: int = 2025, previous: dict | None = None) -> list[tuple[str, int, str]]:
    ctx = context(tables, year, previous)
    return sorted((f.table, f.row, f.child) for f in RULES[code].run(ctx))


@pytest.fixture
def runner():
    return run
