"""Simulated life histories of children looked after by one council (no I/O; the writer is :mod:`generator`).

A lean per-child simulation on ``random.Random`` (seeded per council, no global state). Dates are proleptic
ordinals (``date.toordinal()``) internally. Each child has one or more periods of care; each period is a chain of
episodes (DEC = next DECOM with REC X1; the first with RNE S), driven by a route chosen at entry (adoption, special
guardianship, return home, child arrangements order, leaving care at 18, independent living, remand, UASC), legal
status changes (court timetable) and placement moves. Magnitudes are calibrated in ``docs/synthetic-data.md``.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date

from cphub import calendar as cal
from cphub.reference.postcodes import distance_miles, format_postcode, pool
from cphub.reference.upn import CHECK_LETTERS, with_check_letter

# dates are day numbers (``date.toordinal()``) here; the rules are the calendar's (cphub.calendar)
bday = cal.birthday_day
"""Day number of the ``years``-th birthday (29 February -> 1 March)."""
age_at = cal.age_at_day
collection_year = cal.collection_year_of_day


def year_start(year: int) -> int:
    """1 April of the collection year ending in ``year``."""
    return cal.year_start(year).toordinal()


def year_end(year: int) -> int:
    return cal.year_end(year).toordinal()


def pick(rng: random.Random, weights: dict) -> str:
    """A key of ``weights`` drawn with probability proportional to its value."""
    r = rng.random() * sum(weights.values())
    for k, w in weights.items():
        r -= w
        if r < 0:
            return k
    return k


@dataclass(slots=True)
class Episode:
    decom: int
    rne: str
    ls: str
    cin: str
    place: str
    provider: str
    dec: int | None = None
    rec: str | None = None
    rpc: str | None = None
    home_post: str = ""
    pl_post: str = ""
    urn: str | None = None


@dataclass(slots=True)
class Period:
    start: int
    end: int | None  # None = still looked after at the end of the simulation
    rec: str | None
    route: str
    episodes: list[Episode] = field(default_factory=list)
    reviews: list[tuple[int, str]] = field(default_factory=list)
    missing: list[tuple[str, int, int | None]] = field(default_factory=list)
    prev_perm: tuple[str, str | None, str | None] = ("Z1", None, None)
    adoption: dict | None = None       # decision / match / adopters
    health: list[tuple[int, str]] = field(default_factory=list)
    dental: list[int] = field(default_factory=list)
    visits: list[tuple[int, bool]] = field(default_factory=list)


@dataclass(slots=True)
class Child:
    id: str
    male: bool
    dob: int
    ethnic: str
    upn: str
    uasc: bool
    disabled: bool
    home: tuple[str, int, int, str]
    periods: list[Period] = field(default_factory=list)
    sw: list[tuple[str, int, int | None, str]] = field(default_factory=list)  # SW_ID, start, end, reason
    mother_dob: int | None = None
    leaver: dict | None = None          # care-leaver record: left, updates, pa


H5_URN_DATE = date(2023, 10, 28).toordinal()
NO_URN = frozenset({"P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1", "Z11", "Z12", "Z13",
                    "Z14"})
FOSTER_OR_ADOPTION = frozenset({"A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"})
ETHNIC = {"WBRI": 640, "WOTH": 50, "WIRI": 3, "WIRT": 4, "WROM": 12, "MWBC": 35, "MWBA": 15, "MWAS": 15, "MOTH": 35,
          "AIND": 7, "APKN": 15, "ABAN": 8, "AOTH": 18, "BCRB": 15, "BAFR": 40, "BOTH": 15, "CHNE": 2, "OOTH": 40,
          "REFU": 3, "NOBT": 5}
ETHNIC_UASC = {"AOTH": 35, "OOTH": 25, "BAFR": 28, "BOTH": 5, "MOTH": 4, "WOTH": 3}
REVIEW_CODES = {"PN1": 50, "PN2": 8, "PN3": 4, "PN4": 7, "PN5": 6, "PN6": 13, "PN7": 12}
MOVE_REASONS = {"CARPL": 34, "CREQB": 14, "CREQO": 12, "CHILD": 8, "LAREQ": 8, "STAND": 4, "ALLEG": 3, "CLOSE": 4,
                "APPRR": 1, "OTHER": 12}
# Routes by age at entry (years): how the period of care will end. Calibrated to the DfE reason-ceased mix
# (definitions.md §5: E4A 17%, E17 16%, E5 13%, SGO 11%, adopted 9%, E8 8%, E3 6%, E13 6%, E41 3%).
ROUTES = {
    0: {"adopt": 30, "sgo": 17, "home": 22, "cao": 4, "stay": 19, "other": 8},
    1: {"adopt": 18, "sgo": 20, "home": 30, "cao": 5, "stay": 19, "other": 8},
    5: {"adopt": 3, "sgo": 14, "home": 38, "cao": 5, "stay": 30, "other": 10},
    10: {"sgo": 5, "home": 42, "cao": 2, "stay": 33, "other": 13, "remand": 2, "indep": 3},
    16: {"home": 30, "stay": 45, "other": 12, "remand": 3, "indep": 10},
}
ENTRY_AGE = {0: 20, 1: 14, 5: 18, 10: 35, 16: 13}  # % of (non-UASC) starters by age band at entry
PA_TO_25_SHARE = 0.75  # care leavers 21-25 who asked for a personal adviser (council records; tuned to the seed pack's ~240)


class Pools:
    """Postcode pools and helpers for one council (real ONSPD postcodes)."""

    def __init__(self, la: str, rng: random.Random):
        self.p = pool(la)
        self.rng = rng

    def home(self) -> tuple[str, int, int, str]:
        return self.rng.choice(self.p.inside)

    def placement(self, home: tuple, far: bool) -> tuple[str, int, int, str]:
        rng = self.rng
        best = None
        for _ in range(6):
            if far:
                c = rng.choice(self.p.far)
            else:
                c = rng.choice(self.p.inside if rng.random() < 0.65 else self.p.nearby)
            d = distance_miles(home[1], home[2], c[1], c[2])
            if c[0] != home[0] and ((far and d > 20.5) or (not far and d < 19.5)):
                return c
            best = c if c[0] != home[0] else best
        return best or self.p.far[0]


@dataclass
class CouncilParams:
    la: str
    entries_per_year: float
    uasc_share: float          # share of starters who are UASC
    far_bias: float = 1.0
    sw_count: int = 10
    pa_count: int = 5
    entry_trend: float = 0.0   # yearly log-growth of (non-UASC) entries around TREND_ANCHOR (0 = a steady rate)


# Entries trend (issue 16: the forecast needs a trend to find): rate(t) = rate * exp(entry_trend * years from the
# anchor), years clipped to [-TREND_BACK, TREND_FORWARD] so the long simulated history stays near the calibration.
TREND_ANCHOR = date(2022, 10, 1).toordinal()
TREND_BACK, TREND_FORWARD = 8.0, 6.0


def trend_factor(trend: float, day: float) -> float:
    """Multiplier of the entry rate on ``day`` (ordinal) for a yearly log-growth ``trend``."""
    years = min(TREND_FORWARD, max(-TREND_BACK, (day - TREND_ANCHOR) / 365.25))
    return math.exp(trend * years)


class Simulator:
    """Simulates one council's children from ``sim_start`` to ``sim_end`` (ordinals)."""

    def __init__(self, params: CouncilParams, rng: random.Random, sim_start: int, sim_end: int, keep_from: int):
        self.P = params
        self.rng = rng
        self.sim_start, self.sim_end, self.keep_from = sim_start, sim_end, keep_from
        self.pools = Pools(params.la, rng)
        self.n = 0
        self.urns: dict[str, list[str]] = {}
        self.sw_ids = [f"SW{params.la}{i:04d}" for i in range(params.sw_count)]
        self.pa_ids = [f"PA{params.la}{i:03d}" for i in range(params.pa_count)]

    # ---------------------------------------------------------------- children
    def run(self) -> list[Child]:
        rng = self.rng
        children: list[Child] = []
        rate = self.P.entries_per_year / 365.25
        u = self.P.uasc_share
        arrivals: list[tuple[float, bool]] = []
        t = float(self.sim_start)
        g = self.P.entry_trend
        top = max(trend_factor(g, self.sim_start), trend_factor(g, self.sim_end)) if g else 1.0
        while rate > 0:  # Poisson stream of (non-UASC) starters (thinned to the trend when there is one)
            t += rng.expovariate(rate * (1 - u) * top)
            if t > self.sim_end:
                break
            if g and rng.random() * top > trend_factor(g, t):
                continue
            arrivals.append((t, False))
        if rate * u > 0:  # UASC arrive by the national transfer scheme: evenly, with jitter (a steadier share)
            gap = 1 / (rate * u)
            t = self.sim_start + rng.uniform(0, gap)
            while t <= self.sim_end:
                arrivals.append((min(self.sim_end, t + rng.uniform(-0.4, 0.4) * gap), True))
                t += gap
        arrivals.sort()
        for t, uasc in arrivals:
            child = self.new_child(int(t), uasc)
            if child is not None:
                children.append(child)
        return children

    def new_child(self, start: int, uasc: bool) -> Child | None:
        rng = self.rng
        if uasc:
            age_days = int(365.25 * (17.9 - min(4.0, rng.expovariate(1 / 1.3)))) if rng.random() < 0.9 \
                else int(365.25 * rng.uniform(12.5, 15.5))
            age_days = max(age_days, int(365.25 * 11))
            male = rng.random() < 0.93
        else:
            band = int(pick(rng, {str(k): v for k, v in ENTRY_AGE.items()}))
            span = {0: (0, 1), 1: (1, 5), 5: (5, 10), 10: (10, 16), 16: (16, 17.95)}[band]
            if band == 0 and rng.random() < 0.5:
                age_days = int(rng.uniform(0, 30))  # newborns
            else:
                age_days = int(365.25 * rng.uniform(*span))
            male = rng.random() < 0.55
        dob = start - age_days
        # Quick end-of-period draw first: children leaving long before the first return are not simulated.
        route = "uasc" if uasc else pick(rng, ROUTES[max(k for k in ROUTES if age_days >= k * 365.25)])
        b18 = bday(dob, 18)
        if b18 <= start + 1:
            return None
        # Children whose care (and care-leaver years to 21) ended well before the first return need no detail.
        if route in ("stay", "uasc", "indep") and b18 < self.keep_from - int(3.3 * 365.25):
            return None
        if route not in ("stay", "uasc", "indep") and start < self.keep_from - 4 * 366 and age_days < 14 * 365:
            return None
        self.n += 1
        cid = f"{self.P.la}{self.n:06d}"
        ethnic = pick(rng, ETHNIC_UASC if uasc else ETHNIC)
        disabled = rng.random() < 0.06 and not uasc
        child = Child(cid, male, dob, ethnic, self.upn(dob), uasc, disabled, self.pools.home())
        if not male and rng.random() < 0.04:
            child.mother_dob = bday(dob, 15) + int(rng.uniform(0, 900))
        p = self.period(child, start, route)
        child.periods.append(p)
        # Re-entry after a return home (about 1 in 6, before 16).
        while p.end is not None and p.rec in ("E4A", "E4B", "E13") and rng.random() < 0.17:
            again = p.end + int(rng.uniform(40, 700))
            if again >= min(self.sim_end, bday(dob, 17)):
                break
            age = (again - dob) / 365.25
            r2 = pick(rng, ROUTES[max(k for k in ROUTES if age >= k)])
            p = self.period(child, again, r2, reentry=True)
            child.periods.append(p)
        mc = child.mother_dob
        if mc is not None and mc > child.periods[0].start \
                and not any(q.start <= mc and (q.end is None or mc <= q.end) for q in child.periods):
            child.mother_dob = None  # validator 625: her child is not born after her care ended
        self.social_workers(child)
        self.care_leaver(child)
        return child

    def upn(self, dob: int) -> str:
        """A UPN of the DfE shape (check letter, LA, establishment, year, serial); UN1 for the under-fives."""
        rng = self.rng
        la = self.P.la if self.P.la.isdigit() else "999"
        year = (date.fromordinal(dob).year + 5) % 100
        rng.choice(CHECK_LETTERS)  # kept so the random stream (and every figure calibrated on it) is unchanged
        return with_check_letter(f"{la}{rng.randrange(10**4):04d}{year:02d}{rng.randrange(10**3):03d}")

    # ---------------------------------------------------------------- a period of care
    def period(self, child: Child, start: int, route: str, reentry: bool = False) -> Period:
        rng = self.rng
        dob = child.dob
        b16, b18 = bday(dob, 16), bday(dob, 18)
        age = (start - dob) / 365.25
        end, rec = self.route_end(child, start, route)
        p = Period(start, end, rec, route)
        # Legal status timetable.
        ls_changes: list[tuple[int, str]] = []
        if route == "uasc":
            ls0 = "V2"
        elif route == "remand":
            ls0 = "J1"
        elif route in ("adopt", "sgo", "cao") or (route == "stay" and age < 12) or rng.random() < 0.3:
            r = rng.random()
            if r < 0.05:
                ls0 = "L1" if rng.random() < 0.6 else "L2"
                ls_changes.append((start + (int(rng.uniform(1, 4)) if ls0 == "L1" else int(rng.uniform(2, 8))), "C1"))
            elif r < 0.3 and route != "adopt":
                ls0 = "V2"
                ls_changes.append((start + int(rng.uniform(20, 200)), "C1"))
            else:
                ls0 = "C1"
            c1 = ls_changes[-1][0] if ls_changes else start
            final = c1 + int(rng.uniform(150, 300))
            ls_changes.append((final, "E1" if route == "adopt" else "C2"))
        else:
            ls0 = "V2"
        p.adoption = None
        if route == "adopt":
            decision = start + int(rng.uniform(60, 160))
            e1 = next(d for d, s in ls_changes if s == "E1")
            decision = min(decision, e1 - 5)
            placed = e1 + int(rng.uniform(60, 240))
            match = placed - int(rng.uniform(7, 45))
            p.adoption = {"decision": max(decision, start + 1), "match": match, "placed": placed,
                          "with_carers": rng.random() < 0.15}
        # Shift a too-early adoption end after the placement (an adoption order needs 10 weeks' placement).
        if p.adoption and end is not None and end < p.adoption["placed"] + 75:
            end = p.adoption["placed"] + int(rng.uniform(75, 300))
            if end >= b18:
                end = b18
            p.end = end if end <= self.sim_end + 4000 else None
        # Placement moves.
        horizon = end if end is not None else b18
        moves: list[tuple[int, str]] = []  # (day, kind) kind: P (new carer) / T (same carer status change)
        lam = (0.5 if age >= 11 else 0.3) / 365.25
        t = start
        first = True
        while True:
            gap = rng.expovariate(lam * (3 if first else 1))
            first = False
            t = int(t + max(5, gap))
            if t >= horizon - 3:
                break
            moves.append((t, "P"))
        if p.adoption:
            pl = p.adoption["placed"]
            moves = [m for m in moves if m[0] < pl - 10]
            moves.append((pl, "ADOPT"))
        if route not in ("uasc", "remand") and b16 > start + 30 and b16 < horizon - 60 and rng.random() < 0.35:
            moves = [m for m in moves if m[0] < b16]
            moves.append((b16 + int(rng.uniform(0, 200)), "SUPPORTED"))
        if route == "home" and ls0 != "V2" and end is not None and end - start > 200 and rng.random() < 0.35:
            d = end - int(rng.uniform(60, 180))
            moves = [m for m in moves if m[0] < d - 5]
            moves.append((d, "P1"))
        if route == "uasc" and age < 16 and b16 < horizon - 60 and rng.random() < 0.6:
            moves.append((b16 + int(rng.uniform(0, 120)), "SUPPORTED"))
        # Dates when codes were withdrawn/introduced: H5 -> K3 re-coded on 31 March 2025.
        events: dict[int, list] = {}
        for d, s in ls_changes:
            if start < d < horizon - 1:
                events.setdefault(d, []).append(("LS", s))
        for d, k in moves:
            if start < d < horizon - 1:
                events.setdefault(d, []).append(("MOVE", k))
        # Build episodes.
        cin = "N2" if child.disabled and rng.random() < 0.7 else (
            "N8" if child.uasc else pick(rng, {"N1": 65, "N2": 3, "N3": 4, "N4": 8, "N5": 14, "N6": 3, "N7": 1, "N8": 2}))
        ls = ls0
        place, prov, kin = self.choose_place(child, start, route, None)
        if place == "P1" and ls0 == "V2":
            place, prov = "U6", "PR1"
        far = self.far_placement(place, prov, kin)
        post, prov = self.pl_post(child, place, far, prov)
        urn = self.urn(place, start)
        ep = Episode(start, "S", ls, cin, place, prov, home_post="" if child.uasc else format_postcode(child.home[0]),
                     pl_post=post, urn=urn)
        p.episodes.append(ep)
        h5_recode = date(2025, 3, 31).toordinal()
        if place == "H5" and start < h5_recode < horizon:  # also when care ends on 1 April 2025 (146)
            events.setdefault(h5_recode, []).append(("MOVE", "RECODE"))
        if place == "H5" and start < H5_URN_DATE < horizon - 1:
            events.setdefault(H5_URN_DATE, []).append(("MOVE", "URNREG"))
        done: set[int] = set()
        while True:
            pending = [k for k in events if k not in done and k > ep.decom]
            if not pending:
                break
            d = min(pending)
            done.add(d)
            kinds = events[d]
            new_ls = ls
            move = None
            for kind, v in kinds:
                if kind == "LS":
                    new_ls = v
                else:
                    move = v
            rne = None
            new_place, new_prov, new_post, new_urn, new_kin = place, prov, ep.pl_post, urn, kin
            rpc = None
            if move == "P" or move == "SUPPORTED" or move == "P1":
                kind = "SUPPORTED" if move == "SUPPORTED" else ("P1" if move == "P1" else None)
                new_place, new_prov, new_kin = self.choose_place(child, d, route, kind)
                if new_place == "P1" and (new_ls == "V2" or place == "P1"):  # never P1 under s20; P1 -> P1 no move
                    new_place, new_prov = "U6", "PR1"
                new_post, new_prov = self.pl_post(child, new_place, self.far_placement(new_place, new_prov, new_kin),
                                                  new_prov)
                new_urn = self.urn(new_place, d)
                rne = "P"
                rpc = "CARPL" if kind else pick(rng, MOVE_REASONS)
            elif move == "ADOPT":
                with_carers = p.adoption["with_carers"] and place in ("U5", "U6", "U4", "U2")
                if with_carers:
                    new_place = "A5"
                    rne = "T"
                    rpc = "PLACE"
                else:
                    new_place = "A6"
                    new_prov = pick(rng, {"PR1": 50, "PR2": 35, "PR5": 15})
                    new_post, new_prov = self.pl_post(child, new_place, rng.random() < 0.4, new_prov)
                    rne = "P"
                    rpc = "CARPL"
                p.adoption["with_carers"] = with_carers
                new_urn = self.urn(new_place, d)
            elif move == "URNREG":  # supported accommodation registered with Ofsted from 28 October 2023
                if place != "H5" or urn:
                    continue
                rne, rpc, new_urn = "T", "PLACE", self.urn("H5", d)
            elif move == "RECODE":
                if place != "H5":
                    continue
                new_place, rne, rpc, new_urn = "K3", "T", "PLACE", urn
            if new_ls != ls:
                rne = {"P": "B", "T": "U", None: "L"}[rne]
                if new_ls == "E1" and new_place in ("A3", "A4"):
                    new_place = "A5" if new_place == "A3" else "A6"
            if rne is None:
                continue
            if rne in ("L",):
                rpc = None
            ep.dec, ep.rec = d, "X1"
            if rne in ("P", "T", "B", "U"):
                ep.rpc = rpc
            ep = Episode(d, rne, new_ls, cin, new_place, new_prov, home_post=ep.home_post, pl_post=new_post, urn=new_urn)
            p.episodes.append(ep)
            ls, place, prov, urn, kin = new_ls, new_place, new_prov, new_urn, new_kin
            if place == "H5" and d < h5_recode < horizon:
                events.setdefault(h5_recode, []).append(("MOVE", "RECODE"))
            if place == "H5" and not urn and d < H5_URN_DATE < horizon - 1:
                events.setdefault(H5_URN_DATE, []).append(("MOVE", "URNREG"))
        # The period's end.
        if p.end is not None:
            ep.dec, ep.rec = p.end, p.rec
            if p.rec in ("E11", "E12") and ep.place not in ("A5", "A6", "A3", "A4"):
                p.rec = ep.rec = "E41"
                p.adoption = None
            if p.rec in ("E45", "E46") and ep.place not in ("U1", "U2", "U3", "U4", "U5", "U6"):
                p.rec = ep.rec = "E47" if p.rec == "E45" else "E48"
        if p.adoption and p.end is not None and p.rec not in ("E11", "E12"):
            p.adoption["ceased"] = (p.end, "RD4")
        # Adopted: the decision row stays without a ceased date (validator 525 forbids one alongside AD1).
        self.extras(child, p, reentry)
        return p

    def route_end(self, child: Child, start: int, route: str) -> tuple[int | None, str | None]:
        rng = self.rng
        dob = child.dob
        b18 = bday(dob, 18)
        if route == "adopt":
            days, rec = rng.uniform(420, 900), ("E11" if rng.random() < 0.75 else "E12")
            if rng.random() < 0.12:
                days, rec = rng.uniform(700, 1500), pick(rng, {"E46": 3, "E45": 2, "E41": 1})
        elif route == "sgo":
            days, rec = rng.uniform(240, 1000), pick(rng, {"E45": 40, "E46": 20, "E47": 35, "E48": 5})
        elif route == "cao":
            days, rec = rng.uniform(150, 700), "E41"
        elif route == "home":
            days = min(rng.lognormvariate(math.log(170), 1.1), 6 * 365)
            rec = pick(rng, {"E4A": 62, "E4B": 12, "E13": 22, "E16": 2, "E7": 0.5, "E2": 0.3})
            if rec == "E7" and (start + days - dob) / 365.25 < 16:
                rec = "E4A"
        elif route == "other":
            days = rng.uniform(20, 900)
            rec = pick(rng, {"E8": 55, "E3": 40, "E9": 2, "E16": 3})
        elif route == "remand":
            days, rec = rng.uniform(5, 120), "E14"
        elif route == "indep":
            target = bday(dob, 17) + int(rng.uniform(0, 360))
            days, rec = max(14, target - start), pick(rng, {"E5": 75, "E6": 25})
        elif route == "uasc":
            days, rec = b18 - start, None
            r = rng.random()
            if r < 0.05:
                days, rec = rng.uniform(10, 200), "E15"
            elif r < 0.13:
                days, rec = rng.uniform(5, 120), "E3"
        else:  # stay until 18
            days, rec = b18 - start, None
        end = start + max(1, int(days))
        if end >= b18:
            end = b18
            rec = None
        if rec is None:  # left at 18
            rec = pick(rng, {"E17": 38, "E5": 33, "E6": 6, "E8": 18, "E7": 1})
            if child.uasc:
                rec = pick(rng, {"E5": 45, "E17": 25, "E8": 25, "E6": 5})
        if end > self.sim_end:
            return None, None
        return end, rec

    # ---------------------------------------------------------------- placements
    def choose_place(self, child: Child, day: int, route: str, kind: str | None) -> tuple[str, str, bool]:
        rng = self.rng
        age = (day - child.dob) / 365.25
        if kind == "P1":
            return "P1", "PR0", False
        if kind == "SUPPORTED" and age >= 16:
            place = "H5" if day < date(2024, 4, 1).toordinal() else "K3"
            return place, pick(rng, {"PR4": 60, "PR5": 25, "PR1": 15}), False
        if route == "remand":
            return pick(rng, {"K2": 45, "U6": 35, "K1": 20}), pick(rng, {"PR4": 60, "PR1": 25, "PR2": 15}), False
        if child.uasc:
            if age >= 16 and day >= date(2024, 4, 1).toordinal():
                w = {"K3": 55, "U6": 35, "K2": 10}
            elif age >= 16:
                w = {"H5": 55, "U6": 35, "K2": 10}
            else:
                w = {"U6": 80, "K2": 20}
        elif age < 1:
            w = {"U6": 52, "U5": 10, "U3": 18, "U4": 5, "R3": 7, "P1": 3, "R2": 1}
        elif age < 5:
            w = {"U6": 50, "U4": 12, "U5": 4, "U3": 18, "U1": 8, "P1": 5, "R3": 1}
        elif age < 11:
            w = {"U6": 42, "U4": 22, "U3": 13, "U1": 9, "K2": 7, "P1": 5, "S1": 1, "R1": 1}
        elif age < 16:
            w = {"U6": 36, "U4": 22, "U3": 8, "U1": 6, "K2": 18, "P1": 4, "S1": 2, "K1": 1, "R1": 1}
        else:
            w = {"U6": 36, "U4": 15, "U3": 6, "U1": 5, "K2": 14, "P1": 3, "S1": 1,
                 ("H5" if day < date(2024, 4, 1).toordinal() else "K3"): 19}
        if day >= date(2025, 4, 1).toordinal() and age >= 11 and rng.random() < 0.01:
            return "Z11", "", False  # no provider for Z11-Z14 (validator 178/213)
        place = pick(rng, w)
        kin = place in ("U1", "U2", "U3")
        if kin:
            prov = "PR1"
        elif place in ("U4", "U5", "U6"):
            prov = pick(rng, {"PR1": 55, "PR4": 40, "PR5": 5})
        elif place in ("K2", "R1", "S1"):
            prov = pick(rng, {"PR4": 78, "PR1": 12, "PR5": 10})
        elif place == "K1":
            prov = pick(rng, {"PR1": 40, "PR2": 60})
        elif place in ("H5", "K3"):
            prov = pick(rng, {"PR4": 60, "PR5": 25, "PR1": 15})
        elif place == "P1":
            prov = "PR0"
        elif place == "R2":
            prov = "PR3"
        else:
            prov = pick(rng, {"PR4": 70, "PR5": 30})
        return place, prov, kin

    def far_placement(self, place: str, prov: str, kin: bool) -> bool:
        p = {"P1": 0.0, "K2": 0.55, "K1": 0.8, "S1": 0.6, "R1": 0.5, "R2": 0.2, "R3": 0.35, "H5": 0.2, "K3": 0.2,
             "A6": 0.4, "Z11": 0.5}.get(place)
        if p is None:
            p = 0.2 if kin else (0.08 if prov == "PR1" else 0.35)
        return self.rng.random() < min(0.95, p * self.P.far_bias)

    def pl_post(self, child: Child, place: str, far: bool, prov: str = "") -> tuple[str, str]:
        """(placement postcode, provider): own provision (PR1) other than fostering/adoption must be in the LA, another
        council's (PR2) outside it."""
        if place == "P1":
            return format_postcode(child.home[0]), prov
        home = format_postcode(child.home[0]) if child.home else ""
        for _ in range(20):  # validator 392d: not at the home postcode unless placed with parents
            pc = self.pools.placement(child.home, far) if place != "K3" else self.rng.choice(self.pools.p.inside)
            if format_postcode(pc[0]) != home:
                break
        if prov == "PR1" and pc[3] != self.P.la and place not in FOSTER_OR_ADOPTION:
            prov = "PR4" if place not in ("K1",) else "PR2"
        elif prov == "PR2" and pc[3] == self.P.la and place not in FOSTER_OR_ADOPTION:
            prov = "PR1"  # another council's home is outside this one (DfE 229)
        return format_postcode(pc[0]), prov

    def urn(self, place: str, day: int) -> str | None:
        """Ofsted URN of the provider: required for all but P1, P3, R1, R2, R5, T0-T4, Z1, Z11-Z14 (DfE 218/222)."""
        if place in NO_URN or (place == "H5" and day < H5_URN_DATE):
            return None
        urns = self.urns.setdefault(place, [])
        if len(urns) < 40 or self.rng.random() < 0.1:
            urns.append(f"SC{self.rng.randrange(10**6):06d}")
        return self.rng.choice(urns)

    # ---------------------------------------------------------------- per-period extras
    def extras(self, child: Child, p: Period, reentry: bool) -> None:
        rng = self.rng
        end = p.end if p.end is not None else self.sim_end
        # Previous permanence (asked of every starter).
        r = rng.random()
        if reentry or r < 0.78:
            p.prev_perm = ("Z1", None, None)
        elif r < 0.9:
            p.prev_perm = ("P4", "999", "zz/zz/zzzz")
        elif p.start - child.dob < 400:
            p.prev_perm = ("Z1", None, None)
        else:
            kind = pick(rng, {"P1": 3, "P2": 5, "P3": 3})
            when = int(rng.uniform(child.dob + 60, p.start - 120))
            d = date.fromordinal(when)
            la = self.P.la if rng.random() < 0.7 else rng.choice(["NUK", "SCO", "WAL", "999"])
            shown = d.strftime("%d/%m/%Y") if rng.random() < 0.8 else "zz/" + d.strftime("%m/%Y")
            p.prev_perm = (kind, la, shown)
        # Reviews: within 20 working days, then 3 months, then every 6 months.
        day = p.start + int(rng.uniform(14, 28))
        gap = int(rng.uniform(75, 92))
        while day <= end and day <= self.sim_end:
            code = "PN0" if day < bday(child.dob, 4) else pick(rng, REVIEW_CODES)
            p.reviews.append((day, code))
            day += gap
            gap = int(rng.uniform(150, 183))
        # Health assessments (IHA within 20 working days; reviews 6-monthly under 5, yearly 5+), dental, visits.
        day = p.start + int(rng.uniform(10, 40))
        kind = "IHA"
        while day <= end and day <= self.sim_end:
            if rng.random() > 0.06:
                p.health.append((day, kind))
            kind = "RHA"
            day += int(rng.uniform(150, 180) if day < bday(child.dob, 5) else rng.uniform(300, 360))
        if rng.random() > 0.12:
            day = p.start + int(rng.uniform(30, 150))
            while day <= end and day <= self.sim_end:
                if day > child.dob + 300 and rng.random() > 0.12:
                    p.dental.append(day)
                day += int(rng.uniform(170, 360))
        day = p.start + int(rng.uniform(1, 7))
        while day <= end and day <= self.sim_end:
            alone = (day - child.dob) > 5 * 365 and rng.random() < 0.8
            p.visits.append((day, alone))
            day += int(rng.uniform(28, 42)) if day - p.start < 365 or child.uasc else int(rng.uniform(42, 90))
        # Missing / away incidents (mostly teenagers in residential or supported placements).
        for ep in p.episodes:
            e_end = ep.dec - 1 if ep.dec is not None else self.sim_end
            age = (ep.decom - child.dob) / 365.25
            if age < 10:
                continue
            rate = (0.35 if ep.place in ("K2", "H5", "K3", "K1", "Z11") else 0.1) * (1.5 if age >= 14 else 1.0)
            if rng.random() > rate:
                continue
            n = 1 + int(rng.expovariate(0.4))
            for _ in range(n):
                s = ep.decom + int(rng.uniform(0, max(1, e_end - ep.decom)))
                if s > e_end or s > self.sim_end:
                    continue
                e = s + int(rng.expovariate(0.7))
                e = min(e, e_end, year_end(collection_year(s)))
                if any(a <= e and s <= (b if b is not None else 10**9) for _, a, b in p.missing):
                    continue
                p.missing.append(("M" if rng.random() < 0.8 else "A", s, e if e <= self.sim_end else None))
        p.missing.sort(key=lambda m: m[1])

    def social_workers(self, child: Child) -> None:
        """Allocated social workers from the first period of care until the case closes (a few weeks to months
        after the last period ends), changing every year or so; continuous between periods (validator SW rules)."""
        rng = self.rng
        last = child.periods[-1]
        close = None  # the last allocation stays open (validator SW17: the latest episode has no end date)
        t = child.periods[0].start
        reason = "FCONTA"  # first contact: the child's first social worker (validator SW12: cover from then)
        sw = rng.choice(self.sw_ids)
        while True:
            nxt = t + int(rng.uniform(120, 700))
            final = (last.end is not None and nxt >= last.end) or nxt > self.sim_end + 400
            stop = close if final else nxt
            child.sw.append((sw, t, stop, reason))
            if final:
                break
            t = nxt
            sw = rng.choice(self.sw_ids)
            reason = pick(rng, {"LEFTRL": 30, "MANAGE": 20, "TSPROC": 20, "ORGRST": 8, "CHCHAN": 10,
                                "ABSENC": 4, "PCCHAN": 2, "OTHERS": 6})

    # ---------------------------------------------------------------- care leavers
    def care_leaver(self, child: Child) -> None:
        """Eligible/relevant/former relevant young people: looked after >= 13 weeks from 14, some after 16."""
        rng = self.rng
        b14, b16, b21 = bday(child.dob, 14), bday(child.dob, 16), bday(child.dob, 21)
        last = child.periods[-1]
        if last.end is None or last.rec in ("E11", "E12", "E41", "E45", "E46", "E47", "E48", "E3", "E15", "E2", "E16"):
            return
        weeks = sum(max(0, (p.end if p.end is not None else self.sim_end) - max(p.start, b14)) for p in child.periods)
        if weeks < 91 or last.end <= b16:
            return
        left = last.end
        rhom = last.rec in ("E4A", "E4B")
        updates: list[tuple[int, str, str, str]] = []
        state = {"touch": "YES", "activ": None, "accom": None}

        def draw(day: int, due: int) -> tuple[str, str, str]:
            """Status on ``day``, an update for the OC3 birthday ``due`` (or ``day`` itself)."""
            age = age_at(child.dob, day)
            # DfE 347: no foyer (T1/T2) for a care leaver under 18 on 1 April of the collection year, taken for the
            # year of the update and of the birthday it reports (the update can fall either side of 1 April).
            young = min(age_at(child.dob, year_start(collection_year(x))) for x in (day, due)) < 18
            if rhom and day > left + 183:
                return "RHOM", "0", "0"
            r = rng.random()
            if state["activ"] is None or r < 0.25:
                u = rng.random()
                state["touch"] = "YES" if u < 0.88 else ("NO" if u < 0.94 else ("REFU" if u < 0.97 else
                                                                                  ("NREQ" if age >= 19 else "NO")))
                eet = 0.66 if age < 19 else 0.55
                state["activ"] = pick(rng, {"F2": 40, "P2": 5, "F1": 8, "F4": 8, "F5": 20, "P5": 8, "P4": 2,
                                            "P1": 1}) if rng.random() < eet else pick(rng, {"G5": 65, "G4": 20,
                                                                                            "G6": 15})
                suit = "1" if rng.random() < 0.9 else "2"
                if last.rec == "E17" and age < 21 and age >= 18 and rng.random() < 0.6:
                    letter = "Z"
                else:
                    letter = pick(rng, {"D": 30, "U": 22, "E": 10, "B": 15, "K": 4, "C": 3, "T": 3, "Y": 5, "S": 2,
                                        "V": 2, "W": 1, "X": 1, "R": 1})
                if letter == "T" and (age < 18 or young):
                    letter = "D"
                if letter in ("S", "X"):
                    suit = "2"
                state["accom"] = letter + ("0" if letter == "R" else suit) if letter != "R" else "R2"
            if state["touch"] != "YES":
                return state["touch"], "0", "0"
            accom = state["accom"]
            if (accom.startswith("Z") and age < 18) or (accom.startswith("T") and young):
                accom = "D" + accom[1]
            return "YES", state["activ"], accom

        day = left + int(rng.uniform(20, 60))
        bdays = [bday(child.dob, a) for a in range(17, 22)]
        oc3: dict[int, tuple[str, str, str]] = {}
        # OC3: 17th/18th birthday only if care ended before it; 19th-21st whenever it ended (validator 1016).
        bdays = [d for i, d in enumerate(bdays) if d > left or (i >= 2 and d >= left)]
        checkpoints = sorted({d for d in bdays} | set(range(day, min(b21, self.sim_end), 91)))
        for d in checkpoints:
            if d > self.sim_end or d > b21:
                break
            jitter = d if d not in bdays else min(self.sim_end, max(left, d + int(rng.uniform(-40, 25))))
            t, a, c = draw(jitter, d)
            updates.append((jitter, t, a, c))
            if d in bdays:
                oc3[d] = (t, a, c)
        uniq = {}
        for u in updates:
            uniq[u[0]] = u
        pa_start = max(min(left, b16 + int(rng.uniform(0, 200))), last.start)
        # Care leavers may ask for a personal adviser's support up to 25 (Children and Social Work Act 2017
        # s3): PA_TO_25_SHARE of them do in the demo. Drawn from the child's own stream so the rest of the simulation is unchanged.
        pa_end = bday(child.dob, 25) if random.Random(f"pa25:{child.id}").random() < PA_TO_25_SHARE else b21
        child.leaver = {"left": left, "updates": sorted(uniq.values()), "oc3": oc3,
                        "pa": (rng.choice(self.pa_ids), pa_start, pa_end if pa_end <= self.sim_end else None)}
