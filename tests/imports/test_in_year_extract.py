"""In-year SSDA903 extracts (issue 11, item 1): loaded as the current year's partial return, replaced by the
next, refused when they hold dates after the extract date; the store records what each source is complete to."""

import os
from datetime import date

import pytest

pytestmark = pytest.mark.django_db
LA = "871"


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    from cphub.synth.cli import cut_to_extract
    from cphub.synth.generator import generate

    out = tmp_path_factory.mktemp("extract")
    generate(out, councils=[LA], from_year=2026, to_year=2027, seed=5)
    cut_to_extract(out / LA / "2027", date(2026, 9, 30))
    cut_to_extract(out / LA / "local", date(2026, 9, 30))
    return out


def test_extract_then_the_next_one(tree, tmp_path):
    import shutil

    from cphub.synth.cli import cut_to_extract
    from cphub.web.cli import import_tree, load_register
    from cphub.web.store.currency import currency, latest_complete
    from cphub.web.store.models import SSDA903_MODELS

    load_register()
    with open(os.devnull, "w") as devnull:
        batches = import_tree(tree, extract_date=date(2026, 9, 30), out=devnull)
    assert latest_complete(LA) == date(2026, 9, 30)
    # validated as the year so far (issue 13): no errors, and the year-end rules say they were not checked
    extract = next(b for b in batches if b.kind == "ssda903" and b.year == 2027)
    assert extract.extract_date == date(2026, 9, 30) and extract.errors == 0, extract.findings[:5]
    assert any(f["code"] == "191" and f["severity"] == "skipped" and "30 September 2026" in f["message"]
               for f in extract.findings)
    c = currency(LA)
    assert c["local:statutory_visits"] == date(2026, 9, 30)
    ep = SSDA903_MODELS["Episodes"].objects.filter(la=LA, year=2027)
    assert not ep.filter(decom__gt=date(2026, 9, 30)).exists() and ep.filter(dec__isnull=True).exists()
    # the next month's extract replaces it: a generated tree cut a month later, the 2027 folder only
    later = tmp_path / LA
    shutil.copytree(tree / LA / "2027", later / "2027")
    cut_to_extract(later / "2027", date(2026, 9, 30))  # same content: nothing changes, date stays
    with open(os.devnull, "w") as devnull:
        import_tree(later, LA, extract_date=date(2026, 10, 31), out=devnull)
    assert latest_complete(LA) == date(2026, 10, 31)
    assert SSDA903_MODELS["Episodes"].objects.filter(la=LA, year=2027).count() == ep.count()


def test_an_extract_with_later_dates_is_refused(tree):
    from cphub.ssda903.reader import collect_files
    from cphub.web.cli import load_register
    from cphub.web.store.jobs import import_return

    load_register()
    files = collect_files(tree / LA / "2027")
    b = import_return(files, LA, 2027, allow_errors=True, extract_date=date(2026, 8, 31))
    assert b.status == "failed" and "dates after its extract date 31 August 2026" in b.message
    assert "Episodes" in b.message
