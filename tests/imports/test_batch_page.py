"""The import page of one upload: rules that could not run ("not checked") are listed apart from the findings, with
what each needs, never counted as errors or warnings."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_rules_not_checked_are_listed_apart_with_what_they_need(client_for, settings):
    from cphub.web.store.models import ImportBatch

    found = [
        {"code": "103", "message": "Ethnic origin is not a valid code.", "table": "Header", "row": 2,
         "child": "C1", "fields": ["ETHNIC"], "severity": "error", "file": "Header.csv"},
        {"code": "1008", "message": "Not checked: this rule needs Ofsted's provider list (cphub ofsted import FILE).",
         "table": "Episodes", "row": None, "child": None, "fields": ["URN"], "severity": "skipped", "file": None},
    ]
    b = ImportBatch.objects.create(la=settings.CPHUB_LA, kind="ssda903", year=2025, status="rejected", errors=1,
                                   findings=found)
    html = client_for("performance_analyst").get(f"/data/imports/{b.pk}/").content.decode()
    rules, _, not_checked = html.partition('id="not-checked"')
    assert "Rules not checked" in html and "1008" in not_checked and "Ofsted&#x27;s provider list" in not_checked
    cell = 'class="govuk-table__header">{}</th>'
    assert cell.format("103") in rules and cell.format("1008") not in rules  # not among the findings by rule
    assert 'class="govuk-table__header">1008</th>' in not_checked
