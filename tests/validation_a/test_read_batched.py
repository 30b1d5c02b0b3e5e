"""``read_returns`` (many returns typed in one pass) gives exactly what ``read_return`` gives one by one:
frames, file names, findings, and the same InputError for an unreadable return."""

import pytest
from polars.testing import assert_frame_equal

from cphub.findings import InputError
from cphub.ssda903.reader import read_return, read_returns

EP_HEAD = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
HDR_HEAD = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"


def write(folder, name, *lines, encoding="utf-8"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding) if encoding != "ascii-lf"
                                else ("\n".join(lines) + "\n").encode())


def make(tmp_path):
    a, b, c, d = (tmp_path / x / "2025" for x in "abcd")
    write(a, "Episodes.csv", EP_HEAD, " A1 ,01/05/2024,S,C2,N1,U4,PR1,,,,,,", "A2,2/6/2024,S,C2,N1,U4,PR1,,,,,,",
          encoding="ascii-lf")
    write(a, "Header.csv", HDR_HEAD, "A1,1,01/01/2010,WBRI,A123456789012,,", encoding="ascii-lf")
    write(b, "episodes.csv", EP_HEAD, "B1,2024-05-01,S,C2,N1,U4,PR1,2024-06-01,E8,,,,")  # ISO dates, CRLF
    write(c, "Episodes.csv", EP_HEAD, "C1,31/02/2024,S,C2,N1,U4,PR1,,,,,,", "C2,1/5/24,S,C2,N1,U4,PR1,,,,,,",
          encoding="ascii-lf")  # bad dates: findings
    write(c, "Header.csv", HDR_HEAD, "Zo\u00eb,x,01/01/2010,WBRI,,,", encoding="cp1252")
    write(d, "Episodes.csv", EP_HEAD, encoding="ascii-lf")  # header only
    return [a, b, c, d]


def test_same_as_one_by_one(tmp_path):
    paths = make(tmp_path)
    batched = read_returns(paths, 2025)
    for p, got in zip(paths, batched):
        want = read_return(p, 2025)
        assert list(got.tables) == list(want.tables)
        for name in want.tables:
            assert_frame_equal(got.tables[name], want.tables[name])
        assert got.files == want.files and got.findings == want.findings and got.year == want.year
    assert [f.child for f in batched[2].findings] == ["C1", "C2"]


def test_same_error_as_one_by_one(tmp_path):
    paths = make(tmp_path)
    write(paths[1], "Header.csv", "CHILD,SEX", "B1,1", encoding="ascii-lf")  # required columns missing
    with pytest.raises(InputError) as one:
        [read_return(p, 2025) for p in paths]
    with pytest.raises(InputError) as many:
        read_returns(paths, 2025)
    assert one.value.findings == many.value.findings
