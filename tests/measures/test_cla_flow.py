"""Children looked after, entries, exits, reasons, adoptions, UASC: hand-built histories, answers worked by hand.

The collection year is 2024-25 (1 April 2024 to 31 March 2025); AT is 31 March 2025."""

from datetime import date

import polars as pl
from measure_builders import council, ep, hdr

from cphub.measures.registry import compute

AT = date(2025, 3, 31)


def history():
    """A: in care since 2023, still in care.
    B: ceased on the as-at date (E4A): an exit, not looked after at AT.
    C: two periods in the year (E4B, then a new period still open): 2 entries, 1 child; 1 exit.
    D: two periods, both ceased in the year (E4A then E11): counted once, reason E11 (last occasion).
    E: short breaks only (V3): never counted.
    F: X1 chain ending and restarting on AT: looked after, no exit.
    G: UASC, entered 1 April 2024 (first day of the year: an entry); H: UASC whose status ceased before AT."""
    eps = [
        ep("A", "2023-05-01"),
        ep("B", "2023-06-01", "2025-03-31", rec="E4A"),
        ep("C", "2024-05-01", "2024-07-01", rec="E4B"),
        ep("C", "2024-10-01"),
        ep("D", "2024-04-10", "2024-05-10", rec="E4A"),
        ep("D", "2024-06-01", "2024-08-01", rec="X1"),
        ep("D", "2024-08-01", "2024-12-01", rne="T", place="A5", rec="E11"),
        ep("E", "2024-06-01", "2024-06-03", ls="V3", place="R1", rec="E8"),
        ep("E", "2025-03-30", ls="V3", place="R1"),
        ep("F", "2022-01-01", "2025-03-31", rec="X1"),
        ep("F", "2025-03-31", rne="P", place="K2"),
        ep("G", "2024-04-01", ls="V2", place="K2"),
        ep("H", "2023-01-01", ls="V2", place="K2"),
    ]
    header = [hdr("A", "2012-06-01", "F", "WBRI"), hdr("B", "2010-01-01"), hdr("C", "2024-03-01", "F", "BAFR"),
              hdr("D", "2022-01-01"), hdr("E", "2014-01-01"), hdr("F", "2008-09-01", "M", "AIND"),
              hdr("G", "2008-02-01", "M", "OOTH"), hdr("H", "2007-05-01", "M", "OOTH")]
    uasc = [{"CHILD": "G", "DUC": "2026-02-01"}, {"CHILD": "H", "DUC": "2025-01-01"}]
    return council(Episodes=eps, Header=header, UASC=uasc, population={2024: 20_000})


def test_cla_count_and_rate():
    data = history()
    r = compute("cla_count", data, AT)
    assert r.value == 5 and r.children == ["A", "C", "F", "G", "H"]
    r = compute("cla_rate_10k", data, AT)
    assert r.value == 2.5 and r.numerator == 5 and r.denominator == 20_000  # 5 / 20,000 x 10,000
    assert r.detail["population_mid_year"] == 2024
    # the day before, B is still looked after and C is too
    assert compute("cla_count", data, date(2025, 3, 30)).children == ["A", "B", "C", "F", "G", "H"]


def test_short_breaks_count():
    data = history()
    r = compute("short_breaks_count", data, AT)
    assert r.value == 1 and r.children == ["E"] and r.detail["children_last_12_months"] == 1
    assert compute("short_breaks_count", data, date(2025, 3, 1)).value == 0


def test_entries_counts_children_once_and_shows_occasions():
    data = history()
    r = compute("entries_ytd", data, AT)
    # C twice, D twice, G once (1 April counts): 5 occasions, 3 children
    assert r.value == 3 and r.children == ["C", "D", "G"]
    assert r.detail["periods"] == 5 and r.detail["display"] == "5 (3)"
    assert compute("entries_rate_10k", data, AT).value == 1.5  # 3 / 20,000 x 10,000
    # year to date at 31 May 2024: G (1 Apr), D (10 Apr), C (1 May)
    assert compute("entries_ytd", data, date(2024, 5, 31)).value == 3
    assert compute("entries_ytd", data, date(2024, 4, 30)).children == ["D", "G"]


