"""Each failing hand-made case, written out as the CSV files a council would send and read back by the reader,
is reported by ``validate_return`` with the right code, table, row and child (rules 400 and above)."""

import importlib.util
from pathlib import Path

import pytest

from cphub.csvio import to_csv_bytes
from cphub.ssda903.reader import read_return
from cphub.ssda903.rules import RULES
from cphub.ssda903.schema import TABLES
from cphub.ssda903.validate import validate_return

HERE = Path(__file__).parent


def failing_cases() -> list[tuple]:
    out = []
    for path in sorted(HERE.glob("test_rules_*.py")):
        spec = importlib.util.spec_from_file_location(f"_e2e_{path.stem}", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        for case in mod.CASES:
            code, tables, *rest = case
            previous = rest[0] if len(rest) == 2 else None
            if rest[-1]:  # a module's PROVIDERS: the Ofsted provider list its cases are checked against
                out.append((code, tables, previous, rest[-1], getattr(mod, "PROVIDERS", None)))
    return out


CASES = failing_cases()


def write(v, rows: dict, folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name, spec in TABLES.items():
        df = v.table(name, rows.get(name, [])).drop("_row")
        (folder / f"{name}.csv").write_bytes(to_csv_bytes(df, spec))
    return folder


@pytest.mark.parametrize(("code", "tables", "previous", "expected", "providers"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_fault_reported_through_reader(v, tmp_path, code, tables, previous, expected, providers):
    year = 2026 if code in ("444", "454") else next(y for y in (2025, 2026, 2027) if RULES[code].applies(y))
    ret = read_return(write(v, tables, tmp_path / "this"), year)
    prev = read_return(write(v, previous, tmp_path / "prev"), year - 1) if previous is not None else None
    found = sorted((f.table, f.row, f.child) for f in validate_return(ret, prev, year, codes=[code], la="871",
                                                                              providers=providers) if f.code == code)
    assert found == expected
