"""The SSD tables and columns the Hub reads, declared once (names as in the SSD specification's
``data/objects/ssd_*.yml``, v1.4.x).

Each table lists only the columns the Hub uses, each with a kind (text, date, float, int) that the
reader types values to, as :class:`cphub.tables.Table` specs (the same machinery types the Hub's own CSV files).
Tables in :data:`REQUIRED` must be present in a source; the others are read when present (a council's SSD may not
have every optional object deployed).
"""

from __future__ import annotations

from cphub.tables import Column, Table

SSD_VERSION = "1.4.3"
"""The SSD specification version the Hub's reader and synthetic writer follow (data-to-insight ssd-data-model,
``data/objects``; SystemC/LCS deployment script v1.4.3 of 15 May 2026)."""

SSD = "Standard Safeguarding Dataset (data-to-insight ssd-data-model), v" + SSD_VERSION


def _t(name: str, cols: str, feeds: str) -> Table:
    """An SSD table spec from ``"col:kind col:kind ..."`` (kind text when not given); ``feeds`` says which Hub
    tables it feeds (the table's description)."""
    columns = []
    for part in cols.split():
        col, _, kind = part.partition(":")
        columns.append(Column(col, kind or "text", f"SSD {name}.{col}", max_length=200))  # type: ignore[arg-type]
    return Table(name, f"Feeds: {feeds}.", tuple(columns),
                 key=(columns[0].name,), source=SSD, group="ssd")


