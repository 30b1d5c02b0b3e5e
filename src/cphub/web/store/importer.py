"""Load typed tables into the store: one transaction per import, replacing the slice the import covers.

A failure (or a kill) part-way leaves the store as it was; importing the same files twice changes nothing
(the slice is replaced by identical rows and the batch record says the checksums were already loaded).

Imports cannot double: the slice (council and year) is locked for the rest of the transaction before it is
replaced (:func:`lock_slice`: a PostgreSQL advisory lock; on SQLite, whose transactions take the database's write
lock when they begin, the first write), so a second import of the same slice waits and then replaces the first's
rows; every table's natural key is unique in the database; and a file that repeats a key (a child twice in the
Header, an episode twice) is refused before anything is written (:func:`check_unique`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import polars as pl
from django.db import connection, transaction
from django.utils import timezone

from cphub.findings import InputError
from cphub.local.schema import LOCAL_TABLES
from cphub.ssda903.reader import Return, collect_files, read_files
from cphub.web.store.models import LOCAL_MODELS, SSDA903_MODELS, ImportBatch

BULK = 5000
Progress = Callable[[int, int], None]


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _insert(model, frame: pl.DataFrame, la: str, batch: ImportBatch, year: int | None) -> int:
    """Insert a typed frame's rows with one parameterised statement per chunk (no ORM objects: fast and lean)."""
    names = [c.name for c in model.spec.columns]
    db_cols = ["la", "batch_id", *(["year"] if year is not None else []), *(n.lower() for n in names)]
    fixed = (la, batch.pk, *((year,) if year is not None else ()))
    sql = 'INSERT INTO {} ({}) VALUES ({})'.format(
        connection.ops.quote_name(model._meta.db_table), ", ".join(connection.ops.quote_name(c) for c in db_cols),
        ", ".join(["%s"] * len(db_cols)))
    n = 0
    with connection.cursor() as cur:
        for start in range(0, frame.height, BULK):
            chunk = frame.slice(start, BULK).select(
                pl.col(n) if n in frame.columns else pl.lit(None).alias(n) for n in names).rows()  # optional: blank
            cur.executemany(sql, [fixed + row for row in chunk])
            n += len(chunk)
    return n


def check_unique(specs: dict, frames: dict[str, pl.DataFrame], files: dict[str, str] | None = None) -> None:
    """Raise :class:`InputError` naming the file, rows and child of every repeated natural key in ``frames``
    (``specs``: table name -> :class:`~cphub.tables.Table`, or a model with a ``spec``)."""
    from cphub.tables import duplicate_keys

    findings = []
    for name, frame in frames.items():
        spec = getattr(specs[name], "spec", specs[name])
        findings.extend(duplicate_keys(spec, frame, (files or {}).get(name)))
    if findings:
        raise InputError(findings)


def lock_slice(la: str, year: int | None, group: str) -> None:
    """Hold the import lock of council ``la``'s ``group`` of tables (for ``year``) until the transaction ends.
    PostgreSQL: ``pg_advisory_xact_lock`` on a key made from the three; SQLite: the connection begins each
    transaction with the database's write lock (``transaction_mode`` IMMEDIATE, see settings), so nothing to do."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.sha256(f"cphub-import:{la}:{group}:{year}".encode()).digest()
    key = int.from_bytes(digest[:8], "big", signed=True)
    with connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def replace_slice(models: dict, frames: dict[str, pl.DataFrame], la: str, batch: ImportBatch,
                  year: int | None = None, progress: Progress | None = None) -> dict[str, int]:
    """Replace council ``la``'s rows (of collection ``year`` when the tables are per year) of each table in
    ``frames`` with the frame's rows. Call inside a transaction; returns rows written per table. A repeated
    natural key raises :class:`InputError` before anything is written."""
    from cphub.web.results.services import bump

    if not connection.in_atomic_block:
        raise RuntimeError("replace_slice must run inside a transaction")
    check_unique(models, frames)
    # the council's data version first: its row lock orders every import of the council (no lock cycles)
    bump(la, f"import {batch.kind}", tables=True)
    groups = sorted({m._meta.db_table.rsplit("_", 1)[0] for n, m in models.items() if n in frames})
    for group in groups:
        lock_slice(la, year, group)
    counts = {}
    for i, (name, frame) in enumerate(frames.items()):
        model = models[name]
        old = model.objects.filter(la=la)
        (old.filter(year=year) if year is not None else old).delete()
        counts[name] = _insert(model, frame, la, batch, year)
        record_currency(la, batch, name, frame, year)
        if progress:
            progress(i + 1, len(frames))
    return counts


def record_currency(la: str, batch: ImportBatch, table: str, frame: pl.DataFrame, year: int | None) -> None:
    """Record the date this table's data is complete to (:mod:`cphub.currency`)."""
    from cphub.currency import complete_to, source_key
    from cphub.web.store.models import SourceCurrency

    SourceCurrency.objects.update_or_create(
        la=la, source=source_key(batch.kind, table), year=year or 0,
        defaults={"complete_to": complete_to(batch.kind, frame, year=year, extract_date=batch.extract_date),
                  "extract_date": batch.extract_date, "batch": batch})


def store_return(ret: Return, la: str, batch: ImportBatch, progress: Progress | None = None) -> dict[str, int]:
    """Replace council ``la``'s rows for ``ret.year`` with the return's tables. Call inside a transaction."""
    if ret.year is None:
        raise InputError([])
    return replace_slice(SSDA903_MODELS, {n: ret.tables[n] for n in SSDA903_MODELS}, la, batch, ret.year, progress)


def store_local(frames: dict[str, pl.DataFrame], la: str, batch: ImportBatch) -> dict[str, int]:
    """Replace council ``la``'s rows of each given local table. Call inside a transaction."""
    return replace_slice(LOCAL_MODELS, frames, la, batch)


def import_return_files(files: list[tuple[str, bytes]], la: str, year: int, *, user=None, source: str = "cli",
                        findings_ok: bool = True, progress: Progress | None = None) -> ImportBatch:
    """Read, then load one return atomically. Unreadable input raises InputError and writes nothing."""
    ret = read_files(files, year)
    with transaction.atomic():
        batch = ImportBatch.objects.create(la=la, kind="ssda903", year=year, user=user, source=source,
                                           status="running", checksums={n: checksum(b) for n, b in files})
        batch.counts = store_return(ret, la, batch, progress)
        batch.status, batch.finished, batch.progress = "done", timezone.now(), 100
        batch.save()
    return batch


def import_local_folder(folder: Path, la: str, *, user=None, source: str = "cli",
                        extract_date=None) -> ImportBatch | None:
    """Load every local-table CSV in ``folder`` (files named ``<table>.csv``) atomically."""
    from cphub.ssda903.reader import read_files as _read

    files = [(n, b) for n, b in collect_files(folder) if Path(n).stem in LOCAL_TABLES]
    if not files:
        return None
    ret = _read(files, None, tables=LOCAL_TABLES)
    frames = {n: f for n, f in ret.tables.items() if n in ret.files}
    with transaction.atomic():
        batch = ImportBatch.objects.create(la=la, kind="local", user=user, source=source, status="running",
                                           extract_date=extract_date, checksums={n: checksum(b) for n, b in files})
        batch.counts = store_local(frames, la, batch)
        batch.status, batch.finished, batch.progress = "done", timezone.now(), 100
        batch.save()
    return batch
