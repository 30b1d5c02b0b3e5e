"""Synthetic education data for a synthetic council, built from its SSDA903 frames, kinship register and CIN
census, deterministic by seed. No real child or school: URNs are in a reserved-looking 9xxxxx range and names are
made up. Rates are set near the national figures of ``data/*`` for each group, so the demo dashboard looks like a
real council's without being one.

:func:`generate` returns every table of :data:`~cphub.virtual_school.schema.EDUCATION_TABLES` as a typed frame.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from cphub import calendar
from cphub.measures.base import CouncilData
from cphub.virtual_school.cohorts import PERMANENCE_REC, cin_spells
from cphub.virtual_school.schema import EDUCATION_TABLES, VS_CODES

HALF_TERMS = [(1, (9, 3), 70), (2, (11, 3), 62), (3, (1, 6), 64), (4, (2, 24), 56), (5, (4, 21), 52), (6, (6, 2), 66)]
PLAC_AGES = [4, 5, 10, 15, 3, 6, 8, 11, 12, 13, 14, 16]
PEP_DAYS = [(10, 15), (2, 10), (6, 12)]  # autumn, spring, summer PEP meetings (month, day)
PLACES = ["Ashford", "Beech Hill", "Brookside", "Castle View", "Cedar Park", "Elmwood", "Fairfield", "Greenway",
          "Hawthorn", "Highfield", "Kingsmead", "Lakeside", "Meadowbank", "Millbrook", "Northgate", "Oakridge",
          "Orchard", "Riverside", "Rosehill", "Southfield", "Springvale", "Thornbury", "Westcroft", "Willowdene"]
# Synthetic people are named "<first name> Example-<place>": clearly made up, never a real child's name.
FORENAMES = ["Alex", "Amani", "Ari", "Bailey", "Billie", "Casey", "Charlie", "Dani", "Eden", "Ellis", "Frankie",
             "Harley", "Indy", "Jaden", "Jules", "Kai", "Lou", "Marley", "Nico", "Oakley", "Quinn", "Reese", "Remy",
             "Riley", "Robin", "Rowan", "Sam", "Sasha", "Sky", "Tate", "Toni", "Wren"]
PP_TARGETS = ["Reading: small-group phonics tuition", "Maths: one-to-one tuition", "Attendance: mentoring",
              "Emotional wellbeing: ELSA sessions", "Transition to secondary school", "Writing: booster group",
              "Music lessons (confidence and belonging)", "Speech and language therapy sessions"]
# Pupil Premium Plus per child looked after (DfE pupil premium conditions of grant): 2023-24 GBP 2,530,
# 2024-25 GBP 2,570, 2025-26 GBP 2,630 (financial years, applied here to the academic year ending in them).
PP_PLUS_RATE = {2024: 2530.0, 2025: 2570.0, 2026: 2630.0}
CARER_ROLE = {"cla": "Foster carer", "cin": "Parent", "kinship": "Kinship carer", "plac": "Parent or guardian"}


@dataclass(frozen=True)
class Profile:
    """Typical rates of a group (near the national figures for that group, definitions.md §4.2)."""

    persistent: float   # share of pupils missing 10% or more of sessions
    severe: float       # share missing 50% or more
    suspension: float   # chance of at least one suspension in a year
    permanent: float    # chance of a permanent exclusion in a year
    sen: tuple[float, float, float]  # N, K, E
    ability: float      # shift of attainment chances
    neet: float         # chance a 16-18 year old is NEET


PROFILES = {
    "cla": Profile(0.20, 0.064, 0.14, 0.004, (0.39, 0.27, 0.34), -0.28, 0.25),
    "cin": Profile(0.46, 0.113, 0.14, 0.010, (0.47, 0.22, 0.31), -0.32, 0.20),
    "kinship": Profile(0.15, 0.03, 0.08, 0.003, (0.65, 0.22, 0.13), -0.18, 0.12),
    "plac": Profile(0.13, 0.02, 0.07, 0.002, (0.60, 0.25, 0.15), -0.12, 0.10),
}


academic_year_of = calendar.academic_year_of


_age = calendar.age_at


def _schools(rng: random.Random, la: str) -> list[dict]:
    out = []
    grades = ["1"] * 15 + ["2"] * 63 + ["3"] * 15 + ["4"] * 4 + ["0"] * 3
    for i, place in enumerate(PLACES):
        for phase, label, n in (("PRI", "Primary School", 3), ("SEC", "Academy", 1)):
            for k in range(n if phase == "PRI" or i % 2 == 0 else 0):
                urn = f"9{int(la) % 100:02d}{len(out):03d}"
                # one place in four is over the border, in a neighbouring council (for out-of-area schooling)
                school_la = la if i % 4 else f"{(int(la) + 1) % 1000:03d}"
                out.append({"URN": urn, "SCHOOL_NAME": f"{place} {['', 'St Mary’s ', 'Church of England '][k]}{label}".replace("  ", " "),
                            "PHASE": phase, "SCHOOL_LA": school_la, "OFSTED": rng.choice(grades),
                            "OFSTED_DATE": date(2019, 1, 1) + timedelta(days=rng.randrange(2000))})
    for phase, name in (("SPEC", "Oakridge Special School"), ("SPEC", "Millbrook Special School"),
                        ("AP", "Northgate Pupil Referral Unit"), ("P16", "Riverside College"), ("P16", "Castle View Sixth Form College"),
                        ("EY", "Little Acorns Nursery"), ("EY", "Rainbow Pre-School")):
        out.append({"URN": f"9{int(la) % 100:02d}{len(out):03d}", "SCHOOL_NAME": name, "PHASE": phase, "SCHOOL_LA": la,
                    "OFSTED": rng.choice(grades), "OFSTED_DATE": date(2019, 1, 1) + timedelta(days=rng.randrange(2000))})
    return out


def synthetic_name(rng: random.Random, place: str | None = None) -> tuple[str, str]:
    """A clearly synthetic (forename, surname): ``Example-`` then a made-up place name."""
    return rng.choice(FORENAMES), f"Example-{place or rng.choice(PLACES)}"


def _phase(age_31_aug: int) -> str | None:
    if age_31_aug == 3:
        return "EY"
    if 4 <= age_31_aug <= 10:
        return "PRI"
    if 11 <= age_31_aug <= 15:
        return "SEC"
    if 16 <= age_31_aug <= 17:
        return "P16"
    return None


def _children(data: CouncilData, to_date: date) -> dict[str, tuple[date, str]]:
    """Every child the council knows with a date of birth, and the group whose profile they follow."""
    kids: dict[str, tuple[date, str]] = {}
    header = data.tables.get("Header")
    if header is not None:
        eps = data.tables.get("Episodes")
        plac = set()
        if eps is not None and not eps.is_empty():
            last = eps.sort("DECOM").group_by("CHILD").agg(pl.col("REC").last(), pl.col("DEC").last())
            plac = set(last.filter(pl.col("REC").is_in(list(PERMANENCE_REC)))["CHILD"].to_list())
        for child, dob in header.select("CHILD", "DOB").drop_nulls().unique("CHILD").sort("CHILD").iter_rows():
            kids[child] = (dob, "plac" if child in plac else "cla")
    kin = data.tables.get("kinship_arrangements")
    if kin is not None:
        for child, dob in kin.select("CHILD", "DOB").drop_nulls().unique("CHILD").sort("CHILD").iter_rows():
            kids.setdefault(child, (dob, "kinship"))
    for child, dob in cin_spells(data).select("CHILD", "DOB").drop_nulls().unique("CHILD").sort("CHILD").iter_rows():
        kids.setdefault(child, (dob, "cin"))
    return {c: v for c, v in sorted(kids.items()) if _age(v[0], to_date) <= 19}


def _in_care(data: CouncilData) -> dict[str, list[tuple[date, date | None]]]:
    eps = data.tables.get("Episodes")
    out: dict[str, list[tuple[date, date | None]]] = {}
    if eps is None:
        return out
    for child, decom, dec, ls in eps.select("CHILD", "DECOM", "DEC", "LS").sort("CHILD", "DECOM").iter_rows():
        if ls not in ("V3", "V4") and decom is not None:
            out.setdefault(child, []).append((decom, dec))
    return out


def generate(data: CouncilData, seed: int = 1, to_year: int | None = None, years: int = 3,
             plac_reported: int = 12) -> dict[str, pl.DataFrame]:
    """Education tables for the council in ``data`` for the ``years`` academic years ending ``to_year`` (default:
    the academic year of the latest SSDA903 date), deterministic for a given seed and input."""
    rng = random.Random(f"vs-{data.la}-{seed}")
    eps = data.tables.get("Episodes")
    if to_year is None:
        latest = None
        if eps is not None and not eps.is_empty():
            latest = max(d for d in (eps["DECOM"].max(), eps["DEC"].max()) if d is not None)
        to_year = academic_year_of(latest) if latest else academic_year_of(date.today())
    first_year = to_year - years + 1
    end = date(to_year, 8, 31)
    schools = _schools(rng, data.la)
    by_phase: dict[str, list[dict]] = {}
    for s in schools:
        by_phase.setdefault(s["PHASE"], []).append(s)
    kids = _children(data, end)
    care = _in_care(data)
    # A few previously looked-after children known only from a school's or carer's report.
    plac_rows = []
    for i in range(plac_reported):
        child = f"PLAC{data.la}{i + 1:03d}"
        # ages on 31 August before the last year cover every assessment (EYFS 4, phonics 5, KS2 10, KS4 15)
        age = PLAC_AGES[i % len(PLAC_AGES)]
        dob = date(to_year - 1 - age - 1, 9, 1) + timedelta(days=rng.randrange(365))
        kids[child] = (dob, "plac")
        plac_rows.append({"CHILD": child, "DOB": dob, "PLAC_ROUTE": rng.choice(["ADOPTED"] * 5 + ["SGO"] * 3 + ["CAO", "ABROAD"]),
                          "REPORTED_BY": rng.choice(["SCHOOL", "SCHOOL", "CARER"]),
                          "REPORT_DATE": date(first_year - 1, 9, 1) + timedelta(days=rng.randrange(365 * (years - 1) + 100)),
                          "SCHOOL_URN": None})
    rows: dict[str, list[dict]] = {n: [] for n in EDUCATION_TABLES}
    rows["schools"] = schools
    rows["plac_reports"] = plac_rows
    names = random.Random(f"names-{data.la}-{seed}")
    rows["designated_teachers"] = [
        {"URN": sch["URN"], "DESIGNATED_TEACHER": " ".join(synthetic_name(names)),
         "EMAIL": f"designated.teacher{sch['URN']}@school.example"} for sch in schools if sch["PHASE"] != "P16"]
    workers = [" ".join(synthetic_name(names)) for _ in range(max(4, len(kids) // 15))]
    for child, (_, group) in kids.items():
        forename, surname = synthetic_name(names)
        rows["child_details"].append({
            "CHILD": child, "FORENAME": forename, "SURNAME": surname,
            "SOCIAL_WORKER": names.choice(workers) if group in ("cla", "cin") else None,
            "CARER": f"{CARER_ROLE[group]}: {' '.join(synthetic_name(names))}"})
    for child, (dob, group) in kids.items():
        p = PROFILES[group]
        crng = random.Random(f"{seed}-{data.la}-{child}")
        r = crng.random()
        propensity = (crng.uniform(0.52, 0.85) if r < p.severe else
                      crng.uniform(0.11, 0.35) if r < p.severe + (p.persistent - p.severe) * 0.9 else
                      crng.uniform(0.0, 0.08))
        ability = crng.gauss(p.ability, 0.2)
        # School places, year by year.
        current: dict | None = None
        enrols: list[dict] = []
        for year in range(first_year, to_year + 1):
            age31 = _age(dob, date(year - 1, 8, 31))
            phase = _phase(age31)
            start_year = date(year - 1, 9, 1)
            if phase is None:
                if current:
                    current["END_DATE"] = date(year - 1, 7, 20)
                    current = None
                continue
            if current is None or current["_phase"] != phase:
                if current:
                    current["END_DATE"] = date(year - 1, 7, 20)
                pool = by_phase["SPEC"] if phase in ("PRI", "SEC") and crng.random() < 0.08 else by_phase[phase]
                current = {"CHILD": child, "URN": crng.choice(pool)["URN"], "START_DATE": start_year, "END_DATE": None,
                           "MAIN": True, "_phase": phase}
                enrols.append(current)
            if phase in ("PRI", "SEC") and crng.random() < (0.10 if group == "cla" else 0.04):
                move = start_year + timedelta(days=crng.randrange(40, 280))
                current["END_DATE"] = move - timedelta(days=1)
                current = {"CHILD": child, "URN": crng.choice(by_phase[phase])["URN"], "START_DATE": move,
                           "END_DATE": None, "MAIN": True, "_phase": phase}
                enrols.append(current)
        if current and 5 <= _age(dob, date(to_year - 1, 8, 31)) <= 15 and crng.random() < 0.02:
            leave = date(to_year, 5, 1) + timedelta(days=crng.randrange(60))  # no school place now
            current["END_DATE"] = max(leave, current["START_DATE"] + timedelta(days=14))

        def school_on(d: date, enrols: list[dict] = enrols) -> str | None:
            for e in enrols:
                if e["START_DATE"] <= d and (e["END_DATE"] is None or e["END_DATE"] >= d):
                    return e["URN"]
            return None

        for year in range(first_year, to_year + 1):
            age31 = _age(dob, date(year - 1, 8, 31))
            yr_rng = random.Random(f"{seed}-{data.la}-{child}-{year}")
            if 4 <= age31 <= 15:
                for ht, (m, d), possible in HALF_TERMS:
                    day = date(year - 1 if m >= 9 else year, m, d)
                    urn = school_on(day)
                    if urn is None:
                        continue
                    missed = min(possible, round(possible * min(1.0, max(0.0, yr_rng.gauss(propensity, 0.025)))))
                    unauth = round(missed * yr_rng.uniform(0.2, 0.6))
                    rows["attendance"].append({"CHILD": child, "ACADEMIC_YEAR": year, "HALF_TERM": ht, "URN": urn,
                                               "POSSIBLE": possible, "ATTENDED": possible - missed,
                                               "AUTHORISED": missed - unauth, "UNAUTHORISED": unauth})
                if yr_rng.random() < p.suspension:
                    for _ in range(1 + (yr_rng.random() < 0.4) + (yr_rng.random() < 0.2)):
                        d = date(year - 1, 9, 8) + timedelta(days=yr_rng.randrange(300))
                        urn = school_on(d)
                        if urn:
                            rows["exclusions"].append({"CHILD": child, "URN": urn, "START_DATE": d, "EXCLUSION_TYPE": "SUSP",
                                                       "DAYS": float(yr_rng.choice([0.5, 1, 1, 2, 3, 5])),
                                                       "REASON": yr_rng.choice(["Persistent disruptive behaviour",
                                                                                "Verbal abuse or threatening behaviour against an adult",
                                                                                "Physical assault against a pupil"])})
                if age31 >= 8 and yr_rng.random() < p.permanent:
                    d = date(year - 1, 10, 1) + timedelta(days=yr_rng.randrange(200))
                    urn = school_on(d)
                    if urn:
                        rows["exclusions"].append({"CHILD": child, "URN": urn, "START_DATE": d, "EXCLUSION_TYPE": "PERM",
                                                   "DAYS": None, "REASON": "Persistent disruptive behaviour"})
                        ap = by_phase["AP"][0]["URN"]
                        enrols.append({"CHILD": child, "URN": ap, "START_DATE": d + timedelta(days=6),
                                                   "END_DATE": None, "MAIN": False, "_phase": "AP"})
            # Statutory assessments at the end of reception, year 1, year 6 and year 11.
            res = {4: [("EYFS_GLD", 0.68)], 5: [("PHONICS", 0.80)], 10: [("KS2_RWM", 0.62)]}.get(age31, [])
            for code, national in res:
                rows["attainment"].append({"CHILD": child, "ACADEMIC_YEAR": year, "ASSESSMENT": code,
                                           "RESULT": float(yr_rng.random() < max(0.05, national + ability))})
            if age31 == 15:
                a8 = max(0.0, min(90.0, round(yr_rng.gauss(46 + ability * 95, 12), 1)))
                for code, value in (("KS4_A8", a8), ("KS4_P8", round((a8 - 46) / 10 + yr_rng.gauss(0, 0.4), 2)),
                                    ("KS4_EM4", float(a8 >= 38 and yr_rng.random() < 0.85)),
                                    ("KS4_EM5", float(a8 >= 48 and yr_rng.random() < 0.8))):
                    rows["attainment"].append({"CHILD": child, "ACADEMIC_YEAR": year, "ASSESSMENT": code, "RESULT": value})
            if 16 <= age31 <= 18:
                for m, d in ((10, 15), (3, 1)):
                    when = date(year - 1 if m >= 9 else year, m, d)
                    r = yr_rng.random()
                    act = ("NEET" if r < p.neet else "UNK" if r < p.neet + 0.04 else
                           yr_rng.choice(["EDU"] * 7 + ["APP", "EMP", "TRN"]))
                    rows["post16"].append({"CHILD": child, "RECORD_DATE": when, "ACTIVITY": act,
                                           "PROVIDER": None if act in ("NEET", "UNK") else "Riverside College"})
        rows["enrolments"].extend(enrols)
        # Reduced timetables for a few pupils, mostly still in place at the end.
        if 5 <= _age(dob, date(to_year - 1, 8, 31)) <= 15 and crng.random() < (0.05 if group in ("cla", "cin") else 0.02):
            start = date(to_year - 1, 9, 1) + timedelta(days=crng.randrange(250))
            rows["timetables"].append({"CHILD": child, "START_DATE": start,
                                       "END_DATE": None if crng.random() < 0.7 else start + timedelta(days=42),
                                       "HOURS_PER_WEEK": float(crng.choice([10, 12.5, 15, 15, 20])),
                                       "REASON": crng.choice(["Phased return after a placement move", "Medical needs",
                                                              "Awaiting specialist placement"])})
        # SEN status.
        sen = crng.choices(["N", "K", "E"], weights=p.sen)[0]
        if _age(dob, end) >= 4:
            rows["sen_status"].append({"CHILD": child, "START_DATE": max(dob + timedelta(days=4 * 365), date(2015, 9, 1)),
                                       "END_DATE": None, "SEN": sen,
                                       "PRIMARY_NEED": None if sen == "N" else crng.choice(
                                           ["Social, emotional and mental health", "Speech, language and communication",
                                            "Moderate learning difficulty", "Autistic spectrum disorder"])})
        # PEPs every term while looked after, aged 3-17.
        for start, stop in care.get(child, []):
            for year in range(first_year, to_year + 1):
                for m, d in PEP_DAYS:
                    when = date(year - 1 if m >= 9 else year, m, d) + timedelta(days=crng.randrange(-10, 10))
                    if not (start <= when and (stop is None or when <= stop)) or not 3 <= _age(dob, when) <= 17:
                        continue
                    if crng.random() < 0.08:
                        continue  # missed PEP
                    spend = float(crng.choice([0, 150, 250, 400, 600, 800]))
                    rows["peps"].append({"CHILD": child, "PEP_DATE": when,
                                         "PEP_QUALITY": crng.choices(list(VS_CODES["PEP_QUALITY"]), weights=[15, 60, 20, 5])[0],
                                         "TARGETS": crng.randint(2, 5), "TARGETS_MET": crng.randint(0, 3),
                                         "PP_PLUS_SPEND": spend})
                    urn = school_on(when)
                    if spend and urn:  # the PP+ the PEP agreed, paid to the school a fortnight later
                        linked = crng.random() < 0.9
                        rows["pp_plus_payments"].append({
                            "CHILD": child, "URN": urn, "PAYMENT_DATE": when + timedelta(days=14), "AMOUNT": spend,
                            "PEP_DATE": when if linked else None,
                            "TARGET": crng.choice(PP_TARGETS) if linked else None})
    # Pupil Premium Plus: the grant each year (DfE rate x children looked after of school age), about 30% held
    # centrally; PLAC PP+ that schools claimed from the January census for the previously looked-after pupils.
    for year in range(first_year, to_year + 1):
        # DfE funds the children looked after of school age in the return before the year (31 March)
        march = date(year - 1, 3, 31)
        cla_pupils = sum(1 for c, (dob, _) in kids.items() if 4 <= _age(dob, date(year - 2, 8, 31)) <= 14 and any(
            s <= march and (e is None or e > march) for s, e in care.get(c, [])))
        rate = PP_PLUS_RATE.get(year, max(PP_PLUS_RATE.values()))
        allocation = rate * cla_pupils
        rows["pp_plus_grant"].append({"ACADEMIC_YEAR": year, "RATE_PER_CHILD": rate, "FUNDED_CHILDREN": cla_pupils,
                                      "ALLOCATION": allocation, "HELD_CENTRALLY": round(allocation * 0.3, -1)})
        census = date(year, 1, 16)
        by_school: dict[str, int] = {}
        for e in rows["enrolments"]:
            if kids.get(e["CHILD"], (None, ""))[1] == "plac" and e["START_DATE"] <= census and (
                    e["END_DATE"] is None or e["END_DATE"] >= census):
                by_school[e["URN"]] = by_school.get(e["URN"], 0) + 1
        for urn, n in sorted(by_school.items()):
            rows["plac_pp_claims"].append({"ACADEMIC_YEAR": year, "URN": urn, "PUPILS": n, "AMOUNT": rate * n})
    out = {}
    for name, spec in EDUCATION_TABLES.items():
        recs = [{c: r.get(c) for c in spec.column_names} for r in rows[name]]
        df = pl.DataFrame(recs, schema=spec.schema, orient="row") if recs else spec.empty()
        out[name] = df.unique(subset=list(spec.key), keep="first", maintain_order=True)
    return out
