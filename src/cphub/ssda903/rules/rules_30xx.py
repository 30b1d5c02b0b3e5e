"""SSDA903 validation rule 3001 (care leavers around their 17th birthday). Rule text:
``shared/domain/validation-rules/``; our own wording."""

from __future__ import annotations

import polars as pl

from cphub.ssda903.rules.base import Context, rule
from cphub.ssda903.rules.helpers import birthday, failing, in_codes, lit_date


@rule("3001", "A young person around their 17th birthday cannot be recorded as living with former foster carers "
      "(ACCOM Z1/Z2).", ("OC3", "Header"), "ACCOM")
def r3001(ctx: Context) -> pl.DataFrame:
    """DfE 3001: ACCOM Z1 or Z2 is not allowed for a young person whose 17th birthday falls in the year."""
    bd17 = birthday("DOB", 17)
    return failing(ctx["OC3"], in_codes("ACCOM", {"Z1", "Z2"})
                   & bd17.is_between(lit_date(ctx.start), lit_date(ctx.end)))

