"""The DfE CSC API payload preview built from SSD: the v0.7 structure, one episode per period of care, and a
check that names what the API would refuse."""

from __future__ import annotations

import json

import polars as pl
import pytest

from cphub.ssd.api_payload import build, check
from cphub.ssd.reader import read_ssd
from cphub.ssd.synth import from_hub, write_folder
from cphub.ssd.valuemaps import load


@pytest.fixture(scope="module")
def raw(hub_tables, tmp_path_factory):
    folder = tmp_path_factory.mktemp("ssd")
    write_folder(from_hub(hub_tables), folder)
    return read_ssd(folder)


def test_every_child_looked_after_has_a_payload_with_an_episode_per_period_of_care(raw, hub_tables):
    payload = build(raw, load(), "871")
    children = {c["la_child_id"]: c for c in payload["Children"]}
    assert set(children) == set(hub_tables["Episodes"]["CHILD"].to_list())
    starts = hub_tables["Episodes"].filter(pl.col("RNE") == "S")
    some = starts["CHILD"][0]
    assert len(children[some]["social_care_episodes"]) == starts.filter(pl.col("CHILD") == some).height
    placements = sum(len(e["child_looked_after_placements"]) for c in children.values()
                     for e in c["social_care_episodes"])
    assert placements == hub_tables["Episodes"].height
    assert check(payload) == []
    json.dumps(payload)  # serialisable as it stands


def test_the_check_names_a_missing_date_of_birth_and_an_unmapped_placement_type(raw):
    raw = dict(raw)
    first = raw["ssd_cla_episodes"]["clae_person_id"].sort()[0]
    raw["ssd_person"] = raw["ssd_person"].with_columns(
        pl.when(pl.col("pers_person_id") == first).then(None).otherwise(pl.col("pers_dob")).alias("pers_dob"))
    raw["ssd_cla_placement"] = raw["ssd_cla_placement"].with_columns(pl.lit("Hotel").alias("clap_cla_placement_type"))
    problems = check(build(raw, load(), "871", [first]))
    assert any("date_of_birth" in p for p in problems) and any("placement_type" in p for p in problems)


def test_the_command_writes_the_preview_and_says_it_was_not_sent(hub_tables, tmp_path, capsys):
    from cphub.cli import main

    write_folder(from_hub(hub_tables), tmp_path / "ssd")
    assert main(["ssd-api-payload", "--source", str(tmp_path / "ssd"), "--la", "871",
                 "--out", str(tmp_path / "p.json")]) == 0
    assert "not sent" in capsys.readouterr().out
    assert json.loads((tmp_path / "p.json").read_text())["la_code"] == 871


def test_referrals_become_episodes_holding_their_plans_and_the_care_that_began_in_them(hub_tables, cin_tables,
                                                                                        tmp_path):
    write_folder(from_hub({**hub_tables, **cin_tables}), tmp_path)
    raw = read_ssd(tmp_path)
    looked_after = hub_tables["Episodes"]["CHILD"].unique().to_list()
    payload = build(raw, load(), "871")
    children = {c["la_child_id"]: c for c in payload["Children"]}
    referrals = [e for c in children.values() for e in c["social_care_episodes"] if "referral_source" in e]
    with_cin = cin_tables["CINDetails"].filter(pl.col("LAchildID").is_in(looked_after))
    assert len(referrals) == with_cin.height
    placements = sum(len(e["child_looked_after_placements"]) for c in children.values()
                     for e in c["social_care_episodes"])
    assert placements == hub_tables["Episodes"].height  # each placement once, in a referral or its own period
    plans = sum(len(e["child_protection_plans"]) for e in referrals)
    assert plans == cin_tables["CINProtectionPlans"].filter(pl.col("LAchildID").is_in(looked_after)).height
    assert check(payload) == []
