"""The public version of the pack: small numbers withheld, and nothing withheld can be worked back out.

Method (``docs/disclosure-control.md`` gives the reasoning; the threshold ``t`` defaults to 5, from the
``CPHUB_SUPPRESSION_THRESHOLD`` environment variable). It is the cell-suppression practice of DfE and ONS statistics:

1. **Primary suppression**: a count from 1 to ``t - 1`` is withheld (0 is shown: it identifies no one).
2. **Secondary suppression**: every published identity (a total equal to the sum of its parts: a table's
   column and row totals, a numerator plus the children *not* counted making the denominator, a breakdown
   adding up to the measure's headline figure or to the by-sex count shown beside it) is a *line*. A line with
   exactly one withheld member would give it away by subtraction, so the next-smallest published member of
   that line (a non-zero part before a total) is withheld too; this repeats until no line has a lone
   withheld member.
3. **Audit to a fixed point**: a linear-programming attacker (:func:`interval`) minimises and maximises each
   withheld cell subject to every published identity and non-negativity; a cell whose interval is narrower
   than ``t`` gets the next-smallest member of one of its lines withheld, and the audit runs again until every
   interval is at least ``t`` wide.
4. Percentages, rates and averages are withheld with the count they are made from (a published percentage and
   denominator give the numerator back), and withheld figures carry no RAG, direction or chance-test text.
5. The list of children behind each figure is removed, always.

Cumulative (year-to-date) trends need nothing more: a withheld month lies between the published months
either side, and a published count is 0 or at least ``t``, so that range is never narrower than ``t``.

Withheld figures become ``None`` and their names are listed in ``Row.suppressed`` (and ``detail["suppressed"]``
in the JSON), so every output prints them as ``[c]``.

The core (:func:`protect`, :func:`interval`) is plain Python over dictionaries of counts, so any table (or a
set of tables sharing totals) can be protected and audited the same way.
"""

from __future__ import annotations

import copy
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from cphub.panel.scorecard import Row, Scorecard, TrendPoint

DEFAULT_THRESHOLD = 5

Key = Any  # a cell's name: a tuple such as ("detail", "age_by_sex", 2, "F") or ("value",)
Relation = tuple[Key, tuple[Key, ...]]  # (total, parts): published identity total == sum(parts)


def default_threshold() -> int:
    """The ``CPHUB_SUPPRESSION_THRESHOLD`` environment variable (as the web settings read it), else 5. The web
    shell passes its setting explicitly; this domain module does not import Django."""
    try:
        return int(os.environ.get("CPHUB_SUPPRESSION_THRESHOLD", DEFAULT_THRESHOLD))
    except ValueError:
        return DEFAULT_THRESHOLD


def small(n: int | None, t: int) -> bool:
    """A count that must be withheld: 1 to t - 1."""
    return n is not None and 0 < n < t


# ---------------------------------------------------------------------------------------------------- core
def interval(values: Mapping[Key, int], relations: Sequence[Relation], hidden: set[Key], key: Key
             ) -> tuple[float, float]:
    """The smallest and largest value cell ``key`` can take, knowing every cell not in ``hidden``, every
    identity in ``relations`` and that counts are not negative (``scipy.optimize.linprog``)."""
    from scipy.optimize import linprog

    order = sorted(hidden, key=repr)
    index = {k: i for i, k in enumerate(order)}
    rows, rhs = [], []
    for total, parts in relations:
        members = [(total, 1.0)] + [(p, -1.0) for p in parts]
        if not any(m in hidden for m, _ in members):
            continue
        row = [0.0] * len(order)
        known = 0.0
        for m, sign in members:
            if m in hidden:
                row[index[m]] += sign
            else:
                known += sign * values[m]
        rows.append(row)
        rhs.append(-known)
    cost = [0.0] * len(order)
    cost[index[key]] = 1.0
    kw = {"A_eq": rows, "b_eq": rhs} if rows else {}
    lo = linprog(cost, bounds=[(0, None)] * len(order), method="highs", **kw)
    hi = linprog([-c for c in cost], bounds=[(0, None)] * len(order), method="highs", **kw)
    low = lo.fun if lo.status == 0 else 0.0
    high = -hi.fun if hi.status == 0 else math.inf
    return low, high


