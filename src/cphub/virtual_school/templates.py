"""CSV templates of the education tables, built from the specs in :mod:`cphub.virtual_school.schema`.

Each template is the header row plus one example row (synthetic), so a council can see the expected formats:
dates dd/mm/yyyy, flags Y/N, codes from :data:`~cphub.virtual_school.schema.VS_CODES`.
"""

from __future__ import annotations

import io
import zipfile

from cphub.tables import Column, Table
from cphub.virtual_school.schema import EDUCATION_TABLES, VS_CODES

EXAMPLES: dict[str, dict[str, str]] = {
    "schools": {"URN": "100001", "SCHOOL_NAME": "Example Primary School", "PHASE": "PRI", "SCHOOL_LA": "871",
                "OFSTED": "2", "OFSTED_DATE": "14/03/2023"},
    "enrolments": {"CHILD": "C0001", "URN": "100001", "START_DATE": "01/09/2022", "END_DATE": "", "MAIN": "Y"},
    "timetables": {"CHILD": "C0001", "START_DATE": "06/01/2025", "END_DATE": "", "HOURS_PER_WEEK": "15",
                   "REASON": "Phased return after a placement move"},
    "attendance": {"CHILD": "C0001", "ACADEMIC_YEAR": "2025", "HALF_TERM": "1", "URN": "100001", "POSSIBLE": "70",
                   "ATTENDED": "66", "AUTHORISED": "3", "UNAUTHORISED": "1"},
    "exclusions": {"CHILD": "C0001", "URN": "100001", "START_DATE": "12/11/2024", "EXCLUSION_TYPE": "SUSP",
                   "DAYS": "2", "REASON": "Persistent disruptive behaviour"},
    "sen_status": {"CHILD": "C0001", "START_DATE": "01/09/2021", "END_DATE": "", "SEN": "K",
                   "PRIMARY_NEED": "Social, emotional and mental health"},
    "attainment": {"CHILD": "C0001", "ACADEMIC_YEAR": "2025", "ASSESSMENT": "KS2_RWM", "RESULT": "1"},
    "post16": {"CHILD": "C0002", "RECORD_DATE": "15/10/2024", "ACTIVITY": "EDU", "PROVIDER": "Example College"},
    "peps": {"CHILD": "C0001", "PEP_DATE": "20/10/2024", "PEP_QUALITY": "G", "TARGETS": "3", "TARGETS_MET": "2",
             "PP_PLUS_SPEND": "650"},
    "plac_reports": {"CHILD": "P0001", "DOB": "04/05/2015", "PLAC_ROUTE": "SGO", "REPORTED_BY": "SCHOOL",
                     "REPORT_DATE": "02/10/2024", "SCHOOL_URN": "100001"},
    "child_details": {"CHILD": "C0001", "FORENAME": "Alex", "SURNAME": "Example-Brookside",
                      "SOCIAL_WORKER": "Sam Example-Worker", "CARER": "Foster carer: Robin Example-Carer"},
    "designated_teachers": {"URN": "100001", "DESIGNATED_TEACHER": "Jules Example-Teacher",
                            "EMAIL": "designated.teacher@school.example"},
    "pp_plus_grant": {"ACADEMIC_YEAR": "2025", "RATE_PER_CHILD": "2570", "FUNDED_CHILDREN": "210",
                      "ALLOCATION": "539700", "HELD_CENTRALLY": "161910"},
    "pp_plus_payments": {"CHILD": "C0001", "URN": "100001", "PAYMENT_DATE": "01/11/2024", "AMOUNT": "600",
                         "PEP_DATE": "20/10/2024", "TARGET": "Reading: small-group phonics tuition"},
    "plac_pp_claims": {"ACADEMIC_YEAR": "2025", "URN": "100001", "PUPILS": "3", "AMOUNT": "7710"},
}

KIND_TEXT = {"text": "Text", "code": "Code", "date": "Date (dd/mm/yyyy)", "int": "Whole number", "bool": "Y or N",
             "float": "Number"}


def template_csv(table: Table) -> bytes:
    """The template file for ``table``: header and one synthetic example row."""
    example = EXAMPLES.get(table.name, {})
    out = io.StringIO()
    out.write(",".join(table.column_names) + "\r\n")
    out.write(",".join(_quote(example.get(c, "")) for c in table.column_names) + "\r\n")
    return out.getvalue().encode("utf-8")


def _quote(v: str) -> str:
    return f'"{v}"' if "," in v or '"' in v else v


def allowed(column: Column) -> dict[str, str]:
    """The code list a code column takes (empty for other kinds)."""
    return VS_CODES.get(column.codes or "", {}) if column.kind == "code" else {}


def documentation(table: Table) -> list[dict]:
    """One entry per column: name, format, whether required (key columns are), description, allowed codes."""
    return [{"name": c.name, "format": KIND_TEXT[c.kind], "required": c.name in table.key, "description": c.description,
             "codes": allowed(c)} for c in table.columns]


def templates_zip() -> bytes:
    """Every template in one zip, named ``<table>.csv``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, table in EDUCATION_TABLES.items():
            zf.writestr(f"{name}.csv", template_csv(table))
    return buf.getvalue()
