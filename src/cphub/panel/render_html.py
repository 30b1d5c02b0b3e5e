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
    benchmark_label,
    format_benchmark,
    format_count,
    format_target,
    format_value,
    long_date,
    with_count,
)
from cphub.panel.scorecard import Row, Scorecard
from cphub.panel.sparkline import row_sparkline

RAG_RULE = ("RAG compares each figure with its target: green when the target is met, amber when it is missed by no "
            "more than 5 percentage points (for percentages) or 10% of the target (for other figures), red when "
            "missed by more. Measures without a target are compared with the statistical-neighbour average "
            "(else England) in the same way. Context measures (good to be: n/a) have no RAG.")


def css() -> str:
    return resources.files("cphub.panel").joinpath("pack.css").read_text(encoding="utf-8")


def month_label(d: date) -> str:
    return f"{d:%b %Y}"


def e(v) -> str:
    return escape("" if v is None else str(v))


def value_cell(row: Row, which: str = "now") -> str:
    """The figure as the pack prints it, with the episode count in brackets when the measure gives one
    (the seed pack's "137 (134)")."""
    unit = row.measure.unit
    if which == "now":
        if row.no_data_after is not None:
            return f"No data after {long_date(row.no_data_after)}"
        text = with_count(row.value, unit, row.numerator, suppressed="value" in row.suppressed)
        display = row.detail.get("display") if isinstance(row.detail, dict) else None
        if isinstance(display, str) and display and row.value is not None:
            return display  # the measure's own form, e.g. "137 (134)" for periods of care (children)
        return text
    return with_count(row.last_year_value, unit, row.last_year_numerator,
                      suppressed="last_year_value" in row.suppressed)


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


DIFFERS_SYNTHETIC = ("this installation's data are synthetic (generated for the demonstration), so they are not "
                     "the council's real return")
DIFFERS_DEFINITION = ("the Hub computes the figure from the council's current data and its own definition (see "
                      "below); DfE's figure is from the return as submitted, so corrections made since, or a "
                      "definition difference, move it")


def bench_heads(row: Row) -> list[str]:
    return [benchmark_label(k, row.benchmarks) for k in ("statistical_neighbours", "region", "england")]


def card_bench_heads(card: Scorecard) -> list[str]:
    """The comparators' labels for the whole pack (one benchmark year for every measure)."""
    rows = [r for r in card.rows if r.benchmarks.get("year")]
    return bench_heads(rows[0]) if rows else ["Statistical neighbours", "Region", "England"]


def published_note(row: Row, card: Scorecard) -> str:
    """DfE's published figure for the council beside ours for the same date, and why they differ."""
    b = row.benchmarks
    own, year, ours = b.get("council"), b.get("year"), b.get("hub_same_date")
    if not isinstance(own, (int, float)) or not year:
        return ""
    unit = row.measure.unit
    text = f"DfE published {format_value(own, unit)} for the council at 31 March {year}"
    if isinstance(ours, (int, float)) and "value" not in row.suppressed:
        text += f"; the Hub's figure for that date is {format_value(ours, unit)}"
        if abs(float(ours) - float(own)) >= 0.05:
            text += f". They differ because {DIFFERS_SYNTHETIC if card.note else DIFFERS_DEFINITION}"
    return text + "."


