"""Roles and what each may do. Every view and export checks a capability with :func:`require`; menus only
reflect the same table. Roles are Django groups of the same names."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

ADMIN = "administrator"
ANALYST = "performance_analyst"
VIRTUAL_SCHOOL = "virtual_school"
SOCIAL_WORKER = "social_worker"
PANEL = "panel_member"
ROLES = {
    ADMIN: "Administrator",
    ANALYST: "Performance analyst",
    VIRTUAL_SCHOOL: "Virtual School staff",
    SOCIAL_WORKER: "Social worker",
    PANEL: "Corporate Parenting Panel member",
}

# capability -> roles that hold it
CAPABILITIES: dict[str, frozenset[str]] = {
    "view_headlines": frozenset(ROLES),
    "view_scorecard": frozenset(ROLES),
    "edit_commentary": frozenset({ADMIN, ANALYST}),
    "edit_targets": frozenset({ADMIN, ANALYST}),
    "view_child_level": frozenset({ADMIN, ANALYST, SOCIAL_WORKER}),
    "import_data": frozenset({ADMIN, ANALYST}),
    "view_imports": frozenset({ADMIN, ANALYST}),
    "view_virtual_school": frozenset({ADMIN, VIRTUAL_SCHOOL}),
    "view_education_record": frozenset({ADMIN, VIRTUAL_SCHOOL}),
    "import_education": frozenset({ADMIN, VIRTUAL_SCHOOL}),
    "edit_vs_report": frozenset({ADMIN, VIRTUAL_SCHOOL}),
    "kinship_queue": frozenset({ADMIN, VIRTUAL_SCHOOL}),
    "kinship_admin": frozenset({ADMIN, VIRTUAL_SCHOOL}),
    "manage_users": frozenset({ADMIN}),
    "view_forecast": frozenset({ADMIN, ANALYST, PANEL}),
    "edit_forecast": frozenset({ADMIN, ANALYST}),
}


def roles_of(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return set(ROLES)
    cached = getattr(user, "_cphub_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True)) & set(ROLES)
        user._cphub_roles = cached
    return cached


def can(user, capability: str) -> bool:
    return bool(roles_of(user) & CAPABILITIES[capability])


def require(capability: str) -> Callable:
    """View decorator: anonymous users go to login; users without the capability get 403."""
    if capability not in CAPABILITIES:
        raise KeyError(capability)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, capability):
                raise PermissionDenied(f"Your role does not allow this ({capability}).")
            return view(request, *args, **kwargs)

        wrapped.capability = capability  # type: ignore[attr-defined]
        return wrapped

    return decorator
