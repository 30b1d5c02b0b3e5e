"""Ofsted's list of children's social care providers, read in its published layout, for the SSDA903 rules that
check an episode's Ofsted URN (219, 221, 224, 227, 228, 229, 241, 243, 1008).

**Sources and layout.** Two Ofsted publications carry the fields the rules need, and this reader takes either
(CSV, or XLSX read with openpyxl, the first sheet whose heading row it recognises):

* Ofsted, "Children's social care data in England" (accredited official statistics, published each July), the
  provider-level data "as at 31 March" (layout of the 2025 release, published 16 July 2025): one row per provider
  with ``URN``, ``Provider type``, ``Provider subtype``, ``Sector``, ``Local authority``, ``Registration status``,
  ``Registration date``, ``Places`` (or ``Number of registered places``), ``Setting name`` and, in the lists Ofsted
  gives councils, ``Postcode``.
* the children's homes and social care providers lists Ofsted sends councils for the SSDA903 return (layout as read
  by Data to Insight's csc-validator-be-903, ``ingress.py`` at commit 10ad07c, 2025): ``URN``, ``Local
  authority``, ``Placement code`` (or ``Provider placement code``: DfE PLACE codes, ``/``-separated),
  ``Placement provider code`` (or ``Provider code``: DfE PLACE_PROVIDER codes), ``Setting postcode`` (or
  ``Setting address postcode``), ``Closed date`` (or ``Deregistration date``).

Headings are matched ignoring case, spaces, punctuation and a few known variants ("Date closed" / "Closed date" /
"Deregistration date"; "Places" / "Number of registered places"); heading rows below a title block (the XLSX
files start with a few title lines) are found within the first 30 rows. Required: ``URN`` and either ``Provider
type`` or ``Placement code``. Every other column is optional; a rule that needs a value the list does not give
for a provider does not judge that provider. A row that cannot be read (a URN missing from a row that has other
values, a date or a number that cannot be read) is an error naming file, row and field, and the whole list is
refused: a provider list is replaced all or nothing.

The result is one typed frame (:data:`PROVIDERS`), one row per provider premises (a URN may appear on several
rows when a provider has several premises, as supported accommodation providers do), with the provider's council
(``PROVIDER_LA``, DfE 3-digit code) derived from its postcode as DfE derives PL_LA (:mod:`cphub.reference.postcodes`),
else from the ``Local authority`` name (:mod:`cphub.reference.councils`). No Django here.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from functools import cache
from pathlib import Path

import polars as pl

from cphub.findings import Finding, InputError
from cphub.tables import Table, flag, integer, text
from cphub.tables import date as date_col

TABLE = "Ofsted providers"
MAX_BYTES = 50 * 2**20
MAX_EXPANDED = 500 * 2**20  # an XLSX is a zip: refused when it would expand to more (as the SSDA903 reader does)
MAX_ROWS = 200_000
MAX_ERRORS = 50
HEADER_SEARCH_ROWS = 30
URN_LIKE = r"[A-Z]{0,3}\d{4,8}"  # SC123456, 1234567: a lone value like this is a provider, not a note

PROVIDERS = Table(
    "providers", "Ofsted's children's social care providers (one row per provider premises)", (
        text("URN", "Ofsted unique reference number", 12),
        text("SETTING_NAME", "Setting or provider name", 200),
        text("PROVIDER_TYPE", "Ofsted provider type (e.g. Children's home, Independent fostering agency)", 120),
        text("PROVIDER_SUBTYPE", "Ofsted provider subtype", 120),
        text("SECTOR", "Sector (Local authority, Private, Voluntary, Health authority ...)", 60),
        text("LOCAL_AUTHORITY", "Local authority named by Ofsted", 120),
        text("POSTCODE", "Setting postcode (upper case, one space)", 10),
        text("PROVIDER_LA", "DfE code of the provider's council: from the postcode, else the Local authority name", 3),
        text("REGISTRATION_STATUS", "Registration status as Ofsted gives it", 60),
        flag("REGISTERED", "Registered with Ofsted (from the registration status; blank when not said)"),
        date_col("REGISTRATION_DATE", "Date registered with Ofsted"),
        date_col("CLOSED_DATE", "Date closed or deregistered (blank: open)"),
        integer("PLACES", "Number of registered places"),
        text("PLACE_CODES", "DfE placement types (PLACE) given by Ofsted's list, comma-separated", 80),
        text("PROVIDER_CODES", "DfE placement provider codes (PLACE_PROVIDER) given by Ofsted's list, comma-separated",
             40),
    ), key=("URN", "POSTCODE"), source="Ofsted", group="reference")

TABLES = {PROVIDERS.name: PROVIDERS}  # for docs/data-model.md

# Field -> accepted headings (compared by :func:`_norm`: lower case, letters and digits only).
HEADINGS: dict[str, tuple[str, ...]] = {
    "URN": ("URN", "Unique reference number", "Provider URN", "Setting URN"),
    "SETTING_NAME": ("Setting name", "Provider name", "Name"),
    "PROVIDER_TYPE": ("Provider type", "Type of provider", "Setting type"),
    "PROVIDER_SUBTYPE": ("Provider subtype", "Provider sub type", "Subtype", "Provider sub-type"),
    "SECTOR": ("Sector", "Provider sector", "Ownership"),
    "LOCAL_AUTHORITY": ("Local authority", "Provider local authority", "Setting local authority", "LA"),
    "POSTCODE": ("Postcode", "Setting postcode", "Setting address postcode", "Provider postcode", "Post code"),
    "REGISTRATION_STATUS": ("Registration status", "Status", "Provider status"),
    "REGISTRATION_DATE": ("Registration date", "Date registered", "Registered date", "Date of registration"),
    "CLOSED_DATE": ("Date closed", "Closed date", "Closure date", "Date of closure", "Deregistration date",
                    "Date deregistered"),
    "PLACES": ("Places", "Number of registered places", "Registered places", "Number of places", "Maximum places"),
    "PLACE_CODES": ("Placement code", "Provider placement code", "Placement codes"),
    "PROVIDER_CODES": ("Placement provider code", "Provider code", "Placement provider codes"),
}
REQUIRED = ("URN",)
ONE_OF = ("PROVIDER_TYPE", "PLACE_CODES")

# Registration statuses: registered (including suspended and, for 227/228, closed ones: they were registered; their
# dates say when), or not registered (providers Ofsted inspects but does not register).
REGISTERED_STATUS = ("registered", "active", "open", "suspended", "restricted", "closed", "resigned", "cancelled",
                     "deregistered")
NOT_REGISTERED_STATUS = ("notregistered", "unregistered", "inspectedonly", "notapplicable", "exempt",
                         "registrationrefused", "refused", "applicant", "application")


def _norm(s: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(s).lower()) if s is not None else ""


_ALIASES = {_norm(h): f for f, hs in HEADINGS.items() for h in hs}


def _error(message: str, name: str, row: int | None = None, field: str | None = None) -> Finding:
    return Finding("PROVIDERS", message, TABLE, row, None, (field,) if field else (), "error", name)


# ---------------------------------------------------------------------------------------------- raw rows
def _xlsx_rows(data: bytes, name: str) -> list[list[list[object]]]:
    """Every sheet's rows (cell values) of a workbook, read-only."""
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            expanded = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InputError(_error(f"Not a readable Excel workbook ({type(exc).__name__}).", name)) from exc
    if expanded > MAX_EXPANDED or expanded > 200 * max(len(data), 1):
        raise InputError(_error("The workbook expands to too much data (possible zip bomb); refused.", name))
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise InputError(_error(f"Not a readable Excel workbook ({type(exc).__name__}).", name)) from exc
    sheets = []
    try:
        for ws in wb.worksheets:
            rows: list[list[object]] = []
            for r in ws.iter_rows(values_only=True):
                rows.append(list(r))
                if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                    raise InputError(_error(f"The list has more than {MAX_ROWS:,} rows.", name))
            sheets.append(rows)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(_error(f"The workbook could not be read ({type(exc).__name__}).", name)) from exc
    finally:
        wb.close()
    return sheets


