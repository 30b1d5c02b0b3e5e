"""The forecast's section of the Corporate Parenting Panel pack: an HTML fragment (fan chart of all children
looked after with its data table, placement types a year ahead and in three years, spend and fostering capacity)
and the same figures as data. Renderers call :func:`pack_section`; it needs no Django."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from cphub.forecast.charts import fan_chart
from cphub.forecast.report import STATE_LABELS, ForecastReport
from cphub.forecast.states import PLACEMENT_TYPES


@dataclass(frozen=True)
class Section:
    title: str
    html: str
    data: dict


def _money(v: float) -> str:
    return f"£{v / 1e6:,.1f}m"


def pack_section(report: ForecastReport) -> Section:
    """The section for ``report`` (usually the current-trends scenario)."""
    q = report.quantiles("total")
    chart = fan_chart(report.forecast.dates, q, report.history("total"),
                      title="Children looked after: the last three years and the forecast for the next three",
                      ident="pack-total", width=600, height=180)
    rows = []
    for s in ("total", *PLACEMENT_TYPES):
        yr = report.year_rows(s)
        cells = "".join(f'<td class="govuk-table__cell govuk-table__cell--numeric">{r["median"]} '
                        f'({r["q10"]} to {r["q90"]})</td>' for r in yr[1:])
        rows.append(f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
                    f'{escape(STATE_LABELS[s])}</th><td class="govuk-table__cell govuk-table__cell--numeric">'
                    f'{yr[0]["median"]}</td>{cells}</tr>')
    heads = "".join(f'<th scope="col" class="govuk-table__header govuk-table__header--numeric">'
                    f'{d:%d %B %Y}</th>' for d in report.forecast.dates[::12])
    spend = "; ".join(f"year {r['year']}: {_money(r['median'])} ({_money(r['q10'])} to {_money(r['q90'])})"
                      for r in report.spend)
    cap = ""
    if report.capacity:
        last = report.capacity[-1]
        cap = (f"<p class=\"govuk-body\">Fostering (in-house and agency) demand in three years: most likely "
               f"{last['demand_median']:.0f} children, against {last['places']:.0f} in-house places on current "
               f"approvals; a gap of {last['gap']:.0f}.</p>")
    html = (f'<section class="cphub-forecast-section"><h2 class="govuk-heading-l">Sufficiency forecast</h2>'
            f'<p class="govuk-body">From {report.as_at:%d %B %Y}, scenario: {escape(report.scenario.name)}. '
            f'Most likely figure, with the range it falls in 8 times out of 10.</p>'
            f'<figure class="cphub-figure">{chart}<figcaption class="govuk-body-s">Dark line: recorded. Dashed '
            f'line: most likely. Shaded: 80% and 95% ranges.</figcaption></figure>'
            f'<table class="govuk-table"><caption class="govuk-table__caption govuk-table__caption--m">Children '
            f'looked after by placement type</caption><thead class="govuk-table__head"><tr class="govuk-table__row">'
            f'<th scope="col" class="govuk-table__header">Placement</th>{heads}</tr></thead>'
            f'<tbody class="govuk-table__body">{"".join(rows)}</tbody></table>'
            f'<p class="govuk-body">Placement spend at the council\'s unit costs: {escape(spend)}.</p>{cap}</section>')
    return Section("Sufficiency forecast", html, report.to_dict())
