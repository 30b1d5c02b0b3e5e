"""Local tables the scorecard needs that the SSDA903 return does not hold.

Each row carries dates so a measure can be computed at any as-at date, not only 31 March. Councils fill
these from their case system with the CSV templates the Hub publishes (one file per table, named
``<table>.csv``; dates dd/mm/yyyy). Code lists live in :data:`LOCAL_CODES`.
"""

from __future__ import annotations

from cphub.tables import Table, code, date, flag, integer, number, text

LOCAL = "Local record (council case system), template published by the Hub"

CHILD = text("CHILD", "The child's identifier, as in the SSDA903 Header", 20)

LOCAL_CODES: dict[str, dict[str, str]] = {
    "ASSESSMENT_TYPE": {"IHA": "Initial health assessment", "RHA": "Review health assessment"},
    "HOUSEHOLD_TYPE": {
        "INHOUSE": "Council (in-house) mainstream foster carers",
        "CONNECTED": "Council kinship / connected-person foster carers",
    },
    "KINSHIP_TYPE": {
        "informal": "Informal kinship care (no order, not arranged by the council)",
        "private_fostering": "Private fostering",
        "cao": "Child arrangements order ('lives with')",
        "sgo": "Special guardianship order",
        "kinship_foster": "Kinship foster care (looked after, with a connected person)",
        "adoption": "Adoption by a friend or family member",
    },
}

HEALTH_ASSESSMENTS = Table(
    "health_assessments",
    "Statutory health assessments of children looked after (initial and review), with the date done.",
    (CHILD, date("ASSESSMENT_DATE", "Date the assessment was completed"),
     code("ASSESSMENT_TYPE", "IHA initial or RHA review")),
    key=("CHILD", "ASSESSMENT_DATE"), source=LOCAL, group="local",
)

DENTAL_CHECKS = Table(
    "dental_checks",
    "Dental checks of children looked after.",
    (CHILD, date("CHECK_DATE", "Date of the dental check")),
    key=("CHILD", "CHECK_DATE"), source=LOCAL, group="local",
)

VISITS = Table(
    "statutory_visits",
    "Statutory social-worker visits to children looked after (Care Planning Regulations 2010, reg. 28).",
    (CHILD, date("VISIT_DATE", "Date of the visit"),
     flag("SEEN_ALONE", "Whether the child was seen alone (Y/N)")),
    key=("CHILD", "VISIT_DATE"), source=LOCAL, group="local",
)

SOCIAL_WORKERS = Table(
    "social_workers",
    "Social workers holding cases, with their team, FTE and employment dates (for caseloads).",
    (text("SW_ID", "Social worker's identifier, as in SWEpisodes", 20), text("TEAM", "Team name", 60),
     number("FTE", "Full-time equivalent"), date("START_DATE", "Started in post"),
     date("END_DATE", "Left the post (blank if in post)"), flag("AGENCY", "Agency worker (Y/N)")),
    key=("SW_ID",), source=LOCAL, group="local",
)

PA_ALLOCATIONS = Table(
    "pa_allocations",
    "Personal-adviser allocations of care leavers (Children (Leaving Care) Act 2000).",
    (CHILD, text("PA_ID", "Personal adviser's identifier", 20), date("START_DATE", "Allocated from"),
     date("END_DATE", "Allocated to (blank if current)")),
    key=("CHILD", "START_DATE"), source=LOCAL, group="local",
)

FOSTERING_HOUSEHOLDS = Table(
    "fostering_households",
    "The council's approved fostering households (mainstream and connected), with approval dates.",
    (text("HOUSEHOLD_ID", "Household identifier", 20), code("HOUSEHOLD_TYPE", "INHOUSE or CONNECTED"),
     date("APPROVAL_DATE", "Date approved"), date("DEREGISTRATION_DATE", "Date de-registered (blank if approved)"),
     integer("PLACES", "Number of approved places")),
    key=("HOUSEHOLD_ID",), source=LOCAL, group="local",
)

CARE_LEAVER_UPDATES = Table(
    "care_leaver_updates",
    "Dated updates of care leavers' contact, activity and accommodation (SSDA903 OC3 codes), any time of year.",
    (CHILD, date("UPDATE_DATE", "Date of the contact or update"), code("IN_TOUCH", "In touch (OC3 IN_TOUCH)"),
     code("ACTIV", "Main activity (OC3 ACTIV)"), code("ACCOM", "Accommodation (OC3 ACCOM)")),
    key=("CHILD", "UPDATE_DATE"), source=LOCAL, group="local",
)

KINSHIP_ARRANGEMENTS = Table(
    "kinship_arrangements",
    "Children known to the council to live in kinship care, by type of the December 2023 statutory definition.",
    (text("CHILD", "Identifier (the SSDA903 CHILD where the child was looked after; else a local reference)", 20),
     date("DOB", "Child's date of birth"),
     code("KINSHIP_TYPE", "informal, private_fostering, cao, sgo, kinship_foster or adoption"),
     date("START_DATE", "Arrangement started"), date("END_DATE", "Arrangement ended (blank if current)"),
     flag("PREVIOUSLY_LOOKED_AFTER", "The child was looked after immediately before the order (Y/N)"),
     text("SCHOOL_URN", "URN of the child's school, if known", 8)),
    key=("CHILD", "START_DATE"), source=LOCAL, group="local",
)

ADVOCACY_REFERRALS = Table(
    "advocacy_referrals",
    "Referrals of children looked after to an independent advocate (Children Act 1989 s.26A; National "
    "Standards for the Provision of Children's Advocacy Services 2002), and whether the child took it up.",
    (CHILD, date("REFERRAL_DATE", "Date the referral was made"),
     flag("TAKEN_UP", "The child met the advocate and used the service (Y/N)"),
     date("START_DATE", "Date the advocacy started (blank if not taken up)")),
    key=("CHILD", "REFERRAL_DATE"), source=LOCAL, group="local",
)

INDEPENDENT_VISITORS = Table(
    "independent_visitors",
    "Independent visitors matched with children looked after (Children Act 1989 s.23ZB; Care Planning "
    "Regulations 2010, reg. 47).",
    (CHILD, date("START_DATE", "Date the visitor was matched with the child"),
     date("END_DATE", "Date the match ended (blank if current)")),
    key=("CHILD", "START_DATE"), source=LOCAL, group="local",
)

COUNCILLOR_TRAINING = Table(
    "councillor_training",
    "Councillors' corporate-parenting training: who, when and which course (Children and Social Work Act "
    "2017 s.1, the corporate parenting principles; LGA guide: every councillor trained when first elected).",
    (text("COUNCILLOR", "The councillor's name as the council's register of members has it", 100),
     date("TRAINING_DATE", "Date the councillor completed the course"),
     text("COURSE", "The course or session", 120)),
    key=("COUNCILLOR", "TRAINING_DATE", "COURSE"), source=LOCAL, group="local",
)

LOCAL_TABLES: dict[str, Table] = {
    t.name: t
    for t in (HEALTH_ASSESSMENTS, DENTAL_CHECKS, VISITS, SOCIAL_WORKERS, PA_ALLOCATIONS, FOSTERING_HOUSEHOLDS,
              CARE_LEAVER_UPDATES, KINSHIP_ARRANGEMENTS, ADVOCACY_REFERRALS, INDEPENDENT_VISITORS,
              COUNCILLOR_TRAINING)
}
