"""CIN census code lists (DfE children in need census guide, 2025-26 code set), each defined once here.

Ethnicity uses the SSDA903 ``ETHNIC`` list from :mod:`cphub.ssda903.codes` (the same DfE codes).
"""

from __future__ import annotations

from cphub.ssda903.codes import valid_codes as _ssda903_codes

CIN_CODES: dict[str, dict[str, str]] = {
    "CIN_SEX": {"M": "Male", "F": "Female", "U": "Unknown or not recorded (and every unborn child)"},
    "CIN_FLAG": {"0": "No", "1": "Yes", "false": "No", "true": "Yes"},
    "CIN_UPN_UNKNOWN": {
        "UN1": "Child not of compulsory school age", "UN2": "Child educated at home",
        "UN3": "Child educated elsewhere (not at a school)", "UN4": "Child newly looked after / referred, UPN not yet obtained",
        "UN5": "Sources collating UPNs reflect discrepancy", "UN6": "Child is aged under 6 and not in education",
        "UN7": "Referral with no further action", "UN8": "Unborn child", "UN9": "Child is living abroad",
        "UN10": "Child is aged 18 or over",
    },
    "CIN_REFERRAL_SOURCE": {
        "1A": "Individual: family member/relative/carer", "1B": "Individual: acquaintance",
        "1C": "Individual: self", "1D": "Individual: other",
        "2A": "Schools", "2B": "Education services",
        "3A": "Health: GP", "3B": "Health: health visitor", "3C": "Health: school nurse",
        "3D": "Health: other primary health services", "3E": "Health: A&E", "3F": "Health: other",
        "4": "Housing", "5A": "LA services: social care", "5B": "LA services: other internal",
        "5C": "LA services: external", "5D": "LA services: early help", "6": "Police",
        "7": "Other legal agency", "8": "Other", "9": "Anonymous", "10": "Unknown",
    },
    "CIN_PRIMARY_NEED": {
        "N0": "Not stated", "N1": "Abuse or neglect", "N2": "Child's disability", "N3": "Parental illness or disability",
        "N4": "Family in acute stress", "N5": "Family dysfunction", "N6": "Socially unacceptable behaviour",
        "N7": "Low income", "N8": "Absent parenting", "N9": "Cases other than children in need",
    },
    "CIN_REASON_FOR_CLOSURE": {
        "RC1": "Adopted", "RC2": "Died", "RC3": "Child arrangements order", "RC4": "Special guardianship order",
        "RC5": "Transferred to services of another local authority", "RC6": "Transferred to adult social care",
        "RC7": "Services ceased for any other reason, including child no longer in need",
        "RC8": "Case closed after assessment, no further action", "RC9": "Case closed after assessment, referred to early help",
    },
    "CIN_CATEGORY_OF_ABUSE": {"NEG": "Neglect", "PHY": "Physical abuse", "SAB": "Sexual abuse",
                              "EMO": "Emotional abuse", "MUL": "Multiple categories"},
    "CIN_DISABILITY": {
        "NONE": "No disability", "MOB": "Mobility", "HAND": "Hand function", "PC": "Personal care",
        "INC": "Incontinence", "COMM": "Communication", "LD": "Learning", "HEAR": "Hearing", "VIS": "Vision",
        "BEH": "Behaviour", "CON": "Consciousness", "AUT": "Autism or Asperger syndrome",
        "DDA": "Other disability under the Disability Discrimination Act",
    },
    "CIN_ASSESSMENT_FACTOR": {
        "1A": "Alcohol misuse: child", "1B": "Alcohol misuse: parent/carer", "1C": "Alcohol misuse: other person",
        "2A": "Drug misuse: child", "2B": "Drug misuse: parent/carer", "2C": "Drug misuse: other person",
        "3A": "Domestic abuse: child", "3B": "Domestic abuse: parent/carer", "3C": "Domestic abuse: other person",
        "4A": "Mental health: child", "4B": "Mental health: parent/carer", "4C": "Mental health: other person",
        "5A": "Learning disability: child", "5B": "Learning disability: parent/carer",
        "5C": "Learning disability: other person",
        "6A": "Physical disability or illness: child", "6B": "Physical disability or illness: parent/carer",
        "6C": "Physical disability or illness: other person",
        "7A": "Young carer",
        **{c: f"Factor {c} (description: see the DfE CIN census code set)" for c in ("8B", "8C", "8D", "8E", "8F")},
        "9A": "Unaccompanied asylum-seeking child", "10A": "Going missing", "11A": "Child sexual exploitation",
        "12A": "Trafficking", "13A": "Gangs", "14A": "Socially unacceptable behaviour", "15A": "Self-harm",
        "16A": "Abuse or neglect: neglect", "17A": "Abuse or neglect: emotional abuse",
        "18A": "Sexual abuse (unspecified; use 18B or 18C)", "18B": "Sexual abuse: child on child",
        "18C": "Sexual abuse: adult on child", "19A": "Physical abuse (unspecified; use 19B or 19C)",
        "19B": "Physical abuse: child on child", "19C": "Physical abuse: adult on child",
        "20": "Female genital mutilation", "21": "No factors identified", "22A": "Abuse linked to faith or belief",
        "23A": "Child criminal exploitation", "24A": "Other",
    },
}


def cin_codes(list_name: str) -> frozenset[str]:
    """The codes of a CIN list (or of the SSDA903 ETHNIC list)."""
    if list_name == "ETHNIC":
        return _ssda903_codes("ETHNIC", 2026)
    return frozenset(CIN_CODES[list_name])
