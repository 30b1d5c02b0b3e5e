"""SSDA903 integrity ("internal check") rules INT01-INT36, EPI and NoE: one table of checks, one rule family.

DfE texts (``shared/domain/validation-rules/903_lac20xx_xx_rules.csv``): "Child in <table> does not exist in
Header" (INT01-INT09), "DOB in <table> is different to DOB in Header" (INT11-INT18), "SEX in UASC is different to
SEX in Header" (INT21), "Child should only exist once in <table>" (INT31-INT36). Each row below is one DfE rule; the
family registers them all on the engine. Our own wording.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from cphub.rule_engine import Rule
from cphub.ssda903.rules.base import RULES, Context, rule
from cphub.ssda903.rules.helpers import ROW, episodes, failing, lit_date, none, present


@dataclass(frozen=True)
class IntegrityCheck:
    code: str
    table: str
    kind: str  # "in_header" | "same_dob" | "same_sex" | "once"


Int = IntegrityCheck
INTEGRITY_CHECKS: tuple[IntegrityCheck, ...] = (
    Int("INT01", "AD1", "in_header"), Int("INT02", "PlacedAdoption", "in_header"), Int("INT03", "Episodes", "in_header"),
    Int("INT04", "Missing", "in_header"), Int("INT05", "OC2", "in_header"), Int("INT06", "OC3", "in_header"),
    Int("INT07", "PrevPerm", "in_header"), Int("INT08", "Reviews", "in_header"), Int("INT09", "UASC", "in_header"),
    Int("INT11", "AD1", "same_dob"), Int("INT12", "PlacedAdoption", "same_dob"), Int("INT13", "Missing", "same_dob"),
    Int("INT14", "OC2", "same_dob"), Int("INT15", "OC3", "same_dob"), Int("INT16", "PrevPerm", "same_dob"),
    Int("INT17", "Reviews", "same_dob"), Int("INT18", "UASC", "same_dob"),
    Int("INT21", "UASC", "same_sex"),
    Int("INT31", "AD1", "once"), Int("INT32", "Header", "once"), Int("INT33", "OC2", "once"), Int("INT34", "OC3", "once"),
    Int("INT35", "PrevPerm", "once"), Int("INT36", "UASC", "once"),
)
_MESSAGES = {
    "in_header": "The child in the {table} table is not in the Header table.",
    "same_dob": "The date of birth in the {table} table differs from the child's date of birth in Header.",
    "same_sex": "The sex in the {table} table differs from the child's sex in Header.",
    "once": "The child appears more than once in the {table} table.",
}
_FIELDS = {"in_header": "CHILD", "same_dob": "DOB", "same_sex": "SEX", "once": "CHILD"}


def _integrity_query(check: IntegrityCheck):
    def query(ctx: Context) -> pl.LazyFrame:
        df = ctx[check.table].lazy()
        header = ctx["Header"].lazy().select("CHILD", *(("DOB", "SEX") if check.table != "Header" else ()))
        if check.kind == "in_header":
            return failing(df.join(header.select("CHILD"), on="CHILD", how="anti"))
        if check.kind == "once":
            return failing(df.filter(present("CHILD")), pl.col("CHILD").is_duplicated())
        col = "DOB" if check.kind == "same_dob" else "SEX"
        right = header.select("CHILD", pl.col(col).alias("_HDR")).unique("CHILD", keep="first")
        return failing(df.join(right, on="CHILD", how="inner"), pl.col(col) != pl.col("_HDR"))

    query.__doc__ = f"DfE {check.code}: {_MESSAGES[check.kind].format(table=check.table)}"
    return query


for _c in INTEGRITY_CHECKS:
    _tables = (_c.table,) if _c.table == "Header" else (_c.table, "Header")
    RULES.add(Rule(_c.code, _MESSAGES[_c.kind].format(table=_c.table), _tables, (_FIELDS[_c.kind],),
                   _integrity_query(_c), "error", (None, None), False, "CHILD"))


@rule("EPI", "No episodes are loaded for this child (and no care leaver information): the child's other information "
      "cannot be checked.", ("Header", "Episodes", "OC3"), "CHILD", severity="warning")
def epi(ctx: Context) -> pl.LazyFrame:
    """DfE EPI: "WARNING: Episodes need to be loaded for this child before further validation is possible." A Header
    child with no Episodes row and no OC3 row (a care leaver has no episodes this year)."""
    known = pl.concat([ctx["Episodes"].select("CHILD"), ctx["OC3"].select("CHILD")])
    return failing(ctx["Header"].join(known, on="CHILD", how="anti"))


@rule("NoE", "The child was looked after before this year, but last year's return has no episode for them.",
      ("Episodes", "Episodes_last"), "DECOM", needs_previous=True)
def noe(ctx: Context) -> pl.LazyFrame:
    """DfE NoE: "This child has no episodes loaded for previous year even though child started to be looked after
    before this current year." The child's first episode in this return began before 1 April, and last year's
    return has no episode for the child. Reported on that first episode."""
    last = ctx.last("Episodes")
    if last is None:
        return none()
    eps = episodes(ctx)
    before = eps.filter(pl.col("_first") & (pl.col("DECOM") < lit_date(ctx.start)))
    return failing(before.join(last.select("CHILD").unique(), on="CHILD", how="anti").select(ROW, "CHILD"))
