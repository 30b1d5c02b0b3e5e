"""SSD tables -> the Hub's SSDA903 and local tables (:data:`cphub.ssda903.schema.TABLES`,
:data:`cphub.local.schema.LOCAL_TABLES`), through a council's :class:`~cphub.ssd.valuemaps.ValueMap`.

Where SSD keeps intervals apart that the SSDA903 return joins into one episode row, the episode takes what was in
force on its start date (DECOM): the legal status (``ssd_legal_status``) and the home address (``ssd_address``,
type Home) whose interval contains DECOM, the latest-starting one when several do (on a tie, the one ending with
the episode). An episode's placement is the ``ssd_cla_placement`` row it points to (``clae_cla_placement_id``);
the reason for placement change is recorded against the ceasing placement, as the DfE guide says.

What SSD cannot give (:data:`cphub.ssd.spec.NOT_IN_SSD`) is not produced here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from cphub.cin.schema import CIN_TABLES
from cphub.local.schema import LOCAL_TABLES
from cphub.ssd.valuemaps import ValueMap
from cphub.ssda903.schema import TABLES

SSDA903_FROM_SSD = ("Header", "Episodes", "UASC", "Missing", "Reviews", "PrevPerm", "SWEpisodes", "PlacedAdoption")
LOCAL_FROM_SSD = ("statutory_visits", "health_assessments", "dental_checks", "social_workers", "pa_allocations",
                  "care_leaver_updates")


@dataclass
class HubTables:
    """What one SSD read gives: the Hub's tables, and the values the value map could not place (with counts)."""

    ssda903: dict[str, pl.DataFrame]
    local: dict[str, pl.DataFrame]
    cin: dict[str, pl.DataFrame] = field(default_factory=dict)
    unmapped: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def children(self) -> int:
        return self.ssda903["Header"].height


def _mapped(vm: ValueMap, df: pl.DataFrame, column: str, field_name: str, alias: str) -> pl.Series:
    return vm.apply(df.get_column(column), field_name).alias(alias)


def _conform(df: pl.DataFrame, name: str) -> pl.DataFrame:
    """``df`` with exactly the Hub table's columns, in order and typed (absent columns null; an optional column, such
    as the Header UASC status, only when the mapping gives it). A local table keeps
    one row per natural key (the store's key is unique): SSD events the value map sends to the same local record
    (two health checks of one child on one day both mapped to "dental") are one record."""
    spec = (TABLES.get(name) or LOCAL_TABLES.get(name) or CIN_TABLES[name]).given(df.columns)
    out = df.select([(pl.col(c) if c in df.columns else pl.lit(None)).cast(t).alias(c)
                     for c, t in spec.schema.items()]).sort(list(spec.key), nulls_last=True)
    return out.unique(subset=list(spec.key), keep="first", maintain_order=True) if name in LOCAL_TABLES else out


def _in_force(events: pl.DataFrame, who: str, start: str, end: str, value: str,
              episodes: pl.DataFrame) -> pl.DataFrame:
    """For each episode (CHILD, DECOM, DEC): the ``value`` of ``events`` in force on DECOM."""
    ev = events.select(pl.col(who).alias("CHILD"), pl.col(start).alias("_S"), pl.col(end).alias("_E"),
                       pl.col(value).alias("_V"))
    j = (episodes.select("CHILD", "DECOM", "DEC").join(ev, on="CHILD", how="inner")
         .filter((pl.col("_S") <= pl.col("DECOM")) & (pl.col("_E").is_null() | (pl.col("_E") >= pl.col("DECOM"))))
         .with_columns(((pl.col("_E") == pl.col("DEC")) | (pl.col("_E").is_null() & pl.col("DEC").is_null()))
                       .fill_null(False).alias("_TIE")))
    return (j.sort(["CHILD", "DECOM", "_S", "_TIE"]).group_by(["CHILD", "DECOM"], maintain_order=True)
            .agg(pl.col("_V").last()))


