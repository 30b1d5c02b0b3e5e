"""Read an SSDA903 return (a folder, several CSV files or a zip) into typed tables.

Files are recognised by name (``episodes.csv``, ``SSDA903_2025_Header.csv``, ``placed_adoption.csv`` ...) or,
failing that, by their columns. Zip members are read in memory (never extracted to disk), so a member name
cannot escape a folder; total uncompressed size and compression ratio are capped against zip bombs.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import polars as pl

from cphub.csvio import _read_strings, type_table, type_tables
from cphub.findings import Finding, InputError
from cphub.ssda903.schema import TABLES
from cphub.tables import Table

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ZIP_TOTAL = 500 * 1024 * 1024
MAX_ZIP_RATIO = 200


@dataclass
class Return:
    """One council's SSDA903 return for one collection year, as typed tables (absent tables are empty)."""

    year: int | None
    tables: dict[str, pl.DataFrame]
    files: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.tables[name]


def _key(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", s.lower())


_NAME_KEYS = {_key(t): t for t in TABLES}
_NAME_KEYS.update({"placedforadoption": "PlacedAdoption", "socialworkerepisodes": "SWEpisodes",
                   "deprivationofliberty": "DoLo",
                   "previouspermanence": "PrevPerm", "episode": "Episodes", "review": "Reviews"})


def identify(filename: str, columns: list[str], tables: dict[str, Table] = TABLES) -> str | None:
    """The table a file holds: by its name first, else the table whose columns it has (most specific wins)."""
    stem = _key(Path(filename).stem)
    for key in sorted(_NAME_KEYS, key=len, reverse=True):
        if key in stem and _NAME_KEYS[key] in tables:
            return _NAME_KEYS[key]
    cols = set(columns)
    best = [t for t in tables.values() if t.fits(cols)]
    if best:
        return max(best, key=lambda t: len(t.required_names)).name
    return None


def collect_files(paths: list[Path] | Path) -> list[tuple[str, bytes]]:
    """Expand folders and zips into (name, bytes) pairs of CSV files, with size limits."""
    if isinstance(paths, Path):
        paths = [paths]
    out: list[tuple[str, bytes]] = []
    for p in paths:
        if p.is_dir():
            for f in sorted(p.iterdir()):
                if f.is_file() and f.suffix.lower() in (".csv", ".zip"):
                    out.extend(collect_files([f]))
        elif p.suffix.lower() == ".zip":
            out.extend(read_zip(p.read_bytes(), p.name))
        elif p.is_file():
            if p.stat().st_size > MAX_FILE_BYTES:
                raise InputError(Finding("FILE", f"The file is larger than {MAX_FILE_BYTES // 2**20} MB.", p.name, file=p.name))
            out.append((p.name, p.read_bytes()))
        else:
            raise InputError(Finding("FILE", "No such file or folder.", str(p), file=str(p)))
    return out


def read_zip(data: bytes, name: str) -> list[tuple[str, bytes]]:
    """The CSV members of a zip, refusing zip bombs and encrypted or nested archives."""
    try:
        zf = zipfile.ZipFile(BytesIO(data))
        infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InputError(Finding("FILE", f"Not a readable zip file ({exc}).", name, file=name)) from exc
    total = sum(i.file_size for i in infos)
    compressed = max(1, sum(i.compress_size for i in infos))
    if total > MAX_ZIP_TOTAL or total / compressed > MAX_ZIP_RATIO and total > 10 * 2**20:
        raise InputError(Finding("FILE", "The zip expands to too much data (possible zip bomb); refused.", name, file=name))
    out = []
    for info in infos:
        member = Path(info.filename.replace("\\", "/")).name
        if info.flag_bits & 0x1:
            raise InputError(Finding("FILE", f"{member} is encrypted; upload it unencrypted.", name, file=name))
        if not member.lower().endswith(".csv") or member.startswith("."):
            continue
        try:
            with zf.open(info) as fh:
                content = fh.read(MAX_FILE_BYTES + 1)
        except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError) as exc:
            raise InputError(Finding("FILE", f"{member} could not be extracted ({exc}).", name, file=name)) from exc
        if len(content) > MAX_FILE_BYTES:
            raise InputError(Finding("FILE", f"{member} is too large.", name, file=name))
        out.append((f"{name}/{member}", content))
    return out


