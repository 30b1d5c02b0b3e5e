"""CLI commands that use the store: ``serve``, ``setup-demo``, ``import``, ``create-demo-users``."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

DEMO_LA = "871"
DEMO_DIR = Path("var/demo-data")
DEMO_USERS = [
    ("admin", "administrator"),
    ("analyst", "performance_analyst"),
    ("vsh", "virtual_school"),
    ("socialworker", "social_worker"),
    ("councillor", "panel_member"),
]
DEMO_PASSWORD = "demo-password-1"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="Run the web app (migrates first)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--host", default="127.0.0.1")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("setup-demo", help="Migrate, generate and import the synthetic demo council, create demo users")
    p.add_argument("--force", action="store_true", help="Regenerate the demo data even if present")
    p.set_defaults(func=cmd_setup_demo)

    p = sub.add_parser("import", help="Load SSDA903 returns and local tables into the store, all or nothing")
    p.add_argument("path", type=Path, help="A folder (LA/YEAR/*.csv layout, or one return), CSV files or a zip")
    p.add_argument("--la", help="DfE 3-digit council code (needed when PATH is one council's return)")
    p.add_argument("--year", type=int, help="Collection year by its ending (2025 = 2024-25)")
    p.add_argument("--allow-errors", action="store_true", help="Load even if validation finds errors (flagged)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("create-demo-users", help="Create one demo user per role and print the logins")
    p.set_defaults(func=cmd_demo_users)

    p = sub.add_parser("migrate", help="Create or update the database tables")
    p.set_defaults(func=cmd_migrate)


def _django():
    from cphub.cli import setup_django

    setup_django()


def cmd_migrate(args) -> int:
    _django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return 0


def load_register() -> int:
    """Load the council register (codes, names, regions, 0-17 populations) from the shipped reference data."""
    from cphub.reference.councils import councils
    from cphub.web.store.models import Council, Population

    n = 0
    for c in councils():
        Council.objects.update_or_create(code=c["code"], defaults={"ons_code": c.get("ons_code", ""), "name": c["name"],
                                                                   "region": c.get("region", "")})
        for year, pop in c.get("population", {}).items():
            Population.objects.update_or_create(council_id=c["code"], mid_year=int(year), defaults={"children_0_17": int(pop)})
        n += 1
    return n


def _la_folders(path: Path) -> list[Path]:
    return sorted(p for p in path.iterdir() if p.is_dir() and re.fullmatch(r"\d{3}", p.name)) if path.is_dir() else []


def _year_folders(path: Path) -> list[Path]:
    return sorted(p for p in path.iterdir() if p.is_dir() and re.fullmatch(r"20\d\d", p.name)) if path.is_dir() else []


def import_tree(path: Path, la: str | None = None, year: int | None = None, *, allow_errors: bool = False,
                out=sys.stdout) -> list:
    """Import a generated tree (LA/YEAR/*.csv and LA/local/*.csv), one council folder, or one return."""
    from cphub.ssda903.reader import collect_files
    from cphub.web.store.importer import import_local_folder, import_return_files

    batches = []
    las = _la_folders(path)
    if las:
        for la_dir in las:
            batches += import_tree(la_dir, la_dir.name, year, allow_errors=allow_errors, out=out)
        return batches
    if la is None:
        la = path.name if re.fullmatch(r"\d{3}", path.name) else None
    if la is None:
        raise SystemExit("Give --la CODE (the council's DfE 3-digit code) for a single return.")
    years = _year_folders(path)
    if years:
        for y in years:
            b = import_return_files(collect_files(y), la, int(y.name), source="cli")
            print(f"{la} {y.name}: {sum(b.counts.values())} rows", file=out)
            batches.append(b)
        local = path / "local"
        if local.is_dir():
            b = import_local_folder(local, la)
            if b:
                print(f"{la} local tables: {sum(b.counts.values())} rows", file=out)
                batches.append(b)
        return batches
    if year is None:
        m = re.search(r"(20\d\d)", path.name)
        year = int(m.group(1)) if m else None
    if year is None:
        raise SystemExit("Give --year YYYY (the year the collection ends) for a single return.")
    b = import_return_files(collect_files(path), la, year, source="cli")
    print(f"{la} {year}: {sum(b.counts.values())} rows", file=out)
    return [b]


def cmd_import(args) -> int:
    _django()
    from django.core.management import call_command

    from cphub.findings import InputError

    call_command("migrate", verbosity=0, interactive=False)
    load_register()
    try:
        import_tree(args.path, args.la, args.year, allow_errors=args.allow_errors)
    except InputError as exc:
        for f in exc.findings:
            print(f, file=sys.stderr)
        print("Nothing was loaded.", file=sys.stderr)
        return 2
    return 0


def create_demo_users(out=sys.stdout) -> None:
    from django.contrib.auth.models import Group, User

    from cphub.web.core.roles import ROLES

    for role in ROLES:
        Group.objects.get_or_create(name=role)
    print("Demo logins (password for all: %s):" % DEMO_PASSWORD, file=out)
    for username, role in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username)
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.set([Group.objects.get(name=role)])
        print(f"  {username:<13} {role}", file=out)


def cmd_demo_users(args) -> int:
    _django()
    create_demo_users()
    return 0


def cmd_setup_demo(args) -> int:
    _django()
    from django.conf import settings
    from django.core.management import call_command

    from cphub.web.store.models import Council, ImportBatch

    call_command("migrate", verbosity=0, interactive=False)
    load_register()
    la = settings.CPHUB_LA
    if args.force or not ImportBatch.objects.filter(la=la, status="done").exists():
        from cphub.synth.cli import generate_demo

        folder = generate_demo(DEMO_DIR, la)
        import_tree(folder)
        Council.objects.filter(code=la).update(synthetic=True)
        from cphub.web.demo_hooks import after_demo_import

        after_demo_import(la, folder)
    create_demo_users()
    return 0


def cmd_serve(args) -> int:
    _django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    print(f"Serving Corporate Parenting Hub on http://{args.host}:{args.port}/  (Ctrl+C to stop)")
    call_command("runserver", f"{args.host}:{args.port}", use_reloader=False, insecure_serving=True)
    return 0
