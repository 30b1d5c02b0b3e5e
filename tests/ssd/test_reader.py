"""Reading SSD from a folder of CSVs or a database: typed, or a clear error naming table, column and row."""

from __future__ import annotations

import pytest

from cphub.findings import InputError
from cphub.ssd.reader import read_ssd
from cphub.ssd.spec import REQUIRED, SSD_TABLES
from cphub.ssd.synth import from_hub, write_database, write_folder


@pytest.fixture(scope="module")
def ssd(hub_tables):
    return from_hub(hub_tables)


def test_a_folder_and_a_database_read_the_same(ssd, tmp_path):
    write_folder(ssd, tmp_path / "csv")
    write_database(ssd, f"sqlite:///{tmp_path / 'ssd.sqlite3'}")
    a = read_ssd(tmp_path / "csv")
    b = read_ssd(f"sqlite:///{tmp_path / 'ssd.sqlite3'}")
    assert set(a) == set(SSD_TABLES)
    for name in SSD_TABLES:
        assert a[name].equals(b[name]), name
        assert a[name].height == ssd[name].height, name


def test_sql_server_style_datetimes_and_uk_dates_are_read(tmp_path):
    folder = tmp_path / "ssd"
    folder.mkdir()
    cols = SSD_TABLES["ssd_person"].column_names
    (folder / "SSD_PERSON.csv").write_text(",".join(c.upper() for c in cols) + "\n"
                                           "C1,M,WBRI,2012-05-01 00:00:00.000,,,,\nC2,F,WBRI,2013-06-02,,,,\n")
    for name in REQUIRED - {"ssd_person"}:
        (folder / f"{name}.csv").write_text(",".join(SSD_TABLES[name].column_names) + "\n")
    got = read_ssd(folder)
    assert [str(d) for d in got["ssd_person"]["pers_dob"]] == ["2012-05-01", "2013-06-02"]


def test_a_missing_required_table_is_named(tmp_path, ssd):
    write_folder({k: v for k, v in ssd.items() if k != "ssd_legal_status"}, tmp_path)
    with pytest.raises(InputError, match="ssd_legal_status"):
        read_ssd(tmp_path)


def test_a_missing_column_is_named(tmp_path, ssd):
    write_folder(ssd, tmp_path)
    (tmp_path / "ssd_cla_visits.csv").write_text("clav_cla_visit_id,clav_person_id\nV1,C1\n")
    with pytest.raises(InputError) as err:
        read_ssd(tmp_path)
    assert "clav_cla_visit_date" in str(err.value) and "ssd_cla_visits" in str(err.value)


def test_a_bad_date_names_table_row_and_column(tmp_path, ssd):
    write_folder(ssd, tmp_path)
    path = tmp_path / "ssd_cla_visits.csv"
    lines = path.read_text().splitlines()
    head = lines[0].split(",")
    row = lines[1].split(",")
    row[head.index("clav_cla_visit_date")] = "31/02/2024"
    path.write_text("\n".join([lines[0], ",".join(row), *lines[2:]]) + "\n")
    with pytest.raises(InputError) as err:
        read_ssd(tmp_path)
    f = err.value.findings[0]
    assert (f.table, f.row, f.fields) == ("ssd_cla_visits", 2, ("clav_cla_visit_date",))


@pytest.mark.parametrize("source", ["sqlite:////nonexistent/dir/x.sqlite3", "nosuchdriver://x/y", "/no/such/folder"])
def test_an_unreachable_source_is_a_clear_error(source):
    with pytest.raises(InputError):
        read_ssd(source)


def _postgres_url():
    import os

    import psycopg

    try:
        psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", connect_timeout=3).close()
    except psycopg.Error:
        return None
    name = f"cphub_ssd_{os.getpid()}"
    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def test_an_ssd_in_postgresql_reads_the_same_as_its_csv_export(ssd, tmp_path):
    import psycopg

    found = _postgres_url()
    if found is None:
        pytest.skip("no PostgreSQL server on 127.0.0.1:5432")
    name, url = found
    try:
        write_database(ssd, url)
        write_folder(ssd, tmp_path)
        a, b = read_ssd(url), read_ssd(tmp_path)
        for table in SSD_TABLES:
            assert a[table].equals(b[table]), table
    finally:
        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
