"""The CIN census code-list rules ("field must be one of the census codes"): one table, one rule family.

Each row is a DfE rule: its code, the table and field it checks, whether a blank is allowed, our wording of the DfE
message and the code list (from the one registry, :mod:`cphub.cin.codes`). Codes are compared upper-cased.
"""

from __future__ import annotations

from cphub.cin.codes import cin_codes
from cphub.cin.rules.base import CIN_RULES
from cphub.rule_engine import CodeListCheck, add_code_list_rules

C = CodeListCheck
CODE_LIST_CHECKS: tuple[CodeListCheck, ...] = (
    C("4180", "CINChild", "Sex", False, "Sex is missing or is not M, F or U.", "CIN_SEX"),
    C("4220", "CINChild", "Ethnicity", False, "Ethnicity is missing or not a valid code.", "ETHNIC"),
    C("8568", "CINDetails", "ReferralNFA", False, "Referral with no further action (ReferralNFA) is missing or not valid.", "CIN_FLAG"),
    C("8640", "CINDetails", "ReasonForClosure", True, "Reason for closure is not a valid code.", "CIN_REASON_FOR_CLOSURE"),
    C("8650", "CINDetails", "PrimaryNeedCode", True, "Primary need is not a valid code.", "CIN_PRIMARY_NEED"),
    C("8866", "CINDetails", "ReferralSource", False, "Source of referral is missing or not a valid code.", "CIN_REFERRAL_SOURCE"),
    C("8905", "CINProtectionPlans", "InitialCategoryOfAbuse", False, "Initial category of abuse is missing or not a valid code.", "CIN_CATEGORY_OF_ABUSE"),
    C("8910", "CINProtectionPlans", "LatestCategoryOfAbuse", False, "Latest category of abuse is missing or not a valid code.", "CIN_CATEGORY_OF_ABUSE"),
)

add_code_list_rules(CIN_RULES, CODE_LIST_CHECKS, lambda list_name, year: cin_codes(list_name))