def section_table(section: str, rows: list[Row], card: Scorecard) -> str:
    """One section of the main scorecard: every measure on one line, as the seed pack lays them out."""
    heads = card_bench_heads(card)
    body = []
    for row in rows:
        m = row.measure
        b = row.benchmarks
        body.append(f"""<tr><th scope="row"><a href="#m-{e(row.id)}">{e(m.title)}</a></th>
      <td>{e(GOOD_TO_BE.get(m.good_to_be, m.good_to_be))}</td><td class="num">{e(format_target(row.target, m.unit))}</td>
      <td class="num">{e(value_cell(row, "last"))}</td><td class="num now">{e(value_cell(row))}</td>
      <td class="spark">{row_sparkline(row, width=110, height=26)} {direction_text(row)}</td>
      <td class="num">{e(format_benchmark(b.get("statistical_neighbours"), m.unit))}</td>
      <td class="num">{e(format_benchmark(b.get("region"), m.unit))}</td>
      <td class="num">{e(format_benchmark(b.get("england"), m.unit))}</td><td>{rag_tag(row)}</td></tr>""")
    notes = "".join(
        f'<div class="commentary"><p><strong>{e(r.measure.title)}:</strong> '
        + " ".join(e(p) for p in r.commentary.split("\n") if p.strip()) + "</p></div>"
        for r in rows if r.commentary)
    return f"""
<section class="scorecard-section" aria-labelledby="s-{e(slug(section))}">
<h3 id="s-{e(slug(section))}">{e(section)}</h3>
<table class="pack-table measure-table">
  <caption>{e(section)}: {e(card.council_name or card.la)}, {e(month_label(card.last_year_at))} and
  {e(month_label(card.at))} ({e(data_to_text(card))}); benchmarks are DfE's published figures</caption>
  <thead>
    <tr><th scope="col">Measure</th><th scope="col">Good to be</th><th scope="col">Target</th>
      <th scope="col">{e(month_label(card.last_year_at))}</th><th scope="col">{e(month_label(card.at))}</th>
      <th scope="col">Trend</th><th scope="col">{e(heads[0])}</th>
      <th scope="col">{e(heads[1])}</th><th scope="col">{e(heads[2])}</th><th scope="col">RAG</th></tr>
  </thead>
  <tbody>{"".join(body)}</tbody>
</table>
{notes}
</section>"""


def slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def data_to_text(card: Scorecard) -> str:
    return f"data to {long_date(card.data_to)}" if card.data_to else f"figures as at {long_date(card.at)}"


def scorecard_pages(card: Scorecard) -> str:
    parts = [f"""<section class="page scorecard" id="scorecard" aria-labelledby="scorecard-title">
<h2 id="scorecard-title">The scorecard</h2>
<p class="small">Figures at {e(long_date(card.at))} and a year earlier ({e(data_to_text(card))}). Percentages show
the number of children in brackets. Trends are monthly over 12 months, or one value a year for yearly figures.
Click a measure for its definition, trend and breakdown in Appendix A.</p>"""]
    parts += [section_table(name, rows, card) for name, rows in card.sections()]
    parts.append("</section>")
    return "\n".join(parts)


def trend_table(row: Row) -> str:
    if not row.trend:
        return ""
    unit = row.measure.unit
    annual = row.measure.window == "year_to_31_march"
    label = (lambda p: f"{p.at.year - 1}-{p.at:%y}") if annual else (lambda p: p.at.strftime("%b %y"))
    heads = "".join(f'<th scope="col">{e(label(p))}</th>' for p in row.trend)
    cells = "".join(f'<td class="num">{e(format_value(p.value, unit, suppressed=p.value is None and "trend" in row.suppressed))}</td>'
                    for p in row.trend)
    what = "year-end values" if annual else "month-end values over the last 12 months"
    return f"""
<table class="pack-table trend-table">
  <caption>{e(row.measure.title)}: {what}</caption>
  <thead><tr><th scope="col">{"Year" if annual else "Month"}</th>{heads}</tr></thead>
  <tbody><tr><th scope="row">Value</th>{cells}</tr></tbody>
</table>"""


def detail_tables(row: Row, limit: int = 3) -> str:
    out = []
    for t in [t for t in breakdown.tables(row.detail, row.measure.title)
              if not t.caption.endswith("further figures")][:limit]:
        head = "".join(f'<th scope="col">{e(h)}</th>' for h in t.headers)
        body = "".join("<tr>" + "".join(
            (f'<th scope="row">{e(c)}</th>' if i == 0 else f'<td class="{"num" if t.numeric[i] else ""}">{e(c)}</td>')
            for i, c in enumerate(r)) + "</tr>" for r in t.rows[:10])
        out.append(f'''<table class="pack-table detail-table">
  <caption>{e(t.caption)}</caption>
  <thead><tr>{head}</tr></thead>
  <tbody>{body}</tbody>
</table>''')
    return "\n".join(out)


