"""Extra demo set-up each area adds after the demo council is imported (education data, kinship register,
CIN census, sample commentary ...). Each area registers a function in :data:`HOOKS` from its own module."""

from __future__ import annotations

import importlib
from pathlib import Path

HOOK_MODULES = [
    "cphub.web.store.demo",          # CIN census
    "cphub.web.scorecard.demo",      # commentary, targets
    "cphub.web.kinship.demo",        # kinship register, events
    "cphub.web.virtual_school.demo", # education data
    "cphub.web.meetings.demo",       # a year of synthetic panel meetings
]


def after_demo_import(la: str, folder: Path) -> None:
    for name in HOOK_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.setup_demo(la, folder)
    from cphub.web.results.services import bump

    bump(la, "demo set-up")  # commentary, targets, local offer: the stored results are computed again
