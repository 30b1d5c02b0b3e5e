import importlib.util
from pathlib import Path

import pytest

AT = "2024-02-29"


def _load_fakes():
    spec = importlib.util.spec_from_file_location("panel_fakes_web", Path(__file__).parent.parent / "panel" / "fakes.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="session")
def fakes():
    return _load_fakes()


@pytest.fixture
def fake_registry(monkeypatch, fakes):
    """The scorecard app on the hand-made registry and council of tests/panel/fakes.py."""
    from cphub.web.scorecard import services

    monkeypatch.setattr(services, "registry", lambda: (fakes.REGISTRY, None, fakes.benchmark))
    monkeypatch.setattr(services, "load_data", lambda la: fakes.data())
    return fakes
