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
from cphub.web.store.importer import check_unique, checksum, replace_slice
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


def load_vs_data(la: str) -> CouncilData:
    """Every table the Virtual School computes on, for council ``la``: the council's SSDA903 and local tables (the
    same frames the scorecard uses, shared, not copied) plus its CIN census and education tables."""
    from cphub.web.scorecard.services import load_data

    base = load_data(la)
    return CouncilData(la=la, tables={**base.tables, **_cin_tables(la), **education_tables(la)},
                       population=base.population, settings=dict(base.settings))


def vs_data(la: str) -> CouncilData:
    """:func:`load_vs_data`, kept in this worker while the council's tables are unchanged (bounded: see
    :func:`cphub.web.results.services.frames`)."""
    from cphub.web.results.services import frames

    return frames(la, "virtual_school", lambda: load_vs_data(la))


def dashboard_figures(la: str, at: date) -> dict:
    """The Virtual School dashboard's figures at ``at``: every measure for every cohort (``rows``), the cohort
    sizes, and the same rows at the end of the previous academic year when it has data (``previous``). Computed
    once per data version and date, then read from the results store."""
    from cphub.virtual_school.cohorts import COHORTS, academic_year, cohort
    from cphub.virtual_school.measures import compare
    from cphub.web.results.services import get_or_compute

    def figures() -> dict:
        data = vs_data(la)
        names = list(COHORTS)
        year = academic_year(at)
        return {"rows": compare(data, at, names),
                "sizes": {c: cohort(data, at, c).height for c in names},
                "previous": compare(data, year_end(year - 1), names) if year - 1 in academic_years(la) else None}

    return get_or_compute(la, "virtual_school_dashboard", at, "", figures)


def record_frames(la: str, at: date, data) -> dict[str, pl.DataFrame]:
    """The council-wide frames a child's record is filtered from (cohort membership, current places, PEPs, the
    worklist), computed once per data version and date and then read from the results store."""
    from cphub.virtual_school.cohorts import COHORTS, all_cohorts
    from cphub.virtual_school.measures import current_places, latest_peps, pep_eligible
    from cphub.virtual_school.worklist import worklist
    from cphub.web.results.services import get_or_compute

    return get_or_compute(la, "virtual_school_record_frames", at, "", lambda: {
        "cohorts": all_cohorts(data, at), "places": current_places(data, at), "latest_peps": latest_peps(data, at),
        "pep_eligible": pep_eligible(data, at), "worklist": worklist(data, at, list(COHORTS))})


def precompute(la: str) -> None:
    """Store the dashboard's figures, and the council-wide frames a child's record is read from, at the default
    as-at date."""
    at = default_at(la)
    dashboard_figures(la, at)
    record_frames(la, at, vs_data(la))


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
        check_unique(EDUCATION_MODELS, frames)
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
