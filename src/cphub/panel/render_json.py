"""The scorecard as JSON, in exactly the shape of issue 4 part 5:

``{"la", "at", "measures": [{"id", "title", "value", "numerator", "denominator", "unit", "good_to_be", "target",
"last_year_value", "trend": [{"month", "value"}], "benchmarks": {"statistical_neighbours", "region", "england",
"year"}, "rag", "detail"}]}``

``detail`` carries the measure's extra figures (e.g. the episode count beside the child count, or a breakdown);
in the public version it also lists the withheld fields under ``"suppressed"``. The children behind a figure are
never written.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from cphub.panel.scorecard import BENCHMARK_KEYS, Row, Scorecard


def _plain(v):
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set)):
        return [_plain(x) for x in v]
    if isinstance(v, float) and v != v:  # NaN
        return None
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    return str(v)


def measure_dict(row: Row) -> dict:
    detail = _plain(row.detail)
    if row.suppressed:
        detail["suppressed"] = list(row.suppressed)
    if row.error:
        detail["error"] = row.error
    extra = {k: v for k, v in row.benchmarks.items() if k not in BENCHMARK_KEYS}
    if extra:
        detail["benchmark_notes"] = _plain(extra)
    return {
        "id": row.id,
        "title": row.measure.title,
        "value": row.value,
        "numerator": row.numerator,
        "denominator": row.denominator,
        "unit": row.measure.unit,
        "good_to_be": row.measure.good_to_be,
        "target": row.target,
        "last_year_value": row.last_year_value,
        "trend": [{"month": p.month, "value": p.value} for p in row.trend],
        "benchmarks": {k: _plain(row.benchmarks.get(k)) for k in BENCHMARK_KEYS},
        "rag": row.rag,
        "detail": detail,
        **({"no_data_after": row.no_data_after.isoformat()} if row.no_data_after else {}),
    }


def to_dict(card: Scorecard) -> dict:
    out = {"la": card.la, "at": card.at.isoformat(), "measures": [measure_dict(r) for r in card.rows]}
    if card.data_to is not None:
        out["data_to"] = card.data_to.isoformat()
    return out


def render(card: Scorecard) -> str:
    return json.dumps(to_dict(card), indent=2, ensure_ascii=False)


def write(card: Scorecard, out: Path) -> None:
    Path(out).write_text(render(card) + "\n", encoding="utf-8")