def measure_page(row: Row, card: Scorecard) -> str:
    """A measure's entry in Appendix A: why it matters, definition, figures, trend, breakdown, commentary."""
    from cphub.panel.paper import why

    m = row.measure
    frac = fraction_text(row)
    parts = [f'<section class="measure" id="m-{e(row.id)}" aria-labelledby="h-{e(row.id)}">',
             f'<h3 id="h-{e(row.id)}">{e(m.title)} <span class="section-name">{e(m.section)}</span></h3>',
             f'<p class="why"><strong>Why this matters:</strong> {e(why(row.id, m.description))}</p>',
             '<div class="facts">',
             (f'<p><strong>{e(month_label(card.at))}:</strong> {e(value_cell(row))}'
              f'{"; " + e(frac) if frac else ""}. <strong>A year earlier:</strong> {e(value_cell(row, "last"))}. '
              f'<strong>RAG:</strong> {e(RAG_WORDS[row.rag])}. {e(row.rag_reason)}</p>')]
    if row.error:
        parts.append(f'<p class="warning"><strong>Not available:</strong> {e(row.error)}</p>')
    if row.suppressed:
        parts.append(f'<p class="small">Figures shown as [c] are withheld to protect children\'s privacy (fewer than '
                     f'{e(card.threshold)} children, or a figure from which one could be worked out).</p>')
    note = published_note(row, card)
    if note:
        parts.append(f'<p class="small">{e(note)}</p>')
    parts.append(f'<p class="small"><strong>Definition:</strong> {e(m.definition)} <em>Source: {e(m.source)}.</em></p>')
    parts.append("</div>")
    parts.append(trend_table(row))
    if row.id != "cla_demographics":  # shown against the area's children in its own section
        parts.append(detail_tables(row, limit=2))
    if row.commentary:
        paras = "".join(f"<p>{e(p)}</p>" for p in row.commentary.split("\n") if p.strip())
        parts.append(f'<div class="commentary"><h4>Commentary</h4>{paras}</div>')
    parts.append("</section>")
    return "\n".join(parts)


def cover(card: Scorecard) -> str:
    from cphub.panel.paper import cover_fields

    who = card.council_name or f"Council {card.la}"
    f = cover_fields(card)
    status = "Public" if f["status"] == "public" else "Confidential"
    marking = ("Public version: small numbers withheld" if card.public else
               "Not for publication: contains figures about small numbers of children")
    meeting_date = long_date(f["meeting"]) if f.get("meeting") else "To be confirmed"
    rows = [("Meeting", f["meeting_name"]), ("Date", meeting_date), ("Author", f["author"] or "Not given"),
            ("Action required", f["action_required"]), ("Version", f["version"]), ("Status", status)]
    table = "".join(f'<tr><th scope="row">{e(k)}</th><td>{e(v)}</td></tr>' for k, v in rows)
    extra = f'<p class="synthetic">{e(card.note)}</p>' if card.note else ""
    edition = f"<p>{e(card.edition)}</p>" if card.edition else ""
    return f"""
<section class="page cover" aria-labelledby="cover-title">
  <p class="council">{e(who)}</p>
  <h1 id="cover-title">Corporate Parenting Panel Scorecard</h1>
  <p class="subtitle">Data to {e(long_date(card.data_to or card.at))}</p>
  <p>Figures as at {e(long_date(card.at))}, compared with {e(long_date(card.last_year_at))}.</p>
  {edition}
  <table class="pack-table cover-table"><caption>About this paper</caption><tbody>{table}</tbody></table>
  {extra}
  <p class="marking">{e(marking)}</p>
</section>"""


