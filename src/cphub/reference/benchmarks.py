"""DfE benchmarks for the scorecard: each measure's value for every council, region and England by year, and the
council's ten statistical neighbours (DfE children's services statistical neighbour model, 2025).

The shipped table ``data/benchmarks/benchmarks.csv`` is built by :func:`build` from DfE open data (sources and
licence in ``data/benchmarks/SOURCE.md``): the explore-education-statistics (EES) files that the DfE "CSC
Outcomes and Enablers" dashboard reads, and, for measures those files lack, the Local Authority Interactive
Tool (LAIT) data store. Rebuild it from newer files with ``cphub benchmarks refresh --ees DIR --lait FILE``.

Statistical-neighbour statistic: the two DfE tools differ. LAIT shows the **mean** of the ten neighbours' values;
the Outcomes & Enablers dashboard the **median**. :func:`benchmark` defaults to the mean (as LAIT and most panel
packs) and takes ``statistic="median"`` for the dashboard's figure. Neighbours without a value (suppressed or
not published) are left out of either statistic; ``sn_count`` says how many were used.
"""

from __future__ import annotations

import statistics
from functools import cache
from pathlib import Path

import polars as pl

DATA = Path(__file__).parent / "data" / "benchmarks"
TABLE = DATA / "benchmarks.csv"
NEIGHBOURS = DATA / "statistical_neighbours.csv"
ETHNICITY = DATA / "census2021_ethnicity.csv"

# (measure id, EES file, filter columns -> value, value column). Percentages and rates are as DfE publishes them.
EES_SOURCES: list[tuple[str, str, dict[str, str], str]] = [
    ("cla_rate_10k", "cla_number_and_rate_per_10k_children.csv",
     {"population_type": "Children looked after on 31 March each year"}, "rate_per_10000"),
    ("entries_rate_10k", "cla_number_and_rate_per_10k_children.csv",
     {"population_type": "Children starting to be looked after each year"}, "rate_per_10000"),
    ("exits_rate_10k", "cla_number_and_rate_per_10k_children.csv",
     {"population_type": "Children ceasing to be looked after each year"}, "rate_per_10000"),
    ("stability_short_term_pct", "la_cla_placement_stability.csv",
     {"cla_group": "CLA on 31 March", "placement_stability": "With 3 or more placements during the year"},
     "children_percent"),
    ("stability_long_term_pct", "la_cla_placement_stability.csv",
     {"cla_group": "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years",
      "placement_stability": "Living with the same carer for at least 2 years"}, "children_percent"),
    ("health_assessment_pct", "la_conviction_health_outcome_cla.csv",
     {"characteristic": "Health assessments: Children looked after all ages",
      "breakdown": "Had their annual health assessment"}, "children_percent"),
    ("dental_check_pct", "la_conviction_health_outcome_cla.csv",
     {"characteristic": "Health assessments: Children looked after all ages",
      "breakdown": "Had their teeth checked by a dentist"}, "children_percent"),
    ("convictions_pct", "la_conviction_health_outcome_cla.csv",
     {"characteristic": "Convictions: Children looked after Ages 10 to 17 years",
      "breakdown": "Convicted or subject to youth cautions, or youth conditional cautions during the year"},
     "children_percent"),
    ("sdq_mean", "la_conviction_health_outcome_cla.csv",
     {"characteristic": "Ages 5 to 16 years with SDQ score", "breakdown": "SDQ average score"}, "children_count"),
    ("ceyp_eet_19_21_pct", "la_care_leavers_activity.csv",
     {"care_leaver_age": "19 to 21 years", "breakdown": "Total in education, employment or training"},
     "care_leaver_percent"),
    ("ceyp_eet_17_18_pct", "la_care_leavers_activity.csv",
     {"care_leaver_age": "17 to 18 years", "breakdown": "Total in education, employment or training"},
     "care_leaver_percent"),
    ("ceyp_suitable_accom_19_21_pct", "la_care_leavers_accommodation_suitability.csv",
     {"care_leaver_age": "19 to 21 years", "breakdown": "Accommodation considered suitable"}, "care_leaver_percent"),
    ("ceyp_suitable_accom_17_18_pct", "la_care_leavers_accommodation_suitability.csv",
     {"care_leaver_age": "17 to 18 years", "breakdown": "Accommodation considered suitable"}, "care_leaver_percent"),
]