def upper_codes(frame: pl.DataFrame, spec: Table) -> pl.DataFrame:
    """Code columns of a DfE SSDA903 table upper-cased, once, as DfE's collection does before checking them
    (``nobt`` is ``NOBT``, ``u`` is ``U``), so every rule and the store see one spelling of each code. The Hub's own
    local tables keep their codes as their code lists spell them (``sgo``, ``kinship_foster``)."""
    if spec.group != "ssda903":
        return frame
    cols = [c.name for c in spec.columns if c.kind == "code" and c.name in frame.columns]
    return frame.with_columns(pl.col(cols).str.to_uppercase()) if cols else frame


def read_files(files: list[tuple[str, bytes]], year: int | None = None,
               tables: dict[str, Table] = TABLES) -> Return:
    """Read (name, bytes) pairs as one return. Unrecognised or repeated tables are input errors."""
    typed: dict[str, pl.DataFrame] = {}
    names: dict[str, str] = {}
    findings: list[Finding] = []
    errors: list[Finding] = []
    for filename, data in files:
        try:
            raw = _read_strings(data, filename)
            table = identify(filename, raw.columns, tables)
            if table is None:
                raise InputError(Finding("FILE", "Could not tell which table this file holds from its name or columns.",
                                         filename, row=1, file=filename))
            if table in typed:
                raise InputError(Finding("FILE", f"A second {table} file was given (first: {names[table]}).",
                                         table, file=filename))
            frame, parse_findings = type_table(raw, tables[table], filename)
            frame = upper_codes(frame, tables[table])
        except InputError as exc:
            errors.extend(exc.findings)
            continue
        typed[table] = frame
        names[table] = filename
        findings.extend(parse_findings)
    if errors:
        raise InputError(errors)
    for name, spec in tables.items():
        if name not in typed:
            typed[name] = absent(spec)
    return Return(year=year, tables=typed, files=names, findings=findings)


def absent(spec: Table) -> pl.DataFrame:
    """The empty typed table standing for a table the return does not include (its required columns only)."""
    return spec.given(()).empty().with_columns(pl.lit(None, dtype=pl.Int64).alias("_row"))


def read_returns(paths: list[Path], year: int | None = None, tables: dict[str, Table] = TABLES) -> list[Return]:
    """Several returns (e.g. every council's for one year) at once: the same as ``[read_return(p, year) ...]``
    (including the first unreadable return's InputError), but each table is typed across all the returns in
    one pass (:func:`cphub.csvio.type_tables`), which is much faster for many small files."""
    per_path: list[tuple[int | None, list[tuple[str, str, pl.DataFrame]]]] = []
    for path in paths:
        y = year if year is not None else year_from_path(path)
        files: list[tuple[str, str, pl.DataFrame]] = []
        names: dict[str, str] = {}
        errors: list[Finding] = []
        collected = collect_files([path])
        for filename, data in collected:
            try:
                raw = _read_strings(data, filename)
                table = identify(filename, raw.columns, tables)
                if table is None:
                    raise InputError(Finding("FILE", "Could not tell which table this file holds from its name or "
                                             "columns.", filename, row=1, file=filename))
                if table in names:
                    raise InputError(Finding("FILE", f"A second {table} file was given (first: {names[table]}).",
                                             table, file=filename))
            except InputError as exc:
                errors.extend(exc.findings)
                continue
            names[table] = filename
            files.append((table, filename, raw))
            if not tables[table].fits(raw.columns):
                errors.append(Finding("FILE", "missing columns", filename))
        per_path.append((y, files))
        if errors:  # raise exactly what read_return raises for this return
            read_files(collected, y, tables)
            raise AssertionError("read_files accepted a return that read_returns refused")
    results: dict[tuple[int, str], tuple[pl.DataFrame, list[Finding]] | InputError] = {}
    for name, spec in tables.items():
        slots = [(k, f, raw) for k, (_, files) in enumerate(per_path) for t, f, raw in files if t == name]
        if slots:
            typed = type_tables([raw for _, _, raw in slots], spec, [f for _, f, _ in slots])
            results.update({(k, f): r for (k, f, _), r in zip(slots, typed)})
    out = []
    for k, (y, files) in enumerate(per_path):
        typed_tables: dict[str, pl.DataFrame] = {}
        names = {}
        findings: list[Finding] = []
        errors = []
        for table, filename, _ in files:
            r = results[(k, filename)]
            if isinstance(r, InputError):
                errors.extend(r.findings)
                continue
            typed_tables[table], names[table] = upper_codes(r[0], tables[table]), filename
            findings.extend(r[1])
        if errors:
            raise InputError(errors)
        for name, spec in tables.items():
            if name not in typed_tables:
                typed_tables[name] = absent(spec)
        out.append(Return(year=y, tables=typed_tables, files=names, findings=findings))
    return out


