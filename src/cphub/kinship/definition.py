"""The government definition of kinship care (DfE, *Championing Kinship Care: the national kinship care strategy*,
December 2023, "Definition of kinship care" and its Glossary), as a classifier over the facts of one arrangement.

:func:`classify` returns which listed type of the definition applies, or that the arrangement is kinship care
under the general clause 1 only, or that it is not kinship care, with a one-sentence reason naming the clause.
Type codes are those of the local table ``kinship_arrangements`` (:data:`cphub.local.schema.LOCAL_CODES`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cphub.local.schema import LOCAL_CODES

SOURCE = "DfE, Championing Kinship Care: the national kinship care strategy (December 2023), Definition of kinship care"

Relationship = Literal["parent", "step_parent", "close_relative", "other_relative", "former_step_parent", "friend",
                       "connected_person", "none"]
Order = Literal["none", "cao", "sgo", "care_order", "interim_care_order", "adoption"]

RELATIONSHIPS: dict[str, str] = {
    "close_relative": ("Grandparent, brother, sister, uncle or aunt (full or half blood, or by marriage or civil "
                       "partnership)"),
    "other_relative": "Another relative, such as a great-aunt, great-uncle or cousin",
    "former_step_parent": "A former step-parent",
    "friend": "A friend of the child or of the child's family",
    "connected_person": "Someone else who knew the child before, such as a teacher, childminder or former foster carer",
    "step_parent": "A step-parent who is married to, or the partner of, the child's parent",
    "parent": "The child's parent (birth or adoptive)",
    "none": "Someone with no connection to the child before",
}
"""Who cares for the child. 'Close relative' is a relative as section 105 of the Children Act 1989 defines it
(the strategy's footnote *); a step-parent in a subsisting relationship with the parent counts as a parent (Glossary,
'Parent'); the other friends and family are the Glossary's 'Friend and family members'."""

ORDERS: dict[str, str] = {
    "none": "No court order",
    "cao": "A child arrangements order saying the child lives with the carer ('lives with' order)",
    "sgo": "A special guardianship order",
    "care_order": "A care order (the child is in the council's care)",
    "interim_care_order": "An interim care order",
    "adoption": "An adoption order",
}

FRIEND_OR_FAMILY = frozenset({"close_relative", "other_relative", "former_step_parent", "friend", "connected_person"})
PARENTS = frozenset({"parent", "step_parent"})

NOT_KINSHIP = "not_kinship"
OTHER_KINSHIP = "other_kinship"
TYPES: dict[str, str] = {**LOCAL_CODES["KINSHIP_TYPE"],
                         OTHER_KINSHIP: "Kinship care (clause 1), not one of the listed types",
                         NOT_KINSHIP: "Not kinship care"}


@dataclass(frozen=True)
class Arrangement:
    """The facts of one arrangement. ``days`` is how long the child has lived (or is to live) with the carer; it
    matters only for arrangements with no order that the council did not make, with someone not a close relative."""

    relationship: Relationship
    order: Order
    child_age: int
    accommodated_s20: bool = False
    council_major_role: bool = False
    approved_foster_carer: bool = False
    disabled: bool = False
    days: int | None = None

    @property
    def looked_after(self) -> bool:
        """Looked after (Glossary 'Looked after child'): under a care order or interim care order, or accommodated
        under section 20; where the council had a major role in making the arrangement it is section 20 accommodation
        (Glossary, 'Major role', London Borough of Southwark v D [2007])."""
        return (self.order in ("care_order", "interim_care_order")
                or (self.order == "none" and (self.accommodated_s20 or self.council_major_role)))

    @property
    def needs_days(self) -> bool:
        """Whether the length of the arrangement decides the type (clauses 2(a)(ii), 2(a)(iii) and 2(b))."""
        return (self.child_age < 18 and self.relationship in FRIEND_OR_FAMILY - {"close_relative"}
                and self.order == "none" and not self.looked_after)