CEASED_FILE_PREFIX = "la_children_who_ceased_during_the_year"
POSITIVE_EXIT_REASONS = [
    "Adopted", "Special guardianship orders", "Residence order or child arrangement order granted",
    "Returned home to live with parents or other person with parental responsibility which was part of the care "
    "planning process", "Aged 18 (or over) and remained with current carers",
    "Moved into independent living (with supportive accommodation)",
]
"""EES reason groups matching the default 'positive' exits (cphub.measures.entries_exits.DEFAULT_POSITIVE_EXITS)."""

# measure id -> LAIT short description (LAIT "bds_long" data store), used for measures the EES files lack.
LAIT_SOURCES: dict[str, str] = {
    "uasc_pct": "Unacc_Asylmn_Seek_Childn%",
    "placed_outside_la_over_20_miles_pct": "LACDistance",
    "placement_type_mix": "LAC_Foster_Placements",
    "missing_pct": "Children_missing",
    "staying_put_19_20_pct": "StayingPut",
}
LAIT_ENGLAND = 970
LAIT_REGION_NAMES = {"London (Inner)": "Inner London", "London (Outer)": "Outer London",
                     "Yorkshire and the Humber": "Yorkshire and The Humber"}
"""LAIT region names spelt as EES and the statistical-neighbour model spell them."""
LAIT_REGIONS = range(971, 1000)

COLUMNS = {"measure_id": pl.String, "year": pl.Int64, "level": pl.String, "code": pl.String, "name": pl.String,
           "value": pl.Float64, "source": pl.String}


def _num(col: str) -> pl.Expr:
    """DfE values to floats; suppression and symbols (c, k, x, z, u, low, -) become null."""
    return pl.col(col).cast(pl.String).str.strip_chars().cast(pl.Float64, strict=False)


def _ees_rows(df: pl.DataFrame, measure_id: str, value: pl.Expr, source: str) -> pl.DataFrame:
    level = (pl.when(pl.col("geographic_level") == "National").then(pl.lit("england"))
             .when(pl.col("geographic_level") == "Regional").then(pl.lit("region")).otherwise(pl.lit("la")))
    code = (pl.when(pl.col("geographic_level") == "National").then(pl.lit("England"))
            .when(pl.col("geographic_level") == "Regional").then(pl.col("region_name"))
            .otherwise(pl.col("old_la_code")))
    name = (pl.when(pl.col("geographic_level") == "Local authority").then(pl.col("la_name"))
            .otherwise(code))
    return (df.filter(pl.col("geographic_level").is_in(["National", "Regional", "Local authority"]))
            .select(pl.lit(measure_id).alias("measure_id"), pl.col("time_period").cast(pl.Int64).alias("year"),
                    level.alias("level"), code.cast(pl.String).alias("code"), name.cast(pl.String).alias("name"),
                    value.alias("value"), pl.lit(source).alias("source")))


def _read(path: Path) -> pl.DataFrame:
    df = pl.read_csv(path, infer_schema_length=0, encoding="utf8-lossy")
    return df.rename({c: c.lstrip("\ufeff") for c in df.columns})


