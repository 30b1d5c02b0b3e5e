"""The demo council's panel business: a year of synthetic meetings, minutes, actions, voice and complaints, every
LGA question linked to measures and evidence, and the new measures computed on the demo's local tables."""

from __future__ import annotations

import pytest

from cphub.meetings import lga
from cphub.web.meetings import models as M
from cphub.web.meetings import services as svc

pytestmark = pytest.mark.django_db


def test_demo_has_a_year_of_panel_business(demo_store):
    meetings = list(M.Meeting.objects.all())
    assert len(meetings) == 6 and len({m.municipal_year_id for m in meetings}) == 1
    assert sum(m.workshop for m in meetings) == 1
    held = [m for m in meetings if hasattr(m, "minutes")]
    assert held, "at least one meeting has been held in the demo year"
    approved = [m for m in held if m.minutes.locked]
    assert len(approved) == len(held) - 1  # the last meeting's minutes await the next meeting
    numbers = [i.number for m in held for i in m.minutes.items.all()]
    assert numbers == list(range(1, len(numbers) + 1))  # continuous across the municipal year
    assert M.Action.objects.exists() and M.VoiceFeedback.objects.filter(synthetic=True, response="").exists()
    assert M.Complaint.objects.filter(synthetic=True).count() >= 10
    assert all("synthetic" in v.said for v in M.VoiceFeedback.objects.all())
    for q in lga.QUESTIONS:
        assert q.measures or M.AssuranceEvidence.objects.filter(question=q.id).exists()
        assert M.AssuranceEvidence.objects.filter(question=q.id).exists()


def test_demo_attendance_record_in_the_seed_layout(demo_store, client_for):
    year = M.MunicipalYear.objects.get()
    cols, rows = svc.attendance_record(year)
    assert len(cols) == 6 and sum(c.heading.endswith(" Workshop") for c in cols) == 1
    assert [r.member for r in rows] == sorted(r.member for r in rows)
    assert {c for r in rows for c in r.cells} <= {"P", "P*", "Ap", "Ab", ""}
    page = client_for("panel_member").get(f"/panel/attendance/{year.pk}/").content.decode()
    assert "Members' attendance record" in page and "P* = Present for part of meeting" in page
    assert "Workshop" in page


def test_demo_measures_have_data(demo_store):
    from cphub.measures.registry import compute
    from cphub.web.core.dates import default_at
    from cphub.web.store.frames import council_data

    data = council_data("871")
    at = default_at("871")
    assert compute("advocacy_referrals_12m", data, at).value > 0
    assert compute("councillor_training_12m", data, at).value > 0
    iv = compute("independent_visitor_pct", data, at)
    assert iv.denominator and iv.numerator is not None
