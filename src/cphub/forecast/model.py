"""Estimating the forecast model from a council's history (see ``docs/forecast.md``).

* **Moves and exits**: for each month step of the last ``move_years`` (5) years, children looked after at the start
  of the step are counted by (age group at the start, placement type) and by where they were at the end (the
  same type, another type, or out of care by exit reason). Rows become monthly probabilities with a Dirichlet
  posterior (counts plus a weak prior pulling thin rows towards the placement type's all-age row), so the
  simulation draws a fresh set of rates for every run: parameter uncertainty is carried through the transitions.
* **Entries**: monthly counts of children new to care over the last ``entry_years`` years, a Poisson regression
  (log link) on time with the ONS child population as exposure, overdispersion from the Pearson statistic; the
  simulation draws the intercept and trend from their estimated distribution.
* **Entrants' age and placement**: the last ``mix_years`` years' entrants (age in months, placement type).
* **Ageing** is exact: ages move one month a step and children leave at 18.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import polars as pl

from cphub.forecast.history import History, counts_by_type, month_ends, snapshots, transitions
from cphub.forecast.states import AGE_BANDS, PLACEMENT_TYPES, RATE_EXITS

# Age groups the monthly move and exit rates are estimated for (years: lower bounds). Finer than the five
# reporting bands where behaviour changes with age (teenagers; 16 and 17 before leaving care).
RATE_GROUP_FROM = (0, 1, 5, 10, 14, 16, 17)
# Months in the current period of care the rates are estimated for: leaving and moving are far likelier early on
# (returns home within weeks; a first, short-term placement), so a child's time in care matters as much as age.
DURATION_FROM = (0, 1, 3, 6, 12, 24)
DESTINATIONS: tuple[str, ...] = PLACEMENT_TYPES + RATE_EXITS
TREND_PRIOR_SD = 0.04  # prior sd of the yearly log-trend in entries (a few per cent a year either way)
PRIOR_WEIGHT = 3.0  # pseudo-observations (child-months) pulling a thin row towards its type's all-age row


def rate_group(age_months: np.ndarray) -> np.ndarray:
    years = np.asarray(age_months) // 12
    return np.searchsorted(np.array(RATE_GROUP_FROM), years, side="right") - 1


def duration_group(months_in_care: np.ndarray) -> np.ndarray:
    return np.searchsorted(np.array(DURATION_FROM), np.asarray(months_in_care), side="right") - 1


@dataclass
class ForecastModel:
    """Everything the simulation needs, estimated once per data version."""

    as_at: date
    move_counts: np.ndarray              # (duration groups, age groups, types, destinations) child-month counts
    move_prior: np.ndarray               # same shape: Dirichlet prior (pseudo-counts)
    entry_coef: np.ndarray               # (intercept, yearly log-trend) on the log scale per child per month
    entry_cov: np.ndarray                # 2x2
    entry_dispersion: float              # >= 1 (Pearson)
    entry_t0: date                       # time origin of the trend
    population: dict[int, float]         # children 0-17 by mid-year (extrapolated when needed)
    entrants: np.ndarray                 # (n, 3): age_m, type index, months in care (recent entrants' mix)
    stock: np.ndarray                    # (n, 3): age_m, type index, months in care at as_at
    history_dates: list[date] = field(default_factory=list)
    history_counts: dict[str, list[int]] = field(default_factory=dict)
    entries_history: list[int] = field(default_factory=list)

    def transition_probabilities(self) -> np.ndarray:
        """Posterior-mean monthly probabilities (duration groups, age groups, types, destinations)."""
        a = self.move_counts + self.move_prior
        return a / a.sum(axis=-1, keepdims=True)

    def pooled_probabilities(self) -> np.ndarray:
        """Monthly probabilities by (age group, type, destination), all durations together (observed mix)."""
        a = self.move_counts.sum(axis=0) + self.move_prior.mean(axis=0)
        return a / a.sum(axis=-1, keepdims=True)

    def expected_entries(self, when: date) -> float:
        """Posterior-mean entries in the month ending ``when`` (no scenario)."""
        t = _years(self.entry_t0, when)
        return float(population_at(self.population, when) * np.exp(self.entry_coef[0] + self.entry_coef[1] * t))


def _years(t0: date, d: date) -> float:
    return (d.toordinal() - t0.toordinal()) / 365.25


def population_at(pop: dict[int, float], when: date) -> float:
    """Children 0-17 on ``when``: linear between mid-years, the last three years' trend beyond the data, 1 when
    the population is unknown (then entries are modelled as a count)."""
    if not pop:
        return 1.0
    years = sorted(pop)
    x = when.year + (when.timetuple().tm_yday - 182) / 365.25
    if x <= years[0]:
        return float(pop[years[0]])
    if x >= years[-1]:
        tail = years[-3:]
        slope = (pop[tail[-1]] - pop[tail[0]]) / max(1, tail[-1] - tail[0])
        return max(1.0, float(pop[years[-1]] + slope * (x - years[-1])))
    lo = max(y for y in years if y <= x)
    hi = min(y for y in years if y >= x)
    if hi == lo:
        return float(pop[lo])
    w = (x - lo) / (hi - lo)
    return float(pop[lo] * (1 - w) + pop[hi] * w)


def poisson_trend(counts: np.ndarray, t: np.ndarray, exposure: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Poisson regression log(mu) = log(exposure) + a + b t by iteratively reweighted least squares.
    Returns (coef, covariance scaled by the dispersion, dispersion >= 1)."""
    x = np.column_stack([np.ones_like(t), t])
    off = np.log(exposure)
    mean = max(counts.mean(), 0.1)
    beta = np.array([np.log(mean) - off.mean(), 0.0])
    for _ in range(50):
        eta = off + x @ beta
        mu = np.exp(eta)
        z = eta - off + (counts - mu) / mu
        xtw = x.T * mu
        new = np.linalg.solve(xtw @ x, xtw @ z)
        if np.max(np.abs(new - beta)) < 1e-9:
            beta = new
            break
        beta = new
    mu = np.exp(off + x @ beta)
    info = (x.T * mu) @ x
    dof = max(1, len(counts) - 2)
    phi = max(1.0, float(((counts - mu) ** 2 / mu).sum() / dof))
    return beta, np.linalg.inv(info) * phi, phi


