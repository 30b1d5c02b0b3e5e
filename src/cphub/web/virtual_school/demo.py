"""Demo set-up: generate the demo council's education data from what the store holds and import it."""

from __future__ import annotations

from pathlib import Path

from cphub.csvio import to_csv_bytes
from cphub.virtual_school.schema import EDUCATION_TABLES
from cphub.virtual_school.synth import generate

SEED = 20240901


def setup_demo(la: str, folder: Path) -> None:
    """Generate synthetic education data for council ``la`` (from its stored SSDA903, kinship and CIN data), write
    the CSVs to ``folder/education/`` (what a council would upload) and import them through the normal importer."""
    from cphub.web.virtual_school.data import import_education_files, vs_data

    tables = generate(vs_data(la), seed=SEED)
    files = [(f"{n}.csv", to_csv_bytes(tables[n], EDUCATION_TABLES[n])) for n in EDUCATION_TABLES]
    out = Path(folder) / "education"
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, data in files:
            (out / name).write_bytes(data)
    except OSError:
        pass  # a read-only demo folder: the import below does not need the copies
    import_education_files(files, la, source="demo")
