"""How scorecard figures are written in every output (one place, so the web page, PDF and Excel agree)."""

from __future__ import annotations

SUPPRESSED = "[c]"  # DfE's convention for a figure withheld to protect confidentiality
ARROWS = {"up": "↑", "down": "↓", "level": "→"}
DIRECTION_WORDS = {"up": "up", "down": "down", "level": "no change"}
GOOD_TO_BE = {"high": "High", "low": "Low", "n/a": "n/a"}
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", None: "No RAG"}


def format_value(value: float | int | None, unit: str, *, suppressed: bool = False) -> str:
    """A figure as the pack prints it: counts whole, percentages to 1 dp with %, rates and means to 1 dp."""
    if suppressed:
        return SUPPRESSED
    if value is None:
        return "–"
    if unit in ("count", "days"):
        return f"{value:,.0f}"
    if unit == "%":
        return f"{value:.1f}%"
    if unit == "ratio":
        return f"{value:.2f}"
    return f"{value:,.1f}"


def format_count(n: int | None, *, suppressed: bool = False) -> str:
    if suppressed:
        return SUPPRESSED
    return "–" if n is None else f"{n:,}"


def format_benchmark(v, unit: str) -> str:
    if v is None:
        return "n/a"
    if isinstance(v, str):
        return v
    return format_value(v, unit)


def format_target(v: float | None, unit: str) -> str:
    return "n/a" if v is None else format_value(v, unit)


def long_date(d) -> str:
    """26 November 2026."""
    return f"{d.day} {d:%B %Y}"


def with_count(value, unit: str, numerator, *, suppressed: bool = False) -> str:
    """A percentage with the children it counts beside it, as the seed pack prints it: "86.3% (135)"."""
    text = format_value(value, unit, suppressed=suppressed)
    if suppressed or value is None or unit != "%" or numerator is None:
        return text
    return f"{text} ({numerator:,})"


BENCHMARK_NAMES = {"statistical_neighbours": "Statistical neighbours", "england": "England"}


def benchmark_label(key: str, benchmarks: dict) -> str:
    """One label for a comparator everywhere: its name and the date of DfE's figure, "South East, 31 March 2025"."""
    name = benchmarks.get("region_name") or "Region" if key == "region" else BENCHMARK_NAMES.get(key, key)
    year = benchmarks.get("year")
    return f"{name}, 31 March {year}" if year else f"{name} (none published)"
