"""Synthetic CIN census XML for a (synthetic) council, in the DfE CIN census structure.

Every child is invented. When the council's synthetic SSDA903 Header and Episodes are given, the children
looked after at any time in the census year are included too (same LAchildID and UPN), since children looked
after are children in need; the rest are children in need or on a child protection plan who are not looked after.
The output passes the basic CIN rules in :mod:`cphub.cin.rules`.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from xml.sax.saxutils import escape

import polars as pl

from cphub.cin.codes import CIN_CODES
from cphub.reference.upn import with_check_letter

ETHNIC_WEIGHTS = {"WBRI": 70, "WOTH": 5, "MWBC": 3, "MOTH": 3, "AIND": 2, "APKN": 3, "BAFR": 4, "BCRB": 2,
                  "AOTH": 2, "OOTH": 2, "NOBT": 2, "REFU": 1, "WROM": 1}
SOURCES = ["1A", "1C", "2A", "2B", "3A", "3B", "3E", "3F", "4", "5A", "5C", "5D", "6", "8", "9"]
NEEDS = ["N1", "N1", "N1", "N1", "N2", "N3", "N4", "N5", "N5", "N6", "N7", "N8"]
FACTORS = [c for c in CIN_CODES["CIN_ASSESSMENT_FACTOR"] if c not in ("21", "18A", "19A")]
ABUSE = ["NEG", "NEG", "EMO", "EMO", "PHY", "SAB", "MUL"]


def _d(d: date | str | None) -> str:
    return d.isoformat() if isinstance(d, date) else (d or "")


def _el(name: str, value) -> str:
    if value is None or value == "":
        return ""
    return f"<{name}>{escape(str(value))}</{name}>"


def _weekday(d: date) -> date:
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def _upn(rng: random.Random, la: str) -> str:
    """A UPN with the right check letter (DfE CIN rule 1510) issued by ``la``, or by the first council in the
    register when ``la`` is not a council's code (test councils): DfE rule 1530 wants a recognised LA code."""
    from cphub.reference.councils import councils

    known = {c["code"] for c in councils()}
    issuer = la if la in known else min(known)
    return with_check_letter(issuer + "".join(rng.choice("0123456789") for _ in range(8)) + rng.choice("0123456789"))


def _episode(rng: random.Random, start: date, end: date, *, open_to_end: bool, looked_after: bool) -> dict:
    """One CIN episode (a CINdetails) referred on ``start``, with dates inside [start, end]."""
    det: dict = {"CINreferralDate": start, "ReferralSource": rng.choice(SOURCES), "ReferralNFA": "false",
                 "PrimaryNeedCode": rng.choice(NEEDS), "Assessments": [], "CINPlanDates": [], "Section47": [],
                 "ChildProtectionPlans": []}
    if not looked_after and not open_to_end and rng.random() < 0.15 and start <= end:
        det.update(ReferralNFA="true", PrimaryNeedCode=None, CINclosureDate=start, ReasonForClosure="RC8")
        return det
    day = start
    a_start = min(day + timedelta(days=rng.randint(0, 5)), end)
    a_auth = a_start + timedelta(days=rng.randint(10, 45))
    if a_auth > end:
        det["Assessments"].append({"AssessmentActualStartDate": a_start})
        last = a_start
        open_to_end = True
    else:
        factors = rng.sample(FACTORS, rng.randint(1, 3))
        det["Assessments"].append({"AssessmentActualStartDate": a_start, "AssessmentAuthorisationDate": a_auth,
                                   "AssessmentFactors": factors})
        last = a_auth
        if not looked_after and rng.random() < 0.3:
            s47 = a_start + timedelta(days=rng.randint(0, 3))
            icpc = _weekday(s47 + timedelta(days=rng.randint(5, 14)))
            if icpc <= end:
                det["Section47"].append({"S47ActualStartDate": s47, "InitialCPCtarget": _weekday(s47 + timedelta(days=15)),
                                         "DateOfInitialCPC": icpc, "ICPCnotRequired": "false"})
                cpp_end = icpc + timedelta(days=rng.randint(90, 600))
                reviews, r = [], icpc + timedelta(days=90)
                while r <= min(cpp_end, end) - timedelta(days=1):
                    reviews.append(r)
                    r += timedelta(days=182)
                cpp = {"CPPstartDate": icpc, "InitialCategoryOfAbuse": rng.choice(ABUSE),
                       "NumberOfPreviousCPP": rng.choice([0, 0, 0, 1, 2]), "Reviews": reviews}
                cpp["LatestCategoryOfAbuse"] = cpp["InitialCategoryOfAbuse"]
                if cpp_end <= end and not open_to_end:
                    cpp["CPPendDate"] = cpp_end
                    last = cpp_end
                else:
                    open_to_end = True
                    last = max(last, reviews[-1] if reviews else icpc)
                det["ChildProtectionPlans"].append(cpp)
        elif not looked_after and rng.random() < 0.6:
            p_start = a_auth + timedelta(days=rng.randint(1, 10))
            if p_start <= end:
                p_end = p_start + timedelta(days=rng.randint(60, 400))
                plan = {"CINPlanStartDate": p_start}
                if p_end <= end and not open_to_end:
                    plan["CINPlanEndDate"] = p_end
                    last = p_end
                else:
                    open_to_end = True
                    last = p_start
                det["CINPlanDates"].append(plan)
    if not open_to_end:
        close = last + timedelta(days=rng.randint(1, 30))
        if close <= end:
            det["CINclosureDate"] = close
            activity = det["CINPlanDates"] or det["Section47"] or det["ChildProtectionPlans"]
            det["ReasonForClosure"] = "RC7" if activity else rng.choice(["RC7", "RC8", "RC9"])
    return det


