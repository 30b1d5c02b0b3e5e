"""The Virtual School's education tables: what schools, settings and the Virtual School record about a child.

Councils fill these from their ePEP product, school census returns and attendance feeds with the CSV templates the
Hub publishes (one file per table, named ``<table>.csv``; dates dd/mm/yyyy). ``CHILD`` is the SSDA903 CHILD for a
child who is or was looked after, else the identifier the cohort comes from (CIN census, kinship register, or a
school's/carer's report of a previously looked-after child). Code lists are in :data:`VS_CODES` (the one place).

Academic years are named by their ending, like collection years: ``ACADEMIC_YEAR`` 2025 means September 2024 to
August 2025. Half-terms are numbered 1 (autumn 1) to 6 (summer 2), as in the DfE "six half terms" absence data.
"""

from __future__ import annotations

from cphub.tables import Table, code, date, flag, integer, number, text

VS = "Virtual School record (ePEP, school returns, attendance feeds), template published by the Hub"

CHILD = text("CHILD", "The child's identifier (SSDA903 CHILD, CIN census or kinship register reference)", 20)
URN = text("URN", "School or setting unique reference number (6 or 7 digits; 'NONE' when no place)", 8)

VS_CODES: dict[str, dict[str, str]] = {
    "PHASE": {
        "EY": "Early years setting (nursery, pre-school, childminder)",
        "PRI": "Primary school",
        "SEC": "Secondary school",
        "ALL": "All-through school",
        "SPEC": "Special school",
        "AP": "Alternative provision (including pupil referral units)",
        "P16": "Post-16 provider (sixth-form or further education college)",
        "IND": "Independent school",
    },
    "OFSTED": {
        "1": "Outstanding",
        "2": "Good",
        "3": "Requires improvement",
        "4": "Inadequate",
        "0": "Not yet inspected / no grade",
    },
    "EXCLUSION_TYPE": {
        "SUSP": "Suspension (fixed-period exclusion)",
        "PERM": "Permanent exclusion",
    },
    "SEN": {
        "N": "No special educational need",
        "K": "SEN support",
        "E": "Education, health and care (EHC) plan",
    },
    "ASSESSMENT": {
        "EYFS_GLD": "Early years foundation stage profile: good level of development (1 = yes, 0 = no)",
        "PHONICS": "Year 1 phonics screening check: met the expected standard (1 = yes, 0 = no)",
        "KS2_RWM": "Key stage 2: expected standard in reading, writing and maths (1 = yes, 0 = no)",
        "KS4_A8": "Key stage 4: Attainment 8 score (0-90)",
        "KS4_P8": "Key stage 4: Progress 8 score (about -5 to +5)",
        "KS4_EM4": "Key stage 4: grade 4 or above in English and maths (1 = yes, 0 = no)",
        "KS4_EM5": "Key stage 4: grade 5 or above in English and maths (1 = yes, 0 = no)",
    },
    "ACTIVITY": {
        "EDU": "In full-time education (school sixth form, college)",
        "APP": "Apprenticeship",
        "EMP": "Employment with training",
        "TRN": "Training (traineeship, supported internship)",
        "NEET": "Not in education, employment or training",
        "UNK": "Activity not known",
    },
    "PEP_QUALITY": {
        "O": "Outstanding",
        "G": "Good",
        "RI": "Requires improvement",
        "I": "Inadequate",
    },
    "PLAC_ROUTE": {
        "ADOPTED": "Left care through adoption (England or Wales)",
        "SGO": "Left care through a special guardianship order",
        "CAO": "Left care through a child arrangements order (or residence order)",
        "ABROAD": "Adopted from state care outside England and Wales",
    },
    "REPORTED_BY": {
        "SCHOOL": "Reported by the child's school or setting",
        "CARER": "Reported by the child's parent, guardian or carer",
    },
}

SCHOOLS = Table(
    "schools",
    "Schools and settings the council's children attend: URN, name, phase and latest Ofsted grade.",
    (URN, text("SCHOOL_NAME", "Name of the school or setting", 100), code("PHASE", "Phase of education"),
     text("SCHOOL_LA", "DfE 3-digit code of the council the school is in", 3),
     code("OFSTED", "Latest Ofsted overall effectiveness grade (1-4, 0 = none)"),
     date("OFSTED_DATE", "Date of the latest Ofsted inspection")),
    key=("URN",), source=VS, group="education",
)