def year_from_path(path: Path) -> int | None:
    """The collection year named by the nearest path component ('2025', 'SSDA903_2025_Episodes.csv', ...)."""
    for part in reversed(Path(path).parts):
        m = re.search(r"(?<!\d)(20\d\d)(?!\d)", part)
        if m:
            return int(m.group(1))
    return None


def read_return(path: Path | list[Path], year: int | None = None) -> Return:
    """Read a return from a folder, a zip, or a list of CSV files."""
    paths = path if isinstance(path, list) else [path]
    if year is None:
        year = year_from_path(paths[0])
    return read_files(collect_files(paths), year)


# Outcome tables belong to their year; the others describe things that carry over from year to year.
PER_YEAR_OUTCOMES = frozenset({"OC2", "OC3", "AD1"})


def read_years(path: Path) -> dict[int, Return]:
    """Several collection years of one council: a folder with one sub-folder (or zip) per year named by it."""
    out: dict[int, Return] = {}
    items = [p for p in sorted(Path(path).iterdir()) if p.is_dir() or p.suffix.lower() == ".zip"]
    for p in items:
        year = year_from_path(p)
        if year is None:
            continue
        if year in out:
            raise InputError(Finding("FILE", f"Two returns for {year} ({p.name}).", p.name, file=p.name))
        out[year] = read_return(p, year)
    if not out:
        raise InputError(Finding("FILE", "No collection-year folders (e.g. 2025/) were found.", str(path),
                                 file=str(path)))
    return out


def merge_years(returns: dict[int, Return]) -> dict[str, pl.DataFrame]:
    """One frame per table across years, with a ``YEAR`` column. A record repeated in consecutive returns (the
    same episode, review, missing spell ... by the table's key) is kept once, from the latest year; OC2, OC3
    and AD1 are outcomes of their year and keep one row per child per year."""
    out: dict[str, pl.DataFrame] = {}
    for name, spec in TABLES.items():
        frames = [r.tables[name].with_columns(pl.lit(y, dtype=pl.Int64).alias("YEAR"))
                  for y, r in sorted(returns.items()) if r.tables[name].height]
        if not frames:
            out[name] = spec.empty().with_columns(pl.lit(None, dtype=pl.Int64).alias("_row"),
                                                  pl.lit(None, dtype=pl.Int64).alias("YEAR"))
            continue
        df = pl.concat(frames, how="diagonal_relaxed")  # an optional column given in some years only
        if name not in PER_YEAR_OUTCOMES:
            df = df.sort("YEAR").unique(subset=list(spec.key), keep="last", maintain_order=True)
        out[name] = df
    return out