def _normalise(a: np.ndarray) -> np.ndarray:
    return a / a.sum(axis=-1, keepdims=True)


def _prior(counts: np.ndarray) -> np.ndarray:
    """Dirichlet prior for each (duration, age group, type) row: PRIOR_WEIGHT child-months spread like the
    average of the same type's row at that duration over all ages and at that age over all durations (each
    with a small flat part and staying most likely), so a thin row borrows from its neighbours."""
    n_types = counts.shape[2]
    flat = np.full(counts.shape[-1], 0.5 / counts.shape[-1])
    stay = np.zeros((n_types, counts.shape[-1]))
    stay[np.arange(n_types), np.arange(n_types)] = 5.0
    by_duration = _normalise(counts.sum(axis=1, keepdims=True) + flat + stay)   # (D, 1, T, dest)
    by_age = _normalise(counts.sum(axis=0, keepdims=True) + flat + stay)        # (1, G, T, dest)
    return np.broadcast_to(PRIOR_WEIGHT * (by_duration + by_age) / 2, counts.shape).copy()


def shrink_trend(coef: np.ndarray, cov: np.ndarray, prior_sd: float) -> tuple[np.ndarray, np.ndarray]:
    """Combine the fitted (intercept, trend) with a normal prior on the trend, mean 0 and sd ``prior_sd``
    (a flat prior on the intercept): a trend found in a few noisy years is believed only in part."""
    precision = np.linalg.inv(cov)
    prior = np.diag([0.0, 1.0 / prior_sd**2])
    post_cov = np.linalg.inv(precision + prior)
    post = post_cov @ (precision @ coef)
    return post, post_cov


