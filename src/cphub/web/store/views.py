"""Import history (who loaded what, when, with which checksums and counts)."""

from django.conf import settings
from django.shortcuts import render

from cphub.web.core.roles import require
from cphub.web.store.models import ImportBatch


@require("view_imports")
def imports(request):
    batches = ImportBatch.objects.filter(la=settings.CPHUB_LA).select_related("user")[:200]
    return render(request, "store/imports.html", {"batches": batches})
