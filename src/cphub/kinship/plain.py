"""The checker's results in plain English for kinship carers, and the checker's answers for Virtual School staff.

- :data:`EVERYDAY`: each type of kinship care in everyday words (the legal reference is shown folded beneath it);
- :data:`DUTIES`: what a carer must do, shown before what they can get (private fostering: tell the council;
  Children Act 1989 Schedule 8 and the Children (Private Arrangements for Fostering) Regulations 2005, reg. 3-4);
- :func:`why_not`: the reason, in words, that an entitlement does not apply, derived from its rule;
- :func:`checker_summary`: the answers an advice request carries to the staff page (type, clause, previously
  looked after, age, EHC plan) - the facts that decide Pupil Premium Plus and the Virtual School's duties.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cphub.kinship import answers as A
from cphub.kinship.definition import TYPES, classify
from cphub.kinship.entitlements import Facts, evaluate

EVERYDAY: dict[str, tuple[str, str]] = {
    "informal": ("Family and friends care arranged by the family",
                 "You look after the child because the family agreed it, without a court order and without the "
                 "council arranging it."),
    "private_fostering": ("Private fostering",
                          "You look after a child who is not your close relative for 28 days or more, arranged by "
                          "the family, not the council."),
    "cao": ("Child arrangements order",
            "A court has ordered that the child lives with you. You share parental responsibility with the parents."),
    "sgo": ("Special guardianship",
            "A court has made you the child's special guardian. You make most decisions about the child's "
            "upbringing until they are 18."),
    "kinship_foster": ("Kinship foster care (family and friends foster care)",
                       "The council looks after the child and has approved you as their foster carer."),
    "adoption": ("Adoption by a relative or family friend",
                 "You have adopted the child, and you knew them before as family or a friend."),
    "other_kinship": ("Kinship care",
                      "You are family or a friend looking after the child, in a way that is not one of the types "
                      "named in the government's definition."),
    "not_kinship": ("This does not look like kinship care",
                    "From your answers, the child is not living with family or friends in the way the government "
                    "defines kinship care."),
}


@dataclass(frozen=True)
class Duty:
    title: str
    text: str
    source: str


DUTIES: dict[str, tuple[Duty, ...]] = {
    "private_fostering": (
        Duty("You must tell the council",
             "The law says you and the child's parents must tell the council's children's services about a private "
             "fostering arrangement: at least 6 weeks before it starts, or straight away if it has already started. "
             "The council will visit to check that the child is safe and well, and can give you advice and support.",
             "Children Act 1989, Schedule 8; The Children (Private Arrangements for Fostering) Regulations 2005, "
             "regulations 3 and 4"),
    ),
}

PLAIN: dict[str, str] = {
    "kinship": "the child is in kinship care",
    "informal": "the family arranged the care without a court order",
    "private_fostering": "the arrangement is private fostering",
    "cao": "a court has made a child arrangements order for the child to live with you",
    "sgo": "you are the child's special guardian",
    "kinship_foster": "you are the child's approved foster carer",
    "adoption": "you adopted the child",
    "looked_after": "the council looks after the child (they are in care)",
    "previously_looked_after": "the child was in care just before the court order",
    "looked_after_13_weeks": "the young person has been in care for 13 weeks since age 14",
    "ehc_plan": "the child has an education, health and care (EHC) plan",
    "has_social_worker": "the child has a social worker",
    "under_18": "the child is under 18",
    "under_21": "the young person is under 21",
    "under_25": "the young person is under 25",
    "aged_16_plus": "the young person is 16 or older",
    "early_years": "the child is 2 to 4 years old",
    "school_age": "the child is of school age (4 to 15)",
    "allowance_pathfinder": "the council takes part in the kinship allowance pilot",
}
"""Each condition of :data:`cphub.kinship.entitlements.CONDITIONS` in everyday words."""


def requirement(rule: Any) -> str:
    """A rule in everyday words: "you are the child's special guardian or ... and the child is under 18"."""
    if isinstance(rule, str):
        return PLAIN.get(rule, rule)
    (op, arg), = rule.items()
    if op == "not":
        return f"it is not the case that {requirement(arg)}"
    parts = [requirement(r) if isinstance(r, str) or "not" in r else f"({requirement(r)})" for r in arg]
    return (" and " if op == "all" else " or ").join(parts)


def why_not(rule: Any, facts: Facts) -> str:
    """Why an entitlement whose rule evaluates false does not apply: the parts of an "all" rule that are false, or
    the whole rule otherwise, in everyday words ("It is only for families where ...")."""
    if isinstance(rule, dict) and "all" in rule:
        failing = [r for r in rule["all"] if evaluate(r, facts) is False]
        if failing:
            return "It is only for families where " + " and ".join(requirement(r) for r in failing) + "."
    return "It is only for families where " + requirement(rule) + "."


def checker_summary(data: dict) -> dict:
    """The checker's answers an advice request keeps for Virtual School staff (no other answers): the type and its
    clause, whether the child was looked after before the order, the child's age and whether they have an EHC plan.
    Empty when the answers are incomplete or invalid."""
    try:
        parsed = A.parse(data)
        kinship = classify(parsed.arrangement)
    except (A.AnswersError, ValueError):
        return {}
    return {"type": kinship.type, "type_label": TYPES.get(kinship.type, kinship.type), "clause": kinship.clause,
            "previously_looked_after": parsed.previously_looked_after, "child_age": parsed.arrangement.child_age,
            "ehc_plan": parsed.ehc_plan, "order": parsed.arrangement.order}
