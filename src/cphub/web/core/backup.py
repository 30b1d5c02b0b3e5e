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


def restore(path: Path, batch: int = 5000) -> int:
    """Migrate, then load a backup into this (empty) database in one transaction; returns the record count.
    Rows go in with bulk inserts per model (the many store rows), objects with many-to-many links (users and
    their groups) one by one, then the database's id sequences are reset, as loaddata does."""
    import json

    from django.apps import apps
    from django.core import serializers
    from django.core.cache import cache
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection, transaction

    call_command("migrate", verbosity=0, interactive=False)
    if not is_empty():
        raise NotEmpty("This database already has users or imported data: restore into a new, empty database "
                       "(set DATABASE_URL to it).")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        records = json.load(f)
    models = {apps.get_model(r["model"]) for r in records}
    pending: list = []

    def insert_pending():
        """Insert rows as stored (raw: auto_now_add and other save-time defaults do not rewrite them)."""
        if pending:
            model = type(pending[0])
            fields = model._meta.local_concrete_fields
            for i in range(0, len(pending), batch):
                model._base_manager._insert(pending[i:i + batch], fields=fields, raw=True)
            pending.clear()

    with transaction.atomic():
        if any(r["model"] == "django_q.schedule" for r in records):  # the backup's schedule replaces the migration's
            from django_q.models import Schedule

            Schedule.objects.all().delete()
        for obj in serializers.deserialize("python", records):
            if obj.m2m_data or obj.object.pk is None:  # users (natural keys, groups): the ordinary way
                insert_pending()
                obj.save()
            else:
                if pending and type(pending[0]) is not type(obj.object):
                    insert_pending()
                pending.append(obj.object)
        insert_pending()
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
                cursor.execute(sql)
    cache.clear()
    return len(records)
