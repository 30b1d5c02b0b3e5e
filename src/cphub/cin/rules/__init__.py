"""DfE CIN census validation rules on the shared engine, split by table; :func:`validate_census` runs them.

Import this package to register every rule.
"""

from __future__ import annotations

from cphub.cin.reader import Census
from cphub.cin.rules import (  # noqa: F401  (each module registers its rules)
    assessments,
    child,
    code_lists,
    details,
    plans,
    protection_plans,
    reviews,
    section47,
)
from cphub.cin.rules.base import CIN_RULES, CinContext
from cphub.findings import Finding
from cphub.rule_engine import run_rules

__all__ = ["CIN_RULES", "CinContext", "validate_census"]


def validate_census(census: Census, year: int | None = None) -> list[Finding]:
    """Reader findings plus every CIN rule's findings (one plan), sorted by table and child position."""
    year = year or census.year or (census.reference_date.year if census.reference_date else None)
    if year is None:
        return census.findings + [Finding("100", "The census year is not given (Header/CollectionDetails/Year).",
                                          "CINChild", file=census.filename)]
    out = list(census.findings) + run_rules(CIN_RULES.values(), CinContext.of(census, year))
    order = list(census.tables)
    return sorted(out, key=lambda f: (order.index(f.table) if f.table in order else 99, f.row or 0, f.code))
