"""SSDA903 code lists: the single registry of every code, its meaning and the collection years it is valid in.

Source: DfE "Children looked after return (SSDA903) guide" for 2024-25 and 2025-26, as summarised in
``shared/domain/definitions.md`` §2. "Year" is the collection year by its ending: 2025 means 1 April 2024 to
31 March 2025. A code valid from year F to year T is accepted in every year F..T inclusive (None = open).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache


@dataclass(frozen=True)
class Code:
    code: str
    description: str
    from_year: int | None = None
    to_year: int | None = None

    def valid_in(self, year: int) -> bool:
        return (self.from_year is None or year >= self.from_year) and (self.to_year is None or year <= self.to_year)


def _codes(*rows: tuple) -> tuple[Code, ...]:
    return tuple(Code(*r) for r in rows)


CODE_LISTS: dict[str, tuple[Code, ...]] = {
    "SEX": _codes(
        ("1", "Male", None, 2024),
        ("2", "Female", None, 2024),
        ("M", "Male", 2025, None),
        ("F", "Female", 2025, None),
        ("U", "Unknown or not recorded", 2025, None),
    ),
    "ETHNIC": _codes(
        ("WBRI", "White British"), ("WIRI", "White Irish"), ("WOTH", "Any other White background"),
        ("WIRT", "Traveller of Irish heritage"), ("WROM", "Gypsy/Roma"),
        ("MWBC", "White and Black Caribbean"), ("MWBA", "White and Black African"), ("MWAS", "White and Asian"),
        ("MOTH", "Any other mixed background"),
        ("AIND", "Indian"), ("APKN", "Pakistani"), ("ABAN", "Bangladeshi"), ("AOTH", "Any other Asian background"),
        ("BCRB", "Caribbean"), ("BAFR", "African"), ("BOTH", "Any other Black background"),
        ("CHNE", "Chinese"), ("OOTH", "Any other ethnic group"),
        ("REFU", "Refused"), ("NOBT", "Information not yet obtained"),
    ),
    "MOTHER": _codes(("0", "Not a mother"), ("1", "Is a mother")),
    "RNE": _codes(
        ("S", "Started to be looked after"),
        ("L", "Change of legal status only"),
        ("P", "Change of placement and carer(s) only"),
        ("T", "Change of placement (but same carer(s)) only"),
        ("B", "Change of legal status and placement and carer(s) at the same time"),
        ("U", "Change of legal status and change of placement (but same carer(s)) at the same time"),
    ),
    "LS": _codes(
        ("C1", "Interim care order"), ("C2", "Full care order"), ("D1", "Freeing order granted", None, 2025),
        ("E1", "Placement order granted"),
        ("V2", "Single period of accommodation under section 20"),
        ("V3", "Accommodated under an agreed series of short-term breaks, individual episodes recorded"),
        ("V4", "Accommodated under an agreed series of short-term breaks, agreements recorded"),
        ("L1", "Under police protection and in local authority accommodation"),
        ("L2", "Emergency protection order"),
        ("L3", "Under child assessment order and in local authority accommodation"),
        ("J1", "Remanded to local authority accommodation or youth detention accommodation"),
        ("J2", "Placed in local authority accommodation under PACE"),
        ("J3", "Sentenced to a youth rehabilitation order with residence or intensive fostering requirement"),
    ),
    "CIN": _codes(
        ("N1", "Abuse or neglect"), ("N2", "Child's disability"), ("N3", "Parental illness or disability"),
        ("N4", "Family in acute stress"), ("N5", "Family dysfunction"), ("N6", "Socially unacceptable behaviour"),
        ("N7", "Low income"), ("N8", "Absent parenting"),
    ),
    "PLACE": _codes(
        ("A3", "Placed for adoption with consent with current foster carer(s)"),
        ("A4", "Placed for adoption with consent not with current foster carer(s)"),
        ("A5", "Placed for adoption with placement order with current foster carer(s)"),
        ("A6", "Placed for adoption with placement order not with current foster carer(s)"),
        ("H5", "Semi-independent living accommodation not subject to Children's Homes Regulations", None, 2025),
        ("K1", "Secure children's homes"),
        ("K2", "Children's homes subject to Children's Homes Regulations"),
        ("K3", "Registered supported accommodation", 2025, None),
        ("P1", "Placed with own parent(s) or other person(s) with parental responsibility"),
        ("P2", "Independent living, e.g. flat, lodgings, bedsit, B&B or with friends", None, 2025),
        ("P3", "Residential employment"),
        ("R1", "Residential care home"),
        ("R2", "NHS/Health Trust or other establishment providing medical or nursing care"),
        ("R3", "Family centre or mother and baby unit"),
        ("R5", "Young offender institution or prison"),
        ("S1", "All residential schools, except where dual-registered as a school and children's home"),
        ("T0", "All types of temporary move"), ("T1", "Temporary periods in hospital"),
        ("T2", "Temporary absences of the child on holiday"),
        ("T3", "Temporary accommodation whilst normal foster carer(s) is/are on holiday"),
        ("T4", "Temporary accommodation of seven days or less, for any reason, not covered by T1 to T3"),
        ("U1", "Foster placement with relative(s) or friend(s) - long term fostering"),
        ("U2", "Fostering placement with relative(s) or friend(s) who is/are also an approved adopter(s)"),
        ("U3", "Fostering placement with relative(s) or friend(s) who is/are not long-term or FFA/concurrent planning"),
        ("U4", "Foster placement with other foster carer(s) - long term fostering"),
        ("U5", "Foster placement with other foster carer(s) who is/are also an approved adopter(s)"),
        ("U6", "Foster placement with other foster carer(s) - not long term or FFA/concurrent planning"),
        ("Z1", "Other placements (must be listed on a schedule sent to DfE)", None, 2025),
        ("Z11", "Other placement: unregistered children's home or unregistered supported accommodation", 2026, None),
        ("Z12", "Other placement: deprivation of liberty, registered setting", 2026, None),
        ("Z13", "Other placement: deprivation of liberty, unregistered setting", 2026, None),
        ("Z14", "Other placement: any other arrangement not listed", 2026, None),
    ),
    "PLACE_PROVIDER": _codes(
        ("PR0", "Parent(s) or other person(s) with parental responsibility"),
        ("PR1", "Own provision (by the LA) including a regional adoption agency where the child's LA hosts"),
        ("PR2", "Other LA provision, including a regional adoption agency hosted by another LA"),
        ("PR3", "Other public provision (e.g. by a PCT etc)"),
        ("PR4", "Private provision"),
        ("PR5", "Voluntary/third sector provision"),
    ),
    "REC": _codes(
        ("X1", "Episode ceases, and new episode begins on same day, for any reason"),
        ("E11", "Adopted - application for an adoption order unopposed"),
        ("E12", "Adopted - consent dispensed with by the court"),
        ("E2", "Died"),
        ("E3", "Care taken over by another LA in the UK"),
        ("E4A", "Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility as part of the care planning process"),
        ("E4B", "Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility which was not part of the current care planning process"),
        ("E13", "Left care to live with parent(s), relative(s), or other person(s) with no parental responsibility"),
        ("E41", "Residence order (or, from 22 April 2014, a child arrangement order which sets out with whom the child is to live) granted"),
        ("E45", "Special guardianship order made to former foster carer(s), who was/are a relative(s) or friend(s)"),
        ("E46", "Special guardianship order made to former foster carer(s), other than relative(s) or friend(s)"),
        ("E47", "Special guardianship order made to carer(s), other than former foster carer(s), who was/are a relative(s) or friend(s)"),
        ("E48", "Special guardianship order made to carer(s), other than former foster carer(s), other than relative(s) or friend(s)"),
        ("E5", "Moved into independent living arrangement and no longer looked-after: supportive accommodation providing formalised advice/support arrangements"),
        ("E6", "Moved into independent living arrangement and no longer looked-after: accommodation providing no formalised advice/support arrangements"),
        ("E7", "Transferred to residential care funded by adult social care services"),
        ("E9", "Sentenced to custody"),
        ("E14", "Accommodation on remand ended"),
        ("E15", "Age assessment determined child is aged 18 or over"),
        ("E16", "Child moved abroad"),
        ("E17", "Aged 18 (or over) and remained with current carers (inc under staying put arrangements)"),
        ("E8", "Period of being looked-after ceased for any other reason"),
    ),
    "REASON_PLACE_CHANGE": _codes(
        ("CARPL", "Change to/Implementation of care plan"), ("CLOSE", "Resignation/closure of provision"),
        ("ALLEG", "Allegation (s47)"), ("STAND", "Standards of care concern"), ("APPRR", "Approval removed"),
        ("CREQB", "Carer(s) requests placement end due to child's behaviour"),
        ("CREQO", "Carer(s) requests placement end other than due to child's behaviour"),
        ("CHILD", "Child requests placement end"), ("LAREQ", "Responsible/area authority requests placement end"),
        ("PLACE", "Change in the status of placement only"), ("CUSTOD", "Custody arrangement"), ("OTHER", "Other"),
    ),
    "IN_TOUCH": _codes(
        ("YES", "In touch"), ("NO", "Not in touch"), ("DIED", "Died"), ("REFU", "Young person refuses contact"),
        ("NREQ", "No longer requires services"), ("RHOM", "Returned to parents for 6 months or more"),
    ),
    "ACTIV": _codes(
        ("F1", "Full time in higher education"), ("P1", "Part time in higher education"),
        ("F2", "Full time in education other than higher education"), ("P2", "Part time in education other than higher education"),
        ("F3", "Full time in training or employment", None, 2020), ("P3", "Part time in training or employment", None, 2020),
        ("F4", "Full time apprenticeship"), ("P4", "Part time apprenticeship"),
        ("F5", "Full time training or employment (excluding apprenticeship)"),
        ("P5", "Part time training or employment (excluding apprenticeship)"),
        ("G4", "Not in education, training or employment owing to illness or disability"),
        ("G5", "Not in education, training or employment owing to other reasons"),
        ("G6", "Not in education, training or employment owing to pregnancy or parenting"),
        ("0", "Not in touch, died or returned home for 6 months or more"),
    ),
    "ACCOM": _codes(*(
        (f"{letter}{digit}", f"{label}: {suit}")
        for letter, label in (
            ("B", "With parents or relatives"), ("C", "Community home or other residential care"),
            ("D", "Semi-independent transitional accommodation"), ("E", "Supported lodgings"),
            ("G", "Gone abroad"), ("H", "Deported"), ("K", "Ordinary lodgings without formal support"),
            ("R", "Residence not known"), ("S", "No fixed abode/homeless"), ("T", "Foyers and similar"),
            ("U", "Independent living"), ("V", "Emergency accommodation"), ("W", "Bed and breakfast"),
            ("X", "In custody"), ("Y", "Other accommodation"), ("Z", "With former foster carer(s)"),
        )
        for digit, suit in (("1", "suitable"), ("2", "not suitable"))
    ), ("0", "No information / not in touch")),
    "SDQ_REASON": _codes(
        ("SDQ1", "No form returned as child was aged under 4 or over 16 at date of latest assessment"),
        ("SDQ2", "Carer(s) refused to complete and return questionnaire"),
        ("SDQ3", "Not possible to complete the questionnaire due to severity of the child's disability"),
        ("SDQ4", "Other"), ("SDQ5", "Child or young person refuses to allow an SDQ to be completed"),
    ),
    "FLAG01": _codes(("0", "No"), ("1", "Yes")),
    # Header UASC status (DfE 105: "invalid or has not been completed"; 303: "If date UASC status ceased is not null,
    # UASC status must be coded 1").
    "UASC": _codes(("0", "Not an unaccompanied asylum-seeking child"),
                   ("1", "Unaccompanied asylum-seeking child (now, or until UASC status ceased during the year)")),
    "PL_LOCATION": _codes(("IN", "Placed inside the council's area"), ("OUT", "Placed outside the council's area")),
    "MISSING": _codes(("M", "Missing (whereabouts unknown)"), ("A", "Away from placement without authorisation")),
    "REVIEW_CODE": _codes(
        ("PN0", "Child aged under 4 at the time of the review"),
        ("PN1", "Child physically attends and speaks for him or herself"),
        ("PN2", "Child physically attends and an advocate speaks on his or her behalf"),
        ("PN3", "Child attends and conveys his or her view symbolically (non-verbally)"),
        ("PN4", "Child physically attends but does not speak for him or herself, does not convey views symbolically and does not ask an advocate to speak"),
        ("PN5", "Child does not attend physically but briefs an advocate to speak for him or her"),
        ("PN6", "Child does not attend but conveys feelings to the review by a facilitative medium"),
        ("PN7", "Child does not attend nor are views conveyed to the review"),
    ),
    "PREV_PERM": _codes(
        ("P1", "Adoption"), ("P2", "Special guardianship order"),
        ("P3", "Residence order or child arrangements order (with whom the child is to live)"),
        ("P4", "Unknown"), ("Z1", "Child has not previously been subject to a permanence option"),
    ),
    "SEX_ADOPTR": _codes(
        ("M1", "Adopter is a single male"), ("F1", "Adopter is a single female"),
        ("MM", "Adopting couple are both males"), ("FF", "Adopting couple are both females"),
        ("MF", "Adopting couple are male and female"),
    ),
    "LS_ADOPTR": _codes(
        ("L0", "Single adopter"), ("L11", "Couple: married"), ("L12", "Couple: civil partners"),
        ("L2", "Couple: not married or civil partners"), ("L3", "Adopter is a relative or a step-parent"),
        ("L4", "Other adopter"),
    ),
    "NB_ADOPTR": _codes(("1", "Single adopter"), ("2", "Couple")),
    "REASON_PLACED_CEASED": _codes(
        ("RD1", "The child is adopted"), ("RD2", "The child is still placed for adoption but the decision changed"),
        ("RD3", "The child's placement was disrupted before an adoption order"),
        ("RD4", "Decision that the child should be placed for adoption changed; other reason"),
    ),
    "SW_REASON": _codes(
        ("MANAGE", "Management decision"), ("FCONTA", "First contact: the child's first social worker"),
        ("LEFTRL", "Social worker left the role"), ("ORGRST", "Organisational restructure"),
        ("TSPROC", "Transfer to another team as part of the process"), ("ABSENC", "Social worker absence"),
        ("CHCHAN", "Child's circumstances changed"), ("PCCHAN", "Parent or carer requested change"),
        ("SWDIED", "Social worker died"), ("OTHERS", "Other"),
    ),
}

# Groups the measures and validation rules share; each defined once, here.
SHORT_BREAK_LS = frozenset({"V3", "V4"})
NEW_CARER_RNE = frozenset({"S", "P", "B"})
FOSTER_PLACE = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
KINSHIP_FOSTER_PLACE = frozenset({"U1", "U2", "U3"})
ADOPTION_PLACE = frozenset({"A3", "A4", "A5", "A6"})
TEMPORARY_PLACE = frozenset({"T0", "T1", "T2", "T3", "T4"})
ADOPTED_REC = frozenset({"E11", "E12"})
SGO_REC = frozenset({"E43", "E44", "E45", "E46", "E47", "E48"})
CAO_REC = frozenset({"E41"})
UNREGISTERED_PLACE = frozenset({"Z1", "Z11", "Z13"})
# Placement types that have no Ofsted URN (DfE rules 218 and 222): P1, P3, R1, R2, R5, T0-T4 and Z1, and Z11-Z14
# from 2025-26 (those codes exist only from then, so one list serves every year).
NO_URN_PLACE = frozenset({"P1", "P3", "R1", "R2", "R5", "Z1", "Z11", "Z12", "Z13", "Z14"}) | TEMPORARY_PLACE
# Placement types that have no placement provider (DfE rules 178 and 213): T0-T4 and Z1, and Z11-Z14 from 2025-26.
NO_PROVIDER_PLACE = TEMPORARY_PLACE | {"Z1", "Z11", "Z12", "Z13", "Z14"}
# Supported accommodation (H5) providers had to register with Ofsted from 28 October 2023; before, no URN.
H5_REGISTERED_FROM = date(2023, 10, 28)
# The URN DfE asks for when a child is placed for adoption through a regional adoption agency (rule 242): no URN.
NO_URN_CODE = "XXXXXXX"
# Placements at the provider's own premises (the child lives at the setting): PL_POST is the provider's address
# (DfE 221 lists K1, K2, K3, R3 and S1; H5 was supported accommodation's code until 2024-25).
PREMISES_PLACE = frozenset({"K1", "K2", "K3", "H5", "R3", "S1"})
# Ofsted provider types (matched on the type and subtype, lower case, letters only; first match wins) -> the DfE
# placement types (PLACE) such a provider can give (rule 219). Providers of other types are not judged.
OFSTED_TYPE_PLACES: tuple[tuple[tuple[str, ...], frozenset[str]], ...] = (
    (("secure", "childrenshome"), frozenset({"K1"})),
    (("secureunit",), frozenset({"K1"})),
    (("childrenshome",), frozenset({"K2"})),
    (("supportedaccommodation",), frozenset({"K3", "H5"})),
    (("residentialfamilycentre",), frozenset({"R3"})),
    (("residentialspecialschool",), frozenset({"S1"})),
    (("boardingschool",), frozenset({"S1"})),
    (("fostering",), FOSTER_PLACE),
    (("adoption",), ADOPTION_PLACE | {"U2", "U5"}),
)
# Ofsted sectors (or, when no sector is given, provider types) -> the DfE placement provider codes (PLACE_PROVIDER)
# that fit them (rule 224): a council's provision is PR1 (own) or PR2 (another council's; rule 229 tells which).
OFSTED_SECTOR_PROVIDERS: tuple[tuple[tuple[str, ...], frozenset[str]], ...] = (
    (("localauthority",), frozenset({"PR1", "PR2"})),
    (("council",), frozenset({"PR1", "PR2"})),
    (("private",), frozenset({"PR4"})),
    (("independentfostering",), frozenset({"PR4", "PR5"})),
    (("independent",), frozenset({"PR4"})),
    (("voluntary",), frozenset({"PR5"})),
    (("charit",), frozenset({"PR5"})),
    (("nonmaintained",), frozenset({"PR5"})),
    (("health",), frozenset({"PR3"})),
    (("nhs",), frozenset({"PR3"})),
    (("academy",), frozenset({"PR3"})),
)
# Provider types Ofsted inspects but does not register (rule 243: no URN should be reported for them).
OFSTED_NOT_REGISTERED_TYPES = ("boardingschool", "furthereducationcollege")
EET_ACTIV = frozenset({"F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5"})
NEET_ACTIV = frozenset({"G4", "G5", "G6"})


@cache
def valid_codes(list_name: str, year: int) -> frozenset[str]:
    """The codes of ``list_name`` accepted in collection ``year`` (year by its ending: 2025 = 2024-25)."""
    return frozenset(c.code for c in CODE_LISTS[list_name] if c.valid_in(year))


@cache
def describe(list_name: str, code: str) -> str:
    """The description of a code, or the code itself when unknown."""
    for c in CODE_LISTS.get(list_name, ()):
        if c.code == code:
            return c.description
    return code
