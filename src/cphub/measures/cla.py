"""Children looked after at a date: number, rate, short breaks, demographics, disability, UASC.

Definitions: ``shared/domain/definitions.md`` §1 rows 1, 2 and 24 (DfE "Children looked after in England
including adoptions", LAIT indicators LAC and LAC rate).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from cphub import calendar
from cphub.calendar import AGE_BAND_LABELS, age_band_expr
from cphub.measures import episodes as ep
from cphub.measures.base import CouncilData, MeasureResult
from cphub.measures.common import Tally, counts, crosstab, pct, rate_10k, shares, tally, yes_counts

AGE_BANDS = AGE_BAND_LABELS
"""DfE's published age bands for children looked after (age at the date; defined in :mod:`cphub.calendar`)."""

ETHNIC_GROUPS = ["White", "Mixed or Multiple ethnic groups", "Asian or Asian British",
                 "Black, African, Caribbean or Black British", "Other ethnic group", "Refused or not obtained"]
SEXES = ["F", "M", "U"]
CARE_LENGTH_BANDS = ["Under 1 year", "1 to 2 years", "2 to 5 years", "5 years or more"]
"""Length of the current period of care at the date (LGA guide: 'age and length of time in care')."""


def ethnic_group(ethnic: pl.Expr) -> pl.Expr:
    """ONS 2021 broad groups from the SSDA903 ETHNIC code (first letter; CHNE goes to Asian as in Census 2021)."""
    return (pl.when(ethnic.is_in(["REFU", "NOBT"]) | ethnic.is_null()).then(pl.lit(ETHNIC_GROUPS[5]))
            .when(ethnic == "CHNE").then(pl.lit(ETHNIC_GROUPS[2]))
            .when(ethnic.str.starts_with("W")).then(pl.lit(ETHNIC_GROUPS[0]))
            .when(ethnic.str.starts_with("M")).then(pl.lit(ETHNIC_GROUPS[1]))
            .when(ethnic.str.starts_with("A")).then(pl.lit(ETHNIC_GROUPS[2]))
            .when(ethnic.str.starts_with("B")).then(pl.lit(ETHNIC_GROUPS[3]))
            .otherwise(pl.lit(ETHNIC_GROUPS[4])))


