"""Virtual School workspace: cohort dashboard, a child's education record (audited), worklist, education import
with templates, and the annual report (HTML and PDF)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from cphub import calendar
from cphub.exports import frame_csv
from cphub.findings import InputError
from cphub.virtual_school.actions import needs_action
from cphub.virtual_school.cohorts import COHORTS, _dobs, academic_year, year_end
from cphub.virtual_school.measures import (
    BASE_BY_ID,
    PEP_VALID_DAYS,
    edu,
    sessions,
)
from cphub.virtual_school.people import who
from cphub.virtual_school.report import NARRATIVE_SECTIONS, report_figures
from cphub.virtual_school.schema import EDUCATION_TABLES, VS_CODES
from cphub.virtual_school.templates import documentation, template_csv, templates_zip
from cphub.virtual_school.worklist import ATTENDANCE_THRESHOLD, REASONS, worklist
from cphub.web.audit.record import record
from cphub.web.core.dates import DateError, required_valid_date
from cphub.web.core.roles import can, require
from cphub.web.results.services import version
from cphub.web.virtual_school.data import (
    academic_years,
    dashboard_figures,
    default_at,
    import_education_files,
    record_frames,
    vs_data,
)
from cphub.web.virtual_school.models import ReportNarrative

MAX_UPLOAD = 50 * 1024 * 1024
OTHER_COHORTS = ["plac", "cwsw", "cwsw_6y", "kinship"]


def _la() -> str:
    return settings.CPHUB_LA


def _year_label(year: int) -> str:
    return f"{year - 1}/{str(year)[2:]}"


def _at(request, la: str) -> date:
    """The as-at date: ?at=YYYY-MM-DD, else ?year=academic year (its last day, 31 August), else the default. A date
    after every source the Virtual School reads is complete to (SSDA903, CIN, education tables; an academic year's
    attendance to its 31 August) is refused with a 400 page, as the scorecard refuses one (issue 11: never figures
    invented past the data)."""
    at = required_valid_date(request)
    if at:
        from cphub.currency import refuse_message
        from cphub.web.store.currency import currency

        # complete to: the latest of the sources' dates and the end of the latest academic year with attendance
        known = [*currency(la).values(), default_at(la)]
        error = refuse_message(at, max(known))
        if error:
            raise DateError(error)
        return at
    year = request.GET.get("year", "")
    if year.isdigit() and 2000 < int(year) < 2100:
        return min(date.today(), year_end(int(year)))
    return default_at(la)


def _fmt(value, unit: str) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}" if unit == "mean" else f"{value:.1f}%"


def _cell_view(cell, base) -> dict:
    r = cell.result
    gap = cell.gap
    pupils = r.detail.get("pupils")
    return {
        "value": _fmt(r.value, base.unit), "n": None if pupils is not None else r.numerator,
        "d": pupils if pupils is not None else r.denominator,
        "comparator": _fmt(cell.comparator.value, base.unit) if cell.comparator else None,
        "comparator_label": cell.comparator_label,
        "comparator_year": cell.comparator.year_label if cell.comparator else None,
        "gap": None if gap is None else (f"{gap:+.2f}" if base.unit == "mean" else f"{gap:+.1f} pts"),
        "worse": cell.worse, "reason": r.detail.get("not_reported"),
    }


def _dashboard_rows(rows, names, previous=None):
    """Rows by section; ``previous`` (the same rows a year earlier) adds each cell's value last year."""
    before = {r.base.id: r for r in previous or []}
    sections: dict[str, list] = {}
    for row in rows:
        b = row.base
        cells = []
        for c in names:
            if c not in row.cells:
                cells.append(None)
                continue
            cell = {**_cell_view(row.cells[c], b), "cohort": c}
            last = before.get(b.id)
            if last is not None and c in last.cells and last.cells[c].result.value is not None:
                cell["last_year"] = _fmt(last.cells[c].result.value, b.unit)
            cells.append(cell)
        sections.setdefault(b.section, []).append({
            "reason": next((c["reason"] for c in cells if c and c.get("reason")), None),
            "base": b, "all": _fmt(row.all_pupils.value, b.unit) if row.all_pupils else None,
            "all_year": row.all_pupils.year_label if row.all_pupils else None, "cells": cells})
    return sections


