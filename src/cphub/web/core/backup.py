"""Backup and restore through Django's own serialisation (dumpdata/loaddata), so the same file moves between
SQLite and PostgreSQL: every table the Hub owns (store, scorecard, kinship, Virtual School, users and their
groups, two-factor devices, grants, the audit trail, the purge schedule), gzipped JSON written 0600.
Sessions, content types, permissions, axes' lockout counters and django-q2's task queue are left out: they are
rebuilt or transient. A restore goes into an empty, migrated database, in one transaction."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

EXCLUDE = ["contenttypes", "auth.permission", "sessions", "axes", "django_q.ormq", "django_q.task",
           "django_q.success", "django_q.failure"]


class NotEmpty(Exception):
    """The database already holds users or data: a restore would mix two installations."""


def backup(out: Path) -> int:
    """Write the database to ``out`` (gzipped JSON); returns the number of records."""
    import json

    from django.core.management import call_command

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as raw, gzip.open(raw, "wt", encoding="utf-8") as f:
        call_command("dumpdata", exclude=EXCLUDE, natural_foreign=True, natural_primary=True, stdout=f, verbosity=0)
    os.replace(tmp, out)
    with gzip.open(out, "rt", encoding="utf-8") as f:
        return len(json.load(f))


def is_empty() -> bool:
    from django.contrib.auth.models import User

    from cphub.web.store.models import ImportBatch

    return not User.objects.exists() and not ImportBatch.objects.exists()


def restore(path: Path) -> int:
    """Migrate, then load a backup into this (empty) database in one transaction; returns the record count."""
    import json
    import tempfile

    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0, interactive=False)
    if not is_empty():
        raise NotEmpty("This database already has users or imported data: restore into a new, empty database "
                       "(set DATABASE_URL to it).")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        records = json.load(f)
    schedule_rows = [r for r in records if r["model"] == "django_q.schedule"]
    with tempfile.TemporaryDirectory() as tmp:
        fixture = Path(tmp) / "backup.json"
        fixture.write_text(json.dumps(records))
        with transaction.atomic():
            if schedule_rows:  # the migration created the purge schedule: the backup's copy replaces it
                from django_q.models import Schedule

                Schedule.objects.all().delete()
            call_command("loaddata", str(fixture), verbosity=0)
    cache.clear()
    return len(records)