def generate_children(la: str, year: int, n: int = 300, seed: int = 1,
                      header: pl.DataFrame | None = None, episodes: pl.DataFrame | None = None) -> list[dict]:
    """The census's children as dicts (see :func:`census_xml`). ``year`` ends the census year (2026 = 2025-26)."""
    rng = random.Random(f"cin-{la}-{year}-{seed}")
    start, end = date(year - 1, 4, 1), date(year, 3, 31)
    out: list[dict] = []
    if header is not None and episodes is not None and header.height:
        in_year = episodes.filter((pl.col("DECOM") <= end) & (pl.col("DEC").is_null() | (pl.col("DEC") >= start)))
        first = in_year.group_by("CHILD").agg(pl.col("DECOM").min().alias("D"))
        cla = header.join(first, on="CHILD", how="inner").sort("CHILD")
        for r in cla.iter_rows(named=True):
            dob = r["DOB"]
            if dob is None or dob > end:
                continue
            referral = max(r["D"] - timedelta(days=rng.randint(0, 60)), dob)
            upn = r["UPN"] if r["UPN"] and not str(r["UPN"]).upper().startswith("UN") else None
            out.append({"LAchildID": r["CHILD"], "UPN": upn, "UPNunknown": None if upn else "UN4",
                        "PersonBirthDate": dob, "Sex": {"1": "M", "2": "F"}.get(r["SEX"], r["SEX"] or "U"),
                        "Ethnicity": r["ETHNIC"] or "NOBT", "Disabilities": ["NONE"],
                        "CINdetails": [_episode(rng, referral, end, open_to_end=True, looked_after=True)]})
    eth = list(ETHNIC_WEIGHTS)
    weights = list(ETHNIC_WEIGHTS.values())
    for i in range(n):
        dob = end - timedelta(days=rng.randint(30, 17 * 365))
        earliest = max(dob, start - timedelta(days=700))
        referral = earliest + timedelta(days=rng.randint(0, max(0, (end - earliest).days)))
        age = (end - dob).days // 365
        upn = _upn(rng, la) if age >= 5 else None
        out.append({"LAchildID": f"CIN{la}{i:05d}", "UPN": upn, "UPNunknown": None if upn else "UN1",
                    "PersonBirthDate": dob, "Sex": rng.choice("MF"), "Ethnicity": rng.choices(eth, weights)[0],
                    "Disabilities": ["NONE"] if rng.random() > 0.1 else rng.sample(["LD", "AUT", "COMM", "BEH"], 1),
                    "CINdetails": [_episode(rng, referral, end, open_to_end=referral < start and rng.random() < 0.5,
                                            looked_after=False)]})
    # The census holds episodes open at some time in the year and, within them, only the modules that were:
    # drop what closed or was completed before 1 April.
    def current(d: date | None) -> bool:
        return d is None or d >= start

    for c in out:
        c["CINdetails"] = [d for d in c["CINdetails"] if current(d.get("CINclosureDate"))]
        for d in c["CINdetails"]:
            d["Assessments"] = [a for a in d["Assessments"] if current(a.get("AssessmentAuthorisationDate"))]
            d["CINPlanDates"] = [p for p in d["CINPlanDates"] if current(p.get("CINPlanEndDate"))]
            d["Section47"] = [s for s in d["Section47"] if current(s.get("DateOfInitialCPC"))]
            d["ChildProtectionPlans"] = [p for p in d["ChildProtectionPlans"] if current(p.get("CPPendDate"))]
            for p in d["ChildProtectionPlans"]:
                p["Reviews"] = [r for r in p["Reviews"] if r >= start]
    return [c for c in out if c["CINdetails"]]


