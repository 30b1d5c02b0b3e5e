"""The DfE children's social care (CSC) API payload, built from SSD, to **preview and check** (the Hub never sends
it): the per-child JSON that the API's early-adopter councils send daily, in the structure of the DfE specification
v0.7 as data-to-insight's ``dfe-csc-api-data-flows`` documents it (``docs/json_payload_structure.md``).

Built here: child details (identifiers, names, date of birth, sex, ethnicity, latest home postcode, UASC flag and
end date); a social care episode per CIN referral with its assessments (and factors), CIN plans, section 47
enquiries, child protection plans and the periods of care that began within it; and, for a period of care no
referral covers, an episode of its own with its placements, allocated workers, adoption decision and latest
care-leaver contact. Not built: SDQ scores and disabilities (empty lists), workers on referral episodes.
:func:`check` lists what the DfE would refuse (missing ids, dates, placement types).
"""

from __future__ import annotations

import re
from datetime import date

import polars as pl

from cphub.ssd.transform import cin_tables
from cphub.ssd.valuemaps import ValueMap

SPEC_VERSION = "0.7"
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _by(df: pl.DataFrame, key: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in df.iter_rows(named=True):
        out.setdefault(row[key], []).append(row)
    return out


def build(raw: dict[str, pl.DataFrame], vm: ValueMap, la: str, children: list[str] | None = None) -> dict:
    """The payload for council ``la``: every child with a CLA episode (or only ``children``)."""
    eps = raw["ssd_cla_episodes"].join(raw["ssd_cla_placement"], left_on="clae_cla_placement_id",
                                       right_on="clap_cla_placement_id", how="left")
    eps = eps.with_columns(
        vm.apply(eps["clae_cla_episode_start_reason"], "rne").alias("_RNE"),
        vm.apply(eps["clae_cla_episode_ceased_reason"], "rec").alias("_REC"),
        vm.apply(eps["clap_cla_placement_type"], "placement_type").alias("_PLACE"),
        vm.apply(eps["clap_cla_placement_change_reason"], "placement_change_reason").alias("_WHY"))
    people = raw["ssd_person"]
    wanted = set(children) if children else set(eps["clae_person_id"].to_list())
    people = people.filter(pl.col("pers_person_id").is_in(list(wanted)))
    people = people.with_columns(vm.apply(people["pers_sex"], "sex").alias("_SEX"),
                                 vm.apply(people["pers_ethnicity"], "ethnicity").alias("_ETH"))
    ids = raw["ssd_linked_identifiers"]
    ids = ids.with_columns(vm.apply(ids["link_identifier_type"], "identifier_type").alias("_T"))
    imm = raw["ssd_immigration_status"]
    imm = imm.filter(vm.apply(imm["immi_immigration_status"], "immigration_status") == "UASC")
    addr = raw["ssd_address"]
    addr = addr.filter(vm.apply(addr["addr_address_type"], "address_type") == "HOME").sort("addr_address_start_date")
    invo = raw["ssd_involvements"]
    invo = invo.filter(vm.apply(invo["invo_professional_role_id"], "worker_role") == "SW")
    leavers = raw["ssd_care_leavers"].sort("clea_care_leaver_latest_contact")
    upns, uasc, homes = _by(ids, "link_person_id"), _by(imm, "immi_person_id"), _by(addr, "addr_person_id")
    workers, perm, cl = _by(invo, "invo_person_id"), _by(raw["ssd_permanence"], "perm_person_id"), \
        _by(leavers, "clea_person_id")
    episodes = _by(eps.sort("clae_cla_episode_start_date"), "clae_person_id")
    cin = {name: _by(df, "LAchildID") for name, df in cin_tables(raw, vm).items()}
    out = []
    for p in people.sort("pers_person_id").iter_rows(named=True):
        pid = p["pers_person_id"]
        upn = next((r["link_identifier_value"] for r in upns.get(pid, []) if r["_T"] == "UPN"), None)
        former = next((r["link_identifier_value"] for r in upns.get(pid, []) if r["_T"] == "FORMER_UPN"), None)
        u = uasc.get(pid, [])
        periods: dict[str, list[dict]] = {}
        for e in episodes.get(pid, []):
            periods.setdefault(e["clae_cla_id"], []).append(e)
        sce, covered = _referrals(pid, cin, periods)
        for cla_id, rows in periods.items():
            if cla_id in covered:
                continue
            start, end = rows[0]["clae_cla_episode_start_date"], rows[-1]["clae_cla_episode_ceased_date"]
            in_period = [w for w in workers.get(pid, []) if (w["invo_involvement_end_date"] is None
                         or w["invo_involvement_end_date"] >= start)
                         and (end is None or w["invo_involvement_start_date"] <= end)]
            adoption = next((a for a in perm.get(pid, []) if a["perm_adm_decision_date"] is not None
                             and a["perm_adm_decision_date"] >= start), None)
            leaver = cl.get(pid, [])[-1] if end is not None and cl.get(pid) else None
            sce.append({
                "social_care_episode_id": cla_id,
                "referral_date": _iso(start), "closure_date": _iso(end), "closure_reason": rows[-1]["_REC"],
                "care_worker_details": [{"worker_id": w["invo_professional_id"],
                                         "start_date": _iso(w["invo_involvement_start_date"]),
                                         "end_date": _iso(w["invo_involvement_end_date"])} for w in in_period],
                "child_and_family_assessments": [], "child_in_need_plans": [], "section_47_assessments": [],
                "child_protection_plans": [],
                "child_looked_after_placements": [_placement(r) for r in rows],
                "adoption": {"initial_decision_date": _iso(adoption["perm_adm_decision_date"]), "matched_date": None,
                             "placed_date": None, "purge": False} if adoption else None,
                "care_leavers": {"contact_date": _iso(leaver["clea_care_leaver_latest_contact"]),
                                 "activity": vm.apply(pl.Series([leaver["clea_care_leaver_activity"]],
                                                                dtype=pl.String), "activity")[0],
                                 "accommodation": leaver["clea_care_leaver_accommodation"],
                                 "purge": False} if leaver else None,
                "purge": False})
        out.append({
            "la_child_id": pid, "mis_child_id": pid, "purge": False,
            "child_details": {
                "unique_pupil_number": upn, "former_unique_pupil_number": former,
                "unique_pupil_number_unknown_reason": p["pers_upn_unknown"],
                "first_name": p["pers_forename"], "surname": p["pers_surname"],
                "date_of_birth": _iso(p["pers_dob"]), "sex": p["_SEX"], "ethnicity": p["_ETH"],
                "disabilities": [], "postcode": homes[pid][-1]["addr_address_postcode"] if pid in homes else None,
                "uasc_flag": bool(u), "uasc_end_date": _iso(u[-1]["immi_immigration_status_end_date"]) if u else None,
                "purge": False},
            "health_and_wellbeing": {"sdq_assessments": [], "purge": False},
            "social_care_episodes": sce})
    return {"la_code": int(la), "specification": SPEC_VERSION, "Children": out}


def _placement(r: dict) -> dict:
    return {"child_looked_after_placement_id": r["clae_cla_placement_id"],
            "start_date": _iso(r["clae_cla_episode_start_date"]), "start_reason": r["_RNE"],
            "placement_type": r["_PLACE"], "postcode": r["clap_cla_placement_postcode"],
            "end_date": _iso(r["clae_cla_episode_ceased_date"]), "end_reason": r["_REC"],
            "change_reason": r["_WHY"], "purge": False}


def _referrals(pid: str, cin: dict[str, dict[str, list[dict]]], periods: dict[str, list[dict]]
               ) -> tuple[list[dict], set[str]]:
    """One social care episode per CIN referral, with its assessments, plans, enquiries and protection plans, and
    the periods of care that began while it was open (each under the latest such referral; returned as ``covered``,
    so they are not listed again)."""
    referrals = sorted(cin["CINDetails"].get(pid, []), key=lambda d: d["CINreferralDate"])
    owner: dict[str, int] = {}  # period of care -> the latest referral on or before its start that is still open
    for key, rows in periods.items():
        began = rows[0]["clae_cla_episode_start_date"]
        for d in referrals:
            if d["CINreferralDate"] <= began and (d["CINclosureDate"] is None or began <= d["CINclosureDate"]):
                owner[key] = d["CINdetailsID"]
    out, covered = [], set(owner)
    for d in referrals:
        n, start, end = d["CINdetailsID"], d["CINreferralDate"], d["CINclosureDate"]

        def mine(table: str) -> list[dict]:
            return [r for r in cin[table].get(pid, []) if r["CINdetailsID"] == n]  # noqa: B023

        inside = [k for k in periods if owner.get(k) == n]
        out.append({
            "social_care_episode_id": f"{pid}-{start:%Y%m%d}", "referral_date": _iso(start),
            "referral_source": d["ReferralSource"], "referral_no_further_action_flag": d["ReferralNFA"] == "1",
            "closure_date": _iso(end), "closure_reason": d["ReasonForClosure"], "care_worker_details": [],
            "child_and_family_assessments": [{
                "child_and_family_assessment_id": f"{pid}-A{a['AssessmentActualStartDate']:%Y%m%d}",
                "start_date": _iso(a["AssessmentActualStartDate"]),
                "authorisation_date": _iso(a["AssessmentAuthorisationDate"]),
                "factors": (a["AssessmentFactors"] or "").split(",") if a["AssessmentFactors"] else [],
                "purge": False} for a in mine("CINAssessments")],
            "child_in_need_plans": [{"child_in_need_plan_id": f"{pid}-P{p['CINPlanStartDate']:%Y%m%d}",
                                     "start_date": _iso(p["CINPlanStartDate"]), "end_date": _iso(p["CINPlanEndDate"]),
                                     "purge": False} for p in mine("CINPlans")],
            "section_47_assessments": [{"section_47_assessment_id": f"{pid}-S{x['S47ActualStartDate']:%Y%m%d}",
                                        "start_date": _iso(x["S47ActualStartDate"]),
                                        "icpc_required_flag": x["ICPCnotRequired"] != "1",
                                        "icpc_date": _iso(x["DateOfInitialCPC"]), "end_date": None, "purge": False}
                                       for x in mine("CINSection47")],
            "child_protection_plans": [{"child_protection_plan_id": f"{pid}-CP{c['CPPstartDate']:%Y%m%d}",
                                        "start_date": _iso(c["CPPstartDate"]), "end_date": _iso(c["CPPendDate"]),
                                        "purge": False} for c in mine("CINProtectionPlans")],
            "child_looked_after_placements": [_placement(r) for k in inside for r in periods[k]],
            "adoption": None, "care_leavers": None, "purge": False})
    return out, covered


def check(payload: dict) -> list[str]:
    """What the API would refuse, one line each: missing identifiers and dates, dates not in ISO form, placements
    without a type, an end before a start."""
    problems = []
    for child in payload.get("Children", []):
        cid = child.get("la_child_id") or "(no la_child_id)"
        if not child.get("la_child_id"):
            problems.append(f"{cid}: la_child_id is missing")
        dob = child["child_details"].get("date_of_birth")
        if not dob or not _ISO.match(dob):
            problems.append(f"{cid}: date_of_birth is missing or not YYYY-MM-DD")
        if child["child_details"].get("sex") is None:
            problems.append(f"{cid}: sex is missing or not mapped")
        for sce in child["social_care_episodes"]:
            for pl_ in sce["child_looked_after_placements"]:
                where = f"{cid}, placement {pl_['child_looked_after_placement_id']}"
                if not pl_["start_date"]:
                    problems.append(f"{where}: start_date is missing")
                if not pl_["placement_type"]:
                    problems.append(f"{where}: placement_type is missing or not mapped")
                if pl_["end_date"] and pl_["start_date"] and pl_["end_date"] < pl_["start_date"]:
                    problems.append(f"{where}: end_date is before start_date")
    return problems
