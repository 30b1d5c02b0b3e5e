"""Forecast pages: the forecast with fan charts and tables (any scenario), saved scenarios (analysts edit,
panel members read), side-by-side comparison, unit costs, and the Excel export."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe

from cphub.forecast.charts import fan_chart
from cphub.forecast.export import xlsx_bytes
from cphub.forecast.report import STATE_LABELS
from cphub.forecast.scenario import MODES, TARGETS
from cphub.forecast.states import BAND_NAMES, PLACEMENT_TYPES, TYPE_LABELS
from cphub.web.core.roles import can, require
from cphub.web.forecast import services
from cphub.web.forecast.forms import AdjustmentFormSet, CostsForm, ScenarioForm, adjustment_initial, error_items
from cphub.web.forecast.models import CostSettings, SavedScenario

STATES = ("total", *PLACEMENT_TYPES)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _la() -> str:
    return settings.CPHUB_LA


def _council_name(la: str) -> str:
    from cphub.web.scorecard.services import council_name

    return council_name(la)


def _scenario(request, key: str = "scenario") -> SavedScenario | None:
    raw = request.GET.get(key, "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404("No such scenario")
    return get_object_or_404(SavedScenario, pk=int(raw), la=_la())


def _charts(rep, states=STATES, ident: str = "") -> list[dict]:
    out = []
    for s in states:
        q = rep.quantiles(s)
        out.append({"state": s, "label": STATE_LABELS[s], "rows": rep.year_rows(s),
                    "svg": mark_safe(fan_chart(rep.forecast.dates, q, rep.history(s),
                                               title=f"{STATE_LABELS[s]}: recorded and forecast",
                                               ident=f"{ident}{s}", width=640 if s == "total" else 440,
                                               height=240 if s == "total" else 180))})
    return out


def _describe(adj: dict) -> str:
    bands = ", ".join(BAND_NAMES[b] for b in adj.get("bands", ())) or "all ages"
    parts = [TARGETS[adj["target"]], f"{MODES[adj['mode']].lower()} {adj['value']:g}", bands]
    if adj.get("from_type"):
        parts.append(f"from {TYPE_LABELS[adj['from_type']].lower()}")
    if adj.get("to_type"):
        parts.append(f"to {TYPE_LABELS[adj['to_type']].lower()}")
    return "; ".join(parts)


@require("view_forecast")
def index(request):
    la = _la()
    saved = _scenario(request)
    rep = services.report(la, saved)
    ctx = {"council_name": _council_name(la), "saved": saved, "scenarios": SavedScenario.objects.filter(la=la),
           "can_edit": can(request.user, "edit_forecast"), "report": rep}
    if rep is not None:
        ctx.update(charts=_charts(rep), spend=rep.spend, capacity=list(zip(rep.capacity, rep.savings or [])),
                   households=rep.households, costs=[(TYPE_LABELS[t], rep.costs.weekly[t]) for t in PLACEMENT_TYPES],
                   inflation=rep.costs.inflation * 100, entries_year=sum(rep.model.entries_history[-12:]),
                   trend=rep.model.entry_coef[1] * 100,
                   adjustments=[_describe(services.adjustment_json(a)) for a in rep.scenario.adjustments],
                   bands=rep.band_rows(), band_dates=rep.forecast.dates[::12])
    return render(request, "forecast/index.html", ctx)


def _reports(request, la: str) -> tuple[list, list]:
    """The saved scenarios chosen with ``?s=<id>`` (up to three; an unknown id is a 404), and the reports: current
    trends first, then each scenario."""
    chosen = [x for x in request.GET.getlist("s") if x]
    if any(not x.isdigit() for x in chosen):
        raise Http404("No such scenario")
    saved = [get_object_or_404(SavedScenario, pk=int(x), la=la) for x in chosen[:3]]
    return saved, [services.report(la, None)] + [services.report(la, s) for s in saved]


@require("view_forecast")
def compare(request):
    la = _la()
    saved, reps = _reports(request, la)
    if reps[0] is None:
        return render(request, "forecast/index.html", {"council_name": _council_name(la), "report": None})
    columns = []
    for i, rep in enumerate(reps):
        columns.append({"name": rep.scenario.name, "charts": _charts(rep, ("total",), ident=f"c{i}-"),
                        "spend": rep.spend})
    table = []
    for s in STATES:
        rows = [rep.year_rows(s) for rep in reps]
        table.append({"label": STATE_LABELS[s], "years": [
            {"date": rows[0][k]["date"], "cells": [r[k] for r in rows]} for k in range(1, len(rows[0]))]})
    return render(request, "forecast/compare.html", {
        "council_name": _council_name(la), "columns": columns, "table": table, "chosen": [s.pk for s in saved],
        "scenarios": SavedScenario.objects.filter(la=la), "names": [r.scenario.name for r in reps]})


@require("view_forecast")
def scenarios(request):
    la = _la()
    items = [{"s": s, "changes": [_describe(a) for a in s.adjustments]} for s in SavedScenario.objects.filter(la=la)]
    return render(request, "forecast/scenarios.html", {"council_name": _council_name(la), "items": items,
                                                       "can_edit": can(request.user, "edit_forecast")})


@require("edit_forecast")
def edit_scenario(request, pk: int | None = None):
    la = _la()
    obj = get_object_or_404(SavedScenario, pk=pk, la=la) if pk else None
    taken = set(SavedScenario.objects.filter(la=la).exclude(pk=pk).values_list("name", flat=True))
    if request.method == "POST":
        form = ScenarioForm(request.POST, taken=taken)
        formset = AdjustmentFormSet(request.POST, prefix="adj")
        if form.is_valid() and formset.is_valid():
            adjustments = [services.adjustment_json(f.adjustment()) for f in formset.forms
                           if f.cleaned_data.get("target")]
            with transaction.atomic():
                obj = obj or SavedScenario(la=la, created_by=request.user)
                obj.name, obj.description = form.cleaned_data["name"], form.cleaned_data["description"]
                obj.adjustments = adjustments
                obj.save()
            messages.success(request, f"Scenario \u201c{obj.name}\u201d saved.")
            return redirect(f"{reverse('forecast:index')}?scenario={obj.pk}")
    else:
        form = ScenarioForm(initial={"name": obj.name, "description": obj.description} if obj else None, taken=taken)
        formset = AdjustmentFormSet(prefix="adj", initial=[adjustment_initial(a) for a in obj.adjustments]
                                    if obj else None)
    items = error_items(form, *formset.forms) if request.method == "POST" else []
    return render(request, "forecast/scenario_form.html", {
        "council_name": _council_name(la), "form": form, "formset": formset, "obj": obj, "errors": items})


@require("edit_forecast")
def delete_scenario(request, pk: int):
    obj = get_object_or_404(SavedScenario, pk=pk, la=_la())
    if request.method != "POST":
        return render(request, "forecast/scenario_delete.html", {"obj": obj})
    name = obj.name
    obj.delete()
    messages.success(request, f"Scenario \u201c{name}\u201d deleted.")
    return redirect("forecast:scenarios")


@require("edit_forecast")
def edit_costs(request):
    la = _la()
    costs, recruit = services.costs_for(la)
    if request.method == "POST":
        form = CostsForm(request.POST)
        if form.is_valid():
            CostSettings.objects.update_or_create(la=la, defaults={
                "weekly": form.weekly(), "inflation": form.cleaned_data["inflation"],
                "recruit_per_year": form.cleaned_data["recruit_per_year"], "updated_by": request.user})
            messages.success(request, "Unit costs saved.")
            return redirect("forecast:index")
    else:
        initial = {f"cost_{t}": costs.weekly[t] for t in PLACEMENT_TYPES}
        initial.update(inflation=round(costs.inflation * 100, 2), recruit_per_year=recruit)
        form = CostsForm(initial=initial)
    return render(request, "forecast/costs_form.html", {
        "council_name": _council_name(la), "form": form,
        "cost_fields": [form[f"cost_{t}"] for t in PLACEMENT_TYPES],
        "errors": error_items(form) if request.method == "POST" else []})


@require("view_forecast")
def download(request):
    la = _la()
    saved, reps = _reports(request, la)
    if reps[0] is None:
        raise Http404("No data to forecast from")
    resp = HttpResponse(xlsx_bytes(reps), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="forecast-{la}-{reps[0].as_at:%Y-%m-%d}.xlsx"'
    return resp
