import importlib.util
from pathlib import Path

import pytest


def _load_fakes():
    spec = importlib.util.spec_from_file_location("panel_fakes", Path(__file__).with_name("fakes.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="session")
def fakes():
    return _load_fakes()


@pytest.fixture
def card(fakes):
    from datetime import date

    from cphub.panel.scorecard import assemble

    return assemble(fakes.data(), date(2024, 2, 29), registry=fakes.REGISTRY, benchmark=fakes.benchmark)
