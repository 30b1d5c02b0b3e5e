"""Every model change has its migration: ``makemigrations --check --dry-run`` finds nothing to write."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations(capsys):
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=1)
    except SystemExit as exc:  # --check exits 1 when a migration would be written
        pytest.fail(f"models changed without a migration:\n{capsys.readouterr().out}")
        raise AssertionError from exc
