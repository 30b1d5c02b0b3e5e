"""Great Britain postcodes (ONS Postcode Directory, November 2025) for distances and synthetic data.

``lookup`` gives OS grid references and the DfE code of the upper-tier council for full postcodes, falling back to
the postcode-sector centroid when only a truncated postcode ("AB1 2") is given (as regional pooling degrades them;
definitions.md §1.1). DfE's PL_DISTANCE is the straight line between the two grid references in metres
/ 1000 / 1.6093, to 0.1 mile (:func:`distance_miles`). ``sample_near`` draws real postcodes near or far from a
council for the synthetic generator. Sources and licence: ``data/SOURCE.md``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

DATA = Path(__file__).parent / "data"
FULL_RE = r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$"
SECTOR_RE = r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9]$"
METRES_PER_MILE = 1609.3


@cache
def postcodes() -> pl.DataFrame:
    """All shipped postcodes: pcd (no spaces), easting, northing (metres), lad, la_code (DfE 3-digit, WAL or SCO)."""
    return pl.read_parquet(DATA / "postcodes.parquet").with_columns(
        pl.col("lad").cast(pl.String), pl.col("la_code").cast(pl.String))


@cache
def sectors() -> pl.DataFrame:
    """Postcode-sector centroids: sector (e.g. "SL12" for "SL1 2"), easting, northing, n_postcodes, lad, la_code."""
    return pl.read_parquet(DATA / "postcode_sectors.parquet")


def normalise(postcodes_: pl.Series) -> pl.Series:
    """Upper case, spaces removed."""
    return postcodes_.cast(pl.String).str.to_uppercase().str.replace_all(r"\s+", "")


def format_postcode(pcd: str) -> str:
    """"SL12AB" -> "SL1 2AB" (a full postcode as the 903 holds it)."""
    return f"{pcd[:-3]} {pcd[-3:]}"


@cache
def _directory_sorted() -> bool:
    return postcodes()["pcd"].is_sorted()


def _directory_rows(norm: pl.Series) -> pl.DataFrame:
    """The directory's rows for the normalised postcodes ``norm`` (those it holds, once each): a binary search
    when the directory is sorted by pcd (as shipped), else a scan."""
    wanted = norm.drop_nulls().unique()
    pc = postcodes()
    if not _directory_sorted() or pc.height == 0 or wanted.len() == 0:
        return pc.filter(pl.col("pcd").is_in(wanted.implode()))
    idx = pc["pcd"].search_sorted(wanted).clip(0, pc.height - 1)
    rows = pc.select(pl.all().gather(idx))
    return rows.filter(rows["pcd"] == wanted)  # aligned with ``wanted``: only exact hits, once each


def lookup(postcodes_: pl.Series) -> pl.DataFrame:
    """Grid references and council of each postcode, in input order.

    Columns: postcode (as given), easting, northing, la_code (DfE code of the upper-tier council, WAL/SCO outside
    England), found (bool), from_sector (True when the value is a sector centroid because only a truncated
    postcode such as "AB1 2" was given). Unknown or blank postcodes give found = False and nulls.
    """
    raw = postcodes_.cast(pl.String).alias("postcode")
    up = raw.str.to_uppercase().str.strip_chars()
    norm = up.str.replace_all(r"\s+", "")
    df = pl.DataFrame({"postcode": raw, "_pcd": norm, "_up": up}).with_row_index("_i")
    ref = _directory_rows(norm).select("pcd", "easting", "northing", "la_code")
    full = df.join(ref, left_on="_pcd", right_on="pcd", how="left")
    is_sector = pl.col("_up").str.contains(SECTOR_RE) & pl.col("easting").is_null()
    sec = sectors().select(pl.col("sector"), pl.col("easting").alias("s_e"), pl.col("northing").alias("s_n"),
                           pl.col("la_code").alias("s_la"))
    out = (full.join(sec, left_on="_pcd", right_on="sector", how="left")
           .with_columns(is_sector.fill_null(False).alias("_sec"))
           .with_columns(
               pl.when(pl.col("_sec")).then(pl.col("s_e")).otherwise(pl.col("easting")).alias("easting"),
               pl.when(pl.col("_sec")).then(pl.col("s_n")).otherwise(pl.col("northing")).alias("northing"),
               pl.when(pl.col("_sec")).then(pl.col("s_la")).otherwise(pl.col("la_code")).alias("la_code"))
           .with_columns(pl.col("easting").is_not_null().alias("found"),
                         (pl.col("_sec") & pl.col("s_e").is_not_null()).alias("from_sector"))
           .sort("_i"))
    return out.select("postcode", pl.col("easting").cast(pl.Int64), pl.col("northing").cast(pl.Int64), "la_code",
                      "found", "from_sector")


MILES = 1.6093
UNCERTAIN = (18.0, 22.0)


def _clean(s: pl.Expr) -> pl.Expr:
    return s.str.to_uppercase().str.strip_chars()


def postcode_distances(pairs: pl.DataFrame, lookup: Callable[[pl.Series], pl.DataFrame]) -> pl.DataFrame:
    """DfE's derived placement fields for each (HOME_POST, PL_POST) pair of ``pairs``: DISTANCE (miles, 0.1; null
    unless both postcodes are found), PL_LA (the council of the placement postcode; null when not found) and the
    UNCERTAIN flag (a result between 18 and 22 miles that used a sector centroid because only a
    truncated postcode was known). Used by the measures and by the SSDA903 validation rules on the
    derived fields (PL_DISTANCE, PL_LA, PL_LOCATION)."""
    pairs = (pairs.select("HOME_POST", "PL_POST").unique()
             .with_columns(_clean(pl.col("HOME_POST")).alias("_H"), _clean(pl.col("PL_POST")).alias("_P")))
    codes = pl.concat([pairs["_H"], pairs["_P"]]).drop_nulls().unique()
    found = lookup(codes.alias("postcode"))
    ref = pl.DataFrame({"_PC": codes}).hstack(found.select("easting", "northing", "la_code", "found", "from_sector"))
    ref = ref.with_columns(pl.col("found").fill_null(False))
    h = ref.rename({"_PC": "_H", "easting": "HE", "northing": "HN", "la_code": "HLA", "found": "HF",
                    "from_sector": "HS"})
    p = ref.rename({"_PC": "_P", "easting": "PE", "northing": "PN", "la_code": "PL_LA", "found": "PF",
                    "from_sector": "PS"})
    df = pairs.join(h, on="_H", how="left").join(p, on="_P", how="left")
    known = pl.col("HF").fill_null(False) & pl.col("PF").fill_null(False)
    metres = ((pl.col("HE") - pl.col("PE")) ** 2 + (pl.col("HN") - pl.col("PN")) ** 2).sqrt()
    dist = (metres / 1000 / MILES).round(1)
    df = df.with_columns(pl.when(known).then(dist).otherwise(None).alias("DISTANCE"),
                         pl.when(pl.col("PF").fill_null(False)).then(pl.col("PL_LA")).alias("PL_LA"))
    df = df.with_columns(((pl.col("HS").fill_null(False) | pl.col("PS").fill_null(False))
                          & pl.col("DISTANCE").is_between(*UNCERTAIN)).alias("UNCERTAIN"))
    return df.select("HOME_POST", "PL_POST", "DISTANCE", "PL_LA", "UNCERTAIN")


def distance_miles(e1: float, n1: float, e2: float, n2: float) -> float:
    """DfE PL_DISTANCE: straight line between OS grid references (metres) / 1000 / 1.6093, to 0.1 mile."""
    return round(math.hypot(e1 - e2, n1 - n2) / 1000 / MILES, 1)


@dataclass(frozen=True)
class Pool:
    """Postcodes to sample from for one council: in the council, nearby (< 12 mi of its centre), far (> 25 mi)."""

    la_code: str
    centre: tuple[float, float]
    inside: tuple[tuple[str, int, int, str], ...]   # (pcd, easting, northing, la_code)
    nearby: tuple[tuple[str, int, int, str], ...]
    far: tuple[tuple[str, int, int, str], ...]


@cache
def pool(la_code: str, size: int = 4000) -> Pool:
    """A deterministic sample of real postcodes for ``la_code`` (see :class:`Pool`)."""
    allpc = postcodes()
    own = allpc.filter(pl.col("la_code") == la_code)
    if own.height == 0:
        raise KeyError(f"No postcodes for council {la_code}")
    ce, cn = float(own["easting"].mean()), float(own["northing"].mean())
    seed = int(la_code) if la_code.isdigit() else 0
    dist = ((pl.col("easting") - ce) ** 2 + (pl.col("northing") - cn) ** 2).sqrt()

    def rows(df: pl.DataFrame, k: int) -> tuple[tuple[str, int, int, str], ...]:
        if df.height > k:
            df = df.sample(k, seed=seed)
        return tuple(df.select("pcd", "easting", "northing", "la_code").iter_rows())

    eng = allpc.filter(pl.col("la_code").str.contains(r"^\d{3}$"))
    nearby = eng.filter(dist < 12 * METRES_PER_MILE)
    far = eng.filter(dist > 25 * METRES_PER_MILE, dist < 250 * METRES_PER_MILE)
    return Pool(la_code, (ce, cn), rows(own, size), rows(nearby, size), rows(far, size))


def sample_near(la_code: str, n: int, rng: random.Random, far_share: float = 0.25) -> pl.DataFrame:
    """``n`` real postcodes for children of ``la_code``: a share ``far_share`` more than 25 miles from the
    council's centre (so over 20 miles from a home inside it), the rest in or within 12 miles of the council.

    Columns: postcode ("SL1 2AB"), easting, northing, far (bool). Deterministic for the state of ``rng``.
    """
    p = pool(la_code)
    out = []
    for _ in range(n):
        far = rng.random() < far_share
        pcd, e, nn, _ = rng.choice(p.far if far else (p.inside if rng.random() < 0.7 else p.nearby))
        out.append((format_postcode(pcd), e, nn, far))
    return pl.DataFrame(out, schema={"postcode": pl.String, "easting": pl.Int64, "northing": pl.Int64,
                                     "far": pl.Boolean}, orient="row")
