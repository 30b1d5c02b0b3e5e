"""Bad input through the import path: random bytes, truncated files, broken XML -> a failed or rejected batch
with findings, never an exception, and no data rows written."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cphub.web.store.cin_models import CIN_MODELS
from cphub.web.store.jobs import import_census, import_return
from cphub.web.store.models import SSDA903_MODELS

from .test_upload import EPISODES, HEADER

pytestmark = pytest.mark.django_db

HYP = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


LA = "992"  # not the demo council, which other tests may have loaded into the same test database


def data_rows():
    return sum(m.objects.filter(la=LA).count() for m in [*SSDA903_MODELS.values(), *CIN_MODELS.values()])


@HYP
@given(st.binary(max_size=3000), st.integers(min_value=0, max_value=len(EPISODES)))
def test_random_and_truncated_csv(garbage, cut):
    b = import_return([("Header.csv", garbage), ("Episodes.csv", EPISODES[:cut])], LA, 2025)
    assert b.status in ("failed", "rejected") and b.findings
    assert data_rows() == 0


@HYP
@given(st.binary(max_size=3000))
def test_random_xml(garbage):
    b = import_census(b"<?xml version='1.0'?>" + garbage, "cin.xml", LA)
    assert b.status in ("failed", "rejected", "done")
    if b.status != "done":
        assert data_rows() == 0


def test_wrong_columns_and_formula_text():
    b = import_return([("Header.csv", b"CHILD,NAME\n=HYPERLINK(\"x\"),Bob\n"), ("Episodes.csv", EPISODES)], LA, 2025)
    assert b.status == "failed" and b.findings[0]["code"] in ("COLUMNS", "FILE") and data_rows() == 0
    formula = b"=HYPERLINK(\"x\"),"  # the child's identifier, the same in both tables (INT03)
    b = import_return([("Header.csv", HEADER.replace(b"A1,M", formula + b"M")),
                       ("Episodes.csv", EPISODES.replace(b"\nA1,", b"\n" + formula))], LA, 2025)
    # formula-like text is just text: stored verbatim (exports escape it)
    assert b.status == "done"
    assert SSDA903_MODELS["Header"].objects.filter(la=LA, child='=HYPERLINK("x")').count() == 1
