"""Scorecard app: pack editions, commentary per measure per edition (every version kept), and the council's
target overrides (every change kept; the latest wins)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PackEdition(models.Model):
    """One panel pack: the council, the as-at date of its figures and the meeting it goes to."""

    la = models.CharField(max_length=3)
    at = models.DateField(help_text="The date the figures are as at")
    title = models.CharField(max_length=200, blank=True)
    meeting = models.DateField(null=True, blank=True, help_text="Date of the panel meeting")
    STATUSES = (("confidential", "Confidential"), ("public", "Public"))
    meeting_name = models.CharField(max_length=200, default="Corporate Parenting Panel")
    author = models.CharField(max_length=200, blank=True, help_text="Name and role of the officer presenting it")
    version = models.CharField(max_length=20, default="0.1")
    status = models.CharField(max_length=16, choices=STATUSES, default="confidential")
    action_required = models.CharField(max_length=200, default="For information")
    summary = models.JSONField(default=list, blank=True,
                               help_text='The officer\'s summary: [{"measure": id, "text": sentence}], in order')
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-at"]
        constraints = [models.UniqueConstraint(fields=["la", "at"], name="scorecard_edition_la_at")]

    def __str__(self) -> str:
        return self.title or f"Scorecard as at {self.at:%d %B %Y}"


class Commentary(models.Model):
    """The officers' narrative for one measure in one edition. Editing adds a new row, so history is kept;
    the latest row is the current text."""

    edition = models.ForeignKey(PackEdition, on_delete=models.CASCADE, related_name="commentary")
    measure_id = models.CharField(max_length=60)
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    author_name = models.CharField(max_length=150, blank=True, help_text="Kept if the user is deleted")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["edition", "measure_id"])]


class Target(models.Model):
    """A council's target for a measure, overriding the registry's default. ``value`` empty means "no target";
    ``use_default`` goes back to the default. Each change adds a row; the latest row per measure is in force."""

    la = models.CharField(max_length=3)
    measure_id = models.CharField(max_length=60)
    value = models.FloatField(null=True, blank=True)
    use_default = models.BooleanField(default=False, help_text="Go back to the registry's default target")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-set_at", "-id"]
        indexes = [models.Index(fields=["la", "measure_id"])]
