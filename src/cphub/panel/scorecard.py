"""Assemble the Corporate Parenting Panel scorecard for one council at one date (issue 4, part 3).

For every measure in the registry the scorecard holds: the value, numerator and denominator at the as-at date,
the value a year earlier, a 12-month monthly trend, the direction of travel, RAG against the target (or, with no
target, against benchmarks), the DfE benchmarks and the officers' commentary. It is plain Python over the
measure contract in :mod:`cphub.measures.base`; the registry, ``compute`` and ``benchmark`` functions can be
passed in (tests use small hand-made registries), otherwise they come from :mod:`cphub.measures.registry` and
:mod:`cphub.reference.benchmarks`.

RAG rule (:func:`rag_status`), as panels read it:

* A measure whose "good to be" is ``n/a`` (a context figure such as the number of children looked after) has
  no RAG.
* With a target: **green** when the value meets the target in the good direction (at or above it when good is
  high, at or below it when good is low); **amber** when it misses by no more than the tolerance; **red**
  otherwise. The tolerance is 5 percentage points for percentages, and 10% of the target for every other unit.
* With no target, the comparison is with the statistical-neighbour benchmark (else the England figure), with
  the same tolerance: green when as good or better, amber when within tolerance, red when further behind.
* No value, or nothing to compare with: no RAG.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from cphub.calendar import add_months, annual_dates, collection_year, month_end, trend_dates, year_earlier
from cphub.measures.base import CouncilData, Measure, MeasureResult

log = logging.getLogger(__name__)
__all__ = ["add_months", "month_end", "trend_dates", "annual_dates", "year_earlier", "collection_year", "assemble",
           "Scorecard", "Row", "TrendPoint", "rag_status", "direction_of"]

ComputeFn = Callable[[str, CouncilData, date], MeasureResult]
SeriesFn = Callable[[str, CouncilData, list[date]], list[MeasureResult]]
"""(measure id, data, dates) -> one result per date, in order."""
BenchmarkFn = Callable[[str, str, int, str], Mapping[str, object] | None]

PCT_TOLERANCE = 5.0  # percentage points
RELATIVE_TOLERANCE = 0.10  # of the target, for every other unit
BENCHMARK_KEYS = ("statistical_neighbours", "region", "england", "year")
# keys of ``MeasureResult.detail`` that hold lists of children's identifiers: moved out of ``detail`` into
# ``Row.detail_children`` so no pack ever prints them (only the measure page, for child-level roles)
CHILD_LIST_KEYS = ("children", "_children")


# ---------------------------------------------------------------------------------------------------- dates
# month_end, add_months, year_earlier, trend_dates, annual_dates and collection_year are the calendar's
# (cphub.calendar), imported above and re-exported here for the callers that import them from the scorecard.


def latest_published_year(at: date) -> int:
    """The last DfE year whose figures are published by ``at`` (data at 31 March appear the following autumn):
    the benchmark year to set beside a pack dated ``at``."""
    return collection_year(at) - 1


# ---------------------------------------------------------------------------------------------------- model
@dataclass
class TrendPoint:
    month: str  # "YYYY-MM"
    at: date
    value: float | None
    numerator: int | None = None
    denominator: int | None = None


@dataclass
class Row:
    """One measure on the scorecard."""

    measure: Measure
    value: float | None
    numerator: int | None
    denominator: int | None
    detail: dict
    children: list[str]
    target: float | None
    target_source: str  # "council" (an override, possibly None = no target), "default" or "none"
    last_year_value: float | None
    last_year_numerator: int | None
    last_year_denominator: int | None
    trend: list[TrendPoint]
    benchmarks: dict
    rag: str | None
    rag_reason: str
    direction: str | None  # "up", "down", "level" or None
    assessment: str | None  # "better", "worse", "same" or None (when good_to_be is n/a or no comparison)
    commentary: str = ""
    error: str | None = None
    detail_children: dict = field(default_factory=dict)  # e.g. {"uncertain_children": [...]}: child-level
    suppressed: list[str] = field(default_factory=list)  # fields hidden in the public version
    no_data_after: date | None = None  # a source of this measure ends before the as-at date
    cohort: list[str] = field(default_factory=list)  # the CHILD ids of the denominator (never published)

    @property
    def id(self) -> str:
        return self.measure.id


@dataclass
class Scorecard:
    la: str
    at: date
    rows: list[Row]
    last_year_at: date
    public: bool = False
    threshold: int | None = None
    council_name: str = ""
    edition: str = ""
    changes: list = field(default_factory=list)  # cphub.panel.changes.Change, when computed
    since: date | None = None  # the last panel's date the changes compare with
    note: str = ""  # e.g. "Demonstration: every figure is synthetic." (printed on the cover)
    data_to: date | None = None  # the date the council's SSDA903 data is complete to (cphub.currency)
    paper: dict = field(default_factory=dict)  # the edition's cover fields and summary (cphub.panel.paper)
    extra_sections: list = field(default_factory=list)  # pages from other areas (.title, .html), e.g. the forecast

    def row(self, measure_id: str) -> Row:
        for r in self.rows:
            if r.id == measure_id:
                return r
        raise KeyError(measure_id)

    def sections(self) -> list[tuple[str, list[Row]]]:
        """Rows grouped by section, sections in the order they first appear in the registry."""
        out: dict[str, list[Row]] = {}
        for r in self.rows:
            out.setdefault(r.measure.section, []).append(r)
        return list(out.items())


# ---------------------------------------------------------------------------------------------------- rules
def tolerance(unit: str, target: float) -> float:
    """How far from the target (or benchmark) a value may miss and still be amber: see the module docstring."""
    if unit == "%":
        return PCT_TOLERANCE
    return abs(target) * RELATIVE_TOLERANCE


def rag_status(value: float | None, good_to_be: str, unit: str, target: float | None,
               benchmarks: Mapping[str, object] | None = None) -> tuple[str | None, str]:
    """RAG (``"red"``, ``"amber"``, ``"green"`` or ``None``) and the reason, by the rule in the module docstring."""
    if value is None:
        return None, "No value at this date."
    if good_to_be not in ("high", "low"):
        return None, "A context measure: no RAG."
    basis, label = target, "target"
    if basis is None and benchmarks:
        for key, name in (("statistical_neighbours", "statistical neighbours"), ("england", "England")):
            b = benchmarks.get(key)
            if isinstance(b, (int, float)) and not isinstance(b, bool):
                basis, label = float(b), name
                break
    if basis is None:
        return None, "No target or benchmark to compare with."
    shortfall = (basis - value) if good_to_be == "high" else (value - basis)
    if shortfall <= 1e-9:
        return "green", f"Meets the {label} ({_plain(basis, unit)})."
    if shortfall <= tolerance(unit, basis) + 1e-9:  # figures are rounded to 1 dp
        return "amber", f"Just misses the {label} ({_plain(basis, unit)})."
    return "red", f"Misses the {label} ({_plain(basis, unit)})."


def direction_of(value: float | None, previous: float | None, good_to_be: str) -> tuple[str | None, str | None]:
    """Direction of travel against a year earlier, and whether that is better or worse given "good to be"."""
    if value is None or previous is None:
        return None, None
    if abs(value - previous) < 1e-9:
        return "level", "same" if good_to_be in ("high", "low") else None
    d = "up" if value > previous else "down"
    if good_to_be == "high":
        return d, "better" if d == "up" else "worse"
    if good_to_be == "low":
        return d, "better" if d == "down" else "worse"
    return d, None


def _plain(v: float, unit: str) -> str:
    from cphub.panel.fmt import format_value

    return format_value(v, unit)


def _clean_benchmarks(raw: Mapping[str, object] | None) -> dict:
    out: dict[str, object] = {k: None for k in BENCHMARK_KEYS}
    if raw:
        for k in BENCHMARK_KEYS:
            v = raw.get(k)
            out[k] = v if v is None or isinstance(v, (int, float, str)) else None
        for k, v in raw.items():
            if k not in out and isinstance(v, (int, float, str)):
                out[k] = v  # e.g. the statistic used ("mean"/"median") or the region's name
    return out


def split_child_lists(detail: Mapping) -> tuple[dict, dict]:
    """(detail without lists of child identifiers, those lists), by :data:`CHILD_LIST_KEYS`."""
    kept, children = {}, {}
    for k, v in (detail or {}).items():
        if isinstance(v, (list, tuple)) and (k == "children" or str(k).endswith("_children")) and \
                all(isinstance(x, str) for x in v):
            children[k] = list(v)
        else:
            kept[k] = v
    return kept, children


# ---------------------------------------------------------------------------------------------------- assembly
_BENCHMARK_CACHE: dict[tuple, Mapping[str, object] | None] = {}


def _benchmark_cached(benchmark: BenchmarkFn, key: str, la: str, year: int, statistic: str):
    """Published benchmarks do not change while the process runs: look each one up once per process."""
    k = (benchmark, key, la, year, statistic)
    if k not in _BENCHMARK_CACHE:
        _BENCHMARK_CACHE[k] = benchmark(key, la, year, statistic)
    return _BENCHMARK_CACHE[k]


def _default_registry():
    from cphub.measures import registry

    return registry.REGISTRY, registry.compute


def _default_benchmark() -> BenchmarkFn | None:
    try:
        from cphub.reference.benchmarks import benchmark
    except ModuleNotFoundError:
        return None
    return benchmark


def _series(registry: Mapping[str, Measure], compute: ComputeFn | None) -> SeriesFn:
    """How to get a measure at many dates: through its own many-dates ``compute`` (the registry's contract), or,
    when a one-date ``compute`` other than the registry's is passed in (tests), date by date with it."""
    from cphub.measures import registry as measure_registry

    if compute is None or compute is measure_registry.compute:
        return lambda mid, data, dates: registry[mid].compute(data, dates)
    one = compute
    return lambda mid, data, dates: [one(mid, data, d) for d in dates]


def assemble(data: CouncilData, at: date, *, registry: Mapping[str, Measure] | None = None,
             compute: ComputeFn | None = None, benchmark: BenchmarkFn | None = None,
             targets: Mapping[str, float | None] | None = None, commentary: Mapping[str, str] | None = None,
             measure_ids: Iterable[str] | None = None, statistic: str = "mean", trend_months: int = 12,
             council_name: str = "", edition: str = "", currency: Mapping[str, date] | None = None) -> Scorecard:
    """The scorecard for ``data.la`` at ``at``.

    ``targets`` are the council's overrides (a ``None`` value removes the default target); ``commentary`` is the
    narrative per measure for this edition; ``statistic`` says whether the statistical-neighbour benchmark is the
    mean or the median of the ten neighbours.
    """
    if registry is None:
        registry, default_compute = _default_registry()
        compute = compute or default_compute
        if benchmark is None:
            benchmark = _default_benchmark()
    series = _series(registry, compute)
    targets = targets or {}
    commentary = commentary or {}
    ids = list(measure_ids) if measure_ids is not None else list(registry)
    last_at = year_earlier(at)
    points = trend_dates(at, trend_months)
    bench_year = latest_published_year(at)
    rows = []
    for mid in ids:
        m = registry[mid]
        pts = annual_dates(at) if m.window == "year_to_31_march" else points
        row = _row(m, data, at, last_at, pts, series, benchmark, targets, commentary, bench_year, statistic)
        rows.append(_limit(row, _source_limit(m, currency)) if currency else row)
    from cphub.currency import MAIN_SOURCE

    return Scorecard(la=data.la, at=at, rows=rows, last_year_at=last_at, council_name=council_name, edition=edition,
                     data_to=(currency or {}).get(MAIN_SOURCE))


def _source_limit(m: Measure, currency: Mapping[str, date] | None) -> date | None:
    from cphub.currency import limit_for, sources_of
    from cphub.local.schema import LOCAL_TABLES
    from cphub.ssda903.schema import TABLES

    return limit_for(sources_of(m.source, set(TABLES), set(LOCAL_TABLES)), currency or {})


def _limit(row: Row, limit: date | None) -> Row:
    """The row with nothing after ``limit`` (the date a source it reads is complete to): no value, never 0."""
    if limit is None:
        return row
    trend = [p if p.at <= limit else TrendPoint(p.month, p.at, None) for p in row.trend]
    if row.trend and row.trend[-1].at <= limit:
        row.trend = trend
        return row
    row.trend = trend
    row.value = row.numerator = row.denominator = None
    row.rag, row.direction, row.assessment = None, None, None
    row.children, row.cohort, row.detail, row.detail_children = [], [], {}, {}
    row.no_data_after = limit
    from cphub.currency import long_date

    row.rag_reason = f"No data after {long_date(limit)}."
    return row


def _row(m: Measure, data: CouncilData, at: date, last_at: date, points: list[date], series: SeriesFn,
         benchmark: BenchmarkFn | None, targets: Mapping[str, float | None], commentary: Mapping[str, str],
         bench_year: int, statistic: str) -> Row:
    error = None
    try:
        dates = list(dict.fromkeys([at, last_at, *points]))
        found = dict(zip(dates, series(m.id, data, dates)))  # the value, a year earlier and the trend: one call
        now, last = found[at], found[last_at]
        trend = [TrendPoint(month=f"{d.year:04d}-{d.month:02d}", at=d, value=found[d].value,
                            numerator=found[d].numerator, denominator=found[d].denominator)
                 for d in points if not (m.window == "year_to_31_march" and d > at)]
        _ = now.detail, now.children  # worked out here, so a failure is reported on the row
    except Exception as exc:  # one broken measure must not stop the pack; the error is shown on it
        log.exception("measure %s failed at %s", m.id, at)
        error = f"{type(exc).__name__}: {exc}"
        now, last, trend = MeasureResult(value=None), MeasureResult(value=None), []
    if m.id in targets:
        target, source = targets[m.id], "council"
    elif m.default_target is not None:
        target, source = m.default_target, "default"
    else:
        target, source = None, "none"
    raw_bench = None
    if benchmark is not None and m.benchmark:
        try:
            raw_bench = _benchmark_cached(benchmark, m.benchmark, data.la, bench_year, statistic)
        except (KeyError, LookupError, ValueError) as exc:
            log.info("no benchmark for %s: %s", m.id, exc)
    benchmarks = _clean_benchmarks(raw_bench)
    if isinstance(benchmarks.get("council"), (int, float)) and isinstance(benchmarks.get("year"), int):
        try:
            same = series(m.id, data, [date(benchmarks["year"], 3, 31)])[0].value
        except Exception:
            same = None
        if same is not None:
            benchmarks["hub_same_date"] = round(float(same), 1)
    detail, detail_children = split_child_lists(now.detail)
    rag, reason = rag_status(now.value, m.good_to_be, m.unit, target, benchmarks)
    direction, assessment = direction_of(now.value, last.value, m.good_to_be)
    return Row(measure=m, value=now.value, numerator=now.numerator, denominator=now.denominator,
               detail=detail, detail_children=detail_children, children=list(now.children), target=target, target_source=source,
               last_year_value=last.value, last_year_numerator=last.numerator,
               last_year_denominator=last.denominator, trend=trend, benchmarks=benchmarks, rag=rag,
               rag_reason=reason, direction=direction, assessment=assessment,
               commentary=commentary.get(m.id, ""), error=error, cohort=list(getattr(now, "cohort", []) or []))
