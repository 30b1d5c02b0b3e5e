"""Monte Carlo simulation forward, month by month, child by child (all runs at once, vectorised).

Each run draws its own parameters (transition probabilities from their Dirichlet posterior, the entry
intercept and trend from their normal approximation, entry overdispersion from a gamma), then moves every child:
to another placement type, out of care by a reason, or on (one month older; out at 18), and adds new entrants.
The spread over runs is the forecast distribution: parameter uncertainty plus the chance in who moves and leaves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from cphub.calendar import add_months, month_end
from cphub.forecast.model import ForecastModel, band_index, duration_group, population_at, rate_group
from cphub.forecast.scenario import BASELINE, Scenario, apply_to_rates, entry_adjustments, mix_redirects
from cphub.forecast.states import AGE_BANDS, EXIT_REASONS, MAX_AGE_MONTHS, PLACEMENT_TYPES

QUANTILES = (0.025, 0.1, 0.5, 0.9, 0.975)  # 95 % and 80 % intervals and the median


@dataclass
class Forecast:
    """Simulated counts: ``counts[run, month, band, type]`` (month 0 = the start, ``as_at``), exits by reason
    and entries per month and run."""

    scenario: Scenario
    dates: list[date]
    counts: np.ndarray
    exits: np.ndarray     # (runs, months, reasons)
    entries: np.ndarray   # (runs, months)

    @property
    def runs(self) -> int:
        return self.counts.shape[0]

    def series(self, key: str = "total") -> np.ndarray:
        """(runs, months+1) for ``total``, a placement type, or ``band:N``."""
        if key == "total":
            return self.counts.sum(axis=(2, 3))
        if key.startswith("band:"):
            return self.counts[:, :, int(key[5:]), :].sum(axis=2)
        return self.counts[:, :, :, PLACEMENT_TYPES.index(key)].sum(axis=2)

    def quantiles(self, key: str = "total") -> dict[str, list[float]]:
        """``{"q2.5", "q10", "median", "q90", "q97.5"}`` per month (0..H)."""
        q = np.quantile(self.series(key), QUANTILES, axis=0)
        return dict(zip(("q2.5", "q10", "median", "q90", "q97.5"), (list(map(float, r)) for r in q)))


def _dates(as_at: date, months: int) -> list[date]:
    out = []
    for k in range(months + 1):
        d = add_months(as_at, k)
        out.append(month_end(d.year, d.month))
    return out


def simulate(model: ForecastModel, scenario: Scenario = BASELINE, *, months: int = 36, runs: int = 1000,
             seed: int = 0) -> Forecast:
    """Simulate ``runs`` futures of ``months`` months under ``scenario``."""
    scenario.check()
    rng = np.random.default_rng(seed)
    n_types, n_bands = len(PLACEMENT_TYPES), len(AGE_BANDS)
    n_rate_exits = len(EXIT_REASONS) - 1
    # Per-run transition probabilities: Dirichlet draws via normalised gammas.
    alpha = model.move_counts + model.move_prior
    gam = rng.gamma(np.broadcast_to(alpha, (runs, *alpha.shape)))
    probs = apply_to_rates(gam / gam.sum(axis=-1, keepdims=True), scenario)
    cum = np.cumsum(probs, axis=-1)
    cum[..., -1] = 1.0
    n_dur, n_grp = cum.shape[1], cum.shape[2]
    cum = cum.reshape(-1, cum.shape[-1])  # rows: ((run * durations + duration) * age groups + age) * types + type
    # Per-run entry parameters.
    coefs = rng.multivariate_normal(model.entry_coef, model.entry_cov, size=runs, method="cholesky")
    dates = _dates(model.as_at, months)
    # Entrants' mix by band.
    pool = model.entrants
    pool_band = band_index(pool[:, 0]) if len(pool) else np.zeros(0, dtype=int)
    by_band = [pool[pool_band == b] for b in range(n_bands)]
    shares = [len(x) / max(1, len(pool)) for x in by_band]
    mult, add = entry_adjustments(scenario, shares)
    redirects = [mix_redirects(scenario, b) for b in range(n_bands)]
    phi = model.entry_dispersion

    run = np.repeat(np.arange(runs), len(model.stock))
    age = np.tile(model.stock[:, 0], runs) if len(model.stock) else np.zeros(0, dtype=np.int64)
    typ = np.tile(model.stock[:, 1], runs) if len(model.stock) else np.zeros(0, dtype=np.int64)
    dur = np.tile(model.stock[:, 2], runs) if len(model.stock) else np.zeros(0, dtype=np.int64)
    counts = np.zeros((runs, months + 1, n_bands, n_types), dtype=np.int32)
    exits = np.zeros((runs, months, len(EXIT_REASONS)), dtype=np.int32)
    entries = np.zeros((runs, months), dtype=np.int32)

    def record(m: int) -> None:
        idx = (run * n_bands + band_index(age)) * n_types + typ
        counts[:, m] = np.bincount(idx, minlength=runs * n_bands * n_types).reshape(runs, n_bands, n_types)

    record(0)
    for m in range(1, months + 1):
        # Moves and exits.
        if len(run):
            u = rng.random(len(run))
            c = cum[((run * n_dur + duration_group(dur)) * n_grp + rate_group(age)) * n_types + typ]
            dest = (u[:, None] > c).sum(axis=1)
            moved = dest < n_types
            typ = np.where(moved, dest, typ)
            gone = ~moved
            n_r = len(EXIT_REASONS)
            exits[:, m - 1] += np.bincount(run[gone] * n_r + dest[gone] - n_types,
                                           minlength=runs * n_r).reshape(runs, n_r).astype(np.int32)
            run, age, typ, dur = run[moved], age[moved] + 1, typ[moved], dur[moved] + 1
            old = age >= MAX_AGE_MONTHS
            exits[:, m - 1, n_rate_exits] += np.bincount(run[old], minlength=runs).astype(np.int32)
            keep = ~old
            run, age, typ, dur = run[keep], age[keep], typ[keep], dur[keep]
        # Entries.
        t = (dates[m].toordinal() - model.entry_t0.toordinal()) / 365.25
        lam = population_at(model.population, dates[m]) * np.exp(coefs[:, 0] + coefs[:, 1] * t)
        if phi > 1.0:
            lam = lam * rng.gamma(1.0 / (phi - 1.0), phi - 1.0, size=runs)
        new_run, new_age, new_typ, new_dur = [], [], [], []
        for b in range(n_bands):
            if not len(by_band[b]) and add[b] <= 0:
                continue
            lam_b = lam * shares[b] * mult[b] + add[b] / 12.0
            n_b = rng.poisson(np.clip(lam_b, 0, None))
            total = int(n_b.sum())
            if total == 0:
                continue
            src = by_band[b] if len(by_band[b]) else pool if len(pool) else None
            if src is None:
                continue
            pick = src[rng.integers(0, len(src), size=total)]
            t_new = pick[:, 1].copy()
            for j_from, j_to, share in redirects[b]:
                flip = (t_new == j_from) & (rng.random(total) < share)
                t_new[flip] = j_to
            new_run.append(np.repeat(np.arange(runs), n_b))
            new_age.append(pick[:, 0])
            new_typ.append(t_new)
            new_dur.append(pick[:, 2])
            entries[:, m - 1] += n_b.astype(np.int32)
        if new_run:
            run = np.concatenate([run, *new_run])
            age = np.concatenate([age, *new_age])
            typ = np.concatenate([typ, *new_typ])
            dur = np.concatenate([dur, *new_dur])
        record(m)
    return Forecast(scenario, dates, counts, exits, entries)
