"""The one validation rule engine, shared by the SSDA903 return and the CIN census.

A rule is declared once, next to the text it implements::

    @RULES.rule("101", "The child's sex is not a valid code for this year.", "Header", "SEX", years=(2025, None))
    def r101(ctx): return failing(ctx["Header"], ...)

with its DfE code, our own wording of the DfE message, the tables it reads (the first is the table whose rows it
reports), the fields it checks and the collection years it applies to (by year ending, inclusive; ``None`` =
open). Its function returns the **failing rows** as a lazy query (a ``pl.LazyFrame``; an eager frame is accepted
and made lazy) with the columns ``_row`` (1-based line in the reported table's file), the child identifier and,
when one rule reports rows of several tables, ``_table``.

:func:`run_rules` builds every applicable rule's query and collects them all in **one** ``pl.collect_all``, so
Polars plans, shares and parallelises the work. A rule that raises, while its query is being built or collected,
is isolated: it becomes one ``RULE`` finding (an error: the return has not been fully checked) naming the rule,
and every other rule still runs. A rule that **needs** an optional input the analyst did not give (a :class:`Need`:
a reference file such as Ofsted's provider list, an optional column, the council's code) is not run and becomes one
``skipped`` finding saying plainly what it needs, never a silent pass. Nothing here knows about a particular return; the SSDA903 rules register in
:mod:`cphub.ssda903.rules` and the CIN rules in :mod:`cphub.cin.rules`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from cphub.currency import long_date
from cphub.findings import Finding, Severity

ROW = "_row"
TABLE = "_table"
ENGINE_ERROR = "RULE"
YEAR_END = "year_end"
"""The input a complete year's return gives and an in-year extract does not (see :attr:`Context.extract_date`);
a rule that can only be judged on the complete year declares ``Need(YEAR_END, ...)``."""
EXTRACT_DATE_SLOT = "{extract_date}"
"""Written in a :class:`Need`'s ``describe``, replaced by the extract date in the skipped finding."""


@dataclass(frozen=True)
class Need:
    """An optional input some rules need: ``name`` is ``"Table.COLUMN"`` (an optional column of a table; ``"Table_last.
    COLUMN"``: of last year's table), ``"la"``
    (the council's code) or the key of a reference input in :attr:`Context.inputs` (e.g. ``"providers"``);
    ``describe`` says in plain words what it is and how to give it."""

    name: str
    describe: str

Years = tuple[int | None, int | None]
# A rule in force in separate spans of years (e.g. 2024-25, then again from 2026-27) gives a tuple of spans.
YearSpans = Years | tuple[Years, ...]


def year_spans(years: YearSpans) -> tuple[Years, ...]:
    """The (first, last) spans of a rule's ``years`` declaration, whichever form it was given in."""
    return years if years and isinstance(years[0], tuple) else (years,)  # type: ignore[return-value]


@dataclass
class Context:
    """What the rules see: this year's typed tables, last year's (if given), every earlier year's the store holds
    (``history``, if loaded) and the collection dates."""

    year: int  # collection year by its ending: 2025 = 1 April 2024 to 31 March 2025
    tables: dict[str, pl.DataFrame]
    previous: dict[str, pl.DataFrame] | None = None
    files: dict[str, str] = field(default_factory=dict)
    today: date = field(default_factory=date.today)
    cache: dict[str, object] = field(default_factory=dict)
    # Tables of all earlier returns (every year before this one that the store or the imported tree holds, merged:
    # the latest year's row wins), for "this year or any earlier one" checks such as 1002. None: not loaded.
    history: dict[str, pl.DataFrame] | None = None
    # The council making the return (DfE 3-digit code), for rules on derived fields that compare with it (PL_LOCATION,
    # 1015); None when not known (``cphub validate`` without ``--la``): those rules are then skipped.
    la: str | None = None
    # Optional reference inputs by name (e.g. "providers": Ofsted's provider list), for rules that declare a Need.
    inputs: dict[str, object] = field(default_factory=dict)
    # An in-year extract: the year so far, to this date (None: the complete year's return). Rules that need the
    # complete year declare ``Need(YEAR_END, ...)``; rules on "the end of the data" read :attr:`period_end`.
    extract_date: date | None = None


    @property
    def start(self) -> date:
        """First day of the collection year (1 April)."""
        return date(self.year - 1, 4, 1)

    @property
    def end(self) -> date:
        """Last day of the collection year (31 March)."""
        return date(self.year, 3, 31)

    @property
    def period_end(self) -> date:
        """The last day the data covers: the extract date of an in-year extract, else 31 March. The one date the
        rules on "open at / aged X at / not after the end of the year" use, so an extract is judged as the year so
        far."""
        return self.extract_date if self.extract_date is not None else self.end

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.tables[name]

    def has(self, *names: str) -> bool:
        return all(n in self.tables and self.tables[n].height > 0 for n in names)

    def lacks(self, need: Need) -> bool:
        """True when the optional input ``need`` was not given."""
        if need.name == "la":
            return self.la is None
        if need.name == YEAR_END:  # an in-year extract is not the complete year
            return self.extract_date is not None
        if "." in need.name:
            table, column = need.name.split(".", 1)
            tables = self.tables
            if table.endswith("_last"):  # last year's table, as the rule tables name it
                table, tables = table.removesuffix("_last"), self.previous or {}
            return table not in tables or column not in tables[table].columns
        return self.inputs.get(need.name) is None

    def last(self, name: str) -> pl.DataFrame | None:
        if self.previous is None or name not in self.previous:
            return None
        return self.previous[name]

    def earlier(self, name: str) -> pl.DataFrame | None:
        """``name`` in every earlier return loaded (the history), else last year's, else None."""
        if self.history is not None and name in self.history:
            return self.history[name]
        return self.last(name)


