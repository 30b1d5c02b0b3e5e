"""Out-of-range and malformed dates give 400 with a GOV.UK error page, a missing static file 404, never a 500."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from cphub.web.core.dates import EARLIEST, LATEST, parse_date

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url,role", [
    ("/?at=0001-01-01", "panel_member"),
    ("/?at=2024-02-30", "panel_member"),
    ("/virtual-school/?at=9999-12-31", "virtual_school"),
    ("/virtual-school/worklist/?at=0001-01-01", "virtual_school"),
    ("/scorecard/pack.json?at=0001-01-01", "panel_member"),
    ("/scorecard/?at=9999-12-31", "panel_member"),
    ("/scorecard/measure/cla_count/?at=0001-01-01", "performance_analyst"),
    ("/kinship/register/?at=0001-01-01", "virtual_school"),
])
def test_bad_dates_give_400_with_a_govuk_page(client_for, demo_store, url, role):
    r = client_for(role).get(url)
    assert r.status_code == 400, url
    html = r.content.decode()
    assert "govuk-template" in html and ("year-month-day" in html or "Enter a date between" in html)


def test_missing_static_file_is_404(client):
    r = client.get("/assets/no-such-file.css")
    assert r.status_code == 404
    assert client.get("/assets/govuk/no-such.js").status_code == 404


def test_unknown_page_is_a_govuk_404(client_for):
    r = client_for("panel_member").get("/no-such-page/")
    assert r.status_code == 404 and "Page not found" in r.content.decode()


@hsettings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_parse_date_never_raises(text):
    day, error = parse_date(text)
    assert (day is None) or (EARLIEST <= day <= LATEST and error is None)


@given(st.dates())
def test_parse_date_range(day):
    parsed, error = parse_date(day.isoformat())
    assert (parsed == day) is (EARLIEST <= day <= LATEST)
    assert (error is None) is (EARLIEST <= day <= LATEST)
