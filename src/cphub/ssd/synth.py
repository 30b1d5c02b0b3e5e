"""Write a council's Hub tables (synthetic, from :mod:`cphub.synth`) as an SSD database or CSV folder, with values
as a case system writes them: Liquidlogic style ("U1 - Foster placement with relative or friend ...") or Mosaic
style (the description alone), and worker roles, health checks and so on in that system's words (the first
description for each code in its value map). Reading the result back with :func:`cphub.ssd.reader.read_ssd` and
:func:`cphub.ssd.transform.to_hub` gives the same tables again: that round trip is the SSD route's end-to-end test.

One ``ssd_cla_episodes`` row per SSDA903 episode, pointing to one ``ssd_cla_placement`` row; one
``ssd_legal_status`` and one Home ``ssd_address`` row per episode; ``ssd_care_leavers`` holds one row per dated
update (a real SSD holds the latest; the Hub builds the history from nightly snapshots, keyed by contact date).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cphub.ssd.spec import SSD_TABLES, SSD_VERSION
from cphub.ssd.valuemaps import code_list, descriptions

SYNTHETIC_NAMES = ("Alex", "Sam", "Jordan", "Riley", "Casey", "Morgan", "Jamie", "Taylor", "Robin", "Charlie")


def _coded(cms: str, list_name: str) -> dict[str, str]:
    """Code -> how the case system writes it."""
    listed = code_list(list_name) or ()
    if cms == "mosaic":
        return {c.code: c.description for c in listed}
    return {c.code: f"{c.code} - {c.description}" for c in listed}


def _say(col: str, table: dict[str, str]) -> pl.Expr:
    return pl.col(col).replace_strict(table, default=pl.col(col), return_dtype=pl.String)


def _ssd(name: str, df: pl.DataFrame) -> pl.DataFrame:
    """``df`` with exactly the SSD table's columns (absent ones null), typed."""
    spec = SSD_TABLES[name]
    return df.select([(pl.col(c) if c in df.columns else pl.lit(None)).cast(t).alias(c)
                      for c, t in spec.schema.items()])


def _periods(episodes: pl.DataFrame) -> pl.DataFrame:
    """Episodes with their SSD ids: episode id, and period of care id (a new period at each RNE S)."""
    return (episodes.sort("CHILD", "DECOM")
            .with_columns((pl.col("RNE") == "S").fill_null(False).cum_sum().over("CHILD").alias("_P"))
            .with_columns((pl.col("CHILD") + "-" + pl.col("DECOM").dt.strftime("%Y%m%d")).alias("_ID"),
                          (pl.col("CHILD") + "-P" + pl.col("_P").cast(pl.String)).alias("_CLA"),
                          pl.col("DECOM").min().over(["CHILD", "_P"]).alias("_PSTART")))


