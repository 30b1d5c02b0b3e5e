"""Least privilege: a panel member receives the public pack and suppressed figures only (the full pack only with
an administrator's grant); a social worker sees only the children on their caseload (SSDA903 SWEpisodes) unless
granted wider access."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

pytestmark = pytest.mark.django_db
AT = "2025-03-31"


def _grant(username: str, grant: str):
    from django.contrib.auth.models import User

    from cphub.web.accounts.models import AccessGrant

    AccessGrant.objects.create(user=User.objects.get(username=username), grant=grant)


@pytest.mark.parametrize("fmt", ["json", "xlsx", "html", "pdf"])
def test_panel_member_cannot_fetch_the_full_pack(client_for, demo_store, fmt):
    c = client_for("panel_member")
    assert c.get(f"/scorecard/pack.{fmt}?at={AT}&version=full").status_code == 403
    if fmt == "json":
        r = c.get(f"/scorecard/pack.json?at={AT}")
        assert r.status_code == 200 and "-public.json" in r["Content-Disposition"]
        assert any("suppressed" in m["detail"] for m in json.loads(r.content)["measures"])


def test_panel_member_pages_show_suppressed_figures(client_for, demo_store):
    c = client_for("panel_member")
    html = c.get(f"/scorecard/?at={AT}").content.decode()
    assert "version=full" not in html and "version=public" in html
    analyst = client_for("performance_analyst").get(f"/scorecard/?at={AT}").content.decode()
    assert "version=full" in analyst


def test_a_grant_gives_the_full_pack_and_is_audited(client_for, demo_store):
    from django.contrib.auth.models import User

    from cphub.web.audit.models import AuditEvent

    c = client_for("panel_member")
    admin = client_for("administrator")
    member = User.objects.get(username="user_panel_member")
    r = admin.post(f"/account/users/{member.pk}/", {"role": "panel_member", "is_active": "on", "grants": ["full_pack"]})
    assert r.status_code == 302
    assert AuditEvent.objects.filter(action="users", what="Changed user user_panel_member",
                                     detail__changes__grants=["full_pack"]).exists()
    r = c.get(f"/scorecard/pack.json?at={AT}&version=full")
    assert r.status_code == 200 and "-public" not in r["Content-Disposition"]
    assert not any("suppressed" in m["detail"] for m in json.loads(r.content)["measures"])


def _children_on_page(html: str) -> set[str]:
    block = re.search(r"<ul class=\"govuk-list cphub-children\" data-children>(.*?)</ul>", html, re.DOTALL)
    return set(re.findall(r"<li>([^<]+)</li>", block.group(1))) if block else set()


def test_social_worker_sees_only_their_caseload(client_for, demo_store):
    from django.contrib.auth.models import User

    from cphub.ssda903.caseload import caseload
    from cphub.web.accounts.models import StaffProfile
    from cphub.web.cli import _busiest_worker
    from cphub.web.store.frames import ssda903_table

    worker = _busiest_worker("871")
    mine = caseload(ssda903_table("871", "SWEpisodes"), worker, date.fromisoformat(AT))
    assert worker and mine

    everyone = _children_on_page(client_for("performance_analyst").get(
        f"/scorecard/measure/cla_count/?at={AT}").content.decode())
    sw = client_for("social_worker")
    # no worker id linked yet: no children at all
    assert _children_on_page(sw.get(f"/scorecard/measure/cla_count/?at={AT}").content.decode()) == set()
    StaffProfile.objects.create(user=User.objects.get(username="user_social_worker"), social_worker_id=worker)
    shown = _children_on_page(sw.get(f"/scorecard/measure/cla_count/?at={AT}").content.decode())
    assert shown and shown <= mine and shown == everyone & mine and shown < everyone

    _grant("user_social_worker", "all_children")
    assert _children_on_page(sw.get(f"/scorecard/measure/cla_count/?at={AT}").content.decode()) == everyone


def test_caseload_rule():
    import polars as pl

    from cphub.ssda903.caseload import caseload

    sw = pl.DataFrame({"CHILD": ["A", "B", "C", "D"], "SW_ID": ["W1", "W1", "W2", "W1"],
                       "SW_DECOM": [date(2024, 1, 1), date(2024, 6, 1), date(2024, 1, 1), date(2025, 1, 1)],
                       "SW_DEC": [None, date(2024, 12, 31), None, None]})
    assert caseload(sw, "W1", date(2024, 7, 1)) == {"A", "B"}
    assert caseload(sw, "W1", date(2025, 2, 1)) == {"A", "D"}
    assert caseload(sw, "", date(2025, 2, 1)) == set()


def test_home_headlines_withheld_for_panel_members(settings):
    from types import SimpleNamespace as R

    from cphub.web.core.views import withheld_headline

    settings.CPHUB_SUPPRESSION_THRESHOLD = 5
    assert withheld_headline(R(value=3, numerator=None), "count")
    assert not withheld_headline(R(value=0, numerator=None), "count")
    assert not withheld_headline(R(value=50, numerator=None), "count")
    assert withheld_headline(R(value=12.5, numerator=2), "rate")
    assert not withheld_headline(R(value=12.5, numerator=None), "rate")


def test_home_page_for_panel_member_and_analyst(client_for, demo_store):
    assert client_for("panel_member").get(f"/?at={AT}").status_code == 200
    assert client_for("performance_analyst").get(f"/?at={AT}").status_code == 200
