"""Validate an SSDA903 return: read it, build a :class:`~cphub.ssda903.rules.base.Context`, run every
registered rule for the collection year on the shared engine (:mod:`cphub.rule_engine`), and return the findings sorted by table and row.

Values the reader could not parse become nulls plus a ``FORMAT`` finding; where a published rule covers the same
field ("DOB is not a valid date") the rule's finding is reported and the reader's duplicate is dropped.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from cphub import calendar
from cphub.findings import Finding
from cphub.rule_engine import run_rules as engine_run
from cphub.ssda903.reader import Return, read_return, read_returns
from cphub.ssda903.rules import RULES, Context
from cphub.ssda903.schema import TABLES

# The earlier returns' tables the rules read through ``Context.earlier`` (1002: any episode in an earlier year).
HISTORY_TABLES = ("Episodes",)

TABLE_ORDER = ["Header", "Episodes", "UASC", "OC2", "OC3", "AD1", "PlacedAdoption", "Missing", "Reviews",
               "PrevPerm", "SWEpisodes", "DoLo"]

def rule_applies(code: str, year: int) -> bool:
    """True when the rule ``code`` is in force in collection year ``year`` (declared with the rule)."""
    return RULES[code].applies(year)


def default_year(today: date | None = None) -> int:
    """The collection year most recently ended (returns are made after 31 March)."""
    return calendar.last_ended_year(today or date.today())


def make_context(ret: Return, previous: Return | None = None, year: int | None = None,
                 history: dict[str, pl.DataFrame] | None = None, la: str | None = None,
                 providers: pl.DataFrame | None = None, extract_date: date | None = None) -> Context:
    year = year or ret.year or default_year()
    ctx = Context(year=year, tables=ret.tables, previous=previous.tables if previous else None, files=ret.files,
                  history=history, la=la, extract_date=extract_date)
    if providers is not None:
        ctx.inputs["providers"] = providers
    unparsed: dict[tuple[str, str], list[int]] = {}
    for f in ret.findings:
        if f.code == "FORMAT" and f.row is not None:
            for fld in f.fields:
                unparsed.setdefault((f.table, fld), []).append(f.row)
    ctx.cache["unparsed"] = unparsed
    return ctx


def _sort_key(f: Finding):
    t = TABLE_ORDER.index(f.table) if f.table in TABLE_ORDER else len(TABLE_ORDER)
    return (t, f.table, f.row if f.row is not None else -1, f.code)


def run_rules(ctx: Context, codes: list[str] | None = None) -> list[Finding]:
    """Every applicable rule's findings (unsorted), all in one plan. A rule that crashes is reported, never hidden."""
    chosen = RULES.values() if codes is None else [RULES[c] for c in codes if c in RULES]
    return engine_run(chosen, ctx)


def validate_return(ret: Return, previous: Return | None = None, year: int | None = None,
                    codes: list[str] | None = None, history: dict[str, pl.DataFrame] | None = None,
                    la: str | None = None, providers: pl.DataFrame | None = None,
                    extract_date: date | None = None) -> list[Finding]:
    """All findings for a read return: reader findings not covered by a rule, then every rule's, sorted.
    ``history``: the tables of every earlier return known (see :func:`merge_history`), for the rules that ask
    whether something happened in any earlier year (1002). ``la``: the council making the return, for the rules
    on derived placement fields that compare with it (PL_LOCATION, 1015, 229). ``providers``: Ofsted's provider
    list (:func:`cphub.reference.ofsted.read_providers`), for the URN rules (skipped without it).
    ``extract_date``: the return is an in-year extract, the year so far to that date (None: the complete year);
    the rules on the year-end tables (OC2, OC3) are then reported as skipped and "at 31 March" is read as at the
    extract date (:attr:`Context.period_end`)."""
    ctx = make_context(ret, previous, year, history, la, providers, extract_date)
    found = run_rules(ctx, codes)
    covered = {(f.table, f.row, fld) for f in found for fld in f.fields}
    reader = [f for f in ret.findings if not any((f.table, f.row, fld) in covered for fld in f.fields)]
    return sorted(reader + found, key=_sort_key)


def validate(path: Path | list[Path], previous: Path | list[Path] | None = None,
             year: int | None = None, la: str | None = None,
             providers: Path | pl.DataFrame | None = None, extract_date: date | None = None,
             history: list[Path] | None = None) -> list[Finding]:
    """Read and validate a return (folder, zip or CSV files); ``providers``: Ofsted's provider list (a file, read
    with :func:`cphub.reference.ofsted.read_providers`, or the frame); ``history``: earlier years' return folders
    (see :func:`read_history`). Raises InputError when one cannot be read."""
    if isinstance(providers, Path):
        from cphub.reference.ofsted import read_providers

        providers = read_providers(providers)
    ret = read_return(path, year)
    prev = read_return(previous, (ret.year or year or default_year()) - 1) if previous else None
    others = [h for h in history or [] if h != previous]  # last year's return is read once, above
    earlier = merge_history(read_history(others) if others else None, prev.tables if prev else None) if history else None
    return validate_return(ret, prev, year, history=earlier, la=la, providers=providers, extract_date=extract_date)


def read_history(folders: list[Path], names: tuple[str, ...] = HISTORY_TABLES) -> dict[str, pl.DataFrame] | None:
    """The ``names`` tables of earlier years' return folders merged into one history (:func:`merge_history`;
    oldest first, so the latest year's row wins); each is read as the year its path names (``.../2024``)."""
    returns = read_returns(list(folders))
    ordered = sorted(returns, key=lambda r: r.year or 0)
    return merge_history(*(r.tables for r in ordered), names=names)


def earlier_years(path: Path) -> list[Path]:
    """For a year folder ``ROOT/<year>`` (the layout ``cphub synth`` writes and ``cphub import`` reads), its
    sibling folders of earlier years, oldest first; [] for any other path."""
    if not (path.is_dir() and path.name.isdigit()):
        return []
    year = int(path.name)
    return sorted((p for p in path.parent.iterdir() if p.is_dir() and p.name.isdigit() and int(p.name) < year),
                  key=lambda p: int(p.name))


def merge_history(*parts: dict[str, pl.DataFrame] | None, names: tuple[str, ...] = HISTORY_TABLES,
                  ) -> dict[str, pl.DataFrame] | None:
    """Earlier returns' tables merged into one history (each part's frames may carry a ``YEAR`` column; rows
    that repeat, such as an episode reported in several years, are kept once by the table's key). None when no
    part is given."""
    given = [p for p in parts if p is not None]
    if not given:
        return None
    out = {}
    for name in names:
        spec = TABLES[name]
        frames = [p[name].select([c for c in spec.column_names if c in p[name].columns]) for p in given if name in p]
        if frames:
            merged = pl.concat(frames, how="diagonal_relaxed").unique(subset=list(spec.key), keep="last",
                                                                       maintain_order=True)
            out[name] = merged.with_columns(pl.lit(None, dtype=pl.Int64).alias("_row"))
    return out


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)
