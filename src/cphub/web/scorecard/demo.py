"""Demo set-up for the scorecard: two pack editions for the demo council (the latest 31 March with data and the
quarter before it) with sample commentary, so the scorecard, measure pages and pack show how officers' narrative
looks. The text is invented and says so; it names no child."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cphub.web.scorecard.models import Commentary, PackEdition

SAMPLE = {
    "cla_count": "Sample commentary: the number of children looked after is monitored weekly. Changes over the "
                 "year mostly follow entries of unaccompanied asylum-seeking children and planned returns home.",
    "cla_rate_10k": "Sample commentary: the rate is compared with statistical neighbours using DfE's latest "
                    "published figures at 31 March.",
    "uasc_pct": "Sample commentary: the share of unaccompanied children depends on the National Transfer "
                "Scheme and arrivals at the port.",
    "entries_ytd": "Sample commentary: the legal gateway panel now reviews every request to issue proceedings.",
    "exits_ytd": "Sample commentary: exits include young people turning 18 and moving to staying put.",
    "health_assessment_pct": "Sample commentary: the health team chases review health assessments due in the "
                             "next month at the weekly tracking meeting.",
    "dental_check_pct": "Sample commentary: dental access remains difficult for children placed out of area.",
    "stability_long_term_pct": "Sample commentary: stability can fall when children return home or are adopted.",
    "visits_in_time_pct": "Sample commentary: team managers review visits due each week.",
    "sw_caseload_avg": "Sample commentary: teams are fully staffed and turnover is low.",
    "ceyp_eet_19_21_pct": "Sample commentary: the employability offer has been extended to 21-year-olds.",
    "pa_caseload_avg": "Sample commentary: personal adviser caseloads remain above the target of 18.",
}
AUTHOR = "Demo head of service"


def _demo_dates(la: str) -> tuple[date, date]:
    from cphub.panel.scorecard import add_months
    from cphub.web.core.dates import default_at

    at = default_at(la)
    return add_months(at, -3), at


def setup_demo(la: str, folder: Path | None = None) -> None:
    """Add two editions with sample commentary (idempotent: an edition that exists is left alone)."""
    try:
        from cphub.measures.registry import REGISTRY

        known = set(REGISTRY)
    except ModuleNotFoundError:
        known = set(SAMPLE)
    earlier, latest = _demo_dates(la)
    for at, label in ((earlier, "previous panel"), (latest, "this panel")):
        from cphub.panel.scorecard import add_months

        edition, created = PackEdition.objects.get_or_create(
            la=la, at=at, defaults={"title": f"Corporate Parenting Panel scorecard to {at:%-d %B %Y} (demo, {label})",
                                    "meeting": add_months(at, 1), "author": AUTHOR,
                                    "version": "1.0" if label == "previous panel" else "0.1"})
        if not created:
            continue
        for measure_id, text in SAMPLE.items():
            if measure_id in known:
                Commentary.objects.create(edition=edition, measure_id=measure_id, text=text, author_name=AUTHOR)
