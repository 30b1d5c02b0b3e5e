"""``cphub import-ssd`` into the store: all or nothing, a report of what changed and of unmapped values, care-leaver
history that builds up across refreshes, and the same scorecard as the CSV route."""

from __future__ import annotations

import os
from datetime import date

import polars as pl
import pytest

from cphub.findings import InputError
from cphub.measures.registry import REGISTRY, compute
from cphub.ssd.synth import from_hub, write_database, write_folder

LA = "871"
pytestmark = pytest.mark.django_db


def _figures(la: str) -> dict:
    from cphub.web.store.frames import council_data

    data = council_data(la)
    return {(mid, at): (r.value, r.numerator, r.denominator)
            for at in (date(2024, 3, 31), date(2025, 3, 31)) for mid in REGISTRY
            for r in [compute(mid, data, at)]}


def _counts() -> dict:
    from cphub.web.store.models import LOCAL_MODELS, SSDA903_MODELS

    return {n: m.objects.count() for n, m in {**SSDA903_MODELS, **LOCAL_MODELS}.items()}


@pytest.fixture
def ssd_url(tmp_path, settings):
    """Where the synthetic SSD lives: a PostgreSQL database when the suite runs on PostgreSQL (as in CI), else
    SQLite."""
    import psycopg

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        name = f"cphub_ssd_demo_{os.getpid()}"
        admin = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield f"sqlite:///{tmp_path / 'demo-ssd.sqlite3'}"


def test_the_demo_loaded_from_ssd_gives_the_csv_routes_scorecard_on_every_measure(demo_folder, tmp_path, ssd_url):
    from cphub.web.ssd.services import load_demo_from_ssd
    from cphub.web.store.cin_models import cin_tables
    from tests.conftest import _load_demo

    _load_demo(demo_folder)
    before = _figures(LA)
    cin_before = {n: t.height for n, t in cin_tables(LA).items()}
    batch = load_demo_from_ssd(LA, demo_folder, tmp_path, ssd_url)
    assert batch.status == "done" and batch.source == "ssd"
    assert batch.counts["report"]["unmapped"] == []
    assert _figures(LA) == before
    assert {n: t.height for n, t in cin_tables(LA).items()} == cin_before and cin_before["CINDetails"] > 0


def test_import_reports_changes_and_unmapped_values_and_care_leaver_history_accumulates(hub_tables, tmp_path):
    from cphub.web.ssd.services import import_ssd
    from cphub.web.store.frames import local_table

    ssd = from_hub(hub_tables)
    first = dict(ssd)
    latest = ssd["ssd_care_leavers"]["clea_care_leaver_latest_contact"].max()
    first["ssd_care_leavers"] = ssd["ssd_care_leavers"].filter(pl.col("clea_care_leaver_latest_contact") < latest)
    write_folder(first, tmp_path / "one")
    b1 = import_ssd(tmp_path / "one", LA)
    assert b1.counts["report"]["changes"]["children_added"] == hub_tables["Header"].height
    second = dict(ssd)
    second["ssd_care_leavers"] = ssd["ssd_care_leavers"].filter(pl.col("clea_care_leaver_latest_contact") == latest)
    second["ssd_cla_health"] = ssd["ssd_cla_health"].with_columns(
        pl.when(pl.int_range(pl.len()) < 3).then(pl.lit("Optician")).otherwise(pl.col("clah_health_check_type"))
        .alias("clah_health_check_type"))
    write_folder(second, tmp_path / "two")
    b2 = import_ssd(tmp_path / "two", LA)
    report = b2.counts["report"]
    assert report["changes"] == {"children_added": 0, "children_gone": 0, "episodes_added": 0, "episodes_gone": 0,
                                 "episodes_changed": 0}
    assert report["unmapped"] == [{"field": "health_check_type", "value": "Optician", "count": 3}]
    assert local_table(LA, "care_leaver_updates").height == hub_tables["care_leaver_updates"].height


def test_strict_mode_refuses_unmapped_values_and_writes_nothing(hub_tables, tmp_path):
    from cphub.web.ssd.services import import_ssd

    ssd = from_hub(hub_tables)
    ssd["ssd_cla_placement"] = ssd["ssd_cla_placement"].with_columns(pl.lit("Hotel").alias("clap_cla_placement_type"))
    write_database(ssd, f"sqlite:///{tmp_path / 'x.sqlite3'}")
    before = _counts()
    with pytest.raises(InputError, match="Hotel"):
        import_ssd(f"sqlite:///{tmp_path / 'x.sqlite3'}", LA, strict=True)
    assert _counts() == before


def test_a_partial_source_is_refused_and_changes_nothing(hub_tables, tmp_path):
    from cphub.web.ssd.services import import_ssd

    ssd = from_hub(hub_tables)
    write_folder({k: v for k, v in ssd.items() if k != "ssd_cla_episodes"}, tmp_path)
    before = _counts()
    with pytest.raises(InputError, match="ssd_cla_episodes"):
        import_ssd(tmp_path, LA)
    assert _counts() == before


def test_the_batch_record_keeps_no_database_password(hub_tables, tmp_path):
    from cphub.web.ssd.services import _where

    assert "secret" not in _where("postgresql://analyst:secret@127.0.0.1:5432/ssd")


def test_the_commands_write_a_synthetic_ssd_and_load_it(demo_folder, tmp_path, capsys):
    from cphub.cli import main

    assert main(["ssd-synth", str(demo_folder / LA), "--out", str(tmp_path / "ssd"), "--cms", "mosaic"]) == 0
    assert (tmp_path / "ssd" / "ssd_cla_episodes.csv").is_file()
    assert main(["import-ssd", "--source", str(tmp_path / "ssd"), "--la", LA, "--cms", "mosaic"]) == 0
    out = capsys.readouterr().out
    assert "children" in out and "Changes since the last load" in out
    assert main(["import-ssd", "--source", str(tmp_path / "nothing"), "--la", LA]) == 2
    assert "Nothing was loaded" in capsys.readouterr().err


def test_the_import_page_shows_the_ssd_report(hub_tables, tmp_path, client_for):
    from cphub.web.ssd.services import import_ssd

    ssd = from_hub(hub_tables)
    ssd["ssd_cla_visits"] = ssd["ssd_cla_visits"].with_columns(pl.lit("Maybe").alias("clav_cla_visit_seen_alone"))
    write_folder(ssd, tmp_path)
    batch = import_ssd(tmp_path, LA)
    page = client_for("performance_analyst").get(f"/data/imports/{batch.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "What changed since the last load" in html and "Maybe" in html and "report:" not in html
