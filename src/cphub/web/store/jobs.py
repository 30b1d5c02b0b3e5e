"""The import workflow shared by the analyst upload page and ``cphub import``: read, validate, then load all or
nothing, recording everything in an :class:`~cphub.web.store.models.ImportBatch`.

* Unreadable input: the batch is ``failed`` with the reasons; nothing is written.
* Validation errors: the batch is ``rejected`` with its findings; nothing is written, unless the analyst chose
  "load anyway", when the return is loaded and the batch flagged ``loaded_with_errors``.
* Loading is one transaction (a failure or a kill part-way leaves the store as it was) that replaces the slice
  the import covers (council + year), so importing the same files twice changes nothing; a repeat of the
  latest loaded files is recognised by checksum and not written again.
* Uploaded files wait in ``VAR_DIR/uploads/<batch>/`` for the background job (django-q2 ``async_task``, run
  in-process when ``CPHUB_SYNC_JOBS=1``); progress of a running load is kept in a small file beside them so the
  status page can read it from another process while the transaction is still open.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import polars as pl
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cphub.findings import Finding, InputError
from cphub.ssda903.reader import Return, read_files
from cphub.ssda903.validate import HISTORY_TABLES, validate_return
from cphub.web.store.importer import check_unique, checksum, replace_slice, store_return
from cphub.web.store.models import SSDA903_MODELS, ImportBatch

MAX_STORED_FINDINGS = 20000
Progress = Callable[[int, int], None]


def upload_dir(batch_id: int) -> Path:
    return Path(settings.VAR_DIR) / "uploads" / str(int(batch_id))


def _progress_file(batch_id: int) -> Path:
    return upload_dir(batch_id) / "progress.json"


def read_progress(batch: ImportBatch) -> int:
    """The batch's progress in %, including a load still inside its transaction."""
    p = _progress_file(batch.pk)
    if batch.status == "running" and p.is_file():
        try:
            return max(batch.progress, int(json.loads(p.read_text())["progress"]))
        except (ValueError, KeyError, OSError):
            pass
    return batch.progress


def _set_progress(batch: ImportBatch, pct: int, committed: bool = True) -> None:
    batch.progress = pct
    if committed:
        ImportBatch.objects.filter(pk=batch.pk).update(progress=pct)
    p = _progress_file(batch.pk)
    if p.parent.is_dir():
        p.write_text(json.dumps({"progress": pct}))


def findings_as_dicts(findings: list[Finding]) -> list[dict]:
    return [f.as_dict() for f in findings[:MAX_STORED_FINDINGS]]


def previous_from_store(la: str, year: int) -> dict[str, pl.DataFrame] | None:
    """Last year's return for ``la`` as stored, for the rules that compare years (None when not loaded)."""
    if not SSDA903_MODELS["Header"].objects.filter(la=la, year=year - 1).exists():
        return None
    out = {}
    for name, model in SSDA903_MODELS.items():
        spec = model.spec
        rows = list(model.objects.filter(la=la, year=year - 1).values_list(*[c.name.lower() for c in spec.columns]))
        df = spec.without_absent(pl.DataFrame(rows, schema=spec.schema, orient="row"))  # optional columns not given
        out[name] = df.with_columns(pl.lit(None, dtype=pl.Int64).alias("_row"))
    return out


def history_from_store(la: str, year: int, names: tuple[str, ...] = HISTORY_TABLES) -> dict[str, pl.DataFrame] | None:
    """Every earlier year's ``names`` tables for ``la`` as stored (years before ``year``, an episode repeated across
    returns kept once, the latest year's row winning), for the rules that look at all earlier returns (1002). None
    when the store holds no earlier year for the council."""
    from cphub.web.store.frames import ssda903_table

    if not SSDA903_MODELS["Header"].objects.filter(la=la, year__lt=year).exists():
        return None
    out = {}
    for name in names:
        df = ssda903_table(la, name, before=year)
        out[name] = df.drop("YEAR").with_columns(pl.lit(None, dtype=pl.Int64).alias("_row"))
    return out


