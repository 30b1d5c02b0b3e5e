"""The panel pack as an Excel workbook (openpyxl): the scorecard (one row per measure), the monthly trend,
the breakdowns, what changed since the last panel, and a sheet about the figures. Numbers are stored as numbers
with number formats, withheld figures as ``[c]``; RAG cells are filled and also spelt out."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cphub.panel import breakdown
from cphub.panel.changes import summarise
from cphub.panel.fmt import GOOD_TO_BE, RAG_WORDS, SUPPRESSED
from cphub.panel.render_html import RAG_RULE, long_date
from cphub.panel.scorecard import Scorecard

FILLS = {"red": PatternFill("solid", fgColor="D4351C"), "amber": PatternFill("solid", fgColor="FFDD00"),
         "green": PatternFill("solid", fgColor="00703C")}
HEAD_FILL = PatternFill("solid", fgColor="1D70B8")
WHITE_BOLD = Font(bold=True, color="FFFFFF")
NUMBER_FORMATS = {"count": "#,##0", "%": '0.0"%"', "rate per 10,000": "0.0", "mean": "0.0", "days": "#,##0",
                  "ratio": "0.00"}


def _cell_value(v, hidden: bool):
    if hidden:
        return SUPPRESSED
    return v


def _header(ws, names: list[str]) -> None:
    ws.append(names)
    for c in ws[ws.max_row]:
        c.fill, c.font = HEAD_FILL, WHITE_BOLD
        c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = f"A{ws.max_row + 1}"


def _widths(ws, widths: dict[int, int]) -> None:
    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = w


def _bench_heads(card: Scorecard) -> list[str]:
    """The comparators named once, with the date of DfE's figures: "South East, 31 March 2025"."""
    from cphub.panel.fmt import benchmark_label

    b = next((r.benchmarks for r in card.rows if r.benchmarks.get("year")), {})
    return [benchmark_label(k, b) for k in ("statistical_neighbours", "region", "england")]


def _scorecard_sheet(ws, card: Scorecard) -> None:
    ws.title = "Scorecard"
    ws.append([f"Corporate Parenting Scorecard – {card.council_name or card.la} – as at {long_date(card.at)}"
               + (" – public version" if card.public else "")])
    ws["A1"].font = Font(bold=True, size=14)
    _header(ws, ["Section", "Measure id", "Measure", "Unit", "Good to be", "Target",
                 f"Value {card.last_year_at:%d/%m/%Y}", f"Value {card.at:%d/%m/%Y}", "Numerator", "Denominator",
                 "Direction", "Better or worse", "RAG", *_bench_heads(card), "Benchmark year", "Commentary"])
    for r in card.rows:
        m = r.measure
        b = r.benchmarks
        ws.append([m.section, r.id, m.title, m.unit, GOOD_TO_BE.get(m.good_to_be, m.good_to_be), r.target,
                   _cell_value(r.last_year_value, "last_year_value" in r.suppressed),
                   _cell_value(r.value, "value" in r.suppressed),
                   _cell_value(r.numerator, "numerator" in r.suppressed),
                   _cell_value(r.denominator, "denominator" in r.suppressed),
                   r.direction or "", r.assessment or "", RAG_WORDS[r.rag] if r.rag else "",
                   b.get("statistical_neighbours"), b.get("region"), b.get("england"), b.get("year"),
                   r.commentary or (f"Not available: {r.error}" if r.error else "")])
        row = ws.max_row
        fmt = NUMBER_FORMATS.get(m.unit, "General")
        for col in (6, 7, 8, 14, 15, 16):
            ws.cell(row=row, column=col).number_format = fmt
        if r.rag in FILLS:
            c = ws.cell(row=row, column=13)
            c.fill = FILLS[r.rag]
            c.font = Font(bold=True, color="0B0C0C" if r.rag == "amber" else "FFFFFF")
        ws.cell(row=row, column=18).alignment = Alignment(wrap_text=True, vertical="top")
    _widths(ws, {1: 24, 2: 26, 3: 44, 4: 14, 5: 10, 6: 10, 7: 14, 8: 14, 9: 11, 10: 12, 11: 10, 12: 12, 13: 8,
                 14: 14, 15: 10, 16: 10, 17: 10, 18: 60})


def _trend_sheet(ws, card: Scorecard) -> None:
    months = card.rows[0].trend if card.rows and card.rows[0].trend else []
    _header(ws, ["Measure id", "Measure", "Unit"] + [p.month for p in months])
    for r in card.rows:
        values = [SUPPRESSED if p.value is None and "trend" in r.suppressed else p.value for p in r.trend]
        ws.append([r.id, r.measure.title, r.measure.unit] + values)
        for i in range(len(values)):
            ws.cell(row=ws.max_row, column=4 + i).number_format = NUMBER_FORMATS.get(r.measure.unit, "General")
    _widths(ws, {1: 26, 2: 44, 3: 14})


def _detail_sheet(ws, card: Scorecard) -> None:
    """Every breakdown, one block per table: a caption row, a heading row, then the rows."""
    ws.append([f"Breakdowns – {card.council_name or card.la} – as at {long_date(card.at)}"])
    ws["A1"].font = Font(bold=True, size=14)
    for r in card.rows:
        for t in breakdown.tables(r.detail, r.measure.title):
            ws.append([])
            ws.append([t.caption])
            ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
            ws.append(t.headers)
            for c in ws[ws.max_row]:
                c.fill, c.font = HEAD_FILL, WHITE_BOLD
            for row in t.rows:
                ws.append([_number(x) if t.numeric[i] else x for i, x in enumerate(row)])
    _widths(ws, {1: 44, 2: 14, 3: 14, 4: 14, 5: 14, 6: 14, 7: 14})


