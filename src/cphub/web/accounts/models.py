"""What a staff user is beyond their Django user and role group: their social-worker id (SSDA903 SWEpisodes
SW_ID / local social_workers), whether they are a demo account, and grants of wider access."""

from __future__ import annotations

from django.conf import settings
from django.db import models

GRANTS = [
    ("full_pack", "Full panel pack (unsuppressed figures) for a panel member"),
    ("all_children", "Every child behind a figure, not only their caseload, for a social worker"),
]


class StaffProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile")
    social_worker_id = models.CharField("Social worker id", max_length=20, blank=True, db_index=True,
                                        help_text="As in SSDA903 SWEpisodes SW_ID and the local social_workers table")
    demo_account = models.BooleanField(default=False, help_text="Created by create-demo-users (demo mode only)")

    @classmethod
    def of(cls, user) -> StaffProfile:
        profile = getattr(user, "_cphub_profile", None)
        if profile is None:
            profile = cls.objects.filter(user=user).first() or cls(user=user)
            user._cphub_profile = profile
        return profile


class AccessGrant(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_grants")
    grant = models.CharField(max_length=20, choices=GRANTS)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = (("user", "grant"),)


def has_grant(user, grant: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cache = getattr(user, "_cphub_grants", None)
    if cache is None:
        cache = set(AccessGrant.objects.filter(user=user).values_list("grant", flat=True))
        user._cphub_grants = cache
    return grant in cache
