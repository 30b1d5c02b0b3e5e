"""Results computed once per data version: the council's data version and the stored results pages read.

Every import and every edit that changes what a page shows (a target, commentary, pack edition, kinship local
offer) bumps the council's :class:`DataVersion`; results are stored under the version they were computed at, so
a page never shows a result computed before the latest change."""

from __future__ import annotations

from django.db import models


class DataVersion(models.Model):
    """A council's data version: ``version`` moves on every change; ``tables_version`` only when an import changed
    the stored tables (the frames a worker keeps in memory are keyed by it)."""

    la = models.CharField(max_length=3, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)
    tables_version = models.PositiveBigIntegerField(default=0)
    reason = models.CharField(max_length=60, blank=True, help_text="What made the last change (no personal data)")
    changed = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.la} v{self.version} (tables v{self.tables_version})"


class StoredResult(models.Model):
    """One computed result (a scorecard, the Virtual School dashboard, the home figures) for a council at a data
    version and as-at date, serialised and signed (see :mod:`cphub.web.results.services`)."""

    la = models.CharField(max_length=3)
    version = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=40)
    at = models.DateField()
    params = models.CharField(max_length=200, blank=True, default="")
    payload = models.BinaryField()
    signature = models.CharField(max_length=64)
    seconds = models.FloatField(default=0, help_text="How long the computation took")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["la", "version", "kind", "at", "params"],
                                               name="results_stored_natural_key")]
