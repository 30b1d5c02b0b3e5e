"""The measure registry: every scorecard measure, in display order, and :func:`compute`.

Each measure cites the definition it follows (DfE/LAIT or local) and where its data comes from. Windows:
``as_at`` (at the date), ``ytd`` (1 April of the collection year to the date), ``rolling_12m`` (the 12 months
to the date) and ``year_to_31_march`` (the latest SSDA903 outcome return for a year ending by the date).

Every measure's ``compute`` answers for a list of dates at once (:class:`cphub.measures.base.Measure`);
:func:`compute` is the one-date case and :func:`compute_series` the many-dates one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from cphub.measures import care_leavers as cl
from cphub.measures import cla, distance, health, stability
from cphub.measures import entries_exits as ee
from cphub.measures import lga_questions as lga
from cphub.measures import visits_workforce as vw
from cphub.measures.base import CouncilData, Measure, MeasureResult

S903 = "SSDA903 Episodes and Header"
DFE_CLA = "DfE 'Children looked after in England including adoptions'"
CLA, HEALTH, STAB, VISITS, FOSTER, CEYP, LGA = ("Children looked after", "Health", "Stability and distance",
                                                "Visits and workforce", "Fostering", "Care experienced young people",
                                                "LGA questions")

_MEASURES = [
    Measure("cla_count", "Number of children looked after",
            "How many children the council looks after on the date.",
            "Distinct children with an episode open at the date (started on or before it, not ceased by it), "
            "excluding short breaks (legal status V3/V4). " + DFE_CLA + ", LAIT 'LAC'.",
            S903, "n/a", "count", "as_at", cla.cla_count, CLA),
    Measure("cla_rate_10k", "Children looked after per 10,000 children",
            "Children looked after for every 10,000 children aged 0 to 17 living in the council's area.",
            "cla_count / ONS mid-year estimate of the 0-17 population for the calendar year before the collection "
            "year ends x 10,000 (as DfE: 31 March 2025 uses mid-2024). " + DFE_CLA + ".",
            S903 + "; ONS mid-year population estimates", "n/a", "rate per 10,000", "as_at", cla.cla_rate_10k, CLA,
            benchmark="cla_rate_10k"),
    Measure("short_breaks_count", "Children on short breaks",
            "Children receiving a planned series of short breaks (respite) on the date; they are not counted as "
            "looked after in the other figures.",
            "Distinct children with a V3 or V4 episode open at the date; detail: with one in the last 12 months.",
            S903, "n/a", "count", "as_at", cla.short_breaks_count, CLA),
    Measure("cla_demographics", "Children looked after: age, sex and ethnicity",
            "Who our children looked after are, compared with all children in the area where that is known.",
            "Children looked after at the date by DfE age band (under 1, 1-4, 5-9, 10-15, 16+) x sex, by ONS 2021 "
            "broad ethnic group x sex (against the area's population), by length of the current period of care, and "
            "with a disability (category of need N2) by sex.",
            S903, "n/a", "count", "as_at", cla.cla_demographics, CLA),
    Measure("cla_disability_count", "Children looked after with a disability",
            "Children looked after whose main need is their disability.",
            "Children looked after at the date whose current episode has category of need N2 (child's disability).",
            S903, "n/a", "count", "as_at", cla.cla_disability_count, CLA),
    Measure("uasc_count", "Unaccompanied asylum-seeking children looked after",
            "Children looked after who came to the UK seeking asylum without a parent or carer.",
            "Children looked after at the date listed in the SSDA903 UASC table whose UASC status had not ceased "
            "(DUC blank or after the date). LAIT 'UASC'.",
            "SSDA903 Episodes, UASC", "n/a", "count", "as_at", cla.uasc_count, CLA),
    Measure("uasc_pct", "Unaccompanied asylum-seeking children as % of children looked after",
            "The share of children looked after who are unaccompanied asylum-seeking children.",
            "uasc_count / cla_count x 100.", "SSDA903 Episodes, UASC", "n/a", "%", "as_at", cla.uasc_pct, CLA,
            benchmark="uasc_pct"),
    Measure("entries_ytd", "Children starting to be looked after, year to date",
            "How many children came into care since 1 April (packs show occasions, then children in "
            "brackets: '137 (134)').",
            "Distinct children with a period of care (short breaks excluded) starting between 1 April and the date; "
            "detail also counts every occasion. LAIT 'LAC_Start_Rate' (number).",
            S903, "n/a", "count", "ytd", ee.entries_ytd, CLA),
    Measure("entries_rate_10k", "Children starting to be looked after per 10,000 children, year to date",
            "Children who came into care since 1 April for every 10,000 children aged 0 to 17.",
            "entries_ytd / ONS 0-17 population (previous mid-year) x 10,000. LAIT 'LAC_Start_Rate'.",
            S903 + "; ONS mid-year population estimates", "n/a", "rate per 10,000", "ytd", ee.entries_rate_10k, CLA,
            benchmark="entries_rate_10k"),
    Measure("exits_ytd", "Children ceasing to be looked after, year to date",
            "How many children left care since 1 April.",
            "Distinct children whose period of care ended (DEC in the window, REC not X1) between 1 April and the "
            "date, a child counted once on the last occasion. LAIT 'LAC_Cease_Rate' (number).",
            S903, "n/a", "count", "ytd", ee.exits_ytd, CLA),
    Measure("exits_rate_10k", "Children ceasing to be looked after per 10,000 children, year to date",
            "Children who left care since 1 April for every 10,000 children aged 0 to 17.",
            "exits_ytd / ONS 0-17 population (previous mid-year) x 10,000. LAIT 'LAC_Cease_Rate'.",
            S903 + "; ONS mid-year population estimates", "n/a", "rate per 10,000", "ytd", ee.exits_rate_10k, CLA,
            benchmark="exits_rate_10k"),
    Measure("exit_reasons", "Why children left care, year to date",
            "The reasons children left care since 1 April.",
            "exits_ytd by the reason episode ceased (REC) of the last occasion, grouped as DfE publishes them.",
            S903, "n/a", "count", "ytd", ee.exit_reasons, CLA),
    Measure("positive_exits_pct", "Children leaving care for a positive reason, year to date",
            "The share of children leaving care who left to a permanent or planned home.",
            "Children leaving since 1 April whose last reason is in the council's 'positive' set (default: adopted "
            "E11/E12, SGO E43-E48, CAO E41, planned return home E4A, staying put E17, supported independent living "
            "E5) / exits_ytd x 100. A local measure: DfE defines no 'positive exit'.",
            S903, "high", "%", "ytd", ee.positive_exits_pct, CLA, benchmark="positive_exits_pct"),
    Measure("adoptions_ytd", "Children adopted, year to date",
            "How many children left care by adoption since 1 April.",
            "Children leaving care since 1 April whose last reason is E11 or E12. LAIT '% of LAC adopted' (number).",
            S903, "n/a", "count", "ytd", ee.adoptions_ytd, CLA),
    Measure("adoptions_pct", "Children adopted as % of children leaving care, year to date",
            "The share of children leaving care who were adopted.",
            "adoptions_ytd / exits_ytd x 100. LAIT '% of LAC adopted'.",
            S903, "n/a", "%", "ytd", ee.adoptions_pct, CLA, benchmark="adoptions_pct"),
    Measure("health_assessment_pct", "Health assessments up to date",
            "Children in care for a year or more whose health assessment is up to date.",
            "At 31 March: OC2 cohort (looked after continuously 12 months) with HEALTH_ASSESSMENT = 1 / OC2 cohort "
            "(LAIT 'LACHealth%'). Other dates: children looked after continuously for the 12 months to the date with "
            "a health assessment in the last 12 months (6 months for under-fives) in the local records.",
            "SSDA903 OC2; local health_assessments", "high", "%", "rolling_12m", health.health_assessment_pct, HEALTH,
            default_target=90.0, benchmark="health_assessment_pct"),
    Measure("dental_check_pct", "Dental checks up to date",
            "Children in care for a year or more who have had a dental check in the last year.",
            "At 31 March: OC2 cohort with TEETH_CHECK = 1 / OC2 cohort (LAIT 'LACDental%'). Other dates: children "
            "looked after continuously for the 12 months to the date with a dental check in the last 12 months.",
            "SSDA903 OC2; local dental_checks", "high", "%", "rolling_12m", health.dental_check_pct, HEALTH,
            default_target=90.0, benchmark="dental_check_pct"),
    Measure("stability_long_term_pct", "Long-term placement stability",
            "Children under 16 in care for two and a half years or more who have lived with the same carer for "
            "at least two years.",
            "Children looked after at the date, under 16, whose period of care began 30 months or more before it; "
            "numerator: same carer (spell from RNE S/P/B; temporary T0-T4 moves and the return from them not "
            "counted) for 24 months or more, or placed for adoption (A3-A6) where that and the previous placement "
            "together reach 24 months. LAIT 'LAC_LongStable%'.",
            S903, "high", "%", "as_at", stability.stability_long_term_pct, STAB, default_target=65.0,
            benchmark="stability_long_term_pct"),
    Measure("stability_short_term_pct", "Children with 3 or more placements in the last 12 months",
            "Children looked after who have had three or more homes (carers) in the last year.",
            "Children looked after at the date with 3 or more carer spells (new carer at RNE S/P/B; temporary T0-T4 "
            "moves and the return from them not counted) open at any time in the 12 months to the date, including "
            "the one open at the start / children looked after x 100. LAIT 'LACStable_2016on'.",
            S903, "low", "%", "rolling_12m", stability.stability_short_term_pct, STAB, default_target=10.0,
            benchmark="stability_short_term_pct"),
    Measure("placed_over_20_miles_pct", "Children placed more than 20 miles from home",
            "Children looked after living more than 20 miles (straight line) from the home they were first placed "
            "from.",
            "Children looked after at the date whose HOME_POST to PL_POST distance (DfE formula on ONS Postcode "
            "Directory grid references, to 0.1 mile) exceeds 20 miles / children looked after x 100.",
            "SSDA903 Episodes; ONS Postcode Directory", "low", "%", "as_at", distance.placed_over_20_miles_pct, STAB,
            default_target=20.0),
    Measure("placed_outside_la_over_20_miles_pct", "Children placed outside the council and more than 20 miles away",
            "Children looked after living outside the council's area and more than 20 miles from home (DfE's "
            "measure).",
            "As placed_over_20_miles_pct, also with the placement postcode outside the council (PL_LOCATION = OUT). "
            "LAIT 'LACDistance'.",
            "SSDA903 Episodes; ONS Postcode Directory", "low", "%", "as_at",
            distance.placed_outside_la_over_20_miles_pct, STAB, benchmark="placed_outside_la_over_20_miles_pct"),
    Measure("visits_in_time_pct", "Children visited within timescales",
            "Children looked after whose social worker visits are up to date.",
            "Children looked after at the date whose placement began at most 7 days before it, or who have had a "
            "visit since the placement began and within the last 6 weeks (3 months after a year in long-term "
            "foster care, U1/U4) / children looked after x 100. Care Planning Regulations 2010, reg. 28.",
            "Local statutory_visits; SSDA903 Episodes", "high", "%", "as_at", vw.visits_in_time_pct, VISITS,
            default_target=90.0),
    Measure("visits_seen_alone_pct", "Children seen alone within timescales",
            "Children looked after visited in time and seen alone at their latest visit.",
            "Children looked after at the date visited within timescales whose latest visit recorded SEEN_ALONE / "
            "children looked after x 100.",
            "Local statutory_visits; SSDA903 Episodes", "high", "%", "as_at", vw.visits_seen_alone_pct, VISITS,
            default_target=90.0),
    Measure("sw_changes_2plus_pct", "Children with 2 or more changes of social worker in 12 months",
            "Children in care for a year or more who have had two or more new social workers in the last year.",
            "Children looked after at the date whose period of care began more than 12 months before it, with 2 or "
            "more SWEpisodes starting in the 12 months to the date with a different social worker from the one "
            "before / that cohort x 100.",
            "SSDA903 SWEpisodes", "low", "%", "rolling_12m", vw.sw_changes_2plus_pct, VISITS),
    Measure("sw_caseload_avg", "Average children looked after per social worker",
            "How many children looked after each social worker holding such cases has, on average.",
            "Children looked after at the date with an open social-worker episode / distinct social workers holding "
            "them (only the teams in the council's caseload_teams setting, when set); detail: per full-time "
            "equivalent from the local social_workers table.",
            "SSDA903 SWEpisodes; local social_workers", "low", "mean", "as_at", vw.sw_caseload_avg, VISITS,
            default_target=18.0),
    Measure("fostering_households_inhouse", "In-house fostering households",
            "The council's own approved (mainstream) fostering households.",
            "Local fostering_households of type INHOUSE approved on or before the date and not de-registered by it.",
            "Local fostering_households", "high", "count", "as_at", vw.fostering_households_inhouse, FOSTER),
    Measure("ceyp_count", "Care experienced young people eligible for services",
            "Young people who were in care for at least 13 weeks after turning 14 (including after 16) and are "
            "entitled to leaving-care support.",
            "Not looked after at the date; looked after (short breaks excluded) 91+ days since their 14th birthday "
            "with care continuing after their 16th; aged 16-20, or 21-24 with a personal adviser; not left by "
            "adoption/SGO/CAO/death; not recorded as died. Children (Leaving Care) Act 2000.",
            S903 + "; local pa_allocations, care_leaver_updates", "n/a", "count", "as_at", cl.ceyp_count, CEYP),
    Measure("ceyp_demographics", "Care experienced young people: age, sex and ethnicity",
            "Who our care experienced young people are.",
            "ceyp_count by age band (16-17, 18-19, 20-21, 22+) x sex, ONS broad ethnic group x sex and disability.",
            S903, "n/a", "count", "as_at", cl.ceyp_demographics, CEYP),
    Measure("ceyp_eet_19_21_pct", "Care leavers aged 19-21 in education, employment or training",
            "Care leavers aged 19 to 21 who are in education, training or work.",
            "At 31 March: OC3 cohort with 19th-21st birthday in the year (excluding died / returned home), ACTIV "
            "F1-F5 or P1-P5 / all, including those not in touch (LAIT 'CareLeaverEET'). Other dates: care "
            "leavers aged 19-21 at the date (with or without a personal adviser) by their latest update in the 12 "
            "months to the date.",
            "SSDA903 OC3; local care_leaver_updates", "high", "%", "as_at", cl.ceyp_eet_19_21_pct, CEYP,
            default_target=52.0, benchmark="ceyp_eet_19_21_pct"),
    Measure("ceyp_suitable_accom_19_21_pct", "Care leavers aged 19-21 in suitable accommodation",
            "Care leavers aged 19 to 21 living in accommodation judged suitable.",
            "As ceyp_eet_19_21_pct with ACCOM ending 1 (suitable) / all except ACCOM G/H/R (gone abroad, deported, "
            "residence not known). LAIT 'CareLeaverAcc'.",
            "SSDA903 OC3; local care_leaver_updates", "high", "%", "as_at", cl.ceyp_suitable_accom_19_21_pct, CEYP,
            default_target=85.0, benchmark="ceyp_suitable_accom_19_21_pct"),
    Measure("ceyp_eet_17_18_pct", "Care leavers aged 17-18 in education, employment or training",
            "Care leavers aged 17 and 18 who are in education, training or work.",
            "As ceyp_eet_19_21_pct for the 17th-18th birthday cohort.",
            "SSDA903 OC3; local care_leaver_updates", "high", "%", "as_at", cl.ceyp_eet_17_18_pct, CEYP,
            benchmark="ceyp_eet_17_18_pct"),
    Measure("ceyp_suitable_accom_17_18_pct", "Care leavers aged 17-18 in suitable accommodation",
            "Care leavers aged 17 and 18 living in accommodation judged suitable.",
            "As ceyp_suitable_accom_19_21_pct for the 17th-18th birthday cohort.",
            "SSDA903 OC3; local care_leaver_updates", "high", "%", "as_at", cl.ceyp_suitable_accom_17_18_pct, CEYP,
            benchmark="ceyp_suitable_accom_17_18_pct"),
    Measure("pa_caseload_avg", "Average young people per personal adviser",
            "How many care experienced young people each personal adviser supports, on average.",
            "Young people with a personal-adviser allocation open at the date / distinct advisers holding them.",
            "Local pa_allocations", "low", "mean", "as_at", vw.pa_caseload_avg, CEYP, default_target=18.0),
    Measure("placement_type_mix", "Children looked after in foster care (placement types)",
            "Where children looked after live: the share in foster care, with every placement type.",
            "Children looked after at the date in PLACE U1-U6 / children looked after x 100; detail: all placement "
            "groups as EES/LAIT publish them.",
            S903, "n/a", "%", "as_at", lga.placement_type_mix, LGA, benchmark="placement_type_mix"),
    Measure("placed_out_of_area_pct", "Children placed outside the council's area",
            "Children looked after whose home is outside the council's boundary.",
            "Children looked after at the date whose placement postcode lies in another local authority "
            "(PL_LOCATION = OUT) / children looked after x 100.",
            "SSDA903 Episodes; ONS Postcode Directory", "low", "%", "as_at", distance.placed_out_of_area_pct, LGA),
    Measure("unregistered_placements_count", "Children in unregistered or 'other' placements",
            "Children looked after living somewhere not registered with Ofsted (or another 'other' arrangement).",
            "Children looked after at the date with PLACE Z1 (to 2024-25) or Z11/Z13 (from 2025-26).",
            S903, "low", "count", "as_at", lga.unregistered_placements_count, LGA, default_target=0.0),
    Measure("missing_pct", "Children looked after who went missing in the last 12 months",
            "Children looked after in the last year who had at least one missing incident.",
            "Children looked after (short breaks excluded) in the 12 months to the date with a Missing row M in "
            "that time (open incidents included) / children looked after in the 12 months x 100. LAIT "
            "'Children_missing' (year to 31 March).",
            "SSDA903 Missing, Episodes", "low", "%", "rolling_12m", lga.missing_pct, LGA, benchmark="missing_pct"),
    Measure("convictions_pct", "Children looked after convicted or cautioned",
            "Children aged 10 to 17 in care for a year or more who were convicted or received a youth caution.",
            "Latest OC2 return: cohort aged 10-17 at 31 March with CONVICTED = 1 / that cohort x 100. LAIT "
            "'LAC_Convictions'.",
            "SSDA903 OC2", "low", "%", "year_to_31_march", lga.convictions_pct, LGA, benchmark="convictions_pct"),
    Measure("staying_put_19_20_pct", "Care leavers aged 19-20 staying put with former foster carers",
            "Young people who left foster care at 18 and still live with their former foster carers at 19-20.",
            "Latest OC3 return: aged 19-20 who ceased to be looked after on their 18th birthday from U1-U6; "
            "numerator ACCOM Z1/Z2. LAIT 'StayingPut'.",
            "SSDA903 OC3, Episodes", "high", "%", "year_to_31_march", cl.staying_put_19_20_pct, LGA,
            benchmark="staying_put_19_20_pct"),
    Measure("awaiting_adoption_count", "Children awaiting adoption",
            "Children looked after with a decision that they should be adopted who are not yet placed.",
            "Children looked after at the date with a PlacedAdoption decision in force and PLACE not A3-A6.",
            "SSDA903 PlacedAdoption, Episodes", "low", "count", "as_at", lga.awaiting_adoption_count, LGA),
    Measure("sdq_mean", "Average emotional and behavioural health (SDQ) score",
            "The average Strengths and Difficulties Questionnaire score of children in care for a year or more "
            "(higher means more difficulties).",
            "Latest OC2 return: mean SDQ_SCORE of the cohort aged 5-16 at 31 March who have a score. LAIT "
            "'Emotional_LAC'.",
            "SSDA903 OC2", "low", "mean", "year_to_31_march", lga.sdq_mean, LGA, benchmark="sdq_mean"),
]

REGISTRY: dict[str, Measure] = {m.id: m for m in _MEASURES}
"""Every measure by id, in display order."""


def compute(measure_id: str, data: CouncilData, at: date) -> MeasureResult:
    """The measure's value, numerator, denominator, detail, children and cohort at ``at`` (the one-date case of
    :func:`compute_series`)."""
    return REGISTRY[measure_id].compute(data, [at])[0]


def compute_series(measure_id: str, data: CouncilData, dates: Sequence[date]) -> list[MeasureResult]:
    """The measure at each of ``dates``, in order, computed together (one implementation over many dates)."""
    return REGISTRY[measure_id].compute(data, list(dates))


def compute_all(data: CouncilData, at: date) -> dict[str, MeasureResult]:
    """Every measure at ``at``."""
    return {mid: compute(mid, data, at) for mid in REGISTRY}