RuleFunc = Callable[[Context], "pl.LazyFrame | pl.DataFrame"]


@dataclass(frozen=True)
class Rule:
    """One DfE rule: its code, message, tables (``tables[0]`` is reported), fields, years and failing-rows query."""

    code: str
    message: str
    tables: tuple[str, ...]
    fields: tuple[str, ...]
    func: RuleFunc
    severity: Severity = "error"
    years: YearSpans = (None, None)
    needs_previous: bool = False
    child: str = "CHILD"  # the column naming the child in the failing rows
    needs: tuple[Need, ...] = ()  # optional inputs it cannot run without (reported as skipped when not given)

    def applies(self, year: int) -> bool:
        """True when the rule is in force in the collection year ``year`` (by its ending)."""
        return any((lo is None or year >= lo) and (hi is None or year <= hi) for lo, hi in year_spans(self.years))

    def runnable(self, ctx: Context) -> bool:
        """The tables it reads are there (and the one it reports has rows); last year's return when it needs it."""
        if self.needs_previous and ctx.previous is None:
            return False
        if any(t not in ctx.tables for t in self.tables if not t.endswith("_last")):
            return False
        return ctx.has(self.tables[0])

    def query(self, ctx: Context) -> pl.LazyFrame:
        """The lazy query of failing rows."""
        out = self.func(ctx)
        return out.lazy() if isinstance(out, pl.DataFrame) else out

    def run(self, ctx: Context) -> list[Finding]:
        """This rule's findings on ``ctx`` whatever the year (the engine with one rule)."""
        return run_rules([self], ctx, check_years=False)


class RuleSet(dict[str, Rule]):
    """The registry of one return's rules, by code; :meth:`rule` declares one."""

    def __init__(self, name: str, child: str = "CHILD"):
        super().__init__()
        self.name = name
        self.child = child

    def add(self, rule: Rule) -> Rule:
        if rule.code in self:
            raise ValueError(f"{self.name} rule {rule.code} registered twice")
        self[rule.code] = rule
        return rule

    def rule(self, code: str, message: str, tables: str | tuple[str, ...], fields: tuple[str, ...] | str = (),
             severity: Severity = "error", needs_previous: bool = False,
             years: YearSpans = (None, None), needs: tuple[Need, ...] = ()) -> Callable[[RuleFunc], RuleFunc]:
        """Register the decorated function as the rule ``code``. ``tables[0]`` is the table whose rows are reported;
        ``years`` = (first, last) collection year it applies to, inclusive, None = open (or a tuple of such spans
        when DfE dropped the rule for a while); ``needs`` = optional inputs without which it is skipped (and says so)."""
        tables = (tables,) if isinstance(tables, str) else tuple(tables)
        fields = (fields,) if isinstance(fields, str) else tuple(fields)

        def decorator(func: RuleFunc) -> RuleFunc:
            self.add(Rule(code, message, tables, fields, func, severity, years, needs_previous, self.child, needs))
            func.code = code  # type: ignore[attr-defined]
            return func

        return decorator

    def for_year(self, year: int) -> list[Rule]:
        return [r for r in self.values() if r.applies(year)]


