"""Generate ``docs/data-model.md`` from the table specs, so the documentation cannot drift from the code.

Run ``python -m cphub.docs`` after changing a spec; a test fails when the committed file is out of date.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from cphub.local.schema import LOCAL_CODES, LOCAL_TABLES
from cphub.ssda903.codes import CODE_LISTS
from cphub.ssda903.schema import TABLES
from cphub.tables import Table

EXTRA_SPECS = [  # other areas' table specs, documented when present
    ("cphub.virtual_school.schema", "EDUCATION_TABLES", "Education tables (Virtual School)"),
    ("cphub.cin.schema", "CIN_TABLES", "CIN census tables"),
    ("cphub.reference.ofsted", "TABLES", "Ofsted provider list (reference, for the SSDA903 URN rules)"),
]

INTRO = """# Data model

Generated from the table specs by `python -m cphub.docs`; do not edit by hand.

The Hub keeps one specification per table (`cphub.tables.Table`). The same spec drives the CSV readers,
the validation rules, the synthetic generator, the Django store models (`cphub.web.store.models`, one model per
table, each row also carrying the council `la`, the import `batch` and, for SSDA903 tables, the collection `year`)
and this page. Dates are `dd/mm/yyyy` in files (ISO accepted when a whole column uses it). A column marked
optional may be left out of a file: the file is read without it and the rules that need it say they were not
checked (the Header UASC status; the Episodes fields DfE derives from the postcodes, which the Hub otherwise
derives itself). The store keeps optional columns blank when a file did not give them.

How the store keeps history: an SSDA903 import replaces one council's rows for one collection year; on reading,
tables that repeat across years (Episodes, Header, UASC, Missing, Reviews, PrevPerm, PlacedAdoption, SWEpisodes,
and DoLo, collected from 2026-27) are merged by key with the latest year's row winning, while OC2, OC3 and AD1 keep one row per child per year.
A local-table import replaces that council's rows of the table.

Other stored records (not tables of a return): the council register (`Council`: DfE code, ONS code, name,
region; `Population`: ONS mid-year 0-17 estimate by year) and `ImportBatch` (who imported what, when, file
checksums, row counts, validation errors and whether the data were loaded despite errors).
"""


def table_section(t: Table, codes_note: bool = True) -> str:
    lines = [f"### {t.name}", "", t.description, "", f"Key: {', '.join(t.key)}." + (f" Source: {t.source}." if t.source else ""), "",
             "| Column | Type | Codes | Description |", "|---|---|---|---|"]
    for c in t.columns:
        name = f"`{c.name}`" + (" (optional" + "".join(f"; also read as `{a}`" for a in c.aliases) + ")"
                                if c.optional else "")
        lines.append(f"| {name} | {c.kind} | {c.codes or ''} | {c.description} |")
    return "\n".join(lines) + "\n"


def render() -> str:
    parts = [INTRO, "## SSDA903 tables (DfE children looked after return)\n"]
    parts += [table_section(t) for t in TABLES.values()]
    parts.append("## Local tables (the scorecard's dated local records)\n")
    parts.append("Templates: one CSV per table, named `<table>.csv`, with exactly these columns.\n")
    parts += [table_section(t) for t in LOCAL_TABLES.values()]
    for module, attr, title in EXTRA_SPECS:
        try:
            specs = getattr(importlib.import_module(module), attr)
        except (ModuleNotFoundError, AttributeError):
            continue
        parts.append(f"## {title}\n")
        parts += [table_section(t) for t in specs.values()]
    parts.append("## Code lists\n")
    parts.append("Years are collection years by their ending (2025 = 2024-25); a blank range means every year.\n")
    for name, codes in CODE_LISTS.items():
        parts.append(f"### {name}\n\n| Code | Meaning | Valid |\n|---|---|---|")
        for c in codes:
            valid = "" if c.from_year is None and c.to_year is None else f"{c.from_year or ''}–{c.to_year or ''}"
            parts.append(f"| `{c.code}` | {c.description} | {valid} |")
        parts.append("")
    for name, codes in LOCAL_CODES.items():
        parts.append(f"### {name} (local)\n\n| Code | Meaning |\n|---|---|")
        parts += [f"| `{k}` | {v} |" for k, v in codes.items()]
        parts.append("")
    return "\n".join(parts)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/data-model.md")
    out.write_text(render(), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
