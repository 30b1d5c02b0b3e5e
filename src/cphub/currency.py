"""Data currency: the date each source's data is complete to, and what that means for an as-at date.

Every stored table is a *source* (``ssda903:Episodes``, ``cin:...``, ``local:statutory_visits``,
``education:...``). A source is complete to:

* the **extract date** given at import (councils run the SSDA903 extract monthly: an *in-year extract* holds
  1 April to the extract date, open episodes with a blank DEC, and is replaced by the next one);
* else, for an SSDA903 return or a CIN census, the end of its collection year (31 March), when that date has
  passed;
* else the latest date present in the data (not counting dates of birth).

Pages, exports and commands default to the SSDA903 episodes' date (:data:`MAIN_SOURCE`), refuse a later
as-at date, and mark a measure whose source ends earlier "no data after ..." rather than computing a 0.
The SSDA903 outcome tables (OC2, OC3, AD1) are figures for a year ending 31 March; measures read the latest
year ending by the as-at date, so they never limit it.

Plain Python + Polars: no web framework.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

import polars as pl

from cphub import calendar

MAIN_SOURCE = "ssda903:Episodes"
ANNUAL_OUTCOMES = {"OC2", "OC3", "AD1"}
BIRTH_DATES = {"DOB", "MC_DOB"}
END_DATES = {"DEC", "DUC", "DATE_PLACED_CEASED", "MIS_END", "SW_DEC", "DOLO_END", "END_DATE", "DEREGISTRATION_DATE"}
"""Date columns that close something open: in an extract they are blanked when after the extract date
(the episode or allocation is still open at the extract date); every other date column starts a record, which
is left out when after the extract date."""
CLOSING_CODES = {"DEC": ["REC", "REASON_PLACE_CHANGE"], "DUC": [], "MIS_END": [], "SW_DEC": [],
                 "DATE_PLACED_CEASED": ["REASON_PLACED_CEASED"], "DOLO_END": [], "END_DATE": [],
                 "DEREGISTRATION_DATE": []}
"""The codes that go with each closing date (blanked with it in an extract). SW_REASON is not one: it is the reason
for the change *to* the episode's social worker (FCONTA on the first), given when the episode starts."""
YEAR_END_ONLY = {"OC2", "OC3"}
"""Tables collected only at the end of the year (outcomes for children looked after 12 months at 31 March, care
leavers at their birthdays in the year): empty in an in-year extract. AD1 is kept: it records adoptions as
they happen."""


