"""What changed since the last panel (issue 4, part 7).

For each measure the value now is compared with the value at the last panel's date, with a plain test of
whether the change is more than chance would explain for a cohort this size:

* **percentages** (numerator out of denominator): the two-proportion z-test with a pooled proportion,
  z = (p1 - p0) / sqrt(p(1 - p)(1/n0 + 1/n1)), two-sided;
* **counts and rates** (a number of children or events, e.g. entries or children looked after): the two counts
  are treated as Poisson and compared with the exact conditional test: given the total n0 + n1, n1 is
  Binomial(n0 + n1, 1/2) when nothing changed, two-sided p-value. (For rates the numerators are compared; the
  child population barely moves between two panels.)
* **means** (caseloads) and anything without its counts: no test; the change is reported as it is.
* **year-to-date** figures are not tested either: between two panels in the same year they only grow (the
  later count includes the earlier one), so the two are not independent samples.

A change is called *within chance* when p >= 0.05. The tests treat the two cohorts as independent; in fact
many children are in both (and rolling 12-month windows overlap), which makes the tests conservative: they
call fewer changes "more than chance", never more. That suits their purpose here, which is to stop a panel
being alarmed by a change of one or two children. The summary also lists the measures now off target (RAG red)
and those that have newly gone off target since the last panel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from cphub.panel.fmt import format_value
from cphub.panel.scorecard import Row, Scorecard

ALPHA = 0.05


def normal_two_sided_p(z: float) -> float:
    """Two-sided p-value of a standard normal statistic."""
    return math.erfc(abs(z) / math.sqrt(2))


def two_proportion_p(x0: int, n0: int, x1: int, n1: int) -> float | None:
    """Pooled two-proportion z-test p-value (two-sided); ``None`` when a cohort is empty."""
    if n0 <= 0 or n1 <= 0:
        return None
    pooled = (x0 + x1) / (n0 + n1)
    if pooled in (0.0, 1.0):
        return 1.0
    se = math.sqrt(pooled * (1 - pooled) * (1 / n0 + 1 / n1))
    return normal_two_sided_p((x1 / n1 - x0 / n0) / se)


def _binom_logpmf(k: int, n: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) - n * math.log(2)


def poisson_p(c0: int, c1: int) -> float:
    """Exact conditional test of two Poisson counts with equal exposure: two-sided p-value, summing every
    outcome no more likely than the one observed (as ``scipy.stats.binomtest`` does)."""
    n = c0 + c1
    if n == 0:
        return 1.0
    observed = _binom_logpmf(c1, n)
    total = 0.0
    for k in range(n + 1):
        lp = _binom_logpmf(k, n)
        if lp <= observed + 1e-7:
            total += math.exp(lp)
    return min(1.0, total)


@dataclass
class Change:
    measure_id: str
    title: str
    unit: str
    before: float | None
    after: float | None
    test: str  # "two-proportion z-test", "Poisson (exact conditional)" or "none"
    p_value: float | None
    within_chance: bool | None
    assessment: str | None  # better / worse / same / None
    rag_before: str | None
    rag_after: str | None
    suppressed: bool = False
    note: str = ""  # why no test applies, when none does

    @property
    def moved(self) -> bool:
        return self.before is not None and self.after is not None and abs(self.after - self.before) > 1e-9

    @property
    def newly_off_target(self) -> bool:
        return self.rag_after == "red" and self.rag_before != "red"

    def sentence(self) -> str:
        """The change in a councillor's words: what moved, by how much, and whether it is more than we'd expect
        by chance for a group this size (the statistics are in :meth:`statistics`, for the appendix)."""
        if self.suppressed:
            return f"{self.title}: figures withheld (small numbers)."
        if self.before is None or self.after is None:
            return f"{self.title}: no comparison available."
        b, a = format_value(self.before, self.unit), format_value(self.after, self.unit)
        if not self.moved:
            return f"{self.title}: unchanged at {a}."
        verb = "rose" if self.after > self.before else "fell"
        s = f"{self.title} {verb} from {b} to {a}"
        if self.assessment in ("better", "worse"):
            s += f" ({self.assessment})"
        if self.within_chance is True:
            s += ". This is within what we'd expect by chance for a group this size."
        elif self.within_chance is False:
            s += ". This is more than we'd expect by chance for a group this size."
        else:
            s += f". Not tested: {self.note or 'no statistical test applies to this measure'}."
        return s

    def statistics(self) -> str:
        """The test behind :meth:`sentence`, for the statistics appendix."""
        if self.suppressed or self.p_value is None:
            return "No test." if not self.suppressed else "Withheld."
        verdict = "more than chance (p < 0.05)" if self.within_chance is False else "within chance (p >= 0.05)"
        return f"{self.test}: p = {self.p_value:.3f}, {verdict}."


def _test(row_before: Row, row_after: Row) -> tuple[str, float | None]:
    unit = row_after.measure.unit
    if row_after.measure.window == "ytd":
        return "none", None
    n0, d0, n1, d1 = row_before.numerator, row_before.denominator, row_after.numerator, row_after.denominator
    if unit == "%" and n0 is not None and d0 is not None and n1 is not None and d1 is not None:
        return "two-proportion z-test", two_proportion_p(n0, d0, n1, d1)
    if unit in ("count", "rate per 10,000"):
        c0 = n0 if n0 is not None else (row_before.value if unit == "count" else None)
        c1 = n1 if n1 is not None else (row_after.value if unit == "count" else None)
        if c0 is not None and c1 is not None:
            return "Poisson (exact conditional)", poisson_p(int(round(c0)), int(round(c1)))
    return "none", None


def compare(before: Scorecard, after: Scorecard) -> list[Change]:
    """A :class:`Change` for every measure on both scorecards, in the order of ``after``."""
    previous = {r.id: r for r in before.rows}
    out = []
    for r in after.rows:
        p = previous.get(r.id)
        if p is None:
            continue
        test, pv = _test(p, r)
        assessment = None
        if p.value is not None and r.value is not None:
            from cphub.panel.scorecard import direction_of

            assessment = direction_of(r.value, p.value, r.measure.good_to_be)[1]
        note = ""
        if pv is None:
            note = ("a year-to-date figure, which grows through the year" if r.measure.window == "ytd" else
                    "an average" if r.measure.unit == "mean" else "the counts behind it are not available")
        out.append(Change(measure_id=r.id, title=r.measure.title, unit=r.measure.unit, before=p.value,
                          after=r.value, test=test, p_value=pv, note=note,
                          within_chance=None if pv is None else pv >= ALPHA, assessment=assessment,
                          rag_before=p.rag, rag_after=r.rag))
    return out


def public_changes(changes: list[Change], public_card: Scorecard) -> list[Change]:
    """Changes for the public pack: a change on a measure whose figure is withheld is withheld too."""
    hidden = {r.id for r in public_card.rows if "value" in r.suppressed}
    return [replace(c, before=None, after=None, p_value=None, within_chance=None, suppressed=True,
                    assessment=None, rag_before=None, rag_after=None)  # no RAG or direction on a withheld figure
            if c.measure_id in hidden else c for c in changes]


@dataclass
class Summary:
    since: str
    significant: list[Change]
    within_chance: list[Change]
    untested: list[Change]
    off_target: list[str]
    newly_off_target: list[str]

    def lines(self) -> list[str]:
        out = []
        if self.significant:
            out.append("Changes larger than chance would explain:")
            out += [f"• {c.sentence()}" for c in self.significant]
        if self.within_chance:
            out.append("Changes within what chance explains (no cause for alarm on their own):")
            out += [f"• {c.sentence()}" for c in self.within_chance]
        if self.untested:
            out.append("Other changes:")
            out += [f"• {c.sentence()}" for c in self.untested]
        if not (self.significant or self.within_chance or self.untested):
            out.append("No measure moved.")
        if self.off_target:
            out.append("Off target now: " + "; ".join(self.off_target) + ".")
        if self.newly_off_target:
            out.append("Newly off target since the last panel: " + "; ".join(self.newly_off_target) + ".")
        return out


def summarise(changes: list[Change], since: str) -> Summary:
    """Group the changes for the pack: significant moves first, then moves within chance, then untested ones."""
    moved = [c for c in changes if c.moved and not c.suppressed]
    return Summary(
        since=since,
        significant=[c for c in moved if c.within_chance is False],
        within_chance=[c for c in moved if c.within_chance is True],
        untested=[c for c in moved if c.within_chance is None],
        off_target=[c.title for c in changes if c.rag_after == "red"],
        newly_off_target=[c.title for c in changes if c.newly_off_target],
    )


def attach(card: Scorecard, before: Scorecard) -> Scorecard:
    """Set ``card.changes`` (and ``card.since``) from the scorecard of the last panel."""
    card.changes = compare(before, card)
    card.since = before.at
    return card