def engine_error(rule: Rule, exc: BaseException) -> Finding:
    """The finding that stands for a rule that raised: an error, so a return is never passed unchecked."""
    text = f"Rule {rule.code} could not be checked (engine error, {type(exc).__name__}: {exc})"[:300]
    return Finding(ENGINE_ERROR, text + "; the return is not fully validated.", rule.tables[0], None, None,
                   rule.fields, "error")


def skipped(rule: Rule, missing: list[Need], ctx: Context) -> Finding:
    """The finding that stands for a rule not run because an optional input it needs was not given."""
    day = long_date(ctx.extract_date) if ctx.extract_date is not None else "its extract date"
    text = "Not checked: this rule needs " + "; and ".join(n.describe.replace(EXTRACT_DATE_SLOT, day)
                                                           for n in missing) + "."
    return Finding(rule.code, text, rule.tables[0], None, None, rule.fields, "skipped")


def _findings(rule: Rule, failing: pl.DataFrame, ctx: Context) -> list[Finding]:
    if failing.is_empty():
        return []
    rows = failing[ROW].to_list() if ROW in failing.columns else [None] * failing.height
    kids = failing[rule.child].to_list() if rule.child in failing.columns else [None] * failing.height
    tables = failing[TABLE].to_list() if TABLE in failing.columns else [rule.tables[0]] * failing.height
    return [Finding(rule.code, rule.message, t, r, k, rule.fields, rule.severity, ctx.files.get(t))
            for r, k, t in zip(rows, kids, tables)]


def run_rules(rules: Iterable[Rule], ctx: Context, check_years: bool = True) -> list[Finding]:
    """Every runnable rule's findings (unsorted): all queries in one ``collect_all``; a rule that raises becomes
    an engine-error finding and the others still run."""
    out: list[Finding] = []
    planned: list[tuple[Rule, pl.LazyFrame]] = []
    for r in rules:
        if check_years and not r.applies(ctx.year):
            continue
        if r.needs_previous and ctx.previous is None:
            continue  # rules comparing years run only when last year's return is given, as always
        missing = [n for n in r.needs if ctx.lacks(n)]
        if missing:
            out.append(skipped(r, missing, ctx))
            continue
        try:
            if not r.runnable(ctx):
                continue
            planned.append((r, r.query(ctx)))
        except Exception as exc:
            out.append(engine_error(r, exc))
    try:
        results: list[pl.DataFrame | BaseException] = list(pl.collect_all([q for _, q in planned]))
    except Exception:
        results = []
        for _, q in planned:
            try:
                results.append(q.collect())
            except Exception as exc:
                results.append(exc)
    for (r, _), res in zip(planned, results):
        if isinstance(res, BaseException):
            out.append(engine_error(r, res))
            continue
        try:
            out.extend(_findings(r, res, ctx))
        except Exception as exc:
            out.append(engine_error(r, exc))
    return out


# ---------------------------------------------------------------------------------------------- code lists
@dataclass(frozen=True)
class CodeListCheck:
    """One "field must be one of the year's codes" rule: a row of a return's code-list table."""

    code: str
    table: str
    field: str
    blank_ok: bool
    message: str
    list_name: str | None = None  # default: the list named like the field
    severity: Severity = "error"
    years: YearSpans = (None, None)
    needs: tuple[Need, ...] = ()  # e.g. an optional column: skipped (and said) when not given


def not_in_codes(col: str, codes: Iterable[str], blank_ok: bool) -> pl.Expr:
    """True where ``col`` is not one of ``codes``. Compared upper-cased on both sides, as DfE's collection does
    (``nobt`` is ``NOBT``); a blank fails unless ``blank_ok``."""
    upper = sorted({c.upper() for c in codes})
    return (~pl.col(col).cast(pl.String).str.to_uppercase().is_in(upper)).fill_null(not blank_ok)


def add_code_list_rules(rules: RuleSet, checks: Iterable[CodeListCheck],
                        codes_of: Callable[[str, int], Iterable[str]]) -> None:
    """Register the whole code-list rule family of a return from its table of checks; ``codes_of(list, year)``
    gives the codes valid in a collection year (from the return's one code registry)."""
    for check in checks:
        def query(ctx: Context, c: CodeListCheck = check) -> pl.LazyFrame:
            bad = not_in_codes(c.field, codes_of(c.list_name or c.field, ctx.year), c.blank_ok)
            return ctx[c.table].lazy().filter(bad).select(ROW, rules.child).unique(maintain_order=True)

        query.__doc__ = f"{check.table}.{check.field} must be a code of the year's {check.list_name or check.field} list."
        rules.add(Rule(check.code, check.message, (check.table,), (check.field,), query, check.severity,
                       check.years, False, rules.child, check.needs))
