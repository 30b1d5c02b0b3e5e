"""The SSD value map page: see the map in use, edit and save a new version, see what the last refresh could not
place."""

from __future__ import annotations

from importlib import resources

from django.conf import settings
from django.shortcuts import redirect, render

from cphub.web.core.roles import require
from cphub.web.ssd.forms import ValueMapForm
from cphub.web.ssd.models import CouncilValueMap, current
from cphub.web.store.models import ImportBatch


def _shipped(cms: str) -> str:
    return resources.files("cphub.ssd").joinpath("data", "valuemaps", f"{cms}.yaml").read_text("utf-8")


@require("import_data")
def value_map(request):
    la = settings.CPHUB_LA
    saved = current(la)
    cms = settings.CPHUB_SSD_CMS
    if request.method == "POST":
        form = ValueMapForm(request.POST)
        if form.is_valid():
            CouncilValueMap.objects.create(la=la, text=form.cleaned_data["text"], note=form.cleaned_data["note"],
                                           created_by=request.user)
            return redirect("ssd:value_map")
    else:
        form = ValueMapForm(initial={"text": saved.text if saved else _shipped(cms)})
    last = ImportBatch.objects.filter(la=la, source="ssd").order_by("-created").first()
    return render(request, "ssd/value_map.html", {
        "form": form, "saved": saved, "cms": cms, "history": CouncilValueMap.objects.filter(la=la)[:20],
        "last": last, "unmapped": (last.counts.get("report", {}).get("unmapped", []) if last else []),
    })
