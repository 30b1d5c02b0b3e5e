"""DfE benchmark table: statistics over statistical neighbours, year fallback, building from EES files."""

from pathlib import Path

import polars as pl
import pytest

from cphub.reference import benchmarks as B


@pytest.fixture
def small_tables(monkeypatch):
    rows = [("m", 2024, "la", "100", 50.0), ("m", 2024, "region", "South East", 40.0),
            ("m", 2024, "england", "England", 30.0)]
    # neighbours 201-210: five published values 1, 2, 3, 4, 100; 206 suppressed (blank); 207-210 absent
    rows += [("m", 2024, "la", str(c), v) for c, v in zip(range(201, 206), (1.0, 2.0, 3.0, 4.0, 100.0))]
    rows += [("m", 2024, "la", "206", None), ("m", 2023, "england", "England", 29.0), ("m", 2023, "la", "201", 7.0)]
    table = pl.DataFrame(
        [dict(measure_id=m, year=y, level=lv, code=c, name=c, value=v, source="test") for m, y, lv, c, v in rows],
        schema=B.COLUMNS)
    sn = pl.DataFrame([{"la_code": "100", "la_name": "Test", "region": "South East",
                        **{f"sn_{i}": str(200 + i) for i in range(1, 11)}}])
    monkeypatch.setattr(B, "load_table", lambda: table)
    monkeypatch.setattr(B, "load_neighbours", lambda: sn)


def test_mean_and_median_of_neighbours(small_tables):
    mean = B.benchmark("m", "100", 2024)
    assert mean["statistical_neighbours"] == 22.0  # (1 + 2 + 3 + 4 + 100) / 5
    assert mean["sn_count"] == 5 and mean["statistic"] == "mean"
    assert (mean["region"], mean["england"], mean["year"], mean["council"]) == (40.0, 30.0, 2024, 50.0)
    assert B.benchmark("m", "100", 2024, "median")["statistical_neighbours"] == 3.0


def test_latest_year_on_or_before(small_tables):
    assert B.benchmark("m", "100", 2026)["year"] == 2024
    old = B.benchmark("m", "100", 2023)
    assert old["year"] == 2023 and old["england"] == 29.0 and old["statistical_neighbours"] == 7.0
    assert B.benchmark("m", "100", 2020)["year"] is None
    assert B.benchmark("other", "100", 2024)["england"] is None


def test_unknown_council_has_no_neighbours(small_tables):
    b = B.benchmark("m", "999", 2024)
    assert b["statistical_neighbours"] is None and b["england"] == 30.0 and b["region"] is None


def test_bad_statistic(small_tables):
    with pytest.raises(ValueError):
        B.benchmark("m", "100", 2024, "mode")


def test_build_from_ees_files(tmp_path: Path):
    head = ("time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
            "old_la_code,la_name,new_la_code,population_type,population_estimate,children_count,rate_per_10000\n")
    body = ("2025,Reporting year,National,E92000001,England,,,,,,Children looked after on 31 March each year,100,10,67\n"
            "2025,Reporting year,Regional,E92000001,England,E12000008,South East,,,,Children looked after on 31 March each year,100,10,57\n"
            "2025,Reporting year,Local authority,E92000001,England,E12000008,South East,871,Slough,E06000039,Children looked after on 31 March each year,100,10,c\n"
            "2025,Reporting year,Local authority,E92000001,England,E12000008,South East,872,X,E06,Children starting to be looked after each year,100,10,16\n")
    (tmp_path / "cla_number_and_rate_per_10k_children.csv").write_text("\ufeff" + head + body, encoding="utf-8")
    t = B.build(tmp_path)
    got = {(r["measure_id"], r["level"], r["code"]): r["value"] for r in t.iter_rows(named=True)}
    assert got == {("cla_rate_10k", "england", "England"): 67.0, ("cla_rate_10k", "region", "South East"): 57.0,
                   ("cla_rate_10k", "la", "871"): None, ("entries_rate_10k", "la", "872"): 16.0}


def test_refresh_never_writes_an_empty_table(tmp_path: Path):
    out = tmp_path / "out"
    assert B.refresh(tmp_path, None, None, out)["rows"] == 0
    assert not (out / "benchmarks.csv").exists()


