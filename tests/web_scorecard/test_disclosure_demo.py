"""The demo council's public pack against a linear-programming attacker (issue 11, item 2).

The attacker reads the public JSON pack, works out every identity a reader could use from its structure (a
table's column adding up to the by-sex count beside it, a breakdown adding up to its measure's headline or to
another measure's headline, numerator + the children not counted = denominator), keeps those that hold in the
full pack, and bounds each withheld cell with ``scipy.optimize.linprog``."""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
AT = "2025-03-31"
T = 5

_spec = importlib.util.spec_from_file_location("panel_attacker", Path(__file__).parents[1] / "panel" / "attacker.py")
attacker = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(attacker)


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _cells(m: dict) -> dict:
    """Every count a measure publishes, keyed by where it is."""
    out = {}
    if m["unit"] == "count":
        out[(m["id"], "value")] = m["value"]
    else:
        out[(m["id"], "numerator")] = m["numerator"]
        out[(m["id"], "denominator")] = m["denominator"]
    for name, v in m["detail"].items():
        if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            for i, row in enumerate(v):
                for c, x in row.items():
                    if c != "group" and (_is_int(x) or x is None) and not c.endswith("pct"):
                        out[(m["id"], name, i, c)] = x
        elif isinstance(v, dict) and name not in ("suppressed", "benchmark_notes"):
            for k, inner in v.items():
                x = inner.get("count") if isinstance(inner, dict) else inner
                if _is_int(x) or (x is None and isinstance(inner, dict) and "count" in inner):
                    out[(m["id"], name, k)] = x
    return out


def _groups(m: dict) -> list[list[tuple]]:
    """Sets of sibling cells that may add up to something (a column of a table; a map of counts)."""
    out = []
    for name, v in m["detail"].items():
        if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            cols = [c for c in v[0] if c != "group" and not c.endswith("pct")]
            for c in cols:
                out.append([(m["id"], name, i, c) for i in range(len(v))])
            if len(cols) > 1:
                out.append([(m["id"], name, i, c) for i in range(len(v)) for c in cols])
        elif isinstance(v, dict) and name not in ("suppressed", "benchmark_notes") and v:
            out.append([(m["id"], name, k) for k in v])
    return out


def attack(full: dict, pub: dict) -> tuple[int, list]:
    """(withheld cells checked, the cells the attacker narrows below T): full and public packs by measure id."""
    truth, published = {}, {}
    for mid, m in full.items():
        truth.update(_cells(m))
        published.update(_cells(pub[mid]))
    truth = {k: v for k, v in truth.items() if k in published}
    identities = []
    headlines = [k for k in truth if len(k) == 2 and _is_int(truth[k])]
    for mid, m in full.items():
        if m["unit"] == "%" and _is_int(m["numerator"]) and _is_int(m["denominator"]):
            nc = (mid, "not_counted")
            truth[nc], published[nc] = m["denominator"] - m["numerator"], None
            if pub[mid]["numerator"] is not None and pub[mid]["denominator"] is not None:
                published[nc] = truth[nc]
            identities.append(((mid, "denominator"), [(mid, "numerator"), nc]))
            if pub[mid]["numerator"] is None:  # a published percentage would give the numerator back
                assert pub[mid]["value"] is None, mid
        for group in _groups(m):
            group = [k for k in group if k in truth and _is_int(truth[k])]
            if not group:
                continue
            total = sum(truth[k] for k in group)
            by_sex = [k for k in truth if len(k) == 3 and k[:2] == (mid, "by_sex") and k[2] == group[0][-1]]
            for cand in by_sex + headlines:
                if cand not in group and truth.get(cand) == total:
                    identities.append((cand, group))
    for total, parts in identities:
        assert truth[total] == sum(truth[p] for p in parts)
    for k, v in published.items():
        if v is not None and not (isinstance(k[-1], str) and k[-1] == "not_counted"):
            assert v == 0 or v >= T, (k, v)
    checked, failures = 0, []
    for k, v in published.items():
        if v is None and k in truth:
            lo, hi = attacker.bounds_of(published, identities, k)
            checked += 1
            if not (hi - lo >= T - 1e-6 or math.isinf(hi)):
                failures.append((k, truth[k], lo, hi))
    return checked, failures


def test_public_demo_pack_has_no_recoverable_cell(demo_store, tmp_path):
    from cphub.cli import main

    assert main(["scorecard", "--at", AT, "--la", "871", "--out", str(tmp_path / "full.json")]) == 0
    assert main(["scorecard", "--at", AT, "--la", "871", "--public", "--out", str(tmp_path / "pub.json")]) == 0
    full = {m["id"]: m for m in json.loads((tmp_path / "full.json").read_text())["measures"]}
    pub = {m["id"]: m for m in json.loads((tmp_path / "pub.json").read_text())["measures"]}
    checked, failures = attack(full, pub)
    assert not failures
    assert checked > 0  # the pack does withhold something, and every withheld cell holds
