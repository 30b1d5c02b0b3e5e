import importlib.util
import io
from datetime import date, time, timedelta
from pathlib import Path

import pytest

EDITION_AT = "2024-02-29"


@pytest.fixture(scope="session")
def _fakes():
    spec = importlib.util.spec_from_file_location("panel_fakes_meetings", Path(__file__).parent.parent / "panel" / "fakes.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def fake_registry(monkeypatch, _fakes):
    """The scorecard on the hand-made registry and council of tests/panel/fakes.py (fast)."""
    from cphub.web.scorecard import services

    monkeypatch.setattr(services, "registry", lambda: (_fakes.REGISTRY, None, _fakes.benchmark))
    monkeypatch.setattr(services, "load_data", lambda la: _fakes.data())
    return _fakes


@pytest.fixture
def fake_scorecard(db, fake_registry):
    """... with one scorecard edition."""
    from cphub.web.scorecard.models import PackEdition

    return PackEdition.objects.create(la="871", at=EDITION_AT, title="Panel, March 2024")


@pytest.fixture(scope="session")
def report_pdf() -> bytes:
    """A three-page PDF standing in for an uploaded report."""
    from weasyprint import HTML

    pages = "".join(f'<h1 style="break-before: page">Uploaded report page {i}</h1>' for i in range(1, 4))
    return HTML(string=f"<html lang='en'><body>{pages}</body></html>").write_pdf()


@pytest.fixture(scope="session")
def pdf_text():
    """A function: the text of each page of a PDF."""
    from pypdf import PdfReader

    return lambda data: [p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def two_meetings(db):
    """Members, a past meeting and the next one (the standing items created as the app does)."""
    from cphub.web.meetings import models as M
    from cphub.web.meetings import services as svc

    hulme = M.Member.objects.create(name="Councillor Hulme", surname="Hulme", chair=True)
    gill = M.Member.objects.create(name="Councillor Gill", surname="Gill")
    nurse = M.Member.objects.create(name="Designated Nurse", surname="Nurse", kind=M.Member.NON_VOTING,
                                    organisation="NHS ICB", role_title="Designated nurse")
    today = date.today()
    first = svc.create_meeting(date=today - timedelta(days=60), time=time(17, 30), venue="Council Chamber")
    second = svc.create_meeting(date=today + timedelta(days=30), time=time(17, 30), venue="Council Chamber")
    return {"first": first, "second": second, "hulme": hulme, "gill": gill, "nurse": nurse}
