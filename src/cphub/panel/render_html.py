"""The panel pack as one self-contained HTML document (also the source of the PDF).

Laid out like the seed pack: a cover, contents, a summary of what changed since the last panel, "about this
scorecard", then one page per measure with the seed pack's table (good to be, target, a year ago, now, trend,
statistical neighbours, region, England), the RAG, numerator and denominator, any breakdown, the trend as an
SVG sparkline *and* a data table, and the commentary. Everything is escaped; the CSS is in ``pack.css``.
"""

from __future__ import annotations

from datetime import date
from html import escape
from importlib import resources
from pathlib import Path

from cphub.panel import breakdown
from cphub.panel.changes import summarise
from cphub.panel.fmt import (
    ARROWS,
    DIRECTION_WORDS,
    GOOD_TO_BE,
    RAG_WORDS,
    format_benchmark,
    format_count,
    format_target,
    format_value,
)
from cphub.panel.scorecard import Row, Scorecard
from cphub.panel.sparkline import row_sparkline

RAG_RULE = ("RAG compares each figure with its target: green when the target is met, amber when it is missed by no "
            "more than 5 percentage points (for percentages) or 10% of the target (for other figures), red when "
            "missed by more. Measures without a target are compared with the statistical-neighbour average "
            "(else England) in the same way. Context measures (good to be: n/a) have no RAG.")


def css() -> str:
    return resources.files("cphub.panel").joinpath("pack.css").read_text(encoding="utf-8")


