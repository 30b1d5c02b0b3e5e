"""Findings: what a reader or a validation rule says about one place in the input (file, row, field, rule)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "skipped"]
"""``skipped``: a rule that could not run because an optional input it needs was not given (it says which)."""


@dataclass(frozen=True)
class Finding:
    """One problem. ``row`` is the 1-based line in ``table``'s file (header = line 1), None when not row-level."""

    code: str
    message: str
    table: str
    row: int | None = None
    child: str | None = None
    fields: tuple[str, ...] = field(default_factory=tuple)
    severity: Severity = "error"
    file: str | None = None

    def as_dict(self) -> dict:
        d = asdict(self)
        d["fields"] = list(self.fields)
        return d

    def __str__(self) -> str:
        where = self.file or self.table
        if self.row is not None:
            where += f", row {self.row}"
        if self.child:
            where += f", child {self.child}"
        flds = f" [{', '.join(self.fields)}]" if self.fields else ""
        return f"{self.severity.upper()} {self.code} ({where}){flds}: {self.message}"


class InputError(Exception):
    """Input that cannot be read at all (wrong format, missing columns, undecodable bytes, too large).

    Carries the findings that say why; nothing is written when this is raised.
    """

    def __init__(self, findings: list[Finding] | Finding):
        self.findings = [findings] if isinstance(findings, Finding) else list(findings)
        super().__init__("; ".join(str(f) for f in self.findings))
