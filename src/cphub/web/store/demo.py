"""Demo set-up for the store: write and import the demo council's synthetic CIN census for each year of its
synthetic SSDA903 returns, so the Virtual School can find "children with a social worker" (children in need
and on child protection plans) alongside the children looked after."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cphub.ssda903.reader import read_files
from cphub.ssda903.schema import TABLES


def _council_folder(la: str, folder: Path) -> Path:
    return folder / la if (folder / la).is_dir() else folder


def setup_demo(la: str, folder: Path) -> list:
    """Generate ``<folder>/cin/CIN_<year>.xml`` for every ``<folder>/<year>/`` return and import each census."""
    from cphub.cin.generator import generate_census
    from cphub.web.store.jobs import import_census

    folder = _council_folder(la, Path(folder))
    years = sorted(int(p.name) for p in folder.iterdir() if p.is_dir() and p.name.isdigit() and len(p.name) == 4
                   and date(int(p.name), 3, 31) <= date.today())  # a census is taken after its year ends
    out_dir = folder / "cin"
    out_dir.mkdir(exist_ok=True)
    batches = []
    for year in years:
        files = [(f.name, f.read_bytes()) for f in (folder / str(year)).iterdir()
                 if f.suffix.lower() == ".csv" and f.stem in ("Header", "Episodes")]
        ret = read_files(files, year, tables={k: TABLES[k] for k in ("Header", "Episodes")})
        n_cla = ret["Header"].height
        data = generate_census(la, year, n=max(100, min(3000, 3 * n_cla)), seed=year,
                               header=ret["Header"], episodes=ret["Episodes"])
        path = out_dir / f"CIN_{year}.xml"
        path.write_bytes(data)
        batches.append(import_census(data, path.name, la, source="demo", allow_errors=True))
    return batches
