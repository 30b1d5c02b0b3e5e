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
