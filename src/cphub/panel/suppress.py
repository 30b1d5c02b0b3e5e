"""The public version of the pack (issue 4, part 6): small numbers withheld, no child-level data.

Rule (the threshold ``t`` defaults to 5, from the ``CPHUB_SUPPRESSION_THRESHOLD`` environment variable):

* a count from 1 to ``t - 1`` is withheld (0 is shown: it identifies no one);
* a percentage or rate is withheld when its numerator is withheld, when its denominator is below ``t``, or when
  the children *not* counted (denominator - numerator) are 1 to ``t - 1`` (otherwise "97% of 100" discloses
  the 3 who were not);
* a mean (e.g. caseload) is withheld when it is over fewer than ``t`` people;
* the same applies to the value a year earlier and to every trend point;
* in ``detail`` (breakdowns), every whole-number count from 1 to ``t - 1`` is withheld, and the non-whole
  figures (percentages) beside a withheld count in the same breakdown are withheld with it;
* the list of children behind each figure is removed, always.

Withheld figures become ``None`` and their names are listed in ``Row.suppressed`` (and ``detail["suppressed"]``
in the JSON), so every output prints them as ``[c]``.
"""

from __future__ import annotations

import copy
import os
from dataclasses import replace

from cphub.panel.scorecard import Row, Scorecard, TrendPoint

DEFAULT_THRESHOLD = 5


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


def figure_disclosive(unit: str, value: float | None, numerator: int | None, denominator: int | None, t: int) -> bool:
    """Whether a figure (value with its numerator and denominator) must be withheld, by the rule above."""
    if value is None and numerator is None:
        return False
    if unit == "count":
        n = numerator if numerator is not None else value
        return small(int(n), t) if n is not None else False
    if numerator is not None and small(numerator, t):
        return True
    if denominator is not None:
        if denominator < t and (numerator or value):
            return True
        if unit == "%" and numerator is not None and small(denominator - numerator, t):
            return True
        if unit == "mean" and denominator < t:
            return True
    return False


def suppress_detail(detail, t: int):
    """A copy of a breakdown with small counts (and the percentages beside them) withheld; returns (copy, hit)."""
    if isinstance(detail, dict):
        out: dict[str, object] = {}
        hit_here = False
        for k, v in detail.items():
            if isinstance(v, bool):
                out[k] = v
            elif isinstance(v, int) and small(v, t):
                out[k], hit_here = None, True
            elif isinstance(v, (dict, list)):
                out[k], _ = suppress_detail(v, t)
            else:
                out[k] = v
        if hit_here:
            out = {k: (None if isinstance(v, float) else v) for k, v in out.items()}
        return out, hit_here
    if isinstance(detail, list):
        items = [suppress_detail(v, t)[0] if isinstance(v, (dict, list)) else
                 (None if isinstance(v, int) and not isinstance(v, bool) and small(v, t) else v) for v in detail]
        return items, items != detail
    return detail, False


def public_row(row: Row, t: int) -> Row:
    unit = row.measure.unit
    hidden: list[str] = []
    value, num, den = row.value, row.numerator, row.denominator
    if figure_disclosive(unit, value, num, den, t):
        value, num, hidden = None, None, ["value", "numerator"]
    if den is not None and small(den, t):
        den = None
        hidden.append("denominator")
    ly_value, ly_num, ly_den = row.last_year_value, row.last_year_numerator, row.last_year_denominator
    if figure_disclosive(unit, ly_value, ly_num, ly_den, t):
        ly_value, ly_num = None, None
        hidden.append("last_year_value")
    trend = []
    for p in row.trend:
        if figure_disclosive(unit, p.value, p.numerator, p.denominator, t):
            trend.append(TrendPoint(p.month, p.at, None, None, None))
            if "trend" not in hidden:
                hidden.append("trend")
        else:
            trend.append(replace(p))
    detail, hit = suppress_detail(copy.deepcopy(row.detail), t)
    if hit:
        hidden.append("detail")
    return replace(row, value=value, numerator=num, denominator=den, last_year_value=ly_value,
                   last_year_numerator=ly_num, last_year_denominator=ly_den, trend=trend, detail=detail,
                   children=[], detail_children={}, suppressed=hidden,
                   direction=row.direction if value is not None and ly_value is not None else None,
                   assessment=row.assessment if value is not None and ly_value is not None else None)


def public(card: Scorecard, threshold: int | None = None) -> Scorecard:
    """The public version of a scorecard (a new object; the original is unchanged)."""
    t = default_threshold() if threshold is None else threshold
    if t < 1:
        raise ValueError("the suppression threshold must be at least 1")
    from cphub.panel.changes import public_changes

    out = replace(card, rows=[public_row(r, t) for r in card.rows], public=True, threshold=t)
    out.changes = public_changes(card.changes, out)
    return out
