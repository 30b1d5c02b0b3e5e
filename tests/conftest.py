"""Shared fixtures: a user and a logged-in client per role, a synthetic demo council loaded once per session,
and a headless Chromium (Debian's, driven by Playwright) for browser tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("CPHUB_PRECOMPUTE", "0")  # results are computed on request; tests/results runs precompute


def pytest_configure(config):
    from django.conf import settings

    settings.CPHUB_PRECOMPUTE = os.environ["CPHUB_PRECOMPUTE"] == "1"

ROLES = ["administrator", "performance_analyst", "virtual_school", "social_worker", "panel_member"]
PASSWORD = "test-password-1"
TEST_LA = "871"


def pytest_collection_modifyitems(config, items):
    """Run tests that use the session's demo council last, so every other test starts on an empty store
    (the demo data is committed once per session and would otherwise be visible to them)."""
    items.sort(key=lambda item: "demo_store" in getattr(item, "fixturenames", ()))


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (rate limits, warm council data, results remembered by this process) so
    tests cannot leak into each other."""
    from django.core.cache import cache

    from cphub.web.results.services import clear_memory

    cache.clear()
    clear_memory()
    yield
    cache.clear()
    clear_memory()


@pytest.fixture
def make_user(db):
    from django.contrib.auth.models import Group, User

    def make(role: str | None, username: str | None = None):
        user = User.objects.create_user(username or f"user_{role}", password=PASSWORD)
        if role:
            group, _ = Group.objects.get_or_create(name=role)
            user.groups.add(group)
        return user

    return make


def verify_two_factor(client, user):
    """Mark a test client's session as having passed two-factor sign-in (a confirmed TOTP device), as the
    two-factor page does; roles with child-level data are refused everything else until then."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


@pytest.fixture
def client_for(make_user):
    from django.test import Client

    def make(role: str | None):
        c = Client()
        user = make_user(role)
        c.force_login(user)
        verify_two_factor(c, user)
        return c

    return make


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory) -> Path:
    """A small synthetic council (3 collection years), generated once per session."""
    from cphub.synth.generator import generate

    out = tmp_path_factory.mktemp("synth")
    generate(out, councils=[TEST_LA], from_year=2023, to_year=2025, seed=7)
    return out


def _load_demo(folder: Path) -> None:
    from cphub.web.cli import import_tree, load_register
    from cphub.web.demo_hooks import after_demo_import
    from cphub.web.store.models import Council

    load_register()
    with open(os.devnull, "w") as devnull:
        import_tree(folder, out=devnull)
    Council.objects.filter(code=TEST_LA).update(synthetic=True)
    after_demo_import(TEST_LA, folder / TEST_LA)


@pytest.fixture(scope="session")
def _demo_session(django_db_setup, django_db_blocker, demo_folder):
    with django_db_blocker.unblock():
        _load_demo(demo_folder)
    return demo_folder


@pytest.fixture
def demo_store(_demo_session, django_db_blocker):
    """The demo council in the test database, loaded once per session (and again after a transactional test
    flushed the database). Tests must not change it."""
    from cphub.web.store.models import ImportBatch

    with django_db_blocker.unblock():
        if not ImportBatch.objects.filter(la=TEST_LA, kind="ssda903", status="done").exists():
            _load_demo(_demo_session)
    return _demo_session


def chromium_path() -> str | None:
    return shutil.which("chromium") or (os.path.exists("/usr/bin/chromium") and "/usr/bin/chromium") or None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        pytest.fail("Chromium is not installed: run `make test`, which installs Debian's chromium.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture
def login(transactional_db, page, live_server, make_user):
    """Log a new user of ``role`` in through the sign-in page; returns the page."""

    def do(role: str):
        user = make_user(role)
        page.goto(f"{live_server.url}/sign-in/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")
        if "/account/two-factor/" in page.url:  # roles with child-level data: enrol the authenticator app
            from django_otp.oath import totp
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device = TOTPDevice.objects.get(user=user)
            page.fill("#id_token", f"{totp(device.bin_key):06d}")
            with page.expect_navigation():
                page.click("main button[type=submit]")  # the header's "Sign out" is a button too
        return page

    return do


def _axe_violations(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [{"id": v["id"], "help": v["help"], "nodes": [n.get("target") for n in v.get("nodes", [])][:5]}
            for v in results.response.get("violations", [])]


@pytest.fixture
def axe_violations():
    """A function: ``axe_violations(page)`` -> the axe-core violations on the page (axe-playwright-python ships axe)."""
    return _axe_violations
