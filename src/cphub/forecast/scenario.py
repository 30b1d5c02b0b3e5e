"""Scenarios: named sets of changes to entry rates, move rates, exit rates or the placement mix, by age band,
applied to the model's rates before simulating (so their effect carries the same uncertainty)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from cphub.forecast.states import BAND_NAMES, PLACEMENT_TYPES, RATE_EXITS

Target = Literal["entries", "moves", "exits", "mix"]
Mode = Literal["multiply", "add"]
TARGETS: dict[str, str] = {
    "entries": "Entries into care",
    "moves": "Moves between placement types",
    "exits": "Exits from care",
    "mix": "Placement mix (share of placements of one type made in another instead)",
}
MODES: dict[str, str] = {"multiply": "Multiply by", "add": "Add (children a year, or a share for the mix)"}


class ScenarioError(ValueError):
    """An adjustment that cannot be applied, with a message for the person who wrote it."""


@dataclass(frozen=True)
class Adjustment:
    """One change. ``bands``: indexes into the age bands (empty = every band).

    * entries: ``multiply`` scales the entry rate; ``add`` adds ``value`` children a year (split over the bands
      by their share of entries).
    * moves: moves from ``from_type`` (any when blank) to ``to_type`` (any other when blank); ``multiply`` scales
      the monthly probability, ``add`` adds ``value`` moves a year per child (e.g. 0.05).
    * exits: the same for leaving care (all reasons).
    * mix: a share ``value`` (0 to 1) of new placements (entries and moves) that would be of ``from_type`` are
      made in ``to_type`` instead.
    """

    target: Target
    mode: Mode
    value: float
    bands: tuple[int, ...] = ()
    from_type: str | None = None
    to_type: str | None = None

    def check(self) -> None:
        if self.target not in TARGETS:
            raise ScenarioError(f"Unknown change '{self.target}'.")
        if self.mode not in MODES:
            raise ScenarioError(f"Unknown way of changing '{self.mode}'.")
        for t in (self.from_type, self.to_type):
            if t is not None and t not in PLACEMENT_TYPES:
                raise ScenarioError(f"Unknown placement type '{t}'.")
        if any(b < 0 or b >= len(BAND_NAMES) for b in self.bands):
            raise ScenarioError("Unknown age band.")
        if self.value < 0 and self.mode == "multiply":
            raise ScenarioError("A multiplier cannot be negative.")
        if self.target == "mix":
            if not (self.from_type and self.to_type) or self.from_type == self.to_type:
                raise ScenarioError("A placement mix change needs two different placement types.")
            if not 0 <= self.value <= 1:
                raise ScenarioError("The share moved to another placement type must be between 0 and 1.")

    def in_band(self, band: int) -> bool:
        return not self.bands or band in self.bands


@dataclass(frozen=True)
class Scenario:
    name: str
    adjustments: tuple[Adjustment, ...] = field(default_factory=tuple)

    def check(self) -> None:
        for a in self.adjustments:
            a.check()


BASELINE = Scenario("Current trends")
# Reporting band of each rate group (cphub.forecast.model.RATE_GROUP_FROM = 0, 1, 5, 10, 14, 16, 17).
GROUP_BAND = (0, 1, 2, 3, 3, 4, 4)


def apply_to_rates(probs: np.ndarray, scenario: Scenario) -> np.ndarray:
    """Monthly transition probabilities (..., rate groups, types, destinations) under ``scenario``: the
    staying probability absorbs each change; rows are renormalised if changes push them over 1."""
    p = probs.copy()
    n_types = len(PLACEMENT_TYPES)
    exit_cols = list(range(n_types, n_types + len(RATE_EXITS)))
    for a in scenario.adjustments:
        for g, band in enumerate(GROUP_BAND):
            if not a.in_band(band):
                continue
            for i, src in enumerate(PLACEMENT_TYPES):
                if a.target in ("moves", "exits") and a.from_type not in (None, src):
                    continue
                if a.target == "moves":
                    cols = [j for j, t in enumerate(PLACEMENT_TYPES) if j != i and a.to_type in (None, t)]
                elif a.target == "exits":
                    cols = exit_cols
                elif a.target == "mix":
                    j_from, j_to = PLACEMENT_TYPES.index(a.from_type), PLACEMENT_TYPES.index(a.to_type)
                    if i == j_from:
                        continue  # a child already there does not "move" into it (from j_to: it stays)
                    shift = p[..., g, i, j_from] * a.value
                    p[..., g, i, j_from] -= shift
                    p[..., g, i, j_to] += shift
                    continue
                else:
                    continue
                sub = p[..., g, i, cols]
                if a.mode == "multiply":
                    new = sub * a.value
                else:
                    add = a.value / 12 / max(1, len(cols))
                    new = np.clip(sub + add, 0.0, None)
                p[..., g, i, cols] = new
                other = [c for c in range(p.shape[-1]) if c not in cols and c != i]
                stay = 1.0 - p[..., g, i, other].sum(axis=-1) - new.sum(axis=-1)
                p[..., g, i, i] = np.clip(stay, 0.0, None)
    p = np.clip(p, 0.0, None)
    return p / p.sum(axis=-1, keepdims=True)


def entry_adjustments(scenario: Scenario, shares: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """(multiplier, added children a year) per age band; ``shares`` are the bands' shares of entries, used to
    split an addition over the bands it names (all bands when it names none)."""
    n = len(BAND_NAMES)
    mult, add = np.ones(n), np.zeros(n)
    for a in scenario.adjustments:
        if a.target != "entries":
            continue
        chosen = [b for b in range(n) if a.in_band(b)]
        if a.mode == "multiply":
            mult[chosen] *= a.value
        else:
            w = np.array([shares[b] for b in chosen]) if sum(shares[b] for b in chosen) > 0 else np.ones(len(chosen))
            add[chosen] += a.value * w / w.sum()
    return mult, add


def mix_redirects(scenario: Scenario, band: int) -> list[tuple[int, int, float]]:
    """(from type index, to type index, share) for entrants in ``band``."""
    return [(PLACEMENT_TYPES.index(a.from_type), PLACEMENT_TYPES.index(a.to_type), a.value)
            for a in scenario.adjustments if a.target == "mix" and a.in_band(band)
            and a.from_type is not None and a.to_type is not None]
