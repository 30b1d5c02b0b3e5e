"""Complaints from children and young people, summarised for the panel anonymised and with small numbers
suppressed (seed 003 item 5 is a case study; the panel sees the counts and the learning, never a child).

Stages follow the Children Act 1989 Representations Procedure (England) Regulations 2006: stage 1 local
resolution, stage 2 investigation, stage 3 review panel. Outcomes as councils report them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from cphub.panel.suppress import small

STAGES: dict[int, str] = {1: "Stage 1: local resolution", 2: "Stage 2: investigation", 3: "Stage 3: review panel"}
OUTCOMES: dict[str, str] = {"upheld": "Upheld", "partly": "Partially upheld", "not_upheld": "Not upheld",
                            "open": "Not yet decided"}
THEMES: dict[str, str] = {
    "communication": "Communication and information", "placement": "Placement and where I live",
    "money": "Money and savings", "contact": "Family time and contact", "social_worker": "Social worker",
    "education": "Education", "health": "Health and wellbeing", "leaving_care": "Leaving care and pathway plan",
    "other": "Other",
}
SUPPRESSED = "fewer than {t}"


@dataclass(frozen=True)
class ComplaintFacts:
    stage: int
    advocate: bool
    themes: tuple[str, ...]
    outcome: str
    timescale_met: bool | None  # None while open


@dataclass(frozen=True)
class SummaryRow:
    label: str
    count: int | None  # None = suppressed

    def shown(self, t: int) -> str:
        return SUPPRESSED.format(t=t) if self.count is None else str(self.count)


def _rows(counter: Counter, labels: dict, t: int, *, exhaustive: bool = False) -> list[SummaryRow]:
    """Primary suppression (cphub.panel.suppress.small): counts from 1 to t-1 are hidden; zeros are shown. When
    the rows add up to the published total (``exhaustive``) and only one is hidden, it could be worked out by
    subtraction, so the smallest other non-zero count is hidden too (complementary suppression)."""
    counts = [counter.get(key, 0) for key in labels]
    hidden = [small(n, t) for n in counts]
    if exhaustive and sum(hidden) == 1:
        others = [(n, i) for i, n in enumerate(counts) if n > 0 and not hidden[i]]
        if others:
            hidden[min(others)[1]] = True
    return [SummaryRow(label, None if hide else n) for label, n, hide in zip(labels.values(), counts, hidden,
                                                                             strict=True)]


def summary(complaints: Iterable[ComplaintFacts], t: int) -> dict[str, list[SummaryRow]]:
    """The panel's tables: total, by stage, with an advocate, by outcome, by theme, timescales met."""
    items = list(complaints)
    for c in items:
        if c.stage not in STAGES:
            raise ValueError(f"unknown complaint stage {c.stage}")
        if c.outcome not in OUTCOMES:
            raise ValueError(f"unknown complaint outcome {c.outcome!r}")
        bad = [th for th in c.themes if th not in THEMES]
        if bad:
            raise ValueError(f"unknown complaint theme {bad[0]!r}")
    decided = [c for c in items if c.timescale_met is not None]
    return {
        "Complaints": _rows(Counter({"all": len(items)}), {"all": "Complaints from children and young people"}, t),
        "Stage": _rows(Counter(c.stage for c in items), STAGES, t, exhaustive=True),
        "Advocate": _rows(Counter("yes" if c.advocate else "no" for c in items),
                          {"yes": "Made with an advocate", "no": "Made without an advocate"}, t, exhaustive=True),
        "Outcome": _rows(Counter(c.outcome for c in items), OUTCOMES, t, exhaustive=True),
        "Theme": _rows(Counter(th for c in items for th in set(c.themes)), THEMES, t),
        "Timescales": _rows(Counter("met" if c.timescale_met else "missed" for c in decided),
                            {"met": "Answered within timescale", "missed": "Answered late"}, t),
    }
