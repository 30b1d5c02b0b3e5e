"""The SSD value map page and the nightly refresh: analysts edit the council's map (every version kept, bad YAML
refused with the GOV.UK error summary); the next refresh uses it; a refresh that cannot load is recorded."""

from __future__ import annotations

import polars as pl
import pytest

from cphub.ssd.synth import from_hub, write_folder

pytestmark = pytest.mark.django_db
URL = "/data/ssd/value-map/"


def test_the_page_shows_the_shipped_map_until_the_council_saves_its_own(client_for):
    page = client_for("performance_analyst").get(URL)
    assert page.status_code == 200
    assert "extends: common" in page.content.decode() and "shipped liquid_logic map" in page.content.decode()


@pytest.mark.parametrize("text,message", [("fields: [1", "not valid YAML on line"),
                                          ("fields:\n  x: {code_list: NOPE}", "not an SSDA903 or CIN census code list"),
                                          ("", "Enter the value map")])
def test_an_unusable_map_is_refused_with_an_error_summary_and_not_saved(client_for, text, message):
    from cphub.web.ssd.models import CouncilValueMap

    page = client_for("performance_analyst").post(URL, {"text": text})
    html = page.content.decode()
    assert page.status_code == 200 and "govuk-error-summary" in html and message in html
    assert CouncilValueMap.objects.count() == 0


def test_the_saved_map_is_used_by_the_next_refresh(client_for, hub_tables, tmp_path, settings):
    from cphub.web.ssd.models import CouncilValueMap
    from cphub.web.ssd.services import refresh_from_settings

    client = client_for("performance_analyst")
    text = "extends: liquid_logic\nfields:\n  health_check_type: {map: {'Optician': DENTAL}}\n"
    assert client.post(URL, {"text": text, "note": "opticians count as dental"}).status_code == 302
    assert CouncilValueMap.objects.get().note == "opticians count as dental"
    ssd = from_hub(hub_tables)
    ssd["ssd_cla_health"] = ssd["ssd_cla_health"].with_columns(pl.lit("Optician").alias("clah_health_check_type"))
    write_folder(ssd, tmp_path)
    settings.CPHUB_SSD_URL = str(tmp_path)
    assert "0 unmapped" in refresh_from_settings()
    from cphub.web.store.frames import local_table

    assert local_table("871", "dental_checks").height == ssd["ssd_cla_health"].height


def test_a_refresh_that_cannot_load_is_recorded_as_failed(settings, tmp_path):
    from cphub.web.ssd.services import refresh_from_settings
    from cphub.web.store.models import ImportBatch

    settings.CPHUB_SSD_URL = str(tmp_path / "missing")
    assert refresh_from_settings() == "failed"
    batch = ImportBatch.objects.get()
    assert batch.status == "failed" and batch.source == "ssd" and batch.findings


def test_the_nightly_schedule_is_created_once(settings):
    from django_q.models import Schedule

    from cphub.web.ssd.services import schedule_nightly

    schedule_nightly()
    schedule_nightly(3)
    s = Schedule.objects.get()
    from django.utils import timezone

    assert s.func == "cphub.web.ssd.services.refresh_from_settings" and timezone.localtime(s.next_run).hour == 3


def test_a_panel_member_cannot_see_or_change_the_map(client_for):
    client = client_for("panel_member")
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"text": "extends: common"}).status_code == 403