def build_ees(ees_dir: Path) -> pl.DataFrame:
    """Tidy rows from the EES files in ``ees_dir`` (missing files are skipped)."""
    parts = []
    cache_: dict[str, pl.DataFrame] = {}
    for mid, fname, filters, col in EES_SOURCES:
        path = ees_dir / fname
        if not path.exists():
            continue
        df = cache_.setdefault(fname, _read(path))
        for k, v in filters.items():
            df = df.filter(pl.col(k) == v)
        parts.append(_ees_rows(df, mid, _num(col), f"EES {fname}"))
    ceased = sorted(ees_dir.glob(f"{CEASED_FILE_PREFIX}*.csv"))
    if ceased:
        df = _read(ceased[-1]).filter(pl.col("cla_group") == "Reason episode ceased")
        keys = ["time_period", "geographic_level", "region_name", "old_la_code", "la_name"]
        num = df.with_columns(_num("number").alias("n"))
        total = num.filter(pl.col("characteristic") == "Total").select(*keys, pl.col("n").alias("total"))
        for mid, reasons in (("adoptions_pct", ["Adopted"]), ("positive_exits_pct", POSITIVE_EXIT_REASONS)):
            if mid == "adoptions_pct":
                part = num.filter(pl.col("characteristic") == "Adopted").with_columns(_num("percentage").alias("v"))
                parts.append(_ees_rows(part, mid, pl.col("v"), f"EES {ceased[-1].name}"))
                continue
            s = (num.filter(pl.col("characteristic").is_in(reasons)).group_by(keys, maintain_order=True)
                 .agg(pl.col("n").sum(), pl.col("n").null_count().alias("nulls")))
            s = s.join(total, on=keys, how="left", nulls_equal=True).with_columns(
                pl.when((pl.col("nulls") == 0) & (pl.col("total") > 0))
                .then((100 * pl.col("n") / pl.col("total")).round(0)).otherwise(None).alias("v"))
            parts.append(_ees_rows(s, mid, pl.col("v"), f"EES {ceased[-1].name} (sum of reasons)"))
    return pl.concat(parts, how="vertical_relaxed") if parts else pl.DataFrame(schema=COLUMNS)


def build_lait(lait_file: Path, skip: set[str] = frozenset()) -> pl.DataFrame:
    """Tidy rows from the LAIT long extract (CSV, optionally gzipped; columns short_desc, years, la_or_region,
    la_number, value) or the LAIT parquet data store (columns Short Desc, Years, LA and Regions, LA Number,
    Values) for the measures in :data:`LAIT_SOURCES` not in ``skip``."""
    if lait_file.suffix == ".parquet":
        df = pl.read_parquet(lait_file).rename({"Short Desc": "short_desc", "Years": "years",
                                                "LA and Regions": "la_or_region", "LA Number": "la_number",
                                                "Values": "value"}, strict=False)
    else:
        df = pl.read_csv(lait_file, infer_schema_length=0)
    wanted = {v: k for k, v in LAIT_SOURCES.items() if k not in skip}
    df = df.filter(pl.col("short_desc").is_in(list(wanted)))
    num = pl.col("la_number").cast(pl.String).cast(pl.Float64, strict=False).cast(pl.Int64)
    level = (pl.when(num == LAIT_ENGLAND).then(pl.lit("england"))
             .when(num.is_between(LAIT_REGIONS.start, LAIT_REGIONS.stop - 1)).then(pl.lit("region"))
             .otherwise(pl.lit("la")))
    code = (pl.when(num == LAIT_ENGLAND).then(pl.lit("England"))
            .when(num.is_between(LAIT_REGIONS.start, LAIT_REGIONS.stop - 1))
            .then(pl.col("la_or_region").replace(LAIT_REGION_NAMES))
            .otherwise(num.cast(pl.String)))
    return df.select(pl.col("short_desc").replace_strict(wanted).alias("measure_id"),
                     pl.col("years").cast(pl.String).str.slice(0, 4).cast(pl.Int64, strict=False).alias("year"),
                     level.alias("level"), code.cast(pl.String).alias("code"),
                     pl.col("la_or_region").cast(pl.String).alias("name"), _num("value").alias("value"),
                     pl.lit(f"LAIT {lait_file.name}").alias("source")).filter(pl.col("year").is_not_null())


