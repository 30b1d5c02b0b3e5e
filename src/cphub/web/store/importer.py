"""Load typed tables into the store: one transaction per import, replacing the slice the import covers.

A failure (or a kill) part-way leaves the store as it was; importing the same files twice changes nothing
(the slice is replaced by identical rows and the batch record says the checksums were already loaded).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

import polars as pl
from django.db import transaction
from django.utils import timezone

from cphub.findings import InputError
from cphub.local.schema import LOCAL_TABLES
from cphub.ssda903.reader import Return, collect_files, read_files
from cphub.web.store.models import LOCAL_MODELS, SSDA903_MODELS, ImportBatch

BULK = 5000
Progress = Callable[[int, int], None]


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _rows(model, frame: pl.DataFrame, la: str, batch: ImportBatch, year: int | None):
    names = [c.name for c in model.spec.columns]
    attrs = [n.lower() for n in names]
    for values in frame.select(names).iter_rows():
        obj = model(la=la, batch=batch, **dict(zip(attrs, values)))
        if year is not None:
            obj.year = year
        yield obj


def _bulk(model, objs: Iterable) -> int:
    n = 0
    chunk = []
    for o in objs:
        chunk.append(o)
        if len(chunk) >= BULK:
            model.objects.bulk_create(chunk)
            n += len(chunk)
            chunk = []
    if chunk:
        model.objects.bulk_create(chunk)
        n += len(chunk)
    return n


def store_return(ret: Return, la: str, batch: ImportBatch, progress: Progress | None = None) -> dict[str, int]:
    """Replace council ``la``'s rows for ``ret.year`` with the return's tables. Call inside a transaction."""
    if ret.year is None:
        raise InputError([])
    counts = {}
    total = len(SSDA903_MODELS)
    for i, (name, model) in enumerate(SSDA903_MODELS.items()):
        model.objects.filter(la=la, year=ret.year).delete()
        counts[name] = _bulk(model, _rows(model, ret.tables[name], la, batch, ret.year))
        if progress:
            progress(i + 1, total)
    return counts


def store_local(frames: dict[str, pl.DataFrame], la: str, batch: ImportBatch) -> dict[str, int]:
    """Replace council ``la``'s rows of each given local table. Call inside a transaction."""
    counts = {}
    for name, frame in frames.items():
        model = LOCAL_MODELS[name]
        model.objects.filter(la=la).delete()
        counts[name] = _bulk(model, _rows(model, frame, la, batch, None))
    return counts


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


def import_local_folder(folder: Path, la: str, *, user=None, source: str = "cli") -> ImportBatch | None:
    """Load every local-table CSV in ``folder`` (files named ``<table>.csv``) atomically."""
    from cphub.ssda903.reader import read_files as _read

    files = [(n, b) for n, b in collect_files(folder) if Path(n).stem in LOCAL_TABLES]
    if not files:
        return None
    ret = _read(files, None, tables=LOCAL_TABLES)
    frames = {n: f for n, f in ret.tables.items() if n in ret.files}
    with transaction.atomic():
        batch = ImportBatch.objects.create(la=la, kind="local", user=user, source=source, status="running",
                                           checksums={n: checksum(b) for n, b in files})
        batch.counts = store_local(frames, la, batch)
        batch.status, batch.finished, batch.progress = "done", timezone.now(), 100
        batch.save()
    return batch
