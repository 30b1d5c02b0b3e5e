"""The Virtual School's view of the store: the council's SSDA903, local and CIN tables plus its education tables
as typed Polars frames, and the atomic education import."""

from __future__ import annotations

from datetime import date

import polars as pl
from django.db import transaction
from django.utils import timezone

from cphub.findings import InputError
from cphub.measures.base import CouncilData
from cphub.virtual_school.cohorts import year_end
from cphub.virtual_school.importer import read_education
from cphub.web.store.importer import checksum, replace_slice
from cphub.web.store.models import ImportBatch
from cphub.web.virtual_school.models import EDUCATION_MODELS


def _frame(model, la: str) -> pl.DataFrame:
    spec = model.spec
    rows = list(model.objects.filter(la=la).values_list(*(c.name.lower() for c in spec.columns)))
    return pl.DataFrame(rows, schema=spec.schema, orient="row")


def education_tables(la: str) -> dict[str, pl.DataFrame]:
    return {n: _frame(m, la) for n, m in EDUCATION_MODELS.items()}


def _cin_tables(la: str) -> dict[str, pl.DataFrame]:
    """Every census year of the council's CIN census tables (``cphub.web.store.cin_models``, when installed), with
    a YEAR column and no merging: :func:`cphub.virtual_school.cohorts.cin_spells` keeps each episode's latest
    state, and the "last six years" cohort needs episodes from every census."""
    try:
        from cphub.web.store.cin_models import CIN_MODELS
    except ImportError:
        return {}
    out = {}
    for name, model in CIN_MODELS.items():
        spec = model.spec
        rows = list(model.objects.filter(la=la).values_list("year", *(c.name.lower() for c in spec.columns)))
        out[name] = pl.DataFrame(rows, schema={"YEAR": pl.Int64, **spec.schema}, orient="row")
    return out


def vs_data(la: str) -> CouncilData:
    """Every table the Virtual School computes on, for council ``la``."""
    from cphub.web.store.frames import council_data

    data = council_data(la)
    data.tables.update(_cin_tables(la))
    data.tables.update(education_tables(la))
    return data


def default_at(la: str, today: date | None = None) -> date:
    """The as-at date the Virtual School pages open on: today, or the end of the summer term of the latest
    academic year with attendance data (31 August) if that is earlier (a demo or an old extract)."""
    today = today or date.today()
    latest = (EDUCATION_MODELS["attendance"].objects.filter(la=la).order_by("-academic_year")
              .values_list("academic_year", flat=True).first())
    return min(today, year_end(latest)) if latest else today


def academic_years(la: str) -> list[int]:
    return sorted(set(EDUCATION_MODELS["attendance"].objects.filter(la=la).values_list("academic_year", flat=True)),
                  reverse=True)


def store_education(frames: dict[str, pl.DataFrame], la: str, batch: ImportBatch) -> dict[str, int]:
    """Replace council ``la``'s rows of each given education table. Call inside a transaction."""
    return replace_slice(EDUCATION_MODELS, frames, la, batch)


def import_education_files(files: list[tuple[str, bytes]], la: str, *, user=None, source: str = "web") -> ImportBatch:
    """Check every file, then load them all in one transaction. Any problem raises :class:`InputError` and
    writes nothing (a rejected batch is recorded with its findings)."""
    try:
        frames = read_education(files)
    except InputError as exc:
        ImportBatch.objects.create(la=la, kind="education", user=user, source=source, status="rejected",
                                   checksums={n: checksum(b) for n, b in files}, errors=len(exc.findings),
                                   findings=[f.as_dict() for f in exc.findings[:500]],
                                   message="Not loaded: the files have errors.", finished=timezone.now())
        raise
    with transaction.atomic():
        batch = ImportBatch.objects.create(la=la, kind="education", user=user, source=source, status="running",
                                           checksums={n: checksum(b) for n, b in files})
        batch.counts = store_education(frames, la, batch)
        batch.status, batch.finished, batch.progress = "done", timezone.now(), 100
        batch.save()
    return batch
