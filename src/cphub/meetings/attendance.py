"""The members' attendance record for a municipal year, in the seed pack's layout (seed 003, "MEMBERS'
ATTENDANCE RECORD 2023/2024"): one row per councillor (alphabetical), one column per meeting (dd/mm/yy, a
workshop labelled so), and the legend P = present for whole meeting, P* = present for part of meeting,
Ap = apologies given, Ab = absent, no apologies. A blank cell: not a member then, or not yet recorded."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

PRESENT, PART, APOLOGIES, ABSENT = "P", "P*", "Ap", "Ab"
CODES: dict[str, str] = {
    PRESENT: "Present for whole meeting",
    PART: "Present for part of meeting",
    APOLOGIES: "Apologies given",
    ABSENT: "Absent, no apologies",
}
"""The record's legend, as printed under the seed's table."""

LEGEND_ROWS: list[tuple[tuple[str, str], tuple[str, str]]] = [
    ((PRESENT, CODES[PRESENT]), (PART, CODES[PART])),
    ((APOLOGIES, CODES[APOLOGIES]), (ABSENT, CODES[ABSENT])),
]
"""The legend in the seed's two columns: P and P* on the first line, Ap and Ab on the second."""


@dataclass(frozen=True)
class MeetingColumn:
    key: object
    on: date
    workshop: bool = False

    @property
    def heading(self) -> str:
        return self.on.strftime("%d/%m/%y") + (" Workshop" if self.workshop else "")


@dataclass(frozen=True)
class RecordRow:
    member: str
    cells: list[str]


def attended(code: str) -> bool:
    return code in (PRESENT, PART)


def record(members: Iterable[tuple[object, str]], meetings: Iterable[MeetingColumn],
           marks: Mapping[tuple[object, object], str]) -> list[RecordRow]:
    """Rows of the record: ``members`` as (key, surname as printed), ``marks`` by (member key, meeting key).
    Members are sorted by name, as in the seed; unknown codes are refused."""
    cols = list(meetings)
    rows = []
    for mkey, name in sorted(members, key=lambda m: m[1].lower()):
        cells = []
        for col in cols:
            code = marks.get((mkey, col.key), "")
            if code and code not in CODES:
                raise ValueError(f"unknown attendance code {code!r} for {name} on {col.heading}")
            cells.append(code)
        rows.append(RecordRow(name, cells))
    return rows


def apologies(marks: Mapping[object, str]) -> list[object]:
    """Members (keys) who sent apologies, for the minutes' "Apologies for Absence"."""
    return [k for k, c in marks.items() if c == APOLOGIES]
