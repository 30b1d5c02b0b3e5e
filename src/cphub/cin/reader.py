"""Read a DfE CIN census XML file into typed tables (see :mod:`cphub.cin.schema`).

Parsed with ``defusedxml`` (no entity expansion, no external entities, no DTDs). Dates are ISO ``yyyy-mm-dd``
as in the census (dd/mm/yyyy is accepted too); an unparseable value becomes null plus a ``FORMAT`` finding.
Anything that is not a well-formed CIN census raises :class:`~cphub.findings.InputError` naming the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from xml.etree.ElementTree import Element

import polars as pl
from defusedxml import ElementTree as DET
from defusedxml.common import DefusedXmlException

from cphub.cin.schema import CIN_TABLES
from cphub.findings import Finding, InputError

MAX_XML_BYTES = 200 * 1024 * 1024
MAX_TEXT = 1000


@dataclass
class Census:
    """One CIN census: its collection year (by its ending: 2026 = 2025-26), reference date and tables."""

    year: int | None
    reference_date: date | None
    la: str | None
    tables: dict[str, pl.DataFrame]
    findings: list[Finding] = field(default_factory=list)
    filename: str = ""

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.tables[name]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(el: Element | None, name: str) -> Element | None:
    if el is None:
        return None
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def _all(el: Element | None, name: str) -> list[Element]:
    return [] if el is None else [c for c in el if _local(c.tag) == name]


def _text(el: Element | None, name: str) -> str | None:
    c = _find(el, name)
    if c is None or c.text is None:
        return None
    t = c.text.strip()
    return t or None


def _date(value: str | None) -> date | None | str:
    """A date, None for blank, or the original string when it is not a date."""
    if value is None:
        return None
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value) or None
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        pass
    return value


def _flag(value: str | None) -> str | None:
    if value is None:
        return None
    v = value.strip().lower()
    return {"true": "1", "false": "0", "1": "1", "0": "0", "y": "1", "n": "0"}.get(v, value)


class _Rows:
    """Collects rows for one table, typing values and noting those that cannot be typed."""

    def __init__(self, name: str, filename: str, findings: list[Finding]):
        self.spec = CIN_TABLES[name]
        self.rows: list[dict] = []
        self.filename = filename
        self.findings = findings

    def add(self, row_no: int, values: dict) -> None:
        out = {"_row": row_no}
        child = values.get("LAchildID")
        for col in self.spec.columns:
            v = values.get(col.name)
            if isinstance(v, str) and len(v) > MAX_TEXT:
                self.findings.append(Finding("FORMAT", f"{col.name} is longer than {MAX_TEXT} characters.",
                                             self.spec.name, row_no, child, (col.name,), file=self.filename))
                v = None
            if col.kind == "date" and v is not None:
                v = _date(v)
                if isinstance(v, str):
                    self.findings.append(Finding("FORMAT", f"{col.name} should be a date (yyyy-mm-dd), not {v!r:.40}.",
                                                 self.spec.name, row_no, child, (col.name,), file=self.filename))
                    v = None
            elif col.kind == "int" and v is not None and not isinstance(v, int):
                try:
                    v = int(str(v).strip())
                except ValueError:
                    self.findings.append(Finding("FORMAT", f"{col.name} should be a whole number, not {v!r:.40}.",
                                                 self.spec.name, row_no, child, (col.name,), file=self.filename))
                    v = None
            out[col.name] = v
        self.rows.append(out)

    def frame(self) -> pl.DataFrame:
        schema = {"_row": pl.Int64, **self.spec.schema}
        return pl.DataFrame(self.rows, schema=schema, orient="row") if self.rows else pl.DataFrame(schema=schema)


def parse_census(data: bytes, filename: str = "cin.xml") -> Census:
    """Parse CIN census XML bytes. Raises InputError when the file is not a readable CIN census."""
    def err(msg: str) -> InputError:
        return InputError(Finding("FILE", msg, "CIN", file=filename))

    if len(data) > MAX_XML_BYTES:
        raise err(f"The file is larger than {MAX_XML_BYTES // 2**20} MB.")
    if not data.strip():
        raise err("The file is empty.")
    try:
        root = DET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise err(f"The XML uses features that are not allowed (DTDs or entities): {type(exc).__name__}.") from exc
    except Exception as exc:  # ParseError, UnicodeDecodeError, ValueError from the expat parser
        raise err(f"The file is not well-formed XML: {str(exc)[:200]}") from exc
    if _local(root.tag) != "Message":
        raise err(f"This is not a CIN census: the root element is <{_local(root.tag)[:40]}>, not <Message>.")
    children = _find(root, "Children")
    if children is None:
        raise err("This is not a CIN census: there is no <Children> element.")
    header = _find(root, "Header")
    details = _find(header, "CollectionDetails")
    source = _find(header, "Source")
    ref = _date(_text(details, "ReferenceDate"))
    ref = ref if isinstance(ref, date) else None
    year_text = _text(details, "Year")
    year = int(year_text) if year_text and year_text.isdigit() and len(year_text) == 4 else (ref.year if ref else None)
    la = _text(source, "LEA")

    findings: list[Finding] = []
    t = {name: _Rows(name, filename, findings) for name in CIN_TABLES}
    for n, child in enumerate(_all(children, "Child"), start=1):
        ids = _find(child, "ChildIdentifiers")
        chars = _find(child, "ChildCharacteristics")
        child_id = _text(ids, "LAchildID")
        disabilities = [d.text.strip() for d in _all(_find(chars, "Disabilities"), "Disability") if d.text and d.text.strip()]
        t["CINChild"].add(n, {
            "LAchildID": child_id, "UPN": _text(ids, "UPN"), "FormerUPN": _text(ids, "FormerUPN"),
            "UPNunknown": _text(ids, "UPNunknown"), "PersonBirthDate": _text(ids, "PersonBirthDate"),
            "ExpectedPersonBirthDate": _text(ids, "ExpectedPersonBirthDate"),
            "Sex": _text(ids, "Sex") or _text(ids, "GenderCurrent"), "PersonDeathDate": _text(ids, "PersonDeathDate"),
            "Ethnicity": _text(chars, "Ethnicity"), "Disabilities": ",".join(disabilities) or None,
        })
        for k, det in enumerate(_all(child, "CINdetails"), start=1):
            base = {"LAchildID": child_id, "CINdetailsID": k}
            t["CINDetails"].add(n, {**base, **{c: _text(det, c) for c in (
                "CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure",
                "DateOfInitialCPC")}, "ReferralNFA": _flag(_text(det, "ReferralNFA"))})
            for a in _all(det, "Assessments"):
                factors = [f.text.strip() for fi in _all(a, "FactorsIdentifiedAtAssessment")
                           for f in _all(fi, "AssessmentFactors") if f.text and f.text.strip()]
                t["CINAssessments"].add(n, {**base, **{c: _text(a, c) for c in (
                    "AssessmentActualStartDate", "AssessmentInternalReviewDate", "AssessmentAuthorisationDate")},
                    "AssessmentFactors": ",".join(factors) or None})
            for p in _all(det, "CINPlanDates"):
                t["CINPlans"].add(n, {**base, "CINPlanStartDate": _text(p, "CINPlanStartDate"),
                                      "CINPlanEndDate": _text(p, "CINPlanEndDate")})
            for s in _all(det, "Section47"):
                t["CINSection47"].add(n, {**base, **{c: _text(s, c) for c in (
                    "S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC")},
                    "ICPCnotRequired": _flag(_text(s, "ICPCnotRequired"))})
            for cpp in _all(det, "ChildProtectionPlans"):
                start = _text(cpp, "CPPstartDate")
                t["CINProtectionPlans"].add(n, {**base, **{c: _text(cpp, c) for c in (
                    "CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse",
                    "NumberOfPreviousCPP")}})
                for r in _all(cpp, "Reviews"):
                    for rd in _all(r, "CPPreviewDate"):
                        t["CINReviews"].add(n, {**base, "CPPstartDate": start,
                                                "CPPreviewDate": rd.text.strip() if rd.text else None})
    return Census(year=year, reference_date=ref, la=la, tables={k: v.frame() for k, v in t.items()},
                  findings=findings, filename=filename)


def read_census(path) -> Census:
    """Read a CIN census XML file from disk."""
    from pathlib import Path

    p = Path(path)
    if not p.is_file():
        raise InputError(Finding("FILE", "No such file.", "CIN", file=str(p)))
    if p.stat().st_size > MAX_XML_BYTES:
        raise InputError(Finding("FILE", f"The file is larger than {MAX_XML_BYTES // 2**20} MB.", "CIN", file=p.name))
    return parse_census(p.read_bytes(), p.name)
