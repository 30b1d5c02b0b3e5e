"""Browser journeys (Playwright + Chromium) on the demo council: the Virtual School dashboard and a child's education
record, both free of axe violations; a Corporate Parenting Panel member cannot open the record."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _violations(axe_violations, page) -> list:
    """axe-core violations on the whole page, shared layout included."""
    return axe_violations(page)


def _a_child() -> str:
    from cphub.web.virtual_school.models import EDUCATION_MODELS

    with_pep = EDUCATION_MODELS["peps"].objects.filter(la="871").values_list("child", flat=True)
    return (EDUCATION_MODELS["attendance"].objects.filter(la="871", child__in=with_pep).order_by("child")
            .values_list("child", flat=True).first())


def test_dashboard_and_child_record(demo_store, login, live_server, axe_violations):
    page = login("virtual_school")
    page.goto(f"{live_server.url}/virtual-school/")
    assert page.locator("h1").inner_text().startswith("Cohort dashboard")
    assert page.locator('tr[data-measure="attendance_rate"]').count() == 1
    assert page.locator('tr[data-measure="ks4_a8"] td').count() == 7  # all pupils + six cohorts
    assert "England:" in page.locator('tr[data-measure="attendance_rate"]').inner_text()
    assert _violations(axe_violations, page) == []

    page.goto(f"{live_server.url}/virtual-school/worklist/")
    assert _violations(axe_violations, page) == []
    child = _a_child()
    page.goto(f"{live_server.url}/virtual-school/child/{child}/")
    assert child in page.locator("h1").inner_text() and "Example-" in page.locator("h1").inner_text()
    assert page.locator("svg.vs-chart").count() == 1
    assert page.get_by_role("table", name="Attendance by half-term").count() == 1
    assert _violations(axe_violations, page) == []

    from cphub.web.virtual_school.models import AccessLog

    assert AccessLog.objects.filter(child=child, username="user_virtual_school").exists()

    for url in ("/virtual-school/report/", "/virtual-school/import/", "/virtual-school/measure/persistent_absence/cla/",
                "/virtual-school/measure/pep_in_date/cla/", "/virtual-school/measure/ks4_p8/cla/",
                "/virtual-school/pupil-premium-plus/", "/virtual-school/exports/"):
        page.goto(f"{live_server.url}{url}")
        assert _violations(axe_violations, page) == [], url


def test_panel_member_cannot_open_a_record(demo_store, login, live_server):
    child = _a_child()
    page = login("panel_member")
    response = page.goto(f"{live_server.url}/virtual-school/child/{child}/")
    assert response.status == 403
    assert "You do not have access" in page.content()
    assert "Virtual School" not in [a.inner_text() for a in page.locator(".govuk-service-navigation__link").all()]
