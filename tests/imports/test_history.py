"""Year-over-year truth (issue 13, item 4): the rules that look at earlier returns use every year the store holds,
not only last year's return.

DfE 1002: "This child has no previous episodes of care, therefore should not have care leaver information
recorded." A care leaver who left care three years ago has no episode in last year's return but has one in the
store's 2021-22 return, so is not reported at import (``cphub import``) or on the upload page (both validate
through ``cphub.web.store.jobs``)."""

from __future__ import annotations

import pytest

from cphub.cli import main
from cphub.ssda903.reader import Return, read_files
from cphub.ssda903.validate import validate_return
from cphub.web.store.jobs import _validate, history_from_store, import_return, previous_from_store

pytestmark = pytest.mark.django_db

LA = "992"  # a council no other test loads
EP_COLS = b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
HDR_COLS = b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
# 2021-22: the care leaver C9 is looked after and leaves care.
Y2022 = [("Header.csv", HDR_COLS + b"C9,1,01/06/2004,WBRI,A123456789012,,\n"),
         ("Episodes.csv", EP_COLS + b"C9,01/05/2021,S,C2,N1,U4,PR1,01/09/2021,E8,,SL1 1AA,SL2 2BB,SC123456\n")]
# 2023-24: another child only (C9 has no episode in last year's return).
Y2024 = [("Header.csv", HDR_COLS + b"A1,1,01/02/2010,WBRI,A123456789013,,\n"),
         ("Episodes.csv", EP_COLS + b"A1,01/05/2023,S,C2,N1,U4,PR1,,,,SL1 1AA,SL2 2BB,SC123456\n")]
Y2025 = [("Header.csv", HDR_COLS + b"A1,M,01/02/2010,WBRI,A123456789013,,\nC9,M,01/06/2004,WBRI,A123456789012,,\n"),
         ("Episodes.csv", EP_COLS + b"A1,01/05/2023,S,C2,N1,U4,PR1,,,,SL1 1AA,SL2 2BB,SC123456\n"),
         ("OC3.csv", b"CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nC9,01/06/2004,YES,F2,B1\n")]


def store_history():
    for year, files in ((2022, Y2022), (2024, Y2024)):
        assert import_return(files, LA, year, allow_errors=True).status == "done"


def codes_1002(findings) -> list[str | None]:
    return [f.child for f in findings if f.code == "1002"]


def test_1002_uses_every_year_the_store_holds():
    store_history()
    ret = read_files(Y2025, 2025)
    last_year_only = validate_return(ret, Return(2024, previous_from_store(LA, 2025)), 2025)
    assert codes_1002(last_year_only) == ["C9"]  # the false positive DfE's note warns of
    assert codes_1002(_validate(ret, LA, 2025)) == []  # the import and upload path: the store's 2021-22 return
    history = history_from_store(LA, 2025)
    assert sorted(history["Episodes"]["CHILD"].to_list()) == ["A1", "C9"]
    assert history_from_store(LA, 2022) is None  # nothing stored before 2021-22


def test_1002_without_any_earlier_episode_is_still_reported():
    store_history()
    ret = read_files([Y2025[0], Y2025[1], ("OC3.csv", Y2025[2][1].replace(b"C9", b"C8"))], 2025)
    assert codes_1002(_validate(ret, LA, 2025)) == ["C8"]


def test_cli_import_of_one_return_uses_the_store(tmp_path, capsys):
    """``cphub import`` of a single 2024-25 return: last year and the history come from the store. With only
    2023-24 stored, C9 is reported; once 2021-22 is stored too, it is not."""
    from cphub.web.store.models import ImportBatch

    folder = tmp_path / "return2025"
    folder.mkdir()
    for name, data in Y2025:
        (folder / name).write_bytes(data)

    def import_2025() -> list[str | None]:
        main(["import", str(folder), "--la", LA, "--year", "2025", "--allow-errors"])
        capsys.readouterr()
        batch = ImportBatch.objects.filter(la=LA, year=2025).latest("created", "pk")
        assert batch.status == "done"
        return [f["child"] for f in batch.findings if f["code"] == "1002"]

    assert import_return(Y2024, LA, 2024, allow_errors=True).status == "done"
    assert import_2025() == ["C9"]
    assert import_return(Y2022, LA, 2022, allow_errors=True).status == "done"
    assert import_2025() == []


def test_tree_import_of_several_years_reports_no_1002_for_old_care_leavers(tmp_path):
    """End to end: a generated council's 2016-17 to 2021-22 returns imported as a tree (``cphub import``), then
    the 2021-22 return again through the upload path. Against last year's return alone 1002 reports care leavers
    who left care years ago; with the store's history it does not."""
    import os

    from cphub.ssda903.reader import read_return
    from cphub.synth.generator import generate
    from cphub.web.cli import import_tree, load_register

    la = "201"  # a dozen children looked after: quick to load
    generate(tmp_path, councils=[la], from_year=2017, to_year=2022, seed=1)
    load_register()
    with open(os.devnull, "w") as devnull:
        batches = import_tree(tmp_path / la, la, out=devnull)
    by_year = {b.year: b for b in batches if b.kind == "ssda903"}
    assert sorted(by_year) == list(range(2017, 2023))
    assert all(b.errors == 0 for b in by_year.values())
    assert [f for y in (2020, 2021, 2022) for f in by_year[y].findings if f["code"] == "1002"] == []
    ret = read_return(tmp_path / la / "2022", 2022)
    last_year_only = validate_return(ret, Return(2021, previous_from_store(la, 2022)), 2022)
    assert codes_1002(last_year_only)  # the false positives
    assert codes_1002(_validate(ret, la, 2022)) == []  # the upload path reads the store's history


def test_last_years_header_uasc_status_comes_from_the_store_when_it_was_given():
    """The Header UASC status is stored: last year's Header from the store carries it when that return gave it
    (205A-205D can compare), and not when the return's Header had no such column (they say they were not checked)."""
    uasc_2024 = [("Header.csv", HDR_COLS.replace(b"\n", b",UASC\n") + b"A1,1,01/02/2006,WBRI,A123456789013,,,1\n"),
                 Y2024[1], ("UASC.csv", b"CHILD,SEX,DOB,DUC\nA1,1,01/02/2006,01/02/2024\n")]
    assert import_return(uasc_2024, LA, 2024, allow_errors=True).status == "done"
    assert import_return(Y2022, LA, 2022, allow_errors=True).status == "done"
    assert previous_from_store(LA, 2025)["Header"]["UASC"].to_list() == ["1"]
    assert "UASC" not in previous_from_store(LA, 2023)["Header"].columns
    header_2025 = HDR_COLS.replace(b"\n", b",UASC\n") + b"A1,M,01/02/2006,WBRI,A123456789013,,,0\n"
    ret = read_files([("Header.csv", header_2025), Y2025[1]], 2025)
    found = {f.code: f.severity for f in _validate(ret, LA, 2025) if f.code.startswith("205")}
    assert found == {}  # ceased on 1 February 2024, in last year: 205A passes
