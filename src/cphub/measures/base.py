"""The measure contract: every scorecard measure is a :class:`Measure` in :data:`cphub.measures.registry.REGISTRY`.

A measure's ``compute`` takes a :class:`CouncilData` (the council's typed tables, from the store or built by
hand in tests) and an as-at date and returns a :class:`MeasureResult`. Measures are plain Python over Polars,
with no web framework imports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import polars as pl

GoodToBe = Literal["high", "low", "n/a"]
Unit = Literal["count", "%", "rate per 10,000", "mean", "days", "ratio"]
Window = Literal["as_at", "ytd", "rolling_12m", "year_to_31_march"]


@dataclass
class CouncilData:
    """A council's tables: SSDA903 (all years merged, with YEAR), local tables, and its 0-17 population by mid-year."""

    la: str
    tables: dict[str, pl.DataFrame]
    population: dict[int, int] = field(default_factory=dict)
    settings: dict[str, object] = field(default_factory=dict)
    cache: dict[object, object] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.tables[name]


@dataclass
class MeasureResult:
    value: float | None
    numerator: int | None = None
    denominator: int | None = None
    detail: dict = field(default_factory=dict)
    children: list[str] = field(default_factory=list)  # the CHILD ids behind the numerator (never published)
    cohort: list[str] = field(default_factory=list)  # the CHILD ids of the denominator (never published)


@dataclass(frozen=True)
class Measure:
    id: str
    title: str
    description: str
    definition: str
    source: str
    good_to_be: GoodToBe
    unit: Unit
    window: Window
    compute: Callable[[CouncilData, date], MeasureResult]
    section: str = "Children looked after"
    default_target: float | None = None
    benchmark: str | None = None  # key into the shipped DfE benchmark data, if DfE publishes this measure
