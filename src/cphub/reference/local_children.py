"""The area's children, to compare children looked after with (shipped ONS data, OGL v3.0; see
``data/ons_children/PROVENANCE.md``):

* by DfE age band x sex: ONS mid-year estimates by single year of age and sex (latest mid-year with sex, 2023);
* by ethnic group: Census 2021, children aged 10-17 (the nearest published child table by council: there is no
  0-17 table by ethnicity at council level), persons only.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from cphub.calendar import age_band

DATA = Path(__file__).parent / "data" / "ons_children"
AGE_SEX_SOURCE = "ONS mid-year population estimates, mid-{year}, children aged 0-17 by single year of age and sex"
ETHNICITY_SOURCE = ("ONS Census 2021 (table RM032), children aged 10-17 by ethnic group: the nearest published "
                    "child table by council (no 0-17 table by ethnicity is published at council level)")
LICENCE = "Source: Office for National Statistics licensed under the Open Government Licence v3.0."
CENSUS_GROUPS = {"White": "White", "Mixed": "Mixed or Multiple ethnic groups", "Asian": "Asian or Asian British",
                 "Black": "Black, African, Caribbean or Black British", "Other": "Other ethnic group"}
"""Census 2021 broad groups (as in the file) -> the groups the measures use (cphub.measures.cla.ETHNIC_GROUPS)."""


@cache
def _age_sex() -> dict[str, dict[int, list[tuple[str, int, int]]]]:
    out: dict[str, dict[int, list[tuple[str, int, int]]]] = {}
    with open(DATA / "ons_mye_children_by_age_sex.csv", newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            out.setdefault(r["la_code"], {}).setdefault(int(r["year"]), []).append(
                (r["sex"], int(r["age"]), int(r["population"])))
    return out


@cache
def _ethnicity() -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    with open(DATA / "census2021_children_ethnicity.csv", newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            out.setdefault(r["la_code"], {})[CENSUS_GROUPS[r["ethnic_group_5"]]] = int(r["population"])
    return out


def age_sex(ons_code: str) -> tuple[dict[str, dict[str, int]], int] | None:
    """({DfE age band: {"F": n, "M": n}}, mid-year) for the council's children, latest mid-year with sex."""
    years = _age_sex().get(ons_code)
    if not years:
        return None
    year = max(years)
    out: dict[str, dict[str, int]] = {}
    for sex, age, n in years[year]:
        band = out.setdefault(age_band(age), {"F": 0, "M": 0})
        band[sex] = band.get(sex, 0) + n
    return out, year


def ethnicity(ons_code: str) -> dict[str, int] | None:
    """{ethnic group: children aged 10-17} for the council (Census 2021), None where ONS published none."""
    return _ethnicity().get(ons_code)
