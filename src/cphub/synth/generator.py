"""Synthetic SSDA903 returns and local tables for one, several or all councils.

``generate(out, councils, national, from_year, to_year, seed)`` writes ``out/<la>/<year>/<Table>.csv`` for every
SSDA903 table (specs from :data:`cphub.ssda903.schema.TABLES`, codes valid in that collection year from
:mod:`cphub.ssda903.codes`) and ``out/<la>/local/<table>.csv`` for every local table. Each year's return holds what
DfE asks for that year: the episodes open at any time in the year (so consecutive returns overlap, as real ones
do), with DEC/REC blank when the episode was still open at 31 March. Deterministic for a seed. See
``docs/synthetic-data.md`` for what is calibrated to what.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

import polars as pl

from cphub.csvio import to_csv_bytes
from cphub.local.schema import LOCAL_TABLES
from cphub.reference.councils import cla_counts, council
from cphub.reference.councils import councils as register
from cphub.reference.ofsted import write_csv
from cphub.ssda903.schema import FIRST_YEAR, RETURN_OPTIONAL, TABLES, tables_in
from cphub.synth.model import Child, CouncilParams, Episode, Simulator, age_at, bday, pick, year_end, year_start
from cphub.synth.providers import ProviderList

DEMO_LA = "871"
PROVIDER_LIST = "ofsted_providers.csv"  # OUT/<la>/reference/: the synthetic Ofsted provider list of the council
DEMO_CLA = 235                     # Slough-like demo council (seed pack): 200-260 looked after at 31 March
STOCK_PER_ENTRY = 2.92             # children looked after at 31 March per starter a year (calibrated, see docs)
HISTORY_YEARS = 19                 # children enter from this many years before the first return
SW_TABLE_FROM = FIRST_YEAR["SWEpisodes"]  # SWEpisodes collected from 2023-24
DOLO_TABLE_FROM = FIRST_YEAR["DoLo"]      # deprivation of liberty orders collected from 2026-27
DOLO_SHARE = 0.25                  # share of children's-home (K2) placements made under a deprivation of liberty order
LONDON_HIGH_UASC = {"886", "213", "209", "210", "211", "212", "202", "203", "204", "205", "206", "207", "208"}


def _d(day: int | None) -> date | None:
    return None if day is None else date.fromordinal(day)


def council_target(la: str) -> tuple[int, float]:
    """Children looked after at 31 March to aim for, and the share of them who are UASC."""
    if la == DEMO_LA:
        return DEMO_CLA, 0.115
    pub = [v["cla_31_march"] for v in cla_counts().get(la, {}).values() if "cla_31_march" in v]
    if pub:
        target = round(sum(pub) / len(pub))
    else:  # suppressed (City of London, Isles of Scilly): national rate 70 per 10,000
        pop = council(la)["population"]
        target = max(2, round(0.007 * pop[max(pop)])) if pop else 5
    uasc = 0.16 if la in LONDON_HIGH_UASC else 0.07
    return target, uasc


def entry_trend(la: str) -> float:
    """Yearly log-growth of a council's entries (issue 16): a fixed draw between -3 % and +5 % a year per council,
    the same for every seed; the demo council keeps a steady rate (its calibrated figures are tested)."""
    if la == DEMO_LA:
        return 0.0
    return random.Random(f"cphub-synth-trend:{la}").uniform(-0.03, 0.05)


def params_for(la: str) -> CouncilParams:
    target, uasc_stock = council_target(la)
    # UASC stay about 1.2 years against ~2.5 for others: their share of starters is higher than of the stock.
    uasc_entries = uasc_stock * 2.2 / (1 + 1.2 * uasc_stock)
    return CouncilParams(la=la, entries_per_year=target / STOCK_PER_ENTRY, uasc_share=uasc_entries,
                         sw_count=max(3, round(target / 15)), pa_count=max(2, round(target / 30)),
                         entry_trend=entry_trend(la))


# ---------------------------------------------------------------------------------------------- one return
def sex_code(male: bool, year: int) -> str:
    """SEX: 1/2 until 2023-24, M/F from 2024-25 (codes.SEX)."""
    if year <= 2024:
        return "1" if male else "2"
    return "M" if male else "F"


def return_rows(children: list[Child], year: int, la: str, seed: int,
                urn_of: Callable[[Episode], str | None] | None = None) -> dict[str, list[tuple]]:
    """The rows of every SSDA903 table for collection ``year`` (by its ending); ``urn_of`` gives the URN an
    episode shows (default: the simulated one)."""
    ys, ye = year_start(year), year_end(year)
    rows: dict[str, list[tuple]] = {name: [] for name in TABLES}
    for c in children:
        if c.periods[0].start > ye:
            continue
        last_end = c.periods[-1].end
        if last_end is not None and last_end < ys and not (c.leaver and any(ys <= b <= ye for b in c.leaver["oc3"])):
            continue
        dob = _d(c.dob)
        in_eps = False
        la_31 = False
        starter_perm = None
        cont = True  # OC2: continuously looked after for 12 months at 31 March
        any_overlap = False
        for p in c.periods:
            for ep in p.episodes:
                if ep.decom > ye or (ep.dec is not None and ep.dec < ys):
                    continue
                in_eps = any_overlap = True
                shown = ep.dec is not None and ep.dec <= ye
                rows["Episodes"].append((
                    c.id, _d(ep.decom), ep.rne, ep.ls, ep.cin, ep.place, ep.provider or None,
                    _d(ep.dec) if shown else None, ep.rec if shown else None, ep.rpc if shown else None,
                    ep.home_post or None, ep.pl_post, urn_of(ep) if urn_of else ep.urn))
                if not shown:
                    la_31 = True
                if ep.rne == "S" and ys < ep.decom <= ye:
                    cont = False
                if ep.rne == "S" and ys <= ep.decom <= ye:
                    starter_perm = p.prev_perm
                if shown and ep.rec != "X1":
                    if ep.dec < ye:
                        cont = False
                if ep.ls in ("V3", "V4"):
                    cont = False
            if p.start > ye or (p.end is not None and p.end < ys):
                continue
            for day, code in p.reviews:
                if ys <= day <= ye:
                    rows["Reviews"].append((c.id, dob, _d(day), code))
            for kind, s, e in p.missing:
                if s <= ye and (e is None or e >= ys):
                    rows["Missing"].append((c.id, dob, kind, _d(s), _d(e) if e is not None and e <= ye else None))
            a = p.adoption
            if a and a["decision"] <= ye:
                ceased = a.get("ceased")
                if ceased is None or ceased[0] >= ys:
                    shown = ceased is not None and ceased[0] <= ye
                    rows["PlacedAdoption"].append((c.id, dob, _d(a["decision"]), _d(ceased[0]) if shown else None,
                                                   ceased[1] if shown else None))
            if p.end is not None and ys <= p.end <= ye and p.rec in ("E11", "E12") and a:
                r = random.Random(f"{seed}:{c.id}:ad1")
                nb = "1" if r.random() < 0.15 else "2"
                if nb == "1":
                    sex = "F1" if r.random() < 0.85 else "M1"
                    lsa = "L0"
                else:
                    sex = pick(r, {"MF": 82, "MM": 9, "FF": 9})
                    lsa = pick(r, {"L11": 70, "L2": 22}) if sex == "MF" else pick(r, {"L12": 80, "L2": 20})
                if sex == "MF" and r.random() < 0.04:
                    lsa = "L3"  # relative or step-parent couple (DfE 517: L3 needs MF)
                rows["AD1"].append((c.id, dob, _d(a["decision"]), _d(a["match"]), "1" if a["with_carers"] else "0",
                                    nb, sex, lsa))
        oc3 = []
        if c.leaver:
            for bd, vals in c.leaver["oc3"].items():
                if ys <= bd <= ye:
                    oc3.append(vals)
        if not in_eps and not oc3:
            continue
        # Header.
        mother, mc_dob = None, None
        if not c.male and in_eps:  # validator 393/607: MOTHER for every girl looked after
            mother = "0"
        if not c.male and in_eps and c.mother_dob is not None and c.mother_dob <= ye:  # 628: only if looked after
            mother, mc_dob = "1", _d(c.mother_dob)
        upn = c.upn if age_at(c.dob, ye) >= 5 else "UN1"
        uasc = c.uasc and bday(c.dob, 18) >= ys  # validator 104: DUC not before the collection year
        # Header UASC status, as the UASC table says (validator 105, 205A-D, 303): 1 with a UASC row, else 0.
        rows["Header"].append((c.id, sex_code(c.male, year), dob, c.ethnic, upn, mother, mc_dob, "1" if uasc else "0"))
        if uasc:
            rows["UASC"].append((c.id, sex_code(c.male, year), dob, _d(bday(c.dob, 18))))
        for vals in oc3[:1]:
            rows["OC3"].append((c.id, dob, *vals))
        if starter_perm is not None:
            kind, la_perm, when = starter_perm
            rows["PrevPerm"].append((c.id, dob, kind, la_perm, when))
        if in_eps and cont and any_overlap and la_31:
            rows["OC2"].append(oc2_row(c, year, seed))
        if year >= SW_TABLE_FROM and in_eps:
            for sw, s, e, reason in c.sw:
                if s <= ye and (e is None or e >= ys):
                    shown = e is not None and e <= ye
                    rows["SWEpisodes"].append((c.id, sw, _d(s), _d(e) if shown else None, reason))
        if year >= DOLO_TABLE_FROM and in_eps:
            for s, e in dolos(c, seed):
                if s <= ye and (e is None or e >= ys):
                    rows["DoLo"].append((c.id, dob, _d(s), _d(e) if e is not None and e <= ye else None))
    return rows


def dolos(c: Child, seed: int) -> list[tuple[int, int | None]]:
    """The child's deprivation of liberty orders (start, end or None while open): some children's-home (K2)
    placements are made under one. Each lies strictly inside its K2 episode, so it overlaps no other placement
    (DfE 709/710: a DoLO overlaps only K2, Z12 or Z13) and has ended when the episode (and any period of care
    ending with it) has ended (707)."""
    out = []
    for p in c.periods:
        for ep in p.episodes:
            if ep.place != "K2":
                continue
            r = random.Random(f"{seed}:{c.id}:{ep.decom}:dolo")
            if r.random() >= DOLO_SHARE:
                continue
            length = None if ep.dec is None else ep.dec - ep.decom
            if length is not None and length < 4:
                continue
            start = ep.decom + 1 + (0 if length is None else r.randrange(max(1, length // 3)))
            end = None if ep.dec is None else r.randrange(start + 1, ep.dec) if ep.dec - start > 1 else None
            if ep.dec is not None and end is None:
                continue
            out.append((start, end))
    return out


def oc2_row(c: Child, year: int, seed: int) -> tuple:
    """OC2 for a child in the 12-month cohort: health from the local records, the rest drawn (DfE 2025 rates)."""
    ys, ye = year_start(year), year_end(year)
    r = random.Random(f"{seed}:{c.id}:{year}:oc2")
    age = age_at(c.dob, ye)
    health = [d for p in c.periods for d, _ in p.health]
    dental = [d for p in c.periods for d in p.dental]
    need = 2 if age < 5 else 1
    ha = "1" if sum(1 for d in health if ys <= d <= ye) >= need or any(ye - 183 <= d <= ye for d in health) \
        and need == 1 else "0"
    teeth = "1" if any(ys <= d <= ye for d in dental) else "0"
    sdq, sdq_reason = None, None
    age_start = age_at(c.dob, ys)
    if age_start >= 17:
        pass  # validator 189: no SDQ item for a young person already 17 on 1 April (a 1 April birthday)
    elif age == 17:
        sdq_reason = "SDQ1"  # validator 197B: a reason for 4- and 17-year-olds
    elif 4 <= age <= 16:
        if r.random() < 0.8:
            sdq = max(0, min(40, round(r.gauss(14.9, 7))))
        else:
            sdq_reason = pick(r, {"SDQ2": 25, "SDQ3": 10, "SDQ4": 45, "SDQ5": 20})
    convicted = ("1" if r.random() < 0.03 else "0") if age >= 10 else None
    hc = ("1" if r.random() < 0.88 else "0") if age < 5 else None
    imm = "1" if r.random() < 0.84 else "0"
    subst = "1" if age >= 11 and r.random() < 0.05 else "0"
    received = offered = None
    if subst == "1":
        received = "1" if r.random() < 0.6 else "0"
        offered = None if received == "1" else ("1" if r.random() < 0.6 else "0")  # validator 158
    return (c.id, _d(c.dob), sdq, sdq_reason, convicted, hc, imm, teeth, ha, subst, received, offered)


# ---------------------------------------------------------------------------------------------- local tables
def local_rows(children: list[Child], sim: Simulator, la: str, first: int, last: int, seed: int) -> dict[str, list]:
    """Local tables for the whole span (records dated from ``first`` to ``last``, ordinals)."""
    r = random.Random(f"{seed}:{la}:local")
    rows: dict[str, list] = {name: [] for name in LOCAL_TABLES}
    for c in children:
        for p in c.periods:
            for d, kind in p.health:
                if first <= d <= last:
                    rows["health_assessments"].append((c.id, _d(d), kind))
            for d in p.dental:
                if first <= d <= last:
                    rows["dental_checks"].append((c.id, _d(d)))
            for d, alone in p.visits:
                if first <= d <= last:
                    rows["statutory_visits"].append((c.id, _d(d), alone))
        if c.leaver:
            pa, s, e = c.leaver["pa"]
            if e is None or e >= first:
                rows["pa_allocations"].append((c.id, pa, _d(s), _d(e)))
            for d, t, a, acc in c.leaver["updates"]:
                if first <= d <= last:
                    rows["care_leaver_updates"].append((c.id, _d(d), t, a, acc))
        rows["kinship_arrangements"].extend(kinship_rows(c, r, first, last))
    # Informal kinship and private fostering known to the council, and orders for children never looked after.
    target, _ = council_target(la)
    for i in range(max(2, round(target * 0.35))):
        start = r.randrange(first - 3 * 365, last)
        dob = start - r.randrange(0, 16 * 365)
        kind = pick(r, {"informal": 45, "private_fostering": 10, "sgo": 25, "cao": 20})
        end = start + r.randrange(90, 3000)
        rows["kinship_arrangements"].append((f"K{la}{i:05d}", _d(dob), kind, _d(start),
                                             _d(end) if end <= last else None, False, None))
    for sw in sim.sw_ids:
        start = first - r.randrange(0, 6 * 365)
        left = r.random() < 0.3
        end = r.randrange(first, last) if left else None
        rows["social_workers"].append((sw, pick(r, {"Children in Care 1": 4, "Children in Care 2": 4,
                                                    "Permanence": 2, "Leaving Care": 1, "Disabled Children": 1}),
                                       1.0 if r.random() < 0.85 else 0.6, _d(start), _d(end), r.random() < 0.15))
    rows["fostering_households"] = household_rows(la, target, r, first, last)
    voice_rows(children, rows, random.Random(f"{seed}:{la}:voice"), first, last)
    return rows


COUNCILLORS = ("Cllr Ashworth", "Cllr Bexley", "Cllr Carrow", "Cllr Dunmore", "Cllr Elstree", "Cllr Fairlop")
COURSES = ("Corporate parenting induction", "Care leavers' local offer", "Listening to children in care")


def voice_rows(children: list[Child], rows: dict[str, list], r: random.Random, first: int, last: int) -> None:
    """Advocacy referrals (about 1 in 8 periods of care a year, 70% taken up), independent visitors (about 1 in
    12 periods of care) and councillors' corporate-parenting training (each councillor about once a year).
    A separate random stream, so the other tables do not change."""
    seen: set[tuple[str, int]] = set()
    for c in children:
        for p in c.periods:
            lo, hi = max(p.start, first), min(p.end if p.end is not None else last, last)
            if hi <= lo:
                continue
            for _ in range(round((hi - lo) / 365 * 0.12 + r.random() - 0.5)):
                d = r.randrange(lo, hi + 1)
                taken = r.random() < 0.7
                if (c.id, d) in seen:
                    continue
                seen.add((c.id, d))
                rows["advocacy_referrals"].append((c.id, _d(d), taken, _d(min(d + 10, last)) if taken else None))
            if r.random() < 0.08 and (c.id, -lo) not in seen:
                seen.add((c.id, -lo))
                s = r.randrange(lo, hi + 1)
                e = s + r.randrange(90, 900)
                rows["independent_visitors"].append((c.id, _d(s), _d(e) if e <= hi else None))
    for name in COUNCILLORS:
        for course in r.sample(COURSES, 2):
            rows["councillor_training"].append((name, _d(r.randrange(first, last + 1)), course))


def kinship_rows(c: Child, r: random.Random, first: int, last: int) -> list[tuple]:
    """Kinship arrangements of looked-after children: kinship foster placements (U1-U3) and kinship exits."""
    out = []
    for p in c.periods:
        for ep in p.episodes:
            if ep.place in ("U1", "U2", "U3") and ep.rne in ("S", "P", "B"):
                end = next((e.dec for e in p.episodes if e.decom >= ep.decom and e.dec is not None
                            and (e.rec != "X1" or e.place not in ("U1", "U2", "U3"))), None)
                if (end is None or end >= first) and ep.decom <= last:
                    out.append((c.id, _d(c.dob), "kinship_foster", _d(ep.decom), _d(end), False, None))
        if p.end is not None and p.end <= last and p.rec in ("E45", "E47", "E41") or (
                p.rec in ("E11", "E12") and r.random() < 0.03):
            kind = {"E45": "sgo", "E47": "sgo", "E41": "cao"}.get(p.rec, "adoption")
            end = bday(c.dob, 18)
            if end >= first:
                out.append((c.id, _d(c.dob), kind, _d(p.end), _d(end) if end <= last else None, True, None))
    return out


def household_rows(la: str, target: int, r: random.Random, first: int, last: int) -> list[tuple]:
    """Approved fostering households: in-house about a quarter of the CLA count (Slough-like: 50-60), connected
    (kinship) households about a tenth; approvals and de-registrations keep the numbers roughly steady."""
    out = []
    n = 0
    for kind, stock, life in (("INHOUSE", 0.24 * target, 8 * 365), ("CONNECTED", 0.1 * target, 2.5 * 365)):
        gap = life / max(stock, 0.5)  # approvals evenly spread (with jitter), so the number approved is steady
        tf = float(first - 3 * life) + r.uniform(0, gap)
        while tf <= last:
            t = int(min(last, tf + r.uniform(-0.4, 0.4) * gap))
            tf += gap
            end = t + int(life * r.uniform(0.3, 1.7))
            if end < first:
                continue
            n += 1
            out.append((f"FH{la}{n:05d}", kind, _d(t), _d(end) if end <= last else None,
                        1 if kind == "CONNECTED" else int(pick(r, {"1": 35, "2": 45, "3": 20}))))
    return out


# ---------------------------------------------------------------------------------------------- writing
def _frame(rows: list[tuple], table) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=table.schema, orient="row") if rows else table.empty()


def simulate(la: str, from_year: int, to_year: int, seed: int) -> tuple[list[Child], Simulator]:
    rng = random.Random(f"cphub-synth:{seed}:{la}")
    sim = Simulator(params_for(la), rng, year_start(from_year - HISTORY_YEARS), year_end(to_year),
                    keep_from=year_start(from_year))
    return sim.run(), sim


def generate_council(la: str, out: Path, from_year: int, to_year: int, seed: int) -> dict:
    """Simulate one council and write its returns and local tables; returns a small summary."""
    children, sim = simulate(la, from_year, to_year, seed)
    base = out / la
    summary = {"la": la, "children": len(children)}
    providers = ProviderList(la, children, date.fromordinal(year_end(to_year)))
    for year in range(from_year, to_year + 1):
        folder = base / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for name, rows in return_rows(children, year, la, seed, providers.urn).items():
            if name not in tables_in(year):
                continue
            spec = TABLES[name].given(RETURN_OPTIONAL)  # the Header UASC status, every year
            (folder / f"{name}.csv").write_bytes(to_csv_bytes(_frame(rows, spec), spec))
    reference = base / "reference"
    reference.mkdir(parents=True, exist_ok=True)
    (reference / PROVIDER_LIST).write_bytes(write_csv(providers.frame()))
    local = base / "local"
    local.mkdir(parents=True, exist_ok=True)
    lrows = local_rows(children, sim, la, year_start(from_year), year_end(to_year), seed)
    for name, rows in lrows.items():
        (local / f"{name}.csv").write_bytes(to_csv_bytes(_frame(rows, LOCAL_TABLES[name]), LOCAL_TABLES[name]))
    return summary


def _task(args: tuple) -> dict:
    return generate_council(*args)


def generate(out: Path, councils: list[str] | None = None, national: bool = False, from_year: int = 2021,
             to_year: int = 2026, seed: int = 1, workers: int = 1) -> Path:
    """Write synthetic returns for ``councils`` (default: the demo council 871; ``national``: all 153)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if national:
        las = [c["code"] for c in register()]
    else:
        las = list(councils) if councils else [DEMO_LA]
    known = {c["code"] for c in register()}
    unknown = [la for la in las if la not in known]
    if unknown:
        raise ValueError(f"Unknown council code(s): {', '.join(unknown)}")
    if from_year > to_year:
        raise ValueError("from_year must not be after to_year")
    tasks = [(la, out, from_year, to_year, seed) for la in las]
    if workers > 1 and len(tasks) > 1:
        with ProcessPoolExecutor(max_workers=min(workers, os.cpu_count() or 1)) as ex:
            list(ex.map(_task, tasks, chunksize=1))
    else:
        for t in tasks:
            _task(t)
    return out
