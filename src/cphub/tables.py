"""Framework-free table specifications: one source of truth for every table the Hub reads or stores.

A :class:`Table` names its columns in the order councils export them, each with a kind (text, code, date,
integer) and, for codes, the name of its code list in :mod:`cphub.ssda903.codes`. Readers, the validator,
the synthetic generator, the Django store and ``docs/data-model.md`` are all built from these specs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import polars as pl

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
    def schema(self) -> dict[str, pl.DataType]:
        """The Polars schema of the typed table (dates as ``pl.Date``, codes and text as strings)."""
        return {c.name: c.dtype for c in self.columns}

    def empty(self) -> pl.DataFrame:
        return pl.DataFrame(schema=self.schema)

    def latest(self, df: pl.DataFrame) -> pl.DataFrame:
        """``df`` (several years' copies, with ``YEAR``) with one row per key: the latest year's copy."""
        return df.sort("YEAR").unique(subset=list(self.key), keep="last", maintain_order=True)


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
