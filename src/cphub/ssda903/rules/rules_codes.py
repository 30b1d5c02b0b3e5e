"""The SSDA903 code-list rules ("field must be one of the year's codes"): one table, one rule family.

Each row is a DfE rule: its code, the table and field it checks, whether a blank is allowed, and our wording of the
DfE message. The codes valid in each collection year come from the one registry, :mod:`cphub.ssda903.codes`;
codes are compared upper-cased, as DfE's collection does.
"""

from __future__ import annotations

from cphub.rule_engine import CodeListCheck, add_code_list_rules
from cphub.ssda903.codes import valid_codes
from cphub.ssda903.rules.base import HEADER_UASC, RULES

C = CodeListCheck
CODE_LIST_CHECKS: tuple[CodeListCheck, ...] = (
    C("101", "Header", "SEX", False, "The child's sex is not a valid code for this year."),
    C("103", "Header", "ETHNIC", False, "Ethnic origin is missing or not a valid code."),
    # DfE 105: "Data entry for UASC status of child is invalid or has not been completed." (when the column is given)
    C("105", "Header", "UASC", False, "The child's UASC status is missing or not 0 or 1.", needs=(HEADER_UASC,)),
    C("114", "AD1", "FOSTER_CARE", True, "Whether the child was adopted by their foster carer(s) must be 0 or 1.", "FLAG01"),
    C("120", "PlacedAdoption", "REASON_PLACED_CEASED", True, "Reason the decision to place for adoption ceased is not a valid code."),
    C("131", "OC3", "IN_TOUCH", True, "Whether the council is in touch with the care leaver is not a valid code."),
    C("132", "OC3", "ACTIV", True, "Care leaver's main activity is not a valid code."),
    C("133", "OC3", "ACCOM", True, "Care leaver's accommodation is not a valid code."),
    C("143", "Episodes", "RNE", False, "Reason for new episode is missing or not a valid code."),
    C("144", "Episodes", "LS", False, "Legal status is missing or not a valid code."),
    C("145", "Episodes", "CIN", False, "Category of need is missing or not a valid code."),
    C("146", "Episodes", "PLACE", False, "Placement type is missing or not a valid code for this year."),
    C("149", "Episodes", "REC", True, "Reason episode ceased is not a valid code."),
    C("167", "Reviews", "REVIEW_CODE", False, "Participation in the review is missing or not a valid code."),
    C("175", "AD1", "NB_ADOPTR", True, "Number of adopters is not a valid code."),
    C("176", "AD1", "SEX_ADOPTR", True, "Sex of adopter(s) is not a valid code."),
    C("177", "AD1", "LS_ADOPTR", True, "Legal status of adopter(s) is not a valid code."),
    C("196", "OC2", "SDQ_REASON", True, "Reason for no SDQ score is not a valid code."),
    C("SW13STG1", "SWEpisodes", "SW_REASON", True, "The reason the social worker changed is not a valid code."),
)

add_code_list_rules(RULES, CODE_LIST_CHECKS, valid_codes)