def census_xml(la: str, year: int, children: list[dict]) -> bytes:
    """A CIN census XML message for council ``la`` and census year ``year`` (reference date 31 March)."""
    parts = ['<?xml version="1.0" encoding="utf-8"?>', "<Message><Header><CollectionDetails>",
             f"<Collection>CIN</Collection><Year>{year}</Year><ReferenceDate>{year}-03-31</ReferenceDate>",
             "</CollectionDetails><Source><SourceLevel>L</SourceLevel>", _el("LEA", la),
             "<SoftwareCode>cphub-synthetic</SoftwareCode><Release>1</Release><SerialNo>1</SerialNo>",
             f"<DateTime>{year}-04-15T09:00:00</DateTime></Source>",
             "<Content><CBDSLevels><CBDSLevel>Child</CBDSLevel></CBDSLevels></Content></Header><Children>"]
    for c in children:
        parts.append("<Child><ChildIdentifiers>")
        parts += [_el("LAchildID", c["LAchildID"]), _el("UPN", c.get("UPN")), _el("FormerUPN", c.get("FormerUPN")),
                  _el("UPNunknown", c.get("UPNunknown")), _el("PersonBirthDate", _d(c.get("PersonBirthDate"))),
                  _el("ExpectedPersonBirthDate", _d(c.get("ExpectedPersonBirthDate"))), _el("Sex", c.get("Sex")),
                  _el("PersonDeathDate", _d(c.get("PersonDeathDate")))]
        parts.append("</ChildIdentifiers><ChildCharacteristics>")
        parts.append(_el("Ethnicity", c.get("Ethnicity")))
        parts.append("<Disabilities>" + "".join(_el("Disability", d) for d in c.get("Disabilities", [])) + "</Disabilities>")
        parts.append("</ChildCharacteristics>")
        for det in c["CINdetails"]:
            parts.append("<CINdetails>")
            parts += [_el("CINreferralDate", _d(det.get("CINreferralDate"))), _el("ReferralSource", det.get("ReferralSource")),
                      _el("PrimaryNeedCode", det.get("PrimaryNeedCode")),
                      _el("CINclosureDate", _d(det.get("CINclosureDate"))), _el("ReasonForClosure", det.get("ReasonForClosure")),
                      _el("DateOfInitialCPC", _d(det.get("DateOfInitialCPC"))), _el("ReferralNFA", det.get("ReferralNFA"))]
            for a in det.get("Assessments", []):
                parts.append("<Assessments>")
                parts += [_el("AssessmentActualStartDate", _d(a.get("AssessmentActualStartDate"))),
                          _el("AssessmentInternalReviewDate", _d(a.get("AssessmentInternalReviewDate"))),
                          _el("AssessmentAuthorisationDate", _d(a.get("AssessmentAuthorisationDate")))]
                if a.get("AssessmentFactors"):
                    parts.append("<FactorsIdentifiedAtAssessment>" + "".join(
                        _el("AssessmentFactors", f) for f in a["AssessmentFactors"]) + "</FactorsIdentifiedAtAssessment>")
                parts.append("</Assessments>")
            for p in det.get("CINPlanDates", []):
                parts.append("<CINPlanDates>" + _el("CINPlanStartDate", _d(p.get("CINPlanStartDate")))
                             + _el("CINPlanEndDate", _d(p.get("CINPlanEndDate"))) + "</CINPlanDates>")
            for s in det.get("Section47", []):
                parts.append("<Section47>" + "".join(_el(k, _d(s.get(k)) if k != "ICPCnotRequired" else s.get(k)) for k in (
                    "S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired")) + "</Section47>")
            for cpp in det.get("ChildProtectionPlans", []):
                parts.append("<ChildProtectionPlans>")
                parts += [_el("CPPstartDate", _d(cpp.get("CPPstartDate"))), _el("CPPendDate", _d(cpp.get("CPPendDate"))),
                          _el("InitialCategoryOfAbuse", cpp.get("InitialCategoryOfAbuse")),
                          _el("LatestCategoryOfAbuse", cpp.get("LatestCategoryOfAbuse")),
                          _el("NumberOfPreviousCPP", cpp.get("NumberOfPreviousCPP"))]
                if cpp.get("Reviews"):
                    parts.append("<Reviews>" + "".join(_el("CPPreviewDate", _d(r)) for r in cpp["Reviews"]) + "</Reviews>")
                parts.append("</ChildProtectionPlans>")
            parts.append("</CINdetails>")
        parts.append("</Child>")
    parts.append("</Children></Message>")
    return "".join(parts).encode("utf-8")


