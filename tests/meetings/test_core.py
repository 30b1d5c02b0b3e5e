"""The pure rules of the panel's business, on small hand-made cases (seed 003 and 004)."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cphub.measures.registry import REGISTRY
from cphub.meetings import actions as A
from cphub.meetings import attendance as ATT
from cphub.meetings import complaints as C
from cphub.meetings import kinship_strategy as KS
from cphub.meetings import lga, pack, schedule
from cphub.meetings.municipal import first_minute_number, minute_numbers, municipal_year


def test_municipal_year_runs_may_to_april_as_the_seed_record():
    y = municipal_year(date(2024, 4, 4))
    assert (y.start, y.end, y.label) == (date(2023, 5, 1), date(2024, 4, 30), "2023/24")
    assert date(2023, 7, 18) in y and date(2024, 5, 1) not in y
    assert municipal_year(date(2024, 5, 1)).label == "2024/25"


def test_minutes_continue_across_the_year():
    # seed: the 16 January 2024 minutes start at 33 after 32 minutes of earlier 2023/24 meetings
    assert first_minute_number([8, 8, 8, 8]) == 33
    assert minute_numbers([3, 2]) == [[1, 2, 3], [4, 5]]
    with pytest.raises(ValueError):
        first_minute_number([-1])


@given(st.lists(st.integers(0, 30), max_size=8))
def test_minute_numbers_are_consecutive_and_unique(counts):
    nums = [n for meeting in minute_numbers(counts) for n in meeting]
    assert nums == list(range(1, sum(counts) + 1))
    for i in range(len(counts)):
        assert (minute_numbers(counts)[i] or [first_minute_number(counts[:i])])[0] == first_minute_number(counts[:i])


def test_attendance_record_layout_matches_the_seed():
    cols = [ATT.MeetingColumn(1, date(2023, 7, 18)), ATT.MeetingColumn(2, date(2023, 10, 26), workshop=True)]
    rows = ATT.record([(10, "Qaseem"), (11, "Dauti")], cols, {(10, 1): "P", (10, 2): "P*", (11, 1): "Ab"})
    assert [c.heading for c in cols] == ["18/07/23", "26/10/23 Workshop"]
    assert [(r.member, r.cells) for r in rows] == [("Dauti", ["Ab", ""]), ("Qaseem", ["P", "P*"])]
    assert ATT.LEGEND_ROWS[0] == (("P", "Present for whole meeting"), ("P*", "Present for part of meeting"))
    assert ATT.LEGEND_ROWS[1] == (("Ap", "Apologies given"), ("Ab", "Absent, no apologies"))
    with pytest.raises(ValueError, match="unknown attendance code"):
        ATT.record([(1, "X")], cols, {(1, 1): "Y"})


def test_pack_pages_match_the_seed_agenda():
    # seed 003: minutes 1-6, private strategy (7-12), scorecard 13-38, complaints 39-44, kinship 45-114, record 115-116
    docs = [pack.PackDocument("minutes", 5), pack.PackDocument("strategy", 6, restricted=True),
            pack.PackDocument("scorecard", 26), pack.PackDocument("complaints", 5), pack.PackDocument("kinship", 69),
            pack.PackDocument("attendance", 1)]
    placed = pack.paginate(docs)
    assert [p.page_range for p in placed] == ["1 - 6", "7 - 12", "13 - 38", "39 - 44", "45 - 114", "115 - 116"]
    assert pack.agenda_page_column(placed[1], restricted=True) == "Not for publication"
    assert pack.agenda_page_column(None, restricted=False) == ""
    private = pack.page_plan(2, placed, public=False)
    public = pack.page_plan(2, placed, public=True)
    assert len(private) == 2 + 116
    assert [s.number for s in private[:4]] == ["", "", "1", "2"]
    assert private[2 + 5].source == "blank" and private[2 + 5].number == "6"
    assert len(public) == 2 + 116 - 6 + 2
    restricted = [s for s in public if s.source == "restricted"]
    assert restricted[0].number == "Pages 7 - 12"
    # page numbers after the restricted paper are the same in both packs
    assert [s.number for s in public if s.key == "scorecard"] == [s.number for s in private if s.key == "scorecard"]


@given(st.lists(st.integers(1, 40), min_size=1, max_size=10))
def test_every_paper_starts_on_an_odd_page(pages):
    placed = pack.paginate([pack.PackDocument(i, n) for i, n in enumerate(pages)])
    assert all(p.first % 2 == 1 and p.last - p.first + 1 in (p.pages, p.pages + 1) for p in placed)
    assert all(b.first == a.last + 1 for a, b in pairwise(placed))


def test_actions_overdue_and_carried_forward():
    a = A.ActionState(1, date(2024, 1, 16), date(2024, 2, 1), A.OPEN)
    b = A.ActionState(2, date(2024, 1, 16), None, A.DONE)
    c = A.ActionState(3, date(2024, 4, 4), date(2024, 5, 1), A.IN_PROGRESS)
    d = A.ActionState(4, date(2023, 11, 21), date(2024, 1, 1), A.IN_PROGRESS)
    assert A.is_overdue(a, date(2024, 3, 1)) and not A.is_overdue(a, date(2024, 2, 1))
    assert not A.is_overdue(b, date(2030, 1, 1))
    assert A.carried_into([a, b, c, d], date(2024, 4, 4)) == [4, 1]
    with pytest.raises(ValueError):
        A.is_open(A.ActionState(5, date(2024, 1, 1), None, "finished"))


def test_every_lga_question_links_measures_in_the_registry():
    assert len(lga.QUESTIONS) == 19
    for q in lga.QUESTIONS:
        assert q.measures, q.id
        missing = [m for m in q.measures if m not in REGISTRY]
        assert not missing, (q.id, missing)
    assert "advocacy_take_up_pct" in lga.BY_ID["advocacy"].measures


def test_kinship_commitments_cover_the_three_pillars():
    assert {c.pillar for c in KS.COMMITMENTS} == set(KS.PILLARS)
    assert len({c.id for c in KS.COMMITMENTS}) == len(KS.COMMITMENTS)


def test_reminders_fall_due_before_the_paper_deadline():
    meeting = date(2024, 4, 4)
    assert schedule.paper_deadline(meeting) == date(2024, 3, 25)
    assert not schedule.reminder_due(meeting, date(2024, 3, 1), received=False, reminded_on=None)
    assert schedule.reminder_due(meeting, date(2024, 3, 11), received=False, reminded_on=None)
    assert not schedule.reminder_due(meeting, date(2024, 3, 11), received=False, reminded_on=date(2024, 3, 11))
    assert schedule.reminder_due(meeting, date(2024, 3, 28), received=False, reminded_on=date(2024, 3, 11))
    assert not schedule.reminder_due(meeting, date(2024, 3, 28), received=True, reminded_on=None)
    assert not schedule.reminder_due(meeting, date(2024, 4, 5), received=False, reminded_on=None)


@given(st.lists(st.tuples(st.integers(1, 3), st.booleans()), max_size=40), st.integers(2, 10))
def test_no_hidden_complaint_count_can_be_worked_out_from_the_total(raw, t):
    items = [C.ComplaintFacts(stage, adv, ("other",), "open", None) for stage, adv in raw]
    s = C.summary(items, t)
    if s["Complaints"][0].count is None:  # the total itself is withheld
        return
    for table in ("Stage", "Advocate", "Outcome"):
        hidden = [r for r in s[table] if r.count is None]
        assert len(hidden) != 1, (table, s[table])


def test_complaints_summary_suppresses_small_counts():
    items = [C.ComplaintFacts(1, True, ("money", "communication"), "partly", True)] * 6 + \
            [C.ComplaintFacts(2, False, ("placement",), "upheld", False)] * 2
    s = C.summary(items, 5)
    stage = {r.label: r.count for r in s["Stage"]}
    # stage 2 (2) is small; stage 1 is hidden too, or 8 - 6 would give it away
    assert stage == {C.STAGES[1]: None, C.STAGES[2]: None, C.STAGES[3]: 0}
    assert s["Complaints"][0].count == 8
    assert {r.label: r.shown(5) for r in s["Outcome"]}["Upheld"] == "fewer than 5"
    themes = {r.label: r.count for r in s["Theme"]}  # not exhaustive (a complaint has several): primary only
    assert themes[C.THEMES["money"]] == 6 and themes[C.THEMES["placement"]] is None
    with pytest.raises(ValueError, match="theme"):
        C.summary([C.ComplaintFacts(1, False, ("bogus",), "open", None)], 5)


def test_the_core_has_no_django():
    import subprocess
    import sys

    code = ("import sys, cphub.meetings.actions, cphub.meetings.attendance, cphub.meetings.complaints, "
            "cphub.meetings.kinship_strategy, cphub.meetings.lga, cphub.meetings.municipal, cphub.meetings.pack, "
            "cphub.meetings.schedule; print('django' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
