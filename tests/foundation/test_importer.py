"""Imports are all or nothing and idempotent."""

from __future__ import annotations

import pytest

from cphub.findings import InputError
from cphub.web.store.importer import import_return_files
from cphub.web.store.models import SSDA903_MODELS, ImportBatch

pytestmark = pytest.mark.django_db

HEADER = b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\nA1,M,01/02/2010,WBRI,A123456789012,,\r\nA2,F,03/04/2012,BAFR,UN1,,\r\n"
EPISODES = (b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
            b"A1,01/05/2024,S,C2,N1,U4,PR1,01/06/2024,X1,,SL1 1AA,SL2 2BB,SC123456\n"
            b"A1,01/06/2024,P,C2,N1,U6,PR4,,,CARPL,SL1 1AA,SL3 3CC,SC654321\n"
            b"A2,10/10/2024,S,V2,N4,U6,PR1,,,,SL1 1AA,SL2 2BB,SC123456\n")


def counts():
    return {n: m.objects.count() for n, m in SSDA903_MODELS.items()}


def test_import_loads_typed_rows():
    batch = import_return_files([("header.csv", HEADER), ("episodes.csv", EPISODES)], "999", 2025)
    assert batch.status == "done"
    assert batch.counts["Header"] == 2 and batch.counts["Episodes"] == 3
    ep = SSDA903_MODELS["Episodes"].objects.get(la="999", child="A1", rne="P")
    assert str(ep.decom) == "2024-06-01" and ep.dec is None and ep.year == 2025 and ep.la == "999"
    assert len(batch.checksums) == 2


def test_same_files_twice_change_nothing():
    files = [("header.csv", HEADER), ("episodes.csv", EPISODES)]
    batches = ImportBatch.objects.count()
    import_return_files(files, "871", 2025)
    first = counts()
    import_return_files(files, "871", 2025)
    assert counts() == first
    assert ImportBatch.objects.count() == batches + 2


def test_unreadable_input_changes_nothing():
    import_return_files([("header.csv", HEADER)], "871", 2025)
    before = counts()
    bad = b"CHILD,DECOM\nA1,01/01/2024\n"  # an Episodes file without most of its columns
    with pytest.raises(InputError) as exc:
        import_return_files([("header.csv", HEADER), ("episodes.csv", bad)], "871", 2025)
    assert any("RNE" in f.message for f in exc.value.findings)
    assert counts() == before


def test_failure_midway_rolls_back(monkeypatch):
    import cphub.web.store.importer as importer

    import_return_files([("header.csv", HEADER), ("episodes.csv", EPISODES)], "871", 2025)
    before = counts()
    real = importer._insert
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(importer, "_insert", failing)
    with pytest.raises(RuntimeError):
        import_return_files([("header.csv", HEADER)], "871", 2025)
    assert counts() == before
