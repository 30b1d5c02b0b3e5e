"""Layering guards (import-linter, contracts in ``pyproject.toml`` under ``[tool.importlinter]``): the domain
packages import nothing from the web shell or Django, and no module of ``cphub`` takes part in an import cycle."""

import sys
import textwrap
from pathlib import Path

import pytest
from importlinter import cli

ROOT = Path(__file__).resolve().parents[2]


def _lint(config: Path, monkeypatch) -> int:
    monkeypatch.chdir(config.parent)
    return cli.lint_imports(config_filename=str(config), no_cache=True)


def test_the_project_contracts_are_kept(monkeypatch):
    assert _lint(ROOT / "pyproject.toml", monkeypatch) == cli.EXIT_STATUS_SUCCESS


def test_every_domain_package_is_under_the_contract():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    contract = next(c for c in config["contracts"] if c["id"] == "domain-no-web")
    src = ROOT / "src" / "cphub"
    shell = {"web", "cli", "__main__", "__init__"}
    domain = {f"cphub.{p.stem}" for p in src.iterdir()
              if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists())) and p.stem not in shell}
    assert domain == set(contract["source_modules"])


@pytest.fixture
def toy(tmp_path, monkeypatch):
    """A throw-away package with a domain module importing the web shell and a two-module cycle."""
    pkg = tmp_path / "toy"
    (pkg / "web").mkdir(parents=True)
    (pkg / "core").mkdir()
    for init in (pkg, pkg / "web", pkg / "core"):
        (init / "__init__.py").write_text("")
    (pkg / "web" / "views.py").write_text("X = 1\n")
    (pkg / "core" / "a.py").write_text("from toy.core import b\n")
    (pkg / "core" / "b.py").write_text("from toy.core import a\n")
    (pkg / "core" / "rules.py").write_text("from toy.web.views import X\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in [m for m in sys.modules if m == "toy" or m.startswith("toy.")]:
        del sys.modules[name]


def _config(folder: Path, contract: str) -> Path:
    cfg = folder / "setup.cfg"
    cfg.write_text("[importlinter]\nroot_package = toy\n\n[importlinter:contract:1]\n" + textwrap.dedent(contract))
    return cfg


def test_a_domain_module_importing_the_web_shell_breaks_the_contract(toy, monkeypatch):
    cfg = _config(toy, """\
        name = domain imports no web
        type = forbidden
        source_modules = toy.core
        forbidden_modules = toy.web
        """)
    assert _lint(cfg, monkeypatch) == cli.EXIT_STATUS_ERROR


def test_an_import_cycle_breaks_the_contract(toy, monkeypatch):
    cfg = _config(toy, """\
        name = no cycles
        type = acyclic_siblings
        ancestors = toy
        """)
    assert _lint(cfg, monkeypatch) == cli.EXIT_STATUS_ERROR
