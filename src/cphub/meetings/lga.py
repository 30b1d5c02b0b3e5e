"""The LGA councillors' questions on corporate parenting (seed 004) as the panel's assurance framework.

Each question is the guide's heading, quoted, with the registry measures that help answer it. The panel records
the evidence it received (reports, minute items), a RAG judgement with date and author, and actions, in the web
app; this module holds only the framework itself and the judgement scale."""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = ("Local Government Association, corporate parenting guide for councillors: the questions to ask "
          "(seed 004)")

RAG: dict[str, str] = {"green": "Assured", "amber": "Partly assured: more evidence or action needed",
                       "red": "Not assured: action needed"}


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    measures: tuple[str, ...]
    prompts: str  # what the guide tells councillors to look at, in brief
    source: str = SOURCE


QUESTIONS: tuple[Question, ...] = (
    Question("cohort", "What are the characteristics of our cohort of children in care and care leavers?",
             ("cla_count", "cla_demographics", "placement_type_mix", "awaiting_adoption_count", "uasc_count",
              "stability_long_term_pct", "sw_caseload_avg"),
             "Age and time in care, where children live, placement types, awaiting adoption, UASC, stability, "
             "care leavers' accommodation and activity, social worker caseloads, against statistical neighbours."),
    Question("responsibilities", "Do all of our councillors and officers know about their corporate parenting "
             "responsibilities?", ("councillor_training_12m",),
             "Every councillor trained on their corporate parenting role when first elected; officers' induction."),
    Question("partners", "Do our partner agencies understand their role in supporting us as corporate parents?",
             ("health_assessment_pct", "dental_check_pct"),
             "Health, police, schools and housing: their contribution and attendance at the panel."),
    Question("voice", "How are we giving children and young people the chance to express their views, wishes "
             "and feelings? How do we know those are being acted on?", ("visits_seen_alone_pct",),
             "The children in care council, surveys and stories reaching the panel, and what changed as a result."),
    Question("advocacy", "What arrangements are in place for children to have access to independent advocates "
             "and how many take this up?", ("advocacy_referrals_12m", "advocacy_take_up_pct"),
             "Advocacy referrals and take-up; how concerns raised through advocates are reported."),
    Question("aspirations", "How do we show children in our care that we have high aspirations for them?",
             ("ceyp_eet_17_18_pct", "ceyp_eet_19_21_pct"),
             "Education, employment and training; the Virtual School's report; opportunities across the council."),
    Question("stability", "Are we providing stable environments for children in our care?",
             ("stability_long_term_pct", "stability_short_term_pct", "sw_changes_2plus_pct"),
             "Placement moves, school moves and changes of social worker."),
    Question("health", "What are we doing to look after the health and wellbeing of children in our care?",
             ("health_assessment_pct", "dental_check_pct", "sdq_mean"),
             "Health assessments, dental checks, emotional health (SDQ), waiting times for support."),
    Question("relationships", "What are we doing to support children in care's emotional needs and help them to "
             "build healthy, loving relationships?", ("independent_visitor_pct", "sdq_mean"),
             "Independent visitors, mentors, activities kept when a child moves, the local offer."),
    Question("criminalisation", "What are we doing to ensure that our children in care are not unnecessarily "
             "criminalised?", ("convictions_pct", "missing_pct"),
             "Children in the youth justice system over time; restorative approaches."),
    Question("care_leavers", "What are outcomes like for our care leavers?",
             ("ceyp_eet_19_21_pct", "ceyp_suitable_accom_19_21_pct", "pa_caseload_avg"),
             "Education, employment and training, suitable accommodation, personal advisers, pathway plans."),
    Question("staying_put", "What proportion of young people leaving care are 'staying put' and 'staying close'?",
             ("staying_put_19_20_pct",), "Staying put with former foster carers; staying close to children's homes."),
    Question("placement_types", "Are we providing children in care with the right type of placements?",
             ("placement_type_mix",), "Foster, kinship, residential and semi-independent placements by need."),
    Question("out_of_area", "How many children are placed out-of-area, and how are they being supported?",
             ("placed_out_of_area_pct", "placed_outside_la_over_20_miles_pct"),
             "Out-of-area placements against statistical neighbours and two years ago; support when moved."),
    Question("uasc", "How are we supporting unaccompanied asylum-seeking children?", ("uasc_count", "uasc_pct"),
             "Placements, mental health, English, legal support, care leavers with no recourse to public funds."),
    Question("unregistered", "Are we placing any children in unregistered settings?",
             ("unregistered_placements_count",), "Every unregistered placement, why, and the plan to end it."),
    Question("commissioning", "How are we planning for the future and commissioning services?",
             ("placement_type_mix", "fostering_households_inhouse"),
             "Sufficiency strategy, local or regional commissioning, young people involved in commissioning."),
    Question("foster_carers", "How well do we support our foster carers?", ("fostering_households_inhouse",),
             "Recruitment and retention, information at matching, training plans, out-of-hours support."),
    Question("kinship_carers", "How well do we support our kinship carers?", ("placement_type_mix",),
             "Family group conferences, staff training, allowances, advice and peer support; the kinship "
             "strategy self-assessment."),
)

BY_ID: dict[str, Question] = {q.id: q for q in QUESTIONS}
