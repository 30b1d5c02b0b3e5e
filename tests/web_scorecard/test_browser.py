"""The scorecard in a real browser (Debian's Chromium via Playwright), with axe-core accessibility checks."""

import pytest

AT = "2024-02-29"
pytestmark = [pytest.mark.browser]

def own_violations(axe_violations, page) -> list:
    return axe_violations(page)


def test_scorecard_journey_and_accessibility(fake_registry, login, live_server, axe_violations):
    page = login("performance_analyst")
    page.goto(f"{live_server.url}/scorecard/?at={AT}")
    assert page.locator("h1").inner_text() == "Corporate Parenting Scorecard"
    assert page.locator("svg.cphub-sparkline").count() == 3
    assert own_violations(axe_violations, page) == []
    # click a figure: its measure page with definition, fraction and the children behind it
    page.locator('tr[data-measure="long_stay_pct"] td.cphub-now a').click()
    page.wait_for_url("**/scorecard/measure/long_stay_pct/**")
    assert page.locator("h1").inner_text() == "Looked after 12 months or more"
    assert page.get_by_text("Definition of Looked after 12 months or more").is_visible()
    assert page.locator("[data-children] li").all_inner_texts() == ["A", "E"]
    # drill to action: the children in the cohort not counted (good to be high), listed first
    assert page.locator("[data-action] tbody th").all_inner_texts() == ["B", "D"]
    assert own_violations(axe_violations, page) == []
    # write commentary, see it on the measure page
    page.get_by_role("link", name="Write or edit the commentary").click()
    page.get_by_role("button", name="Save commentary").click()
    assert page.locator(".govuk-error-summary").is_visible()  # empty: error summary
    assert own_violations(axe_violations, page) == []
    page.fill("#text", "Stability is the panel's focus this quarter.")
    page.get_by_role("button", name="Save commentary").click()
    page.wait_for_url("**/scorecard/measure/long_stay_pct/**")
    assert page.get_by_text("Stability is the panel's focus this quarter.").is_visible()


def test_panel_member_sees_no_child_level_data(fake_registry, login, live_server, axe_violations):
    page = login("panel_member")
    page.goto(f"{live_server.url}/scorecard/measure/looked_after/?at={AT}")
    assert page.locator("h1").inner_text() == "Children looked after"
    assert page.locator("[data-children]").count() == 0
    assert page.get_by_text("Children behind this figure").count() == 0
    assert page.get_by_role("link", name="Write or edit the commentary").count() == 0
    assert own_violations(axe_violations, page) == []


def test_html_pack_is_accessible(fake_registry, page, axe_violations):
    from datetime import date

    from cphub.panel import render_html
    from cphub.panel.changes import attach
    from cphub.panel.scorecard import assemble

    f = fake_registry
    card = assemble(f.data(), date(2024, 2, 29), registry=f.REGISTRY, benchmark=f.benchmark, council_name="Test",
                    commentary={"long_stay_pct": "Stable."})
    attach(card, assemble(f.data(), date(2023, 8, 31), registry=f.REGISTRY))
    page.set_content(render_html.render(card))
    assert page.locator("h1").inner_text() == "Corporate Parenting Panel Scorecard"
    assert page.locator("svg[role=img]").count() == 3
    assert axe_violations(page) == []


def test_panel_paper_cover_and_summary(fake_registry, login, live_server, axe_violations):
    page = login("performance_analyst")
    page.goto(f"{live_server.url}/scorecard/?at={AT}")
    page.get_by_role("link", name="Edit the panel paper: cover and summary").click()
    page.wait_for_url("**/scorecard/paper/**")
    assert own_violations(axe_violations, page) == []
    page.fill("#id_cover-version", "")
    page.get_by_role("button", name="Save the paper").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert own_violations(axe_violations, page) == []
    page.fill("#id_cover-version", "1.0")
    page.fill("#id_cover-author", "A Officer, Head of Service")
    page.fill("#id_summary-s0", "The number of children looked after is steady.")
    page.get_by_role("button", name="Save the paper").click()
    page.wait_for_url("**/scorecard/paper/**")
    html = page.request.get(f"{live_server.url}/scorecard/pack.html?at={AT}&version=full").text()
    assert "A Officer, Head of Service" in html and "The number of children looked after is steady." in html
    assert ">1.0<" in html
