"""The panel's annual reporting schedule (themed topics): the reports that must come to the panel, how often,
and when their authors are reminded.

The statutory reports (seed 003's minutes take the Regulation 45 and Regulation 35 reports and the Virtual
School's annual report; the pack's "Annual Reporting Schedule/Themed Topics" item lists the year's plan):
- Regulation 35 (Fostering Services (England) Regulations 2011): the fostering service's quarterly monitoring.
- Regulation 45 (Children's Homes (England) Regulations 2015): the registered person's six-monthly review of
  each children's home.
- The Virtual School Head's annual report (Promoting the education of looked-after and previously
  looked-after children, statutory guidance 2018).
- The IRO annual report (IRO Handbook 2010, para. 7.11).
- Health of children looked after (Promoting the health and well-being of looked-after children, 2015).
- Complaints: the annual report on representations (Children Act 1989 Representations Procedure (England)
  Regulations 2006, reg. 13).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class ReportType:
    id: str
    title: str
    per_year: int  # how many times a year it comes to the panel
    basis: str


REPORT_TYPES: tuple[ReportType, ...] = (
    ReportType("reg35", "Fostering service monitoring report (Regulation 35)", 4,
               "Fostering Services (England) Regulations 2011, regulation 35"),
    ReportType("reg45", "Children's home review (Regulation 45)", 2,
               "Children's Homes (England) Regulations 2015, regulation 45"),
    ReportType("vs_annual", "Virtual School annual report", 1,
               "Promoting the education of looked-after and previously looked-after children (DfE, 2018)"),
    ReportType("iro_annual", "Independent Reviewing Officer annual report", 1, "IRO Handbook (2010), para. 7.11"),
    ReportType("health", "Health of children looked after", 1,
               "Promoting the health and well-being of looked-after children (DfE/DHSC, 2015)"),
    ReportType("complaints", "Complaints and representations annual report", 1,
               "Children Act 1989 Representations Procedure (England) Regulations 2006, regulation 13"),
    ReportType("other", "Themed topic", 1, "The panel's work programme"),
)
BY_ID: dict[str, ReportType] = {r.id: r for r in REPORT_TYPES}

PAPER_DEADLINE_DAYS = 10  # papers are due this many days before the meeting (the pack goes out a week before)
REMIND_DAYS_BEFORE_DEADLINE = 14


def paper_deadline(meeting_on: date, days: int = PAPER_DEADLINE_DAYS) -> date:
    """When the author's paper is due: ``days`` before the meeting."""
    return meeting_on - timedelta(days=days)


def reminder_due(meeting_on: date, today: date, *, received: bool, reminded_on: date | None,
                 window: int = REMIND_DAYS_BEFORE_DEADLINE) -> bool:
    """Whether to remind the author today: the paper is not in, the deadline is at most ``window`` days away
    (or passed, before the meeting), and they have not been reminded today already."""
    if received or today > meeting_on:
        return False
    if paper_deadline(meeting_on) - today > timedelta(days=window):
        return False
    return reminded_on != today
