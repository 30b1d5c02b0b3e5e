"""The synthetic education data is deterministic, passes the importer's own checks, and covers every table."""

from __future__ import annotations

import pytest
from vs_helpers import D, council, ep

from cphub.csvio import to_csv_bytes
from cphub.virtual_school.importer import read_education
from cphub.virtual_school.measures import compare
from cphub.virtual_school.schema import EDUCATION_TABLES
from cphub.virtual_school.synth import generate


def _data():
    kids = [(f"C{i:03d}", D(2006 + i % 16, 1 + i % 12, 1 + i % 27)) for i in range(60)]
    return council(Header=[{"CHILD": c, "DOB": d} for c, d in kids],
                   Episodes=[ep(c, D(2021, 1, 1), D(2024, 6, 1), "E11") if i % 10 == 0 else ep(c, D(2021, 1, 1))
                             for i, (c, _) in enumerate(kids)],
                   kinship_arrangements=[{"CHILD": f"K{i}", "DOB": D(2012, 1, i + 1), "KINSHIP_TYPE": "sgo",
                                          "START_DATE": D(2020, 1, 1)} for i in range(10)])


def test_deterministic_and_complete():
    a, b = generate(_data(), seed=3, to_year=2025), generate(_data(), seed=3, to_year=2025)
    assert all(a[n].equals(b[n]) for n in EDUCATION_TABLES)
    assert all(a[n].height > 0 for n in EDUCATION_TABLES), {n: a[n].height for n in EDUCATION_TABLES}
    assert not generate(_data(), seed=4, to_year=2025)["attendance"].equals(a["attendance"])


@pytest.mark.parametrize("seed", range(6))
def test_passes_import_checks_and_gives_measures(seed):
    tables = generate(_data(), seed=seed, to_year=2025)
    files = [(f"{n}.csv", to_csv_bytes(tables[n], EDUCATION_TABLES[n])) for n in EDUCATION_TABLES]
    frames = read_education(files)
    assert frames["attendance"].height == tables["attendance"].height
    data = _data()
    data.tables.update(tables)
    rows = {r.base.id: r for r in compare(data, D(2025, 7, 31), ["cla", "kinship"])}
    assert rows["attendance_rate"].cells["cla"].result.value is not None
    assert rows["pep_in_date"].cells["cla"].result.denominator > 0
