"""The SSDA903 rule registry on the shared engine (:mod:`cphub.rule_engine`).

A rule function takes a :class:`Context` and returns the failing rows as a lazy query with at least the columns
``_row`` (1-based line in the file of ``tables[0]``, or of the table named by a ``_table`` column) and ``CHILD``.
Each rule is written once, registered with :func:`rule` under its DfE code with our own wording of the DfE message
and the collection years it applies to, and tested with a pass and a fail case built by hand.

The optional inputs some rules need (:class:`~cphub.rule_engine.Need`) are declared here, once each.
"""

from __future__ import annotations

from cphub.rule_engine import Context, Need, Rule, RuleFunc, RuleSet

__all__ = ["COUNCIL", "EPISODES_PL_DISTANCE", "EPISODES_PL_LOCATION", "HEADER_LAST_UASC", "HEADER_UASC", "PROVIDERS",
           "RULES", "Context", "Rule", "RuleFunc", "rule"]

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
