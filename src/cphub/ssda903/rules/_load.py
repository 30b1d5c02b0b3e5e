"""Import every ``rules_*.py`` module in this package so their rules register themselves."""

import importlib
import pkgutil
from pathlib import Path

for _m in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
    if _m.name.startswith("rules_"):
        importlib.import_module(f"cphub.ssda903.rules.{_m.name}")

from cphub.ssda903.rules.base import need_year_end  # noqa: E402

need_year_end()
