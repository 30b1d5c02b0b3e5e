"""The ``cphub`` command line. Each area registers its own sub-commands from a ``cli`` module with
``register(subparsers)``; this file only wires them together and sets up Django when a command needs the store."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

COMMAND_MODULES = [
    "cphub.web.cli",            # serve, setup-demo, import, createusers
    "cphub.synth.cli",          # synth
    "cphub.ssda903.cli",        # validate
    "cphub.panel.cli",          # scorecard, benchmarks refresh
    "cphub.measures.cli",       # benchmarks refresh
    "cphub.kinship.cli",        # kinship classify / entitlements
    "cphub.virtual_school.cli", # virtual-school commands
    "cphub.ssd.cli",            # import-ssd, ssd-synth
    "cphub.forecast.cli",       # forecast
]


def setup_django() -> None:
    """Configure Django for commands that use the store."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cphub.web.settings")
    import django

    django.setup()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cphub", description="Corporate Parenting Hub")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # that area has no commands yet
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