def contents(card: Scorecard) -> str:
    """The contents, with page numbers in the PDF (a list of sections; extra sections append to it)."""
    items = [("summary", "Summary")]
    if card.changes:
        items.append(("changes", "What changed since the last panel"))
    items.append(("scorecard", "The scorecard"))
    items += [(f"s-{slug(name)}", f"– {name}") for name, _ in card.sections()]
    items.append(("local", "Our children against the area's children"))
    items += [(f"x-{slug(s.title)}", s.title) for s in card.extra_sections]
    items += [("appendix-a", "Appendix A: each measure in detail"), ("appendix-b", "Appendix B: the statistics"),
              ("about", "About this scorecard")]
    links = "".join(f'<li><a href="#{e(k)}">{e(t)}</a></li>' for k, t in items)
    return f"""
<section class="page contents" aria-labelledby="contents-title">
  <h2 id="contents-title">Contents</h2>
  <ul class="toc">{links}</ul>
</section>"""



def summary_page(card: Scorecard) -> str:
    from cphub.panel.paper import summary_of

    items = "".join(f'<li>{e(s.text)} <a class="trace" href="#m-{e(s.measure_id)}">(see measure)</a></li>'
                    for s in summary_of(card))
    drafted = "" if card.paper.get("summary") else (
        '<p class="small">Drafted from the figures; the officer checks and edits it before publication.</p>')
    return f"""
<section class="page summary" id="summary" aria-labelledby="summary-title">
  <h2 id="summary-title">Summary of the scorecard to {e(long_date(card.data_to or card.at))}</h2>
  <ul class="summary-list">{items}</ul>
  {drafted}
</section>"""


CHANCE_WORDS = {True: "Within what we'd expect by chance", False: "More than we'd expect by chance",
                None: "Not tested"}


STATS_WORDS = {True: "Within chance", False: "More than chance", None: "Not tested"}


def changes_page(card: Scorecard) -> str:
    """What moved since the last panel, in a councillor's words; the statistics are in Appendix B."""
    if not card.changes:
        return ""
    since = long_date(card.since) if card.since else "the last panel"
    s = summarise(card.changes, since)
    moved = s.significant + s.within_chance + s.untested
    lead = (f"{len(moved)} measure{'s' if len(moved) != 1 else ''} moved since {since}: "
            f"{len(s.significant)} by more than we'd expect by chance for a group this size; "
            f"{len(s.within_chance)} within what we'd expect by chance, so on its own no cause for concern; "
            f"{len(s.untested)} cannot be tested this way.")
    items = "".join(f"<li>{e(c.sentence())}</li>" for c in s.significant)
    sig = f"<p>Changes larger than chance:</p><ul>{items}</ul>" if items else \
        "<p>No change is larger than we'd expect by chance.</p>"
    off = ""
    if s.newly_off_target:
        off += f"<p><strong>Newly off target:</strong> {e('; '.join(s.newly_off_target))}.</p>"
    if s.off_target:
        off += f"<p><strong>Off target now:</strong> {e('; '.join(s.off_target))}.</p>"
    others = [c for c in s.within_chance if c.assessment == "worse"]
    worse = ("<p>Moves the wrong way that are within what we'd expect by chance: "
             + e("; ".join(f"{c.title} ({format_value(c.before, c.unit)} to {format_value(c.after, c.unit)})"
                           for c in others)) + ".</p>") if others else ""
    table = worse + '<p class="small">Appendix B lists every change with its statistics.</p>'
    return f"""
<section class="page changes" id="changes" aria-labelledby="changes-title">
  <h2 id="changes-title">What changed since the last panel ({e(since)})</h2>
  <p>{e(lead)}</p>
  {sig}
  {off}
  {table}
</section>"""


