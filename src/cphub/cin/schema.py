"""The CIN census (children in need, including child protection) as typed tables.

The DfE CIN census is an XML file: ``Message/Header/CollectionDetails`` (Collection, Year, ReferenceDate) and
``Message/Children/Child``, each child with ``ChildIdentifiers``, ``ChildCharacteristics`` (Ethnicity,
Disabilities) and one ``CINdetails`` per CIN episode, which holds ``Assessments`` (with
``FactorsIdentifiedAtAssessment``), ``CINPlanDates``, ``Section47`` and ``ChildProtectionPlans`` (with
``Reviews``). We flatten it into one table per level, each row carrying the child's ``LAchildID`` and, below
child level, the ``CINdetailsID`` (1, 2, ... within the child) it belongs to. Element names are kept as in the
DfE CIN census guide. ``_row`` in a typed table is the 1-based position of the ``<Child>`` element.

Each census holds what was open at some time in its year, so consecutive censuses repeat records. A table's
``key`` identifies the same record across years (``CINdetailsID`` is only a position within one file, so
episodes are matched by child and referral date); :func:`cphub.web.store.cin_models.cin_tables` keeps the
latest census's copy.

Code lists are in :mod:`cphub.cin.codes`.
"""

from __future__ import annotations

from cphub.tables import Table, code, date, integer, text

GUIDE = "DfE, Children in need census guide (2025-26)"

CHILD_ID = text("LAchildID", "The council's identifier for the child (as CHILD in SSDA903)", 20)
DETAILS_ID = integer("CINdetailsID", "Which CIN episode of the child (1, 2, ... in file order)")

CIN_CHILD = Table(
    "CINChild",
    "One row per child in the census: identifiers and characteristics.",
    (
        CHILD_ID,
        text("UPN", "Unique pupil number", 13),
        text("FormerUPN", "A former UPN", 13),
        code("UPNunknown", "Reason the UPN is not known (UN1-UN10)", "CIN_UPN_UNKNOWN"),
        date("PersonBirthDate", "Date of birth"),
        date("ExpectedPersonBirthDate", "Expected date of birth of an unborn child"),
        code("Sex", "Sex: M, F or U", "CIN_SEX"),
        date("PersonDeathDate", "Date of death"),
        code("Ethnicity", "Ethnic origin (the SSDA903 ETHNIC codes)", "ETHNIC"),
        text("Disabilities", "Disability codes, comma-separated (NONE when none)", 60),
    ),
    key=("LAchildID",),
    source=GUIDE,
    group="cin",
)

CIN_DETAILS = Table(
    "CINDetails",
    "One row per CIN episode: referral, primary need, closure.",
    (
        CHILD_ID,
        DETAILS_ID,
        date("CINreferralDate", "Date of the referral"),
        code("ReferralSource", "Source of the referral", "CIN_REFERRAL_SOURCE"),
        code("PrimaryNeedCode", "Primary need at assessment (N0-N9)", "CIN_PRIMARY_NEED"),
        date("CINclosureDate", "Date the CIN episode closed"),
        code("ReasonForClosure", "Reason the episode closed (RC1-RC9)", "CIN_REASON_FOR_CLOSURE"),
        date("DateOfInitialCPC", "Initial child protection conference held without a section 47 in this year"),
        code("ReferralNFA", "Referral with no further action: 1/true or 0/false", "CIN_FLAG"),
    ),
    key=("LAchildID", "CINreferralDate"),
    source=GUIDE,
    group="cin",
)

CIN_ASSESSMENTS = Table(
    "CINAssessments",
    "Assessments within a CIN episode, with the factors identified.",
    (
        CHILD_ID,
        DETAILS_ID,
        date("AssessmentActualStartDate", "Date the assessment started"),
        date("AssessmentInternalReviewDate", "Date of the internal review"),
        date("AssessmentAuthorisationDate", "Date the assessment was completed (authorised)"),
        text("AssessmentFactors", "Factors identified, comma-separated codes", 120),
    ),
    key=("LAchildID", "AssessmentActualStartDate"),
    source=GUIDE,
    group="cin",
)

CIN_PLANS = Table(
    "CINPlans",
    "Child in need plans within a CIN episode.",
    (CHILD_ID, DETAILS_ID, date("CINPlanStartDate", "Start of the CIN plan"), date("CINPlanEndDate", "End of the plan")),
    key=("LAchildID", "CINPlanStartDate"),
    source=GUIDE,
    group="cin",
)

CIN_SECTION47 = Table(
    "CINSection47",
    "Section 47 enquiries within a CIN episode.",
    (
        CHILD_ID,
        DETAILS_ID,
        date("S47ActualStartDate", "Date the section 47 enquiry started"),
        date("InitialCPCtarget", "Target date for the initial child protection conference"),
        date("DateOfInitialCPC", "Date of the initial child protection conference"),
        code("ICPCnotRequired", "Initial conference not required: 1/true or 0/false", "CIN_FLAG"),
    ),
    key=("LAchildID", "S47ActualStartDate"),
    source=GUIDE,
    group="cin",
)

CIN_CPP = Table(
    "CINProtectionPlans",
    "Child protection plans within a CIN episode.",
    (
        CHILD_ID,
        DETAILS_ID,
        date("CPPstartDate", "Start of the child protection plan"),
        date("CPPendDate", "End of the plan"),
        code("InitialCategoryOfAbuse", "Category of abuse at the start", "CIN_CATEGORY_OF_ABUSE"),
        code("LatestCategoryOfAbuse", "Latest category of abuse", "CIN_CATEGORY_OF_ABUSE"),
        integer("NumberOfPreviousCPP", "Number of previous child protection plans"),
    ),
    key=("LAchildID", "CPPstartDate"),
    source=GUIDE,
    group="cin",
)

CIN_REVIEWS = Table(
    "CINReviews",
    "Reviews of child protection plans.",
    (CHILD_ID, DETAILS_ID, date("CPPstartDate", "Start of the plan reviewed"), date("CPPreviewDate", "Review date")),
    key=("LAchildID", "CPPstartDate", "CPPreviewDate"),
    source=GUIDE,
    group="cin",
)

CIN_TABLES: dict[str, Table] = {
    t.name: t for t in (CIN_CHILD, CIN_DETAILS, CIN_ASSESSMENTS, CIN_PLANS, CIN_SECTION47, CIN_CPP, CIN_REVIEWS)
}
