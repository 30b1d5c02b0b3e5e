"""Imports cannot double (issue 9, item 6): repeated records in a file are refused with the file, rows and child;
the store's natural keys are unique; two imports of the same return at the same time leave one copy."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction

from cphub.ssda903.reader import collect_files
from cphub.web.store import importer
from cphub.web.store.jobs import import_return
from cphub.web.store.models import SSDA903_MODELS, ImportBatch

from .test_upload import EPISODES, HEADER

LA = "993"  # not the demo council


def rows(la: str = LA) -> int:
    return sum(m.objects.filter(la=la).count() for m in SSDA903_MODELS.values())


@pytest.mark.django_db
def test_header_with_a_repeated_child_is_refused_naming_the_child_and_rows():
    header = HEADER + b"A1,M,01/02/2010,WBRI,A123456789012,,\r\n"
    b = import_return([("header_2025.csv", header), ("Episodes.csv", EPISODES)], LA, 2025, allow_errors=True)
    assert b.status == "failed" and rows() == 0
    dup = [f for f in b.findings if f["code"] == "DUPLICATE"]
    assert len(dup) == 1
    assert dup[0]["child"] == "A1" and dup[0]["file"] == "header_2025.csv" and dup[0]["row"] == 2
    assert "rows 2, 4" in dup[0]["message"] and "Header" in dup[0]["message"]
    assert "nothing was loaded" in b.message


@pytest.mark.django_db
def test_a_duplicated_episode_is_refused():
    episodes = EPISODES + b"A2,10/10/2023,S,V2,N4,U6,PR1,,,,SL1 1AA,SL2 2BB,SC123456\n"
    b = import_return([("Header.csv", HEADER), ("Episodes.csv", episodes)], LA, 2025, allow_errors=True)
    assert b.status == "failed" and rows() == 0
    (dup,) = [f for f in b.findings if f["code"] == "DUPLICATE"]
    assert dup["child"] == "A2" and dup["table"] == "Episodes" and "rows 4, 5" in dup["message"]
    assert "DECOM 2023-10-10" in dup["message"]


@pytest.mark.django_db
def test_the_store_refuses_a_second_copy_of_a_natural_key():
    b = import_return([("Header.csv", HEADER), ("Episodes.csv", EPISODES)], LA, 2025)
    assert b.status == "done"
    episode = SSDA903_MODELS["Episodes"].objects.filter(la=LA).first()
    episode.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        episode.save()
    header = SSDA903_MODELS["Header"].objects.filter(la=LA).first()
    header.pk, header.year = None, 2024  # another year is another record
    header.save()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_imports_of_the_same_return_leave_one_copy(demo_folder, monkeypatch):
    """Threads against the test database (PostgreSQL: the advisory lock). SQLite's in-memory test database shares
    one cache between threads, whose table locks do not wait: the file-database test below covers SQLite."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite: see test_two_concurrent_cli_imports_into_a_sqlite_file_leave_one_copy")
    files = collect_files(demo_folder / "871" / "2025")
    slow_insert = importer._insert

    def insert(*args, **kwargs):  # widen the window in which the two imports overlap
        n = slow_insert(*args, **kwargs)
        time.sleep(0.05)
        return n

    monkeypatch.setattr(importer, "_insert", insert)
    once = import_return(files, LA, 2025, allow_errors=True)
    assert once.status == "done"
    single = rows()
    ImportBatch.objects.all().delete()  # (cascades to the rows) so neither import is skipped as "already loaded"
    assert rows() == 0
    start = threading.Barrier(2)
    results: list = []

    def run():
        try:
            start.wait()
            results.append(import_return(files, LA, 2025, allow_errors=True).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert "done" in results
    assert results == ["done", "done"]  # the second waited for the first's lock, then replaced its rows
    assert rows() == single
    assert SSDA903_MODELS["Header"].objects.filter(la=LA).values("child").distinct().count() == \
        SSDA903_MODELS["Header"].objects.filter(la=LA).count()


def test_two_concurrent_cli_imports_into_a_sqlite_file_leave_one_copy(demo_folder, tmp_path):
    """Two ``cphub import`` processes loading the same return into one SQLite file at the same time."""
    import os
    import sqlite3
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(CPHUB_VAR=str(tmp_path), CPHUB_SQLITE=str(tmp_path / "hub.sqlite3"), CPHUB_PRECOMPUTE="0")
    cli = [sys.executable, "-m", "cphub"]
    subprocess.run([*cli, "migrate"], env=env, check=True, capture_output=True, timeout=600)
    args = [*cli, "import", str(demo_folder / "871" / "2025"), "--la", LA, "--year", "2025", "--allow-errors"]
    procs = [subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    printed = {int(line.split(":")[1].split()[0]) for o in outs for line in o[0].decode().splitlines()
               if line.startswith(f"{LA} 2025:")}
    db = sqlite3.connect(tmp_path / "hub.sqlite3")
    tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name LIKE "
                                       "'store_ssda903_%'")]
    stored = sum(db.execute(f'SELECT COUNT(*) FROM "{t}" WHERE la = ?', [LA]).fetchone()[0] for t in tables)
    assert len(printed) == 1 and stored == printed.pop() > 1000


