"""Fan charts as accessible SVG in the house style of :mod:`cphub.panel.sparkline`: ``role="img"`` with a title
and a text description, the 95 % and 80 % intervals as shaded bands, the median as a line, the recent history as
a darker line; every chart is shown with a data table of the same figures (the page and pack build it)."""

from __future__ import annotations

from datetime import date
from html import escape

INK = "#0b0c0c"
LINE = "#1d70b8"
BAND80 = "#9cc2e5"
BAND95 = "#d2e2f1"
GRID = "#b1b4b6"


def describe(dates: list[date], q: dict[str, list[float]], history: list[tuple[date, int]]) -> str:
    last = len(dates) - 1
    now = history[-1][1] if history else round(q["median"][0])
    return (f"{now} now ({dates[0]:%B %Y}); in {dates[last]:%B %Y} most likely {q['median'][last]:.0f}, "
            f"80% likely between {q['q10'][last]:.0f} and {q['q90'][last]:.0f}, "
            f"95% likely between {q['q2.5'][last]:.0f} and {q['q97.5'][last]:.0f}.")


def nice_top(v: float) -> float:
    """The smallest "round" axis top (1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8 x 10^k) at or above ``v``."""
    k = 10 ** max(0, len(str(int(v))) - 1)
    for m in (1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10):
        if m * k >= v:
            return float(m * k)
    return float(10 * k)


def fan_chart(dates: list[date], q: dict[str, list[float]], history: list[tuple[date, int]], *, title: str,
              ident: str, width: int = 640, height: int = 240) -> str:
    """SVG markup. ``q``: quantile series from :meth:`Forecast.quantiles` over ``dates``; ``history``: observed
    (month end, count) before the forecast start."""
    left, right, top, bottom = 48, 28, 12, 28
    xs = [d.toordinal() for d, _ in history] + [d.toordinal() for d in dates]
    x0, x1 = min(xs), max(xs)
    vals = [v for _, v in history] + q["q2.5"] + q["q97.5"]
    lo, hi = 0.0, nice_top(max(vals + [1.0]))

    def px(d: date) -> float:
        return round(left + (d.toordinal() - x0) / max(1, x1 - x0) * (width - left - right), 1)

    def py(v: float) -> float:
        return round(height - bottom - (v - lo) / (hi - lo) * (height - top - bottom), 1)

    tid, did = f"fan-{escape(ident)}-t", f"fan-{escape(ident)}-d"
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="cphub-fan" role="img" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" aria-labelledby="{tid} {did}">'
            f'<title id="{tid}">{escape(title)}</title><desc id="{did}">{escape(describe(dates, q, history))}</desc>')
    parts = [head]
    fracs = (0.0, 0.25, 0.5, 0.75, 1.0) if hi % 4 == 0 else (0.0, 0.5, 1.0) if hi % 2 == 0 else (0.0, 1.0)
    for frac in fracs:
        v = lo + frac * (hi - lo)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{py(v)}" y2="{py(v)}" stroke="{GRID}" '
                     f'stroke-width="1"/><text x="{left - 6}" y="{py(v) + 4}" text-anchor="end" font-size="12" '
                     f'fill="{INK}">{v:.0f}</text>')
    years = sorted({d.year for d in [h[0] for h in history] + dates})
    for y in years:
        d = date(y, 3, 31)
        if x0 <= d.toordinal() <= x1:
            label = f"Mar {y}" if width >= 560 else str(y)
            anchor = "end" if d.toordinal() == x1 else "middle"
            parts.append(f'<line x1="{px(d)}" x2="{px(d)}" y1="{height - bottom}" y2="{height - bottom + 4}" '
                         f'stroke="{INK}"/><text x="{px(d)}" y="{height - 8}" text-anchor="{anchor}" '
                         f'font-size="12" fill="{INK}">{label}</text>')

    def band(lo_key: str, hi_key: str, colour: str) -> str:
        up = " ".join(f"{px(d)},{py(v)}" for d, v in zip(dates, q[hi_key]))
        down = " ".join(f"{px(d)},{py(v)}" for d, v in reversed(list(zip(dates, q[lo_key]))))
        return f'<polygon fill="{colour}" stroke="none" points="{up} {down}"/>'

    parts.append(band("q2.5", "q97.5", BAND95))
    parts.append(band("q10", "q90", BAND80))
    med = " ".join(f"{px(d)},{py(v)}" for d, v in zip(dates, q["median"]))
    parts.append(f'<polyline fill="none" stroke="{LINE}" stroke-width="2" stroke-dasharray="6 3" points="{med}"/>')
    if history:
        hist = " ".join(f"{px(d)},{py(v)}" for d, v in history)
        parts.append(f'<polyline fill="none" stroke="{INK}" stroke-width="2" points="{hist}"/>')
    parts.append(f'<line x1="{px(dates[0])}" x2="{px(dates[0])}" y1="{top}" y2="{height - bottom}" stroke="{INK}" '
                 f'stroke-width="1" stroke-dasharray="2 2"/>')
    parts.append("</svg>")
    return "".join(parts)
