"""``cphub validate``: exit codes, JSON shape, rows and children of injected faults, xlsx output."""

import json
from pathlib import Path

from openpyxl import load_workbook

from cphub.cli import main

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\nA,F,10/05/2012,WBRI,A123456789012,0,\r\nB,M,01/02/2015,BAFR,B123456789012,,\r\n"
EPISODES = ("\ufeffchild , decom,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
            "A,01/01/2023,S,C2,N1,U4,PR1,,,,SL1 1AA,SL2 2BB,SC123456\n"
            "B,01/06/2023,S,C1,N2,U6,PR4,,,,SL1 1AA,SL2 2BB,SC123457\n")


def write(folder: Path, header=HEADER, episodes=EPISODES, enc="utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "SSDA903_2025_Header.csv").write_bytes(header.encode(enc))
    (folder / "episodes.csv").write_bytes(episodes.encode(enc))
    return folder


def test_clean_return_exits_0(tmp_path, capsys):
    folder = write(tmp_path / "2025")
    assert main(["validate", str(folder)]) == 0
    assert "0 error(s)" in capsys.readouterr().out


def test_faults_reported_with_code_row_child_json(tmp_path, capsys):
    bad_eps = EPISODES.replace("B,01/06/2023,S,C1,N2,U6", "B,01/06/2023,S,C9,N2,T0")  # 144 and 380 on line 3
    bad_header = HEADER.replace("A,F,10/05/2012", "A,X,31/02/2012")  # 101 and 102 on line 2
    folder = write(tmp_path / "2025", bad_header, bad_eps)
    assert main(["validate", str(folder), "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    got = {(f["code"], f["table"], f["row"], f["child"]) for f in out}
    assert {("101", "Header", 2, "A"), ("102", "Header", 2, "A"), ("144", "Episodes", 3, "B"),
            ("380", "Episodes", 3, "B")} <= got
    assert set(out[0]) >= {"code", "message", "table", "row", "child", "fields"}
    # the reader's own "not a date" finding is replaced by rule 102 for the same field
    assert not any(f["code"] == "FORMAT" and f["table"] == "Header" for f in out)


def test_unreadable_input_exits_2_naming_the_file(tmp_path, capsys):
    folder = write(tmp_path / "2025", header="\x00\x01binary")
    assert main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "SSDA903_2025_Header.csv" in err and "binary" in err
    assert main(["validate", str(tmp_path / "nowhere")]) == 2


def test_missing_column_exits_2(tmp_path, capsys):
    folder = write(tmp_path / "2025", header="CHILD,SEX\nA,F\n")
    assert main(["validate", str(folder)]) == 2
    assert "DOB" in capsys.readouterr().err


def test_cp1252_and_year_option(tmp_path, capsys):
    folder = write(tmp_path / "return", HEADER.replace("A,F", "A\u00e9,F").replace("A,01/01", "A\u00e9,01/01"),
                   EPISODES.replace("\ufeff", "").replace("A,01/01", "A\u00e9,01/01"), enc="cp1252")
    assert main(["validate", str(folder), "--year", "2025", "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [f for f in found if f["severity"] != "skipped"] == []
    # without Ofsted's provider list (--providers) the URN rules say they were not checked
    assert {"219", "221", "224", "227", "228", "229", "1008"} <= {f["code"] for f in found}


def test_previous_year_rules(tmp_path, capsys):
    now = write(tmp_path / "2025")
    prev = write(tmp_path / "2024", HEADER.replace("10/05/2012", "11/05/2012").replace("A,F", "A,2"))
    assert main(["validate", str(now), "--previous", str(prev), "--format", "json"]) == 1
    got = {(f["code"], f["row"], f["child"]) for f in json.loads(capsys.readouterr().out)}
    assert ("203", 2, "A") in got and ("202", 2, "A") not in got  # 2 (old code) = F


def test_xlsx_report_is_formula_safe(tmp_path):
    folder = write(tmp_path / "2025", HEADER.replace("A,F,10/05/2012", "=HYPERLINK(\"x\"),F,31/02/2012"),
                   EPISODES.replace("A,01/01/2023", "=HYPERLINK(\"x\"),01/01/2023"))
    out = tmp_path / "report.xlsx"
    assert main(["validate", str(folder), "--format", "xlsx", "--out", str(out)]) == 1
    wb = load_workbook(out)
    values = [c.value for row in wb["Findings"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any(v.startswith("'=HYPERLINK") for v in values)
    assert not any(v.startswith("=") for v in values)
    assert {"Findings", "By rule", "By child"} <= set(wb.sheetnames)


def test_cin_census_xml(tmp_path, capsys):
    from cphub.cin.generator import generate_census

    p = tmp_path / "cin.xml"
    p.write_bytes(generate_census("871", 2025, n=20, seed=1))
    assert main(["validate", str(p)]) == 0
    capsys.readouterr()
    p.write_bytes(p.read_bytes().replace(b"<Sex>F</Sex>", b"<Sex>Q</Sex>", 1))
    assert main(["validate", str(p), "--format", "json"]) == 1
    assert any(f["code"] == "4180" for f in json.loads(capsys.readouterr().out))
    p.write_bytes(b"<Message><Children>")
    assert main(["validate", str(p)]) == 2


def test_extract_date_is_a_date_in_the_year(tmp_path, capsys):
    import pytest

    folder = write(tmp_path / "2027")
    with pytest.raises(SystemExit) as exc:
        main(["validate", str(folder), "--extract-date", "31/13/2026"])
    assert exc.value.code == 2 and "DD/MM/YYYY" in capsys.readouterr().err
    # the same date written either way (returns write DD/MM/YYYY; YYYY-MM-DD as the import page's form)
    assert main(["validate", str(folder), "--extract-date", "2026-10-31"]) == main(
        ["validate", str(folder), "--extract-date", "31/10/2026"])
    capsys.readouterr()
    assert main(["validate", str(folder), "--extract-date", "31/10/2026", "--year", "2026"]) == 2
    assert "belongs to collection year 2027, not 2026" in capsys.readouterr().err


def test_in_year_extract(tmp_path, capsys):
    """An extract to 31 October 2026: the OC2/OC3 rules are reported not checked, and an episode starting after
    the extract date is an error (354) though it is within the year."""
    late = EPISODES + "B,01/11/2026,P,C1,N2,U6,PR4,,,,SL1 1AA,SL2 2BB,SC123457\n"
    folder = write(tmp_path / "2027", episodes=late)
    assert main(["validate", str(folder), "--extract-date", "31/10/2026", "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert ("354", "Episodes", 4) in {(f["code"], f["table"], f["row"]) for f in out}
    skipped = [f for f in out if f["severity"] == "skipped" and f["code"] == "191"]
    assert skipped and "in-year extract to 31 October 2026" in skipped[0]["message"]


def test_history_from_sibling_year_folders(tmp_path, capsys):
    """1002 for a care leaver who left care in 2021-22: reported against last year's return only, not once the
    earlier year folders next to the return (ROOT/<year>) are read as history."""
    cols = EPISODES.splitlines()[0] + "\n"
    root = tmp_path / "871"
    write(root / "2022", episodes=cols + "C,01/05/2021,S,C2,N1,U4,PR1,01/09/2021,E8,,SL1 1AA,SL2 2BB,SC123456\n")
    write(root / "2024")
    folder = write(root / "2025")
    (folder / "OC3.csv").write_text("CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nC,01/06/2004,YES,F2,B1\n")
    (folder / "SSDA903_2025_Header.csv").write_text(HEADER + "C,M,01/06/2004,WBRI,C123456789012,,\r\n")

    def codes(*extra: str) -> tuple[list[str], str]:
        main(["validate", str(folder), "--previous", str(root / "2024"), "--format", "json", *extra])
        got = capsys.readouterr()
        return [f["code"] for f in json.loads(got.out)], got.err

    found, err = codes("--history", str(root / "2024"))
    assert "1002" in found and err == ""
    found, err = codes()
    assert "1002" not in found
    assert f"earlier returns used as history: 2022-2024 ({root})" in err


def test_last_year_from_the_sibling_year_folder(tmp_path, capsys):
    """Without --previous, the folder of the year before next to ROOT/<year> is last year's return: 203 (date of
    birth differs from last year's) runs and is said on standard error."""
    root = tmp_path / "871"
    write(root / "2024", header=HEADER.replace("A,F,10/05/2012", "A,F,11/05/2012"))
    folder = write(root / "2025")
    main(["validate", str(folder), "--format", "json"])
    got = capsys.readouterr()
    assert "203" in [f["code"] for f in json.loads(got.out)]
    assert f"last year's return: {root / '2024'}" in got.err


def test_a_year_not_yet_ended_without_extract_date_says_so(tmp_path, capsys):
    main(["validate", str(write(tmp_path / "2099"))])
    assert "for an in-year extract give --extract-date" in capsys.readouterr().err
    main(["validate", str(write(tmp_path / "2025"))])
    assert "has not ended" not in capsys.readouterr().err
