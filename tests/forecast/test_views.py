"""The forecast pages on the synthetic demo council (conftest's ``demo_store``): who may see and edit, the page
and its charts, scenarios saved and compared, the GOV.UK error summary, costs, the Excel export and the pack."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _fresh_forecasts():
    from cphub.web.forecast import services

    services.clear()
    yield
    services.clear()


def test_roles(client_for):
    assert client_for("social_worker").get("/forecast/").status_code == 403
    assert client_for("virtual_school").get("/forecast/").status_code == 403
    panel = client_for("panel_member")
    assert panel.get("/forecast/scenarios/new/").status_code == 403
    assert panel.get("/forecast/costs/").status_code == 403


def test_page_renders_for_the_demo_council(demo_store, client_for):
    r = client_for("panel_member").get("/forecast/")
    assert r.status_code == 200
    html = r.content.decode()
    assert html.count('class="cphub-fan"') == 8 and html.count('role="img"') >= 8
    assert "All children looked after: figures behind the chart" in html
    assert "By age" in html and "10 to 15" in html
    assert "Placement spend" in html and "Fostering capacity" in html and "in-house fostering households" in html
    assert "Create a scenario" not in html


def _post_scenario(client, name="More teenagers", value="1.5", **extra):
    data = {"name": name, "description": "", "adj-TOTAL_FORMS": "4", "adj-INITIAL_FORMS": "0",
            "adj-MIN_NUM_FORMS": "0", "adj-MAX_NUM_FORMS": "4",
            "adj-0-target": "entries", "adj-0-mode": "multiply", "adj-0-value": value, "adj-0-band": "",
            "adj-0-from_type": "", "adj-0-to_type": ""}
    for i in range(1, 4):
        data.update({f"adj-{i}-target": "", f"adj-{i}-mode": "multiply", f"adj-{i}-value": "", f"adj-{i}-band": "",
                     f"adj-{i}-from_type": "", f"adj-{i}-to_type": ""})
    data.update(extra)
    return client.post("/forecast/scenarios/new/", data)


def test_a_saved_scenario_changes_the_forecast_as_expected(demo_store, client_for):
    from cphub.web.forecast import services
    from cphub.web.forecast.models import SavedScenario

    analyst = client_for("performance_analyst")
    r = _post_scenario(analyst)
    saved = SavedScenario.objects.get(name="More teenagers")
    assert r.status_code == 302 and r["Location"].endswith(f"?scenario={saved.pk}")
    assert saved.adjustments == [{"target": "entries", "mode": "multiply", "value": 1.5, "bands": [],
                                  "from_type": None, "to_type": None}]
    base, more = services.report("871"), services.report("871", saved)
    assert more.year_rows("total")[3]["median"] > base.year_rows("total")[3]["median"]
    page = analyst.get(f"/forecast/?scenario={saved.pk}").content.decode()
    assert "More teenagers" in page and "Entries into care" in page
    cmp = analyst.get(f"/forecast/compare/?s={saved.pk}").content.decode()
    assert "Current trends" in cmp and "More teenagers" in cmp
    wb = load_workbook(BytesIO(analyst.get(f"/forecast/forecast.xlsx?s={saved.pk}").content))
    assert wb.sheetnames == ["About", "Scenario 1", "Scenario 2"] and wb["Scenario 2"]["B1"].value == "More teenagers"
    # Panel members read saved scenarios.
    assert client_for("panel_member").get(f"/forecast/?scenario={saved.pk}").status_code == 200
    assert analyst.get("/forecast/?scenario=99999").status_code == 404
    assert analyst.get("/forecast/?scenario=abc").status_code == 404


def test_invalid_scenario_shows_the_error_summary_and_saves_nothing(demo_store, client_for):
    from cphub.web.forecast.models import SavedScenario

    analyst = client_for("performance_analyst")
    r = _post_scenario(analyst, name="", value="lots")
    html = r.content.decode()
    assert r.status_code == 200 and "govuk-error-summary" in html
    assert "Enter a name for the scenario" in html and "Enter the value as a number" in html
    r = _post_scenario(analyst, name="Mix", **{"adj-0-target": "mix", "adj-0-value": "0.5"})
    assert "needs two different placement types" in r.content.decode()
    assert not SavedScenario.objects.exists()


def test_formula_text_is_neutralised_in_the_export(demo_store, client_for):
    from cphub.web.forecast.models import SavedScenario

    s = SavedScenario.objects.create(la="871", name="=HYPERLINK(\"http://x\")", adjustments=[])
    wb = load_workbook(BytesIO(client_for("panel_member").get(f"/forecast/forecast.xlsx?s={s.pk}").content))
    assert wb["Scenario 2"]["B1"].value.startswith("'=")


def test_costs_edit_and_errors(demo_store, client_for):
    from cphub.forecast.states import PLACEMENT_TYPES
    from cphub.web.forecast import services

    analyst = client_for("performance_analyst")
    data = {f"cost_{t}": "100" for t in PLACEMENT_TYPES} | {"inflation": "0", "recruit_per_year": "5"}
    bad = analyst.post("/forecast/costs/", data | {"cost_residential": "-5"})
    assert "govuk-error-summary" in bad.content.decode() and "cannot be negative" in bad.content.decode()
    assert analyst.post("/forecast/costs/", data).status_code == 302
    rep = services.report("871")
    assert rep.costs.weekly["residential"] == 100 and rep.recruit_per_year == 5
    total = sum(rep.forecast.counts[0, 1:13].sum(axis=(1, 2)))
    assert rep.spend[0]["median"] == pytest.approx(total * 100 * 365 / 7 / 12, rel=0.1)


def test_pack_has_the_forecast_section(demo_store):
    from datetime import date

    from cphub.panel import render_html
    from cphub.web.scorecard.services import build

    card = build("871", date(2025, 3, 31), with_changes=False, measure_ids=["cla_count"])
    html = render_html.render(card)
    assert "Sufficiency forecast" in html and 'class="cphub-fan"' in html
    public = build("871", date(2025, 3, 31), public=True, with_changes=False, measure_ids=["cla_count"])
    assert "Sufficiency forecast" not in render_html.render(public)
