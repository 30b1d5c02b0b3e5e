"""Imports: history, the analyst upload page, each import's status and findings (grouped by child and by rule,
downloadable as Excel), "load anyway" for a rejected return, and the CSV templates of the tables we load."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cphub import calendar
from cphub.findings import Finding
from cphub.web.audit.record import record
from cphub.web.core.roles import require
from cphub.web.store.models import ImportBatch

MAX_CHILDREN_SHOWN = 300
ALLOWED_SUFFIXES = (".csv", ".zip", ".xml")


@require("view_imports")
def imports(request):
    from cphub.web.core.roles import can

    batches = list(ImportBatch.objects.filter(la=settings.CPHUB_LA).select_related("user")[:200])
    for b in batches:
        b.rows = sum(b.counts.values()) if b.counts else 0
    return render(request, "store/imports.html", {"batches": batches, "can_upload": can(request.user, "import_data")})


def _years() -> list[int]:
    today = date.today()
    latest = calendar.last_ended_year(today)
    return list(range(latest + 1, latest - 12, -1))


def _template_tables():
    from cphub.local.schema import LOCAL_TABLES
    from cphub.ssda903.schema import TABLES

    return [("SSDA903 return", TABLES), ("Local tables", LOCAL_TABLES)]


@require("import_data")
def upload(request):
    """Upload several CSVs or a zip (one SSDA903 return), or one CIN census XML file. The files are streamed to
    disk and read, validated and loaded by the background job; the import's page shows its progress."""
    errors: list[tuple[str, str]] = []
    year = request.POST.get("year", "")
    if request.method == "POST":
        from cphub.web.store.jobs import new_batch, start_upload_job, stream_upload

        uploaded = request.FILES.getlist("files")
        allow = request.POST.get("allow_errors") == "yes"
        limit = settings.CPHUB_MAX_UPLOAD_BYTES
        if not uploaded:
            errors.append(("files", "Select the files of your return (CSV files or a zip), or a CIN census XML file"))
        elif sum(f.size for f in uploaded) > limit:
            errors.append(("files", f"The files must be smaller than {limit // 2**20} MB in total"))
        elif any(not f.name.lower().endswith(ALLOWED_SUFFIXES) for f in uploaded):
            errors.append(("files", "The selected files must be CSV, zip or XML files"))
        xml = [f for f in uploaded if f.name.lower().endswith(".xml")]
        if not errors and xml and len(uploaded) > 1:
            errors.append(("files", "Upload a CIN census XML file on its own"))
        extract_text = request.POST.get("extract_date", "").strip()
        extract_date = None
        if extract_text and not xml:
            from datetime import date

            from cphub.calendar import collection_year

            try:
                extract_date = date.fromisoformat(extract_text)
            except ValueError:
                errors.append(("extract_date", "Enter the extract date as year-month-day, for example 2026-10-31"))
            else:
                if extract_date > date.today():
                    errors.append(("extract_date", "The extract date must be today or in the past"))
                else:
                    year = str(collection_year(extract_date))
        if not errors and not xml and not extract_date and not (year.isdigit() and int(year) in _years()):
            errors.append(("year", "Select the collection year of the return"))
        if not errors:
            kind = "cin" if xml else "ssda903"
            batch = new_batch(settings.CPHUB_LA, kind, None if xml else int(year), [], user=request.user,
                              source="upload")
            if extract_date is not None:
                batch.extract_date = extract_date
                batch.save(update_fields=["extract_date"])
            stream_upload(batch, uploaded, allow)  # to disk in chunks; the job reads (and unzips) them
            start_upload_job(batch)
            return redirect("store:batch", pk=batch.pk)
    return render(request, "store/upload.html", {
        "errors": errors, "years": _years(), "year": year, "extract_date": request.POST.get("extract_date", ""), "limit_mb": settings.CPHUB_MAX_UPLOAD_BYTES // 2**20,
        "template_groups": _template_tables(),
    }, status=400 if errors else 200)


def _finding_text(f: dict) -> str:
    where = f", row {f['row']}" if f.get("row") else ""
    field = f" ({', '.join(f['fields'])})" if f.get("fields") else ""
    return f"{f.get('file') or f.get('table')}{where}{field}: {f['message']}"


@require("import_data")
def ofsted_list(request):
    """Ofsted's provider list for the URN rules: the list stored now, and an upload that replaces it whole (read
    and checked first; a file that cannot be read changes nothing and is explained in the error summary)."""
    from cphub.web.store.forms import OfstedListForm
    from cphub.web.store.ofsted import current_list, import_providers

    form = OfstedListForm(request.POST, request.FILES) if request.method == "POST" else OfstedListForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = import_providers(upload.read(), upload.name, settings.CPHUB_LA, user=request.user, source="upload")
        if batch.status == "done":
            return redirect("store:batch", pk=batch.pk)
        for f in batch.findings[:10]:
            form.add_error("file", _finding_text(f))
        if len(batch.findings) > 10:
            form.add_error("file", f"... and {len(batch.findings) - 10} more problems")
    errors = [("file", e) for e in form.errors.get("file", [])]
    return render(request, "store/ofsted.html", {"form": form, "errors": errors, "current": current_list()},
                  status=400 if errors else 200)