def _header(raw: dict[str, pl.DataFrame], vm: ValueMap, keep: pl.Series) -> pl.DataFrame:
    p = raw["ssd_person"].filter(pl.col("pers_person_id").is_in(keep.implode()))
    ids = raw["ssd_linked_identifiers"]
    upn = (ids.with_columns(_mapped(vm, ids, "link_identifier_type", "identifier_type", "_T"))
           .filter(pl.col("_T") == "UPN").group_by("link_person_id", maintain_order=True)
           .agg(pl.col("link_identifier_value").first().alias("_UPN")))
    mothers = (raw["ssd_mother"].group_by("moth_person_id")
               .agg(pl.col("moth_childs_dob").min().alias("MC_DOB")).with_columns(pl.lit("1").alias("MOTHER")))
    out = (p.with_columns(_mapped(vm, p, "pers_sex", "sex", "SEX"), _mapped(vm, p, "pers_ethnicity", "ethnicity",
                                                                            "ETHNIC"))
           .join(upn, left_on="pers_person_id", right_on="link_person_id", how="left")
           .join(mothers, left_on="pers_person_id", right_on="moth_person_id", how="left")
           .select(pl.col("pers_person_id").alias("CHILD"), "SEX", pl.col("pers_dob").alias("DOB"), "ETHNIC",
                   pl.coalesce("_UPN", "pers_upn_unknown").alias("UPN"), "MOTHER", "MC_DOB"))
    return _conform(out, "Header")


def _episodes(raw: dict[str, pl.DataFrame], vm: ValueMap) -> pl.DataFrame:
    e, pl_ = raw["ssd_cla_episodes"], raw["ssd_cla_placement"]
    eps = (e.with_columns(_mapped(vm, e, "clae_cla_episode_start_reason", "rne", "RNE"),
                          _mapped(vm, e, "clae_cla_primary_need_code", "cin", "CIN"),
                          _mapped(vm, e, "clae_cla_episode_ceased_reason", "rec", "REC"))
           .join(pl_.with_columns(_mapped(vm, pl_, "clap_cla_placement_type", "placement_type", "PLACE"),
                                  _mapped(vm, pl_, "clap_cla_placement_provider", "placement_provider",
                                          "PLACE_PROVIDER"),
                                  _mapped(vm, pl_, "clap_cla_placement_change_reason", "placement_change_reason",
                                          "REASON_PLACE_CHANGE")),
                 left_on="clae_cla_placement_id", right_on="clap_cla_placement_id", how="left")
           .select(pl.col("clae_person_id").alias("CHILD"), pl.col("clae_cla_episode_start_date").alias("DECOM"),
                   "RNE", "CIN", "PLACE", "PLACE_PROVIDER", pl.col("clae_cla_episode_ceased_date").alias("DEC"),
                   "REC", "REASON_PLACE_CHANGE", pl.col("clap_cla_placement_postcode").alias("PL_POST"),
                   pl.col("clap_cla_placement_urn").alias("URN")))
    lega = raw["ssd_legal_status"]
    lega = lega.with_columns(_mapped(vm, lega, "lega_legal_status", "legal_status", "_LS"))
    ls = _in_force(lega, "lega_person_id", "lega_legal_status_start_date", "lega_legal_status_end_date", "_LS", eps)
    addr = raw["ssd_address"]
    home = addr.filter(_mapped(vm, addr, "addr_address_type", "address_type", "_T") == "HOME")
    hp = _in_force(home, "addr_person_id", "addr_address_start_date", "addr_address_end_date",
                   "addr_address_postcode", eps)
    eps = (eps.join(ls.rename({"_V": "LS"}), on=["CHILD", "DECOM"], how="left")
           .join(hp.rename({"_V": "HOME_POST"}), on=["CHILD", "DECOM"], how="left"))
    return _conform(eps, "Episodes")


def _with_person(df: pl.DataFrame, who: str, header: pl.DataFrame, name: str, **cols: pl.Expr) -> pl.DataFrame:
    out = df.join(header.select("CHILD", "SEX", "DOB"), left_on=who, right_on="CHILD", how="inner", coalesce=False)
    return _conform(out.with_columns(**cols), name)