HISTORY_LEAD_DAYS = 700  # the earliest referral in the pool is this long before the first census year


def _cin_pool(la: str, first_year: int, last_year: int, n: int, seed: int) -> list[dict]:
    """Children in need (not looked after) whose episodes run over several census years: each child is one person
    with one identifier, date of birth and episode, so that the censuses of consecutive years agree with each other
    and "had a social worker in the last six years" is more children than "has one now". ``n`` is about the number
    of such children in each year's census; each episode is generated to the last census's end and cut back to each
    earlier census by :func:`_as_at_census`."""
    rng = random.Random(f"cin-pool-{la}-{seed}")
    horizon = date(last_year, 3, 31)
    earliest = date(first_year - 1, 4, 1) - timedelta(days=HISTORY_LEAD_DAYS)
    span = (horizon - earliest).days
    # about n episodes overlap any one year: the generated episodes last about ten months on average
    total = max(n, round(n * span / (365 + 300)))
    eth, weights = list(ETHNIC_WEIGHTS), list(ETHNIC_WEIGHTS.values())
    out = []
    for i in range(total):
        referral = earliest + timedelta(days=rng.randint(0, span))
        dob = referral - timedelta(days=rng.randint(0, 17 * 365 - 30))
        out.append({"LAchildID": f"CIN{la}{i:05d}", "UPN": _upn(rng, la), "PersonBirthDate": dob,
                    "Sex": rng.choice("MF"), "Ethnicity": rng.choices(eth, weights)[0],
                    "Disabilities": ["NONE"] if rng.random() > 0.1 else rng.sample(["LD", "AUT", "COMM", "BEH"], 1),
                    "CINdetails": [_episode(rng, referral, horizon, open_to_end=rng.random() < 0.05,
                                            looked_after=False)]})
    return out


def _cut(d: dict, keys: tuple[str, ...], end: date) -> dict | None:
    """A copy of module ``d`` as it stood on ``end``: None if it had not started, later dates blanked."""
    start = d.get(keys[0])
    if start is None or start > end:
        return None
    out = dict(d)
    for k in keys[1:]:
        if isinstance(out.get(k), date) and out[k] > end:
            out[k] = None
    return out


