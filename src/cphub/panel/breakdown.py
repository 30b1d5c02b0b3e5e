"""A measure's ``detail`` as simple tables (caption, column headings, rows of printed cells), shared by the
HTML/PDF pack, the web measure page and the Excel workbook.

``detail`` holds scalars (extra figures), ``{key: {...}}`` maps (e.g. by sex: count and %) and lists of rows
with a ``group`` (e.g. age band by sex). Lists of child identifiers never reach here: the scorecard moves them
out of ``detail`` (see :data:`cphub.panel.scorecard.CHILD_LIST_KEYS`).
"""

from __future__ import annotations

from dataclasses import dataclass

from cphub.panel.fmt import SUPPRESSED

SKIP = {"display", "suppressed", "as_at_label", "benchmark_notes", "error",
        # the area's population is compared in its own tables (cphub.panel.local_children), with its sources
        "population_ethnicity_pct", "population_ethnicity_source", "population_age_sex_pct", "population_age_sex_source"}
SEX = {"F": "Female", "M": "Male", "U": "Not known"}


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool]


def label(key: str) -> str:
    k = str(key)
    if k in SEX:
        return SEX[k]
    for code, name in SEX.items():
        if k == f"{code}_pct":
            return f"{name} %"
    k = k.replace("_pct", " %").replace("pct", "%").replace("_", " ")
    return k[:1].upper() + k[1:]


def cell(v, key: str = "") -> str:
    if v is None:
        return SUPPRESSED
    if isinstance(v, bool):
        return "Yes" if v else "No"
    if isinstance(v, int):
        return str(v) if "year" in key else f"{v:,}"
    if isinstance(v, float):
        return f"{v:,.1f}"
    if isinstance(v, (list, tuple)):
        return ", ".join(str(x) for x in v) if v else "none"
    return str(v)


def tables(detail: dict, title: str) -> list[Table]:
    if not isinstance(detail, dict):
        return []
    out: list[Table] = []
    scalars: list[list[str]] = []
    for key, v in detail.items():
        if key in SKIP:
            continue
        if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            cols: list[str] = []
            for row in v:
                cols += [k for k in row if k not in cols]
            first = "group" if "group" in cols else cols[0]
            cols = [first] + [c for c in cols if c != first]
            rows = [[cell(r.get(c), c) if c != first else str(r.get(c, "")) for c in cols] for r in v]
            out.append(Table(f"{title}: {label(key).lower()}", [label(c) if c != "group" else "Group" for c in cols],
                             rows, [False] + [True] * (len(cols) - 1)))
        elif isinstance(v, dict) and v and all(isinstance(x, dict) for x in v.values()):
            cols = []
            for inner in v.values():
                cols += [k for k in inner if k not in cols]
            rows = [[label(k)] + [cell(inner.get(c), c) for c in cols] for k, inner in v.items()]
            out.append(Table(f"{title}: {label(key).lower()}", [""] + [label(c) for c in cols], rows,
                             [False] + [True] * len(cols)))
        elif isinstance(v, dict):
            for k2, v2 in v.items():
                scalars.append([f"{label(key)}: {label(k2)}", cell(v2, k2)])
        else:
            scalars.append([label(key), cell(v, key)])
    if scalars:  # after the breakdown tables, which matter more on a page
        out.append(Table(f"{title}: further figures", ["Figure", "Value"], scalars, [False, True]))
    return out
