"""Rebuild the shipped reference files in this folder from the public sources (run by hand, not at run time).

Usage: ``.venv/bin/python src/cphub/reference/data/build.py /path/to/shared/domain/reference``
Sources and licences: see SOURCE.md beside this file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

HERE = Path(__file__).parent


def build(ref: Path) -> None:
    enablers = ref / "dfe_csc_outcomes_enablers"
    cla = pl.read_csv(enablers / "cla_number_and_rate_per_10k_children.csv", infer_schema=False)
    cla = cla.rename({c: c.lstrip("\ufeff") for c in cla.columns})
    la = cla.filter(pl.col("geographic_level") == "Local authority")
    kinds = {"Children looked after on 31 March each year": "cla_31_march",
             "Children starting to be looked after each year": "started",
             "Children ceasing to be looked after each year": "ceased"}
    counts = (la.filter(pl.col("population_type").is_in(list(kinds)))
              .with_columns(pl.col("population_type").replace_strict(kinds).alias("measure"),
                            pl.col("children_count").cast(pl.Int64, strict=False).alias("n"),
                            pl.col("time_period").cast(pl.Int64).alias("year"))
              .filter(pl.col("n").is_not_null())
              .pivot("measure", index=["old_la_code", "year"], values="n")
              .rename({"old_la_code": "code"}).sort("code", "year"))
    counts.select("code", "year", "cla_31_march", "started", "ceased").write_csv(HERE / "cla_counts.csv")

    latest = la.filter(pl.col("time_period") == la["time_period"].max(),
                       pl.col("population_estimate") != "x")  # x = council abolished (Cumbria, Northamptonshire)
    register = (latest.select(pl.col("old_la_code").alias("code"), pl.col("new_la_code").alias("ons_code"),
                              pl.col("la_name").alias("name"), pl.col("region_name").alias("region"))
                .unique("code").sort("code"))
    register.write_csv(HERE / "councils.csv")

    pop = pl.read_csv(enablers / "ons_mid-year_population_estimates_2012_to_2024.csv", infer_schema=False)
    pop = (pop.filter(pl.col("geographic_level") == "Local authority",
                      pl.col("old_la_code").is_in(register["code"].to_list()))
           .select(pl.col("old_la_code").alias("code"), pl.col("time_period").cast(pl.Int64).alias("mid_year"),
                   pl.col("population_estimate").cast(pl.Int64).alias("children_0_17"))
           .sort("code", "mid_year"))
    pop.write_csv(HERE / "populations.csv")

    # Postcodes: Great Britain (England, Wales, Scotland); NI is left out (Irish grid, extra LPS terms).
    lookup = pl.read_csv(enablers / "LTLA-UTLA_Apr23_Lookup_England-Wales.csv", infer_schema=False)
    lookup = lookup.rename({c: c.lstrip("\ufeff") for c in lookup.columns})
    ltla_utla = dict(zip(lookup["LTLA23CD"], lookup["UTLA23CD"]))
    ltla_utla.update({"E08000038": "E08000038", "E08000039": "E08000039"})  # Barnsley, Sheffield recoded 2025
    las = pl.read_csv(ref / "la_codes" / "las.csv", infer_schema=False)
    utla_dfe = {n: o for n, o in zip(las["new_la_code"], las["old_la_code"]) if o and o.isdigit()}
    utla_dfe.update(dict(zip(register["ons_code"], register["code"])))
    onspd = pl.read_csv(ref / "postcodes" / "onspd_nov2025_subset.csv.gz", infer_schema=False)
    onspd = (onspd.filter(pl.col("laua").str.contains(r"^[ESW]\d{8}$"), pl.col("oseast1m") != "nan")
             .select(pl.col("pcd").str.replace_all(" ", "").alias("pcd"),
                     pl.col("oseast1m").cast(pl.Float64).cast(pl.Int32).alias("easting"),
                     pl.col("osnrth1m").cast(pl.Float64).cast(pl.Int32).alias("northing"),
                     pl.col("laua").alias("lad")))
    utla = onspd["lad"].replace_strict(ltla_utla, default=None)
    onspd = onspd.with_columns(
        pl.when(pl.col("lad").str.starts_with("E"))
        .then(utla.replace_strict(utla_dfe, default=None))
        .when(pl.col("lad").str.starts_with("W")).then(pl.lit("WAL"))
        .otherwise(pl.lit("SCO")).alias("la_code"))
    missing = onspd.filter(pl.col("la_code").is_null())["lad"].unique().to_list()
    if missing:
        raise SystemExit(f"LADs with no DfE LA code: {missing}")
    onspd = onspd.with_columns(pl.col("lad").cast(pl.Categorical), pl.col("la_code").cast(pl.Categorical)).sort("pcd")
    onspd.write_parquet(HERE / "postcodes.parquet", compression="zstd", compression_level=19, statistics=False)

    sectors = pl.read_csv(ref / "postcodes" / "postcode_sector_centroids_onspd_nov2025.csv", infer_schema=False)
    sectors = (sectors.filter(pl.col("grid") == "OSGB")
               .select(pl.col("pc_sector").str.replace_all(" ", "").alias("sector"),
                       pl.col("oseast1m").cast(pl.Float64).cast(pl.Int32).alias("easting"),
                       pl.col("osnrth1m").cast(pl.Float64).cast(pl.Int32).alias("northing"),
                       pl.col("n_postcodes").cast(pl.Int32),
                       pl.col("modal_lad25cd").alias("lad"),
                       pl.coalesce(pl.col("dfe_old_la_code"),
                                   pl.col("country").replace_strict({"Wales": "WAL", "Scotland": "SCO"},
                                                                    default=None)).alias("la_code")))
    sectors.write_parquet(HERE / "postcode_sectors.parquet", compression="zstd", compression_level=19)


if __name__ == "__main__":
    build(Path(sys.argv[1]))