def from_hub(tables: dict[str, pl.DataFrame], cms: str = "liquid_logic") -> dict[str, pl.DataFrame]:
    """The SSD tables for a council's Hub tables (SSDA903 merged across years, and local tables)."""
    say = {f: descriptions(cms, f) for f in ("sex", "health_check_type", "health_check_status", "worker_role",
                                              "immigration_status", "address_type", "identifier_type",
                                              "accommodation", "accommodation_suitable")}
    header, eps = tables["Header"], _periods(tables["Episodes"])
    out: dict[str, pl.DataFrame] = {}
    out["ssd_person"] = header.with_row_index("_N").select(
        pl.col("CHILD").alias("pers_person_id"),
        _say("SEX", {**say["sex"], "1": say["sex"]["M"], "2": say["sex"]["F"]}).alias("pers_sex"),
        _say("ETHNIC", _coded(cms, "ETHNIC")).alias("pers_ethnicity"), pl.col("DOB").alias("pers_dob"),
        pl.lit("Synthetic").alias("pers_surname"),
        pl.col("_N").mod(len(SYNTHETIC_NAMES)).replace_strict(dict(enumerate(SYNTHETIC_NAMES)),
                                                              return_dtype=pl.String).alias("pers_forename"),
        pl.when(pl.col("UPN").str.starts_with("UN")).then(pl.col("UPN")).alias("pers_upn_unknown"))
    out["ssd_linked_identifiers"] = header.filter(~pl.col("UPN").str.starts_with("UN")).select(
        pl.col("CHILD").alias("link_person_id"), pl.lit(say["identifier_type"]["UPN"]).alias("link_identifier_type"),
        pl.col("UPN").alias("link_identifier_value"))
    out["ssd_mother"] = header.filter(pl.col("MOTHER") == "1").select(
        pl.col("CHILD").alias("moth_person_id"), (pl.col("CHILD") + "-MC").alias("moth_childs_person_id"),
        pl.col("MC_DOB").alias("moth_childs_dob"))
    out["ssd_cla_episodes"] = eps.select(
        pl.col("_ID").alias("clae_cla_episode_id"), pl.col("CHILD").alias("clae_person_id"),
        pl.col("DECOM").alias("clae_cla_episode_start_date"),
        _say("RNE", _coded(cms, "RNE")).alias("clae_cla_episode_start_reason"),
        _say("CIN", _coded(cms, "CIN")).alias("clae_cla_primary_need_code"),
        pl.col("DEC").alias("clae_cla_episode_ceased_date"),
        _say("REC", _coded(cms, "REC")).alias("clae_cla_episode_ceased_reason"),
        pl.col("_CLA").alias("clae_cla_id"), pl.col("_ID").alias("clae_cla_placement_id"))
    out["ssd_cla_placement"] = eps.select(
        pl.col("_ID").alias("clap_cla_placement_id"), pl.col("DECOM").alias("clap_cla_placement_start_date"),
        _say("PLACE", _coded(cms, "PLACE")).alias("clap_cla_placement_type"),
        pl.col("URN").alias("clap_cla_placement_urn"),
        _say("PLACE_PROVIDER", _coded(cms, "PLACE_PROVIDER")).alias("clap_cla_placement_provider"),
        pl.col("PL_POST").alias("clap_cla_placement_postcode"), pl.col("DEC").alias("clap_cla_placement_end_date"),
        _say("REASON_PLACE_CHANGE", _coded(cms, "REASON_PLACE_CHANGE")).alias("clap_cla_placement_change_reason"))
    out["ssd_legal_status"] = eps.select(
        pl.col("_ID").alias("lega_legal_status_id"), pl.col("CHILD").alias("lega_person_id"),
        _say("LS", _coded(cms, "LS")).alias("lega_legal_status"), pl.col("DECOM").alias("lega_legal_status_start_date"),
        pl.col("DEC").alias("lega_legal_status_end_date"))
    out["ssd_address"] = eps.filter(pl.col("HOME_POST").is_not_null()).select(
        pl.col("CHILD").alias("addr_person_id"), pl.lit(say["address_type"]["HOME"]).alias("addr_address_type"),
        pl.col("DECOM").alias("addr_address_start_date"), pl.col("DEC").alias("addr_address_end_date"),
        pl.col("HOME_POST").alias("addr_address_postcode"))
    first = eps.group_by("CHILD").agg(pl.col("DECOM").min().alias("_FIRST"))
    out["ssd_immigration_status"] = tables["UASC"].join(first, on="CHILD", how="left").select(
        pl.col("CHILD").alias("immi_person_id"),
        pl.lit(say["immigration_status"]["UASC"]).alias("immi_immigration_status"),
        pl.coalesce("_FIRST", "DOB").alias("immi_immigration_status_start_date"),
        pl.col("DUC").alias("immi_immigration_status_end_date"))
    out["ssd_missing"] = tables["Missing"].with_row_index("_N").select(
        ("M" + pl.col("_N").cast(pl.String)).alias("miss_table_id"), pl.col("CHILD").alias("miss_person_id"),
        pl.col("MIS_START").alias("miss_missing_episode_start_date"),
        _say("MISSING", _coded(cms, "MISSING")).alias("miss_missing_episode_type"),
        pl.col("MIS_END").alias("miss_missing_episode_end_date"))
    periods = eps.select("CHILD", "_CLA", "_PSTART").unique(["CHILD", "_CLA"]).sort("_PSTART")
    reviews = tables["Reviews"].sort("REVIEW").join_asof(periods, left_on="REVIEW", right_on="_PSTART", by="CHILD",
                                                         strategy="backward", check_sortedness=False)
    out["ssd_cla_reviews"] = reviews.with_row_index("_N").join(
        periods.group_by("CHILD").agg(pl.col("_CLA").first().alias("_FIRSTCLA")), on="CHILD", how="left").select(
        ("R" + pl.col("_N").cast(pl.String)).alias("clar_cla_review_id"),
        pl.coalesce("_CLA", "_FIRSTCLA").alias("clar_cla_id"), pl.col("REVIEW").alias("clar_cla_review_date"),
        pl.lit("N").alias("clar_cla_review_cancelled"),
        _say("REVIEW_CODE", _coded(cms, "REVIEW_CODE")).alias("clar_cla_review_participation"))
    out["ssd_cla_previous_permanence"] = tables["PrevPerm"].select(
        pl.col("CHILD").alias("lapp_person_id"), pl.col("DATE_PERM").alias("lapp_previous_permanence_order_date"),
        _say("PREV_PERM", _coded(cms, "PREV_PERM")).alias("lapp_previous_permanence_option"),
        pl.col("LA_PERM").alias("lapp_previous_permanence_la"))
    out["ssd_permanence"] = tables["PlacedAdoption"].select(
        pl.col("CHILD").alias("perm_person_id"), pl.col("DATE_PLACED").alias("perm_adm_decision_date"),
        pl.col("DATE_PLACED_CEASED").alias("perm_decision_reversed_date"),
        _say("REASON_PLACED_CEASED", _coded(cms, "REASON_PLACED_CEASED")).alias("perm_decision_reversed_reason"))
    sw, pa = tables["SWEpisodes"], tables["pa_allocations"]
    out["ssd_involvements"] = pl.concat([
        sw.select(pl.col("SW_ID").alias("invo_professional_id"), pl.lit(say["worker_role"]["SW"]).alias("_ROLE"),
                  pl.col("SW_DECOM").alias("_S"), pl.col("SW_DEC").alias("_E"),
                  _say("SW_REASON", _coded(cms, "SW_REASON")).alias("_WHY"), pl.col("CHILD").alias("_WHO")),
        pa.select(pl.col("PA_ID").alias("invo_professional_id"), pl.lit(say["worker_role"]["PA"]).alias("_ROLE"),
                  pl.col("START_DATE").alias("_S"), pl.col("END_DATE").alias("_E"),
                  pl.lit(None, dtype=pl.String).alias("_WHY"), pl.col("CHILD").alias("_WHO")),
    ]).with_row_index("_N").select(
        ("I" + pl.col("_N").cast(pl.String)).alias("invo_involvements_id"), "invo_professional_id",
        pl.col("_ROLE").alias("invo_professional_role_id"), pl.col("_S").alias("invo_involvement_start_date"),
        pl.col("_E").alias("invo_involvement_end_date"), pl.col("_WHY").alias("invo_worker_change_reason"),
        pl.col("_WHO").alias("invo_person_id"))
    workers = tables["social_workers"]
    teams = workers.select("TEAM").unique().sort("TEAM").with_row_index("_T")
    out["ssd_department"] = teams.select(("T" + pl.col("_T").cast(pl.String)).alias("dept_team_id"),
                                         pl.col("TEAM").alias("dept_team_name"))
    out["ssd_professionals"] = pl.concat([
        workers.join(teams, on="TEAM", how="left").select(
            pl.col("SW_ID").alias("prof_professional_id"),
            ("T" + pl.col("_T").cast(pl.String)).alias("prof_professional_department"),
            pl.col("FTE").alias("prof_full_time_equivalency"),
            pl.when(pl.col("AGENCY")).then(pl.lit("Y")).otherwise(pl.lit("N")).alias("prof_agency_worker_flag")),
        pa.select(pl.col("PA_ID").unique().alias("prof_professional_id")),
    ], how="diagonal_relaxed")
    visits = tables["statutory_visits"]
    out["ssd_cla_visits"] = visits.with_row_index("_N").select(
        ("V" + pl.col("_N").cast(pl.String)).alias("clav_cla_visit_id"), pl.col("CHILD").alias("clav_person_id"),
        pl.col("VISIT_DATE").alias("clav_cla_visit_date"),
        pl.when(pl.col("SEEN_ALONE")).then(pl.lit("Y")).when(~pl.col("SEEN_ALONE")).then(pl.lit("N"))
        .alias("clav_cla_visit_seen_alone"))
    checks = pl.concat([
        tables["health_assessments"].select("CHILD", pl.col("ASSESSMENT_DATE").alias("_D"),
                                            pl.col("ASSESSMENT_TYPE").alias("_T")),
        tables["dental_checks"].select("CHILD", pl.col("CHECK_DATE").alias("_D"), pl.lit("DENTAL").alias("_T"))])
    out["ssd_cla_health"] = checks.with_row_index("_N").select(
        ("H" + pl.col("_N").cast(pl.String)).alias("clah_health_check_id"), pl.col("CHILD").alias("clah_person_id"),
        _say("_T", say["health_check_type"]).alias("clah_health_check_type"),
        pl.col("_D").alias("clah_health_check_date"),
        pl.lit(say["health_check_status"]["COMPLETED"]).alias("clah_health_check_status"))
    cl = tables["care_leaver_updates"]
    letter = pl.col("ACCOM").str.slice(0, 1)
    out["ssd_care_leavers"] = cl.with_row_index("_N").select(
        ("C" + pl.col("_N").cast(pl.String)).alias("clea_table_id"), pl.col("CHILD").alias("clea_person_id"),
        _say("IN_TOUCH", _coded(cms, "IN_TOUCH")).alias("clea_care_leaver_in_touch"),
        pl.col("UPDATE_DATE").alias("clea_care_leaver_latest_contact"),
        letter.replace_strict(say["accommodation"], default=letter).alias("clea_care_leaver_accommodation"),
        pl.when(pl.col("ACCOM") != "0").then(pl.col("ACCOM").str.slice(1, 1).replace_strict(
            say["accommodation_suitable"], default=None)).alias("clea_care_leaver_accom_suitable"),
        _say("ACTIV", _coded(cms, "ACTIV")).alias("clea_care_leaver_activity"))
    if "CINDetails" in tables:
        cin = _cin(tables, cms, header)
        out["ssd_person"] = pl.concat([out["ssd_person"], cin.pop("ssd_person_cin")], how="diagonal_relaxed")
        out["ssd_linked_identifiers"] = pl.concat([out["ssd_linked_identifiers"],
                                                   cin.pop("ssd_linked_identifiers_cin")], how="diagonal_relaxed")
        out.update(cin)
    return {name: _ssd(name, out.get(name, pl.DataFrame())) for name in SSD_TABLES}