ENROLMENTS = Table(
    "enrolments",
    "Each child's school places over time (school history). A child with no current row has no school place.",
    (CHILD, URN, date("START_DATE", "Date the child joined the school"),
     date("END_DATE", "Date the child left the school (blank if on roll)"),
     flag("MAIN", "This is the child's main (registered) school (Y/N); N for dual-registered AP")),
    key=("CHILD", "URN", "START_DATE"), source=VS, group="education",
)

TIMETABLES = Table(
    "timetables",
    "Part-time timetables and reduced hours: the hours of education a week a child actually receives.",
    (CHILD, date("START_DATE", "Date the reduced timetable began"),
     date("END_DATE", "Date it ended (blank if still in place)"),
     number("HOURS_PER_WEEK", "Hours of education a week the child receives"),
     text("REASON", "Why the timetable is reduced", 200)),
    key=("CHILD", "START_DATE"), source=VS, group="education",
)

ATTENDANCE = Table(
    "attendance",
    "Attendance by half-term: possible sessions, sessions attended, authorised and unauthorised absence.",
    (CHILD, integer("ACADEMIC_YEAR", "Academic year by its ending (2025 = 2024/25)"),
     integer("HALF_TERM", "Half-term, 1 (autumn 1) to 6 (summer 2)"), URN,
     integer("POSSIBLE", "Possible sessions (two a day)"), integer("ATTENDED", "Sessions attended"),
     integer("AUTHORISED", "Sessions of authorised absence"), integer("UNAUTHORISED", "Sessions of unauthorised absence")),
    key=("CHILD", "ACADEMIC_YEAR", "HALF_TERM", "URN"), source=VS, group="education",
)

EXCLUSIONS = Table(
    "exclusions",
    "Suspensions and permanent exclusions, with their start date and length in school days.",
    (CHILD, URN, date("START_DATE", "First day of the suspension or exclusion"),
     code("EXCLUSION_TYPE", "SUSP suspension or PERM permanent exclusion"),
     number("DAYS", "Length in school days (blank for a permanent exclusion)"),
     text("REASON", "Reason given by the school", 200)),
    key=("CHILD", "URN", "START_DATE", "EXCLUSION_TYPE"), source=VS, group="education",
)

SEN_STATUS = Table(
    "sen_status",
    "Special educational needs status over time: none, SEN support, or an EHC plan.",
    (CHILD, date("START_DATE", "Date the status began"), date("END_DATE", "Date it ended (blank if current)"),
     code("SEN", "N none, K SEN support, E EHC plan"), text("PRIMARY_NEED", "Primary type of need", 60)),
    key=("CHILD", "START_DATE"), source=VS, group="education",
)

ATTAINMENT = Table(
    "attainment",
    "Statutory assessment results, one row per child per assessment: EYFS, phonics, KS2 and KS4.",
    (CHILD, integer("ACADEMIC_YEAR", "Academic year of the assessment (2025 = 2024/25)"),
     code("ASSESSMENT", "Which result this row holds"), number("RESULT", "The result: 1/0 for met/not met, else a score")),
    key=("CHILD", "ACADEMIC_YEAR", "ASSESSMENT"), source=VS, group="education",
)

POST16 = Table(
    "post16",
    "Young people's post-16 destination or activity, recorded on a date (for 16-18 NEET).",
    (CHILD, date("RECORD_DATE", "Date the activity was recorded"), code("ACTIVITY", "Main activity"),
     text("PROVIDER", "College, employer or training provider", 100)),
    key=("CHILD", "RECORD_DATE"), source=VS, group="education",
)

PEPS = Table(
    "peps",
    "Personal Education Plans of children looked after: meeting date, quality rating, targets and Pupil Premium Plus spend.",
    (CHILD, date("PEP_DATE", "Date of the PEP meeting"), code("PEP_QUALITY", "Quality rating by the Virtual School"),
     integer("TARGETS", "Number of SMART targets set"), integer("TARGETS_MET", "Targets from the last PEP met"),
     number("PP_PLUS_SPEND", "Pupil Premium Plus allocated in this PEP (GBP)")),
    key=("CHILD", "PEP_DATE"), source=VS, group="education",
)

