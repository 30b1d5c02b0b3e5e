"""Every registered rule runs on arbitrary small returns (random codes, dates, blanks, duplicates) without
crashing: the runner reports a crash as a RULE finding, so there must be none."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cphub.ssda903.codes import CODE_LISTS
from cphub.ssda903.reader import read_files
from cphub.ssda903.schema import TABLES
from cphub.ssda903.validate import make_context, run_rules

from .conftest import csv_files

CHILDREN = ["A", "B", "C"]
DATES = st.one_of(st.none(), st.dates(min_value=__import__("datetime").date(1985, 1, 1),
                                      max_value=__import__("datetime").date(2027, 12, 31)).map(lambda d: d.strftime("%d/%m/%Y")),
                  st.sampled_from(["31/02/2024", "x", "2024-01-01"]))


def value(column):
    if column.name == "CHILD":
        return st.sampled_from(CHILDREN)
    if column.kind == "date":
        return DATES
    if column.kind == "int":
        return st.one_of(st.none(), st.integers(-5, 60).map(str))
    if column.codes and column.codes in CODE_LISTS:
        return st.one_of(st.none(), st.sampled_from([c.code for c in CODE_LISTS[column.codes]] + ["??"]))
    return st.one_of(st.none(), st.sampled_from(["AB1 2CD", "SC123456", "UN1", "A123456789012", "XXXXXXX", "=1+1"]))


def table_rows(name):
    spec = TABLES[name]
    row = st.fixed_dictionaries({c.name: value(c) for c in spec.columns})
    return st.lists(row, max_size=6)


RETURN = st.fixed_dictionaries({n: table_rows(n) for n in TABLES})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(RETURN, RETURN, st.sampled_from([2024, 2025, 2026]))
def test_rules_never_crash(tables, previous, year):
    ret = read_files(csv_files(tables), year)
    prev = read_files(csv_files(previous), year - 1)
    findings = run_rules(make_context(ret, prev, year))
    crashed = [f for f in findings if f.code == "RULE"]
    assert crashed == []
