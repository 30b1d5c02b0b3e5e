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
from cphub.findings import InputError
from cphub.virtual_school.cohorts import COHORTS, _dobs, academic_year, age_at, all_cohorts, cohort
from cphub.virtual_school.measures import (
    BASE_BY_ID,
    COHORT_GROUP,
    PEP_VALID_DAYS,
    benchmark,
    compare,
    current_places,
    edu,
    gap_worse,
    latest_peps,
    pep_eligible,
)
from cphub.virtual_school.schema import EDUCATION_TABLES, VS_CODES
from cphub.virtual_school.templates import documentation, template_csv, templates_zip
from cphub.virtual_school.worklist import ATTENDANCE_THRESHOLD, REASONS, worklist
from cphub.web.core.dates import requested_date
from cphub.web.core.roles import can, require
from cphub.web.virtual_school.data import academic_years, default_at, import_education_files, vs_data
from cphub.web.virtual_school.models import AccessLog, ReportNarrative

MAX_UPLOAD = 50 * 1024 * 1024
OTHER_COHORTS = ["plac", "cwsw", "cwsw_6y", "kinship"]
NARRATIVE_SECTIONS = [
    ("introduction", "Introduction from the Virtual School Head"),
    ("cohort", "Our children"),
    ("attainment", "Results by key stage"),
    ("attendance", "Attendance and exclusions"),
    ("peps", "Personal Education Plans and Pupil Premium Plus"),
    ("priorities", "Priorities for next year"),
]


def _la() -> str:
    return settings.CPHUB_LA


def _year_label(year: int) -> str:
    return f"{year - 1}/{str(year)[2:]}"


def _at(request, la: str) -> date:
    """The as-at date: ?at=YYYY-MM-DD, else ?year=academic year (end of its summer term), else the default."""
    at, _ = requested_date(request)
    if at:
        return at
    year = request.GET.get("year", "")
    if year.isdigit() and 2000 < int(year) < 2100:
        return min(date.today(), date(int(year), 7, 20))
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
        "worse": cell.worse,
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
            "base": b, "all": _fmt(row.all_pupils.value, b.unit) if row.all_pupils else None,
            "all_year": row.all_pupils.year_label if row.all_pupils else None, "cells": cells})
    return sections


