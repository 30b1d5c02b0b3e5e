"""``cphub import``: validation before load, refusal on errors unless --allow-errors, all or nothing across
years, CIN census XML, and the demo CIN census hook."""

from __future__ import annotations

import pytest

from cphub.cli import main
from cphub.web.store.models import SSDA903_MODELS, ImportBatch

from .test_upload import BAD_EPISODES, EPISODES, HEADER

pytestmark = pytest.mark.django_db


LA = "991"  # not the demo council, which other tests may have loaded into the same test database


def rows():
    return sum(m.objects.filter(la=LA).count() for m in SSDA903_MODELS.values())


def batches():
    return ImportBatch.objects.filter(la=LA)


def tree(tmp_path, episodes_2025=EPISODES):
    for year, eps in ((2024, EPISODES.replace(b"A1,01/06/2024,P,C2,N1,U6,PR4,,,,SL1 1AA,SL0 0XU,SC654321\n", b"")
                       .replace(b"01/06/2024,X1,CARPL", b",,")), (2025, episodes_2025)):
        d = tmp_path / LA / str(year)
        d.mkdir(parents=True)
        (d / "Header.csv").write_bytes(HEADER if year == 2025 else HEADER.replace(b",M,", b",1,").replace(b",F,", b",2,"))
        (d / "Episodes.csv").write_bytes(eps)
        if year == 2024:  # both children started in 2023-24
            (d / "PrevPerm.csv").write_bytes(b"CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM\nA1,01/02/2010,Z1,,\n"
                                             b"A2,03/04/2012,Z1,,\n")
    return tmp_path


def test_clean_tree_loads_every_year(tmp_path, capsys):
    assert main(["import", str(tree(tmp_path))]) == 0
    assert set(batches().values_list("year", "status")) == {(2024, "done"), (2025, "done")}
    out = capsys.readouterr().out
    assert f"{LA} 2025: 5 rows" in out and f"{LA} 2024: 6 rows" in out


def test_errors_refuse_everything_unless_allowed(tmp_path, capsys):
    path = tree(tmp_path, BAD_EPISODES)
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "nothing was loaded" in err and "144" in err
    assert rows() == 0 and batches().count() == 0  # not even the clean 2024 return
    assert main(["import", str(path), "--allow-errors"]) == 0
    flagged = batches().get(year=2025)
    assert flagged.loaded_with_errors and flagged.errors > 0
    assert not batches().get(year=2024).loaded_with_errors


def test_single_return_needs_la_and_unreadable_exits_2(tmp_path, capsys):
    d = tmp_path / "return2025"
    d.mkdir()
    (d / "Header.csv").write_bytes(b"\x00\x00")
    with pytest.raises(SystemExit):
        main(["import", str(d)])
    assert main(["import", str(d), "--la", LA]) == 2
    assert "Nothing was loaded" in capsys.readouterr().err and rows() == 0


def test_cin_census_xml(tmp_path):
    from cphub.cin.generator import generate_census
    from cphub.web.store.cin_models import CIN_MODELS

    p = tmp_path / "cin.xml"
    p.write_bytes(generate_census(LA, 2025, n=30, seed=1))
    assert main(["import", str(p), "--la", LA]) == 0
    assert CIN_MODELS["CINChild"].objects.filter(la=LA, year=2025).exists()
    assert main(["import", str(p), "--la", "872"]) == 2  # the census says it is council 991's


def test_demo_hook_writes_and_imports_cin_census(tmp_path):
    from cphub.web.store.cin_models import cin_tables
    from cphub.web.store.demo import setup_demo

    path = tree(tmp_path)
    done = setup_demo(LA, path / LA)
    # six years of census history to the last return (the "had a social worker in the last six years" cohort)
    assert [b.status for b in done] == ["done"] * 6
    assert (path / LA / "cin" / "CIN_2025.xml").is_file() and (path / LA / "cin" / "CIN_2020.xml").is_file()
    t = cin_tables(LA, 2025)
    assert {"A1", "A2"} <= set(t["CINChild"]["LAchildID"].to_list())  # the children looked after are included
    assert t["CINDetails"].height >= t["CINChild"].height


def test_cin_years_merged_latest_census_wins(tmp_path):
    from datetime import date

    from cphub.cin.generator import census_xml
    from cphub.web.store.cin_models import cin_tables
    from cphub.web.store.jobs import import_census

    det = {"CINreferralDate": date(2024, 3, 1), "ReferralSource": "2A", "PrimaryNeedCode": "N1",
           "ReferralNFA": "false", "Assessments": [], "CINPlanDates": [], "Section47": [], "ChildProtectionPlans": []}
    child = {"LAchildID": "C1", "PersonBirthDate": date(2015, 1, 1), "Sex": "F", "Ethnicity": "WBRI",
             "Disabilities": ["NONE"], "CINdetails": [det]}
    assert import_census(census_xml(LA, 2024, [child]), "a.xml", LA).status == "done"
    closed = {**child, "CINdetails": [{**det, "CINclosureDate": date(2024, 6, 1), "ReasonForClosure": "RC7"}]}
    assert import_census(census_xml(LA, 2025, [closed]), "b.xml", LA).status == "done"
    merged = cin_tables(LA)["CINDetails"]
    assert merged.select("YEAR", "CINclosureDate").rows() == [(2025, date(2024, 6, 1))]
    assert cin_tables(LA, 2024)["CINDetails"]["CINclosureDate"].to_list() == [None]