def cla_count(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """DfE CLA at 31 March, at any date: distinct children with an episode open at the date, LS not V3/V4."""
    return counts(tally(ep.cla_on(data, dates), dates))


def cla_rate_10k(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """CLA per 10,000 children aged 0-17: ONS mid-year estimate of the previous calendar year (as DfE)."""
    out = []
    for t in tally(ep.cla_on(data, dates), dates):
        pop, year = ep.population(data, t.at)
        out.append(MeasureResult(rate_10k(t.rows, pop), t.rows, pop, {"population_mid_year": year}, t.cohort_ids))
    return out


def short_breaks_count(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """Children with a short-break episode (LS V3/V4) open at the date; detail: those with one in the last 12 months."""
    sb = ep.episodes(data).filter(pl.col("SB")).select("CHILD", "DECOM", "DEC")
    x = (ep.against(ep.windows_frame(dates, calendar.rolling_start), sb, "DECOM", "DEC")
         .filter((pl.col("DECOM") <= pl.col("_AT")) & (pl.col("DEC").is_null() | (pl.col("DEC") >= pl.col("_FIRST")))))
    year = dict(x.group_by("_AT").agg(pl.col("CHILD").n_unique()).iter_rows())
    now = x.filter(ep.open_on()).select("_AT", "CHILD").unique(maintain_order=True)
    return counts(tally(now, dates), lambda t: {"children_last_12_months": year.get(t.at, 0)})


def _population_share(settings: dict, key: str) -> dict | None:
    pop = settings.get(key)
    if not isinstance(pop, dict) or not pop:
        return None
    total = sum(sum(v.values()) if isinstance(v, dict) else v for v in pop.values())
    out = {}
    for k, v in pop.items():
        out[k] = ({s: pct(n, total) for s, n in v.items()} if isinstance(v, dict) else pct(v, total))
    return out


def demographics(df: pl.DataFrame, bands: pl.Expr, band_names: list[str], settings: dict, prefix: str) -> dict:
    """Age band x sex and ethnic group x sex tables of ``df`` (rows with SEX, ETHNIC, AGE), with the council's
    population shares from ``settings[prefix + "_population_age_sex"]`` / ``..._ethnicity`` when present."""
    df = df.with_columns(bands.alias("BAND"), ethnic_group(pl.col("ETHNIC")).alias("GROUP"))
    out = {
        "by_sex": {s: {"count": n, "pct": pct(n, df.height)} for s in SEXES
                   if (n := df.filter(pl.col("SEX") == s).height) or s != "U"},
        "age_by_sex": crosstab(df, "BAND", "SEX", band_names, SEXES),
        "ethnicity_by_sex": crosstab(df, "GROUP", "SEX", ETHNIC_GROUPS, SEXES),
    }
    for what in ("age_sex", "ethnicity"):
        share_ = _population_share(settings, f"{prefix}_population_{what}")
        if share_ is not None:
            out[f"population_{what}_pct"] = share_
            out[f"population_{what}_source"] = "council setting"
    return out


def add_area_ethnicity(detail: dict, la: str) -> None:
    """When the council gives no population by ethnicity, compare with its residents of all ages (ONS Census
    2021, shipped with the benchmarks) and say so."""
    if "population_ethnicity_pct" in detail:
        return
    from cphub.reference.benchmarks import area_ethnicity

    counts = area_ethnicity(la)
    if counts:
        total = sum(counts.values())
        detail["population_ethnicity_pct"] = {g: pct(counts.get(g, 0), total) for g in ETHNIC_GROUPS[:5]}
        detail["population_ethnicity_source"] = "ONS Census 2021, residents of all ages"


def cla_demographics(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """CLA at the date by DfE age band x sex and ONS broad ethnic group x sex (against the council's child
    population when ``settings["child_population_age_sex"]``/``["child_population_ethnicity"]`` are given, else
    the area's Census 2021 ethnicity), length of the current period of care, and children with a disability
    (category of need N2) by sex."""
    def detail(t: Tally) -> dict:
        cla = t.frame()
        out = demographics(cla, age_band_expr(pl.col("AGE")), AGE_BANDS, data.settings, "child")
        add_area_ethnicity(out, data.la)
        years = (pl.lit(t.at) - pl.col("PERIOD_START")).dt.total_days() / 365.25
        band = (pl.when(years < 1).then(pl.lit(CARE_LENGTH_BANDS[0])).when(years < 2)
                .then(pl.lit(CARE_LENGTH_BANDS[1])).when(years < 5).then(pl.lit(CARE_LENGTH_BANDS[2]))
                .otherwise(pl.lit(CARE_LENGTH_BANDS[3])))
        n_by = dict(cla.select(band.alias("B")).group_by("B").len().iter_rows()) if cla.height else {}
        out["time_in_care"] = [{"group": b, "count": n_by.get(b, 0), "pct": pct(n_by.get(b, 0), cla.height)}
                               for b in CARE_LENGTH_BANDS]
        dis = cla.filter(pl.col("CIN") == "N2")
        out["disability_by_sex"] = {s: {"count": dis.filter(pl.col("SEX") == s).height,
                                        "pct": pct(dis.filter(pl.col("SEX") == s).height, cla.height)}
                                    for s in SEXES}
        return out
    return counts(tally(ep.cla_on(data, dates), dates), detail)


def cla_disability_count(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """CLA at the date whose category of need on the current episode is N2 (child's disability)."""
    return yes_counts(tally(ep.cla_on(data, dates), dates, pl.col("CIN") == "N2"),
                      lambda t: {"pct_of_cla": pct(t.yes, t.rows)}, of_cohort=True)


def with_uasc(data: CouncilData, df: pl.DataFrame) -> pl.DataFrame:
    """``df`` (stacked: ``_AT``, CHILD, ...) with ``_UASC``: the child is in the UASC table with no date UASC status
    ceased (DUC) on or before the date."""
    u = ep.table(data, "UASC").select("CHILD", "DUC")
    hit = (df.select("_AT", "CHILD").join(u, on="CHILD", how="inner")
           .filter(pl.col("DUC").is_null() | (pl.col("DUC") > pl.col("_AT")))
           .select("_AT", "CHILD").unique().with_columns(pl.lit(True).alias("_UASC")))
    return df.join(hit, on=["_AT", "CHILD"], how="left").with_columns(pl.col("_UASC").fill_null(False))


def uasc_count(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """CLA at the date who are UASC (LAIT 'UASC')."""
    return yes_counts(tally(with_uasc(data, ep.cla_on(data, dates)), dates, pl.col("_UASC")))


def uasc_pct(data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """UASC as a percentage of all CLA at the date."""
    return shares(tally(with_uasc(data, ep.cla_on(data, dates)), dates, pl.col("_UASC")))
