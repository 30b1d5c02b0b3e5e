"""CIN census rules on the child (CINChild): identifiers, UPN, birth and death, sex, ethnicity, disability."""

from __future__ import annotations

import polars as pl

from cphub import calendar
from cphub.cin.codes import cin_codes
from cphub.cin.rules import base as cin
from cphub.cin.rules.base import CinContext, cin_rule, failing, lit_date


@cin_rule("100", "The census reference date must be 31 March of the census year.", "CINChild", "ReferenceDate")
def c100(ctx: CinContext) -> pl.LazyFrame:
    if ctx.census.reference_date == ctx.end:
        return ctx["CINChild"].clear().select("_row", "LAchildID")
    return pl.DataFrame({"_row": [None], "LAchildID": [None]}, schema={"_row": pl.Int64, "LAchildID": pl.String})


@cin_rule("1540", "UPN is not valid: characters 5 to 12 must all be digits.", "CINChild", "UPN")
def c1540(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINChild"], pl.col("UPN").is_not_null() & ~pl.col("UPN").str.slice(4, 8).str.contains(r"^\d{8}$"))


@cin_rule("1570", "LA child ID must be 20 characters or fewer.", "CINChild", "LAchildID")
def c1570(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINChild"], pl.col("LAchildID").str.len_chars() > 20)


@cin_rule("1580", "LA child ID must contain only letters and digits.", "CINChild", "LAchildID")
def c1580(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINChild"], ~pl.col("LAchildID").str.contains(r"^[A-Za-z0-9]+$"))


@cin_rule("8500", "LA child ID is missing.", "CINChild", "LAchildID")
def c8500(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINChild"], pl.col("LAchildID").is_null())


@cin_rule("8510", "More than one child has this LA child ID.", "CINChild", "LAchildID")
def c8510(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINChild"], pl.col("LAchildID").is_not_null() & pl.col("LAchildID").is_duplicated())


@cin_rule("8520", "Date of birth is after the end of the census year.", "CINChild", ("PersonBirthDate",))
def c8520(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINChild"], pl.col("PersonBirthDate") > lit_date(ctx.end))


@cin_rule("8525Q", "Give either a date of birth or an expected date of birth, not both and not neither.", "CINChild",
          ("PersonBirthDate", "ExpectedPersonBirthDate"), severity="warning")
def c8525(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINChild"], pl.col("PersonBirthDate").is_null() == pl.col("ExpectedPersonBirthDate").is_null())


@cin_rule("8540", "Disability is missing or not a valid code.", "CINChild", "Disability")
def c8540(ctx: CinContext) -> pl.LazyFrame:
    codes = sorted(cin_codes("CIN_DISABILITY"))
    parts = cin.codes_in("Disabilities")
    return failing(ctx["CINChild"], pl.col("Disabilities").is_null() | ~parts.list.eval(pl.element().is_in(codes)).list.all())


@cin_rule("8750", "Sex must be U for an unborn child.", "CINChild", ("Sex", "ExpectedPersonBirthDate"))
def c8750(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINChild"], pl.col("PersonBirthDate").is_null() & pl.col("ExpectedPersonBirthDate").is_not_null()
              & (pl.col("Sex") != "U"))


@cin_rule("8790", "Disability cannot be both NONE and another code.", "CINChild", "Disability")
def c8790(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINChild"], cin.with_others("Disabilities", "NONE"))


@cin_rule("8794", "The same disability code is given twice.", "CINChild", "Disability")
def c8794(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINChild"], cin.repeated("Disabilities"))


@cin_rule("8590", "The child has no CIN episode (CINdetails).", "CINChild", "LAchildID")
def c8590(ctx: CinContext) -> pl.LazyFrame:
    with_eps = ctx["CINDetails"]["LAchildID"].implode()
    return failing(ctx["CINChild"], ~pl.col("LAchildID").is_in(with_eps))


@cin_rule("1550", "UPN is not valid: character 13 must be a digit or an allowed letter.", "CINChild", "UPN")
def c1550(ctx: CinContext) -> pl.LazyFrame:
    last = pl.col("UPN").str.slice(12, 1)
    return failing(ctx["CINChild"], pl.col("UPN").is_not_null() & (pl.col("UPN").str.len_chars() == 13)
              & ~last.is_in(list(cin.UPN_LAST)))


@cin_rule("1560Q", "Former UPN is not in the UPN format.", "CINChild", "FormerUPN", severity="warning")
def c1560(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINChild"], pl.col("FormerUPN").is_not_null() & ~pl.col("FormerUPN").str.contains(cin.UPN_SHAPE))


@cin_rule("8535Q", "Date of death is before the date of birth.", "CINChild", ("PersonDeathDate", "PersonBirthDate"),
          severity="warning")
def c8535(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINChild"], pl.col("PersonDeathDate") < pl.col("PersonBirthDate"))


@cin_rule("8545Q", "Date of death is not in the census year.", "CINChild", "PersonDeathDate", severity="warning")
def c8545(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINChild"], cin.outside_year(ctx, "PersonDeathDate"))


@cin_rule("8775Q", "The child is over 25 years old.", "CINChild", "PersonBirthDate", severity="warning")
def c8775(ctx: CinContext) -> pl.LazyFrame:
    return failing(ctx["CINChild"], calendar.birthday_expr("PersonBirthDate", 25) < lit_date(ctx.start))
