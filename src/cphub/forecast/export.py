"""Excel export of a forecast (or several scenarios side by side): one sheet of figures per scenario, spend,
capacity, and a sheet saying what the figures are. Text cells are formula-safe: a value starting with = + - @
(or a tab/carriage return) is written with a leading apostrophe-style quote so spreadsheet programs show it as
text. (``cphub/exports.py`` from the security work will replace :func:`safe_text` when it lands on main.)"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from cphub.forecast.report import STATE_LABELS, ForecastReport
from cphub.forecast.states import PLACEMENT_TYPES

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """Neutralise text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _append(ws, row: list) -> None:
    ws.append([safe_text(v) for v in row])


def _header(ws, names: list[str]) -> None:
    _append(ws, names)
    for c in ws[ws.max_row]:
        c.font = Font(bold=True)


def workbook(reports: list[ForecastReport]) -> Workbook:
    wb = Workbook()
    about = wb.active
    about.title = "About"
    first = reports[0]
    _append(about, ["Sufficiency forecast", f"Council {first.la}"])
    _append(about, ["Forecast from", first.as_at.isoformat()])
    _append(about, ["Runs of the simulation", first.forecast.runs])
    figures = ("Median and 80% / 95% intervals of children looked after at each date; spend in pounds with the "
               "council's weekly unit costs and inflation. Method: docs/forecast.md.")
    _append(about, ["Figures", figures])
    _append(about, ["Data", "Synthetic data where the council is labelled synthetic."])
    for i, rep in enumerate(reports, start=1):
        ws = wb.create_sheet(f"Scenario {i}")
        _append(ws, ["Scenario", rep.scenario.name])
        _header(ws, ["State", "Date", "Median", "80% low", "80% high", "95% low", "95% high"])
        for s in ("total", *PLACEMENT_TYPES):
            for r in rep.year_rows(s):
                _append(ws, [STATE_LABELS[s], r["date"], r["median"], r["q10"], r["q90"], r["q2_5"], r["q97_5"]])
        for name, rows in rep.band_rows():
            for r in rows:
                _append(ws, [f"Aged {name}", r["date"], r["median"], r["q10"], r["q90"], r["q2_5"], r["q97_5"]])
        _append(ws, [])
        _header(ws, ["Spend (year ahead)", "Median", "80% low", "80% high", "95% low", "95% high"])
        for r in rep.spend:
            _append(ws, [f"Year {r['year']}", round(r["median"]), round(r["q10"]), round(r["q90"]),
                         round(r["q2_5"]), round(r["q97_5"])])
        if rep.capacity:
            _append(ws, [])
            _header(ws, ["Capacity at", "Fostering demand (median)", "80% low", "80% high", "In-house places",
                         "Places with recruitment", "Gap", "Gap with recruitment"])
            for r in rep.capacity:
                _append(ws, [r["date"], round(r["demand_median"]), round(r["demand_q10"]), round(r["demand_q90"]),
                             round(r["places"]), round(r["places_with_recruitment"]), round(r["gap"]),
                             round(r["gap_with_recruitment"])])
    return wb


def xlsx_bytes(reports: list[ForecastReport]) -> bytes:
    buf = BytesIO()
    workbook(reports).save(buf)
    return buf.getvalue()