def build_neighbours(sn_file: Path) -> pl.DataFrame:
    """The statistical-neighbour model (``sn_model_*_wide.csv``) as la_code, la_name, region, sn_1..sn_10."""
    df = _read(sn_file)
    cols = [pl.col("old_la_code").cast(pl.String).alias("la_code"), pl.col("la_name"),
            pl.col("region_name").alias("region")]
    cols += [pl.col(f"SN_{i}").cast(pl.String).alias(f"sn_{i}") for i in range(1, 11)]
    return df.select(cols)


CENSUS_GROUPS = [(range(1, 6), "Asian or Asian British"), (range(6, 9), "Black, African, Caribbean or Black British"),
                 (range(9, 13), "Mixed or Multiple ethnic groups"), (range(13, 18), "White"),
                 (range(18, 20), "Other ethnic group")]
"""ONS Census 2021 'Ethnic group (20 categories)' codes grouped into the broad groups the measures use."""


def build_ethnicity(census_file: Path, las_file: Path) -> pl.DataFrame:
    """Census 2021 usual residents (all ages) by broad ethnic group and council (3-digit DfE code), from the ONS
    upper-tier table and the DfE code list (``las.csv``: new_la_code -> old_la_code)."""
    df = _read(census_file)
    df = df.rename(dict(zip(df.columns, ["ons_code", "name", "cat", "label", "count"])))
    codes = _read(las_file).select(pl.col("new_la_code").alias("ons_code"), pl.col("old_la_code").alias("la_code"))
    group = pl.lit(None, dtype=pl.String)
    for rng, name in reversed(CENSUS_GROUPS):
        in_range = pl.col("cat").cast(pl.Int64).is_between(rng.start, rng.stop - 1)
        group = pl.when(in_range).then(pl.lit(name)).otherwise(group)
    return (df.with_columns(group.alias("group"), pl.col("count").cast(pl.Int64))
            .filter(pl.col("group").is_not_null())
            .join(codes.unique("ons_code"), on="ons_code", how="inner")
            .group_by("la_code", "group").agg(pl.col("count").sum()).sort("la_code", "group"))


@cache
def load_ethnicity() -> pl.DataFrame:
    return pl.read_csv(ETHNICITY, schema={"la_code": pl.String, "group": pl.String, "count": pl.Int64})


def area_ethnicity(la: str) -> dict[str, int]:
    """The council's residents (all ages, ONS Census 2021) by broad ethnic group; empty when not known."""
    if not ETHNICITY.exists():
        return {}
    return dict(load_ethnicity().filter(pl.col("la_code") == str(la)).select("group", "count").iter_rows())


def build(ees_dir: Path, lait_file: Path | None = None) -> pl.DataFrame:
    """The tidy benchmark table: EES first, LAIT for the measures EES lacks."""
    ees = build_ees(ees_dir)
    parts = [ees]
    if lait_file is not None and lait_file.exists():
        parts.append(build_lait(lait_file, skip=set(ees["measure_id"].unique().to_list())))
    out = pl.concat([p.select(list(COLUMNS)).cast(COLUMNS) for p in parts])
    return out.unique(["measure_id", "year", "level", "code"], keep="first").sort("measure_id", "year", "level", "code")


def refresh(ees_dir: Path, lait_file: Path | None = None, sn_file: Path | None = None, out_dir: Path = DATA,
            census_file: Path | None = None, las_file: Path | None = None) -> dict:
    """Rebuild the shipped tables from newer DfE files; returns row counts and the years covered."""
    table = build(ees_dir, lait_file)
    if not table.height:  # never replace the shipped table with nothing
        return {"rows": 0, "measures": 0, "years": []}
    out_dir.mkdir(parents=True, exist_ok=True)
    table.write_csv(out_dir / TABLE.name)
    sn_file = sn_file or next(iter(sorted(ees_dir.glob("sn_model_*_wide.csv"), reverse=True)), None)
    if sn_file is not None:
        build_neighbours(sn_file).write_csv(out_dir / NEIGHBOURS.name)
    census = census_file or ees_dir / "ons-ethnic-population-la.csv"
    if las_file is not None and census.exists() and las_file.exists():
        build_ethnicity(census, las_file).write_csv(out_dir / ETHNICITY.name)
        load_ethnicity.cache_clear()
    load_table.cache_clear()
    load_neighbours.cache_clear()
    _MEMO.clear()
    return {"rows": table.height, "measures": table["measure_id"].n_unique(),
            "years": sorted(table["year"].unique().to_list())}


