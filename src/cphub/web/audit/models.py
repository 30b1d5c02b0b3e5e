"""One audit event per row, append-only: the model refuses updates and deletes (and so do its querysets); the
database refuses UPDATE too (a trigger, see the migration). Only :func:`purge_before` removes rows, for the
retention period in ``CPHUB_RETENTION_DAYS["audit"]``."""

from __future__ import annotations

from django.conf import settings
from django.db import models

ACTIONS = [
    ("view", "Viewed child-level data"),
    ("export", "Exported"),
    ("change", "Changed"),
    ("sign_in", "Signed in"),
    ("sign_in_failed", "Failed sign-in"),
    ("sign_out", "Signed out"),
    ("two_factor", "Two-factor"),
    ("users", "User administration"),
    ("purge", "Purged old records"),
]


class AppendOnly(Exception):
    """Audit events cannot be changed or deleted."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnly("Audit events cannot be deleted (retention uses purge_before).")

    def bulk_update(self, *args, **kwargs):
        raise AppendOnly("Audit events cannot be changed.")


class AuditEvent(models.Model):
    when = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING,
                             db_constraint=False, related_name="+")
    username = models.CharField(max_length=150, db_index=True, blank=True)
    action = models.CharField(max_length=20, choices=ACTIONS, db_index=True)
    what = models.CharField(max_length=200, db_index=True)
    path = models.CharField(max_length=500, blank=True)
    children = models.TextField(blank=True, help_text="Child ids, comma-separated with leading and trailing commas")
    child_count = models.IntegerField(default=0)
    ip = models.GenericIPAddressField(null=True, blank=True)
    la = models.CharField(max_length=3, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ("-when", "-id")
        indexes = (models.Index(fields=["action", "when"]),)

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise AppendOnly("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Audit events cannot be deleted.")

    @property
    def child_list(self) -> list[str]:
        return [c for c in self.children.split(",") if c]


def purge_before(cutoff) -> int:
    """Delete events older than ``cutoff`` (the retention period): the one way rows leave the table."""
    qs = models.QuerySet(AuditEvent).filter(when__lt=cutoff)
    return qs._raw_delete(qs.db)