def _ssda903(raw: dict[str, pl.DataFrame], vm: ValueMap) -> dict[str, pl.DataFrame]:
    episodes = _episodes(raw, vm)
    invo = raw["ssd_involvements"]
    roles = _mapped(vm, invo, "invo_professional_role_id", "worker_role", "_R")
    # The Header: children looked after at any time, and care leavers (with a leaving-care record or a PA)
    leavers = pl.concat([raw["ssd_care_leavers"]["clea_person_id"], invo.filter(roles == "PA")["invo_person_id"]])
    header = _header(raw, vm, pl.concat([episodes["CHILD"], leavers]).unique())
    imm = raw["ssd_immigration_status"]
    uasc = (imm.filter(_mapped(vm, imm, "immi_immigration_status", "immigration_status", "_S") == "UASC")
            .sort("immi_immigration_status_start_date").unique("immi_person_id", keep="last"))
    miss = raw["ssd_missing"]
    reviews = raw["ssd_cla_reviews"]
    periods = raw["ssd_cla_episodes"].select("clae_cla_id", "clae_person_id").unique("clae_cla_id")
    cancelled = vm.apply(reviews["clar_cla_review_cancelled"], "yes_no") == "Y"
    reviews = reviews.filter(~cancelled.fill_null(False)).join(periods, left_on="clar_cla_id",
                                                               right_on="clae_cla_id", how="inner")
    prev = raw["ssd_cla_previous_permanence"]
    perm = raw["ssd_permanence"].filter(pl.col("perm_adm_decision_date").is_not_null())
    sw = invo.filter(roles == "SW")
    return {
        "Header": header,
        "Episodes": episodes,
        "UASC": _with_person(uasc, "immi_person_id", header, "UASC",
                             DUC=pl.col("immi_immigration_status_end_date")),
        "Missing": _with_person(miss.with_columns(_mapped(vm, miss, "miss_missing_episode_type", "missing_type",
                                                          "MISSING")), "miss_person_id", header, "Missing",
                                MIS_START=pl.col("miss_missing_episode_start_date"),
                                MIS_END=pl.col("miss_missing_episode_end_date")),
        "Reviews": _with_person(reviews.with_columns(_mapped(vm, reviews, "clar_cla_review_participation",
                                                             "review_participation", "REVIEW_CODE")),
                                "clae_person_id", header, "Reviews", REVIEW=pl.col("clar_cla_review_date")),
        "PrevPerm": _with_person(prev.with_columns(_mapped(vm, prev, "lapp_previous_permanence_option",
                                                           "previous_permanence", "PREV_PERM")),
                                 "lapp_person_id", header, "PrevPerm",
                                 LA_PERM=pl.col("lapp_previous_permanence_la"),
                                 DATE_PERM=pl.col("lapp_previous_permanence_order_date")),
        "PlacedAdoption": _with_person(perm.with_columns(_mapped(vm, perm, "perm_decision_reversed_reason",
                                                                 "placed_adoption_ceased", "REASON_PLACED_CEASED")),
                                       "perm_person_id", header, "PlacedAdoption",
                                       DATE_PLACED=pl.col("perm_adm_decision_date"),
                                       DATE_PLACED_CEASED=pl.col("perm_decision_reversed_date")),
        "SWEpisodes": _conform(sw.with_columns(_mapped(vm, sw, "invo_worker_change_reason", "sw_change_reason",
                                                       "SW_REASON"))
                               .select(pl.col("invo_person_id").alias("CHILD"),
                                       pl.col("invo_professional_id").alias("SW_ID"),
                                       pl.col("invo_involvement_start_date").alias("SW_DECOM"),
                                       pl.col("invo_involvement_end_date").alias("SW_DEC"), "SW_REASON"),
                               "SWEpisodes"),
    }