def _number(text: str):
    try:
        return float(text.replace(",", "")) if "." in text else int(text.replace(",", ""))
    except ValueError:
        return text


def _changes_sheet(ws, card: Scorecard) -> None:
    since = long_date(card.since) if card.since else "the last panel"
    ws.append([f"What changed since {since}"])
    ws["A1"].font = Font(bold=True, size=14)
    _header(ws, ["Measure id", "Measure", "Before", "Now", "Test", "p-value", "Within chance", "Better or worse",
                 "RAG before", "RAG now", "Summary"])
    for c in card.changes:
        ws.append([c.measure_id, c.title, SUPPRESSED if c.suppressed else c.before,
                   SUPPRESSED if c.suppressed else c.after, c.test, c.p_value,
                   "" if c.within_chance is None else ("yes" if c.within_chance else "no"), c.assessment or "",
                   RAG_WORDS[c.rag_before] if c.rag_before else "", RAG_WORDS[c.rag_after] if c.rag_after else "",
                   c.sentence()])
        ws.cell(row=ws.max_row, column=6).number_format = "0.000"
    ws.append([])
    for line in summarise(card.changes, since).lines():
        ws.append([line])
    _widths(ws, {1: 26, 2: 44, 5: 26, 11: 90})


def _about_sheet(ws, card: Scorecard) -> None:
    lines = [f"Corporate Parenting Scorecard for {card.council_name or card.la} (DfE LA code {card.la}).",
             f"Figures as at {long_date(card.at)}; a year earlier means {long_date(card.last_year_at)}.",
             "Year-to-date measures count from 1 April. Benchmarks are DfE's published figures at 31 March.",
             RAG_RULE]
    if card.public:
        lines.append(f"Public version: counts from 1 to {(card.threshold or 5) - 1}, and percentages derived "
                     f"from them, are withheld and shown as {SUPPRESSED}. No child-level data.")
    lines.append("Contains public sector information licensed under the Open Government Licence v3.0.")
    for line in lines:
        ws.append([line])
    ws.column_dimensions["A"].width = 140
    _header(ws, ["Measure id", "Measure", "Definition", "Source", "Window"])
    ws.freeze_panes = None
    for r in card.rows:
        ws.append([r.id, r.measure.title, r.measure.definition, r.measure.source, r.measure.window])


def _paper_sheet(ws, card: Scorecard) -> None:
    """The cover fields and the summary, each sentence with the measure it comes from."""
    from cphub.panel.paper import cover_fields, summary_of

    f = cover_fields(card)
    ws.append([f"Corporate Parenting Panel Scorecard – {card.council_name or card.la}"])
    ws["A1"].font = Font(bold=True, size=14)
    for k, v in [("Meeting", f["meeting_name"]), ("Date", long_date(f["meeting"]) if f.get("meeting") else
                                                   "To be confirmed"),
                 ("Author", f["author"] or "Not given"), ("Action required", f["action_required"]),
                 ("Version", f["version"]), ("Status", "Public" if f["status"] == "public" else "Confidential"),
                 ("Data to", long_date(card.data_to or card.at)), ("Figures as at", long_date(card.at))]:
        ws.append([k, v])
    if card.note:
        ws.append(["Note", card.note])
    ws.append([])
    _header(ws, ["Measure id", "Summary"])
    ws.freeze_panes = None
    for sentence in summary_of(card):
        ws.append([sentence.measure_id, sentence.text])
    _widths(ws, {1: 28, 2: 140})


def _local_sheet(ws, card: Scorecard) -> None:
    """Children looked after against the area's children, with disproportionality ratios and sources."""
    from cphub.panel.local_children import for_card

    ws.append([f"Children looked after at {long_date(card.at)} against the area's children"])
    ws["A1"].font = Font(bold=True, size=14)
    for c in for_card(card):
        ws.append([])
        ws.append([c.caption])
        ws[f"A{ws.max_row}"].font = Font(bold=True)
        _header(ws, c.headers)
        ws.freeze_panes = None
        for r in c.rows:
            ws.append([r[0]] + [_number(x) for x in r[1:]])
        ws.append([c.source])
    _widths(ws, {1: 44, **{i: 16 for i in range(2, 10)}})


def workbook(card: Scorecard) -> Workbook:
    wb = Workbook()
    _paper_sheet(wb.active, card)
    wb.active.title = "Paper"
    _scorecard_sheet(wb.create_sheet("Scorecard"), card)
    _local_sheet(wb.create_sheet("Area's children"), card)
    _trend_sheet(wb.create_sheet("Trend"), card)
    _detail_sheet(wb.create_sheet("Breakdowns"), card)
    if card.changes:
        _changes_sheet(wb.create_sheet("What changed"), card)
    _about_sheet(wb.create_sheet("About"), card)
    wb.properties.title = "Corporate Parenting Scorecard"
    wb.properties.creator = "Corporate Parenting Hub"
    return wb


def render(card: Scorecard) -> bytes:
    buf = BytesIO()
    workbook(card).save(buf)
    return buf.getvalue()


def write(card: Scorecard, out: Path) -> None:
    Path(out).write_bytes(render(card))
