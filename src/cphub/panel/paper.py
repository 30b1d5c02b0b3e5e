"""The pack as a panel paper: the cover's fields, the one-page summary drafted from the figures, and "why this
matters" for every measure. Plain Python over a :class:`~cphub.panel.scorecard.Scorecard`.

The summary is drafted in plain English from the data (what rose, what fell, what is off target, with the
counts), one sentence per measure so each can be traced back to it; the officer edits the sentences before
publication (the edited list is kept on the pack edition, and replaces the draft).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cphub.panel.fmt import format_value, long_date
from cphub.panel.scorecard import Row, Scorecard

COVER_FIELDS = ("meeting_name", "meeting", "author", "version", "status", "action_required")
DEFAULT_COVER = {"meeting_name": "Corporate Parenting Panel", "meeting": None, "author": "", "version": "0.1",
                 "status": "confidential", "action_required": "For information"}
# Context figures every summary opens with, as the seed pack's does (children looked after, entries, care leavers)
HEADLINES = ("cla_count", "entries_ytd", "exits_ytd", "ceyp_count")
MAX_SENTENCES = 14

WHY: dict[str, str] = {
    "cla_count": "The council is the corporate parent of every one of these children; the number shapes the "
                 "placements, social workers and money the council needs.",
    "cla_rate_10k": "A rate allows a fair comparison with councils of other sizes.",
    "short_breaks_count": "Short breaks support families to stay together; these children are not counted as "
                          "looked after.",
    "cla_demographics": "Knowing who our children are, against the area's children, shows which groups come into "
                        "care more often than we would expect.",
    "cla_disability_count": "Disabled children need placements and support that meet their needs.",
    "uasc_count": "Unaccompanied children arrive alone and need the same care as every other child, and support "
                  "with their asylum claims.",
    "uasc_pct": "Shows how much of the care population arrived alone, which affects placements and leaving care.",
    "entries_ytd": "How many children come into care shows pressure on families and on the front door.",
    "entries_rate_10k": "A rate compares entries into care fairly with other councils.",
    "exits_ytd": "Children leaving care should do so to a stable, planned home.",
    "exits_rate_10k": "A rate compares exits from care fairly with other councils.",
    "exit_reasons": "Why children leave care shows whether they go home, to family or to permanence.",
    "positive_exits_pct": "Leaving care to a permanent family (home, adoption, special guardianship) is usually "
                          "the best outcome.",
    "adoptions_ytd": "Adoption gives some children a permanent family for life.",
    "adoptions_pct": "Shows how often adoption is the route out of care.",
    "health_assessment_pct": "An annual health assessment is a legal requirement and catches unmet health needs.",
    "dental_check_pct": "Children in care often miss routine dental care; an annual check is expected.",
    "stability_long_term_pct": "Children who stay in the same home for a long time do better at school and in life.",
    "stability_short_term_pct": "Three or more moves in a year harm children's relationships and schooling.",
    "placed_over_20_miles_pct": "Living far from home can cut children off from family, friends and school.",
    "placed_outside_la_over_20_miles_pct": "Placements far away and outside the council are the hardest to support.",
    "visits_in_time_pct": "Social workers must see children regularly to keep them safe and hear their views.",
    "visits_seen_alone_pct": "Seeing children alone lets them say what they might not say in front of carers.",
    "sw_changes_2plus_pct": "Children tell us that changes of social worker are one of the hardest parts of care.",
    "sw_caseload_avg": "Manageable caseloads give social workers time for each child.",
    "fostering_households_inhouse": "Enough of our own foster carers lets children live near home, in families.",
    "ceyp_count": "The council remains a corporate parent to care leavers up to 25; the number drives the "
                  "personal-adviser service.",
    "ceyp_demographics": "Shows which young people our leaving-care service supports.",
    "ceyp_eet_19_21_pct": "Education, employment or training is the best route to an independent adult life.",
    "ceyp_suitable_accom_19_21_pct": "A safe, suitable home is the foundation of everything else for care leavers.",
    "ceyp_eet_17_18_pct": "Staying in education or training at 17-18 sets up adult life.",
    "ceyp_suitable_accom_17_18_pct": "Young care leavers are most at risk of unsuitable housing.",
    "pa_caseload_avg": "Personal advisers need time to keep in touch with each young person.",
    "placement_type_mix": "Most children do best in a family; the mix shows how many are in residential or "
                          "other settings.",
    "placed_out_of_area_pct": "Children placed outside the council's area are further from home and services.",
    "unregistered_placements_count": "Children under 16 must not live in unregistered settings; each one needs "
                                     "urgent action.",
    "missing_pct": "Going missing puts children at risk of harm and exploitation.",
    "convictions_pct": "Children in care should be kept out of the criminal justice system wherever possible.",
    "staying_put_19_20_pct": "Staying with former foster carers after 18 gives young people a gentler move to adult "
                             "life.",
    "awaiting_adoption_count": "Children waiting for adoption need a family found without delay.",
    "sdq_mean": "The strengths and difficulties score screens children's emotional health; lower is better.",
}


def why(measure_id: str, description: str = "") -> str:
    return WHY.get(measure_id, description)


@dataclass
class Sentence:
    measure_id: str
    text: str


def _figure(row: Row, value, numerator) -> str:
    from cphub.panel.fmt import with_count

    return with_count(value, row.measure.unit, numerator)


def _sentence(row: Row, card: Scorecard, chance: Mapping[str, bool | None]) -> str | None:
    """One plain sentence for a measure: its figure, the year-on-year move, whether that is more than chance
    (since the last panel) and whether it is off target."""
    m = row.measure
    if row.value is None or "value" in row.suppressed:
        return None
    now = _figure(row, row.value, row.numerator)
    parts = [f"{m.title}: {now} at {long_date(card.at)}"]
    if row.last_year_value is not None and "last_year_value" not in row.suppressed:
        before = _figure(row, row.last_year_value, row.last_year_numerator)
        if abs(row.value - row.last_year_value) < 1e-9:
            parts.append("the same as a year earlier")
        else:
            verb = "up" if row.value > row.last_year_value else "down"
            judged = f", {row.assessment}" if row.assessment in ("better", "worse") else ""
            parts.append(f"{verb} from {before} a year earlier{judged}")
    text = ", ".join(parts)
    c = chance.get(row.id)
    if c is False:
        text += "; the change since the last panel is more than we'd expect by chance for a group this size"
    if row.rag == "red" and row.target is not None:
        text += f"; off target ({format_value(row.target, m.unit)})"
    elif row.rag == "red":
        text += "; behind comparable councils"
    return text + "."


def draft_summary(card: Scorecard) -> list[Sentence]:
    """The summary drafted from the figures: the headline context figures, then every measure that moved by more
    than chance since the last panel, then every measure off target (red), then the largest moves on a year
    earlier that are better or worse, at most :data:`MAX_SENTENCES`."""
    chance = {c.measure_id: c.within_chance for c in card.changes if not c.suppressed and c.moved}
    by_id = {r.id: r for r in card.rows}
    order: list[str] = [i for i in HEADLINES if i in by_id]
    order += [r.id for r in card.rows if chance.get(r.id) is False and r.id not in order]
    order += [r.id for r in card.rows if r.rag == "red" and r.id not in order]
    # then what rose or fell most on a year earlier (better or worse), so the summary always says what moved
    moved = [r for r in card.rows if r.assessment in ("better", "worse") and r.id not in order
             and r.value is not None and r.last_year_value is not None]
    moved.sort(key=lambda r: -abs(float(r.value or 0) - float(r.last_year_value or 0))
               / max(abs(float(r.last_year_value or 0)), 1e-9))
    order += [r.id for r in moved]
    out = []
    for mid in order:
        s = _sentence(by_id[mid], card, chance)
        if s:
            out.append(Sentence(mid, s))
        if len(out) >= MAX_SENTENCES:
            break
    return out


def summary_of(card: Scorecard) -> list[Sentence]:
    """The officer's edited summary when the edition has one, else the draft."""
    saved = card.paper.get("summary") if card.paper else None
    if saved:
        out = [Sentence(str(s.get("measure", "")), str(s.get("text", ""))) for s in saved if s.get("text")]
        if card.public:  # a sentence about a figure the public version withholds is left out of it
            withheld = {r.id for r in card.rows if {"value", "last_year_value"} & set(r.suppressed)}
            known = {r.id for r in card.rows}
            out = [s for s in out if s.measure_id in known and s.measure_id not in withheld]
        return out
    return draft_summary(card)


def cover_fields(card: Scorecard) -> dict:
    out = dict(DEFAULT_COVER)
    out.update({k: v for k, v in (card.paper or {}).items() if k in COVER_FIELDS and v not in (None, "")})
    if card.public:
        out["status"] = "public"
    return out
