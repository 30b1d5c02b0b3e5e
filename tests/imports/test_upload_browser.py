"""Browser journey: an analyst uploads a bad return (error report, nothing loaded), then good files (loaded)."""

import pytest

from .test_upload import BAD_EPISODES, EPISODES, HEADER


def own_violations(found: list) -> list:
    """axe violations on this page (the whole page, shared layout included)."""
    return found


@pytest.mark.browser
def test_upload_journey(login, live_server, tmp_path, settings, axe_violations):
    from cphub.web.store.models import SSDA903_MODELS, ImportBatch

    settings.VAR_DIR = tmp_path
    settings.CPHUB_LA = "993"  # not the demo council
    (tmp_path / "Header.csv").write_bytes(HEADER)
    (tmp_path / "bad" / "").mkdir()
    (tmp_path / "bad" / "Episodes.csv").write_bytes(BAD_EPISODES)
    (tmp_path / "Episodes.csv").write_bytes(EPISODES)

    page = login("performance_analyst")
    page.goto(f"{live_server.url}/data/imports/")
    page.click("text=Upload a return")
    assert page.locator("h1").inner_text() == "Upload a return"
    assert own_violations(axe_violations(page)) == []

    # nothing selected: error summary
    page.click("button:has-text('Check and upload')")
    assert page.locator(".govuk-error-summary").is_visible()

    # a return with errors: report, nothing loaded
    page.select_option("#year", "2025")
    page.set_input_files("#files", [str(tmp_path / "Header.csv"), str(tmp_path / "bad" / "Episodes.csv")])
    page.click("button:has-text('Check and upload')")
    assert "Not loaded: has errors" in page.locator("h1").inner_text()
    assert page.locator("caption:has-text('Each rule broken')").is_visible()
    assert page.locator("th:has-text('144')").first.is_visible()
    assert sum(m.objects.filter(la="993").count() for m in SSDA903_MODELS.values()) == 0
    assert own_violations(axe_violations(page)) == []
    with page.expect_download() as dl:
        page.click("text=Download the findings as a spreadsheet")
    assert dl.value.suggested_filename.endswith("-findings.xlsx")

    # good files: loaded
    page.goto(f"{live_server.url}/data/imports/upload/")
    page.select_option("#year", "2025")
    page.set_input_files("#files", [str(tmp_path / "Header.csv"), str(tmp_path / "Episodes.csv")])
    page.click("button:has-text('Check and upload')")
    assert "Loaded" in page.locator("h1").inner_text()
    assert SSDA903_MODELS["Episodes"].objects.filter(la="993", year=2025).count() == 3
    # no Ofsted provider list stored: the URN rules are listed as not checked, with what they need
    assert page.locator("#not-checked").is_visible()
    assert page.locator("caption:has-text('Each rule not checked')").is_visible()
    assert own_violations(axe_violations(page)) == []
    assert ImportBatch.objects.filter(la="993", status="done").count() == 1


@pytest.mark.browser
def test_ofsted_list_journey(login, live_server, tmp_path, axe_violations):
    """An analyst uploads Ofsted's provider list: a file that is not one is refused with the GOV.UK error summary
    and nothing stored; the real layout is stored and the page says how many premises."""
    from cphub.web.store.models import OfstedProviders

    from .test_ofsted_import import LIST

    (tmp_path / "providers.csv").write_bytes(LIST)
    (tmp_path / "wrong.csv").write_bytes(b"name,age\nx,1\n")
    page = login("performance_analyst")
    page.goto(f"{live_server.url}/data/imports/ofsted/")
    assert page.locator("h1").inner_text() == "Ofsted provider list"
    assert own_violations(axe_violations(page)) == []
    page.set_input_files("#file", str(tmp_path / "wrong.csv"))
    page.click("button:has-text('Upload the list')")
    assert page.locator(".govuk-error-summary").is_visible()
    assert own_violations(axe_violations(page)) == []
    assert OfstedProviders.objects.count() == 0
    page.set_input_files("#file", str(tmp_path / "providers.csv"))
    page.click("button:has-text('Upload the list')")
    page.wait_for_load_state()
    assert OfstedProviders.objects.count() == 2  # one row per provider premises
    assert "2 provider premises" in page.locator("main").inner_text()
    assert own_violations(axe_violations(page)) == []
