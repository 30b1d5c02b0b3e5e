"""Value maps: a case system's wording -> DfE and Hub codes; nothing unmapped goes unreported."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cphub.ssd.valuemaps import ValueMapError, build, descriptions, load
from cphub.ssda903.codes import CODE_LISTS


def test_a_code_a_code_with_its_description_or_the_description_alone_maps_to_the_code():
    vm = load("liquid_logic")
    got = vm.apply(pl.Series(["U1", "u1 - Foster placement with relative or friend", "U1 Foster",
                              "FOSTER placement with relative(s) or  friend(s) - long term fostering", None, " "]),
                   "placement_type").to_list()
    assert got[:4] == ["U1", "U1", "U1", "U1"]
    assert got[4:] == [None, None]
    assert vm.unmapped == {}


def test_the_dfe_description_of_every_placement_type_maps_back_to_its_code():
    vm = load("mosaic")
    codes = [c.code for c in CODE_LISTS["PLACE"]]
    got = vm.apply(pl.Series([c.description for c in CODE_LISTS["PLACE"]]), "placement_type").to_list()
    assert got == codes


def test_values_matching_nothing_become_null_and_are_counted_by_field():
    vm = load("liquid_logic")
    got = vm.apply(pl.Series(["Health Assessment", "Eye test", "Eye test", "Dental Check"]), "health_check_type")
    assert got.to_list() == ["RHA", None, None, "DENTAL"]
    assert vm.report() == [("health_check_type", "Eye test", 2)]


def test_a_code_prefix_that_is_not_a_code_of_the_list_is_not_taken_as_one():
    vm = load("liquid_logic")
    assert vm.apply(pl.Series(["Q9 - Something else"]), "placement_type").to_list() == [None]
    assert vm.report() == [("placement_type", "Q9 - Something else", 1)]


def test_each_system_adds_its_own_wording_to_the_common_map():
    assert load("mosaic").apply(pl.Series(["LAC Review Health Assessment"]), "health_check_type").to_list() == ["RHA"]
    lcs = load("liquid_logic")
    assert lcs.apply(pl.Series(["LAC Review Health Assessment"]), "health_check_type").to_list() == [None]
    assert lcs.apply(pl.Series(["Allocated Case Worker"]), "worker_role").to_list() == ["SW"]


def test_a_council_map_extends_a_shipped_one_and_overrides_an_entry(tmp_path):
    f = tmp_path / "ours.yaml"
    f.write_text("extends: liquid_logic\nfields:\n  worker_role: {map: {'Children in Care SW': SW}}\n")
    vm = load(path=f)
    assert vm.apply(pl.Series(["Children in Care SW", "Personal Adviser"]), "worker_role").to_list() == ["SW", "PA"]


@pytest.mark.parametrize("text", ["fields: [1, 2]", "fields:\n  x: {code_list: NOPE}", "fields:\n  x: 3"])
def test_an_unusable_map_is_a_clear_error(tmp_path, text):
    f = tmp_path / "bad.yaml"
    f.write_text(text)
    with pytest.raises(ValueMapError):
        load(path=f)


def test_sex_descriptions_map_to_the_current_codes():
    assert build({"extends": "common", "fields": {}}).apply(pl.Series(["Male", "female", "1"]), "sex").to_list() == \
        ["M", "F", "1"]


@settings(deadline=None)  # a shared 2-core machine: no per-example time limit
@given(st.text(max_size=30))
def test_any_text_maps_to_a_code_of_the_list_or_to_nothing_and_is_then_reported(value):
    vm = load("liquid_logic")
    got = vm.apply(pl.Series([value], dtype=pl.String), "legal_status").to_list()[0]
    codes = {c.code for c in CODE_LISTS["LS"]}
    assert got is None or got in codes
    if got is None and value.strip():
        assert vm.report() == [("legal_status", value, 1)]


def test_the_writer_uses_each_systems_own_words():
    assert descriptions("mosaic", "worker_role")["SW"] == "Allocated Social Worker"
    assert descriptions("liquid_logic", "health_check_type")["DENTAL"] == "Dental Check"