def statistics_page(card: Scorecard) -> str:
    rows = "".join(f"<tr><th scope=\"row\">{e(c.title)}</th><td class=\"num\">{e(format_value(c.before, c.unit))}</td>"
                   f"<td class=\"num\">{e(format_value(c.after, c.unit))}</td><td>{e(c.test)}</td>"
                   f"<td class=\"num\">{'' if c.p_value is None else f'{c.p_value:.3f}'}</td>"
                   f"<td>{e(STATS_WORDS[c.within_chance])}</td></tr>" for c in card.changes
                   if c.moved and not c.suppressed)
    return f"""
<section class="page statistics" id="appendix-b" aria-labelledby="appendix-b-title">
  <h2 id="appendix-b-title">Appendix B: the statistics behind "what changed"</h2>
  <p class="small">Percentages are compared with a two-proportion z-test and counts with an exact Poisson test;
  a p-value below 0.05 is called "more than we'd expect by chance". The tests treat the two dates as independent,
  which makes them cautious. Year-to-date figures and averages are not tested.</p>
  <table class="pack-table changes-table stats-table"><caption>Every change since {e(long_date(card.since) if card.since else "the last panel")}</caption>
  <thead><tr><th scope="col">Measure</th><th scope="col">Last panel</th><th scope="col">Now</th><th scope="col">Test</th>
  <th scope="col">p</th><th scope="col">Result</th></tr></thead><tbody>{rows}</tbody></table>
</section>"""


def local_page(card: Scorecard) -> str:
    from cphub.panel.local_children import for_card

    tables = []
    for c in for_card(card):
        head = "".join(f'<th scope="col">{e(h)}</th>' for h in c.headers)
        body = "".join("<tr>" + "".join(
            f'<th scope="row">{e(x)}</th>' if i == 0 else f'<td class="num">{e(x)}</td>' for i, x in enumerate(r))
            + "</tr>" for r in c.rows)
        tables.append(f'<table class="pack-table local-table"><caption>{e(c.caption)}</caption>'
                      f'<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table><p class="small">{e(c.source)}</p>')
    if not tables:
        tables.append("<p>The area's population figures are not available for this council.</p>")
    return f"""
<section class="page local" id="local" aria-labelledby="local-title">
  <h2 id="local-title">Our children against the area's children</h2>
  <p class="small">Children looked after at {e(long_date(card.at))}. The ratio is the share of children looked after in
  a group divided by the share of the area's children in it: above 1 the group is over-represented in care.</p>
  {"".join(tables)}
</section>"""


def appendix(card: Scorecard) -> str:
    return ('<section class="page appendix" id="appendix-a" aria-labelledby="appendix-a-title">'
            '<h2 id="appendix-a-title">Appendix A: each measure in detail</h2>'
            + '<div class="appendix-body">' + "".join(measure_page(r, card) for r in card.rows) + "</div></section>")


def about(card: Scorecard) -> str:
    supp = (f"<p>This is the public version: counts from 1 to {e((card.threshold or 5) - 1)} are withheld, with "
            f"any other figure from which one could be worked out (docs/disclosure-control.md), and shown as "
            f"[c]. No child-level information is included.</p>" if card.public else "")
    return f"""
<section class="page about" id="about" aria-labelledby="about-title">
  <h2 id="about-title">About this scorecard</h2>
  <p>The scorecard gives the Corporate Parenting Panel the latest figures about the children the council looks
  after and its care experienced young people, with targets, the trend over the last 12 months and comparisons
  with statistical neighbours, the region and England.</p>
  <p>Each measure shows its value on {e(long_date(card.at))} and on the same day a year earlier; the data are
  complete to {e(long_date(card.data_to or card.at))}. Year-to-date measures count from 1 April. Benchmarks are
  DfE's published figures at 31 March of the year named in each column heading.</p>
  <p>{e(RAG_RULE)}</p>
  {supp}
</section>"""


def render(card: Scorecard) -> str:
    """The whole pack as an HTML document."""
    title = f"Corporate Parenting Scorecard – {card.council_name or card.la} – {long_date(card.at)}"
    pages = [cover(card), contents(card), summary_page(card), changes_page(card), scorecard_pages(card),
             local_page(card)]
    pages += [f'<section class="page extra" id="x-{slug(s.title)}">{s.html}</section>' for s in card.extra_sections]
    pages += [appendix(card), statistics_page(card), about(card)]
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