@pytest.mark.django_db
def test_uploads_are_streamed_to_disk_and_read_by_the_job(client_for, settings, tmp_path, monkeypatch):
    """The request only streams the files to the batch's folder (0600); the job opens the zip, and a bad zip is a
    failed import with the reason on its progress page."""
    import io
    import stat
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    from cphub.web.store import jobs

    settings.VAR_DIR, settings.CPHUB_LA, settings.FILE_UPLOAD_MAX_MEMORY_SIZE = tmp_path, LA, 64  # to a temp file
    queued = []
    monkeypatch.setattr(jobs, "start_upload_job", lambda batch, allow_errors=None: queued.append(batch.pk))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("Header.csv", HEADER)
        zf.writestr("Episodes.csv", EPISODES)
    analyst = client_for("performance_analyst")
    r = analyst.post("/data/imports/upload/", {"year": "2025", "files": [SimpleUploadedFile("r.zip", buf.getvalue())]})
    assert r.status_code == 302 and len(queued) == 1 and rows() == 0
    saved = jobs.upload_dir(queued[0]) / "000.bin"
    assert saved.read_bytes() == buf.getvalue() and stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert jobs.run_upload(queued[0]) == "done" and rows() == 5
    assert set(ImportBatch.objects.get(pk=queued[0]).checksums) == {"r.zip/Header.csv", "r.zip/Episodes.csv"}

    r = analyst.post("/data/imports/upload/", {"year": "2025", "files": [SimpleUploadedFile("bad.zip", b"PK no")]})
    assert jobs.run_upload(queued[1]) == "failed"
    page = analyst.get(r["Location"]).content.decode()
    assert "Not a readable zip file" in page and rows() == 5


def test_a_killed_import_leaves_the_store_as_it_was(demo_folder, tmp_path):
    """``kill -9`` part-way through an import: the rows already stored are unchanged, none of the new return's."""
    import os
    import signal
    import sqlite3
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(CPHUB_VAR=str(tmp_path), CPHUB_SQLITE=str(tmp_path / "hub.sqlite3"), CPHUB_PRECOMPUTE="0")
    cli = [sys.executable, "-m", "cphub"]
    subprocess.run([*cli, "migrate"], env=env, check=True, capture_output=True, timeout=600)

    def stored() -> dict[int, int]:
        db = sqlite3.connect(tmp_path / "hub.sqlite3")
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE name LIKE 'store_ssda903_%' "
                                           "AND type='table'")]
        out: dict[int, int] = {}
        for t in tables:
            for year, n in db.execute(f'SELECT year, COUNT(*) FROM "{t}" WHERE la = ? GROUP BY year', [LA]):
                out[year] = out.get(year, 0) + n
        db.close()
        return out

    def run(year: int) -> subprocess.Popen:
        return subprocess.Popen([*cli, "import", str(demo_folder / "871" / str(year)), "--la", LA, "--year",
                                 str(year), "--allow-errors"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    assert run(2025).wait(600) == 0
    before = stored()
    assert set(before) == {2025}
    p = run(2024)
    probe = sqlite3.connect(tmp_path / "hub.sqlite3", timeout=0, isolation_level=None)

    def writing() -> bool:  # the import's transaction holds the write lock (it takes it when it begins)
        try:
            probe.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return True
        probe.execute("ROLLBACK")
        return False

    deadline = time.time() + 600
    while not writing() and p.poll() is None and time.time() < deadline:
        time.sleep(0.002)
    assert p.poll() is None, "the import finished before it could be killed while writing"
    os.kill(p.pid, signal.SIGKILL)
    probe.close()
    p.wait(60)
    assert stored() == before
