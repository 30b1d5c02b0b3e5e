"""Secondary suppression holds against a linear-programming attacker (issue 11, item 2)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cphub.panel.suppress import protect, suppress_detail

_spec = importlib.util.spec_from_file_location("panel_attacker", Path(__file__).with_name("attacker.py"))
attacker = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(attacker)


def table_with_margins(cells: list[list[int]]):
    """A rows x columns table with row totals, column totals and the grand total, all published."""
    values, identities = {}, []
    r, c = len(cells), len(cells[0])
    for i in range(r):
        for j in range(c):
            values[("cell", i, j)] = cells[i][j]
        values[("row", i)] = sum(cells[i])
        identities.append((("row", i), [("cell", i, j) for j in range(c)]))
    for j in range(c):
        values[("col", j)] = sum(cells[i][j] for i in range(r))
        identities.append((("col", j), [("cell", i, j) for i in range(r)]))
    values[("all",)] = sum(values[("row", i)] for i in range(r))
    identities.append((("all",), [("row", i) for i in range(r)]))
    identities.append((("all",), [("col", j) for j in range(c)]))
    return values, identities


def test_the_councillors_subtraction_is_blocked():
    """The issue's example: 89 girls, age bands [3], 8, 19, 42, 17 - the 3 must not come back by subtraction."""
    values, identities = table_with_margins([[3, 4], [8, 13], [19, 27], [42, 31], [17, 48]])
    hidden = protect(values, identities, 5)
    assert ("cell", 0, 0) in hidden and len(hidden) > 2
    published = {k: (None if k in hidden else v) for k, v in values.items()}
    _, width = attacker.narrowest(published, identities)
    assert width >= 5


@settings(max_examples=60, deadline=None)
@given(t=st.integers(2, 10), cells=st.integers(1, 4).flatmap(
    lambda c: st.lists(st.lists(st.integers(0, 30), min_size=c, max_size=c), min_size=1, max_size=5)))
def test_generated_tables_hold_against_the_attacker(t, cells):
    values, identities = table_with_margins(cells)
    hidden = protect(values, identities, t)
    assert all(k in hidden for k, v in values.items() if 0 < v < t)  # primary
    published = {k: (None if k in hidden else v) for k, v in values.items()}
    cell, width = attacker.narrowest(published, identities)
    assert width >= t - 1e-6, (cell, width, published)


@settings(max_examples=60, deadline=None)
@given(t=st.integers(2, 8), f=st.lists(st.integers(0, 25), min_size=5, max_size=5),
       m=st.lists(st.integers(0, 25), min_size=5, max_size=5))
def test_breakdown_tied_to_by_sex_and_headline(t, f, m):
    """A measure's breakdown as the scorecard publishes it: age band x sex rows (counts and percentages), the
    by-sex counts beside them and the headline total elsewhere on the page."""
    total = sum(f) + sum(m)
    detail = {"by_sex": {"F": {"count": sum(f), "pct": 1.0}, "M": {"count": sum(m), "pct": 1.0}},
              "age_by_sex": [{"group": str(i), "F": f[i], "F_pct": 1.0, "M": m[i], "M_pct": 1.0} for i in range(5)]}
    out, _ = suppress_detail(detail, t, {("value",): total})
    published = {("value",): total if not 0 < total < t else None}
    identities = []
    for s, _col in (("F", f), ("M", m)):
        published[("sex", s)] = out["by_sex"][s]["count"]
        for i in range(5):
            published[("age", i, s)] = out["age_by_sex"][i][s]
            if out["age_by_sex"][i][s] is None:
                assert out["age_by_sex"][i][f"{s}_pct"] is None  # no percentage gives a withheld count back
        identities.append((("sex", s), [("age", i, s) for i in range(5)]))
    identities.append((("value",), [("sex", "F"), ("sex", "M")]))
    for v in published.values():
        if v is not None:
            assert v == 0 or v >= t
    cell, width = attacker.narrowest(published, identities)
    assert width >= t - 1e-6, (cell, width, published)


@settings(max_examples=40, deadline=None)
@given(t=st.integers(2, 8), cells=st.lists(st.integers(0, 25), min_size=10, max_size=10), shift=st.integers(0, 9))
def test_two_tables_sharing_their_by_sex_totals(t, cells, shift):
    """Age x sex and ethnicity x sex tables of the same children (the demographics measure): each column of each
    adds up to the same by-sex count, so a cell withheld in one table must not come back through the other."""
    f, m = cells[:5], cells[5:]
    # the same children by ethnic group: a different split of the same column totals
    def resplit(col, k):
        total, out = sum(col), []
        for i in range(4):
            part = min(total, (col[(i + k) % 5] + i) % 13)
            out.append(part)
            total -= part
        return [*out, total]

    ef, em = resplit(f, shift), resplit(m, shift + 1)
    detail = {"by_sex": {"F": {"count": sum(f), "pct": 1.0}, "M": {"count": sum(m), "pct": 1.0}},
              "age_by_sex": [{"group": str(i), "F": f[i], "M": m[i]} for i in range(5)],
              "ethnicity_by_sex": [{"group": str(i), "F": ef[i], "M": em[i]} for i in range(5)]}
    total = sum(f) + sum(m)
    out, _ = suppress_detail(detail, t, {("value",): total})
    published = {("value",): total if not 0 < total < t else None}
    identities = [(("value",), [("sex", "F"), ("sex", "M")])]
    for s in ("F", "M"):
        published[("sex", s)] = out["by_sex"][s]["count"]
        for table in ("age_by_sex", "ethnicity_by_sex"):
            for i in range(5):
                published[(table, i, s)] = out[table][i][s]
            identities.append((("sex", s), [(table, i, s) for i in range(5)]))
    cell, width = attacker.narrowest(published, identities)
    assert width >= t - 1e-6, (cell, width, published)
