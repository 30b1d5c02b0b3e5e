"""Accounts: lockout after N failed sign-ins (per account and per address) with a record of each failure;
two-factor sign-in enforced for roles with child-level data; the 30-minute idle timeout; user administration."""

from __future__ import annotations

import time

import pytest
from django.test import Client, override_settings

PASSWORD = "test-password-1"  # as in tests/conftest.py

pytestmark = pytest.mark.django_db


def _sign_in(client, username, password, ip="10.1.2.3"):
    return client.post("/sign-in/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_lockout_after_n_failures_per_account(make_user, settings):
    from axes.models import AccessFailureLog

    from cphub.web.audit.models import AuditEvent

    make_user("panel_member", "councillor1")
    c = Client()
    for i in range(settings.AXES_FAILURE_LIMIT):
        r = _sign_in(c, "councillor1", f"wrong-password-{i}", ip=f"10.0.0.{i + 1}")  # a new address each time
        assert r.status_code == (200 if i < settings.AXES_FAILURE_LIMIT - 1 else 429)
        assert "_auth_user_id" not in c.session
    r = _sign_in(c, "councillor1", PASSWORD, ip="10.9.9.9")  # the right password, from yet another address
    assert r.status_code == 429 and "Sign-in is locked" in r.content.decode()
    assert "_auth_user_id" not in c.session
    assert AccessFailureLog.objects.filter(username="councillor1").count() >= settings.AXES_FAILURE_LIMIT
    failed = AuditEvent.objects.filter(action="sign_in_failed", username="councillor1")
    assert failed.count() >= settings.AXES_FAILURE_LIMIT and failed.first().ip is not None


def test_lockout_per_address(make_user, settings):
    make_user("panel_member", "someone")
    c = Client()
    for i in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(c, f"guess{i}", "wrong-password", ip="10.7.7.7")  # a different user name each time
    assert _sign_in(c, "someone", PASSWORD, ip="10.7.7.7").status_code == 429
    r = _sign_in(Client(), "someone", PASSWORD, ip="10.8.8.8")  # the account itself is not locked
    assert r.status_code == 302


def test_successful_sign_in_is_audited(make_user):
    from cphub.web.audit.models import AuditEvent

    make_user("panel_member", "member")
    assert _sign_in(Client(), "member", PASSWORD).status_code == 302
    e = AuditEvent.objects.get(action="sign_in")
    assert (e.username, e.ip) == ("member", "10.1.2.3")


@pytest.mark.parametrize("role", ["administrator", "performance_analyst", "virtual_school", "social_worker"])
def test_two_factor_enforced_for_child_level_roles(make_user, role):
    c = Client()
    c.force_login(make_user(role))
    r = c.get("/")
    assert r.status_code == 302 and r["Location"].startswith("/account/two-factor/")
    assert c.get("/scorecard/").status_code == 302


def test_panel_member_needs_no_second_factor(make_user):
    c = Client()
    c.force_login(make_user("panel_member"))
    assert c.get("/").status_code == 200


def test_enrol_and_verify(make_user):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cphub.web.audit.models import AuditEvent

    user = make_user("performance_analyst")
    c = Client()
    c.force_login(user)
    page = c.get("/account/two-factor/?next=/scorecard/")
    assert page.status_code == 200 and "<svg" in page.content.decode() and "Set up two-factor" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = c.post("/account/two-factor/", {"token": "000000" if totp(device.bin_key) else "111111", "next": "/"})
    assert wrong.status_code == 400 and "govuk-error-summary" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None
    device.save()
    ok = c.post("/account/two-factor/", {"token": f"{totp(device.bin_key):06d}", "next": "/scorecard/"})
    assert ok.status_code == 302 and ok["Location"] == "/scorecard/"
    assert TOTPDevice.objects.get(user=user).confirmed
    assert c.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="two_factor", what="Enrolled an authenticator app").exists()
    # next sign-in: verification, not enrolment
    c2 = Client()
    c2.force_login(user)
    again = c2.get("/account/two-factor/")
    assert "Enter your code" in again.content.decode() and "<svg" not in again.content.decode()


def test_demo_accounts_exempt_only_in_demo_mode(make_user):
    from cphub.web.accounts.models import StaffProfile

    user = make_user("performance_analyst", "analyst")
    StaffProfile.objects.create(user=user, demo_account=True)
    c = Client()
    c.force_login(user)
    assert c.get("/").status_code == 200  # the tests run in demo mode
    with override_settings(CPHUB_DEMO=False):
        assert c.get("/").status_code == 302


def test_idle_timeout_signs_out(client_for):
    from cphub.web.accounts.middleware import LAST_SEEN

    c = client_for("panel_member")
    assert c.get("/").status_code == 200
    s = c.session
    s[LAST_SEEN] = time.time() - 31 * 60
    s.save()
    r = c.get("/")
    assert r.status_code == 302 and r["Location"].startswith("/sign-in/")
    assert "_auth_user_id" not in c.session


def test_user_administration(client_for):
    from django.contrib.auth.models import User

    from cphub.web.accounts.models import AccessGrant, StaffProfile
    from cphub.web.audit.models import AuditEvent

    admin = client_for("administrator")
    assert "Add a user" in admin.get("/account/users/").content.decode()
    weak = admin.post("/account/users/new/", {"username": "new.worker", "role": "social_worker",
                                             "password1": "password", "password2": "password"})
    assert weak.status_code == 400 and "govuk-error-summary" in weak.content.decode()
    assert not User.objects.filter(username="new.worker").exists()
    good = "a sound passphrase for 2026"
    r = admin.post("/account/users/new/", {"username": "new.worker", "role": "social_worker", "social_worker_id": "SW9",
                                          "password1": good, "password2": good})
    assert r.status_code == 302
    u = User.objects.get(username="new.worker")
    assert list(u.groups.values_list("name", flat=True)) == ["social_worker"] and u.check_password(good)
    assert StaffProfile.objects.get(user=u).social_worker_id == "SW9"
    r = admin.post(f"/account/users/{u.pk}/", {"role": "panel_member", "social_worker_id": "", "grants": ["full_pack"]})
    assert r.status_code == 302
    u.refresh_from_db()
    assert not u.is_active  # the box was not ticked: disabled
    assert list(u.groups.values_list("name", flat=True)) == ["panel_member"]
    assert AccessGrant.objects.filter(user=u, grant="full_pack").exists()
    r = admin.post(f"/account/users/{u.pk}/password/", {"password1": "another sound passphrase",
                                                        "password2": "another sound passphrase"})
    assert r.status_code == 302
    u.refresh_from_db()
    assert u.check_password("another sound passphrase")
    whats = list(AuditEvent.objects.filter(action="users").values_list("what", flat=True))
    assert whats == ["Reset the password of new.worker", "Changed user new.worker", "Created user new.worker"]
    assert "passphrase" not in str(list(AuditEvent.objects.values_list("detail", flat=True)))


def test_disabled_user_cannot_sign_in(make_user):
    user = make_user("panel_member", "gone")
    user.is_active = False
    user.save()
    assert _sign_in(Client(), "gone", PASSWORD).status_code == 200