def _csv_rows(data: bytes, name: str) -> list[list[object]]:
    from cphub.csvio import decode

    text_ = decode(data, name)
    try:
        rows: list[list[object]] = [list(r) for r in csv.reader(io.StringIO(text_, newline=""))]
    except csv.Error as exc:
        raise InputError(_error(f"The file is not a well-formed CSV ({exc}).", name)) from exc
    if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
        raise InputError(_error(f"The list has more than {MAX_ROWS:,} rows.", name))
    return rows


def _find_header(rows: list[list[object]]) -> tuple[int, dict[str, int]] | None:
    """(index of the heading row, field -> column index) of the first row within the search window that names
    the URN and a provider type or placement code."""
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cols: dict[str, int] = {}
        for j, cell in enumerate(row):
            f = _ALIASES.get(_norm(cell))
            if f and f not in cols:
                cols[f] = j
        if "URN" in cols and any(f in cols for f in ONE_OF):
            return i, cols
    return None


def _missing_columns(rows: list[list[object]], name: str) -> InputError:
    seen = {(_ALIASES.get(_norm(c))) for r in rows[:HEADER_SEARCH_ROWS] for c in r} - {None}
    need = [f for f in REQUIRED if f not in seen]
    if not any(f in seen for f in ONE_OF):
        need.append("PROVIDER_TYPE or PLACE_CODES")
    labels = {"URN": "URN", "PROVIDER_TYPE or PLACE_CODES": "Provider type (or Placement code)"}
    return InputError(_error("This is not Ofsted's provider list: no heading row with "
                             + " and ".join(labels.get(n, n) for n in (need or ["URN", "PROVIDER_TYPE or PLACE_CODES"]))
                             + " was found in its first 30 rows.", name,
                             field=need[0] if need else "URN"))