def _group(findings: list[dict]) -> tuple[list, list, list]:
    """The findings by child and by rule (errors first, then warnings), and apart from them the rules not checked
    (``skipped``: an optional input they need was not given), grouped by what they need."""
    by_child: dict[str, list[dict]] = defaultdict(list)
    by_rule: dict[str, dict] = {}
    needs: dict[str, list[str]] = {}
    for f in findings:
        if f["severity"] == "skipped":
            needs.setdefault(f["message"], []).append(f["code"])
            continue
        by_child[f.get("child") or "(not about one child)"].append(f)
        r = by_rule.setdefault(f["code"], {"code": f["code"], "message": f["message"], "severity": f["severity"],
                                           "count": 0, "children": set()})
        r["count"] += 1
        if f.get("child"):
            r["children"].add(f["child"])
    rules = sorted(by_rule.values(), key=lambda r: (r["severity"] != "error", -r["count"], r["code"]))
    for r in rules:
        r["children"] = len(r["children"])
    children = sorted(by_child.items(), key=lambda kv: (-sum(x["severity"] == "error" for x in kv[1]), kv[0]))
    not_checked = [{"codes": codes, "message": message} for message, codes in needs.items()]
    return children, rules, not_checked


def _findings_page(request, b: ImportBatch) -> dict:
    """The findings part of an import's page (by child, by rule, rules not checked); showing findings by child is
    child-level data, so it is audited."""
    children, rules, not_checked = _group(b.findings)
    shown = children[:MAX_CHILDREN_SHOWN]
    if shown:
        record(request, "view", f"Import {b.pk} findings by child", [c for c, _ in shown])
    return {"children": shown, "children_total": len(children), "rules": rules, "max_children": MAX_CHILDREN_SHOWN,
            "not_checked": not_checked, "not_checked_count": sum(len(n["codes"]) for n in not_checked)}


def _batch(request, pk: int) -> ImportBatch:
    return get_object_or_404(ImportBatch.objects.select_related("user"), pk=pk, la=settings.CPHUB_LA)


@require("view_imports")
def batch(request, pk: int):
    from cphub.web.store.jobs import read_progress, upload_dir

    b = _batch(request, pk)
    return render(request, "store/batch.html", {
        "batch": b, "progress": read_progress(b), "running": b.status in ("pending", "running"),
        **_findings_page(request, b),
        "can_load_anyway": b.status == "rejected" and (upload_dir(b.pk) / "manifest.json").is_file(),
        "rows": {k: v for k, v in b.counts.items() if k != "report"}, "ssd": b.counts.get("report"),
    })


@require("import_data")
@require_POST
def load_anyway(request, pk: int):
    """Load a rejected return despite its errors: only with the explicit confirmation box ticked."""
    from cphub.web.store.jobs import start_upload_job, upload_dir

    b = _batch(request, pk)
    if b.status != "rejected" or not (upload_dir(b.pk) / "manifest.json").is_file():
        raise Http404("This import cannot be loaded now.")
    if request.POST.get("confirm") != "yes":
        return render(request, "store/batch.html", {
            "batch": b, "progress": b.progress, "running": False, **_findings_page(request, b),
            "can_load_anyway": True, "confirm_error": "Confirm that you want to load this return with its errors",
        }, status=400)
    b.user = request.user
    b.save(update_fields=["user"])
    start_upload_job(b, allow_errors=True)
    return redirect("store:batch", pk=b.pk)


@require("view_imports")
def findings_xlsx(request, pk: int):
    from cphub.ssda903.cli import findings_workbook

    b = _batch(request, pk)
    findings = [Finding(f["code"], f["message"], f["table"], f.get("row"), f.get("child"), tuple(f.get("fields", ())),
                        f.get("severity", "error"), f.get("file")) for f in b.findings]
    data = findings_workbook(findings, title=f"Import {b.pk} findings")
    record(request, "export", f"Import {b.pk} findings.xlsx", [f.child for f in findings if f.child])
    resp = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="import-{b.pk}-findings.xlsx"'
    return resp


@require("import_data")
def template_csv(request, table: str):
    """An empty CSV with the columns of one table, to fill from the council's case system."""
    for _, tables in _template_tables():
        if table in tables:
            from cphub.ssda903.schema import RETURN_OPTIONAL

            spec = tables[table].given(RETURN_OPTIONAL)  # not the optional columns DfE derives
            resp = HttpResponse(",".join(spec.column_names) + "\r\n", content_type="text/csv; charset=utf-8")
            resp["Content-Disposition"] = f'attachment; filename="{spec.name}.csv"'
            return resp
    raise Http404("No such table.")
