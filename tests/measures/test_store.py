"""Every measure runs on the demo council as the web app loads it from the store (typed frames from Django)."""

from datetime import date

import pytest

from cphub.measures.registry import REGISTRY, compute

pytestmark = pytest.mark.django_db


def test_every_measure_on_the_demo_store(demo_store):
    from cphub.web.store.frames import council_data

    data = council_data("871")
    at = date(2025, 3, 31)
    results = {mid: compute(mid, data, at) for mid in REGISTRY}
    assert results["cla_count"].value > 0 and results["cla_rate_10k"].value > 0
    assert results["entries_ytd"].detail["display"].endswith(f"({results['entries_ytd'].value})")
    assert results["health_assessment_pct"].detail["method"].startswith("OC2")
    assert results["placed_over_20_miles_pct"].value is not None
    assert results["ceyp_count"].value > 0
    # an ordinary month end uses the local records
    assert compute("health_assessment_pct", data, date(2025, 1, 31)).detail["method"].startswith("local")
