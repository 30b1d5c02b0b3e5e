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


@cin_rule("1510", "UPN is not valid: the check letter (character 1) is wrong.", "CINChild", "UPN")
def c1510(ctx: CinContext) -> pl.LazyFrame:
    """DfE 1510: "UPN invalid (wrong check letter at character 1)". The check letter is computed from characters
    2-13 (:func:`cphub.reference.upn.check_letter`); a UPN whose characters 2-13 are malformed is 1540's."""
    expected = cin.upn_check_letter("UPN")
    return failing(ctx["CINChild"], expected.is_not_null() & (pl.col("UPN").str.slice(0, 1).str.to_uppercase()
                                                              != expected))


@cin_rule("1520", "More than one child has this UPN.", "CINChild", "UPN")
def c1520(ctx: CinContext) -> pl.LazyFrame:
    """DfE 1520: "More than one record with the same UPN." Every child sharing the UPN is reported."""
    return failing(ctx["CINChild"], pl.col("UPN").is_not_null() & pl.col("UPN").str.to_uppercase().is_duplicated())


@cin_rule("1530", "UPN is not valid: characters 2-4 are not a recognised local authority code.", "CINChild", "UPN")
def c1530(ctx: CinContext) -> pl.LazyFrame:
    """DfE 1530: "UPN invalid (characters 2-4 not a recognised LA code)". Recognised: the English councils' DfE codes
    in the council register (:mod:`cphub.reference.councils`); a UPN issued under a former council's code (before
    a reorganisation) is reported and needs checking by hand."""
    from cphub.reference.councils import councils

    known = sorted(c["code"] for c in councils())
    upn = pl.col("UPN")
    return failing(ctx["CINChild"], upn.is_not_null() & (upn.str.len_chars() == 13)
                   & ~upn.str.slice(1, 3).is_in(known))


@cin_rule("2886Q", "More than 2% of the children (not counting unborn children) have no sex recorded (or U).",
          "CINChild", ("Sex", "ExpectedPersonBirthDate"), severity="warning")
def c2886(ctx: CinContext) -> pl.LazyFrame:
    """DfE 2886Q: "Percentage of children with no sex recorded is more than 2% (excluding unborns)". One finding for
    the census. Unborn: an expected date of birth and no date of birth."""
    unborn = pl.col("ExpectedPersonBirthDate").is_not_null() & pl.col("PersonBirthDate").is_null()
    born = ctx["CINChild"].filter(~unborn)
    unknown = born.filter(pl.col("Sex").is_null() | (pl.col("Sex").str.to_uppercase() == "U")).height
    return cin.census_wide(born.height > 0 and unknown / born.height > 0.02)


@cin_rule("2887Q", "Fewer than 8 different disability codes are used in the whole census.", "CINChild",
          "Disabilities", severity="warning")
def c2887(ctx: CinContext) -> pl.LazyFrame:
    """DfE 2887Q: "Less than 8 disability codes have been used in your return". One finding for the census (NONE
    is not a disability code)."""
    used = ctx["CINChild"].select(cin.codes_in("Disabilities").explode().alias("d")).drop_nulls()["d"].to_list()
    return cin.census_wide(ctx["CINChild"].height > 0 and len(set(used) - {"NONE"}) < 8)


@cin_rule("2888Q", "No child has more than one disability recorded: record every disability where possible.",
          "CINChild", "Disabilities", severity="warning")
def c2888(ctx: CinContext) -> pl.LazyFrame:
    """DfE 2888Q: "Only one disability code is recorded per child and multiple disabilities should be recorded where
    possible." One finding for the census when some children have a disability but none has more than one."""
    n = ctx["CINChild"].select(cin.codes_in("Disabilities").list.set_difference(["NONE"]).list.len().alias("n"))["n"]
    return cin.census_wide(bool((n.fill_null(0) >= 1).any()) and not bool((n.fill_null(0) > 1).any()))


@cin_rule("8530Q", "The expected date of birth is outside March to December of the year the census ends.", "CINChild",
          "ExpectedPersonBirthDate", severity="warning")
def c8530(ctx: CinContext) -> pl.LazyFrame:
    """DfE 8530Q: "Expected Date of Birth is outside the expected range for this census (March to December of the
    Census Year end)"."""
    lo, hi = lit_date(ctx.end.replace(day=1)), lit_date(ctx.end.replace(month=12, day=31))
    return failing(ctx["CINChild"], ~pl.col("ExpectedPersonBirthDate").is_between(lo, hi))


def _school_age() -> pl.Expr:
    return pl.col("_age").is_between(6, 15)


@cin_rule("8770Q", "A child of school age has no UPN and no reason (or the reason UN1, under school age).", "CINChild",
          ("UPN", "UPNunknown"), severity="warning")
def c8770(ctx: CinContext) -> pl.LazyFrame:
    """DfE 8770Q: "UPN is missing or reason UPN is missing or is UN1 for a child who is of school age." School age
    read as 6 to 15 on 1 April, the start of the census year (every such child is of compulsory school age all
    year); UN1 is "child under 6 years old and not yet assigned a UPN"."""
    df = ctx["CINChild"].with_columns(calendar.age_expr("PersonBirthDate", ctx.start).alias("_age"))
    missing = pl.col("UPN").is_null() & (pl.col("UPNunknown").is_null() | (pl.col("UPNunknown") == "UN1"))
    return failing(df, _school_age() & missing)


@cin_rule("8772", "The reason the UPN is unknown is UN7 (referral with no further action), but an episode goes on to "
          "further action.", "CINChild", ("UPNunknown", "ReferralNFA"))
def c8772(ctx: CinContext) -> pl.LazyFrame:
    """DfE 8772: "UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details is a
    referral going on to further action" (ReferralNFA false)."""
    further = ctx["CINDetails"].filter(pl.col("ReferralNFA") == "0").select("LAchildID").unique()
    df = ctx["CINChild"].join(further, on="LAchildID", how="semi")
    return failing(df, pl.col("UPNunknown") == "UN7")