PLAC_REPORTS = Table(
    "plac_reports",
    "Previously looked-after children reported by schools or carers (left care through adoption, SGO or CAO).",
    (CHILD, date("DOB", "Child's date of birth"), code("PLAC_ROUTE", "How the child left care"),
     code("REPORTED_BY", "Who told the Virtual School"), date("REPORT_DATE", "Date reported"),
     text("SCHOOL_URN", "URN of the child's school, if known", 8)),
    key=("CHILD",), source=VS, group="education",
)

CASE_SYSTEM = "Case management system extract (children's social care), template published by the Hub"

CHILD_DETAILS = Table(
    "child_details",
    "Who each child is, from the case management system's extract: name, allocated social worker and carer. "
    "Shown only to roles allowed child-level data; never in public outputs or logs.",
    (CHILD, text("FORENAME", "Child's first name", 60), text("SURNAME", "Child's family name", 60),
     text("SOCIAL_WORKER", "Allocated social worker (name), blank if none", 100),
     text("CARER", "Main carer or placement (name, e.g. foster carer or special guardian)", 100)),
    key=("CHILD",), source=CASE_SYSTEM, group="education",
)

DESIGNATED_TEACHERS = Table(
    "designated_teachers",
    "Each school's designated teacher for looked-after and previously looked-after children.",
    (URN, text("DESIGNATED_TEACHER", "Name of the designated teacher", 100),
     text("EMAIL", "Their work email address", 120)),
    key=("URN",), source=VS, group="education",
)

PP_PLUS = ("Pupil Premium Plus records kept by the Virtual School (DfE Pupil premium conditions of grant), template "
           "published by the Hub")

PP_PLUS_GRANT = Table(
    "pp_plus_grant",
    "The Pupil Premium Plus grant for children looked after in an academic year: the rate and the children DfE "
    "funded, the allocation received, and how much the Virtual School Head holds centrally.",
    (integer("ACADEMIC_YEAR", "Academic year by its ending (2026 = 2025/26)"),
     number("RATE_PER_CHILD", "Pupil Premium Plus per child looked after that year (GBP, DfE conditions of grant)"),
     integer("FUNDED_CHILDREN", "Children looked after the allocation was based on (DfE allocation table)"),
     number("ALLOCATION", "Total allocation received by the Virtual School (GBP)"),
     number("HELD_CENTRALLY", "Amount the Virtual School Head holds centrally (GBP)")),
    key=("ACADEMIC_YEAR",), source=PP_PLUS, group="education",
)

PP_PLUS_PAYMENTS = Table(
    "pp_plus_payments",
    "Pupil Premium Plus passed to schools and settings for a child looked after, and the PEP target it pays for.",
    (CHILD, URN, date("PAYMENT_DATE", "Date the payment was made"), number("AMOUNT", "Amount paid (GBP)"),
     date("PEP_DATE", "Date of the PEP whose target the payment supports (blank if none)"),
     text("TARGET", "The PEP target it supports, in a few words", 200)),
    key=("CHILD", "URN", "PAYMENT_DATE"), source=PP_PLUS, group="education",
)

PLAC_PP_CLAIMS = Table(
    "plac_pp_claims",
    "Pupil Premium Plus for previously looked-after children, paid to schools from the January school census: "
    "pupils recorded as adopted from care or leaving care on an SGO or CAO, by school.",
    (integer("ACADEMIC_YEAR", "Academic year by its ending (2026 = 2025/26)"), URN,
     integer("PUPILS", "Previously looked-after pupils the school recorded on the January census"),
     number("AMOUNT", "Pupil Premium Plus the school receives for them (GBP)")),
    key=("ACADEMIC_YEAR", "URN"), source=PP_PLUS, group="education",
)

EDUCATION_TABLES: dict[str, Table] = {
    t.name: t
    for t in (SCHOOLS, ENROLMENTS, TIMETABLES, ATTENDANCE, EXCLUSIONS, SEN_STATUS, ATTAINMENT, POST16, PEPS,
              PLAC_REPORTS, CHILD_DETAILS, DESIGNATED_TEACHERS, PP_PLUS_GRANT, PP_PLUS_PAYMENTS, PLAC_PP_CLAIMS)
}
