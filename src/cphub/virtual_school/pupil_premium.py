"""Pupil Premium Plus (PP+): what the Virtual School Head receives, holds centrally and passes to schools for
children looked after, what it pays for (PEP targets), and the PP+ schools claim for previously looked-after
pupils through the January school census. The figures of the report a Virtual School Head gives the Schools Forum.

Sources: DfE "Pupil premium: conditions of grant" and "Pupil premium: virtual school heads' responsibilities"
(the VSH manages PP+ for children looked after, which must be used for the child's needs in their PEP; PP+ for
previously looked-after children goes to the school, claimed through the school census). Tables:
``pp_plus_grant``, ``pp_plus_payments``, ``plac_pp_claims`` (:mod:`cphub.virtual_school.schema`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from cphub.measures.base import CouncilData
from cphub.virtual_school.cohorts import academic_year, cohort, compulsory_school_age
from cphub.virtual_school.measures import edu, payments_in_year


@dataclass(frozen=True)
class PupilPremiumPlus:
    """PP+ in academic ``year`` up to ``at``. Money in GBP; None where the grant record is missing."""

    year: int
    at: date
    rate: float | None
    funded_children: int | None
    allocation: float | None
    held_centrally: float | None
    passed_to_schools: float
    payments: int
    children_paid: int
    cla_pupils: int  # children looked after of compulsory school age at ``at``
    linked_amount: float  # paid against a PEP target
    linked_payments: int
    plac_pupils: int
    plac_amount: float
    plac_schools: int
    by_school: list[dict] = field(default_factory=list)
    by_target: list[dict] = field(default_factory=list)

    @property
    def per_child(self) -> float | None:
        """Allocation per child looked after of school age today (the grant spread over the children now)."""
        return round(self.allocation / self.cla_pupils, 2) if self.allocation and self.cla_pupils else None

    @property
    def not_yet_allocated(self) -> float | None:
        """Allocation neither held centrally nor passed to schools yet."""
        if self.allocation is None:
            return None
        return round(self.allocation - (self.held_centrally or 0) - self.passed_to_schools, 2)


def pupil_premium_plus(data: CouncilData, at: date) -> PupilPremiumPlus:
    """The Virtual School's PP+ figures for the academic year of ``at`` (to ``at``)."""
    year = academic_year(at)
    grant = edu(data, "pp_plus_grant").filter(pl.col("ACADEMIC_YEAR") == year)
    g = grant.row(0, named=True) if grant.height else {}
    pay = payments_in_year(data, at)
    linked = pay.filter(pl.col("PEP_DATE").is_not_null())
    schools = edu(data, "schools").select("URN", "SCHOOL_NAME")
    by_school = (pay.group_by("URN").agg(pl.col("AMOUNT").sum(), pl.col("CHILD").n_unique().alias("CHILDREN"))
                 .join(schools, on="URN", how="left").sort("AMOUNT", descending=True))
    by_target = (linked.group_by("TARGET").agg(pl.col("AMOUNT").sum(), pl.len().alias("PAYMENTS"))
                 .sort("AMOUNT", descending=True))
    claims = edu(data, "plac_pp_claims").filter(pl.col("ACADEMIC_YEAR") == year)
    cla = cohort(data, at, "cla").filter(compulsory_school_age(pl.col("DOB"), year))
    return PupilPremiumPlus(
        year=year, at=at, rate=g.get("RATE_PER_CHILD"), funded_children=g.get("FUNDED_CHILDREN"),
        allocation=g.get("ALLOCATION"), held_centrally=g.get("HELD_CENTRALLY"),
        passed_to_schools=float(pay["AMOUNT"].sum() or 0), payments=pay.height, children_paid=pay["CHILD"].n_unique(),
        cla_pupils=cla.height, linked_amount=float(linked["AMOUNT"].sum() or 0), linked_payments=linked.height,
        plac_pupils=int(claims["PUPILS"].sum() or 0), plac_amount=float(claims["AMOUNT"].sum() or 0),
        plac_schools=claims.height, by_school=by_school.to_dicts(), by_target=by_target.to_dicts())
