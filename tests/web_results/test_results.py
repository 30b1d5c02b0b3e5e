"""Compute once per data version (issue 9, item 1): pages read stored results, every import and edit moves the
council's data version so nothing stale is shown, and a worker keeps a bounded amount in memory."""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path

import pytest

from cphub.web.results import services as results
from cphub.web.results.models import DataVersion, StoredResult

pytestmark = pytest.mark.django_db
AT = "2024-02-29"


@pytest.fixture
def fake_registry(monkeypatch):
    """The scorecard app on the hand-made registry and council of tests/panel/fakes.py."""
    spec = importlib.util.spec_from_file_location("panel_fakes_results", Path(__file__).parent.parent / "panel" / "fakes.py")
    fakes = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fakes)
    from cphub.web.scorecard import services

    monkeypatch.setattr(services, "registry", lambda: (fakes.REGISTRY, None, fakes.benchmark))
    monkeypatch.setattr(services, "load_data", lambda la: fakes.data())
    return fakes


def _target(client) -> float | None:
    data = json.loads(client.get(f"/scorecard/pack.json?at={AT}").content)
    return {m["id"]: m for m in data["measures"]}["long_stay_pct"]["target"]


def test_a_stored_page_shows_a_new_target_at_once(fake_registry, client_for, monkeypatch):
    from cphub.web.scorecard import services

    c = client_for("performance_analyst")
    assert _target(c) == 50 and c.get(f"/scorecard/?at={AT}").status_code == 200
    assert StoredResult.objects.filter(la="871", kind="scorecard", at=date(2024, 2, 29)).count() == 1
    before = results.version("871")
    r = c.post(f"/scorecard/measure/long_stay_pct/target/?at={AT}", {"choice": "council", "value": "61"})
    assert r.status_code == 302 and results.version("871") == before + 1
    assert _target(c) == 61.0
    page = c.get(f"/scorecard/measure/long_stay_pct/?at={AT}").content.decode()
    assert "61.0% (set by the council)" in page or "61% (set by the council)" in page
    # and the commentary: a new text shows at once on the page that was stored before it
    c.post(f"/scorecard/measure/long_stay_pct/commentary/?at={AT}", {"text": "Fresh words."})
    assert "Fresh words." in c.get(f"/scorecard/pack.html?at={AT}").content.decode()
    assert results.version("871") == before + 2

    # an unchanged version is served from the store, not computed again (even by another worker)
    calls = []
    real = services.build
    monkeypatch.setattr(services, "build", lambda *a, **k: calls.append(1) or real(*a, **k))
    results.clear_memory()
    assert c.get(f"/scorecard/?at={AT}").status_code == 200 and calls == []
    c.get("/scorecard/?at=2024-01-31")  # an unusual date: computed on request, then stored
    c.get("/scorecard/?at=2024-01-31")
    assert len(calls) == 1 and results.is_stored("871", "scorecard", date(2024, 1, 31), "full")


def test_a_tampered_stored_result_is_computed_again(fake_registry):
    from cphub.web.scorecard import services

    card = services.scorecard("871", date(2024, 2, 29))
    StoredResult.objects.update(payload=results.dumps("not a scorecard"))
    results.clear_memory()
    again = services.scorecard("871", date(2024, 2, 29))
    assert again.at == card.at and [r.id for r in again.rows] == [r.id for r in card.rows]


def test_measures_are_stored_by_identifier():
    from cphub.measures.base import MeasureResult
    from cphub.measures.registry import REGISTRY

    m = next(iter(REGISTRY.values()))
    back = results.loads(results.dumps({"m": m, "r": MeasureResult(value=1.0, children=["C1"])}))
    assert back["m"] is m and back["r"].children == ["C1"]
    assert len(results.dumps(m)) < 100  # the identifier, not the functions


def test_bump_moves_the_version_and_imports_the_tables_version():
    from cphub.web.store.jobs import import_return
    from tests.imports.test_upload import EPISODES, HEADER

    assert results.current("994") == (0, 0)
    results.bump("994", "target")
    assert results.current("994") == (1, 0)
    assert import_return([("Header.csv", HEADER), ("Episodes.csv", EPISODES)], "994", 2025).status == "done"
    v, tables = results.current("994")
    assert v == 2 and tables == 1 and DataVersion.objects.get(la="994").reason == "import ssda903"


def test_a_worker_keeps_a_bounded_number_of_councils_in_memory(settings):
    settings.CPHUB_FRAME_CACHE = 1
    loads = []

    def loader(la):
        return lambda: loads.append(la) or {"la": la}

    assert results.frames("995", "council", loader("995")) == {"la": "995"}
    assert results.frames("995", "council", loader("995")) == {"la": "995"} and loads == ["995"]
    results.frames("996", "council", loader("996"))
    assert list(results._frames) == [("996", 0, "council")]
    results.bump("996", "import", tables=True)  # new tables: loaded again, the old copy dropped
    results.frames("996", "council", loader("996"))
    assert loads == ["995", "996", "996"] and list(results._frames) == [("996", 1, "council")]


def test_precompute_stores_the_default_pages(demo_store, client_for, monkeypatch):
    """After an import the scorecard (full and public), home figures and Virtual School dashboard for the default
    dates are stored; the pages then read them without computing."""
    from cphub.web.core.dates import default_at
    from cphub.web.scorecard import services
    from cphub.web.virtual_school.views import default_at as vs_default_at

    timings = results.precompute("871")
    assert set(timings) == set(results.PRECOMPUTE)
    at = default_at("871")
    for kind, params in (("scorecard", "full"), ("scorecard", "public"), ("home", "")):
        assert results.is_stored("871", kind, at, params), kind
    assert results.is_stored("871", "virtual_school_dashboard", vs_default_at("871"))
    assert results.is_stored("871", "virtual_school_record_frames", vs_default_at("871"))

    def boom(*a, **k):
        raise AssertionError("computed instead of read from the store")

    monkeypatch.setattr(services, "build", boom)
    monkeypatch.setattr("cphub.virtual_school.measures.compare", boom)
    results.clear_memory()
    assert client_for("performance_analyst").get("/scorecard/").status_code == 200
    assert client_for("virtual_school").get("/virtual-school/").status_code == 200
    assert client_for("panel_member").get("/").status_code == 200
