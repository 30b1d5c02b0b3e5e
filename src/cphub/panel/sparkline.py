"""Accessible SVG sparklines for the monthly trend: an ``<svg role="img">`` with a title and a text description
(first, last, highest and lowest points), a line with a dot per month and a larger dot on the latest value.
Gaps (months with no value, or withheld) break the line. Every output puts the same figures in a data table
beside the chart, so nothing is only in the picture. No inline styles: presentation uses attributes only."""

from __future__ import annotations

from html import escape

from cphub.panel.fmt import format_value

INK = "#0b0c0c"
LINE = "#1d70b8"
TARGET = "#505a5f"


def describe(points: list[tuple[str, float | None]], unit: str) -> str:
    vals = [(m, v) for m, v in points if v is not None]
    if not vals:
        return "No values to show."
    first, last = vals[0], vals[-1]
    hi = max(vals, key=lambda p: p[1])
    lo = min(vals, key=lambda p: p[1])
    return (f"From {format_value(first[1], unit)} in {first[0]} to {format_value(last[1], unit)} in {last[0]}; "
            f"highest {format_value(hi[1], unit)} ({hi[0]}), lowest {format_value(lo[1], unit)} ({lo[0]}).")


def sparkline(points: list[tuple[str, float | None]], unit: str, *, title: str, ident: str,
              width: int = 160, height: int = 40, target: float | None = None) -> str:
    """The SVG markup. ``points`` are (month label, value) pairs in time order; ``ident`` makes element ids
    unique on a page (the title and description are referenced with ``aria-labelledby``)."""
    pad = 4
    vals = [v for _, v in points if v is not None]
    tid, did = f"spark-{escape(ident)}-t", f"spark-{escape(ident)}-d"
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="cphub-sparkline" role="img" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" aria-labelledby="{tid} {did}">'
            f'<title id="{tid}">{escape(title)}</title><desc id="{did}">{escape(describe(points, unit))}</desc>')
    if not vals:
        return head + "</svg>"
    lo, hi = min(vals + ([target] if target is not None else [])), max(vals + ([target] if target is not None else []))
    span = (hi - lo) or 1.0
    n = len(points)
    step = (width - 2 * pad) / max(n - 1, 1)

    def y(v: float) -> float:
        return round(height - pad - (v - lo) / span * (height - 2 * pad), 2)

    parts = [head]
    if target is not None:
        parts.append(f'<line x1="{pad}" x2="{width - pad}" y1="{y(target)}" y2="{y(target)}" stroke="{TARGET}" '
                     f'stroke-width="1" stroke-dasharray="3 2"/>')
    segment: list[str] = []
    segments: list[list[str]] = []
    dots = []
    for i, (_, v) in enumerate(points):
        if v is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        xy = f"{round(pad + i * step, 2)},{y(v)}"
        segment.append(xy)
        dots.append(xy)
    if segment:
        segments.append(segment)
    for seg in segments:
        if len(seg) > 1:
            parts.append(f'<polyline fill="none" stroke="{LINE}" stroke-width="2" points="{" ".join(seg)}"/>')
    for xy in dots[:-1]:
        x, yy = xy.split(",")
        parts.append(f'<circle cx="{x}" cy="{yy}" r="1.5" fill="{LINE}"/>')
    x, yy = dots[-1].split(",")
    parts.append(f'<circle cx="{x}" cy="{yy}" r="3" fill="{INK}"/>')
    parts.append("</svg>")
    return "".join(parts)


def row_sparkline(row, width: int = 160, height: int = 40) -> str:
    """The sparkline of a scorecard :class:`~cphub.panel.scorecard.Row`'s trend."""
    pts = [(p.month, p.value) for p in row.trend]
    return sparkline(pts, row.measure.unit, title=f"{row.measure.title}: trend over the last 12 months",
                     ident=row.id, width=width, height=height, target=row.target)
