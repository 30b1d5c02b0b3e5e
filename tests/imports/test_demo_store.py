"""The demo council as the test session loads it: its SSDA903 returns load, and its CIN census is imported
(children looked after included, so "children with a social worker" can be derived)."""

import polars as pl
import pytest

pytestmark = pytest.mark.django_db


def test_demo_council_has_cin_census_covering_children_looked_after(demo_store):
    from cphub.web.store.cin_models import cin_tables
    from cphub.web.store.frames import ssda903_table
    from cphub.web.store.models import ImportBatch

    # six years of CIN census (the "had a social worker in the last six years" cohort), not only the SSDA903 years
    assert ImportBatch.objects.filter(la="871", kind="cin", status="done").count() == 6
    cin = cin_tables("871", 2025)
    from datetime import date

    eps = ssda903_table("871", "Episodes")
    in_year = eps.filter((pl.col("DECOM") <= date(2025, 3, 31))
                         & (pl.col("DEC").is_null() | (pl.col("DEC") >= date(2024, 4, 1))))
    looked_after = set(in_year["CHILD"].to_list())
    in_cin = set(cin["CINChild"]["LAchildID"].to_list())
    assert looked_after and looked_after <= in_cin
    assert len(in_cin - looked_after) > len(looked_after)  # most children in need are not looked after
    assert cin["CINProtectionPlans"].height > 0