def _local(raw: dict[str, pl.DataFrame], vm: ValueMap) -> dict[str, pl.DataFrame]:
    visits = raw["ssd_cla_visits"]
    health = raw["ssd_cla_health"]
    health = health.with_columns(_mapped(vm, health, "clah_health_check_type", "health_check_type", "_T"),
                                 _mapped(vm, health, "clah_health_check_status", "health_check_status", "_S"))
    done = health.filter(pl.col("_S") == "COMPLETED")
    invo = raw["ssd_involvements"]
    invo = invo.with_columns(_mapped(vm, invo, "invo_professional_role_id", "worker_role", "_R"))
    pa = invo.filter(pl.col("_R") == "PA")
    pa_only = (invo.group_by("invo_professional_id").agg((pl.col("_R") == "PA").all().alias("_PA"))
               .filter(pl.col("_PA"))["invo_professional_id"])
    prof = raw["ssd_professionals"]
    prof = prof.with_columns((vm.apply(prof["prof_agency_worker_flag"], "yes_no") == "Y").alias("AGENCY")).filter(
        ~pl.col("prof_professional_id").is_in(pa_only.implode()))
    teams = raw["ssd_department"].select("dept_team_id", "dept_team_name")
    leavers = raw["ssd_care_leavers"]
    accom = vm.apply(leavers["clea_care_leaver_accommodation"], "accommodation")
    suitable = vm.apply(leavers["clea_care_leaver_accom_suitable"], "accommodation_suitable")
    leavers = leavers.with_columns(
        _mapped(vm, leavers, "clea_care_leaver_in_touch", "in_touch", "IN_TOUCH"),
        _mapped(vm, leavers, "clea_care_leaver_activity", "activity", "ACTIV"),
        pl.when(accom == "0").then(accom).otherwise(accom + suitable).alias("ACCOM"))
    return {
        "statutory_visits": _conform(visits.select(
            pl.col("clav_person_id").alias("CHILD"), pl.col("clav_cla_visit_date").alias("VISIT_DATE"),
            (vm.apply(visits["clav_cla_visit_seen_alone"], "yes_no") == "Y").alias("SEEN_ALONE")),
            "statutory_visits"),
        "health_assessments": _conform(done.filter(pl.col("_T").is_in(["IHA", "RHA"])).select(
            pl.col("clah_person_id").alias("CHILD"), pl.col("clah_health_check_date").alias("ASSESSMENT_DATE"),
            pl.col("_T").alias("ASSESSMENT_TYPE")), "health_assessments"),
        "dental_checks": _conform(done.filter(pl.col("_T") == "DENTAL").select(
            pl.col("clah_person_id").alias("CHILD"), pl.col("clah_health_check_date").alias("CHECK_DATE")),
            "dental_checks"),
        "social_workers": _conform(prof.join(teams, left_on="prof_professional_department", right_on="dept_team_id",
                                             how="left").select(
            pl.col("prof_professional_id").alias("SW_ID"),
            pl.coalesce("dept_team_name", "prof_professional_department").alias("TEAM"),
            pl.col("prof_full_time_equivalency").alias("FTE"), "AGENCY"), "social_workers"),
        "pa_allocations": _conform(pa.select(
            pl.col("invo_person_id").alias("CHILD"), pl.col("invo_professional_id").alias("PA_ID"),
            pl.col("invo_involvement_start_date").alias("START_DATE"),
            pl.col("invo_involvement_end_date").alias("END_DATE")), "pa_allocations"),
        "care_leaver_updates": _conform(leavers.select(
            pl.col("clea_person_id").alias("CHILD"), pl.col("clea_care_leaver_latest_contact").alias("UPDATE_DATE"),
            "IN_TOUCH", "ACTIV", "ACCOM").filter(pl.col("UPDATE_DATE").is_not_null()), "care_leaver_updates"),
    }


def _flag(vm: ValueMap, s: pl.Series) -> pl.Series:
    """Y/N-style values as the CIN census's 1/0."""
    return vm.apply(s, "yes_no").replace_strict({"Y": "1", "N": "0"}, default=None, return_dtype=pl.String)


def _json_codes(vm: ValueMap, s: pl.Series, field_name: str) -> pl.Series:
    """SSD's JSON array of codes (``["1A", "2B"]``, the SSD v1.4 form) mapped and joined with commas."""
    listed = s.str.json_decode(pl.List(pl.String))
    return _rejoin(listed, vm.apply(listed.explode(), field_name))


def _rejoin(listed: pl.Series, mapped: pl.Series) -> pl.Series:
    """``mapped`` (the exploded values of ``listed``: an empty or null list explodes to one null) joined back with
    commas, one string per original row."""
    lengths = listed.list.len().fill_null(0).to_list()
    values = mapped.to_list()
    out, i = [], 0
    for n in lengths:
        chunk = [v for v in values[i:i + max(n, 1)] if v is not None] if n else []
        i += max(n, 1)
        out.append(",".join(chunk) if chunk else None)
    return pl.Series(out, dtype=pl.String)