def _fail(batch: ImportBatch, findings: list[Finding], message: str) -> ImportBatch:
    batch.status, batch.finished, batch.message = "failed", timezone.now(), message
    batch.findings = findings_as_dicts(findings)
    batch.errors = len(findings)
    batch.save()
    return batch


def _same_as_loaded(batch: ImportBatch) -> ImportBatch | None:
    """The latest loaded batch for the same slice, if it had exactly these files (and the same extract date: the same
    files as a later extract still move the date the data is complete to)."""
    last = (ImportBatch.objects.filter(la=batch.la, kind=batch.kind, year=batch.year, status="done",
                                       extract_date=batch.extract_date)
            .exclude(pk=batch.pk).order_by("-created", "-pk").first())
    return last if last and last.checksums == batch.checksums else None


def new_batch(la: str, kind: str, year: int | None, files: list[tuple[str, bytes]], *, user=None,
              source: str = "cli") -> ImportBatch:
    return ImportBatch.objects.create(la=la, kind=kind, year=year, user=user, source=source, status="pending",
                                      checksums={n: checksum(b) for n, b in files})


def import_return(files: list[tuple[str, bytes]], la: str, year: int, *, user=None, source: str = "cli",
                  allow_errors: bool = False, batch: ImportBatch | None = None, ret: Return | None = None,
                  findings: list[Finding] | None = None, progress: Progress | None = None,
                  extract_date=None) -> ImportBatch:
    """Read, validate and (if clean, or by explicit choice) load one SSDA903 return. Never raises for bad input:
    the returned batch says what happened."""
    batch = batch or new_batch(la, "ssda903", year, files, user=user, source=source)
    batch.status, batch.year = "running", year
    if extract_date is not None:
        batch.extract_date = extract_date
    batch.save()
    _set_progress(batch, 5)
    if ret is None:
        try:
            ret = read_files(files, year)
        except InputError as exc:
            return _fail(batch, exc.findings, "The files could not be read; nothing was loaded.")
    try:
        check_unique(SSDA903_MODELS, {n: ret.tables[n] for n in SSDA903_MODELS}, ret.files)
    except InputError as exc:
        return _fail(batch, exc.findings, "The files repeat a record (see below); nothing was loaded.")
    _set_progress(batch, 20)
    if batch.extract_date is not None:
        from cphub.currency import dates_after, long_date

        late = dates_after(ret.tables, batch.extract_date)
        if late:
            where = "; ".join(f"{t} {c} ({n} row{'s' if n != 1 else ''})" for t, c, n in late[:5])
            return _fail(batch, [], f"This in-year extract has dates after its extract date "
                                    f"{long_date(batch.extract_date)}: {where}. Nothing was loaded.")
    if findings is None:
        findings = _validate(ret, la, year, batch.extract_date)
    errors = sum(f.severity == "error" for f in findings)
    batch.errors, batch.warnings = errors, sum(f.severity == "warning" for f in findings)
    batch.findings = findings_as_dicts(findings)
    _set_progress(batch, 50)
    if errors and not allow_errors:
        batch.status, batch.finished = "rejected", timezone.now()
        batch.message = f"{errors} validation error(s): nothing was loaded."
        batch.save()
        return batch
    same = _same_as_loaded(batch)
    if same is not None and not errors:
        batch.status, batch.finished, batch.progress = "done", timezone.now(), 100
        batch.counts = same.counts
        batch.message = f"These files were already loaded (import {same.pk}); nothing changed."
        batch.save()
        return batch
    try:
        with transaction.atomic():
            def step(i: int, n: int) -> None:
                _set_progress(batch, 50 + 49 * i // n, committed=False)
                if progress:
                    progress(i, n)
            batch.counts = store_return(ret, la, batch, step)
            batch.status, batch.finished, batch.progress = "done", timezone.now(), 100
            batch.loaded_with_errors = errors > 0
            batch.message = (f"Loaded with {errors} validation error(s), by choice." if errors else "Loaded.")
            batch.save()
    except InputError as exc:
        batch.refresh_from_db()
        return _fail(batch, exc.findings, "The files repeat a record (see below); nothing was loaded.")
    except Exception as exc:  # the transaction rolled back: record why, keep the store as it was
        batch.refresh_from_db()
        return _fail(batch, [], f"Loading failed and was rolled back: {type(exc).__name__}: {exc}"[:500])
    return batch


def _validate(ret: Return, la: str, year: int, extract_date=None) -> list[Finding]:
    """Validate against last year's stored return and every earlier stored year; an in-year extract (its
    ``extract_date``) as the year so far."""
    from cphub.ssda903.reader import Return as R
    from cphub.web.store.ofsted import providers_from_store

    prev = previous_from_store(la, year)
    return validate_return(ret, R(year - 1, prev) if prev else None, year, history=history_from_store(la, year),
                           la=la, providers=providers_from_store(), extract_date=extract_date)


# --------------------------------------------------------------------------------------------- CIN census
def import_census(data: bytes, filename: str, la: str, *, user=None, source: str = "cli", allow_errors: bool = False,
                  batch: ImportBatch | None = None) -> ImportBatch:
    """Read, validate and (if clean, or by choice) load one CIN census XML file, replacing the council's rows
    for that census year in one transaction."""
    from cphub.cin.reader import parse_census
    from cphub.cin.rules import validate_census
    from cphub.web.store.cin_models import CIN_MODELS

    batch = batch or new_batch(la, "cin", None, [(filename, data)], user=user, source=source)
    batch.status = "running"
    batch.save()
    try:
        census = parse_census(data, filename)
    except InputError as exc:
        return _fail(batch, exc.findings, "The CIN census could not be read; nothing was loaded.")
    if census.year is None:
        return _fail(batch, [], "The CIN census does not say its year (Header/CollectionDetails/Year).")
    if census.la and census.la != la:
        return _fail(batch, [], f"This CIN census is for council {census.la}, not {la}; nothing was loaded.")
    batch.year = census.year
    try:
        check_unique(CIN_MODELS, {n: census.tables[n] for n in CIN_MODELS}, {n: filename for n in CIN_MODELS})
    except InputError as exc:
        return _fail(batch, exc.findings, "The CIN census repeats a record (see below); nothing was loaded.")
    findings = validate_census(census)
    errors = sum(f.severity == "error" for f in findings)
    batch.errors, batch.warnings = errors, sum(f.severity == "warning" for f in findings)
    batch.findings = findings_as_dicts(findings)
    if errors and not allow_errors:
        batch.status, batch.finished = "rejected", timezone.now()
        batch.message = f"{errors} validation error(s): nothing was loaded."
        batch.save()
        return batch
    try:
        with transaction.atomic():
            batch.counts = replace_slice(CIN_MODELS, {n: census.tables[n] for n in CIN_MODELS}, la, batch, census.year)
            batch.status, batch.finished, batch.progress = "done", timezone.now(), 100
            batch.loaded_with_errors = errors > 0
            batch.message = f"Loaded with {errors} validation error(s), by choice." if errors else "Loaded."
            batch.save()
    except Exception as exc:
        batch.refresh_from_db()
        return _fail(batch, [], f"Loading failed and was rolled back: {type(exc).__name__}: {exc}"[:500])
    return batch


# --------------------------------------------------------------------------------------------- uploads
UPLOAD_KEEP_DAYS = 14


def purge_uploads(days: int = UPLOAD_KEEP_DAYS) -> int:
    """Delete the kept files of rejected uploads older than ``days`` (they hold children's records and are only
    kept so that an analyst can choose to load them). Returns how many uploads were purged."""
    from datetime import timedelta

    cutoff = timezone.now() - timedelta(days=days)
    root = Path(settings.VAR_DIR) / "uploads"
    n = 0
    if root.is_dir():
        old = set(ImportBatch.objects.filter(created__lt=cutoff).values_list("pk", flat=True))
        for folder in root.iterdir():
            if folder.is_dir() and folder.name.isdigit() and int(folder.name) in old:
                shutil.rmtree(folder, ignore_errors=True)
                n += 1
    return n


def save_upload(batch: ImportBatch, files: list[tuple[str, bytes]], allow_errors: bool) -> None:
    """Keep files already in memory (name, bytes) for the background job: see :func:`stream_upload`."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    stream_upload(batch, [SimpleUploadedFile(n, b) for n, b in files], allow_errors)


def stream_upload(batch: ImportBatch, uploaded: list, allow_errors: bool) -> None:
    """Write uploaded files (Django ``UploadedFile``: a large one is already in a temporary file) to the batch's
    folder chunk by chunk, readable by this user only, under numbered names (original names in a manifest), and
    record their checksums. Nothing is read whole into memory in the request; zips are opened by the job.
    Old rejected uploads are purged first (see :func:`purge_uploads`)."""
    import hashlib
    import os

    purge_uploads()
    folder = upload_dir(batch.pk)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    manifest, checksums = [], {}
    for i, f in enumerate(uploaded):
        digest = hashlib.sha256()
        fd = os.open(folder / f"{i:03d}.bin", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            for chunk in f.chunks():
                out.write(chunk)
                digest.update(chunk)
        manifest.append(f.name)
        checksums[f.name] = digest.hexdigest()
    (folder / "manifest.json").write_text(json.dumps({"names": manifest, "allow_errors": allow_errors}))
    batch.checksums = checksums
    batch.save(update_fields=["checksums"])


def load_upload(batch_id: int) -> tuple[list[tuple[str, bytes]], bool]:
    """The uploaded files as (name, bytes), each zip replaced by its CSV members (``InputError`` when a zip is
    unreadable or holds no CSV file), and whether the analyst chose to load despite errors."""
    from cphub.ssda903.reader import read_zip

    folder = upload_dir(batch_id)
    meta = json.loads((folder / "manifest.json").read_text())
    files: list[tuple[str, bytes]] = []
    for i, name in enumerate(meta["names"]):
        data = (folder / f"{i:03d}.bin").read_bytes()
        if name.lower().endswith(".zip"):
            members = read_zip(data, name)
            if not members:
                raise InputError(Finding("FILE", "The zip file has no CSV files in it.", name, file=name))
            files.extend(members)
        else:
            files.append((name, data))
    return files, meta["allow_errors"]


def run_upload(batch_id: int, allow_errors: bool | None = None) -> str:
    """The background job for an uploaded batch: XML files are a CIN census, the rest one SSDA903 return."""
    batch = ImportBatch.objects.get(pk=batch_id)
    try:
        files, chosen = load_upload(batch_id)
    except InputError as exc:
        _fail(batch, exc.findings, "The uploaded zip file could not be read; nothing was loaded.")
        shutil.rmtree(upload_dir(batch_id), ignore_errors=True)
        return batch.status
    except (OSError, ValueError, KeyError):
        _fail(batch, [], "The uploaded files are no longer available; upload them again.")
        return batch.status
    batch.checksums = {n: checksum(b) for n, b in files}  # of each CSV (a zip's members), as the CLI records them
    allow = chosen if allow_errors is None else allow_errors
    xml = [(n, b) for n, b in files if n.lower().endswith(".xml")]
    if batch.kind == "cin" and xml:
        batch = import_census(xml[0][1], xml[0][0], batch.la, allow_errors=allow, batch=batch)
    else:
        batch = import_return(files, batch.la, batch.year, allow_errors=allow, batch=batch)
    if batch.status != "rejected":  # keep rejected uploads so the analyst can still choose to load them
        shutil.rmtree(upload_dir(batch_id), ignore_errors=True)
    return batch.status


def start_upload_job(batch: ImportBatch, allow_errors: bool | None = None) -> None:
    """Queue :func:`run_upload` on django-q2 (runs at once, in-process, when CPHUB_SYNC_JOBS=1)."""
    from django_q.tasks import async_task

    async_task("cphub.web.store.jobs.run_upload", batch.pk, allow_errors, task_name=f"import-{batch.pk}",
               sync=getattr(settings, "CPHUB_SYNC_JOBS", True))