def _referral_of(rows: pl.DataFrame, refs: pl.DataFrame, day: str) -> pl.DataFrame:
    """``rows`` with ``_REF``: the child's referral on or before ``day`` (the latest), else the child's first."""
    first = refs.group_by("LAchildID").agg(pl.col("_REF").sort_by("CINreferralDate").first().alias("_FIRST"))
    got = rows.sort(day).join_asof(refs.sort("CINreferralDate"), left_on=day, right_on="CINreferralDate",
                                   by="LAchildID", strategy="backward", check_sortedness=False)
    return got.join(first, on="LAchildID", how="left").with_columns(pl.coalesce("_REF", "_FIRST").alias("_REF"))


def _cin(tables: dict[str, pl.DataFrame], cms: str, header: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The SSD CIN tables for the CIN census tables (merged across years): a referral per CIN episode, the rest
    linked to the child's referral current on their start date."""
    details = tables["CINDetails"]
    refs = details.select("LAchildID", "CINreferralDate",
                          (pl.col("LAchildID") + "-R" + pl.col("CINreferralDate").dt.strftime("%Y%m%d")).alias("_REF"))
    flag = {"1": "Y", "0": "N"}
    out: dict[str, pl.DataFrame] = {}
    out["ssd_cin_episodes"] = details.join(refs, on=["LAchildID", "CINreferralDate"]).select(
        pl.col("_REF").alias("cine_referral_id"), pl.col("LAchildID").alias("cine_person_id"),
        pl.col("CINreferralDate").alias("cine_referral_date"),
        _say("PrimaryNeedCode", _coded(cms, "CIN_PRIMARY_NEED")).alias("cine_cin_primary_need_code"),
        _say("ReferralSource", _coded(cms, "CIN_REFERRAL_SOURCE")).alias("cine_referral_source_code"),
        _say("ReferralNFA", flag).alias("cine_referral_nfa"),
        _say("ReasonForClosure", _coded(cms, "CIN_REASON_FOR_CLOSURE")).alias("cine_close_reason"),
        pl.col("CINclosureDate").alias("cine_close_date"))
    a = _referral_of(tables["CINAssessments"], refs, "AssessmentActualStartDate").with_row_index("_N")
    out["ssd_cin_assessments"] = a.select(
        ("A" + pl.col("_N").cast(pl.String)).alias("cina_assessment_id"), pl.col("LAchildID").alias("cina_person_id"),
        pl.col("_REF").alias("cina_referral_id"), pl.col("AssessmentActualStartDate").alias("cina_assessment_start_date"),
        pl.col("AssessmentAuthorisationDate").alias("cina_assessment_auth_date"))
    out["ssd_assessment_factors"] = a.filter(pl.col("AssessmentFactors").is_not_null()).select(
        ("F" + pl.col("_N").cast(pl.String)).alias("cinf_table_id"),
        ("A" + pl.col("_N").cast(pl.String)).alias("cinf_assessment_id"),
        ('["' + pl.col("AssessmentFactors").str.replace_all(",", '","') + '"]').alias("cinf_assessment_factors_json"))
    plans = _referral_of(tables["CINPlans"], refs, "CINPlanStartDate").with_row_index("_N")
    out["ssd_cin_plans"] = plans.select(
        ("P" + pl.col("_N").cast(pl.String)).alias("cinp_cin_plan_id"), pl.col("_REF").alias("cinp_referral_id"),
        pl.col("LAchildID").alias("cinp_person_id"), pl.col("CINPlanStartDate").alias("cinp_cin_plan_start_date"),
        pl.col("CINPlanEndDate").alias("cinp_cin_plan_end_date"))
    s47 = _referral_of(tables["CINSection47"], refs, "S47ActualStartDate").with_row_index("_N").with_columns(
        ("S" + pl.col("_N").cast(pl.String)).alias("_S47"))
    out["ssd_s47_enquiry"] = s47.select(
        pl.col("_S47").alias("s47e_s47_enquiry_id"), pl.col("_REF").alias("s47e_referral_id"),
        pl.col("LAchildID").alias("s47e_person_id"), pl.col("S47ActualStartDate").alias("s47e_s47_start_date"),
        pl.when(pl.col("ICPCnotRequired") == "1").then(pl.lit('{"CP_CONFERENCE_FLAG": "N"}'))
        .when(pl.col("ICPCnotRequired") == "0").then(pl.lit('{"CP_CONFERENCE_FLAG": "Y"}'))
        .alias("s47e_s47_outcome_json"))
    direct = details.filter(pl.col("DateOfInitialCPC").is_not_null()).join(refs, on=["LAchildID", "CINreferralDate"])
    out["ssd_initial_cp_conference"] = pl.concat([
        s47.filter(pl.col("DateOfInitialCPC").is_not_null() | pl.col("InitialCPCtarget").is_not_null()).select(
            pl.col("_S47").alias("icpc_s47_enquiry_id"), pl.col("LAchildID").alias("icpc_person_id"),
            pl.col("_REF").alias("icpc_referral_id"), pl.col("InitialCPCtarget").alias("icpc_icpc_target_date"),
            pl.col("DateOfInitialCPC").alias("icpc_icpc_date")),
        direct.select(pl.lit(None, dtype=pl.String).alias("icpc_s47_enquiry_id"),
                      pl.col("LAchildID").alias("icpc_person_id"), pl.col("_REF").alias("icpc_referral_id"),
                      pl.lit(None, dtype=pl.Date).alias("icpc_icpc_target_date"),
                      pl.col("DateOfInitialCPC").alias("icpc_icpc_date")),
    ]).with_row_index("_N").with_columns(("C" + pl.col("_N").cast(pl.String)).alias("icpc_icpc_id"))
    cp = _referral_of(tables["CINProtectionPlans"], refs, "CPPstartDate").with_columns(
        (pl.col("LAchildID") + "-CP" + pl.col("CPPstartDate").dt.strftime("%Y%m%d")).alias("_CP"))
    out["ssd_cp_plans"] = cp.select(
        pl.col("_CP").alias("cppl_cp_plan_id"), pl.col("_REF").alias("cppl_referral_id"),
        pl.col("LAchildID").alias("cppl_person_id"), pl.col("CPPstartDate").alias("cppl_cp_plan_start_date"),
        pl.col("CPPendDate").alias("cppl_cp_plan_end_date"),
        _say("InitialCategoryOfAbuse", _coded(cms, "CIN_CATEGORY_OF_ABUSE")).alias("cppl_cp_plan_initial_category"),
        _say("LatestCategoryOfAbuse", _coded(cms, "CIN_CATEGORY_OF_ABUSE")).alias("cppl_cp_plan_latest_category"))
    out["ssd_cp_reviews"] = tables["CINReviews"].with_row_index("_N").select(
        ("W" + pl.col("_N").cast(pl.String)).alias("cppr_cp_review_id"), pl.col("LAchildID").alias("cppr_person_id"),
        (pl.col("LAchildID") + "-CP" + pl.col("CPPstartDate").dt.strftime("%Y%m%d")).alias("cppr_cp_plan_id"),
        pl.col("CPPreviewDate").alias("cppr_cp_review_date"))
    child = tables["CINChild"]
    out["ssd_disability"] = child.select("LAchildID", pl.col("Disabilities").str.split(",").alias("_D")).explode(
        "_D").filter(pl.col("_D").is_not_null()).with_row_index("_N").select(
        ("D" + pl.col("_N").cast(pl.String)).alias("disa_table_id"), pl.col("LAchildID").alias("disa_person_id"),
        _say("_D", _coded(cms, "CIN_DISABILITY")).alias("disa_disability_code"))
    # children known only to the CIN census are people too
    extra = child.join(header.select(pl.col("CHILD").alias("LAchildID")), on="LAchildID", how="anti")
    out["ssd_person_cin"] = extra.select(
        pl.col("LAchildID").alias("pers_person_id"), _say("Sex", descriptions(cms, "sex")).alias("pers_sex"),
        _say("Ethnicity", _coded(cms, "ETHNIC")).alias("pers_ethnicity"),
        pl.col("PersonBirthDate").alias("pers_dob"), pl.col("ExpectedPersonBirthDate").alias("pers_expected_dob"),
        pl.col("PersonDeathDate").alias("pers_death_date"), pl.col("UPNunknown").alias("pers_upn_unknown"),
        pl.lit("Synthetic").alias("pers_surname"), pl.lit("Alex").alias("pers_forename"))
    out["ssd_linked_identifiers_cin"] = pl.concat([
        extra.filter(pl.col("UPN").is_not_null()).select(
            pl.col("LAchildID").alias("link_person_id"), pl.lit(descriptions(cms, "identifier_type")["UPN"])
            .alias("link_identifier_type"), pl.col("UPN").alias("link_identifier_value")),
        child.filter(pl.col("FormerUPN").is_not_null()).select(
            pl.col("LAchildID").alias("link_person_id"),
            pl.lit(descriptions(cms, "identifier_type")["FORMER_UPN"]).alias("link_identifier_type"),
            pl.col("FormerUPN").alias("link_identifier_value"))])
    return out


def write_folder(ssd: dict[str, pl.DataFrame], folder: Path) -> None:
    """One CSV per SSD table (``<table>.csv``, ISO dates), as a council's export would give."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in ssd.items():
        df.write_csv(folder / f"{name}.csv", date_format="%Y-%m-%d", null_value="")


def write_database(ssd: dict[str, pl.DataFrame], url: str) -> None:
    """Create the SSD tables (SSD names and column names; replacing any there) and load them, plus
    ``ssd_version_log``, in one transaction."""
    import sqlalchemy as sa

    kinds = {pl.Date: sa.Date, pl.Float64: sa.Float, pl.Int64: sa.BigInteger}
    meta = sa.MetaData()
    tables = {name: sa.Table(name, meta, *(sa.Column(c, kinds.get(t.base_type(), sa.String)())  # type: ignore[call-overload]
                                           for c, t in df.schema.items()))
              for name, df in ssd.items()}
    log = sa.Table("ssd_version_log", meta, sa.Column("version_number", sa.String()),
                   sa.Column("description", sa.String()), sa.Column("is_current", sa.Boolean()))
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        meta.drop_all(conn)
        meta.create_all(conn)
        conn.execute(log.insert(), [{"version_number": SSD_VERSION, "description": "Synthetic (Corporate Parenting "
                                     "Hub demo): no real person", "is_current": True}])
        for name, df in ssd.items():
            if df.height:
                conn.execute(tables[name].insert(), df.to_dicts())
    engine.dispose()