@require("view_virtual_school")
def dashboard(request):
    la = _la()
    at = _at(request, la)
    names = list(COHORTS)
    figures = dashboard_figures(la, at)
    rows, previous = figures["rows"], figures["previous"]
    sizes = [{"key": c, "label": COHORTS[c], "n": figures["sizes"][c]} for c in names]
    years = academic_years(la)
    year = academic_year(at)
    return render(request, "virtual_school/dashboard.html", {
        "at": at, "year": academic_year(at), "year_label": _year_label(academic_year(at)), "years": [
            {"value": y, "label": _year_label(y)} for y in years],
        "cohorts": sizes, "sections": lambda: _dashboard_rows(rows, names, previous), "has_education": bool(years),
        "results_key": f"{la}:{version(la)}:{at.isoformat()}",
        "last_year_label": _year_label(year - 1) if previous else None,
        "can_record": can(request.user, "view_education_record"), "can_import": can(request.user, "import_education"),
    })


def attendance_chart(points: list[dict], threshold: float = ATTENDANCE_THRESHOLD) -> str:
    """An accessible SVG bar chart of attendance % by half-term (the same figures are in the table below it)."""
    if not points:
        return ""
    w, h, left, bottom, top = 640, 220, 40, 40, 10
    bw = (w - left - 10) / len(points)
    y = lambda v: top + (h - top - bottom) * (1 - v / 100)  # noqa: E731
    parts = [f'<svg class="vs-chart" viewBox="0 0 {w} {h}" width="100%" role="img" aria-labelledby="att-chart-title">',
             '<title id="att-chart-title">Attendance by half-term, per cent of possible sessions; the line marks '
             f'{threshold:.0f}%</title>']
    for v in (0, 50, 100):
        parts.append(f'<line x1="{left}" x2="{w - 10}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#b1b4b6" stroke-width="1"/>'
                     f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="11" fill="#0b0c0c">{v}%</text>')
    for i, p in enumerate(points):
        x = left + i * bw + 2
        rate = p["rate"]
        colour = "#1d70b8" if rate >= threshold else "#d4351c"
        parts.append(f'<rect x="{x:.1f}" y="{y(rate):.1f}" width="{bw - 4:.1f}" height="{y(0) - y(rate):.1f}" fill="{colour}">'
                     f'<title>{p["label"]}: {rate:.1f}%</title></rect>')
        if i % max(1, len(points) // 12) == 0:
            parts.append(f'<text x="{x + (bw - 4) / 2:.1f}" y="{h - bottom + 14}" text-anchor="middle" font-size="10" '
                         f'fill="#0b0c0c">{p["short"]}</text>')
    parts.append(f'<line x1="{left}" x2="{w - 10}" y1="{y(threshold):.1f}" y2="{y(threshold):.1f}" stroke="#0b0c0c" '
                 'stroke-dasharray="4 3" stroke-width="1.5"/>')
    parts.append("</svg>")
    return "".join(parts)


SERIES_COLOURS = ("#1d70b8", "#f47738", "#505a5f")


def grouped_bars(title: str, labels: list[str], series: list[tuple[str, list[float | None]]], chart_id: str) -> str:
    """An accessible horizontal grouped bar chart (0-100%) as SVG; the same figures are in a table on the page."""
    bar, gap, left, width = 12, 14, 190, 620
    group_h = bar * len(series) + gap
    legend_h = 24
    h = legend_h + group_h * len(labels) + 20
    x = lambda v: left + (width - left - 50) * v / 100  # noqa: E731
    parts = [f'<svg class="vs-chart" viewBox="0 0 {width} {h}" width="100%" role="img" aria-labelledby="{chart_id}">',
             f'<title id="{chart_id}">{escape(title)}</title>']
    for i, (name, _) in enumerate(series):
        lx = 10 + i * 200
        parts.append(f'<rect x="{lx}" y="4" width="12" height="12" fill="{SERIES_COLOURS[i]}"/>'
                     f'<text x="{lx + 16}" y="14" font-size="11" fill="#0b0c0c">{escape(name)}</text>')
    for g, label in enumerate(labels):
        top = legend_h + g * group_h
        parts.append(f'<text x="{left - 6}" y="{top + group_h / 2:.1f}" text-anchor="end" font-size="11" '
                     f'fill="#0b0c0c">{escape(label)}</text>')
        for i, (name, values) in enumerate(series):
            v = values[g]
            y = top + i * bar
            if v is None:
                parts.append(f'<text x="{left + 4}" y="{y + bar - 2}" font-size="10" fill="#505a5f">not published</text>')
                continue
            parts.append(f'<rect x="{left}" y="{y}" width="{x(v) - left:.1f}" height="{bar - 2}" fill="{SERIES_COLOURS[i]}">'
                         f'<title>{escape(name)}, {escape(label)}: {v:.1f}%</title></rect>'
                         f'<text x="{x(v) + 4:.1f}" y="{y + bar - 3}" font-size="10" fill="#0b0c0c">{v:.0f}%</text>')
    parts.append("</svg>")
    return "".join(parts)


def _rows(df: pl.DataFrame) -> list[dict]:
    return df.to_dicts()


@require("view_education_record")
def child_record(request, child: str):
    la = _la()
    at = _at(request, la)
    data = vs_data(la)
    dobs = _dobs(data).filter(pl.col("CHILD") == child)
    has_any = dobs.height or any(
        "CHILD" in data.tables[n].columns and data.tables[n].filter(pl.col("CHILD") == child).height
        for n in EDUCATION_TABLES)
    if not has_any:
        raise Http404("No such child")
    record(request, "view", "Virtual School education record", [child])
    dob = dobs["DOB"][0] if dobs.height else None
    council = record_frames(la, at, data)
    member = council["cohorts"].filter(pl.col("CHILD") == child)["COHORT"].to_list()
    schools = edu(data, "schools").select("URN", "SCHOOL_NAME", "PHASE", "OFSTED")
    mine = lambda name: edu(data, name).filter(pl.col("CHILD") == child)  # noqa: E731
    enrol = mine("enrolments").join(schools, on="URN", how="left").sort("START_DATE", descending=True)
    att = (mine("attendance").group_by("ACADEMIC_YEAR", "HALF_TERM")
           .agg(pl.col("POSSIBLE").sum(), pl.col("ATTENDED").sum(), pl.col("AUTHORISED").sum(), pl.col("UNAUTHORISED").sum())
           .sort("ACADEMIC_YEAR", "HALF_TERM"))
    # attendance as the school census counts it: part-time timetable sessions not offered are absence (C2)
    counted = pl.concat([sessions(data, y, pl.Series([child]))
                         .with_columns(pl.lit(y, dtype=pl.Int64).alias("ACADEMIC_YEAR"))
                         for y in att["ACADEMIC_YEAR"].unique().to_list()]) if att.height else None
    points = []
    for r in att.iter_rows(named=True):
        row = counted.filter((pl.col("ACADEMIC_YEAR") == r["ACADEMIC_YEAR"]) & (pl.col("HALF_TERM") == r["HALF_TERM"]))
        missed = int(row["MISSED"][0]) if row.height else (r["AUTHORISED"] or 0) + (r["UNAUTHORISED"] or 0)
        r["PART_TIME_MISSED"] = int(row["PART_TIME_MISSED"][0]) if row.height else 0
        rate = 100 * (r["POSSIBLE"] - missed) / r["POSSIBLE"] if r["POSSIBLE"] else 0.0
        points.append({**r, "rate": round(rate, 1), "label": f"{_year_label(r['ACADEMIC_YEAR'])} half-term {r['HALF_TERM']}",
                       "short": f"{str(r['ACADEMIC_YEAR'])[2:]}/{r['HALF_TERM']}"})
    place = council["places"].filter(pl.col("CHILD") == child)
    sen = mine("sen_status").sort("START_DATE", descending=True)
    peps = mine("peps").sort("PEP_DATE", descending=True)
    last_pep = council["latest_peps"].filter(pl.col("CHILD") == child)
    needs_pep = council["pep_eligible"].filter(pl.col("CHILD") == child).height > 0
    pep_due = None
    if needs_pep:
        last = last_pep["PEP_DATE"][0] if last_pep.height else None
        pep_due = {"last": last, "overdue": last is None or (at - last).days >= PEP_VALID_DAYS}
    wl = council["worklist"].filter(pl.col("CHILD") == child)
    results = mine("attainment").sort("ACADEMIC_YEAR", "ASSESSMENT")
    return render(request, "virtual_school/child.html", {
        "child": child, "dob": dob, "at": at, "who": who(data, at, [child]).to_dicts()[0],
        "age": None if dob is None else calendar.age_at(dob, at),
        "cohorts": [COHORTS[c] for c in member],
        "place": place.to_dicts()[0] if place.height else None,
        "sen": sen.to_dicts()[0] if sen.height else None, "sen_codes": VS_CODES["SEN"],
        "enrolments": _rows(enrol), "ofsted": VS_CODES["OFSTED"], "phases": VS_CODES["PHASE"],
        "attendance": points, "chart": attendance_chart(points),
        "exclusions": _rows(mine("exclusions").sort("START_DATE", descending=True)),
        "timetables": _rows(mine("timetables").sort("START_DATE", descending=True)),
        "peps": _rows(peps), "pep_quality": VS_CODES["PEP_QUALITY"], "pep_due": pep_due,
        "results": [{**r, "label": VS_CODES["ASSESSMENT"][r["ASSESSMENT"]].split(":")[0] + ": " +
                     VS_CODES["ASSESSMENT"][r["ASSESSMENT"]].split(":")[1].split("(")[0].strip(),
                     "year": _year_label(r["ACADEMIC_YEAR"]),
                     "shown": ("Met" if r["RESULT"] >= 1 else "Not met") if r["ASSESSMENT"] not in ("KS4_A8", "KS4_P8")
                     else f"{r['RESULT']:.2f}" if r["ASSESSMENT"] == "KS4_P8" else f"{r['RESULT']:.1f}"}
                    for r in results.to_dicts()],
        "post16": _rows(mine("post16").sort("RECORD_DATE", descending=True)), "activities": VS_CODES["ACTIVITY"],
        "actions": [{"reason": REASONS[r["REASON"]], "detail": r["DETAIL"]} for r in wl.to_dicts()],
    })


@require("view_education_record")
def worklist_view(request):
    la = _la()
    at = _at(request, la)
    chosen = [c for c in request.GET.getlist("cohort") if c in COHORTS] or ["cla"]
    try:
        threshold = float(request.GET.get("threshold", ATTENDANCE_THRESHOLD))
        if not 0 < threshold <= 100:
            raise ValueError
        threshold_error = None
    except ValueError:
        threshold, threshold_error = ATTENDANCE_THRESHOLD, "Enter an attendance threshold between 1 and 100"
    data = vs_data(la)
    wl = worklist(data, at, chosen, threshold)
    people_of = who(data, at, wl["CHILD"].unique(maintain_order=True).to_list()).drop("DOB")
    if request.GET.get("format") == "csv" and not threshold_error:
        out = wl.join(people_of, on="CHILD", how="left").with_columns(
            pl.col("DOB").dt.strftime("%d/%m/%Y"), pl.col("REASON").replace_strict(REASONS, return_dtype=pl.String))
        resp = HttpResponse(frame_csv(out), content_type="text/csv; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="virtual-school-worklist-{at.isoformat()}.csv"'
        record(request, "export", "Virtual School worklist CSV", wl["CHILD"].to_list(), at=at.isoformat())
        return resp
    people: dict[str, dict] = {}
    known = {r["CHILD"]: r for r in people_of.to_dicts()}
    for r in wl.to_dicts():
        p = people.setdefault(r["CHILD"], {"child": r["CHILD"], "dob": r["DOB"], "cohorts": r["COHORTS"], "reasons": [],
                                           "who": known.get(r["CHILD"], {})})
        p["reasons"].append({"reason": REASONS[r["REASON"]], "detail": r["DETAIL"]})
    counts = {REASONS[k]: v for k, v in wl.group_by("REASON").len().iter_rows()}
    record(request, "view", "Virtual School worklist", list(people), at=at.isoformat())
    return render(request, "virtual_school/worklist.html", {
        "at": at, "people": list(people.values()), "cohorts": [{"key": k, "label": v, "checked": k in chosen}
                                                                for k, v in COHORTS.items()],
        "threshold": threshold, "threshold_error": threshold_error,
        "counts": [{"reason": v, "n": counts.get(v, 0)} for v in REASONS.values()],
        "csv_query": request.GET.copy().urlencode() + ("&" if request.GET else "") + "format=csv",
    })


@require("import_education")
def import_page(request):
    la = _la()
    errors = []
    if request.method == "POST":
        uploads = request.FILES.getlist("files")
        if not uploads:
            errors = [{"message": "Choose at least one CSV file", "where": ""}]
        elif sum(f.size for f in uploads) > MAX_UPLOAD:
            errors = [{"message": "The files are larger than 50 MB in total", "where": ""}]
        else:
            files = [(f.name, f.read()) for f in uploads]
            try:
                batch = import_education_files(files, la, user=request.user, source="web")
            except InputError as exc:
                errors = [{"message": f.message, "where": ", ".join(x for x in (
                    f.file or f.table, f"row {f.row}" if f.row else "", f"child {f.child}" if f.child else "",
                    " ".join(f.fields)) if x)} for f in exc.findings[:200]]
                if len(exc.findings) > 200:
                    errors.append({"message": f"… and {len(exc.findings) - 200} more problems", "where": ""})
            else:
                total = sum(batch.counts.values())
                messages.success(request, f"Loaded {total} rows from {len(files)} file(s): "
                                 + ", ".join(f"{n} {c}" for n, c in batch.counts.items()) + ".")
                return redirect("virtual_school:import")
    from cphub.web.store.models import ImportBatch

    tables = [{"name": n, "description": t.description, "columns": documentation(t)} for n, t in EDUCATION_TABLES.items()]
    history = ImportBatch.objects.filter(la=la, kind="education").select_related("user")[:10]
    return render(request, "virtual_school/import.html", {"tables": tables, "errors": errors, "history": history},
                  status=400 if errors else 200)


@require("import_education")
def template_download(request, name: str):
    if name not in EDUCATION_TABLES:
        raise Http404("No such template")
    resp = HttpResponse(template_csv(EDUCATION_TABLES[name]), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return resp


@require("import_education")
def templates_download(request):
    resp = HttpResponse(templates_zip(), content_type="application/zip")
    resp["Content-Disposition"] = 'attachment; filename="virtual-school-templates.zip"'
    return resp


def virtual_school_name(la: str) -> str:
    """The Virtual School's name for its reports: "<council> Virtual School" (the kinship pages use the name the
    Virtual School sets in its settings; the Virtual School pages do not depend on the kinship app)."""
    from cphub.web.store.models import Council

    council = Council.objects.filter(code=la).first()
    return f"{council.name} Virtual School" if council else "Virtual School"


def _report_context(request) -> dict:
    """The annual report: the figures from :func:`cphub.virtual_school.report.report_figures`, the council's name,
    the chart and the narrative the Virtual School Head wrote (sections with none print nothing)."""
    from cphub.web.store.models import Council

    la = _la()
    at = _at(request, la)
    year = academic_year(at)
    council = Council.objects.filter(code=la).first()
    region = council.region if council else None
    ctx = report_figures(vs_data(la), at, la, region or None)
    narratives = {n.section: n.text for n in ReportNarrative.objects.filter(la=la, academic_year=year)}
    by_id = {f["id"]: f for f in ctx["results"] + ctx["attendance"]}
    pct_ids = ["eyfs_gld", "phonics", "ks2_rwm", "ks4_em4", "ks4_em5", "attendance_rate", "persistent_absence"]
    chart = grouped_bars(f"Children looked after {_year_label(year)}: ours, England looked after and England all pupils, "
                         "per cent", [by_id[b]["title"] for b in pct_ids],
                         [("Our children looked after", [by_id[b]["raw"] for b in pct_ids]),
                          ("England, looked after", [by_id[b]["england_raw"] for b in pct_ids]),
                          ("England, all pupils", [by_id[b]["all_raw"] for b in pct_ids])], "report-chart-title")
    ctx.update({
        "council_label": council.name if council else f"Council {la}", "region_label": region or "Region",
        "virtual_school_name": virtual_school_name(la), "chart": chart,
        "narrative": {k: [p for p in narratives.get(k, "").split("\n\n") if p.strip()] for k, _ in NARRATIVE_SECTIONS},
    })
    return ctx


@require("view_virtual_school")
def report(request):
    ctx = _report_context(request)
    ctx["can_edit"] = can(request.user, "edit_vs_report")
    ctx["query"] = request.GET.urlencode()
    return render(request, "virtual_school/report.html", ctx)


@require("view_virtual_school")
def report_pdf(request):
    from weasyprint import CSS, HTML

    ctx = _report_context(request)
    html = render_to_string("virtual_school/report_pdf.html", {**ctx, "pdf": True}, request=request)
    css = Path(__file__).parent / "static" / "virtual_school" / "report-print.css"
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
        stylesheets=[CSS(filename=str(css))], pdf_variant="pdf/ua-1")
    resp = HttpResponse(pdf, content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="virtual-school-report-{ctx["year"]}.pdf"'
    return resp


@require("edit_vs_report")
def report_edit(request):
    la = _la()
    at = _at(request, la)
    year = academic_year(at)
    if request.method == "POST":
        for key, _ in NARRATIVE_SECTIONS:
            text = request.POST.get(key, "")[:20000].replace("\r\n", "\n")
            ReportNarrative.objects.update_or_create(la=la, academic_year=year, section=key,
                                                     defaults={"text": text, "updated_by": request.user})
        messages.success(request, "The report's narrative has been saved.")
        return redirect(f"{reverse('virtual_school:report')}?year={year}")
    current = {n.section: n.text for n in ReportNarrative.objects.filter(la=la, academic_year=year)}
    return render(request, "virtual_school/report_edit.html", {
        "year": year, "year_label": _year_label(year),
        "sections": [{"key": k, "title": t, "text": current.get(k, "")} for k, t in NARRATIVE_SECTIONS]})


@require("view_education_record")
def measure_children(request, base: str, cohort_name: str):
    """Drill to action: the children behind one dashboard figure who need action first (most urgent first, with
    what needs doing), then the children the figure counts, each linked to their record."""
    from cphub.virtual_school.measures import VS_MEASURES, measure_id

    mid = measure_id(base, cohort_name)
    if mid not in VS_MEASURES:
        raise Http404("No such measure")
    la = _la()
    at = _at(request, la)
    data = vs_data(la)
    result = VS_MEASURES[mid].compute(data, [at])[0]
    actions = needs_action(data, at, base, cohort_name)
    listed = actions["CHILD"].to_list() + list(result.children)
    people = {r["CHILD"]: r for r in who(data, at, actions["CHILD"].to_list() + result.children).to_dicts()}
    acting: dict[str, dict] = {}
    for r in actions.to_dicts():
        entry = acting.setdefault(r["CHILD"], {"child": r["CHILD"], **people.get(r["CHILD"], {}), "actions": []})
        entry["actions"].append({"action": r["ACTION"], "detail": r["DETAIL"]})
    if request.GET.get("format") == "csv":
        out = actions.join(who(data, at, actions["CHILD"].to_list()), on="CHILD", how="left").drop("URGENCY")
        resp = HttpResponse(frame_csv(out.with_columns(pl.col("DOB").dt.strftime("%d/%m/%Y"))),
                            content_type="text/csv; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="{base}-{cohort_name}-{at.isoformat()}.csv"'
        record(request, "export", f"Virtual School measure {mid} (CSV)", actions["CHILD"].to_list(),
               at=at.isoformat())
        return resp
    record(request, "view", f"Virtual School measure {mid}", listed, at=at.isoformat())
    return render(request, "virtual_school/measure_children.html", {
        "base": BASE_BY_ID[base], "cohort": COHORTS[cohort_name], "at": at, "year_label": _year_label(academic_year(at)),
        "result": result, "value": _fmt(result.value, BASE_BY_ID[base].unit),
        "reason": result.detail.get("not_reported"), "acting": list(acting.values()),
        "counted_label": _COUNTED.get(BASE_BY_ID[base].good_to_be, "The children counted"),
        "children": [{"child": c, **people.get(c, {})} for c in result.children]})


_COUNTED = {"high": "The children counted as meeting it", "low": "The children counted in the figure"}


@require("view_education_record")
def exports(request):
    """The inspection lists (ILACS Annex A Lists 8 and 6 with education, area SEND children looked after with
    SEN) as CSV or XLSX; each download is recorded in the audit log."""
    from cphub.virtual_school.annex_a import LISTS

    la = _la()
    at = _at(request, la)
    slug, fmt = request.GET.get("list", ""), request.GET.get("format", "")
    if slug:
        if slug not in LISTS or fmt not in ("csv", "xlsx"):
            raise Http404("No such list")
        title, build = LISTS[slug]
        df = build(vs_data(la), at)
        record(request, "export", f"Inspection list {slug} ({fmt})",
               df["Child Unique ID"].to_list() if "Child Unique ID" in df.columns else [], at=at.isoformat())
        name = f"{slug}-{at.isoformat()}.{fmt}"
        if fmt == "csv":
            resp = HttpResponse(frame_csv(df), content_type="text/csv; charset=utf-8")
        else:
            resp = HttpResponse(_xlsx(df, title), content_type="application/vnd.openxmlformats-officedocument."
                                                                  "spreadsheetml.sheet")
        resp["Content-Disposition"] = f'attachment; filename="{name}"'
        return resp
    return render(request, "virtual_school/exports.html", {
        "at": at, "lists": [{"slug": k, "title": t} for k, (t, _) in LISTS.items()]})


def _xlsx(df: pl.DataFrame, title: str) -> bytes:
    """``df`` as a one-sheet workbook, every text cell formula-neutralised (:mod:`cphub.exports`)."""
    import io

    from openpyxl import Workbook

    from cphub.exports import neutralise_workbook, safe_append

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31].replace(":", "")
    safe_append(ws, df.columns)
    for row in df.iter_rows():
        safe_append(ws, row)
    neutralise_workbook(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@require("view_virtual_school")
def pp_plus_report(request):
    """The Pupil Premium Plus report the Virtual School Head gives the Schools Forum (HTML, or PDF with ?format=pdf):
    totals, spending against PEP targets by purpose, and PLAC PP+; no child-level data."""
    from cphub.virtual_school.pupil_premium import pupil_premium_plus
    from cphub.web.store.models import Council

    la = _la()
    at = _at(request, la)
    council = Council.objects.filter(code=la).first()
    ctx = {"pp": pupil_premium_plus(vs_data(la), at), "at": at, "year_label": _year_label(academic_year(at)),
           "council_label": council.name if council else f"Council {la}",
           "virtual_school_name": virtual_school_name(la),
           "query": request.GET.urlencode()}
    if request.GET.get("format") == "pdf":
        from weasyprint import CSS, HTML

        html = render_to_string("virtual_school/pp_plus_pdf.html", {**ctx, "pdf": True}, request=request)
        css = Path(__file__).parent / "static" / "virtual_school" / "report-print.css"
        pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
            stylesheets=[CSS(filename=str(css))], pdf_variant="pdf/ua-1")
        resp = HttpResponse(pdf, content_type="application/pdf")
        resp["Content-Disposition"] = f'attachment; filename="pupil-premium-plus-{academic_year(at)}.pdf"'
        return resp
    return render(request, "virtual_school/pp_plus.html", ctx)


@require("view_audit")
def access_log(request):
    """Views of education records now live in the audit trail, which only administrators read."""
    return redirect(f"{reverse('audit:search')}?what=Virtual+School+education+record")