def _as_at_census(child: dict, year: int) -> dict | None:
    """``child`` as census ``year`` would report them: episodes referred by 31 March and not closed before
    1 April, with only the dates that had happened by 31 March (later closures, plan ends and reviews blanked)."""
    start, end = date(year - 1, 4, 1), date(year, 3, 31)
    dets = []
    for det in child["CINdetails"]:
        if det["CINreferralDate"] > end or (det.get("CINclosureDate") and det["CINclosureDate"] < start):
            continue
        d = dict(det)
        if d.get("CINclosureDate") and d["CINclosureDate"] > end:
            d["CINclosureDate"] = d["ReasonForClosure"] = None
        d["Assessments"] = []
        for a in det["Assessments"]:
            cut = _cut(a, ("AssessmentActualStartDate", "AssessmentAuthorisationDate"), end)
            if cut is not None:
                if cut.get("AssessmentAuthorisationDate") is None:
                    cut.pop("AssessmentFactors", None)
                d["Assessments"].append(cut)
        d["CINPlanDates"] = [c for c in (_cut(p, ("CINPlanStartDate", "CINPlanEndDate"), end)
                                         for p in det["CINPlanDates"]) if c]
        d["Section47"] = [s for s in det["Section47"] if (s.get("DateOfInitialCPC") or s["S47ActualStartDate"]) <= end]
        plans = []
        for p in det["ChildProtectionPlans"]:
            cut = _cut(p, ("CPPstartDate", "CPPendDate"), end)
            if cut is not None:
                cut["Reviews"] = [r for r in p["Reviews"] if r <= end]
                plans.append(cut)
        d["ChildProtectionPlans"] = plans
        dets.append(d)
    if not dets or child["PersonBirthDate"] > end:
        return None
    age = (end - child["PersonBirthDate"]).days // 365
    if age >= 18:
        return None
    upn = child["UPN"] if age >= 5 else None
    return {**child, "UPN": upn, "UPNunknown": None if upn else "UN1", "CINdetails": dets}


def generate_history(la: str, years: list[int], n: int = 300, seed: int = 1,
                     returns: dict[int, tuple[pl.DataFrame, pl.DataFrame]] | None = None) -> dict[int, bytes]:
    """One CIN census XML per year of ``years``, consistent across years: the same children in need keep their
    identifier and episode from census to census (:func:`_cin_pool`), and each year's children looked after come
    from that year's SSDA903 ``returns`` (Header, Episodes) when given. The Virtual School's "had a social worker
    in the last six years" cohort needs six such censuses."""
    years = sorted(years)
    pool = _cin_pool(la, years[0], years[-1], n, seed)
    out = {}
    for year in years:
        header, episodes = (returns or {}).get(year, (None, None))
        cla = generate_children(la, year, 0, seed, header, episodes) if header is not None else []
        children = cla + [c for c in (_as_at_census(p, year) for p in pool) if c is not None]
        start = date(year - 1, 4, 1)
        for c in children:  # modules completed before 1 April are not in the census (as generate_children)
            for d in c["CINdetails"]:
                d["Assessments"] = [a for a in d["Assessments"]
                                    if (a.get("AssessmentAuthorisationDate") or start) >= start]
                d["CINPlanDates"] = [p for p in d["CINPlanDates"] if (p.get("CINPlanEndDate") or start) >= start]
                d["Section47"] = [s for s in d["Section47"] if (s.get("DateOfInitialCPC") or start) >= start]
                d["ChildProtectionPlans"] = [p for p in d["ChildProtectionPlans"]
                                             if (p.get("CPPendDate") or start) >= start]
                for p in d["ChildProtectionPlans"]:
                    p["Reviews"] = [r for r in p["Reviews"] if r >= start]
        out[year] = census_xml(la, year, children)
    return out


def generate_census(la: str, year: int, n: int = 300, seed: int = 1, header: pl.DataFrame | None = None,
                    episodes: pl.DataFrame | None = None) -> bytes:
    """Synthetic CIN census XML (see the module docstring)."""
    return census_xml(la, year, generate_children(la, year, n, seed, header, episodes))
