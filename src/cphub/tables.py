"""Framework-free table specifications: one source of truth for every table the Hub reads or stores.

A :class:`Table` names its columns in the order councils export them, each with a kind (text, code, date,
integer) and, for codes, the name of its code list in :mod:`cphub.ssda903.codes`. Readers, the validator,
the synthetic generator, the Django store and ``docs/data-model.md`` are all built from these specs.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

import polars as pl

if TYPE_CHECKING:
    from cphub.findings import Finding

Kind = Literal["text", "code", "date", "int", "bool", "float"]

POLARS_DTYPES: dict[str, pl.DataType] = {
    "text": pl.String(),
    "code": pl.String(),
    "date": pl.Date(),
    "int": pl.Int64(),
    "bool": pl.Boolean(),
    "float": pl.Float64(),
}


@dataclass(frozen=True)
class Column:
    """One column: its exported name, kind, an optional code-list name and a one-line description."""

    name: str
    kind: Kind
    description: str
    codes: str | None = None
    max_length: int = 40
    # An optional column may be absent from a file: readers accept the file without it and then leave it out of the
    # typed table (so a rule can tell "not given" from "given blank" and declare a Need for it).
    optional: bool = False
    aliases: tuple[str, ...] = ()  # other headings read as this column (e.g. UASC_STATUS for UASC)

    @property
    def dtype(self) -> pl.DataType:
        return POLARS_DTYPES[self.kind]


@dataclass(frozen=True)
class Table:
    """A table: name (as in the DfE guide or our local template), key columns, columns and a description."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    source: str = ""
    group: str = "ssda903"
    _index: dict[str, Column] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({c.name: c for c in self.columns})

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return self._index[name]

    @property
    def required_names(self) -> list[str]:
        """The columns every file of this table must have (all but the optional ones)."""
        return [c.name for c in self.columns if not c.optional]

    def fits(self, headings: Iterable[str]) -> bool:
        """True when a file with these headings has every required column (under its name or another heading)."""
        have = set(headings)
        return all(c.name in have or have & set(c.aliases) for c in self.columns if not c.optional)

    def given(self, names: Iterable[str]) -> Table:
        """This table with its required columns and only those optional ones among ``names`` (the columns a file
        or frame carries): the spec a reader types that file with."""
        return _given(self, frozenset(names) & {c.name for c in self.columns if c.optional})

    def canonical(self, raw: pl.DataFrame) -> pl.DataFrame:
        """``raw`` with any column's other accepted heading (``Column.aliases``) renamed to the column's name."""
        rename = {a: c.name for c in self.columns for a in c.aliases if a in raw.columns and c.name not in raw.columns}
        return raw.rename(rename) if rename else raw

    def without_absent(self, frame: pl.DataFrame) -> pl.DataFrame:
        """``frame`` without the optional columns that hold no value at all (a stored copy of a file that did not
        carry them, where the store keeps them as blanks)."""
        empty = [c.name for c in self.columns if c.optional and c.name in frame.columns
                 and frame[c.name].null_count() == frame.height]
        return frame.drop(empty) if empty else frame

    @property
    def schema(self) -> dict[str, pl.DataType]:
        """The Polars schema of the typed table (dates as ``pl.Date``, codes and text as strings)."""
        return {c.name: c.dtype for c in self.columns}

    def empty(self) -> pl.DataFrame:
        return pl.DataFrame(schema=self.schema)

    def latest(self, df: pl.DataFrame) -> pl.DataFrame:
        """``df`` (several years' copies, with ``YEAR``) with one row per key: the latest year's copy."""
        return df.sort("YEAR").unique(subset=list(self.key), keep="last", maintain_order=True)


@functools.cache
def _given(table: Table, optional: frozenset[str]) -> Table:
    if len(optional) == sum(c.optional for c in table.columns):
        return table
    return replace(table, columns=tuple(c for c in table.columns if not c.optional or c.name in optional),
                   _index={})


def text(name: str, description: str, max_length: int = 40) -> Column:
    return Column(name, "text", description, max_length=max_length)


def code(name: str, description: str, codes: str | None = None) -> Column:
    return Column(name, "code", description, codes=codes or name)


def date(name: str, description: str) -> Column:
    return Column(name, "date", description)


def integer(name: str, description: str) -> Column:
    return Column(name, "int", description)


def flag(name: str, description: str) -> Column:
    return Column(name, "bool", description)


def number(name: str, description: str) -> Column:
    return Column(name, "float", description)


def optional(column: Column, *aliases: str) -> Column:
    """``column`` as an optional column (files may leave it out), also read under the headings ``aliases``."""
    return replace(column, optional=True, aliases=aliases)


ROW_COLUMN = "_row"  # the 1-based line in the source file, when a reader kept it
CHILD_COLUMNS = ("CHILD", "LAchildID")


def duplicate_keys(table: Table, frame: pl.DataFrame, file: str | None = None, limit: int = 50) -> list[Finding]:
    """One error per natural key (``table.key``) that occurs on more than one row of ``frame``, naming the file,
    the rows and the child: a Header listing a child twice, or one episode given twice. Rows with an empty key
    column are left to validation (a store never treats two empty keys as the same record)."""
    from cphub.findings import Finding

    key = [k for k in table.key if k in frame.columns]
    if not key or frame.is_empty() or len(key) < len(table.key):
        return []
    rows = ROW_COLUMN if ROW_COLUMN in frame.columns else None
    indexed = frame if rows else frame.with_row_index(ROW_COLUMN, offset=1)
    repeated = (indexed.drop_nulls(key).filter(pl.struct(key).is_duplicated())
                .group_by(key, maintain_order=True).agg(pl.col(ROW_COLUMN).sort().alias("rows")))
    out = []
    for rec in repeated.head(limit).iter_rows(named=True):
        where = ", ".join(str(r) for r in rec["rows"])
        child = next((str(rec[c]) for c in CHILD_COLUMNS if c in key), None)
        what = ", ".join(f"{k} {rec[k]}" for k in key)
        noun = "rows" if rows else "records"
        out.append(Finding("DUPLICATE", f"{table.name} has {what} {len(rec['rows'])} times ({noun} {where}): each "
                           f"{' and '.join(key)} must appear once. Nothing was loaded.", table.name,
                           row=rec["rows"][0] if rows else None, child=child, fields=tuple(key), file=file))
    return out
