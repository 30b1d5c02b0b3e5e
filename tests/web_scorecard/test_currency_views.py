"""As-at rules on every page, export and command (issue 11, item 1): default to the date the data is complete
to, refuse a later date with a clear message, never a 500, and "data to" beside the figures."""

from datetime import date

import pytest

from cphub.measures.base import MeasureResult

pytestmark = pytest.mark.django_db
DATA_TO = date(2024, 2, 29)


@pytest.fixture
def current(fake_registry):
    from cphub.web.store.models import SourceCurrency

    SourceCurrency.objects.create(la="871", source="ssda903:Episodes", year=2024, complete_to=DATA_TO)
    SourceCurrency.objects.create(la="871", source="ssda903:Episodes", year=2023, complete_to=date(2023, 3, 31))
    return fake_registry


def test_scorecard_defaults_to_the_data_date_and_refuses_later(current, client_for):
    c = client_for("performance_analyst")
    r = c.get("/scorecard/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "29 February 2024" in body and "Data to 29 February 2024" in body
    r = c.get("/scorecard/?at=2024-03-01")
    body = r.content.decode()
    assert r.status_code == 400 and "govuk-error-summary" in body and "There is no data after 29 February 2024" in body
    assert c.get("/scorecard/measure/looked_after/?at=2030-01-01").status_code == 400
    assert c.get("/scorecard/measure/looked_after/?at=2024-01-31").status_code == 200


@pytest.mark.parametrize("at", ["2030-01-01", "2024-03-01", "0001-01-01", "2024-02-30", "x"])
def test_exports_refuse_bad_or_late_dates(current, client_for, at):
    r = client_for("performance_analyst").get(f"/scorecard/pack.json?at={at}")
    assert r.status_code in (200, 400) and r.status_code != 500
    if at in ("2030-01-01", "2024-03-01", "2024-02-30", "x", "0001-01-01"):
        assert r.status_code == 400
    if at in ("2030-01-01", "2024-03-01"):
        assert "no data after 29 February 2024" in r.content.decode()


def test_home_refuses_later_dates(current, client_for):
    c = client_for("performance_analyst")
    r = c.get("/?at=2027-01-01")
    assert r.status_code == 400 and "There is no data after 29 February 2024" in r.content.decode()
    r = c.get("/")
    assert r.status_code == 200 and "Data to 29 February 2024" in r.content.decode()


def test_cli_defaults_and_refuses(current, tmp_path, capsys):
    import json

    from cphub.cli import main

    assert main(["scorecard", "--at", "2025-01-01", "--la", "871", "--out", str(tmp_path / "x.json")]) == 2
    assert "no data after 29 February 2024" in capsys.readouterr().err
    assert main(["scorecard", "--la", "871", "--out", str(tmp_path / "p.json")]) == 0
    assert json.loads((tmp_path / "p.json").read_text())["at"] == "2024-02-29"


def test_a_source_ending_earlier_shows_no_data_after(fakes):
    from cphub.measures.base import Measure
    from cphub.panel.render_html import value_cell
    from cphub.panel.scorecard import assemble

    visits = Measure("visits", "Visits", "", "", "Local statutory_visits; SSDA903 Episodes", "high", "%", "as_at",
                     lambda d, dates: [MeasureResult(0.0, 0, 10) for _ in dates])
    card = assemble(fakes.data(), DATA_TO, registry={"visits": visits}, benchmark=None,
                    currency={"ssda903:Episodes": DATA_TO, "local:statutory_visits": date(2023, 12, 31)})
    row = card.rows[0]
    assert row.value is None and row.rag is None and row.no_data_after == date(2023, 12, 31)
    assert value_cell(row) == "No data after 31 December 2023"
    assert [p.value is None for p in row.trend][-2:] == [True, True] and row.trend[0].value == 0.0
    assert card.data_to == DATA_TO
