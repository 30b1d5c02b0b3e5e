"""Generated returns pass the Hub's own DfE validation rules with no errors (each year checked with the previous)."""

from __future__ import annotations

from collections import Counter

import pytest

from cphub.ssda903.validate import validate
from cphub.synth.generator import generate

COUNCILS = ("871", "202")
YEARS = range(2019, 2028)


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth_valid")
    generate(folder, councils=list(COUNCILS), from_year=YEARS[0], to_year=YEARS[-1], seed=5)
    return folder


@pytest.mark.parametrize("la", COUNCILS)
def test_every_year_validates_with_no_errors(out, la):
    errors = Counter()
    checked = 0
    for year in YEARS[1:]:
        findings = validate(out / la / str(year), out / la / str(year - 1), year, la=la)
        errors.update(f"{year}:{f.code}" for f in findings if f.severity == "error")
        checked += 1
    assert checked == len(YEARS) - 1
    assert not errors, errors.most_common(10)
