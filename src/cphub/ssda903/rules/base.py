"""The SSDA903 rule registry on the shared engine (:mod:`cphub.rule_engine`).

A rule function takes a :class:`Context` and returns the failing rows as a lazy query with at least the columns
``_row`` (1-based line in the file of ``tables[0]``, or of the table named by a ``_table`` column) and ``CHILD``.
Each rule is written once, registered with :func:`rule` under its DfE code with our own wording of the DfE message
and the collection years it applies to, and tested with a pass and a fail case built by hand.

The optional inputs some rules need (:class:`~cphub.rule_engine.Need`) are declared here, once each.
"""

from __future__ import annotations

from dataclasses import replace

from cphub.currency import YEAR_END_ONLY
from cphub.rule_engine import EXTRACT_DATE_SLOT, YEAR_END, Context, Need, Rule, RuleFunc, RuleSet

__all__ = ["COUNCIL", "EPISODES_PL_DISTANCE", "EPISODES_PL_LOCATION", "HEADER_LAST_UASC", "HEADER_UASC",
           "JUDGED_IN_YEAR", "PROVIDERS", "RULES", "YEAR_END_NEED", "Context", "Rule", "RuleFunc", "need_year_end",
           "rule"]

RULES = RuleSet("SSDA903", child="CHILD")
rule = RULES.rule

# Optional inputs the SSDA903 rules may need (a rule declaring one is reported as skipped when it is not given).
# Ofsted's provider list (``ctx.inputs["providers"]``, a :data:`cphub.reference.ofsted.PROVIDERS` frame).
PROVIDERS = Need("providers", "Ofsted's provider list (cphub ofsted import FILE, or cphub validate --providers FILE)")
# The council making the return (``ctx.la``).
COUNCIL = Need("la", "the council's DfE 3-digit code (cphub validate --la CODE; imports always know it)")
HEADER_UASC = Need("Header.UASC", "the Header table's UASC status column (UASC, or UASC_STATUS: 0 or 1)")
HEADER_LAST_UASC = Need("Header_last.UASC", "last year's Header with its UASC status column (UASC: 0 or 1)")
EPISODES_PL_DISTANCE = Need("Episodes.PL_DISTANCE", "the Episodes PL_DISTANCE column as DfE's system derives it "
                            "(files exported from it carry it); the Hub's own derivation leaves the distance blank for "
                            "UASC, so without the column there is nothing to check")
EPISODES_PL_LOCATION = Need("Episodes.PL_LOCATION", "the Episodes PL_LOCATION column as DfE's system derives it "
                            "(files exported from it carry it); the Hub derives PL_LOCATION from PL_LA, so without the "
                            "column the two cannot disagree")

YEAR_END_NEED = Need(YEAR_END, f"the complete year's return: this is an in-year extract to {EXTRACT_DATE_SLOT}, "
                               "and the year-end tables (OC2, OC3) it reads are only due after 31 March")
"""What the rules on the year-end tables (OC2, OC3: :data:`cphub.currency.YEAR_END_ONLY`) need; an in-year
extract (``validate(..., extract_date=...)``) reports them as skipped."""


JUDGED_IN_YEAR = {"1012"}
"""Rules that read a year-end table but can be judged on an extract: 1012 flags rows of several tables (OC2 among
them, empty in an extract) for children with no episode."""


def need_year_end(rules: RuleSet = RULES) -> None:
    """Declare :data:`YEAR_END_NEED` on every rule that reads a year-end table (OC2's 12-month cohort, OC3's care
    leavers), except :data:`JUDGED_IN_YEAR`. Run once all rules are registered, so a rule added later is covered
    without saying so."""
    for code, r in list(rules.items()):
        if code in JUDGED_IN_YEAR or YEAR_END_NEED in r.needs:
            continue
        if any(t in YEAR_END_ONLY for t in r.tables):
            rules[code] = replace(r, needs=r.needs + (YEAR_END_NEED,))
