"""The store: one Django model per table spec (built from :mod:`cphub.ssda903.schema` and
:mod:`cphub.local.schema`, so columns are never written twice), the council register and import records.

Every stored row carries the council (``la``) and the import batch that wrote it; SSDA903 rows also carry the
collection ``year`` (by its ending, 2025 = 2024-25). Each table's natural key (``Table.key``) is unique within
the council (and year). An import replaces the slice it covers (one council and
year for a return; one council for a local table), so importing the same files twice changes nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cphub.local.schema import LOCAL_TABLES
from cphub.reference.ofsted import PROVIDERS as OFSTED_PROVIDERS
from cphub.ssda903.schema import TABLES
from cphub.tables import Column, Table


class Council(models.Model):
    """A council in the register: DfE 3-digit code, ONS code, name and region."""

    code = models.CharField(max_length=3, primary_key=True)
    ons_code = models.CharField(max_length=9, blank=True)
    name = models.CharField(max_length=120)
    region = models.CharField(max_length=60, blank=True)
    synthetic = models.BooleanField(default=False, help_text="The council's data in this store is synthetic")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Population(models.Model):
    """ONS mid-year estimate of children aged 0-17 in a council (the denominator of rates per 10,000)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="populations")
    mid_year = models.IntegerField()
    children_0_17 = models.IntegerField()

    class Meta:
        unique_together = [("council", "mid_year")]


class ImportBatch(models.Model):
    """One import: who, when, what (file checksums, row counts), and how validation went."""

    KINDS = [("ssda903", "SSDA903 return"), ("local", "Local tables"), ("cin", "CIN census"),
             ("education", "Education data"), ("ofsted", "Ofsted provider list")]
    STATUSES = [("pending", "Pending"), ("running", "Running"), ("done", "Loaded"), ("failed", "Failed"),
                ("rejected", "Not loaded: has errors")]
    la = models.CharField(max_length=3)
    kind = models.CharField(max_length=16, choices=KINDS)
    year = models.IntegerField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.CharField(max_length=16, default="cli")
    status = models.CharField(max_length=16, choices=STATUSES, default="pending")
    progress = models.IntegerField(default=0)
    checksums = models.JSONField(default=dict)
    counts = models.JSONField(default=dict)
    errors = models.IntegerField(default=0)
    warnings = models.IntegerField(default=0)
    loaded_with_errors = models.BooleanField(default=False)
    findings = models.JSONField(default=list)
    message = models.TextField(blank=True)
    extract_date = models.DateField(null=True, blank=True,
                                    help_text="In-year extract: the date the data is complete to (blank: a full return)")

    class Meta:
        ordering = ["-created"]


class SourceCurrency(models.Model):
    """The date one source's data is complete to (see :mod:`cphub.currency`): per council, source
    (``ssda903:Episodes``, ``local:statutory_visits``, ...) and collection year (0 for sources not by year)."""

    la = models.CharField(max_length=3)
    source = models.CharField(max_length=60)
    year = models.IntegerField(default=0)
    complete_to = models.DateField(null=True, blank=True)
    extract_date = models.DateField(null=True, blank=True)
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["la", "source", "year"], name="store_currency_la_source_year")]


def _field(column: Column) -> models.Field:
    kw = {"null": True, "blank": True, "help_text": column.description[:250]}
    if column.kind == "date":
        return models.DateField(**kw)
    if column.kind == "int":
        return models.IntegerField(**kw)
    if column.kind == "float":
        return models.FloatField(**kw)
    if column.kind == "bool":
        return models.BooleanField(**kw)
    return models.CharField(max_length=max(column.max_length, 8), **kw)


def table_model(table: Table, prefix: str, per_year: bool, module: str = __name__,
                app_label: str = "store") -> type[models.Model]:
    """Build the Django model that stores ``table`` (one field per column, plus la, year and batch)."""
    scope = ["la", "year"] if per_year else ["la"]
    attrs: dict = {
        "__module__": module,
        "la": models.CharField(max_length=3, db_index=True),
        "batch": models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="+"),
        "Meta": type("Meta", (), {
            "app_label": app_label, "db_table": f"{app_label}_{prefix}_{table.name.lower()}",
            "indexes": [models.Index(fields=scope, name=f"{prefix}_{table.name.lower()}_la"[:30])],
            # the table's natural key (declared once, in its Table spec) is unique within the council (and year),
            # so no import, however concurrent, can store a record twice
            "constraints": [models.UniqueConstraint(fields=[*scope, *(k.lower() for k in table.key)],
                                                    name=f"{prefix}_{table.name.lower()}_key")]}),
        "spec": table,
        "per_year": per_year,
    }
    if per_year:
        attrs["year"] = models.IntegerField()
    for column in table.columns:
        attrs[column.name.lower()] = _field(column)
    name = prefix.capitalize() + "".join(p.capitalize() for p in table.name.replace("_", " ").split())
    return type(name, (models.Model,), attrs)


SSDA903_MODELS: dict[str, type[models.Model]] = {n: table_model(t, "ssda903", True) for n, t in TABLES.items()}
LOCAL_MODELS: dict[str, type[models.Model]] = {n: table_model(t, "local", False) for n, t in LOCAL_TABLES.items()}
globals().update({m.__name__: m for m in [*SSDA903_MODELS.values(), *LOCAL_MODELS.values()]})
# Ofsted's provider list (one list at a time, replaced whole by `cphub ofsted import`; its ImportBatch, kind
# "ofsted", records who loaded it, when, the file's checksum and the row count).
OfstedProviders = table_model(OFSTED_PROVIDERS, "ofsted", False)

# CIN census models (owned by the import/validation area).
from cphub.web.store.cin_models import *  # noqa: E402, F403
