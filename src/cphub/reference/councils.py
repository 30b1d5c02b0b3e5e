"""The council register: every English council in the DfE children-looked-after statistics.

DfE 3-digit LA code, ONS code, name, region and the ONS mid-year estimate of children aged 0-17 by mid-year,
plus the published number of children looked after at 31 March (used to size synthetic councils).
Sources: DfE "Children looked after in England including adoptions" (EES, 2021-2025) and DfE's cut of the ONS
mid-year population estimates 2012-2024; see ``data/SOURCE.md``. Councils abolished before 2025 (Cumbria,
Northamptonshire) are not in the register.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@cache
def _councils() -> tuple[dict, ...]:
    pops: dict[str, dict[int, int]] = {}
    for r in _rows("populations.csv"):
        pops.setdefault(r["code"], {})[int(r["mid_year"])] = int(r["children_0_17"])
    out = []
    for r in _rows("councils.csv"):
        out.append({"code": r["code"], "ons_code": r["ons_code"], "name": r["name"], "region": r["region"],
                    "population": dict(sorted(pops.get(r["code"], {}).items()))})
    return tuple(out)


def councils() -> list[dict]:
    """Every council: ``{"code", "ons_code", "name", "region", "population": {mid_year: children 0-17}}``."""
    return [dict(c, population=dict(c["population"])) for c in _councils()]


def council(code: str) -> dict:
    """One council by its DfE 3-digit code (KeyError if unknown)."""
    for c in _councils():
        if c["code"] == code:
            return dict(c, population=dict(c["population"]))
    raise KeyError(code)


@cache
def cla_counts() -> dict[str, dict[int, dict[str, int]]]:
    """Published counts per council and collection year: ``{code: {year: {"cla_31_march", "started", "ceased"}}}``.

    Suppressed or missing values are absent. Source: EES ``cla_number_and_rate_per_10k_children.csv``.
    """
    out: dict[str, dict[int, dict[str, int]]] = {}
    for r in _rows("cla_counts.csv"):
        vals = {k: int(r[k]) for k in ("cla_31_march", "started", "ceased") if r[k]}
        out.setdefault(r["code"], {})[int(r["year"])] = vals
    return out


def population(code: str, mid_year: int) -> int | None:
    """Children aged 0-17 at ``mid_year`` (nearest year available when outside 2012-2024)."""
    pops = council(code)["population"]
    if not pops:
        return None
    if mid_year in pops:
        return pops[mid_year]
    nearest = min(pops, key=lambda y: abs(y - mid_year))
    return pops[nearest]