def test_exits_last_occasion_and_reasons():
    data = history()
    r = compute("exits_ytd", data, AT)
    # B (E4A on the as-at date), C (E4B), D (E4A then E11: once)
    assert r.value == 3 and r.children == ["B", "C", "D"]
    assert r.detail["display"] == "4 (3)"
    reasons = {row["group"]: row["count"] for row in compute("exit_reasons", data, AT).detail["breakdown"]}
    assert reasons["Adopted"] == 1  # D's last occasion
    assert reasons["Returned home as part of the care plan"] == 1  # B only: D's E4A is not its last
    assert reasons["Returned home, not part of the care plan"] == 1
    assert sum(reasons.values()) == 3
    assert compute("exits_rate_10k", data, AT).value == 1.5


def test_adoptions_and_positive_exits():
    data = history()
    assert compute("adoptions_ytd", data, AT).children == ["D"]
    r = compute("adoptions_pct", data, AT)
    assert (r.numerator, r.denominator, r.value) == (1, 3, 33.3)
    r = compute("positive_exits_pct", data, AT)  # E4A (B) and E11 (D) positive; E4B (C) not
    assert (r.numerator, r.denominator, r.value) == (2, 3, 66.7)
    data.settings["positive_exit_codes"] = ["E11", "E12"]
    data.cache.clear()
    assert compute("positive_exits_pct", data, AT).numerator == 1


def test_uasc():
    data = history()
    r = compute("uasc_count", data, AT)
    assert r.children == ["G"]  # H's status ceased on 1 Jan 2025
    r = compute("uasc_pct", data, AT)
    assert (r.numerator, r.denominator, r.value) == (1, 5, 20.0)
    assert compute("uasc_count", data, date(2024, 12, 31)).children == ["G", "H"]


def test_demographics_and_disability():
    data = council(Episodes=[ep("A", "2024-01-01", cin="N2"), ep("B", "2024-01-01"), ep("C", "2024-01-01", cin="N2")],
                   Header=[hdr("A", "2025-01-01", "F", "WBRI"), hdr("B", "2009-03-31", "M", "CHNE"),
                           hdr("C", "2014-06-01", "1", "MWBC")])
    r = compute("cla_demographics", data, AT)
    ages = {row["group"]: (row["F"], row["M"]) for row in r.detail["age_by_sex"]}
    assert ages["Under 1"] == (1, 0)
    assert ages["16 and over"] == (0, 1)  # B turns 16 on the date
    assert ages["10 to 15"] == (0, 1)     # C: sex "1" (pre-2024 code) is male
    eth = {row["group"]: row["M"] for row in r.detail["ethnicity_by_sex"]}
    assert eth["Asian or Asian British"] == 1 and eth["Mixed or Multiple ethnic groups"] == 1
    assert r.detail["disability_by_sex"]["F"]["count"] == 1 and r.detail["disability_by_sex"]["M"]["count"] == 1
    care = {row["group"]: row["count"] for row in r.detail["time_in_care"]}
    assert care == {"Under 1 year": 0, "1 to 2 years": 3, "2 to 5 years": 0, "5 years or more": 0}
    d = compute("cla_disability_count", data, AT)
    assert d.value == 2 and d.children == ["A", "C"] and d.detail["pct_of_cla"] == 66.7


def test_demographics_against_population_setting():
    data = council(Episodes=[ep("A", "2024-01-01")], Header=[hdr("A", "2020-01-01", "F")],
                   settings={"child_population_age_sex": {"Under 1": {"F": 10, "M": 10}, "1 to 4": {"F": 30, "M": 50}}})
    share = compute("cla_demographics", data, AT).detail["population_age_sex_pct"]
    assert share["1 to 4"] == {"F": 30.0, "M": 50.0}


def test_episode_left_open_in_an_older_return_is_closed():
    rows = [ep("S1", "2022-06-01"), ep("S2", "2023-01-01")]
    data = council(Episodes=rows + [ep("S3", "2024-05-01")], Header=[hdr(c, "2015-01-01") for c in ("S1", "S2", "S3")])
    # S1 and S2 come from the 2023 return only; S3 from the 2025 return
    data.tables["Episodes"] = data.tables["Episodes"].with_columns(
        pl.when(pl.col("CHILD") == "S3").then(2025).otherwise(2023).alias("YEAR"))
    assert compute("cla_count", data, date(2023, 3, 31)).children == ["S1", "S2"]
    assert compute("cla_count", data, AT).children == ["S3"]
    assert compute("exits_ytd", data, date(2024, 3, 31)).value == 0  # closed for want of data, not a known exit
