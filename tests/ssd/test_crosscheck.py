"""SSD against the council's own SSDA903 returns: agreement is silence; each disagreement is listed."""

from __future__ import annotations

from datetime import date

import polars as pl

from cphub.ssd.crosscheck import compare
from cphub.ssd.reader import read_ssd
from cphub.ssd.synth import from_hub, write_folder
from cphub.ssd.transform import to_hub
from cphub.ssd.valuemaps import load

START, END = date(2022, 4, 1), date(2025, 3, 31)


def test_the_same_episodes_agree(hub_tables, tmp_path):
    write_folder(from_hub(hub_tables), tmp_path)
    got = to_hub(read_ssd(tmp_path), load())
    assert compare(got.ssda903["Episodes"], hub_tables["Episodes"], START, END) == []


def test_a_changed_placement_and_a_missing_episode_are_listed():
    eps = pl.DataFrame({"CHILD": ["A", "A", "B"], "DECOM": [date(2023, 1, 1), date(2023, 6, 1), date(2024, 2, 2)],
                        "PLACE": ["U4", "R1", "U1"], "DEC": [date(2023, 6, 1), None, None]})
    for f in ("RNE", "LS", "CIN", "PLACE_PROVIDER", "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"):
        eps = eps.with_columns(pl.lit(None, dtype=pl.String).alias(f))
    theirs = eps.with_columns(pl.when(pl.col("CHILD") == "B").then(pl.lit("U2")).otherwise(pl.col("PLACE"))
                              .alias("PLACE")).filter(pl.col("DECOM") != date(2023, 6, 1))
    found = compare(eps, theirs, START, END)
    assert [(d.child, d.field, d.ssd, d.ssda903) for d in found] == [("A", "episode", True, None),
                                                                    ("B", "PLACE", "U1", "U2")]
    assert "SSD only" in str(found[0]) and "'U1' in SSD" in str(found[1])


def test_the_command_reports_differences(demo_folder, hub_tables, tmp_path, capsys):
    from cphub.cli import main

    ssd = from_hub(hub_tables)
    ssd["ssd_cla_placement"] = ssd["ssd_cla_placement"].with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("Z1")).otherwise(pl.col("clap_cla_placement_type"))
        .alias("clap_cla_placement_type"))
    write_folder(ssd, tmp_path)
    assert main(["ssd-crosscheck", "--source", str(tmp_path), "--returns", str(demo_folder / "871")]) == 1
    assert "PLACE is 'Z1' in SSD" in capsys.readouterr().out