@require("view_virtual_school")
def dashboard(request):
    la = _la()
    at = _at(request, la)
    data = vs_data(la)
    names = list(COHORTS)
    rows = compare(data, at, names)
    sizes = [{"key": c, "label": COHORTS[c], "n": cohort(data, at, c).height} for c in names]
    years = academic_years(la)
    year = academic_year(at)
    previous = compare(data, date(year - 1, 7, 20), names) if year - 1 in years else None
    return render(request, "virtual_school/dashboard.html", {
        "at": at, "year": academic_year(at), "year_label": _year_label(academic_year(at)), "years": [
            {"value": y, "label": _year_label(y)} for y in years],
        "cohorts": sizes, "sections": _dashboard_rows(rows, names, previous), "has_education": bool(years),
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
    AccessLog.objects.create(user=request.user, username=request.user.get_username(), la=la, child=child)
    dob = dobs["DOB"][0] if dobs.height else None
    member = all_cohorts(data, at).filter(pl.col("CHILD") == child)["COHORT"].to_list()
    schools = edu(data, "schools").select("URN", "SCHOOL_NAME", "PHASE", "OFSTED")
    mine = lambda name: edu(data, name).filter(pl.col("CHILD") == child)  # noqa: E731
    enrol = mine("enrolments").join(schools, on="URN", how="left").sort("START_DATE", descending=True)
    att = (mine("attendance").group_by("ACADEMIC_YEAR", "HALF_TERM")
           .agg(pl.col("POSSIBLE").sum(), pl.col("ATTENDED").sum(), pl.col("AUTHORISED").sum(), pl.col("UNAUTHORISED").sum())
           .sort("ACADEMIC_YEAR", "HALF_TERM"))
    points = []
    for r in att.iter_rows(named=True):
        missed = (r["AUTHORISED"] or 0) + (r["UNAUTHORISED"] or 0)
        rate = 100 * (r["POSSIBLE"] - missed) / r["POSSIBLE"] if r["POSSIBLE"] else 0.0
        points.append({**r, "rate": round(rate, 1), "label": f"{_year_label(r['ACADEMIC_YEAR'])} half-term {r['HALF_TERM']}",
                       "short": f"{str(r['ACADEMIC_YEAR'])[2:]}/{r['HALF_TERM']}"})
    place = current_places(data, at).filter(pl.col("CHILD") == child)
    sen = mine("sen_status").sort("START_DATE", descending=True)
    peps = mine("peps").sort("PEP_DATE", descending=True)
    last_pep = latest_peps(data, at).filter(pl.col("CHILD") == child)
    needs_pep = pep_eligible(data, at).filter(pl.col("CHILD") == child).height > 0
    pep_due = None
    if needs_pep:
        last = last_pep["PEP_DATE"][0] if last_pep.height else None
        pep_due = {"last": last, "overdue": last is None or (at - last).days >= PEP_VALID_DAYS}
    wl = worklist(data, at, list(COHORTS)).filter(pl.col("CHILD") == child)
    results = mine("attainment").sort("ACADEMIC_YEAR", "ASSESSMENT")
    return render(request, "virtual_school/child.html", {
        "child": child, "dob": dob, "at": at,
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
    if request.GET.get("format") == "csv" and not threshold_error:
        out = wl.with_columns(pl.col("DOB").dt.strftime("%d/%m/%Y"),
                              pl.col("REASON").replace_strict(REASONS, return_dtype=pl.String))
        resp = HttpResponse(out.write_csv(), content_type="text/csv; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="virtual-school-worklist-{at.isoformat()}.csv"'
        return resp
    people: dict[str, dict] = {}
    for r in wl.to_dicts():
        p = people.setdefault(r["CHILD"], {"child": r["CHILD"], "dob": r["DOB"], "cohorts": r["COHORTS"], "reasons": []})
        p["reasons"].append({"reason": REASONS[r["REASON"]], "detail": r["DETAIL"]})
    counts = {REASONS[k]: v for k, v in wl.group_by("REASON").len().iter_rows()}
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


def _report_context(request) -> dict:
    from cphub.web.store.models import Council

    la = _la()
    at = _at(request, la)
    year = academic_year(at)
    data = vs_data(la)
    council = Council.objects.filter(code=la).first()
    region = council.region if council else ""
    rows = {r.base.id: r for r in compare(data, at, list(COHORTS))}

    def line(base_id: str) -> dict:
        row, b = rows[base_id], BASE_BY_ID[base_id]
        cla = row.cells["cla"]
        eng = benchmark(base_id, "CLA", year)
        reg = benchmark(base_id, "CLA", year, area=region) if region else None
        gap, worse = gap_worse(cla.result.value, eng.value if eng else None, b.good_to_be)
        cw = row.cells.get("cwsw")
        return {"title": b.title, "unit": b.unit, "value": _fmt(cla.result.value, b.unit), "d": cla.result.denominator,
                "england_cla": _fmt(eng.value, b.unit) if eng else "not published",
                "england_year": eng.year_label if eng else "",
                "region_cla": _fmt(reg.value, b.unit) if reg else "not published",
                "all": _fmt(row.all_pupils.value, b.unit) if row.all_pupils else "not published",
                "cwsw": _fmt(cw.result.value, b.unit) if cw else "–", "cwsw_d": cw.result.denominator if cw else None,
                "worse": worse, "gap": None if gap is None else (f"{gap:+.2f}" if b.unit == "mean" else f"{gap:+.1f} pts")}

    cla = cohort(data, at, "cla")
    ages = cla.with_columns(age_at(pl.col("DOB"), at).alias("AGE"))
    bands = [("Under 5", 0, 4), ("5 to 10", 5, 10), ("11 to 15", 11, 15), ("16 and 17", 16, 17)]
    places = current_places(data, at).filter(pl.col("CHILD").is_in(cla["CHILD"]))
    first, last = date(year - 1, 9, 1), min(date(year, 8, 31), at)
    peps_year = edu(data, "peps").filter(pl.col("PEP_DATE").is_between(first, last) & pl.col("CHILD").is_in(cla["CHILD"]))
    narratives = {n.section: n.text for n in ReportNarrative.objects.filter(la=la, academic_year=year)}
    pct_ids = ["eyfs_gld", "phonics", "ks2_rwm", "ks4_em4", "ks4_em5", "attendance_rate", "persistent_absence"]
    ours = [rows[b].cells["cla"].result.value for b in pct_ids]
    eng = [(lambda bm: bm.value if bm else None)(benchmark(b, "CLA", year)) for b in pct_ids]
    allp = [rows[b].all_pupils.value if rows[b].all_pupils else None for b in pct_ids]
    chart = grouped_bars(f"Children looked after {_year_label(year)}: ours, England looked after and England all pupils, "
                         "per cent", [BASE_BY_ID[b].title for b in pct_ids],
                         [("Our children looked after", ours), ("England, looked after", eng), ("England, all pupils", allp)],
                         "report-chart-title")
    return {
        "at": at, "year": year, "year_label": _year_label(year), "region": region or "region",
        "council_label": council.name if council else f"Council {la}",
        "sizes": [{"label": COHORTS[c], "n": cohort(data, at, c).height} for c in COHORTS],
        "bands": [{"label": lab, "n": ages.filter(pl.col("AGE").is_between(lo, hi)).height} for lab, lo, hi in bands],
        "cla_n": cla.height,
        "out_of_area": places.filter(pl.col("SCHOOL_LA").is_not_null() & (pl.col("SCHOOL_LA") != la)).height,
        "school_places": places.height,
        "results": [line(b) for b in ("eyfs_gld", "phonics", "ks2_rwm", "ks4_a8", "ks4_p8", "ks4_em4", "ks4_em5")],
        "attendance": [line(b) for b in ("attendance_rate", "persistent_absence", "severe_absence", "suspension_rate",
                                         "permanent_exclusion")],
        "places": [line(b) for b in ("good_schools", "sen_support", "ehcp")],
        "peps": [line(b) for b in ("pep_in_date", "pep_quality")],
        "post16": line("neet_16_18"),
        "care_leavers_neet": _cell_view(rows["neet_16_18"].cells["care_leavers"], BASE_BY_ID["neet_16_18"]),
        "pp_plus": float(peps_year["PP_PLUS_SPEND"].sum() or 0), "peps_held": peps_year.height,
        "targets": round(float(peps_year["TARGETS"].mean()), 1) if peps_year.height else None,
        "sections": [{"key": k, "title": t, "paragraphs": [p for p in narratives.get(k, "").split("\n\n") if p.strip()]}
                     for k, t in NARRATIVE_SECTIONS],
        "cla_group": COHORT_GROUP["cla"][1], "chart": chart,
        "in_education": _cell_view(rows["in_education_16_18"].cells["cla"], BASE_BY_ID["in_education_16_18"]),
        "other_cohorts": [COHORTS[c] for c in OTHER_COHORTS],
        "others": [{"title": BASE_BY_ID[b].title,
                    "all": _fmt(rows[b].all_pupils.value, BASE_BY_ID[b].unit) if rows[b].all_pupils else "not published",
                    "cells": [_cell_view(rows[b].cells[c], BASE_BY_ID[b]) for c in OTHER_COHORTS]}
                   for b in ("attendance_rate", "persistent_absence", "suspension_rate", "ks2_rwm", "ks4_a8", "ks4_em4")],
    }


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
    """The children behind one dashboard figure (the measure's numerator), each linked to their record."""
    from cphub.virtual_school.measures import VS_MEASURES, measure_id

    mid = measure_id(base, cohort_name)
    if mid not in VS_MEASURES:
        raise Http404("No such measure")
    la = _la()
    at = _at(request, la)
    data = vs_data(la)
    result = VS_MEASURES[mid].compute(data, [at])[0]
    dobs = dict(_dobs(data).filter(pl.col("CHILD").is_in(result.children)).iter_rows())
    return render(request, "virtual_school/measure_children.html", {
        "base": BASE_BY_ID[base], "cohort": COHORTS[cohort_name], "at": at, "year_label": _year_label(academic_year(at)),
        "result": result, "value": _fmt(result.value, BASE_BY_ID[base].unit),
        "children": [{"child": c, "dob": dobs.get(c)} for c in result.children]})


@require("view_education_record")
def access_log(request):
    entries = AccessLog.objects.filter(la=_la())[:500]
    return render(request, "virtual_school/access_log.html", {"entries": entries,
                                                              "can_import": can(request.user, "import_education")})