def _lines_of(key: Key, relations: Sequence[Relation]) -> list[tuple[Key, ...]]:
    return [(total, *parts) for total, parts in relations if key == total or key in parts]


def _next_smallest(line: tuple[Key, ...], values: Mapping[Key, int], hidden: set[Key]) -> Key | None:
    """The member of ``line`` to withhold next: the smallest non-zero part, else the total, else a zero part."""
    total, parts = line[0], line[1:]
    candidates = [p for p in parts if p not in hidden and values[p] > 0]
    if candidates:
        return min(candidates, key=lambda p: (values[p], repr(p)))
    if total not in hidden:
        return total
    zeros = [p for p in parts if p not in hidden]
    return min(zeros, key=repr) if zeros else None


def protect(values: Mapping[Key, int], relations: Sequence[Relation], t: int,
            hidden: Iterable[Key] = ()) -> set[Key]:
    """The cells to withhold: primary (1 to ``t - 1``), then secondary to a fixed point (module docstring)."""
    relations = [(total, tuple(parts)) for total, parts in relations
                 if total in values and all(p in values for p in parts)]
    out = set(hidden) | {k for k, v in values.items() if small(v, t)}
    if not out:
        return out
    for _ in range(4 * len(values) + 4):
        changed = False
        for total, parts in relations:  # a lone withheld member of a line is given away by subtraction
            line = (total, *parts)
            if sum(m in out for m in line) == 1:
                extra = _next_smallest(line, values, out)
                if extra is not None:
                    out.add(extra)
                    changed = True
        if changed:
            continue
        for k in sorted(out, key=repr):  # the attacker's audit
            lo, hi = interval(values, relations, out, k)
            if hi - lo >= t - 1e-6:
                continue
            for line in sorted(_lines_of(k, relations), key=lambda ln: sum(values[m] for m in ln)):
                extra = _next_smallest(line, values, out)
                if extra is not None:
                    out.add(extra)
                    changed = True
                    break
            if changed:
                break
        if not changed:
            return out
    return out


