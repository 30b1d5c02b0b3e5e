"""The forecast journey in a real browser (Debian's Chromium via Playwright), with axe-core checks: the page with
its fan charts, a scenario with a mistake (GOV.UK error summary), then saved and shown."""

from __future__ import annotations

from datetime import date

import pytest
from forecast_chains import chain

pytestmark = [pytest.mark.browser]


@pytest.fixture
def chain_council(monkeypatch):
    """The forecast pages on a hand-made council (a known chain), not the store."""
    from cphub.forecast.history import prepare
    from cphub.forecast.model import fit
    from cphub.forecast.report import Inputs
    from cphub.web.forecast import services

    eps, hdr = chain(months=60, entries_per_month=5, seed=2)
    inputs = Inputs(prepare(eps, hdr, as_at=date(2024, 3, 31)))
    model = fit(inputs.history)
    services.clear()
    monkeypatch.setattr(services, "inputs_and_model", lambda la: (inputs, model))
    yield
    services.clear()


def test_forecast_journey_and_accessibility(chain_council, login, live_server, axe_violations):
    page = login("performance_analyst")
    page.goto(f"{live_server.url}/forecast/")
    assert page.locator("h1").inner_text() == "Sufficiency forecast"
    assert page.locator("svg.cphub-fan").count() == 8
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/forecast/scenarios/new/")
    page.select_option("#id_adj-0-target", "entries")
    page.fill("#id_adj-0-value", "lots")
    page.get_by_role("button", name="Save scenario").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.get_by_role("link", name="Enter a name for the scenario").is_visible()
    assert axe_violations(page) == []
    page.fill("#id_name", "Ten per cent more entries")
    page.fill("#id_adj-0-value", "1.1")
    page.get_by_role("button", name="Save scenario").click()
    page.wait_for_url("**/forecast/?scenario=*")
    assert page.get_by_text("Ten per cent more entries").first.is_visible()
    page.goto(f"{live_server.url}/forecast/compare/")
    page.get_by_label("Ten per cent more entries").check()
    page.get_by_role("button", name="Compare").click()
    assert page.locator("svg.cphub-fan").count() == 2
    assert axe_violations(page) == []
