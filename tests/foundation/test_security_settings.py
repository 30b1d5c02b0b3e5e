"""Secure by default outside the demo: no secret key, no start; with CPHUB_HTTPS=1, `check --deploy` is clean and
cookies are Secure/HttpOnly/SameSite with HSTS and an SSL redirect. Each case starts Django in a subprocess with
its own environment (the test run itself is in demo mode)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

KEY = "k" * 20 + "-a-long-random-production-key-0123456789-abcdefghijklmnop"


def _django(tmp_path, code: str, **env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("CPHUB_", "DJANGO_", "PYTEST", "DATABASE_URL"))}
    base.update({"DJANGO_SETTINGS_MODULE": "cphub.web.settings", "CPHUB_VAR": str(tmp_path)}, **env)
    return subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code], env=base,
                          capture_output=True, text=True, timeout=120, check=False)


def test_refuses_to_start_without_a_secret_key_outside_demo_mode(tmp_path):
    r = _django(tmp_path, "print('started')")
    assert r.returncode != 0 and "started" not in r.stdout
    assert "CPHUB_SECRET_KEY is not set" in r.stderr


def test_demo_mode_generates_a_private_per_installation_key(tmp_path):
    r = _django(tmp_path, "from django.conf import settings; print(settings.SECRET_KEY)", CPHUB_DEMO="1")
    assert r.returncode == 0, r.stderr
    key = r.stdout.strip()
    assert len(key) >= 50 and "insecure" not in key
    assert (tmp_path / "demo-secret-key").stat().st_mode & 0o777 == 0o600
    again = _django(tmp_path, "from django.conf import settings; print(settings.SECRET_KEY)", CPHUB_DEMO="1")
    assert again.stdout.strip() == key  # stable across restarts (sessions survive)


def test_check_deploy_is_clean_over_https(tmp_path):
    r = _django(tmp_path, "from django.core.management import call_command; "
                          "call_command('check', deploy=True, fail_level='WARNING')",
                CPHUB_SECRET_KEY=KEY, CPHUB_HTTPS="1", CPHUB_ALLOWED_HOSTS="hub.example.gov.uk")
    assert r.returncode == 0, r.stderr + r.stdout
    assert "no issues" in (r.stdout + r.stderr)


def test_https_settings(tmp_path):
    r = _django(tmp_path, "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
                          "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, s.SESSION_COOKIE_HTTPONLY, "
                          "s.SESSION_COOKIE_SAMESITE, s.SECURE_PROXY_SSL_HEADER[0], s.SESSION_COOKIE_AGE)",
                CPHUB_SECRET_KEY=KEY, CPHUB_HTTPS="1")
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["True", "True", "True", "True", "True", "Lax", "HTTP_X_FORWARDED_PROTO", "1800"]


def test_demo_users_only_in_demo_mode(tmp_path):
    r = _django(tmp_path, "from django.core.management import call_command; call_command('migrate', verbosity=0); "
                          "from cphub.web.cli import create_demo_users; create_demo_users()",
                CPHUB_SECRET_KEY=KEY)
    assert r.returncode != 0 and "only in demo mode" in r.stderr


@pytest.mark.django_db
def test_passwords_are_hashed_with_scrypt_and_old_hashes_upgrade(make_user):
    from django.contrib.auth.hashers import make_password

    user = make_user("analyst")
    assert user.password.startswith("scrypt$")
    user.password = make_password("an-older-password-1", hasher="pbkdf2_sha256")
    user.save()
    assert user.check_password("an-older-password-1")
    user.refresh_from_db()
    assert user.password.startswith("scrypt$")


@pytest.mark.django_db
def test_password_rules():
    from django.contrib.auth.models import User
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = User(username="jane.smith")
    for weak in ("short-pw-1", "123456789012345", "password1234", "jane.smith.2026"):
        with pytest.raises(ValidationError):
            validate_password(weak, user)
    validate_password("correct horse battery staple", user)