# ---------------------------------------------------------------------------------------------------- a row
def _is_count(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def headline_cells(unit: str, value, numerator, denominator) -> tuple[dict, list[Relation]]:
    """The headline figure as cells: a count; or numerator, denominator and the children not counted."""
    values: dict[Key, int] = {}
    relations: list[Relation] = []
    if unit == "count":
        n = numerator if numerator is not None else value
        if n is not None:
            values[("value",)] = round(n)
        return values, relations
    if numerator is not None:
        values[("numerator",)] = int(numerator)
    if unit == "%" and numerator is not None and denominator is not None:
        values[("denominator",)] = int(denominator)
        values[("not_counted",)] = int(denominator) - int(numerator)
        relations.append((("denominator",), (("numerator",), ("not_counted",))))
    return values, relations


def detail_cells(detail: Mapping, totals: Mapping[Key, int]) -> tuple[dict, list[Relation]]:
    """The counts in a measure's breakdowns as cells, with every identity an attacker could use: a column of a
    table (or a one-column table, or a map of counts) adding up to the by-sex count beside it or to a headline
    figure in ``totals``. Identities are added only where the arithmetic holds."""
    values: dict[Key, int] = dict(totals)
    relations: list[Relation] = []
    raw_sex = detail.get("by_sex")
    by_sex: dict = raw_sex if isinstance(raw_sex, dict) else {}
    sex_keys = {}
    for s, inner in by_sex.items():
        if isinstance(inner, dict) and _is_count(inner.get("count")):
            sex_keys[s] = ("by_sex", s, "count")
            values[sex_keys[s]] = inner["count"]

    def tie(parts: list[Key], candidates: Iterable[Key]) -> None:
        total = sum(values[p] for p in parts)
        for c in candidates:
            if c in values and values[c] == total:
                relations.append((c, tuple(parts)))
                return

    if sex_keys:
        tie(list(sex_keys.values()), totals)
    for name, v in detail.items():
        if name == "by_sex":
            continue
        if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            cols = [c for c in v[0] if c != "group" and all(_is_count(x.get(c)) for x in v)]
            for c in cols:
                parts = []
                for i, x in enumerate(v):
                    key = (name, i, c)
                    values[key] = x[c]
                    parts.append(key)
                tie(parts, ([sex_keys[c]] if c in sex_keys else []) + list(totals))
            if len(cols) > 1:
                tie([(name, i, c) for i in range(len(v)) for c in cols], totals)
        elif isinstance(v, dict) and v:
            parts = []
            for k, inner in v.items():
                n: Any = inner.get("count") if isinstance(inner, dict) else inner
                if _is_count(n):
                    values[(name, k, "count")] = n
                    parts.append((name, k, "count"))
            if parts and len(parts) == len(v):
                tie(parts, totals)
        elif _is_count(v):
            values[(name,)] = v
    return values, relations


def _blank(detail: dict, hidden: set[Key]) -> tuple[dict, bool]:
    """``detail`` with the withheld counts, and the percentages beside them, set to None."""
    hit = False
    for key in hidden:
        if len(key) == 3 and key[0] in detail:
            name, k, col = key
            v = detail[name]
            if isinstance(v, list):
                v[k][col] = None
                single = sum(_is_count(x) for c, x in v[k].items() if c != col) == 0
                for pct in (f"{col}_pct", "pct"):
                    if pct in v[k] and (pct != "pct" or col == "count" or single):
                        v[k][pct] = None
            elif isinstance(v, dict):
                if isinstance(v.get(k), dict):
                    v[k]["count"] = None
                    if "pct" in v[k]:
                        v[k]["pct"] = None
                else:  # a flat map: the percentages beside a withheld count go with it
                    v[k] = None
                    for k2, x in v.items():
                        if isinstance(x, float):
                            v[k2] = None
            hit = True
        elif len(key) == 1 and key[0] in detail and key[0] not in ("value", "numerator", "denominator"):
            detail[key[0]] = None
            hit = True
    return detail, hit


def _residual_small(detail, t: int):
    """Counts the identities do not reach (nested breakdowns): primary suppression with the percentages beside."""
    if isinstance(detail, dict):
        out: dict[str, object] = {}
        hit_here = False
        for k, v in detail.items():
            if _is_count(v) and small(v, t):
                out[k], hit_here = None, True
            elif isinstance(v, (dict, list)):
                out[k] = _residual_small(v, t)
            else:
                out[k] = v
        if hit_here:
            out = {k: (None if isinstance(v, float) else v) for k, v in out.items()}
        return out
    if isinstance(detail, list):
        return [_residual_small(v, t) if isinstance(v, (dict, list)) else
                (None if _is_count(v) and small(v, t) else v) for v in detail]
    return detail


def figure_hidden(unit: str, value, numerator, denominator, t: int) -> set[str]:
    """Which headline fields to withhold for one date (value with its numerator and denominator)."""
    values, relations = headline_cells(unit, value, numerator, denominator)
    out: set[str] = set()
    if values:
        for key in protect(values, relations, t):
            if key in (("value",), ("numerator",), ("not_counted",)):
                out |= {"value", "numerator"}
            elif key == ("denominator",):
                out |= {"value", "numerator", "denominator"}
    if numerator is not None and small(numerator, t):
        out |= {"value", "numerator"}
    if denominator is not None and denominator < t and (numerator or value):
        out |= {"value", "numerator"}
        if small(denominator, t):
            out.add("denominator")
    return out


def figure_disclosive(unit: str, value: float | None, numerator: int | None, denominator: int | None, t: int) -> bool:
    """Whether a figure (value with its numerator and denominator) must be withheld."""
    if value is None and numerator is None:
        return False
    return "value" in figure_hidden(unit, value, numerator, denominator, t)


def suppress_detail(detail, t: int, totals: Mapping[Key, int] | None = None):
    """A copy of a breakdown with small counts, the cells that would give them away and the percentages beside
    them withheld; returns (copy, hit)."""
    if not isinstance(detail, dict):
        out = _residual_small(copy.deepcopy(detail), t)
        return out, out != detail
    totals = dict(totals or {})
    values, relations = detail_cells(detail, totals)
    values.update(totals)
    hidden = protect(values, relations, t, hidden=[k for k, v in totals.items() if small(v, t)])
    out, hit = _blank(copy.deepcopy(detail), hidden)
    residual = _residual_small(out, t)
    return residual, hit or residual != out


def pack_totals(rows: Sequence[Row], t: int) -> dict[Key, int]:
    """Headline counts published elsewhere in the pack (e.g. children with a disability, whose by-sex split
    another measure's breakdown shows): identities across tables."""
    out: dict[Key, int] = {}
    for r in rows:
        if "value" in figure_hidden(r.measure.unit, r.value, r.numerator, r.denominator, t):
            continue
        if r.measure.unit == "count" and r.value is not None:
            out[("measure", r.id, "value")] = round(r.numerator if r.numerator is not None else r.value)
        elif r.numerator is not None and r.measure.unit == "%":
            out[("measure", r.id, "numerator")] = int(r.numerator)
    return out


def public_row(row: Row, t: int, others: Mapping[Key, int] | None = None) -> Row:
    unit = row.measure.unit
    hidden: list[str] = []
    value, num, den = row.value, row.numerator, row.denominator
    now = figure_hidden(unit, value, num, den, t)
    totals: dict[Key, int] = {}
    if "value" not in now:
        if unit == "count" and value is not None:
            totals[("value",)] = round(num if num is not None else value)
        if num is not None:
            totals[("numerator",)] = int(num)
        if den is not None and unit in ("%", "count"):
            totals[("denominator",)] = int(den)
    if "value" in now:
        value, num = None, None
        hidden += ["value", "numerator"]
    if "denominator" in now:
        den = None
        hidden.append("denominator")
    ly_value, ly_num, ly_den = row.last_year_value, row.last_year_numerator, row.last_year_denominator
    if "value" in figure_hidden(unit, ly_value, ly_num, ly_den, t):
        ly_value, ly_num = None, None
        hidden.append("last_year_value")
    trend = []
    for p in row.trend:
        if "value" in figure_hidden(unit, p.value, p.numerator, p.denominator, t):
            trend.append(TrendPoint(p.month, p.at, None, None, None))
            if "trend" not in hidden:
                hidden.append("trend")
        else:
            trend.append(replace(p))
    for k, v in (others or {}).items():
        if k[1] != row.id:
            totals.setdefault(k, v)
    detail, hit = suppress_detail(row.detail, t, totals)
    if "value" in now and isinstance(detail, dict):  # shares of a withheld headline give it back
        detail = {k: (None if isinstance(v, float) or k == "display" else v) for k, v in detail.items()}
        hit = True
    if hit:
        hidden.append("detail")
    shown = value is not None
    return replace(row, value=value, numerator=num, denominator=den, last_year_value=ly_value,
                   last_year_numerator=ly_num, last_year_denominator=ly_den, trend=trend, detail=detail,
                   children=[], detail_children={}, suppressed=hidden,
                   rag=row.rag if shown else None,
                   rag_reason=row.rag_reason if shown else "Withheld: small numbers.",
                   direction=row.direction if shown and ly_value is not None else None,
                   assessment=row.assessment if shown and ly_value is not None else None)


def public(card: Scorecard, threshold: int | None = None) -> Scorecard:
    """The public version of a scorecard (a new object; the original is unchanged)."""
    t = default_threshold() if threshold is None else threshold
    if t < 1:
        raise ValueError("the suppression threshold must be at least 1")
    from cphub.panel.changes import public_changes

    others = pack_totals(card.rows, t)
    out = replace(card, rows=[public_row(r, t, others) for r in card.rows], public=True, threshold=t)
    out.changes = public_changes(card.changes, out)
    return out