def test_shipped_table_matches_published_england_figures():
    """England 2024-25 headline figures quoted in shared/domain/definitions.md §5."""
    t = B.load_table().filter((pl.col("level") == "england") & (pl.col("year") == 2025))
    eng = dict(t.select("measure_id", "value").iter_rows())
    assert eng["cla_rate_10k"] == 67 and eng["entries_rate_10k"] == 26 and eng["exits_rate_10k"] == 28
    assert eng["health_assessment_pct"] == 90 and eng["dental_check_pct"] == 81
    assert eng["stability_short_term_pct"] == 10 and eng["stability_long_term_pct"] == 69
    assert eng["ceyp_eet_17_18_pct"] == 64 and eng["ceyp_eet_19_21_pct"] == 54
    assert eng["ceyp_suitable_accom_17_18_pct"] == 91 and eng["ceyp_suitable_accom_19_21_pct"] == 89
    assert eng["placed_outside_la_over_20_miles_pct"] == 18 and eng["sdq_mean"] == 14.9
    assert eng["missing_pct"] == 11 and eng["convictions_pct"] == 2
    assert B.neighbours("871")[0] and len(B.neighbours("871")[0]) == 10


def test_every_registry_benchmark_key_is_in_the_table():
    from cphub.measures.registry import REGISTRY

    keys = {m.benchmark for m in REGISTRY.values() if m.benchmark}
    assert keys <= set(B.load_table()["measure_id"].unique().to_list())


def test_cli_refresh(tmp_path: Path, capsys):
    from cphub.cli import main

    ees = tmp_path / "ees"
    ees.mkdir()
    (ees / "la_cla_placement_stability.csv").write_text(
        "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,"
        "la_name,new_la_code,cla_group,placement_stability,children_count,children_percent\n"
        "2026,Reporting year,National,E92000001,England,,,,,,CLA on 31 March,With 3 or more placements during the year,"
        "8000,11\n")
    out = tmp_path / "out"
    assert main(["benchmarks", "refresh", "--ees", str(ees), "--out", str(out)]) == 0
    t = pl.read_csv(out / "benchmarks.csv")
    assert t.select("measure_id", "year", "value").row(0) == ("stability_short_term_pct", 2026, 11.0)
    assert "Wrote 1 rows" in capsys.readouterr().out
    assert main(["benchmarks", "refresh", "--ees", str(tmp_path / "nowhere")]) == 2


def test_census_ethnicity_groups(tmp_path: Path):
    census = tmp_path / "census.csv"
    census.write_text("code,name,cat code,cat,Observation\n"
                      "E06000039,Slough,-8,Does not apply,0\nE06000039,Slough,1,Asian: Bangladeshi,10\n"
                      "E06000039,Slough,2,Asian: Chinese,5\nE06000039,Slough,7,Black: Caribbean,3\n"
                      "E06000039,Slough,12,Mixed: Other,2\nE06000039,Slough,13,White: British,20\n"
                      "E06000039,Slough,19,Other: Any other,1\n")
    las = tmp_path / "las.csv"
    las.write_text("new_la_code,la_name,old_la_code\nE06000039,Slough,871\n")
    got = dict(B.build_ethnicity(census, las).select("group", "count").iter_rows())
    assert got == {"Asian or Asian British": 15, "Black, African, Caribbean or Black British": 3,
                   "Mixed or Multiple ethnic groups": 2, "White": 20, "Other ethnic group": 1}


def test_demographics_compare_with_census_when_no_setting():
    from datetime import date

    from measure_builders import council, ep, hdr

    from cphub.measures.registry import compute

    data = council(Episodes=[ep("A", "2024-01-01")], Header=[hdr("A", "2015-01-01")])
    d = compute("cla_demographics", data, date(2025, 3, 31)).detail
    assert d["population_ethnicity_source"].startswith("ONS Census 2021")
    assert 40 < d["population_ethnicity_pct"]["Asian or Asian British"] < 55  # Slough: 47% Asian (2021)


def test_every_published_measure_is_benchmarked_in_the_registry():
    from cphub.measures.registry import REGISTRY

    published = set(B.load_table()["measure_id"].unique().to_list())
    assert {m.benchmark for m in REGISTRY.values() if m.benchmark} == published
