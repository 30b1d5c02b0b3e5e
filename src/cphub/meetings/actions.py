"""The panel's actions log: what is overdue and what is carried into the next meeting's agenda.

An action arising from a meeting stays on the log until it is completed or dropped; every open action is
reported to the next meeting ("matters arising / actions log") automatically, and an open action past its due
date is overdue."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

OPEN, IN_PROGRESS, DONE, DROPPED = "open", "in_progress", "done", "dropped"
STATUSES: dict[str, str] = {OPEN: "Open", IN_PROGRESS: "In progress", DONE: "Completed", DROPPED: "No longer needed"}
CLOSED = frozenset({DONE, DROPPED})


@dataclass(frozen=True)
class ActionState:
    key: object
    raised_on: date  # date of the meeting that raised it
    due: date | None
    status: str
    closed_on: date | None = None


def is_open(a: ActionState) -> bool:
    if a.status not in STATUSES:
        raise ValueError(f"unknown action status {a.status!r}")
    return a.status not in CLOSED


def is_overdue(a: ActionState, today: date) -> bool:
    """Open and past its due date."""
    return is_open(a) and a.due is not None and a.due < today


def carried_into(actions: Iterable[ActionState], meeting_on: date) -> list[object]:
    """Actions the meeting on ``meeting_on`` must see: raised at an earlier meeting and still open, or closed
    since the previous meeting is unknown here, so only open ones; oldest due first."""
    keep = [a for a in actions if a.raised_on < meeting_on and is_open(a)]
    keep.sort(key=lambda a: (a.due or date.max, a.raised_on))
    return [a.key for a in keep]