# ---------------------------------------------------------------------------------------------- values
def _text(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = str(v).strip()
    return s or None


def _urn(v: object) -> str | None:
    s = _text(v)
    return s.upper().replace(" ", "") if s else None


def _date(v: object) -> date | None:
    """A date cell: an Excel date, dd/mm/yyyy, yyyy-mm-dd (optionally with a time) or dd-Mon-yyyy; ValueError else."""
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    s = _text(v)
    if s is None:
        return None
    s = s.split("T")[0].split(" ")[0] if re.match(r"^\d{4}-\d{2}-\d{2}[ T]", s) else s
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%b-%Y", "%d %b %Y", "%d %B %Y", "%d-%m-%Y"):
        try:
            d = datetime.strptime(s, fmt).date()
        except ValueError:
            continue
        if 1900 <= d.year <= 2100:
            return d
    raise ValueError(s)


def _int(v: object) -> int | None:
    if isinstance(v, bool):
        raise ValueError(str(v))
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 10**9:
            return int(v)
        raise ValueError(str(v))
    s = _text(v)
    if s is None:
        return None
    s = s.replace(",", "")
    if re.fullmatch(r"\d{1,9}(\.0+)?", s):
        return int(float(s))
    raise ValueError(s)


def _postcode(v: object) -> str | None:
    s = _text(v)
    if s is None:
        return None
    p = re.sub(r"\s+", "", s.upper())
    return f"{p[:-3]} {p[-3:]}" if len(p) > 3 else p


def _codes(v: object) -> str | None:
    s = _text(v)
    if s is None:
        return None
    parts = [p.strip().upper() for p in re.split(r"[/,;]", s) if p.strip()]
    return ",".join(parts) or None


def registered(status: str | None) -> bool | None:
    """True/False from Ofsted's registration status; None when blank or not recognised."""
    n = _norm(status)
    if not n:
        return None
    if any(n.startswith(x) for x in NOT_REGISTERED_STATUS):
        return False
    if any(n.startswith(x) for x in REGISTERED_STATUS):
        return True
    return None


@cache
def _council_names() -> dict[str, str]:
    from cphub.reference.councils import councils

    out = {}
    for c in councils():
        n = _norm(c["name"].replace("&", "and"))
        out[n] = c["code"]
        out[re.sub(r"(cityof|countyof|council|countycouncil|royalborough|borough|metropolitan)", "", n)] = c["code"]
    return out


def council_from_name(name: str | None) -> str | None:
    """The DfE code of a council named as Ofsted names it ("Slough", "Bristol, City of", "Kingston upon Hull"), or None."""
    if not name:
        return None
    names = _council_names()
    n = _norm(name.replace("&", "and"))
    return names.get(n) or names.get(re.sub(r"(cityof|countyof|council|countycouncil|royalborough|borough|"
                                             r"metropolitan)", "", n))


# ---------------------------------------------------------------------------------------------- reader
def _rows_to_frame(rows: list[list[object]], name: str) -> pl.DataFrame:
    found = _find_header(rows)
    if found is None:
        raise _missing_columns(rows, name)
    h, cols = found
    errors: list[Finding] = []
    out: dict[str, list] = {c: [] for c in PROVIDERS.column_names}
    out["_row"] = []
    readers = {"URN": _urn, "POSTCODE": _postcode, "REGISTRATION_DATE": _date, "CLOSED_DATE": _date,
               "PLACES": _int, "PLACE_CODES": _codes, "PROVIDER_CODES": _codes}
    what = {"REGISTRATION_DATE": "a date", "CLOSED_DATE": "a date", "PLACES": "a whole number"}
    for i, row in enumerate(rows[h + 1:], start=h + 2):
        def cell(f: str, row: list[object] = row) -> object:
            j = cols.get(f)
            return row[j] if j is not None and j < len(row) else None

        filled = sum(_text(c) is not None for c in row)
        if filled == 0 or (filled == 1 and not re.fullmatch(URN_LIKE, _urn(cell("URN")) or "")):
            continue  # a blank line, or a note ("Source: Ofsted") under the table
        values: dict[str, object] = {}
        for f in HEADINGS:
            raw = cell(f)
            try:
                values[f] = readers.get(f, _text)(raw)
            except ValueError:
                errors.append(_error(f"{HEADINGS[f][0]} is not {what.get(f, 'readable')}: {str(raw)[:40]!r}.",
                                     name, i, f))
                values[f] = None
            if isinstance(values[f], str) and len(values[f]) > PROVIDERS.column(f).max_length:  # type: ignore[arg-type]
                errors.append(_error(f"{HEADINGS[f][0]} is longer than {PROVIDERS.column(f).max_length} characters.",
                                     name, i, f))
                values[f] = None
        if values["URN"] is None:
            if values.get("PROVIDER_TYPE") is None and values.get("PLACE_CODES") is None:
                continue  # a note or total line under the table
            errors.append(_error("The URN is missing.", name, i, "URN"))
        elif values.get("PROVIDER_TYPE") is None and values.get("PLACE_CODES") is None:
            errors.append(_error("Neither a provider type nor a placement code is given for this URN.", name, i,
                                 "PROVIDER_TYPE" if "PROVIDER_TYPE" in cols else "PLACE_CODES"))
        if len(errors) >= MAX_ERRORS:
            break
        for f in HEADINGS:
            out[f].append(values[f])
        out["REGISTERED"].append(registered(values["REGISTRATION_STATUS"]))  # type: ignore[arg-type]
        out["PROVIDER_LA"].append(None)
        out["_row"].append(i)
    if errors:
        raise InputError(errors[:MAX_ERRORS])
    frame = pl.DataFrame(out, schema={**PROVIDERS.schema, "_row": pl.Int64})
    if frame.height == 0:
        raise InputError(_error("The list has a heading row but no providers.", name, h + 1))
    return frame


def with_provider_la(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with PROVIDER_LA: the council of the postcode (as DfE derives PL_LA), else of the Local authority
    name."""
    from cphub.reference.postcodes import lookup

    by_postcode = lookup(frame["POSTCODE"])["la_code"]
    by_name = pl.Series([council_from_name(n) for n in frame["LOCAL_AUTHORITY"].to_list()], dtype=pl.String)
    la = pl.DataFrame({"a": by_postcode, "b": by_name}).select(
        pl.when(pl.col("a").str.contains(r"^\d{3}$")).then(pl.col("a")).otherwise(pl.col("b")))
    return frame.with_columns(la.to_series().alias("PROVIDER_LA"))


def read_providers(source: Path | bytes, name: str | None = None) -> pl.DataFrame:
    """Read Ofsted's provider list (CSV or XLSX bytes, or a path) into the :data:`PROVIDERS` frame (plus ``_row``,
    the line in the file). Raises :class:`InputError` naming file, row and field when it cannot be read."""
    if isinstance(source, Path):
        name = name or source.name
        try:
            if source.stat().st_size > MAX_BYTES:
                raise InputError(_error(f"The file is larger than {MAX_BYTES // 2**20} MB.", name))
            data = source.read_bytes()
        except OSError as exc:
            raise InputError(_error(f"The file cannot be read ({exc.strerror or exc}).", name)) from exc
    else:
        data = source
        name = name or "providers"
    if len(data) > MAX_BYTES:
        raise InputError(_error(f"The file is larger than {MAX_BYTES // 2**20} MB.", name))
    if not data.strip():
        raise InputError(_error("The file is empty.", name))
    if data[:4] == b"PK\x03\x04":
        sheets = _xlsx_rows(data, name)
        for rows in sheets:
            if _find_header(rows) is not None:
                return with_provider_la(_rows_to_frame(rows, name))
        raise _missing_columns([r for s in sheets for r in s[:HEADER_SEARCH_ROWS]], name)
    return with_provider_la(_rows_to_frame(_csv_rows(data, name), name))


def per_urn(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per URN, for the rules: its premises' postcodes (``POSTCODES``, normalised without spaces) and
    councils (``PROVIDER_LAS``) as lists; type, subtype, sector, codes and registration from its first row;
    ``REGISTRATION_DATE`` the earliest; ``CLOSED_DATE`` the latest, or null when any premises is open."""
    return frame.group_by("URN", maintain_order=True).agg(
        pl.col("PROVIDER_TYPE", "PROVIDER_SUBTYPE", "SECTOR", "PLACE_CODES", "PROVIDER_CODES", "REGISTERED",
               "PROVIDER_LA").drop_nulls().first(),
        pl.col("POSTCODE").str.replace_all(" ", "").drop_nulls().unique().alias("POSTCODES"),
        pl.col("PROVIDER_LA").drop_nulls().unique().alias("PROVIDER_LAS"),
        pl.col("REGISTRATION_DATE").min(),
        pl.when(pl.col("CLOSED_DATE").is_null().any()).then(None).otherwise(pl.col("CLOSED_DATE").max())
        .first().alias("CLOSED_DATE"),
    )


def write_csv(frame: pl.DataFrame) -> bytes:
    """A provider frame written in Ofsted's layout (the first heading of each field), as the synthetic generator
    and the tests use."""
    fields = [f for f in HEADINGS]
    heads = [HEADINGS[f][0] for f in fields]
    out = frame.select([pl.col(f).dt.strftime("%d/%m/%Y").alias(f) if PROVIDERS.column(f).kind == "date"
                        else pl.col(f).cast(pl.String) for f in fields])
    out.columns = heads
    return out.write_csv().encode("utf-8")
