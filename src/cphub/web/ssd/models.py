"""The council's own SSD value map, edited in the app: every saved version is kept; the latest is used."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CouncilValueMap(models.Model):
    la = models.CharField(max_length=3)
    text = models.TextField(help_text="The value map as YAML (may 'extends:' a shipped map)")
    note = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-created", "-id"]


def current(la: str) -> CouncilValueMap | None:
    return CouncilValueMap.objects.filter(la=la).first()
