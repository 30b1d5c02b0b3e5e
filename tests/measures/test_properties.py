"""Property test: on random episode histories, the Polars building blocks agree with a plain-Python reading of
the DfE definitions (CLA at a date, entries and exits year to date, each child once)."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from measure_builders import council, ep, hdr

from cphub.measures.registry import compute

BASE = date(2023, 1, 1)


@st.composite
def histories(draw):
    """Children, each with periods of care: chains of 1-3 episodes joined by X1, the last open or ceased.
    Some children only have short breaks (V3). Returns (episode rows, periods as (child, start, end, rec, sb))."""
    rows, periods = [], []
    for i in range(draw(st.integers(1, 6))):
        child = f"C{i}"
        sb = draw(st.booleans()) and draw(st.booleans())
        day = draw(st.integers(0, 200))
        for _ in range(draw(st.integers(1, 3))):
            start = BASE + timedelta(days=day)
            d = start
            n = draw(st.integers(1, 3))
            for k in range(n):
                last = k == n - 1
                # episodes of a child never share a DECOM (the key of the Episodes table)
                length = draw(st.integers(1, 250)) if not last else draw(st.integers(0, 400))
                open_ = last and draw(st.booleans())
                end = None if open_ else d + timedelta(days=length)
                rec = None if open_ else ("X1" if not last else draw(st.sampled_from(["E4A", "E11", "E17", "E3"])))
                rows.append(ep(child, d.isoformat(), end.isoformat() if end else None, rne="S" if k == 0 else "P",
                               ls="V3" if sb else "C2", rec=rec))
                if end is None:
                    break
                d = end
            periods.append((child, start, end, rec, sb))
            if end is None:
                break
            day = (end - BASE).days + draw(st.integers(1, 60))
    return rows, periods


@settings(max_examples=60, deadline=None)
@given(histories(), st.integers(0, 900))
def test_flows_match_plain_reading(history, offset):
    rows, periods = history
    at = BASE + timedelta(days=offset)
    ys = date(at.year if at.month >= 4 else at.year - 1, 4, 1)
    data = council(Episodes=rows, Header=[hdr(r["CHILD"], "2010-01-01") for r in rows])
    care = [p for p in periods if not p[4]]
    cla = {c for c, s, e, _, _ in care if s <= at and (e is None or e > at)}
    starters = {c for c, s, *_ in care if ys <= s <= at}
    leavers = {}
    for c, _s, e, rec, _ in sorted(care, key=lambda p: p[2] or date.max):
        if e is not None and ys <= e <= at:
            leavers[c] = rec
    assert compute("cla_count", data, at).children == sorted(cla)
    r = compute("entries_ytd", data, at)
    assert r.children == sorted(starters)
    assert r.detail["periods"] == sum(1 for _, s, *_ in care if ys <= s <= at)
    assert compute("exits_ytd", data, at).children == sorted(leavers)
    assert compute("adoptions_ytd", data, at).children == sorted(c for c, rec in leavers.items() if rec == "E11")


@st.composite
def placement_histories(draw):
    """One period of care per child: a chain of X1 episodes with random RNE and placements (some temporary)."""
    rows = []
    for i in range(draw(st.integers(1, 5))):
        d = BASE + timedelta(days=draw(st.integers(0, 300)))
        n = draw(st.integers(1, 6))
        for k in range(n):
            last = k == n - 1
            end = None if last and draw(st.booleans()) else d + timedelta(days=draw(st.integers(1, 200)))
            rows.append(ep(f"C{i}", d.isoformat(), end.isoformat() if end else None,
                           rne="S" if k == 0 else draw(st.sampled_from(["L", "P", "T", "B", "U"])),
                           place="U4" if k == 0 else draw(st.sampled_from(["U4", "U6", "K2", "T2"])),
                           rec=None if end is None else ("X1" if not last else "E4A")))
            if end is None:
                break
            d = end
    return rows


def plain_spells(rows):
    """Carer spells by hand: a new carer at S, or at P/B unless into or back from a temporary placement."""
    spells = []
    prev = None
    for r in rows:
        temp, prev_temp = r["PLACE"].startswith("T"), prev is not None and prev["PLACE"].startswith("T")
        new = prev is None or prev["CHILD"] != r["CHILD"] or (r["RNE"] in ("P", "B") and not temp and not prev_temp)
        if new:
            spells.append([r["CHILD"], date.fromisoformat(r["DECOM"]), None])
        spells[-1][2] = date.fromisoformat(r["DEC"]) if r["DEC"] else None
        prev = r
    return spells


@settings(max_examples=60, deadline=None)
@given(placement_histories(), st.integers(100, 900))
def test_short_term_stability_matches_plain_reading(rows, offset):
    at = BASE + timedelta(days=offset)
    first = date(at.year - 1, at.month, at.day) + timedelta(days=1) if (at.month, at.day) != (2, 29) else date(at.year - 1, 3, 1)
    data = council(Episodes=rows, Header=[hdr(r["CHILD"], "2012-01-01") for r in rows])
    cla = {r["CHILD"] for r in rows if date.fromisoformat(r["DECOM"]) <= at
           and (r["DEC"] is None or date.fromisoformat(r["DEC"]) > at)}
    n = {}
    for c, s, e in plain_spells(rows):
        if s <= at and (e is None or (e > first and e > s)):
            n[c] = n.get(c, 0) + 1
    expected = sorted(c for c in cla if n.get(c, 0) >= 3)
    r = compute("stability_short_term_pct", data, at)
    assert r.children == expected and r.denominator == len(cla)