def fit(history: History, population: dict[int, int] | None = None, *, move_years: int = 5, entry_years: int = 6,
        mix_years: int = 2) -> ForecastModel:
    """Estimate :class:`ForecastModel` from ``history`` (everything up to ``history.as_at``)."""
    as_at = history.as_at
    avail = max(2, history.months_available())
    move_m, entry_m, mix_m = (min(12 * y, avail) for y in (move_years, entry_years, mix_years))
    n_steps = max(move_m, entry_m, mix_m)
    dates = month_ends(as_at, n_steps + 1)
    tr = transitions(history, dates)
    types = {t: i for i, t in enumerate(PLACEMENT_TYPES)}
    dest = {d: i for i, d in enumerate(DESTINATIONS)}
    n_groups = len(RATE_GROUP_FROM)
    n_types = len(PLACEMENT_TYPES)
    counts = np.zeros((len(DURATION_FROM), n_groups, n_types, len(DESTINATIONS)))
    moves = tr.filter(pl.col("from").is_not_null(), pl.col("to") != "aged_18",
                      pl.col("k") > n_steps - move_m)
    if moves.height:
        g = rate_group(moves["age_from"].to_numpy())
        dg = duration_group(moves["dur_from"].to_numpy())
        f = np.array([types[x] for x in moves["from"].to_list()])
        d = np.array([dest[x] for x in moves["to"].to_list()])
        np.add.at(counts, (dg, g, f, d), 1.0)
    prior = _prior(counts)

    # Entries: monthly counts over the entry window, population as exposure.
    ent = tr.filter(pl.col("from").is_null())
    per_step = np.zeros(n_steps + 1)
    if ent.height:
        np.add.at(per_step, ent["k"].to_numpy(), 1.0)
    steps = np.arange(n_steps - entry_m + 1, n_steps + 1)
    t0 = as_at
    t = np.array([_years(t0, dates[k]) for k in steps])
    pop = {int(k): float(v) for k, v in (population or {}).items() if v}
    exposure = np.array([population_at(pop, dates[k]) for k in steps])
    coef, cov, phi = poisson_trend(per_step[steps], t, exposure)
    coef, cov = shrink_trend(coef, cov, TREND_PRIOR_SD)

    mix = ent.filter(pl.col("k") > n_steps - mix_m)
    if mix.height == 0:
        mix = ent
    entrants = np.column_stack([mix["age_to"].to_numpy(), [types[x] for x in mix["to"].to_list()],
                                mix["dur_to"].to_numpy()]) if mix.height else np.zeros((0, 3), dtype=int)
    shown = min(36, n_steps)
    snap = snapshots(history, dates[-(shown + 1):])
    now = snap.filter(pl.col("k") == shown)
    stock = np.column_stack([now["age_m"].to_numpy(), [types[x] for x in now["ptype"].to_list()],
                             now["dur_m"].to_numpy()]) if now.height else np.zeros((0, 3), dtype=int)
    return ForecastModel(as_at=as_at, move_counts=counts, move_prior=prior, entry_coef=coef, entry_cov=cov,
                         entry_dispersion=phi, entry_t0=t0, population=pop, entrants=entrants.astype(np.int64),
                         stock=stock.astype(np.int64), history_dates=dates[-(shown + 1):],
                         history_counts=counts_by_type(snap, shown + 1),
                         entries_history=per_step[-shown:].astype(int).tolist())


def band_index(age_months: np.ndarray) -> np.ndarray:
    """Index into :data:`AGE_BANDS` for ages in months (vectorised)."""
    lows = np.array([lo for _, lo, _ in AGE_BANDS])
    return np.searchsorted(lows, np.asarray(age_months) // 12, side="right") - 1
