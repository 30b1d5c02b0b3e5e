"""The DfE SSDA903 tables, with the column names councils export (DfE SSDA903 guide, 2024-25 to 2026-27).

Every reader, rule, generator and store model takes its columns from here. Code lists are in
:mod:`cphub.ssda903.codes` (the ``codes`` name of a column is the key of its list there).
"""

from __future__ import annotations

from cphub.tables import Table, code, date, integer, number, optional, text

GUIDE = "DfE, Children looked after return (SSDA903) guide"

CHILD = text("CHILD", "The council's identifier for the child, the same in every table and every year", 20)
DOB = date("DOB", "Date of birth")

HEADER = Table(
    "Header",
    "One row per child looked after during the year (or with OC3 data): who the child is.",
    (
        CHILD,
        code("SEX", "Sex (1/2 until 2023-24; M/F/U from 2024-25)"),
        DOB,
        code("ETHNIC", "Ethnic origin"),
        text("UPN", "Unique pupil number (13 characters, or UN1-UN10 when none)", 13),
        code("MOTHER", "Whether the child is a mother (females aged 12+ looked after at 31 March)", "MOTHER"),
        date("MC_DOB", "Date of birth of the child's first child, when MOTHER = 1"),
        # DfE's Header carries the UASC status (rules 105, 205A-D, 231 "UASC_STATUS", 303); CSV exports often leave
        # it out (the UASC table then says who is UASC), so it is optional; the heading UASC_STATUS is read as it.
        optional(code("UASC", "UASC status: 1 = the child is or was an unaccompanied asylum-seeking child during "
                      "the year (with the date it ceased, if it did, in the UASC table), 0 = not"),
                 "UASC_STATUS"),
    ),
    key=("CHILD",),
    source=GUIDE,
)

EPISODES = Table(
    "Episodes",
    "One row per episode of care: a new episode starts whenever the legal status or the placement changes.",
    (
        CHILD,
        date("DECOM", "Date the episode commenced"),
        code("RNE", "Reason for new episode"),
        code("LS", "Legal status"),
        code("CIN", "Category of need"),
        code("PLACE", "Placement type"),
        code("PLACE_PROVIDER", "Placement provider"),
        date("DEC", "Date the episode ceased (blank if open at 31 March)"),
        code("REC", "Reason episode ceased"),
        code("REASON_PLACE_CHANGE", "Reason for placement change"),
        text("HOME_POST", "Postcode of the child's home when first placed (full, or truncated by some returns)", 8),
        text("PL_POST", "Postcode of the placement", 8),
        text("URN", "Ofsted unique reference number of the placement provider (SC... or XXXXXXX)", 8),
        # Fields DfE derives from the postcodes. Councils do not send them, but files exported from DfE's system and
        # reference-tool layouts carry them; when given, the rules read them, else the Hub derives them
        # (cphub.ssda903.rules.rules_derived.derive_placement_fields).
        optional(number("PL_DISTANCE", "Distance from home to placement in miles (derived by DfE from the "
                        "postcodes; blank for UASC)")),
        optional(text("PL_LA", "Council of the placement (derived by DfE from PL_POST)", 9)),
        optional(code("PL_LOCATION", "Placement inside (IN) or outside (OUT) the council making the return "
                      "(derived by DfE)")),
    ),
    key=("CHILD", "DECOM"),
    source=GUIDE,
)

UASC = Table(
    "UASC",
    "Unaccompanied asylum-seeking children: the date UASC status ceased.",
    (CHILD, code("SEX", "Sex"), DOB, date("DUC", "Date UASC status ceased")),
    key=("CHILD",),
    source=GUIDE,
)

OC2 = Table(
    "OC2",
    "Outcomes for children looked after continuously for 12 months at 31 March: health, SDQ, offending.",
    (
        CHILD,
        DOB,
        integer("SDQ_SCORE", "Strengths and Difficulties Questionnaire total score (0-40), ages 4-16"),
        code("SDQ_REASON", "Reason no SDQ score"),
        code("CONVICTED", "Convicted or given a final warning/reprimand during the year (ages 10+)", "FLAG01"),
        code("HEALTH_CHECK", "Development assessment up to date (under 5s)", "FLAG01"),
        code("IMMUNISATIONS", "Immunisations up to date", "FLAG01"),
        code("TEETH_CHECK", "Dental check in the year", "FLAG01"),
        code("HEALTH_ASSESSMENT", "Annual health assessment up to date", "FLAG01"),
        code("SUBSTANCE_MISUSE", "Identified as having a substance misuse problem", "FLAG01"),
        code("INTERVENTION_RECEIVED", "Received an intervention for substance misuse", "FLAG01"),
        code("INTERVENTION_OFFERED", "Offered an intervention for substance misuse but refused", "FLAG01"),
    ),
    key=("CHILD",),
    source=GUIDE,
)