@cache
def load_table() -> pl.DataFrame:
    return pl.read_csv(TABLE, schema=COLUMNS)


@cache
def load_neighbours() -> pl.DataFrame:
    return pl.read_csv(NEIGHBOURS, infer_schema_length=0)


_MEMO: dict[str, tuple[object, dict]] = {}


def _memo(name: str, source: object) -> dict:
    """A memo dict kept while ``source`` (a loaded table) is the same object; a new table starts a new memo."""
    held = _MEMO.get(name)
    if held is None or held[0] is not source:
        held = _MEMO[name] = (source, {})
    return held[1]


def _neighbour_index() -> dict[str, tuple[list[str], str | None]]:
    """Every council's statistical neighbours and region, by its code (built once per loaded table)."""
    sn = load_neighbours()
    memo = _memo("neighbours", sn)
    if "index" not in memo:
        out: dict[str, tuple[list[str], str | None]] = {}
        for row in sn.iter_rows(named=True):
            out.setdefault(str(row["la_code"]),
                           ([row[f"sn_{i}"] for i in range(1, 11) if row[f"sn_{i}"]], row["region"]))
        memo["index"] = out
    return memo["index"]


def neighbours(la: str) -> tuple[list[str], str | None]:
    """The council's ten statistical neighbours (3-digit codes, closest first) and its region."""
    sns, region = _neighbour_index().get(str(la), ([], None))
    return list(sns), region


def _published(measure_id: str, year: int) -> tuple[int, dict, dict, float | None] | None:
    """The latest year up to ``year`` with published values of ``measure_id``: (year, council values by code,
    region values by name, England), looked up once per loaded table."""
    table = load_table()
    memo = _memo("published", table)
    if (measure_id, year) not in memo:
        t = table.filter(pl.col("measure_id") == measure_id)
        years = sorted(y for y in t["year"].unique().to_list() if y <= year)
        if not years:
            memo[(measure_id, year)] = None
        else:
            y = years[-1]
            t = t.filter(pl.col("year") == y)
            eng = t.filter(pl.col("level") == "england")["value"]
            memo[(measure_id, year)] = (
                y, dict(t.filter(pl.col("level") == "la").select("code", "value").iter_rows()),
                dict(t.filter(pl.col("level") == "region").select("code", "value").iter_rows()),
                eng[0] if eng.len() else None)
    return memo[(measure_id, year)]


def benchmark(measure_id: str, la: str, year: int, statistic: str = "mean") -> dict:
    """DfE benchmarks for ``measure_id`` beside council ``la`` (3-digit code) for ``year`` (collection year by its
    ending), or the latest earlier year published: ``{"statistical_neighbours", "region", "england", "year",
    "statistic", "region_name", "sn_count", "council"}``. ``statistic`` is "mean" (LAIT, default) or "median"
    (Outcomes & Enablers dashboard) of the neighbours' values, to one decimal place."""
    if statistic not in ("mean", "median"):
        raise ValueError("statistic must be 'mean' or 'median'")
    empty = {"statistical_neighbours": None, "region": None, "england": None, "year": None,
             "statistic": statistic, "region_name": None, "sn_count": 0, "council": None}
    published = _published(measure_id, year)
    if published is None:
        return empty
    y, las, regions, england = published
    sns, region = neighbours(la)
    values = [las[c] for c in sns if las.get(c) is not None]
    sn_value = None
    if values:
        sn_value = round(statistics.fmean(values) if statistic == "mean" else statistics.median(values), 1)
    return {"statistical_neighbours": sn_value, "region": regions.get(region) if region else None,
            "england": england, "year": y, "statistic": statistic, "region_name": region,
            "sn_count": len(values), "council": las.get(str(la))}
