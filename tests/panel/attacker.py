"""An attacker who knows every published figure, every identity between them and that counts are not negative,
and uses linear programming (``scipy.optimize.linprog``) to narrow down each withheld cell. Written apart from
:mod:`cphub.panel.suppress` so the test does not trust the code it checks."""

from __future__ import annotations

import math

from scipy.optimize import linprog


def bounds_of(published: dict, identities: list[tuple], cell) -> tuple[float, float]:
    """(min, max) of withheld ``cell``: ``published`` maps every cell to its value or None (withheld);
    ``identities`` are (total, [parts]) with total == sum(parts)."""
    unknown = sorted((k for k, v in published.items() if v is None), key=repr)
    col = {k: i for i, k in enumerate(unknown)}
    a_eq, b_eq = [], []
    for total, parts in identities:
        row = [0.0] * len(unknown)
        rhs = 0.0
        for k, sign in [(total, -1.0)] + [(p, 1.0) for p in parts]:
            if published[k] is None:
                row[col[k]] += sign
            else:
                rhs -= sign * published[k]
        if any(row):
            a_eq.append(row)
            b_eq.append(rhs)
        else:
            assert abs(rhs) < 1e-6, f"published identity does not hold: {total} = {parts}"
    c = [0.0] * len(unknown)
    c[col[cell]] = 1.0
    kw = {"A_eq": a_eq, "b_eq": b_eq} if a_eq else {}
    lo = linprog(c, bounds=[(0, None)] * len(unknown), method="highs", **kw)
    hi = linprog([-x for x in c], bounds=[(0, None)] * len(unknown), method="highs", **kw)
    assert lo.status in (0, 3) and hi.status in (0, 3), (lo.message, hi.message)
    return (lo.fun if lo.status == 0 else 0.0), (-hi.fun if hi.status == 0 else math.inf)


def narrowest(published: dict, identities: list[tuple]) -> tuple[object, float]:
    """The withheld cell the attacker pins down best, and the width of its interval (inf when none withheld)."""
    best, width = None, math.inf
    for k, v in published.items():
        if v is None:
            lo, hi = bounds_of(published, identities, k)
            if hi - lo < width:
                best, width = k, hi - lo
    return best, width