OC3 = Table(
    "OC3",
    "Care leavers whose 17th to 21st birthday fell in the year: in touch, activity and accommodation.",
    (
        CHILD,
        DOB,
        code("IN_TOUCH", "Whether the council is in touch around the birthday"),
        code("ACTIV", "Main activity"),
        code("ACCOM", "Accommodation type and suitability"),
    ),
    key=("CHILD",),
    source=GUIDE,
)

AD1 = Table(
    "AD1",
    "Children adopted during the year: dates of the adoption process and who adopted.",
    (
        CHILD,
        DOB,
        date("DATE_INT", "Date the council decided the child should be placed for adoption"),
        date("DATE_MATCH", "Date the child was matched with the adopter(s)"),
        code("FOSTER_CARE", "Whether the child was adopted by their foster carer(s)", "FLAG01"),
        code("NB_ADOPTR", "Number of adopters"),
        code("SEX_ADOPTR", "Sex of adopter(s)"),
        code("LS_ADOPTR", "Legal status of adopter(s)"),
    ),
    key=("CHILD",),
    source=GUIDE,
)

PLACED_ADOPTION = Table(
    "PlacedAdoption",
    "Decisions that a child should be placed for adoption, and why such a decision ceased.",
    (
        CHILD,
        DOB,
        date("DATE_PLACED", "Date of the decision that the child should be placed for adoption"),
        date("DATE_PLACED_CEASED", "Date that decision ceased"),
        code("REASON_PLACED_CEASED", "Reason the decision ceased"),
    ),
    key=("CHILD", "DATE_PLACED"),
    source=GUIDE,
)

MISSING = Table(
    "Missing",
    "Episodes of being missing or away from placement without authorisation.",
    (
        CHILD,
        DOB,
        code("MISSING", "M = missing, A = away from placement without authorisation"),
        date("MIS_START", "Start of the missing or away episode"),
        date("MIS_END", "End of the missing or away episode"),
    ),
    key=("CHILD", "MIS_START"),
    source=GUIDE,
)

REVIEWS = Table(
    "Reviews",
    "Statutory reviews of the child's case, with how the child participated.",
    (CHILD, DOB, date("REVIEW", "Date of the review"), code("REVIEW_CODE", "Participation in the review")),
    key=("CHILD", "REVIEW"),
    source=GUIDE,
)

PREV_PERM = Table(
    "PrevPerm",
    "Children starting to be looked after: any previous permanence order (adoption, SGO, CAO) before this care.",
    (
        CHILD,
        DOB,
        code("PREV_PERM", "Previous permanence option"),
        text("LA_PERM", "Council that made the previous permanence arrangement (3-digit code, NIR/SCO/WAL/NUK/999)", 3),
        text("DATE_PERM", "Date of the previous permanence order (dd/mm/yyyy, or zz/mm/yyyy or zz/zz/zzzz if not known)", 10),
    ),
    key=("CHILD",),
    source=GUIDE,
)

SW_EPISODES = Table(
    "SWEpisodes",
    "Social-worker episodes: who was the child's allocated social worker, from when, and why it changed.",
    (
        CHILD,
        text("SW_ID", "Social worker's identifier (the workforce census ID)", 20),
        date("SW_DECOM", "Date the social worker episode commenced"),
        date("SW_DEC", "Date the social worker episode ceased"),
        code("SW_REASON", "Reason the social worker changed"),
    ),
    key=("CHILD", "SW_DECOM"),
    source=GUIDE,
)

DOLO = Table(
    "DoLo",
    "Deprivation of liberty orders (DoLOs) made for the child, from the 2026-27 return: when each began and ended.",
    (
        CHILD,
        DOB,
        date("DOLO_START", "Date the deprivation of liberty order started"),
        date("DOLO_END", "Date the deprivation of liberty order ended (blank while it is open at 31 March)"),
    ),
    key=("CHILD", "DOLO_START"),
    source=GUIDE + " 2026-27 (DoLo table; fields as in the 2026-27 rule list, issue 13)",
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (HEADER, EPISODES, UASC, OC2, OC3, AD1, PLACED_ADOPTION, MISSING, REVIEWS, PREV_PERM, SW_EPISODES, DOLO)
}
# The optional columns a council's own return carries (the CSV templates and the synthetic generator write them); the
# other optional columns (PL_DISTANCE, PL_LA, PL_LOCATION) are derived by DfE, found only in files exported from its
# system.
RETURN_OPTIONAL = ("UASC",)
# The collection year (by its ending) each table was first collected in; tables not named here are in every year.
FIRST_YEAR: dict[str, int] = {"SWEpisodes": 2024, "DoLo": 2027}


def tables_in(year: int) -> list[str]:
    """The tables of the SSDA903 return for collection ``year`` (by its ending: 2027 = 2026-27)."""
    return [name for name in TABLES if FIRST_YEAR.get(name, 0) <= year]
