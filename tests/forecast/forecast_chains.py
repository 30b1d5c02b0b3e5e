"""Hand-made histories for the forecast tests: a known monthly Markov chain written out as SSDA903 episodes."""

from __future__ import annotations

import random
from datetime import date

import polars as pl

from cphub.calendar import add_months, month_end

PLACE = {"foster_inhouse": ("U6", "PR1"), "foster_agency": ("U6", "PR4"), "residential": ("K2", "PR4")}


def me(d: date) -> date:
    return month_end(d.year, d.month)


def chain(*, months: int = 72, start: date = date(2019, 3, 31), entries_per_month: float = 6.0,
          p_move: float = 0.05, p_exit: float = 0.03, seed: int = 1, trend: float = 0.0) -> tuple[pl.DataFrame,
                                                                                               pl.DataFrame]:
    """Children aged 5-9 enter in in-house fostering; each month each child moves in-house -> agency with
    probability ``p_move`` (agency children stay), and leaves care (returned home, E4A) with ``p_exit``.
    Changes happen on the month's last day, so month-end snapshots see the chain exactly. Returns
    (Episodes, Header) with a YEAR column covering the whole span."""
    rng = random.Random(seed)
    eps, header = [], []
    alive: list[dict] = []
    n = 0
    for m in range(1, months + 1):
        day = me(add_months(start, m))
        for c in list(alive):
            u = rng.random()
            if u < p_exit:
                c["eps"][-1][1], c["eps"][-1][4] = day, "E4A"
                alive.remove(c)
            elif c["type"] == "foster_inhouse" and u < p_exit + p_move:
                c["eps"][-1][1], c["eps"][-1][4] = day, "X1"
                c["eps"].append([day, None, *PLACE["foster_agency"], None])
                c["type"] = "foster_agency"
        lam = entries_per_month * (1 + trend) ** (m / 12)
        k = sum(1 for _ in range(200) if rng.random() < lam / 200)
        for _ in range(k):
            n += 1
            dob = date(day.year - 6, 1 + rng.randrange(12), 1 + rng.randrange(28))
            c = {"id": f"C{n:05d}", "dob": dob, "type": "foster_inhouse",
                 "eps": [[day, None, *PLACE["foster_inhouse"], None]]}
            alive.append(c)
            header.append((c["id"], dob))
            eps.append(c)
    rows = []
    for c in eps:
        for decom, dec, place, prov, rec in c["eps"]:
            rows.append((c["id"], decom, "S", "C2", place, prov, dec, rec))
    episodes = pl.DataFrame(rows, schema={"CHILD": pl.String, "DECOM": pl.Date, "RNE": pl.String, "LS": pl.String,
                                          "PLACE": pl.String, "PLACE_PROVIDER": pl.String, "DEC": pl.Date,
                                          "REC": pl.String}, orient="row")
    episodes = episodes.with_columns(pl.lit(start.year + 1, dtype=pl.Int64).alias("YEAR"))
    hdr = pl.DataFrame(header, schema={"CHILD": pl.String, "DOB": pl.Date}, orient="row")
    return episodes, hdr
