"""The measure contract: every scorecard measure is a :class:`Measure` in :data:`cphub.measures.registry.REGISTRY`.

A measure's ``compute`` takes a :class:`CouncilData` (the council's typed tables, from the store or built by
hand in tests) and a list of as-at dates and returns one :class:`MeasureResult` per date, in the order given: one
implementation over many dates (a frame of child x date), a single date being the one-element case. Measures are plain Python over Polars,
with no web framework imports.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, Literal, TypeVar

import polars as pl

T = TypeVar("T")
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


class _Later(Generic[T]):
    """A field given either as its value or as a function of no arguments, called on first read."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, obj: object, owner: type | None = None) -> T:
        if obj is None:  # looked up on the class
            return self  # type: ignore[return-value]
        value = getattr(obj, self.slot)
        if callable(value):
            value = value()
            setattr(obj, self.slot, value)
        return value

    def __set__(self, obj: object, value: T | Callable[[], T]) -> None:
        setattr(obj, self.slot, value)


class MeasureResult:
    """A measure at one date: value, numerator, denominator, detail, ``children`` (the CHILD ids behind the
    numerator) and ``cohort`` (the CHILD ids in the denominator, for measures over children; empty otherwise).
    Child lists are never published.

    ``detail``, ``children`` and ``cohort`` may be given as functions of no arguments: they are then worked out on
    first use (a trend point is rarely asked for its children) from the frame the measure computed.
    """

    def __init__(self, value: float | None, numerator: int | None = None, denominator: int | None = None,
                 detail: dict | Callable[[], dict] | None = None,
                 children: list[str] | Callable[[], list[str]] | None = None,
                 cohort: list[str] | Callable[[], list[str]] | None = None) -> None:
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
        self.detail = {} if detail is None else detail
        self.children = [] if children is None else children
        self.cohort = [] if cohort is None else cohort

    detail: _Later[dict] = _Later()
    children: _Later[list[str]] = _Later()
    cohort: _Later[list[str]] = _Later()

    def _key(self) -> tuple:
        return (self.value, self.numerator, self.denominator, self.detail, self.children, self.cohort)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MeasureResult) and self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"MeasureResult(value={self.value!r}, numerator={self.numerator!r}, "
                f"denominator={self.denominator!r})")


@dataclass(frozen=True)
class Measure:
    """A scorecard measure: its contract (id, definition, source, unit, good to be, window) and its one
    implementation, ``compute(data, dates)``, which answers for every date of the list at once and returns one
    :class:`MeasureResult` per date, in the order given (a single date is the one-element case)."""

    id: str
    title: str
    description: str
    definition: str
    source: str
    good_to_be: GoodToBe
    unit: Unit
    window: Window
    compute: Callable[[CouncilData, Sequence[date]], list[MeasureResult]]  # one result per date, in order
    section: str = "Children looked after"
    default_target: float | None = None
    benchmark: str | None = None  # key into the shipped DfE benchmark data, if DfE publishes this measure