def cin_tables(raw: dict[str, pl.DataFrame], vm: ValueMap) -> dict[str, pl.DataFrame]:
    """CIN census tables: each referral (``ssd_cin_episodes``) is a CIN episode, numbered 1, 2, ... within the
    child by referral date (``CINdetailsID``); assessments, plans, enquiries and protection plans hang off their
    referral. ``NumberOfPreviousCPP`` counts the child's earlier plans that SSD holds (its six years of history)."""
    ep = raw["ssd_cin_episodes"].sort("cine_person_id", "cine_referral_date")
    ep = ep.with_columns(pl.int_range(1, pl.len() + 1).over("cine_person_id").cast(pl.Int64).alias("CINdetailsID"))
    refs = ep.select(pl.col("cine_referral_id").alias("_REF"), pl.col("cine_person_id").alias("LAchildID"),
                     "CINdetailsID")
    icpc = raw["ssd_initial_cp_conference"]
    direct = (icpc.filter(pl.col("icpc_s47_enquiry_id").is_null())
              .group_by("icpc_referral_id").agg(pl.col("icpc_icpc_date").min().alias("DateOfInitialCPC")))
    details = (ep.with_columns(_mapped(vm, ep, "cine_referral_source_code", "referral_source", "ReferralSource"),
                               _mapped(vm, ep, "cine_cin_primary_need_code", "cin_primary_need", "PrimaryNeedCode"),
                               _mapped(vm, ep, "cine_close_reason", "cin_closure_reason", "ReasonForClosure"),
                               _flag(vm, ep["cine_referral_nfa"]).alias("ReferralNFA"))
               .join(direct, left_on="cine_referral_id", right_on="icpc_referral_id", how="left")
               .rename({"cine_person_id": "LAchildID", "cine_referral_date": "CINreferralDate",
                        "cine_close_date": "CINclosureDate"}))
    a = raw["ssd_cin_assessments"]
    f = raw["ssd_assessment_factors"]
    f = f.with_columns(_json_codes(vm, f["cinf_assessment_factors_json"], "assessment_factor").alias("_F"))
    assessments = (a.join(refs, left_on="cina_referral_id", right_on="_REF", how="inner")
                   .join(f.select("cinf_assessment_id", "_F"), left_on="cina_assessment_id",
                         right_on="cinf_assessment_id", how="left")
                   .select("LAchildID", "CINdetailsID", pl.col("cina_assessment_start_date")
                           .alias("AssessmentActualStartDate"),
                           pl.col("cina_assessment_auth_date").alias("AssessmentAuthorisationDate"),
                           pl.col("_F").alias("AssessmentFactors")))
    plans = raw["ssd_cin_plans"].join(refs, left_on="cinp_referral_id", right_on="_REF", how="inner").select(
        "LAchildID", "CINdetailsID", pl.col("cinp_cin_plan_start_date").alias("CINPlanStartDate"),
        pl.col("cinp_cin_plan_end_date").alias("CINPlanEndDate"))
    s47 = raw["ssd_s47_enquiry"]
    conference = pl.col("s47e_s47_outcome_json").str.json_path_match("$.CP_CONFERENCE_FLAG")
    s47 = (s47.with_columns(pl.when(conference == "N").then(pl.lit("1")).when(conference == "Y").then(pl.lit("0"))
                            .alias("ICPCnotRequired"))
           .join(refs, left_on="s47e_referral_id", right_on="_REF", how="inner")
           .join(icpc.filter(pl.col("icpc_s47_enquiry_id").is_not_null()).unique("icpc_s47_enquiry_id"),
                 left_on="s47e_s47_enquiry_id", right_on="icpc_s47_enquiry_id", how="left")
           .select("LAchildID", "CINdetailsID", pl.col("s47e_s47_start_date").alias("S47ActualStartDate"),
                   pl.col("icpc_icpc_target_date").alias("InitialCPCtarget"),
                   pl.col("icpc_icpc_date").alias("DateOfInitialCPC"), "ICPCnotRequired"))
    cp = raw["ssd_cp_plans"]
    cp = (cp.with_columns(_mapped(vm, cp, "cppl_cp_plan_initial_category", "abuse_category", "InitialCategoryOfAbuse"),
                          _mapped(vm, cp, "cppl_cp_plan_latest_category", "abuse_category", "LatestCategoryOfAbuse"))
          .join(refs, left_on="cppl_referral_id", right_on="_REF", how="inner").sort("cppl_cp_plan_start_date")
          .with_columns(pl.int_range(pl.len()).over("LAchildID").cast(pl.Int64).alias("NumberOfPreviousCPP")))
    reviews = raw["ssd_cp_reviews"].join(
        cp.select("cppl_cp_plan_id", "LAchildID", "CINdetailsID", "cppl_cp_plan_start_date"),
        left_on="cppr_cp_plan_id", right_on="cppl_cp_plan_id", how="inner").select(
        "LAchildID", "CINdetailsID", pl.col("cppl_cp_plan_start_date").alias("CPPstartDate"),
        pl.col("cppr_cp_review_date").alias("CPPreviewDate"))
    p = raw["ssd_person"].filter(pl.col("pers_person_id").is_in(ep["cine_person_id"].implode()))
    ids = raw["ssd_linked_identifiers"]
    ids = ids.with_columns(_mapped(vm, ids, "link_identifier_type", "identifier_type", "_T"))
    dis = raw["ssd_disability"]
    dis = (dis.with_columns(_mapped(vm, dis, "disa_disability_code", "disability", "_D"))
           .group_by("disa_person_id", maintain_order=True).agg(pl.col("_D").drop_nulls().str.join(",")))
    child = (p.with_columns(_mapped(vm, p, "pers_sex", "cin_sex", "Sex"),
                            _mapped(vm, p, "pers_ethnicity", "ethnicity", "Ethnicity"))
             .join(ids.filter(pl.col("_T") == "UPN").unique("link_person_id").select(
                 "link_person_id", pl.col("link_identifier_value").alias("UPN")),
                 left_on="pers_person_id", right_on="link_person_id", how="left")
             .join(ids.filter(pl.col("_T") == "FORMER_UPN").unique("link_person_id").select(
                 "link_person_id", pl.col("link_identifier_value").alias("FormerUPN")),
                 left_on="pers_person_id", right_on="link_person_id", how="left")
             .join(dis, left_on="pers_person_id", right_on="disa_person_id", how="left")
             .select(pl.col("pers_person_id").alias("LAchildID"), "UPN", "FormerUPN",
                     pl.col("pers_upn_unknown").alias("UPNunknown"), pl.col("pers_dob").alias("PersonBirthDate"),
                     pl.col("pers_expected_dob").alias("ExpectedPersonBirthDate"), "Sex",
                     pl.col("pers_death_date").alias("PersonDeathDate"), "Ethnicity",
                     pl.col("_D").alias("Disabilities")))
    cp_out = cp.select("LAchildID", "CINdetailsID", pl.col("cppl_cp_plan_start_date").alias("CPPstartDate"),
                       pl.col("cppl_cp_plan_end_date").alias("CPPendDate"), "InitialCategoryOfAbuse",
                       "LatestCategoryOfAbuse", "NumberOfPreviousCPP")
    return {"CINChild": _conform(child, "CINChild"), "CINDetails": _conform(details, "CINDetails"),
            "CINAssessments": _conform(assessments, "CINAssessments"), "CINPlans": _conform(plans, "CINPlans"),
            "CINSection47": _conform(s47, "CINSection47"), "CINProtectionPlans": _conform(cp_out, "CINProtectionPlans"),
            "CINReviews": _conform(reviews, "CINReviews")}


def to_hub(raw: dict[str, pl.DataFrame], vm: ValueMap) -> HubTables:
    """The Hub's tables from typed SSD tables (:func:`cphub.ssd.reader.read_ssd`)."""
    ssda903 = _ssda903(raw, vm)
    local = _local(raw, vm)
    cin = cin_tables(raw, vm)
    return HubTables(ssda903, local, cin, vm.report())