def long_date(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def month_label(d: date) -> str:
    return f"{d:%b %Y}"


def e(v) -> str:
    return escape("" if v is None else str(v))


def value_cell(row: Row, which: str = "now") -> str:
    """The figure as the pack prints it, with the episode count in brackets when the measure gives one
    (the seed pack's "137 (134)")."""
    unit = row.measure.unit
    if which == "now":
        text = format_value(row.value, unit, suppressed="value" in row.suppressed)
        display = row.detail.get("display") if isinstance(row.detail, dict) else None
        if isinstance(display, str) and display and row.value is not None:
            return display  # the measure's own form, e.g. "137 (134)" for periods of care (children)
        return text
    return format_value(row.last_year_value, unit, suppressed="last_year_value" in row.suppressed)


def rag_tag(row: Row) -> str:
    if row.rag is None:
        return '<span class="rag rag-none">No RAG</span>'
    return f'<span class="rag rag-{e(row.rag)}">{e(RAG_WORDS[row.rag])}</span>'


def direction_text(row: Row) -> str:
    if row.direction is None:
        return "–"
    arrow = ARROWS[row.direction]
    words = DIRECTION_WORDS[row.direction]
    if row.assessment in ("better", "worse"):
        words += f", {row.assessment}"
    return f'<span aria-hidden="true">{arrow}</span> <span class="visually-hidden-print">{e(words)}</span>'


def fraction_text(row: Row) -> str:
    if row.numerator is None and row.denominator is None:
        return ""
    if row.measure.unit == "count":
        return ""
    num = format_count(row.numerator, suppressed="numerator" in row.suppressed)
    den = format_count(row.denominator, suppressed="denominator" in row.suppressed)
    return f"{num} out of {den}"


def measure_table(row: Row, card: Scorecard) -> str:
    m = row.measure
    b = row.benchmarks
    year = b.get("year")
    byear = f"as at 31/03/{year}" if year else "no published figure"
    region_name = b.get("region_name") or "Region"
    return f"""
<table class="pack-table measure-table">
  <caption>{e(m.title)}: {e(card.council_name or card.la)} performance and benchmarks ({e(byear)})</caption>
  <thead>
    <tr><th scope="col">Measure</th><th scope="col">Good to be</th><th scope="col">Target</th>
      <th scope="col">{e(month_label(card.last_year_at))}</th><th scope="col">{e(month_label(card.at))}</th>
      <th scope="col">Trend last 12 months</th><th scope="col">Statistical neighbours</th>
      <th scope="col">{e(region_name)}</th><th scope="col">England</th><th scope="col">RAG</th></tr>
  </thead>
  <tbody>
    <tr><th scope="row">{e(m.title)}</th><td>{e(GOOD_TO_BE.get(m.good_to_be, m.good_to_be))}</td>
      <td>{e(format_target(row.target, m.unit))}</td><td class="num">{e(value_cell(row, "last"))}</td>
      <td class="num now">{e(value_cell(row))}</td>
      <td class="spark">{row_sparkline(row)} {direction_text(row)}</td>
      <td class="num">{e(format_benchmark(b.get("statistical_neighbours"), m.unit))}</td>
      <td class="num">{e(format_benchmark(b.get("region"), m.unit))}</td>
      <td class="num">{e(format_benchmark(b.get("england"), m.unit))}</td><td>{rag_tag(row)}</td></tr>
  </tbody>
</table>"""


def trend_table(row: Row) -> str:
    if not row.trend:
        return ""
    unit = row.measure.unit
    heads = "".join(f'<th scope="col">{e(p.at.strftime("%b %y"))}</th>' for p in row.trend)
    cells = "".join(f'<td class="num">{e(format_value(p.value, unit, suppressed=p.value is None and "trend" in row.suppressed))}</td>'
                    for p in row.trend)
    return f"""
<table class="pack-table trend-table">
  <caption>{e(row.measure.title)}: month-end values over the last 12 months</caption>
  <thead><tr><th scope="col">Month</th>{heads}</tr></thead>
  <tbody><tr><th scope="row">Value</th>{cells}</tr></tbody>
</table>"""


def detail_tables(row: Row) -> str:
    out = []
    for t in breakdown.tables(row.detail, row.measure.title)[:8]:
        head = "".join(f'<th scope="col">{e(h)}</th>' for h in t.headers)
        body = "".join("<tr>" + "".join(
            (f'<th scope="row">{e(c)}</th>' if i == 0 else f'<td class="{"num" if t.numeric[i] else ""}">{e(c)}</td>')
            for i, c in enumerate(r)) + "</tr>" for r in t.rows[:30])
        out.append(f'''<table class="pack-table detail-table">
  <caption>{e(t.caption)}</caption>
  <thead><tr>{head}</tr></thead>
  <tbody>{body}</tbody>
</table>''')
    return "\n".join(out)


def measure_page(row: Row, card: Scorecard) -> str:
    m = row.measure
    frac = fraction_text(row)
    parts = [f'<section class="page measure" id="m-{e(row.id)}" aria-labelledby="h-{e(row.id)}">',
             f'<p class="section-name">{e(m.section)}</p>',
             f'<h2 id="h-{e(row.id)}">{e(m.title)}</h2>',
             f'<p class="lead">{e(m.description)}</p>',
             measure_table(row, card),
             '<div class="facts">',
             f'<p><strong>RAG:</strong> {e(RAG_WORDS[row.rag])}. {e(row.rag_reason)}</p>']
    if frac:
        parts.append(f"<p><strong>Numerator and denominator:</strong> {e(frac)}.</p>")
    if row.error:
        parts.append(f'<p class="warning"><strong>Not available:</strong> {e(row.error)}</p>')
    if row.suppressed:
        parts.append(f'<p class="small">Figures shown as [c] are withheld because they involve fewer than '
                     f'{e(card.threshold)} children.</p>')
    own = row.benchmarks.get("council")
    if isinstance(own, (int, float)) and row.benchmarks.get("year"):
        parts.append(f"<p><strong>DfE's published figure for the council</strong> at 31 March "
                     f"{e(row.benchmarks['year'])}: {e(format_value(own, m.unit))}.</p>")
    parts.append(f'<p class="small"><strong>Definition:</strong> {e(m.definition)} <em>Source: {e(m.source)}.</em></p>')
    parts.append("</div>")
    parts.append(trend_table(row))
    parts.append(detail_tables(row))
    if row.commentary:
        paras = "".join(f"<p>{e(p)}</p>" for p in row.commentary.split("\n") if p.strip())
        parts.append(f'<div class="commentary"><h3>Commentary</h3>{paras}</div>')
    parts.append("</section>")
    return "\n".join(parts)


def cover(card: Scorecard) -> str:
    who = card.council_name or f"Council {card.la}"
    version = ("Public version: small numbers withheld" if card.public else
               "Not for publication: contains figures about small numbers of children")
    edition = f"<p>{e(card.edition)}</p>" if card.edition else ""
    if card.note:
        edition += f'<p class="synthetic">{e(card.note)}</p>'
    return f"""
<section class="page cover" aria-labelledby="cover-title">
  <p class="council">{e(who)}</p>
  <h1 id="cover-title">Corporate Parenting Scorecard</h1>
  <p class="subtitle">(Data {e(card.at.strftime("%B %Y"))})</p>
  <p>Figures as at {e(long_date(card.at))}, compared with {e(long_date(card.last_year_at))}.</p>
  {edition}
  <p class="marking">{e(version)}</p>
</section>"""


def contents(card: Scorecard) -> str:
    """The contents, in two columns split between sections (floats: cheaper for WeasyPrint than CSS columns),
    with page numbers in the PDF."""
    blocks = []
    if card.changes:
        blocks.append((1, '<li><a href="#changes">What changed since the last panel</a></li>'))
    blocks.append((1, '<li><a href="#about">About this scorecard</a></li>'))
    for section, rows in card.sections():
        links = "".join(f'<li><a href="#m-{e(r.id)}">{e(r.measure.title)}</a></li>' for r in rows)
        blocks.append((len(rows) + 1, f'<li><span class="toc-section">{e(section)}</span><ul>{links}</ul></li>'))
    half = sum(n for n, _ in blocks) / 2
    left: list[str] = []
    right: list[str] = []
    count = 0
    for n, html in blocks:
        (left if count < half else right).append(html)
        count += n
    return f"""
<section class="page contents" aria-labelledby="contents-title">
  <h2 id="contents-title">Contents</h2>
  <div class="toc-col"><ul class="toc">{"".join(left)}</ul></div>
  <div class="toc-col"><ul class="toc">{"".join(right)}</ul></div>
</section>"""


CHANCE_WORDS = {True: "Within chance", False: "More than chance", None: "Not tested"}


def changes_page(card: Scorecard) -> str:
    """A short summary (what moved by more than chance, what is off target), then every move in one table."""
    if not card.changes:
        return ""
    since = long_date(card.since) if card.since else "the last panel"
    s = summarise(card.changes, since)
    moved = s.significant + s.within_chance + s.untested
    lead = [f"{len(moved)} measure{'s' if len(moved) != 1 else ''} moved since {since}: "
            f"{len(s.significant)} by more than chance would explain for a cohort this size, "
            f"{len(s.within_chance)} within what chance explains, {len(s.untested)} not tested."]
    items = "".join(f"<li>{e(c.sentence())}</li>" for c in s.significant)
    sig = f"<p>Changes larger than chance:</p><ul>{items}</ul>" if items else \
        "<p>No change is larger than chance would explain.</p>"
    off = ""
    if s.newly_off_target:
        off += f"<p><strong>Newly off target:</strong> {e('; '.join(s.newly_off_target))}.</p>"
    if s.off_target:
        off += f"<p><strong>Off target now:</strong> {e('; '.join(s.off_target))}.</p>"
    body = []
    for c in moved:
        diff = ""
        if c.before is not None and c.after is not None:
            d = c.after - c.before
            diff = ("+" if d > 0 else "−") + format_value(abs(d), "count" if c.unit == "count" else
                                                        ("mean" if c.unit == "%" else c.unit)).rstrip("%")
            if c.unit == "%":
                diff += " pts"
        p = "" if c.p_value is None else f"{c.p_value:.2f}"
        body.append(f"<tr><th scope=\"row\">{e(c.title)}</th><td class=\"num\">{e(format_value(c.before, c.unit))}</td>"
                    f"<td class=\"num\">{e(format_value(c.after, c.unit))}</td><td class=\"num\">{e(diff)}</td>"
                    f"<td>{e(c.assessment or '')}</td><td>{e(CHANCE_WORDS[c.within_chance])}</td>"
                    f"<td class=\"num\">{e(p)}</td></tr>")
    table = f"""<table class="pack-table changes-table">
  <caption>Measures that moved since {e(since)}</caption>
  <thead><tr><th scope="col">Measure</th><th scope="col">Last panel</th><th scope="col">Now</th>
  <th scope="col">Change</th><th scope="col">Better or worse</th><th scope="col">Chance?</th><th scope="col">p</th></tr></thead>
  <tbody>{"".join(body)}</tbody>
</table>""" if body else ""
    return f"""
<section class="page changes" id="changes" aria-labelledby="changes-title">
  <h2 id="changes-title">What changed since the last panel ({e(since)})</h2>
  <p>{e(lead[0])}</p>
  {sig}
  {off}
  {table}
  <p class="small">Percentages are tested with a two-proportion z-test and counts with an exact Poisson test;
  p &lt; 0.05 is called more than chance. Year-to-date figures and averages are not tested.</p>
</section>"""


def about(card: Scorecard) -> str:
    supp = (f"<p>This is the public version: counts from 1 to {e((card.threshold or 5) - 1)}, and percentages "
            f"derived from them, are withheld and shown as [c]. No child-level information is included.</p>"
            if card.public else "")
    return f"""
<section class="page about" id="about" aria-labelledby="about-title">
  <h2 id="about-title">About this scorecard</h2>
  <p>The scorecard gives the Corporate Parenting Panel the latest figures about the children the council looks
  after and its care experienced young people, with targets, the trend over the last 12 months and comparisons
  with statistical neighbours, the region and England.</p>
  <p>Each measure shows its value on {e(long_date(card.at))} and on the same day a year earlier. Year-to-date
  measures count from 1 April. Benchmarks are DfE's published figures at 31 March of the year shown.</p>
  <p>{e(RAG_RULE)}</p>
  {supp}
</section>"""


def render(card: Scorecard) -> str:
    """The whole pack as an HTML document."""
    title = f"Corporate Parenting Scorecard – {card.council_name or card.la} – {long_date(card.at)}"
    pages = [cover(card), contents(card), changes_page(card), about(card)]
    pages += [measure_page(r, card) for r in card.rows]
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{e(title)}</title>
<meta name="author" content="{e(card.council_name or card.la)}">
<meta name="description" content="Corporate Parenting Panel scorecard">
<style>{css()}</style>
</head>
<body>
<main>
{"".join(pages)}
</main>
</body>
</html>
"""


def write(card: Scorecard, out: Path) -> None:
    Path(out).write_text(render(card), encoding="utf-8")
