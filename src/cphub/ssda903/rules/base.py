"""The rule framework: a rule is a function of the typed tables returning the rows that break it.

A rule function takes a :class:`Context` and returns a Polars frame of failing rows with at least the columns
``_row`` (1-based line in the file of ``Rule.tables[0]``, or of the table named by a ``_table`` column) and
``CHILD``. The framework turns those rows into :class:`~cphub.findings.Finding` objects. Each rule is written
once, registered under its DfE code with our own wording of the DfE message, and tested with a pass and a
fail case built by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from cphub.findings import Finding, Severity


@dataclass
class Context:
    """What the rules see: this year's typed tables, last year's (if given) and the collection dates."""

    year: int  # collection year by its ending: 2025 = 1 April 2024 to 31 March 2025
    tables: dict[str, pl.DataFrame]
    previous: dict[str, pl.DataFrame] | None = None
    files: dict[str, str] = field(default_factory=dict)
    today: date = field(default_factory=date.today)
    cache: dict[str, object] = field(default_factory=dict)

    @property
    def start(self) -> date:
        """First day of the collection year (1 April)."""
        return date(self.year - 1, 4, 1)

    @property
    def end(self) -> date:
        """Last day of the collection year (31 March)."""
        return date(self.year, 3, 31)

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.tables[name]

    def has(self, *names: str) -> bool:
        return all(n in self.tables and self.tables[n].height > 0 for n in names)

    def last(self, name: str) -> pl.DataFrame | None:
        if self.previous is None or name not in self.previous:
            return None
        return self.previous[name]


RuleFunc = Callable[[Context], pl.DataFrame]


@dataclass(frozen=True)
class Rule:
    code: str
    message: str
    tables: tuple[str, ...]
    fields: tuple[str, ...]
    func: RuleFunc
    severity: Severity = "error"
    needs_previous: bool = False

    def run(self, ctx: Context) -> list[Finding]:
        if self.needs_previous and ctx.previous is None:
            return []
        if not ctx.has(self.tables[0]):
            return []
        failing = self.func(ctx)
        if failing.is_empty():
            return []
        has_table = "_table" in failing.columns
        out = []
        for r in failing.iter_rows(named=True):
            table = r.get("_table") if has_table else self.tables[0]
            out.append(Finding(self.code, self.message, table, r.get("_row"), r.get("CHILD"), self.fields,
                               self.severity, ctx.files.get(table)))
        return out


RULES: dict[str, Rule] = {}


def rule(code: str, message: str, tables: str | tuple[str, ...], fields: tuple[str, ...] | str = (),
         severity: Severity = "error", needs_previous: bool = False) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule under its DfE code. ``tables[0]`` is the table whose rows are reported."""
    tables = (tables,) if isinstance(tables, str) else tuple(tables)
    fields = (fields,) if isinstance(fields, str) else tuple(fields)

    def decorator(func: RuleFunc) -> RuleFunc:
        if code in RULES:
            raise ValueError(f"Rule {code} registered twice")
        RULES[code] = Rule(code, message, tables, fields, func, severity, needs_previous)
        func.code = code  # type: ignore[attr-defined]
        return func

    return decorator