REQUIRED = frozenset({"ssd_person", "ssd_cla_episodes", "ssd_cla_placement", "ssd_legal_status"})
SSD_TABLES: dict[str, Table] = {t.name: t for t in (
    _t("ssd_person", "pers_person_id pers_sex pers_ethnicity pers_dob:date pers_forename pers_surname "
       "pers_upn_unknown pers_death_date:date pers_expected_dob:date", "Header (CHILD, SEX, DOB, ETHNIC, UPN)"),
    _t("ssd_cla_episodes", "clae_cla_episode_id clae_person_id clae_cla_episode_start_date:date "
       "clae_cla_episode_start_reason clae_cla_primary_need_code clae_cla_episode_ceased_date:date "
       "clae_cla_episode_ceased_reason clae_cla_id clae_cla_placement_id",
       "Episodes (DECOM, RNE, CIN, DEC, REC)"),
    _t("ssd_cla_placement", "clap_cla_placement_id clap_cla_placement_start_date:date clap_cla_placement_type "
       "clap_cla_placement_urn clap_cla_placement_provider clap_cla_placement_postcode "
       "clap_cla_placement_end_date:date clap_cla_placement_change_reason",
       "Episodes (PLACE, PLACE_PROVIDER, PL_POST, URN, REASON_PLACE_CHANGE)"),
    _t("ssd_legal_status", "lega_legal_status_id lega_person_id lega_legal_status "
       "lega_legal_status_start_date:date lega_legal_status_end_date:date", "Episodes (LS)"),
    _t("ssd_address", "addr_person_id addr_address_type addr_address_start_date:date addr_address_end_date:date "
       "addr_address_postcode", "Episodes (HOME_POST)"),
    _t("ssd_linked_identifiers", "link_person_id link_identifier_type link_identifier_value", "Header (UPN)"),
    _t("ssd_mother", "moth_person_id moth_childs_person_id moth_childs_dob:date", "Header (MOTHER, MC_DOB)"),
    _t("ssd_immigration_status", "immi_person_id immi_immigration_status immi_immigration_status_start_date:date "
       "immi_immigration_status_end_date:date", "UASC"),
    _t("ssd_missing", "miss_table_id miss_person_id miss_missing_episode_start_date:date miss_missing_episode_type "
       "miss_missing_episode_end_date:date miss_missing_rhi_offered miss_missing_rhi_accepted", "Missing"),
    _t("ssd_cla_reviews", "clar_cla_review_id clar_cla_id clar_cla_review_date:date clar_cla_review_cancelled "
       "clar_cla_review_participation", "Reviews"),
    _t("ssd_cla_previous_permanence", "lapp_person_id lapp_previous_permanence_order_date "
       "lapp_previous_permanence_option lapp_previous_permanence_la", "PrevPerm"),
    _t("ssd_permanence", "perm_person_id perm_adm_decision_date:date perm_decision_reversed_date:date "
       "perm_decision_reversed_reason", "PlacedAdoption"),
    _t("ssd_involvements", "invo_involvements_id invo_professional_id invo_professional_role_id "
       "invo_involvement_start_date:date invo_involvement_end_date:date invo_worker_change_reason invo_person_id",
       "SWEpisodes, pa_allocations"),
    _t("ssd_professionals", "prof_professional_id prof_professional_department prof_full_time_equivalency:float "
       "prof_agency_worker_flag", "social_workers"),
    _t("ssd_department", "dept_team_id dept_team_name", "social_workers (TEAM)"),
    _t("ssd_cla_visits", "clav_cla_visit_id clav_person_id clav_cla_visit_date:date clav_cla_visit_seen_alone",
       "statutory_visits"),
    _t("ssd_cla_health", "clah_health_check_id clah_person_id clah_health_check_type clah_health_check_date:date "
       "clah_health_check_status", "health_assessments, dental_checks"),
    _t("ssd_care_leavers", "clea_table_id clea_person_id clea_care_leaver_in_touch "
       "clea_care_leaver_latest_contact:date clea_care_leaver_accommodation clea_care_leaver_accom_suitable "
       "clea_care_leaver_activity", "care_leaver_updates"),
    _t("ssd_cin_episodes", "cine_referral_id cine_person_id cine_referral_date:date cine_cin_primary_need_code "
       "cine_referral_source_code cine_referral_nfa cine_close_reason cine_close_date:date", "CINDetails"),
    _t("ssd_cin_assessments", "cina_assessment_id cina_person_id cina_referral_id cina_assessment_start_date:date "
       "cina_assessment_auth_date:date", "CINAssessments"),
    _t("ssd_assessment_factors", "cinf_table_id cinf_assessment_id cinf_assessment_factors_json",
       "CINAssessments (factors)"),
    _t("ssd_cin_plans", "cinp_cin_plan_id cinp_referral_id cinp_person_id cinp_cin_plan_start_date:date "
       "cinp_cin_plan_end_date:date", "CINPlans"),
    _t("ssd_s47_enquiry", "s47e_s47_enquiry_id s47e_referral_id s47e_person_id s47e_s47_start_date:date "
       "s47e_s47_end_date:date s47e_s47_outcome_json", "CINSection47"),
    _t("ssd_initial_cp_conference", "icpc_icpc_id icpc_s47_enquiry_id icpc_person_id icpc_referral_id "
       "icpc_icpc_target_date:date icpc_icpc_date:date", "CINSection47, CINDetails (initial conferences)"),
    _t("ssd_cp_plans", "cppl_cp_plan_id cppl_referral_id cppl_person_id cppl_cp_plan_start_date:date "
       "cppl_cp_plan_end_date:date cppl_cp_plan_initial_category cppl_cp_plan_latest_category",
       "CINProtectionPlans"),
    _t("ssd_cp_reviews", "cppr_cp_review_id cppr_person_id cppr_cp_plan_id cppr_cp_review_date:date", "CINReviews"),
    _t("ssd_disability", "disa_table_id disa_person_id disa_disability_code", "CINChild (Disabilities)"),
)}
"""Every SSD table the Hub reads, by name."""

NOT_IN_SSD: dict[str, str] = {
    "OC2": "SSDA903 outcomes of the 12-month cohort at 31 March (health, SDQ, convictions, substance misuse) are "
           "the return's own annual summary; load them from the SSDA903 extract.",
    "OC3": "Care leavers' birthday outcomes are the return's annual summary; the Hub builds the dated history "
           "from ssd_care_leavers snapshots (care_leaver_updates), and takes OC3 from the SSDA903 extract.",
    "AD1": "Adoption details (adopters' sex and legal status, match date) are not in SSD v1.4.",
    "fostering_households": "SSD holds children, not carers: approved fostering households stay on the Hub's "
                            "CSV template (the Ofsted fostering data collection's layout).",
    "kinship_arrangements": "Informal kinship care and private fostering are not recorded as SSD legal statuses; "
                            "the kinship register stays on the Hub's CSV template.",
}
"""Hub tables SSD cannot provide, and why (shown in ``docs/ssd.md`` and the import report)."""
