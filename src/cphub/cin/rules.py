"""Basic CIN census validation rules: mandatory fields, dates in order and in the census year, valid codes.

Each rule implements the DfE CIN census rule of the same code (list in
``shared/domain/validation-rules/cin_cin2025_26_rules.csv``), in our own words. DfE "QUERY" rules are warnings.
A rule returns the failing rows (``_row`` = position of the ``<Child>`` element, ``LAchildID``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import polars as pl

from cphub import calendar
from cphub.cin.codes import cin_codes
from cphub.cin.reader import Census
from cphub.findings import Finding, Severity


@dataclass(frozen=True)
class CinRule:
    code: str
    message: str
    table: str
    fields: tuple[str, ...]
    func: Callable[[CinContext], pl.DataFrame]
    severity: Severity = "error"


@dataclass
class CinContext:
    census: Census
    year: int

    @property
    def start(self) -> date:
        return date(self.year - 1, 4, 1)

    @property
    def end(self) -> date:
        return date(self.year, 3, 31)

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.census.tables[name]


CIN_RULES: dict[str, CinRule] = {}


def cin_rule(code: str, message: str, table: str, fields: str | tuple[str, ...], severity: Severity = "error"):
    fields = (fields,) if isinstance(fields, str) else fields

    def deco(func):
        if code in CIN_RULES:
            raise ValueError(f"CIN rule {code} registered twice")
        CIN_RULES[code] = CinRule(code, message, table, fields, func, severity)
        return func
    return deco


def _f(df: pl.DataFrame, mask: pl.Expr) -> pl.DataFrame:
    return df.filter(mask.fill_null(False)).select("_row", "LAchildID").unique(maintain_order=True)


def _lit(d: date) -> pl.Expr:
    return pl.lit(d, dtype=pl.Date)


def _with_referral(ctx: CinContext, table: str) -> pl.DataFrame:
    ref = ctx["CINDetails"].select("LAchildID", "CINdetailsID", "CINreferralDate", "ReferralNFA")
    return ctx[table].join(ref, on=["LAchildID", "CINdetailsID"], how="left")


def _bad_code(col: str, list_name: str, allow_blank: bool = False) -> pl.Expr:
    bad = ~pl.col(col).is_in(sorted(cin_codes(list_name)))
    return bad.fill_null(not allow_blank)


def _outside_year(ctx: CinContext, col: str) -> pl.Expr:
    return pl.col(col).is_not_null() & ~pl.col(col).is_between(_lit(ctx.start), _lit(ctx.end))


# ------------------------------------------------------------------------------------------- header, child
@cin_rule("100", "The census reference date must be 31 March of the census year.", "CINChild", "ReferenceDate")
def c100(ctx: CinContext) -> pl.DataFrame:
    if ctx.census.reference_date == ctx.end:
        return ctx["CINChild"].clear().select("_row", "LAchildID")
    return pl.DataFrame({"_row": [None], "LAchildID": [None]}, schema={"_row": pl.Int64, "LAchildID": pl.String})


@cin_rule("1540", "UPN is not valid: characters 5 to 12 must all be digits.", "CINChild", "UPN")
def c1540(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINChild"], pl.col("UPN").is_not_null() & ~pl.col("UPN").str.slice(4, 8).str.contains(r"^\d{8}$"))


@cin_rule("1570", "LA child ID must be 20 characters or fewer.", "CINChild", "LAchildID")
def c1570(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINChild"], pl.col("LAchildID").str.len_chars() > 20)


@cin_rule("1580", "LA child ID must contain only letters and digits.", "CINChild", "LAchildID")
def c1580(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINChild"], ~pl.col("LAchildID").str.contains(r"^[A-Za-z0-9]+$"))


@cin_rule("4180", "Sex is missing or is not M, F or U.", "CINChild", "Sex")
def c4180(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINChild"], _bad_code("Sex", "CIN_SEX"))


@cin_rule("4220", "Ethnicity is missing or not a valid code.", "CINChild", "Ethnicity")
def c4220(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINChild"], _bad_code("Ethnicity", "ETHNIC"))


@cin_rule("8500", "LA child ID is missing.", "CINChild", "LAchildID")
def c8500(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINChild"], pl.col("LAchildID").is_null())


@cin_rule("8510", "More than one child has this LA child ID.", "CINChild", "LAchildID")
def c8510(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINChild"], pl.col("LAchildID").is_not_null() & pl.col("LAchildID").is_duplicated())


@cin_rule("8520", "Date of birth is after the end of the census year.", "CINChild", ("PersonBirthDate",))
def c8520(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINChild"], pl.col("PersonBirthDate") > _lit(ctx.end))


@cin_rule("8525Q", "Give either a date of birth or an expected date of birth, not both and not neither.", "CINChild",
          ("PersonBirthDate", "ExpectedPersonBirthDate"), severity="warning")
def c8525(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINChild"], pl.col("PersonBirthDate").is_null() == pl.col("ExpectedPersonBirthDate").is_null())


@cin_rule("8540", "Disability is missing or not a valid code.", "CINChild", "Disability")
def c8540(ctx: CinContext) -> pl.DataFrame:
    codes = sorted(cin_codes("CIN_DISABILITY"))
    parts = pl.col("Disabilities").str.split(",")
    return _f(ctx["CINChild"], pl.col("Disabilities").is_null() | ~parts.list.eval(pl.element().is_in(codes)).list.all())


@cin_rule("8750", "Sex must be U for an unborn child.", "CINChild", ("Sex", "ExpectedPersonBirthDate"))
def c8750(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINChild"], pl.col("PersonBirthDate").is_null() & pl.col("ExpectedPersonBirthDate").is_not_null()
              & (pl.col("Sex") != "U"))


@cin_rule("8790", "Disability cannot be both NONE and another code.", "CINChild", "Disability")
def c8790(ctx: CinContext) -> pl.DataFrame:
    parts = pl.col("Disabilities").str.split(",")
    return _f(ctx["CINChild"], parts.list.contains("NONE") & (parts.list.len() > 1))


@cin_rule("8794", "The same disability code is given twice.", "CINChild", "Disability")
def c8794(ctx: CinContext) -> pl.DataFrame:
    parts = pl.col("Disabilities").str.split(",")
    return _f(ctx["CINChild"], parts.list.n_unique() < parts.list.len())


@cin_rule("8590", "The child has no CIN episode (CINdetails).", "CINChild", "LAchildID")
def c8590(ctx: CinContext) -> pl.DataFrame:
    with_eps = ctx["CINDetails"]["LAchildID"].implode()
    return _f(ctx["CINChild"], ~pl.col("LAchildID").is_in(with_eps))


# ------------------------------------------------------------------------------------------- CIN episodes
@cin_rule("8568", "Referral with no further action (ReferralNFA) is missing or not valid.", "CINDetails", "ReferralNFA")
def c8568(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINDetails"], _bad_code("ReferralNFA", "CIN_FLAG"))


@cin_rule("8600", "Referral date is missing or after the end of the census year.", "CINDetails", "CINreferralDate")
def c8600(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINDetails"], pl.col("CINreferralDate").is_null() | (pl.col("CINreferralDate") > _lit(ctx.end)))


@cin_rule("8610", "Primary need is missing for a referral that led to further action.", "CINDetails",
          ("ReferralNFA", "PrimaryNeedCode"))
def c8610(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINDetails"], (pl.col("ReferralNFA") == "0") & pl.col("PrimaryNeedCode").is_null())


@cin_rule("8620", "CIN closure date is not in the census year.", "CINDetails", "CINclosureDate")
def c8620(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINDetails"], _outside_year(ctx, "CINclosureDate"))


@cin_rule("8630", "CIN closure date is before the referral date.", "CINDetails", ("CINreferralDate", "CINclosureDate"))
def c8630(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINDetails"], pl.col("CINclosureDate") < pl.col("CINreferralDate"))


@cin_rule("8640", "Reason for closure is not a valid code.", "CINDetails", "ReasonForClosure")
def c8640(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINDetails"], _bad_code("ReasonForClosure", "CIN_REASON_FOR_CLOSURE", allow_blank=True))


@cin_rule("8650", "Primary need is not a valid code.", "CINDetails", "PrimaryNeedCode")
def c8650(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINDetails"], _bad_code("PrimaryNeedCode", "CIN_PRIMARY_NEED", allow_blank=True))


@cin_rule("8805", "A closure date is given without a reason for closure.", "CINDetails",
          ("CINclosureDate", "ReasonForClosure"))
def c8805(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINDetails"], pl.col("CINclosureDate").is_not_null() & pl.col("ReasonForClosure").is_null())


@cin_rule("8810", "A reason for closure is given without a closure date.", "CINDetails",
          ("ReasonForClosure", "CINclosureDate"))
def c8810(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINDetails"], pl.col("ReasonForClosure").is_not_null() & pl.col("CINclosureDate").is_null())


@cin_rule("8866", "Source of referral is missing or not a valid code.", "CINDetails", "ReferralSource")
def c8866(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINDetails"], _bad_code("ReferralSource", "CIN_REFERRAL_SOURCE"))


def _activity(ctx: CinContext) -> pl.DataFrame:
    keys = ["LAchildID", "CINdetailsID"]
    return pl.concat([ctx[t].select(keys) for t in ("CINAssessments", "CINPlans", "CINSection47",
                                                     "CINProtectionPlans")]).unique()


@cin_rule("8831", "Activity is recorded against a referral with no further action.", "CINDetails", "ReferralNFA")
def c8831(ctx: CinContext) -> pl.DataFrame:
    d = ctx["CINDetails"].join(_activity(ctx).with_columns(pl.lit(True).alias("_act")),
                               on=["LAchildID", "CINdetailsID"], how="left")
    return _f(d, (pl.col("ReferralNFA") == "1") & pl.col("_act"))


@cin_rule("2990", "Activity is recorded against a case closed after assessment (RC8).", "CINDetails",
          "ReasonForClosure")
def c2990(ctx: CinContext) -> pl.DataFrame:
    keys = ["LAchildID", "CINdetailsID"]
    act = pl.concat([ctx[t].select(keys) for t in ("CINPlans", "CINSection47", "CINProtectionPlans")]).unique()
    d = ctx["CINDetails"].join(act.with_columns(pl.lit(True).alias("_act")), on=keys, how="left")
    return _f(d, (pl.col("ReasonForClosure") == "RC8") & pl.col("_act"))


# ------------------------------------------------------------------------------------------- assessments
@cin_rule("1103", "The assessment started before the referral date.", "CINAssessments",
          ("AssessmentActualStartDate", "CINreferralDate"))
def c1103(ctx: CinContext) -> pl.DataFrame:
    a = _with_referral(ctx, "CINAssessments")
    return _f(a, pl.col("AssessmentActualStartDate") < pl.col("CINreferralDate"))


@cin_rule("8608", "The assessment started after it was completed.", "CINAssessments",
          ("AssessmentActualStartDate", "AssessmentAuthorisationDate"))
def c8608(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINAssessments"], pl.col("AssessmentActualStartDate") > pl.col("AssessmentAuthorisationDate"))


@cin_rule("8696", "The assessment completion date is not in the census year.", "CINAssessments",
          "AssessmentAuthorisationDate")
def c8696(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINAssessments"], _outside_year(ctx, "AssessmentAuthorisationDate"))


@cin_rule("8869", "Assessment factor 21 (no factors) cannot be used with other factors.", "CINAssessments",
          "AssessmentFactors")
def c8869(ctx: CinContext) -> pl.DataFrame:
    parts = pl.col("AssessmentFactors").str.split(",")
    return _f(ctx["CINAssessments"], parts.list.contains("21") & (parts.list.len() > 1))


@cin_rule("8898", "The same assessment factor is given twice.", "CINAssessments", "AssessmentFactors")
def c8898(ctx: CinContext) -> pl.DataFrame:
    parts = pl.col("AssessmentFactors").str.split(",")
    return _f(ctx["CINAssessments"], parts.list.n_unique() < parts.list.len())


@cin_rule("8614", "Assessment factors are given for an assessment that is not complete.", "CINAssessments",
          ("AssessmentAuthorisationDate", "AssessmentFactors"))
def c8614(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINAssessments"], pl.col("AssessmentAuthorisationDate").is_null()
              & pl.col("AssessmentFactors").is_not_null())


# ------------------------------------------------------------------------------------------- CIN plans
@cin_rule("4004", "The child has more than one open CIN plan.", "CINPlans", "CINPlanEndDate")
def c4004(ctx: CinContext) -> pl.DataFrame:
    p = ctx["CINPlans"].filter(pl.col("CINPlanEndDate").is_null())
    return _f(p, pl.col("LAchildID").is_duplicated())


@cin_rule("4011", "CIN plan end date is before its start date.", "CINPlans", ("CINPlanEndDate", "CINPlanStartDate"))
def c4011(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINPlans"], pl.col("CINPlanEndDate") < pl.col("CINPlanStartDate"))


@cin_rule("4013", "CIN plan end date is not in the census year.", "CINPlans", "CINPlanEndDate")
def c4013(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINPlans"], _outside_year(ctx, "CINPlanEndDate"))


@cin_rule("4015", "The CIN plan starts before the referral date.", "CINPlans", ("CINPlanStartDate", "CINreferralDate"))
def c4015(ctx: CinContext) -> pl.DataFrame:
    p = _with_referral(ctx, "CINPlans")
    return _f(p, pl.col("CINPlanStartDate") < pl.col("CINreferralDate"))


@cin_rule("4000", "A CIN plan is given for a referral with no further action.", "CINPlans", "ReferralNFA")
def c4000(ctx: CinContext) -> pl.DataFrame:
    return _f(_with_referral(ctx, "CINPlans"), pl.col("ReferralNFA") == "1")


# ------------------------------------------------------------------------------------------- section 47
@cin_rule("2889", "The section 47 enquiry started before the referral date.", "CINSection47",
          ("S47ActualStartDate", "CINreferralDate"))
def c2889(ctx: CinContext) -> pl.DataFrame:
    return _f(_with_referral(ctx, "CINSection47"), pl.col("S47ActualStartDate") < pl.col("CINreferralDate"))


@cin_rule("1104", "The initial child protection conference is dated before the referral.", "CINSection47",
          ("CINreferralDate", "DateOfInitialCPC"))
def c1104(ctx: CinContext) -> pl.DataFrame:
    return _f(_with_referral(ctx, "CINSection47"), pl.col("DateOfInitialCPC") < pl.col("CINreferralDate"))


@cin_rule("8615", "Section 47 start date must be given and be on or before the initial conference.", "CINSection47",
          ("S47ActualStartDate", "DateOfInitialCPC"))
def c8615(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINSection47"], pl.col("S47ActualStartDate").is_null()
              | (pl.col("S47ActualStartDate") > pl.col("DateOfInitialCPC")))


@cin_rule("8715", "The initial child protection conference date is not in the census year.", "CINSection47",
          "DateOfInitialCPC")
def c8715(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINSection47"], _outside_year(ctx, "DateOfInitialCPC"))


@cin_rule("8875", "The initial child protection conference cannot be on a weekend.", "CINSection47", "DateOfInitialCPC")
def c8875(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINSection47"], pl.col("DateOfInitialCPC").dt.weekday() >= 6)


# ------------------------------------------------------------------------------------------- protection plans
@cin_rule("1105", "The child protection plan starts before the referral date.", "CINProtectionPlans",
          ("CPPstartDate", "CINreferralDate"))
def c1105(ctx: CinContext) -> pl.DataFrame:
    return _f(_with_referral(ctx, "CINProtectionPlans"), pl.col("CPPstartDate") < pl.col("CINreferralDate"))


@cin_rule("8832", "Child protection details are given for a referral with no further action.", "CINProtectionPlans",
          "ReferralNFA")
def c8832(ctx: CinContext) -> pl.DataFrame:
    return _f(_with_referral(ctx, "CINProtectionPlans"), pl.col("ReferralNFA") == "1")


@cin_rule("8720", "Child protection plan start date is missing or after the end of the census year.",
          "CINProtectionPlans", "CPPstartDate")
def c8720(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINProtectionPlans"], pl.col("CPPstartDate").is_null() | (pl.col("CPPstartDate") > _lit(ctx.end)))


@cin_rule("8730", "The number of previous child protection plans is missing.", "CINProtectionPlans",
          "NumberOfPreviousCPP")
def c8730(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINProtectionPlans"], pl.col("NumberOfPreviousCPP").is_null())


@cin_rule("8840", "A child protection plan cannot start and end on the same day.", "CINProtectionPlans",
          ("CPPstartDate", "CPPendDate"))
def c8840(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINProtectionPlans"], pl.col("CPPstartDate") == pl.col("CPPendDate"))


@cin_rule("8905", "Initial category of abuse is missing or not a valid code.", "CINProtectionPlans",
          "InitialCategoryOfAbuse")
def c8905(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINProtectionPlans"], _bad_code("InitialCategoryOfAbuse", "CIN_CATEGORY_OF_ABUSE"))


@cin_rule("8910", "Latest category of abuse is missing or not a valid code.", "CINProtectionPlans",
          "LatestCategoryOfAbuse")
def c8910(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINProtectionPlans"], _bad_code("LatestCategoryOfAbuse", "CIN_CATEGORY_OF_ABUSE"))


@cin_rule("8925", "Child protection plan end date is before its start date.", "CINProtectionPlans",
          ("CPPstartDate", "CPPendDate"))
def c8925(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINProtectionPlans"], pl.col("CPPendDate") < pl.col("CPPstartDate"))


@cin_rule("8930", "Child protection plan end date is not in the census year.", "CINProtectionPlans", "CPPendDate")
def c8930(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINProtectionPlans"], _outside_year(ctx, "CPPendDate"))


@cin_rule("8935", "The child has more than one open child protection plan.", "CINProtectionPlans", "CPPendDate")
def c8935(ctx: CinContext) -> pl.DataFrame:
    p = ctx["CINProtectionPlans"].filter(pl.col("CPPendDate").is_null())
    return _f(p, pl.col("LAchildID").is_duplicated())


@cin_rule("8841", "A review cannot be on or before the day the child protection plan started.", "CINReviews",
          ("CPPstartDate", "CPPreviewDate"))
def c8841(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINReviews"], pl.col("CPPreviewDate") <= pl.col("CPPstartDate"))


# ------------------------------------------------------------------------------------------- more rules
UPN_LAST = "ABCDEFGHJKLMNPQRTUVWXYZ0123456789"
UPN_SHAPE = r"^[A-Z][0-9]{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]$"


def _with_death(ctx: CinContext, table: str) -> pl.DataFrame:
    deaths = ctx["CINChild"].select("LAchildID", "PersonDeathDate").unique("LAchildID", keep="first")
    return ctx[table].join(deaths, on="LAchildID", how="left")


def _overlaps(df: pl.DataFrame, start: str, end: str, by: tuple[str, ...] = ("LAchildID",)) -> pl.DataFrame:
    """Rows whose [start, end] (end blank = still open) overlaps another row of the same ``by`` group."""
    far = pl.lit(date(9999, 12, 31))
    d = df.with_row_index("_i").with_columns(pl.coalesce(pl.col(end), far).alias("_e"))
    j = d.join(d.select(*by, "_i", pl.col(start).alias("_s2"), pl.col("_e").alias("_e2")), on=list(by), suffix="_o")
    j = j.filter((pl.col("_i") != pl.col("_i_o")) & (pl.col(start) < pl.col("_e2")) & (pl.col("_s2") < pl.col("_e")))
    return j.select("_row", "LAchildID").unique(maintain_order=True)


@cin_rule("1550", "UPN is not valid: character 13 must be a digit or an allowed letter.", "CINChild", "UPN")
def c1550(ctx: CinContext) -> pl.DataFrame:
    last = pl.col("UPN").str.slice(12, 1)
    return _f(ctx["CINChild"], pl.col("UPN").is_not_null() & (pl.col("UPN").str.len_chars() == 13)
              & ~last.is_in(list(UPN_LAST)))


@cin_rule("1560Q", "Former UPN is not in the UPN format.", "CINChild", "FormerUPN", severity="warning")
def c1560(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINChild"], pl.col("FormerUPN").is_not_null() & ~pl.col("FormerUPN").str.contains(UPN_SHAPE))


@cin_rule("8535Q", "Date of death is before the date of birth.", "CINChild", ("PersonDeathDate", "PersonBirthDate"),
          severity="warning")
def c8535(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINChild"], pl.col("PersonDeathDate") < pl.col("PersonBirthDate"))


@cin_rule("8545Q", "Date of death is not in the census year.", "CINChild", "PersonDeathDate", severity="warning")
def c8545(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINChild"], _outside_year(ctx, "PersonDeathDate"))


@cin_rule("8775Q", "The child is over 25 years old.", "CINChild", "PersonBirthDate", severity="warning")
def c8775(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINChild"], calendar.birthday_expr("PersonBirthDate", 25) < _lit(ctx.start))


@cin_rule("8555Q", "The referral is dated after the child's recorded date of death.", "CINDetails",
          ("PersonDeathDate", "CINreferralDate"), severity="warning")
def c8555(ctx: CinContext) -> pl.DataFrame:
    return _f(_with_death(ctx, "CINDetails"), pl.col("CINreferralDate") > pl.col("PersonDeathDate"))


@cin_rule("8606", "The referral is more than 40 weeks before the child's (expected) date of birth.", "CINDetails",
          ("CINreferralDate", "PersonBirthDate", "ExpectedPersonBirthDate"))
def c8606(ctx: CinContext) -> pl.DataFrame:
    births = ctx["CINChild"].select("LAchildID", pl.coalesce("PersonBirthDate", "ExpectedPersonBirthDate").alias("_B"))
    d = ctx["CINDetails"].join(births.unique("LAchildID", keep="first"), on="LAchildID", how="left")
    return _f(d, pl.col("CINreferralDate") < (pl.col("_B") - pl.duration(days=280)))


@cin_rule("8815", "The child has more than one open CIN episode (no closure date) that is not a referral with no "
          "further action.", "CINDetails", ("ReferralNFA", "CINclosureDate"))
def c8815(ctx: CinContext) -> pl.DataFrame:
    open_ = ctx["CINDetails"].filter(pl.col("CINclosureDate").is_null() & (pl.col("ReferralNFA") != "1").fill_null(True))
    return _f(open_, pl.col("LAchildID").is_duplicated())


@cin_rule("8820", "The dates of this child's CIN episodes overlap.", "CINDetails", ("CINreferralDate", "CINclosureDate"))
def c8820(ctx: CinContext) -> pl.DataFrame:
    return _overlaps(ctx["CINDetails"].filter(pl.col("CINreferralDate").is_not_null()), "CINreferralDate",
                     "CINclosureDate")


@cin_rule("8565", "Activity is dated after the CIN episode was closed.", "CINDetails", ("CINclosureDate",))
def c8565(ctx: CinContext) -> pl.DataFrame:
    keys = ["LAchildID", "CINdetailsID"]
    dates = pl.concat([
        ctx["CINAssessments"].select(*keys, pl.max_horizontal("AssessmentActualStartDate", "AssessmentAuthorisationDate").alias("_d")),
        ctx["CINSection47"].select(*keys, pl.max_horizontal("S47ActualStartDate", "DateOfInitialCPC").alias("_d")),
        ctx["CINProtectionPlans"].select(*keys, pl.max_horizontal("CPPstartDate", "CPPendDate").alias("_d")),
        ctx["CINPlans"].select(*keys, pl.max_horizontal("CINPlanStartDate", "CINPlanEndDate").alias("_d")),
        ctx["CINDetails"].select(*keys, pl.col("DateOfInitialCPC").alias("_d")),
    ]).group_by(keys).agg(pl.col("_d").max())
    d = ctx["CINDetails"].join(dates, on=keys, how="left")
    return _f(d, pl.col("_d") > pl.col("CINclosureDate"))


@cin_rule("8867", "The CIN episode is closed but an assessment is not completed.", "CINDetails",
          ("CINclosureDate", "AssessmentAuthorisationDate"))
def c8867(ctx: CinContext) -> pl.DataFrame:
    open_a = ctx["CINAssessments"].filter(pl.col("AssessmentAuthorisationDate").is_null()).select(
        "LAchildID", "CINdetailsID").unique().with_columns(pl.lit(True).alias("_o"))
    d = ctx["CINDetails"].join(open_a, on=["LAchildID", "CINdetailsID"], how="left")
    return _f(d, pl.col("CINclosureDate").is_not_null() & pl.col("_o"))


def _open_s47() -> pl.Expr:
    return pl.col("DateOfInitialCPC").is_null() & (pl.col("ICPCnotRequired") != "1").fill_null(True)


@cin_rule("8868", "The CIN episode is closed but a section 47 enquiry has neither an initial conference nor "
          "'conference not required'.", "CINDetails", ("ICPCnotRequired", "CINclosureDate", "DateOfInitialCPC"))
def c8868(ctx: CinContext) -> pl.DataFrame:
    open_s = ctx["CINSection47"].filter(_open_s47()).select("LAchildID", "CINdetailsID").unique().with_columns(
        pl.lit(True).alias("_o"))
    d = ctx["CINDetails"].join(open_s, on=["LAchildID", "CINdetailsID"], how="left")
    return _f(d, pl.col("CINclosureDate").is_not_null() & pl.col("_o"))


@cin_rule("8736", "An assessment not yet completed must have started in the census year.", "CINAssessments",
          ("AssessmentAuthorisationDate", "AssessmentActualStartDate"))
def c8736(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINAssessments"], pl.col("AssessmentAuthorisationDate").is_null()
              & (pl.col("AssessmentActualStartDate").is_null() | _outside_year(ctx, "AssessmentActualStartDate")))


@cin_rule("8896", "There are two or more open assessments in one CIN episode.", "CINAssessments",
          "AssessmentAuthorisationDate")
def c8896(ctx: CinContext) -> pl.DataFrame:
    a = ctx["CINAssessments"].filter(pl.col("AssessmentAuthorisationDate").is_null())
    return _f(a, pl.struct("LAchildID", "CINdetailsID").is_duplicated())


@cin_rule("8863Q", "An assessment starts while another assessment is still going on.", "CINAssessments",
          ("AssessmentActualStartDate", "AssessmentAuthorisationDate"), severity="warning")
def c8863(ctx: CinContext) -> pl.DataFrame:
    a = ctx["CINAssessments"].filter(pl.col("AssessmentActualStartDate").is_not_null())
    return _overlaps(a, "AssessmentActualStartDate", "AssessmentAuthorisationDate")


@cin_rule("8897Q", "A completed assessment has no factors identified.", "CINAssessments",
          ("AssessmentAuthorisationDate", "AssessmentFactors"), severity="warning")
def c8897(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINAssessments"], pl.col("AssessmentAuthorisationDate").is_not_null()
              & pl.col("AssessmentFactors").is_null())


@cin_rule("8945Q", "Assessment factor 18A should not be used: use 18B or 18C.", "CINAssessments", "AssessmentFactors",
          severity="warning")
def c8945(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINAssessments"], pl.col("AssessmentFactors").str.split(",").list.contains("18A"))


@cin_rule("8950Q", "Assessment factor 19A should not be used: use 19B or 19C.", "CINAssessments", "AssessmentFactors",
          severity="warning")
def c8950(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINAssessments"], pl.col("AssessmentFactors").str.split(",").list.contains("19A"))


@cin_rule("4001", "A CIN plan cannot run at the same time as a child protection plan.", "CINPlans",
          ("CINPlanEndDate", "CPPendDate"))
def c4001(ctx: CinContext) -> pl.DataFrame:
    far = pl.lit(date(9999, 12, 31))
    cpp = ctx["CINProtectionPlans"].select("LAchildID", pl.col("CPPstartDate").alias("_cs"),
                                           pl.coalesce("CPPendDate", far).alias("_ce"))
    j = ctx["CINPlans"].join(cpp, on="LAchildID", how="inner")
    return _f(j, (pl.col("CINPlanStartDate") < pl.col("_ce")) & (pl.col("_cs") < pl.coalesce("CINPlanEndDate", far)))


@cin_rule("4008", "The CIN plan starts after the child's date of death.", "CINPlans", ("PersonDeathDate", "CINPlanStartDate"))
def c4008(ctx: CinContext) -> pl.DataFrame:
    return _f(_with_death(ctx, "CINPlans"), pl.col("CINPlanStartDate") > pl.col("PersonDeathDate"))


@cin_rule("4009Q", "The CIN plan ends after the child's date of death.", "CINPlans", ("PersonDeathDate", "CINPlanEndDate"),
          severity="warning")
def c4009(ctx: CinContext) -> pl.DataFrame:
    return _f(_with_death(ctx, "CINPlans"), pl.col("CINPlanEndDate") > pl.col("PersonDeathDate"))


@cin_rule("4010", "CIN plan start date is missing or after the end of the census year.", "CINPlans", "CINPlanStartDate")
def c4010(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINPlans"], pl.col("CINPlanStartDate").is_null() | (pl.col("CINPlanStartDate") > _lit(ctx.end)))


@cin_rule("4012Q", "The CIN plan starts and ends on the same day.", "CINPlans", ("CINPlanStartDate", "CINPlanEndDate"),
          severity="warning")
def c4012(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINPlans"], pl.col("CINPlanStartDate") == pl.col("CINPlanEndDate"))


@cin_rule("4014", "The child's CIN plans overlap.", "CINPlans", ("CINPlanStartDate", "CINPlanEndDate"))
def c4014(ctx: CinContext) -> pl.DataFrame:
    return _overlaps(ctx["CINPlans"].filter(pl.col("CINPlanStartDate").is_not_null()), "CINPlanStartDate",
                     "CINPlanEndDate")


@cin_rule("2884", "An initial child protection conference is recorded both in the section 47 enquiry and in the "
          "CIN episode: record it once.", "CINSection47", "DateOfInitialCPC")
def c2884(ctx: CinContext) -> pl.DataFrame:
    d = ctx["CINDetails"].select("LAchildID", "CINdetailsID", pl.col("DateOfInitialCPC").alias("_det"))
    s = ctx["CINSection47"].join(d, on=["LAchildID", "CINdetailsID"], how="left")
    return _f(s, pl.col("DateOfInitialCPC").is_not_null() & pl.col("_det").is_not_null())


@cin_rule("8740", "A section 47 enquiry with no initial conference by 31 March must have started in the census year.",
          "CINSection47", ("S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired"))
def c8740(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINSection47"], _open_s47() & _outside_year(ctx, "S47ActualStartDate"))


@cin_rule("8839", "There are two or more open section 47 enquiries in one CIN episode.", "CINSection47",
          "DateOfInitialCPC")
def c8839(ctx: CinContext) -> pl.DataFrame:
    s = ctx["CINSection47"].filter(_open_s47())
    return _f(s, pl.struct("LAchildID", "CINdetailsID").is_duplicated())


@cin_rule("8890", "A section 47 enquiry starts while another one is still going on.", "CINSection47",
          "S47ActualStartDate")
def c8890(ctx: CinContext) -> pl.DataFrame:
    s = ctx["CINSection47"].filter(pl.col("S47ActualStartDate").is_not_null()).with_columns(
        pl.when(pl.col("ICPCnotRequired") == "1").then(pl.col("S47ActualStartDate"))
        .otherwise(pl.col("DateOfInitialCPC")).alias("_end"))
    return _overlaps(s, "S47ActualStartDate", "_end")


@cin_rule("2885", "The child protection plan starts on a different day from the initial child protection conference.",
          "CINProtectionPlans", ("CPPstartDate", "DateOfInitialCPC"))
def c2885(ctx: CinContext) -> pl.DataFrame:
    keys = ["LAchildID", "CINdetailsID"]
    icpc = pl.concat([ctx["CINSection47"].select(*keys, pl.col("DateOfInitialCPC").alias("_i")),
                      ctx["CINDetails"].select(*keys, pl.col("DateOfInitialCPC").alias("_i"))]).drop_nulls()
    per = icpc.group_by(keys).agg(pl.col("_i"))
    c = ctx["CINProtectionPlans"].join(per, on=keys, how="inner")
    in_year = pl.col("CPPstartDate") >= _lit(ctx.start)
    return _f(c, in_year & ~pl.col("_i").list.contains(pl.col("CPPstartDate")))


@cin_rule("8915", "The child protection plan starts after the child's date of death.", "CINProtectionPlans",
          ("CPPstartDate", "PersonDeathDate"))
def c8915(ctx: CinContext) -> pl.DataFrame:
    return _f(_with_death(ctx, "CINProtectionPlans"), pl.col("CPPstartDate") > pl.col("PersonDeathDate"))


@cin_rule("8920", "The child protection plan ends after the child's date of death.", "CINProtectionPlans",
          ("PersonDeathDate", "CPPendDate"))
def c8920(ctx: CinContext) -> pl.DataFrame:
    return _f(_with_death(ctx, "CINProtectionPlans"), pl.col("CPPendDate") > pl.col("PersonDeathDate"))


@cin_rule("8940", "The child's child protection plans overlap.", "CINProtectionPlans", ("CPPstartDate", "CPPendDate"))
def c8940(ctx: CinContext) -> pl.DataFrame:
    return _overlaps(ctx["CINProtectionPlans"].filter(pl.col("CPPstartDate").is_not_null()), "CPPstartDate",
                     "CPPendDate")


@cin_rule("8842Q", "A child protection plan review has no date.", "CINReviews", "CPPreviewDate", severity="warning")
def c8842(ctx: CinContext) -> pl.DataFrame:
    return _f(ctx["CINReviews"], pl.col("CPPreviewDate").is_null())


# ------------------------------------------------------------------------------------------- runner
def validate_census(census: Census, year: int | None = None) -> list[Finding]:
    """Reader findings plus every CIN rule's findings, sorted by table and child position."""
    year = year or census.year or (census.reference_date.year if census.reference_date else None)
    if year is None:
        return census.findings + [Finding("100", "The census year is not given (Header/CollectionDetails/Year).",
                                          "CINChild", file=census.filename)]
    ctx = CinContext(census, year)
    out = list(census.findings)
    for r in CIN_RULES.values():
        failing = r.func(ctx)
        for row, child in failing.iter_rows():
            out.append(Finding(r.code, r.message, r.table, row, child, r.fields, r.severity, census.filename))
    order = list(census.tables)
    return sorted(out, key=lambda f: (order.index(f.table) if f.table in order else 99, f.row or 0, f.code))