@dataclass(frozen=True)
class Classification:
    type: str
    clause: str
    reason: str

    @property
    def label(self) -> str:
        return TYPES[self.type]

    @property
    def is_kinship(self) -> bool:
        return self.type != NOT_KINSHIP

    def as_dict(self) -> dict:
        return {"type": self.type, "label": self.label, "clause": self.clause, "reason": self.reason,
                "source": SOURCE}


class MissingFact(ValueError):
    """A fact the definition needs for this arrangement was not given."""


def classify(a: Arrangement) -> Classification:
    """Decide the type of kinship care of the December 2023 definition (clauses 1, 2(a)-(f), footnotes * and ***,
    Glossary 'Child', 'Parent', 'Looked after child' and 'Major role')."""
    if a.child_age >= 18:
        return Classification(NOT_KINSHIP, "Glossary, 'Child'",
                              "The definition is about children, and a child is anyone who has not yet reached their "
                              "18th birthday (Glossary, 'Child').")
    if a.relationship == "none":
        return Classification(NOT_KINSHIP, "1",
                              "Kinship care means being raised by a friend or family member, and this carer had no "
                              "connection with the child before (clause 1).")
    if a.relationship in PARENTS:
        who = ("a step-parent in a relationship with the child's parent counts as a parent"
               if a.relationship == "step_parent" else "the carer is the child's parent")
        return Classification(NOT_KINSHIP, "1",
                              f"Kinship care is care by a friend or family member who is not the child's parent, and "
                              f"{who} (clause 1; Glossary, 'Parent').")
    if a.order == "adoption":
        return Classification("adoption", "2(f)",
                              "An adoption order was made and, before it, the adopter was a friend or family member "
                              "(clause 2(f)).")
    if a.order == "sgo":
        return Classification("sgo", "2(d)",
                              "A special guardianship order appoints a friend or family member as the child's special "
                              "guardian (clause 2(d)).")
    if a.order == "cao":
        return Classification("cao", "2(c)",
                              "A 'lives with' child arrangements order was made in favour of a friend or family member "
                              "who is not the child's parent (clause 2(c)).")
    if a.looked_after:
        how = {"care_order": "a care order", "interim_care_order": "an interim care order"}.get(
            a.order, "section 20 accommodation (the council arranged it)")
        if a.approved_foster_carer:
            return Classification("kinship_foster", "2(e)",
                                  f"The child is looked after under {how} and lives with a friend or family member "
                                  f"approved as a foster carer (clause 2(e)).")
        return Classification(OTHER_KINSHIP, "1",
                              f"The child is looked after under {how} with a friend or family member who is not yet "
                              f"an approved foster carer, so it is kinship care (clause 1) but becomes kinship foster "
                              f"care (clause 2(e)) only once the carer is approved, even temporarily.")
    if a.relationship == "close_relative":
        return Classification("informal", "2(a)(i)",
                              "A close relative raises the child by private family arrangement, with no court order "
                              "and no major role for the council (clause 2(a)(i)).")
    if a.days is None:
        raise MissingFact("days: how long the child has lived, or will live, with the carer is needed when the "
                          "carer is not a close relative and there is no order or council arrangement")
    if a.child_age < 16:
        if a.days >= 28:
            return Classification("private_fostering", "2(b)",
                                  "Someone who is not a close relative looks after a child under 16 for 28 days or "
                                  "more (clause 2(b), section 66 of the Children Act 1989).")
        return Classification("informal", "2(a)(ii)",
                              "Someone who is not a close relative accommodates a child under 16 in their home for "
                              "less than 28 days (clause 2(a)(ii)).")
    if a.disabled and a.days >= 28:
        return Classification("private_fostering", "2(b) and footnote ***",
                              "A disabled 16 or 17-year-old looked after for 28 days or more by someone who is not a "
                              "close relative is deemed privately fostered (clause 2(b), footnote ***).")
    return Classification("informal", "2(a)(iii)",
                          "Someone who is not a close relative accommodates a 16 or 17-year-old in their home "
                          "(clause 2(a)(iii)).")
