"""The demo council (tests/conftest.py ``demo_store``, with this area's demo hook) shows every measure for every
cohort that has children, with national comparisons."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_demo_council_has_education_data_and_every_cohort(demo_store, client_for):
    from cphub.virtual_school.cohorts import COHORTS
    from cphub.virtual_school.measures import compare
    from cphub.web.virtual_school.data import default_at, vs_data
    from cphub.web.virtual_school.models import EDUCATION_MODELS

    assert all(EDUCATION_MODELS[n].objects.filter(la="871").exists() for n in EDUCATION_MODELS)
    at = default_at("871")
    data = vs_data("871")
    rows = {r.base.id: r for r in compare(data, at)}
    cla = rows["attendance_rate"].cells["cla"]
    assert cla.result.value is not None and cla.comparator is not None
    from cphub.virtual_school.cohorts import cin_spells

    # children with a social worker need the CIN census in the store (cphub.web.store.cin_models), when present
    with_cin = ["cwsw_6y"] if cin_spells(data).height else []
    for base in ("attendance_rate", "persistent_absence", "suspension_rate", "good_schools"):
        for c in ["cla", "plac", *with_cin]:
            assert rows[base].cells[c].result.denominator, (base, c)
    # results: the synthetic previously looked-after reports include a child at each assessment age
    for base in ("eyfs_gld", "phonics", "ks2_rwm", "ks4_a8", "ks4_em4"):
        assert rows[base].cells["plac"].result.denominator, base
    assert rows["pep_in_date"].cells["cla"].result.value is not None
    resp = client_for("virtual_school").get("/virtual-school/")
    assert resp.status_code == 200
    for label in COHORTS.values():
        assert label in resp.content.decode()
    for r in rows.values():
        print(r.base.id, {c: (x.result.value, x.result.denominator) for c, x in r.cells.items()})
