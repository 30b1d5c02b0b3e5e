"""Two-factor enrolment and verification (TOTP, django-otp), and user administration for administrators
(create, disable, reset password, change role, social-worker id, grants). Every action is audited."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from cphub.web.accounts.forms import PasswordResetForm, TokenForm, UserCreateForm, UserEditForm
from cphub.web.accounts.middleware import needs_two_factor
from cphub.web.accounts.models import GRANTS, AccessGrant, StaffProfile
from cphub.web.audit.record import record
from cphub.web.core.roles import ROLES, require, roles_of

DEVICE_NAME = "Authenticator app"


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()) else "/"


def _qr_svg(url: str) -> str:
    img = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    svg = img.to_string(encoding="unicode")
    return svg.replace("<svg ", '<svg role="img" aria-label="QR code to add the Hub to your authenticator app" ', 1)


@login_required
def two_factor(request):
    """Enrol (first time: a QR code and the key, then a code to confirm) or verify a code for this session."""
    user = request.user
    if user.is_verified() or not needs_two_factor(user):
        return redirect(_next(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
            user=user, name=DEVICE_NAME, confirmed=False)
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            allowed, _ = device.verify_is_allowed()
            if allowed and device.verify_token(form.cleaned_data["token"].strip()):
                if enrolling:
                    device.confirmed = True
                    device.save(update_fields=["confirmed"])
                otp_login(request, device)
                request.audited = True
                record(request, "two_factor", "Enrolled an authenticator app" if enrolling else "Verified a code")
                return redirect(_next(request))
            form.add_error("token", "That code is not right or has expired: enter the code the app shows now"
                           if allowed else "Too many wrong codes: wait a minute, then enter the code the app shows now")
            request.audited = True
            record(request, "two_factor", "Wrong two-factor code")
        status = 400
    secret = ""
    if enrolling:
        import base64

        secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(request, "accounts/two_factor.html", {
        "form": form, "enrolling": enrolling, "next": _next(request),
        "qr": mark_safe(_qr_svg(device.config_url)) if enrolling else "",  # built by qrcode from our own URL
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))}, status=status)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once a user name or an address is locked out (429, a GOV.UK page)."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


# ------------------------------------------------------------------------------------------ user administration

def _role(user) -> str:
    found = sorted(roles_of(user)) if not user.is_superuser else []
    return found[0] if found else ""


@require("manage_users")
def users(request):
    rows = []
    mfa = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    for u in User.objects.order_by("username").prefetch_related("groups"):
        role = next((g.name for g in u.groups.all() if g.name in ROLES), "")
        rows.append({"u": u, "role": ROLES.get(role, "No role"), "mfa": u.pk in mfa})
    return render(request, "accounts/users.html", {"rows": rows})


@require("manage_users")
def user_new(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with transaction.atomic():
            user = User.objects.create_user(d["username"], email=d["email"], password=d["password1"])
            user.groups.set([Group.objects.get_or_create(name=d["role"])[0]])
            StaffProfile.objects.create(user=user, social_worker_id=d["social_worker_id"].strip())
        request.audited = True
        record(request, "users", f"Created user {user.username}", role=d["role"], target=user.username)
        messages.success(request, f"User {user.username} created as {ROLES[d['role']]}")
        return redirect("accounts:users")
    return render(request, "accounts/user_new.html", {"form": form}, status=400 if form.errors else 200)


@require("manage_users")
def user_edit(request, pk: int):
    target = get_object_or_404(User, pk=pk)
    profile = StaffProfile.of(target)
    current_grants = sorted(AccessGrant.objects.filter(user=target).values_list("grant", flat=True))
    initial = {"role": _role(target), "is_active": target.is_active, "social_worker_id": profile.social_worker_id,
               "grants": current_grants}
    form = UserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        changes = {}
        with transaction.atomic():
            if d["role"] != initial["role"]:
                target.groups.set([Group.objects.get_or_create(name=d["role"])[0]])
                changes["role"] = [initial["role"], d["role"]]
            if d["is_active"] != target.is_active:
                if target == request.user and not d["is_active"]:
                    form.add_error("is_active", "You cannot disable your own account")
                    return render(request, "accounts/user_edit.html", {"form": form, "target": target,
                                                                       "grants": GRANTS}, status=400)
                target.is_active = d["is_active"]
                target.save(update_fields=["is_active"])
                changes["active"] = d["is_active"]
                if not d["is_active"]:
                    _end_sessions(target)
            if d["social_worker_id"].strip() != profile.social_worker_id:
                profile.social_worker_id = d["social_worker_id"].strip()
                profile.save()
                changes["social_worker_id"] = profile.social_worker_id
            wanted = set(d["grants"])
            for g in wanted - set(current_grants):
                AccessGrant.objects.create(user=target, grant=g, granted_by=request.user)
            AccessGrant.objects.filter(user=target, grant__in=set(current_grants) - wanted).delete()
            if wanted != set(current_grants):
                changes["grants"] = sorted(wanted)
            if d["reset_two_factor"]:
                TOTPDevice.objects.filter(user=target).delete()
                changes["two_factor"] = "reset"
        request.audited = True
        record(request, "users", f"Changed user {target.username}", target=target.username, changes=changes)
        messages.success(request, f"User {target.username} updated" if changes else "Nothing was changed")
        return redirect("accounts:users")
    return render(request, "accounts/user_edit.html", {"form": form, "target": target, "grants": GRANTS},
                  status=400 if form.errors else 200)


def _end_sessions(user) -> None:
    """Sign a disabled user out everywhere (database sessions holding their id)."""
    from django.contrib.sessions.models import Session

    for s in Session.objects.all().iterator():
        if str(s.get_decoded().get("_auth_user_id")) == str(user.pk):
            s.delete()


@require("manage_users")
def user_password(request, pk: int):
    target = get_object_or_404(User, pk=pk)
    form = PasswordResetForm(target, request.POST or None)
    if request.method == "POST" and form.is_valid():
        target.set_password(form.cleaned_data["password1"])
        target.save(update_fields=["password"])
        _end_sessions(target)
        request.audited = True
        record(request, "users", f"Reset the password of {target.username}", target=target.username)
        messages.success(request, f"Password reset for {target.username}: tell them through a separate channel")
        return redirect("accounts:users")
    return render(request, "accounts/user_password.html", {"form": form, "target": target},
                  status=400 if form.errors else 200)