def long_date(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def source_key(kind: str, table: str) -> str:
    return f"{kind}:{table}"


def latest_date(frame: pl.DataFrame) -> date | None:
    """The latest date in any date column of ``frame`` except dates of birth (None when there is none)."""
    found = [frame[c].max() for c, t in frame.schema.items() if t == pl.Date and c not in BIRTH_DATES]
    found = [d for d in found if d is not None]
    return max(found) if found else None


def complete_to(kind: str, frame: pl.DataFrame, *, year: int | None = None, extract_date: date | None = None,
                today: date | None = None) -> date | None:
    """The date a source is complete to, by the rule in the module docstring."""
    if extract_date is not None:
        return extract_date
    today = today or date.today()
    if kind in ("ssda903", "cin") and year is not None and date(year, 3, 31) <= today:
        return date(year, 3, 31)
    latest = latest_date(frame)
    return min(latest, today) if latest else None


def in_year_extract(tables: Mapping[str, pl.DataFrame], extract_date: date) -> dict[str, pl.DataFrame]:
    """What a council's extract on ``extract_date`` holds of a year's tables: records starting after the date
    left out, end dates after it blanked (with their reason codes), the year-end outcome tables (OC2, OC3)
    empty, and the other tables limited to children who still have an episode; previous permanence only for
    children whose care started in the year by the date, and a mother's first child born after it not yet known
    (MOTHER 0, MC_DOB blank)."""
    out: dict[str, pl.DataFrame] = {}
    for name, df in tables.items():
        if name in YEAR_END_ONLY:
            out[name] = df.clear()
            continue
        dates = [c for c, t in df.schema.items() if t == pl.Date and c not in BIRTH_DATES]
        starts = [c for c in dates if c not in END_DATES]
        for c in starts:
            df = df.filter(pl.col(c).is_null() | (pl.col(c) <= extract_date))
        for c in dates:
            if c in END_DATES:
                late = pl.col(c).is_not_null() & (pl.col(c) > extract_date)
                extra = [x for x in CLOSING_CODES.get(c, []) if x in df.columns]
                df = df.with_columns([pl.when(late).then(None).otherwise(pl.col(x)).alias(x) for x in extra]
                                     + [pl.when(late).then(None).otherwise(pl.col(c)).alias(c)])
        out[name] = df
    if "Header" in out and "Episodes" in out:
        kept = out["Episodes"]["CHILD"].unique().implode()
        for name, df in list(out.items()):
            if name != "Episodes" and "CHILD" in df.columns and name not in YEAR_END_ONLY:
                out[name] = df.filter(pl.col("CHILD").is_in(kept))
        if "AD1" in out and "REC" in out["Episodes"].columns:  # adoption details only for adoptions by the date
            adopted = out["Episodes"].filter(pl.col("REC").is_in(["E11", "E12"]))["CHILD"].unique().implode()
            out["AD1"] = out["AD1"].filter(pl.col("CHILD").is_in(adopted))
        if "PrevPerm" in out and "RNE" in out["Episodes"].columns:  # given when care starts: starts by the date
            ys = calendar.year_start_of(extract_date)
            started = out["Episodes"].filter((pl.col("RNE") == "S") & (pl.col("DECOM") >= ys))["CHILD"]
            out["PrevPerm"] = out["PrevPerm"].filter(pl.col("CHILD").is_in(started.unique().implode()))
    if "Header" in out and {"MOTHER", "MC_DOB"} <= set(out["Header"].columns):  # a first child born after the date
        later = pl.col("MC_DOB").is_not_null() & (pl.col("MC_DOB") > extract_date)  # is not known yet
        out["Header"] = out["Header"].with_columns(pl.when(later).then(pl.lit("0")).otherwise(pl.col("MOTHER"))
                                                   .alias("MOTHER"),
                                                   pl.when(later).then(None).otherwise(pl.col("MC_DOB")).alias("MC_DOB"))
    return out


def dates_after(tables: Mapping[str, pl.DataFrame], extract_date: date) -> list[tuple[str, str, int]]:
    """(table, column, rows) for every date after ``extract_date`` in an extract: a sign it is not one."""
    out = []
    for name, df in tables.items():
        for c, t in df.schema.items():
            if t == pl.Date and c not in BIRTH_DATES:
                n = df.filter(pl.col(c) > extract_date).height
                if n:
                    out.append((name, c, n))
    return out


_WORD = re.compile(r"[A-Za-z0-9_]+")


def sources_of(source_text: str, tables_903: set[str], tables_local: set[str]) -> set[str]:
    """The sources a measure reads, from the tables its ``source`` text names ("SSDA903 Episodes, UASC; local
    health_assessments"): SSDA903 outcome tables are left out (see the module docstring)."""
    words = set(_WORD.findall(source_text))
    out = {source_key("ssda903", t) for t in tables_903 & words if t not in ANNUAL_OUTCOMES}
    out |= {source_key("local", t) for t in tables_local & words}
    return out


def limit_for(sources: set[str], currency: Mapping[str, date]) -> date | None:
    """The earliest date any of ``sources`` is complete to (None when none is recorded)."""
    found = [currency[s] for s in sources if s in currency]
    return min(found) if found else None


def refuse_message(at: date, latest: date, earliest: date | None = None) -> str | None:
    """The error for an as-at date after the data ends, or before it begins (None when the date is fine)."""
    if earliest is not None and at < earliest:
        return (f"There is no data before {long_date(earliest)}. Enter a date between {long_date(earliest)} and "
                f"{long_date(latest)}.")
    if at > latest:
        return (f"There is no data after {long_date(latest)}. Enter a date on or before {long_date(latest)} "
                f"(the date the latest data is complete to).")
    return None
