"""Reuse the SSD tests' fixtures (the generated council as Hub tables)."""

from tests.ssd.conftest import hub_tables  # noqa: F401
