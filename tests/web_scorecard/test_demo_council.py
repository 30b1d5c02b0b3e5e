"""The real registry on the synthetic demo council (conftest's ``demo_store``): every format from the CLI, and the
public version holds no small count and no child identifier."""

import json
import re

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
AT = "2025-03-31"


def _walk_ints(v):
    if isinstance(v, bool):
        return
    if isinstance(v, int):
        yield v
    elif isinstance(v, dict):
        for x in v.values():
            yield from _walk_ints(x)
    elif isinstance(v, list):
        for x in v:
            yield from _walk_ints(x)


def test_cli_every_format_and_public_version(demo_store, tmp_path):
    from cphub.cli import main
    from cphub.measures.registry import REGISTRY

    for fmt in ("json", "xlsx", "html"):
        assert main(["scorecard", "--at", AT, "--la", "871", "--format", fmt, "--out", str(tmp_path / f"p.{fmt}")]) == 0
    full = json.loads((tmp_path / "p.json").read_text())
    assert full["la"] == "871" and [m["id"] for m in full["measures"]] == list(REGISTRY)
    cla = next(m for m in full["measures"] if m["id"] == "cla_count")
    assert cla["value"] > 0 and len(cla["trend"]) == 12 and cla["last_year_value"] is not None
    assert not [m["id"] for m in full["measures"] if m["detail"].get("error")]

    assert main(["scorecard", "--at", AT, "--la", "871", "--public", "--out", str(tmp_path / "pub.json")]) == 0
    text = (tmp_path / "pub.json").read_text()
    pub = json.loads(text)
    assert not re.search(r"871\d{6}", text)  # no CHILD identifier
    for m in pub["measures"]:
        if m["unit"] == "count":
            assert m["value"] is None or m["value"] == 0 or m["value"] >= 5, m["id"]
        for n in (m["numerator"], m["denominator"]):
            assert n is None or n == 0 or n >= 5, m["id"]
        for t in m["trend"]:
            if m["unit"] == "count":
                assert t["value"] is None or t["value"] == 0 or t["value"] >= 5, m["id"]
        detail = {k: v for k, v in m["detail"].items() if k not in ("benchmark_notes", "suppressed")}
        small = [n for n in _walk_ints(detail) if 0 < n < 5]
        assert not small, (m["id"], small)
    html = (tmp_path / "p.html").read_text()
    assert "Corporate Parenting Panel Scorecard" in html and not re.search(r"871\d{6}", html)
