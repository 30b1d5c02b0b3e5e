"""Load a council's Standard Safeguarding Dataset into the store: read and map (the pure :mod:`cphub.ssd` core),
compare with what the last SSD refresh loaded, then replace the SSD-fed tables in one transaction.

* SSDA903 tables built from SSD are stored as the slice of the extract's collection year (the store keeps the
  latest year's row for each record, so the whole history read from SSD wins over older returns).
* Local tables fed by SSD are replaced, except ``care_leaver_updates``, which *accumulates*: SSD holds each young
  person's latest contact, so each refresh adds that day's snapshot to the history (keyed by contact date).
* Tables SSD cannot give (:data:`cphub.ssd.spec.NOT_IN_SSD`) are left as they are.
* Values the council's value map cannot place are reported with their counts; ``strict`` refuses the load.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
from django.db import transaction
from django.utils import timezone

from cphub.calendar import collection_year
from cphub.findings import Finding, InputError
from cphub.ssd.reader import read_ssd
from cphub.ssd.spec import NOT_IN_SSD, SSD_VERSION
from cphub.ssd.transform import HubTables, to_hub
from cphub.ssd.valuemaps import ValueMap, ValueMapError, from_text, load
from cphub.web.store.cin_models import CIN_MODELS, cin_tables
from cphub.web.store.frames import local_table, ssda903_table
from cphub.web.store.importer import replace_slice
from cphub.web.store.models import LOCAL_MODELS, SSDA903_MODELS, ImportBatch

ACCUMULATE = {"care_leaver_updates"}


def extract_date(hub: HubTables) -> date | None:
    """The latest date in the SSD-fed records: what the extract is complete to when no date is given."""
    latest = [df[c].max() for df in [*hub.ssda903.values(), *hub.local.values()]
              for c, t in df.schema.items() if t == pl.Date() and df.height]
    found = [d for d in latest if isinstance(d, date)]
    return max(found) if found else None


def changes(la: str, hub: HubTables) -> dict[str, int]:
    """What this refresh changes against the store: children added and gone, episodes added, gone and changed."""
    old_children = set(ssda903_table(la, "Header")["CHILD"].to_list())
    new_children = set(hub.ssda903["Header"]["CHILD"].to_list())
    cols = [c for c in hub.ssda903["Episodes"].columns]
    old = ssda903_table(la, "Episodes").select(cols)
    new = hub.ssda903["Episodes"]
    key = ["CHILD", "DECOM"]
    added = new.join(old, on=key, how="anti").height
    gone = old.join(new, on=key, how="anti").height
    both = new.join(old, on=key, how="inner", suffix="_OLD")
    differs = pl.any_horizontal([pl.col(c).ne_missing(pl.col(f"{c}_OLD")) for c in cols if c not in key])
    return {"children_added": len(new_children - old_children), "children_gone": len(old_children - new_children),
            "episodes_added": added, "episodes_gone": gone,
            "episodes_changed": both.filter(differs).height if both.height else 0}


def _accumulated(la: str, name: str, new: pl.DataFrame) -> pl.DataFrame:
    key = list(LOCAL_MODELS[name].spec.key)
    old = local_table(la, name).select(new.columns)
    return pl.concat([old, new]).unique(key, keep="last", maintain_order=True)


def value_map(la: str, cms: str, map_path: Path | None = None) -> ValueMap:
    from cphub.web.ssd.models import current

    if map_path is None:
        saved = current(la)
        if saved is not None:
            return from_text(saved.text)
    return load(cms, map_path)


def refresh_from_settings() -> str:
    """The nightly refresh (a django-q2 schedule, see ``cphub import-ssd --schedule``): load ``CPHUB_SSD_URL`` for
    ``CPHUB_LA``. A source that cannot be loaded is recorded as a failed import with its reasons."""
    from django.conf import settings

    if not settings.CPHUB_SSD_URL:
        return "CPHUB_SSD_URL is not set: nothing to refresh."
    try:
        return import_ssd(settings.CPHUB_SSD_URL, settings.CPHUB_LA, cms=settings.CPHUB_SSD_CMS,
                          label="schedule").message
    except InputError as exc:
        ImportBatch.objects.create(la=settings.CPHUB_LA, kind="ssda903", source="ssd", status="failed",
                                   finished=timezone.now(), errors=len(exc.findings),
                                   findings=[f.as_dict() for f in exc.findings[:500]],
                                   message="The SSD refresh could not be loaded; nothing was changed.")
        return "failed"


SCHEDULE_NAME = "Nightly SSD refresh"


def schedule_nightly(hour: int = 2):
    """Create (or move) the django-q2 schedule that runs :func:`refresh_from_settings` every night at ``hour``."""
    from datetime import timedelta

    from django_q.models import Schedule

    now = timezone.localtime()
    first = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    if first <= now:
        first += timedelta(days=1)
    sched, _ = Schedule.objects.update_or_create(name=SCHEDULE_NAME, defaults={
        "func": "cphub.web.ssd.services.refresh_from_settings", "schedule_type": Schedule.DAILY,
        "next_run": first, "repeats": -1})
    return sched


def _where(source: str | Path) -> str:
    """The source for the record, without any password in a database URL."""
    if isinstance(source, str) and "://" in source:
        from sqlalchemy.engine import make_url

        return make_url(source).render_as_string(hide_password=True)[:200]
    return str(source)[:200]


def import_ssd(source: str | Path, la: str, *, cms: str = "liquid_logic", map_path: Path | None = None,
               year: int | None = None, strict: bool = False, user=None, label: str = "cli") -> ImportBatch:
    """Read ``source`` (folder of CSVs or database URL), map, and load it all or nothing. The value map: the file
    given, else the council's map saved in the app, else the shipped one for ``cms``. Unreadable input or an
    unusable value map raises :class:`InputError` and writes nothing."""
    try:
        vmap = value_map(la, cms, map_path)
    except ValueMapError as exc:
        raise InputError(Finding("VALUEMAP", str(exc), "value map", file=str(map_path or cms))) from exc
    hub = to_hub(read_ssd(source), vmap)
    if strict and hub.unmapped:
        raise InputError([Finding("VALUEMAP", f"'{value}' ({n} rows) matches nothing in the value map.", field,
                                  fields=(field,)) for field, value, n in hub.unmapped[:50]])
    as_of = extract_date(hub)
    year = year or (collection_year(as_of) if as_of else None)
    if year is None:
        raise InputError(Finding("SSD", "The SSD source holds no dated records, so there is nothing to load.", "SSD"))
    report = {"ssd_version": SSD_VERSION, "cms": vmap.cms, "extract_date": as_of.isoformat() if as_of else None,
              "changes": changes(la, hub), "not_in_ssd": sorted(NOT_IN_SSD),
              "unmapped": [{"field": f, "value": v, "count": n} for f, v, n in hub.unmapped]}
    with transaction.atomic():
        batch = ImportBatch.objects.create(la=la, kind="ssda903", year=year, user=user, source="ssd",
                                           status="running", checksums={"ssd": _where(source)})
        counts = replace_slice({n: SSDA903_MODELS[n] for n in hub.ssda903}, hub.ssda903, la, batch, year)
        local = {n: _accumulated(la, n, f) if n in ACCUMULATE else f for n, f in hub.local.items()}
        counts.update(replace_slice({n: LOCAL_MODELS[n] for n in local}, local, la, batch))
        if hub.cin["CINDetails"].height:  # an SSD without CIN objects leaves the CIN census data as it is
            counts.update(replace_slice(CIN_MODELS, hub.cin, la, batch, year))
        batch.counts = {**counts, "report": report}
        batch.warnings = sum(n for _, _, n in hub.unmapped)
        batch.status, batch.finished, batch.progress = "done", timezone.now(), 100
        batch.message = (f"SSD v{SSD_VERSION} ({vmap.cms}) to {as_of:%d %B %Y}: " if as_of else "") + \
            f"{hub.children} children; {len(hub.unmapped)} unmapped value(s)."
        batch.save()
    return batch


def load_demo_from_ssd(la: str, folder: Path, var: Path, url: str | None = None) -> ImportBatch:
    """``setup-demo --from ssd``: write the generated demo council (already loaded by the CSV route, CIN censuses
    included) as a synthetic SSD database, clear every table SSD feeds, and load them again from SSD. What SSD
    cannot give (OC2, OC3, AD1, fostering households, the kinship register) stays as the CSV route loaded it.
    ``url``: where to write the SSD database (default: SQLite in ``var``)."""
    from cphub.csvio import read_table
    from cphub.local.schema import LOCAL_TABLES
    from cphub.ssd.synth import from_hub, write_database
    from cphub.ssd.transform import LOCAL_FROM_SSD, SSDA903_FROM_SSD
    from cphub.ssda903.reader import merge_years, read_years

    folder = folder / la if (folder / la).is_dir() else folder
    tables = {n: t.drop("YEAR") for n, t in merge_years(read_years(folder)).items()}
    for name, spec in LOCAL_TABLES.items():
        f = folder / "local" / f"{name}.csv"
        tables[name] = read_table(f.read_bytes(), spec, f.name)[0] if f.exists() else spec.empty()
    tables.update({n: t.drop("YEAR") for n, t in cin_tables(la).items()})
    url = url or f"sqlite:///{(var / 'demo-ssd.sqlite3').resolve()}"
    write_database(from_hub(tables), url)
    with transaction.atomic():
        for model in CIN_MODELS.values():
            model.objects.filter(la=la).delete()
        for name in SSDA903_FROM_SSD:
            SSDA903_MODELS[name].objects.filter(la=la).delete()
        for name in LOCAL_FROM_SSD:
            LOCAL_MODELS[name].objects.filter(la=la).delete()
        return import_ssd(url, la, label="demo")
