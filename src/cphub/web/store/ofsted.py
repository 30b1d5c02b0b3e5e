"""Ofsted's provider list in the store: loaded whole by ``cphub ofsted import FILE`` (and the demo set-up), read back
for validating SSDA903 returns (the URN rules of :mod:`cphub.ssda903.rules.rules_ofsted`).

One list at a time: an import reads and checks the whole file first (:func:`cphub.reference.ofsted.read_providers`;
a file that cannot be read loads nothing), then replaces the previous list in one transaction. Each import is an
:class:`~cphub.web.store.models.ImportBatch` of kind ``ofsted``: who, when, from where, the file's SHA-256 and the
number of providers (or the findings saying why it was refused).
"""

from __future__ import annotations

import polars as pl
from django.db import transaction
from django.utils import timezone

from cphub.findings import InputError
from cphub.reference.ofsted import PROVIDERS, read_providers
from cphub.web.store.importer import checksum
from cphub.web.store.models import ImportBatch, OfstedProviders

FIELDS = [c.name.lower() for c in PROVIDERS.columns]
MAX_FINDINGS = 200


def import_providers(data: bytes, filename: str, la: str, *, user=None, source: str = "cli") -> ImportBatch:
    """Read Ofsted's list from ``data`` and make it the stored list, all or nothing. Returns the batch: status
    ``done`` (``counts["providers"]`` rows) or ``failed`` (``findings`` say which file, row and field)."""
    batch = ImportBatch.objects.create(la=la, kind="ofsted", user=user, source=source, status="running",
                                       checksums={filename: checksum(data)})
    try:
        frame = read_providers(data, filename)
    except InputError as exc:
        batch.status, batch.finished = "failed", timezone.now()
        batch.findings, batch.errors = [f.as_dict() for f in exc.findings[:MAX_FINDINGS]], len(exc.findings)
        batch.message = "Ofsted's provider list could not be read; the stored list is unchanged."
        batch.save()
        return batch
    frame = frame.unique(subset=["URN", "POSTCODE"], keep="first", maintain_order=True)
    rows = [OfstedProviders(la=la, batch=batch, **dict(zip(FIELDS, r)))
            for r in frame.select(PROVIDERS.column_names).iter_rows()]
    with transaction.atomic():
        OfstedProviders.objects.all().delete()
        OfstedProviders.objects.bulk_create(rows, batch_size=2000)
        batch.status, batch.finished = "done", timezone.now()
        batch.counts = {"providers": len(rows)}
        batch.message = f"Ofsted's provider list loaded: {len(rows)} provider premises."
        batch.save()
    return batch


def providers_from_store() -> pl.DataFrame | None:
    """The stored list as a :data:`~cphub.reference.ofsted.PROVIDERS` frame, or None when none was loaded."""
    rows = list(OfstedProviders.objects.values_list(*FIELDS))
    if not rows:
        return None
    return pl.DataFrame(rows, schema=PROVIDERS.schema, orient="row")


def current_list() -> ImportBatch | None:
    """The batch that loaded the stored list (upload date, who, row count), or None."""
    return ImportBatch.objects.filter(kind="ofsted", status="done").order_by("-created", "-pk").first()
