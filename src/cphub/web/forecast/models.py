"""Forecast app: the council's saved scenarios and its unit costs (issue 16)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SavedScenario(models.Model):
    """A named set of changes (:class:`cphub.forecast.scenario.Adjustment` as JSON) for one council."""

    la = models.CharField(max_length=3)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    adjustments = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name",)
        constraints = (models.UniqueConstraint(fields=("la", "name"), name="forecast_scenario_la_name"),)

    def __str__(self) -> str:
        return self.name


class CostSettings(models.Model):
    """Weekly unit cost per placement type (pounds), yearly inflation and planned extra fostering recruitment."""

    la = models.CharField(max_length=3, primary_key=True)
    weekly = models.JSONField(default=dict)
    inflation = models.DecimalField(max_digits=5, decimal_places=2, default=3, help_text="Per cent a year")
    recruit_per_year = models.PositiveIntegerField(default=0, help_text="Extra in-house fostering households a year")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated = models.DateTimeField(auto_now=True)
