"""The checker's results in plain English for kinship carers, and the checker's answers for Virtual School staff.

- :data:`EVERYDAY`: each type of kinship care in everyday words (the legal reference is shown folded beneath it);
- :data:`DUTIES`: what a carer must do, shown before what they can get (private fostering: tell the council;
  Children Act 1989 Schedule 8 and the Children (Private Arrangements for Fostering) Regulations 2005, reg. 3-4);
- :func:`why_not` (in :mod:`cphub.kinship.entitlements`, next to the rules): the reason, in words, that an
  entitlement does not apply, derived from its rule;
- :func:`checker_summary`: the answers an advice request carries to the staff page (type, clause, previously
  looked after, age, EHC plan) - the facts that decide Pupil Premium Plus and the Virtual School's duties.
"""

from __future__ import annotations

from dataclasses import dataclass

from cphub.kinship import answers as A
from cphub.kinship.definition import TYPES, classify

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
