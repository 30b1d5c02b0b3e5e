"""Virtual School store: one model per education table (built from :mod:`cphub.virtual_school.schema`), the
record-view audit log, and the annual report's editable narrative."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cphub.virtual_school.schema import EDUCATION_TABLES
from cphub.web.store.models import table_model

EDUCATION_MODELS: dict[str, type[models.Model]] = {
    n: table_model(t, "vs", per_year=False, module=__name__, app_label="virtual_school") for n, t in EDUCATION_TABLES.items()
}
globals().update({m.__name__: m for m in EDUCATION_MODELS.values()})


class AccessLog(models.Model):
    """One view of a child's education record: who, when, which child (and council)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150)
    when = models.DateTimeField(auto_now_add=True, db_index=True)
    la = models.CharField(max_length=3)
    child = models.CharField(max_length=20, db_index=True)
    view = models.CharField(max_length=40, default="education_record")

    class Meta:
        ordering = ["-when"]


class ReportNarrative(models.Model):
    """The Virtual School Head's narrative for one section of the annual report of an academic year."""

    la = models.CharField(max_length=3)
    academic_year = models.IntegerField()
    section = models.CharField(max_length=40)
    text = models.TextField(blank=True)
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        unique_together = [("la", "academic_year", "section")]
