"""Demo set-up for the store: write and import the demo council's synthetic CIN census for six years (and every year
of its synthetic SSDA903 returns), so the Virtual School can find "children with a social worker" (children in need
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
    from cphub.cin.generator import generate_history
    from cphub.web.store.jobs import import_census

    folder = _council_folder(la, Path(folder))
    years = sorted(int(p.name) for p in folder.iterdir() if p.is_dir() and p.name.isdigit() and len(p.name) == 4
                   and date(int(p.name), 3, 31) <= date.today())  # a census is taken after its year ends
    out_dir = folder / "cin"
    out_dir.mkdir(exist_ok=True)
    returns = {}
    for year in years:
        files = [(f.name, f.read_bytes()) for f in (folder / str(year)).iterdir()
                 if f.suffix.lower() == ".csv" and f.stem in ("Header", "Episodes")]
        ret = read_files(files, year, tables={k: TABLES[k] for k in ("Header", "Episodes")})
        returns[year] = (ret["Header"], ret["Episodes"])
    if not years:
        return []
    # Six years of census history (the "had a social worker in the last six years" cohort), the same children in
    # need from year to year; the years before the first SSDA903 return have no children looked after in them.
    census_years = sorted(set(years) | set(range(years[-1] - 5, years[-1] + 1)))
    n_cla = returns[years[-1]][0].height
    censuses = generate_history(la, census_years, n=max(100, min(3000, 3 * n_cla)), seed=1, returns=returns)
    batches = []
    for year, data in censuses.items():
        path = out_dir / f"CIN_{year}.xml"
        path.write_bytes(data)
        batches.append(import_census(data, path.name, la, source="demo", allow_errors=True))
    return batches
