"""``cphub forecast`` from a folder of generated returns (no store)."""

from __future__ import annotations

import json

import pytest

from cphub.cli import main


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    from cphub.synth.generator import generate

    out = tmp_path_factory.mktemp("fc")
    generate(out, councils=["871"], from_year=2019, to_year=2025, seed=5)
    return out / "871"


def test_text_json_and_xlsx(council, tmp_path, capsys):
    assert main(["forecast", "--folder", str(council), "--runs", "200"]) == 0
    text = capsys.readouterr().out
    assert "All children looked after" in text and "Spend, year 3" in text and "Fostering demand" in text
    assert main(["forecast", "--folder", str(council), "--runs", "200", "--format", "json", "--out",
                 str(tmp_path / "f.json")]) == 0
    data = json.loads((tmp_path / "f.json").read_text())
    assert data["la"] == "871" and data["as_at"] == "2025-03-31" and len(data["states"]["total"]["years"]) == 4
    assert main(["forecast", "--folder", str(council), "--runs", "100", "--format", "xlsx", "--out",
                 str(tmp_path / "f.xlsx")]) == 0
    assert (tmp_path / "f.xlsx").read_bytes()[:2] == b"PK"


def test_backtest_and_errors(council, tmp_path, capsys):
    assert main(["forecast", "--folder", str(council), "--backtest", "--cutoffs", "2021", "--runs", "100"]) == 0
    out = capsys.readouterr().out
    assert "Backtest" in out and "total" in out and "foster_inhouse" in out
    assert main(["forecast", "--folder", str(council), "--backtest", "--cutoffs", "2024"]) == 2
    assert main(["forecast", "--folder", str(tmp_path / "missing")]) == 2
    assert main(["forecast", "--folder", str(council), "--format", "xlsx"]) == 2


def test_backtest_default_cutoffs(council, capsys):
    assert main(["forecast", "--folder", str(council), "--backtest", "--runs", "50"]) == 0
    assert "cutoffs [2022]" in capsys.readouterr().out  # returns 2019-2025: data from April 2018
