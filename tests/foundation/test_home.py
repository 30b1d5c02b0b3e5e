"""The home page shows real headline figures computed from the store, each with its as-at date."""

from __future__ import annotations

import re

import pytest

from cphub.web.store.frames import council_data

pytestmark = pytest.mark.django_db


def test_home_figures_match_the_registry(client_for, demo_store):
    from datetime import date

    from cphub.measures.registry import compute

    resp = client_for("panel_member").get("/?at=2025-03-31")
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "31 March 2025" in html
    data = council_data("871")
    cla = compute("cla_count", data, date(2025, 3, 31)).value
    assert 150 <= cla <= 320
    shown = re.search(r'data-measure="cla_count">([^<]+)<', html).group(1)
    assert int(shown) == int(cla)


@pytest.mark.browser
def test_browser_login_sees_headlines(login, live_server, demo_store, axe_violations):
    page = login("panel_member")
    page.goto(f"{live_server.url}/?at=2025-03-31")
    assert page.locator("h1").inner_text().endswith("children we look after")
    figure = page.locator('[data-measure="cla_count"]').inner_text()
    assert figure.strip().isdigit() and int(figure) > 0
    assert page.get_by_text("synthetic", exact=False).first.is_visible()
    assert axe_violations(page) == []
