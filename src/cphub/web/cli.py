"""CLI commands that use the store: ``serve``, ``setup-demo``, ``import``, ``ofsted import``, ``create-demo-users``."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from cphub.ssda903.cli import cli_date

DEMO_LA = "871"
DEMO_DIR = Path("var/demo-data")
DEMO_USERS = [
    ("admin", "administrator"),
    ("analyst", "performance_analyst"),
    ("vsh", "virtual_school"),
    ("socialworker", "social_worker"),
    ("councillor", "panel_member"),
    ("democratic", "democratic_services"),
]
DEMO_PASSWORD = "demo-password-1"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="Run the web app with gunicorn (migrates and collects static files first)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--workers", type=int, default=int(os.environ.get("CPHUB_WEB_WORKERS", "0")),
                   help="Worker processes (default: 2 x CPU cores + 1, at most 9)")
    p.add_argument("--threads", type=int, default=int(os.environ.get("CPHUB_WEB_THREADS", "4")),
                   help="Threads per worker (default 4)")
    p.add_argument("--no-collectstatic", action="store_true", help="Static files were collected already (the image)")
    p.add_argument("--access-log", action="store_true",
                   help="Log each request (method, status, size, time; never the path, which may hold a child id)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("worker", help="Run the django-q2 background worker (imports, the daily retention purge)")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("purge", help="Delete records older than their retention period (CPHUB_RETAIN_*_DAYS)")
    p.set_defaults(func=cmd_purge)

    p = sub.add_parser("backup", help="Write the whole database to a portable file (gzipped JSON, mode 0600)")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="Load a backup into an empty database (after migrating it)")
    p.add_argument("path", type=Path)
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("setup-demo", help="Migrate, generate and import the synthetic demo council, create demo users")
    p.add_argument("--force", action="store_true", help="Regenerate the demo data even if present")
    p.add_argument("--from", dest="route", choices=("csv", "ssd"), default="csv",
                   help="ssd: load every table SSD can feed from a synthetic SSD database (var/demo-ssd.sqlite3)")
    p.set_defaults(func=cmd_setup_demo)

    p = sub.add_parser("import", help="Load SSDA903 returns and local tables into the store, all or nothing")
    p.add_argument("path", type=Path, help="A folder (LA/YEAR/*.csv layout, or one return), a zip, or a CIN census .xml")
    p.add_argument("--la", help="DfE 3-digit council code (needed when PATH is one council's return)")
    p.add_argument("--year", type=int, help="Collection year by its ending (2025 = 2024-25)")
    p.add_argument("--allow-errors", action="store_true", help="Load even if validation finds errors (flagged)")
    p.add_argument("--extract-date", type=cli_date, metavar="DD/MM/YYYY",
                   help="In-year extract: the date the data is complete to (the current year's return, 1 April to "
                        "this date, replaced by the next extract; local tables in PATH are complete to it too)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("ofsted", help="Ofsted's provider list (for the SSDA903 URN rules)")
    ofsted = p.add_subparsers(dest="ofsted_command", required=True, metavar="ACTION")
    q = ofsted.add_parser("import", help="Store Ofsted's provider list (CSV or XLSX, as Ofsted publishes it), "
                          "replacing the previous one; imports then check URNs against it")
    q.add_argument("path", type=Path, help="The list: CSV or XLSX")
    q.add_argument("--la", help="The council loading it (default: CPHUB_LA)")
    q.set_defaults(func=cmd_ofsted_import)

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


class ImportRefused(Exception):
    """Validation found errors and loading them was not chosen; nothing was loaded."""

    def __init__(self, findings: list):
        self.findings = findings
        super().__init__(f"{sum(f.severity == 'error' for f in findings)} validation error(s)")


def _plan(path: Path, la: str | None, year: int | None) -> list[tuple[str, int | None, Path]]:
    """What a path holds: (council, year, folder-or-file) for each return, and (council, None, folder) for local
    tables. Layouts: OUT/<la>/<year>/, one council's <la>/<year>/ (+ local/), or one return (folder, zip, CSVs)."""
    las = _la_folders(path)
    if las:
        return [item for la_dir in las for item in _plan(la_dir, la_dir.name, year)]
    if la is None:
        la = path.name if re.fullmatch(r"\d{3}", path.name) else None
    if la is None:
        raise SystemExit("Give --la CODE (the council's DfE 3-digit code) for a single return.")
    years = _year_folders(path)
    if years:
        items: list[tuple[str, int | None, Path]] = [(la, int(y.name), y) for y in years]
        if (path / "local").is_dir():
            items.append((la, None, path / "local"))
        return items
    if year is None:
        from cphub.ssda903.reader import year_from_path

        year = year_from_path(path)
    if year is None:
        raise SystemExit("Give --year YYYY (the year the collection ends) for a single return.")
    return [(la, year, path)]


def _bar(done: int, total: int, label: str, stream) -> None:
    if stream is None:
        return
    width = 30
    filled = width * done // max(total, 1)
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {100 * done // max(total, 1):3d}% {label:<24}")
    stream.flush()
    if done >= total:
        stream.write("\n")


def import_tree(path: Path, la: str | None = None, year: int | None = None, *, allow_errors: bool = True,
                out=None, progress=None, extract_date=None) -> list:
    """Import a generated tree (LA/YEAR/*.csv and LA/local/*.csv), one council folder, or one return.

    Every return is read and validated first (against the previous year's return in the same tree, else in the
    store, and every earlier year of both for the rules that look at all earlier returns). With errors and
    ``allow_errors`` False, :class:`ImportRefused` is raised and nothing is loaded; otherwise everything is loaded
    in one transaction (returns with errors flagged). Unreadable input raises InputError before anything is
    written. ``progress`` is a stream for a progress bar (None: no bar)."""
    from django.db import transaction

    from cphub.ssda903.reader import Return, collect_files, read_files
    from cphub.ssda903.validate import merge_history, validate_return
    from cphub.web.store.importer import import_local_folder
    from cphub.web.store.jobs import history_from_store, import_return, previous_from_store
    from cphub.web.store.ofsted import providers_from_store

    out = out or sys.stdout
    extract_year = None
    if extract_date is not None:
        from cphub.panel.scorecard import collection_year

        extract_year = collection_year(extract_date)
        year = year or extract_year
        if year != extract_year:
            raise SystemExit(f"An extract on {extract_date.isoformat()} belongs to the {extract_year - 1}-"
                             f"{str(extract_year)[2:]} collection, not {year}.")
    plan = _plan(path, la, year)
    returns = [(c, y, p) for c, y, p in plan if y is not None]
    checked = []
    read: dict[tuple[str, int], Return] = {}
    providers = providers_from_store()  # Ofsted's list, for the URN rules (skipped when none is stored)
    for i, (c, y, p) in enumerate(returns):
        files = collect_files(p)
        ret = read_files(files, y)
        read[(c, y)] = ret
        # Last year's return from the same tree, else from the store; the history of every earlier year from both.
        previous = read.get((c, y - 1))
        if previous is None and (stored := previous_from_store(c, y)) is not None:
            previous = Return(y - 1, stored)
        tree = [r.tables for (cc, yy), r in sorted(read.items()) if cc == c and yy < y]
        history = merge_history(history_from_store(c, y), *tree)
        findings = validate_return(ret, previous, y, history=history, la=c, providers=providers,
                                   extract_date=extract_date if y == extract_year else None)
        checked.append((c, y, files, ret, findings))
        _bar(i + 1, 2 * len(returns), f"validated {c} {y}", progress)
    all_findings = [f for *_, fs in checked for f in fs]
    if any(f.severity == "error" for f in all_findings) and not allow_errors:
        raise ImportRefused(all_findings)
    batches = []
    with transaction.atomic():
        for i, (c, y, files, ret, findings) in enumerate(checked):
            b = import_return(files, c, y, source="cli", allow_errors=True, ret=ret, findings=findings,
                              extract_date=extract_date if y == extract_year else None)
            if b.status != "done":
                raise RuntimeError(f"{c} {y}: {b.message}")
            errors = f", {b.errors} error(s) (flagged)" if b.errors else ""
            print(f"{c} {y}: {sum(b.counts.values())} rows{errors}", file=out)
            batches.append(b)
            _bar(len(returns) + i + 1, 2 * len(returns), f"loaded {c} {y}", progress)
        for c, y, p in plan:
            if y is None:
                b = import_local_folder(p, c, extract_date=extract_date)
                if b:
                    print(f"{c} local tables: {sum(b.counts.values())} rows", file=out)
                    batches.append(b)
    return batches


def cmd_import(args) -> int:
    _django()
    from django.core.management import call_command

    from cphub.findings import InputError

    call_command("migrate", verbosity=0, interactive=False)
    load_register()
    try:
        if args.path.suffix.lower() == ".xml":
            return _import_cin(args)
        import_tree(args.path, args.la, args.year, allow_errors=args.allow_errors,
                    progress=sys.stderr if sys.stderr.isatty() else None, extract_date=args.extract_date)
    except InputError as exc:
        for f in exc.findings:
            print(f, file=sys.stderr)
        print("Nothing was loaded.", file=sys.stderr)
        return 2
    except ImportRefused as exc:
        errors = [f for f in exc.findings if f.severity == "error"]
        for f in errors[:50]:
            print(f, file=sys.stderr)
        if len(errors) > 50:
            print(f"... and {len(errors) - 50} more (run `cphub validate` for the full list).", file=sys.stderr)
        print(f"{len(errors)} validation error(s): nothing was loaded. Fix them, or load anyway with "
              "--allow-errors (the import is then flagged).", file=sys.stderr)
        return 1
    return 0


def cmd_ofsted_import(args) -> int:
    """Exit 0 loaded, 2 the file cannot be read (nothing changed; the reasons name file, row and field)."""
    _django()
    from django.conf import settings
    from django.core.management import call_command

    from cphub.web.store.ofsted import import_providers

    call_command("migrate", verbosity=0, interactive=False)
    try:
        data = args.path.read_bytes()
    except OSError as exc:
        print(f"cphub ofsted import: cannot read {args.path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    batch = import_providers(data, args.path.name, args.la or settings.CPHUB_LA, source="cli")
    if batch.status != "done":
        for f in batch.findings[:50]:
            where = (f.get("file") or f.get("table") or "") + (f", row {f['row']}" if f.get("row") else "")
            fields = f" [{', '.join(f['fields'])}]" if f.get("fields") else ""
            print(f"{where}{fields}: {f['message']}", file=sys.stderr)
        print(batch.message, file=sys.stderr)
        return 2
    print(batch.message)
    return 0


def _import_cin(args) -> int:
    from cphub.web.store.jobs import import_census

    if not args.la:
        print("Give --la CODE for a CIN census.", file=sys.stderr)
        return 2
    b = import_census(args.path.read_bytes(), args.path.name, args.la, source="cli", allow_errors=args.allow_errors)
    print(f"CIN census {b.year}: {b.get_status_display()}. {b.message}", file=sys.stderr if b.status != "done" else sys.stdout)
    for f in b.findings[:50]:
        if f["severity"] == "error":
            print(f"{f['code']} ({f['table']}, child position {f['row']}, {f['child']}): {f['message']}", file=sys.stderr)
    return {"done": 0, "rejected": 1}.get(b.status, 2)


class NotDemoMode(SystemExit):
    def __init__(self):
        super().__init__("Demo accounts have a published password: they are created only in demo mode "
                         "(CPHUB_DEMO=1). Create real users on the Users page or with Django's createsuperuser.")


def _busiest_worker(la: str) -> str:
    """The social worker with the most children allocated now (the demo social worker's caseload)."""
    import polars as pl

    from cphub.ssda903.caseload import caseload
    from cphub.web.core.dates import default_at
    from cphub.web.store.frames import ssda903_table

    sw = ssda903_table(la, "SWEpisodes")
    if sw.is_empty():
        return ""
    at = default_at(la)
    ids = sw.filter(pl.col("SW_ID").is_not_null())["SW_ID"].unique().sort().to_list()
    return max(ids, key=lambda w: (len(caseload(sw, w, at)), w), default="")


def create_demo_users(out=sys.stdout) -> None:
    """One user per role with the published demo password, only in demo mode. They are marked as demo accounts,
    which exempts them from two-factor sign-in while (and only while) CPHUB_DEMO=1."""
    from django.conf import settings
    from django.contrib.auth.models import Group, User

    from cphub.web.accounts.models import StaffProfile
    from cphub.web.core.roles import ROLES, SOCIAL_WORKER

    if not settings.CPHUB_DEMO:
        raise NotDemoMode()
    for role in ROLES:
        Group.objects.get_or_create(name=role)
    print(f"Demo logins (password for all: {DEMO_PASSWORD}):", file=out)
    for username, role in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username)
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.set([Group.objects.get(name=role)])
        worker = _busiest_worker(settings.CPHUB_LA) if role == SOCIAL_WORKER else ""
        StaffProfile.objects.update_or_create(user=user, defaults={"demo_account": True, "social_worker_id": worker})
        note = f" (caseload of social worker {worker})" if worker else ""
        print(f"  {username:<13} {role}{note}", file=out)


def cmd_demo_users(args) -> int:
    _django()
    create_demo_users()
    return 0


def cmd_setup_demo(args) -> int:
    _django()
    from django.conf import settings
    from django.core.management import call_command

    if not settings.CPHUB_DEMO:
        raise NotDemoMode()
    from cphub.web.store.models import Council, ImportBatch

    call_command("migrate", verbosity=0, interactive=False)
    load_register()
    la = settings.CPHUB_LA
    if args.force or not ImportBatch.objects.filter(la=la, status="done").exclude(kind="ofsted").exists():
        from cphub.synth.cli import DEMO_EXTRACT_DATE, generate_demo
        from cphub.synth.generator import PROVIDER_LIST
        from cphub.web.store.ofsted import import_providers

        folder = generate_demo(DEMO_DIR, la)
        listed = Path(folder) / la / "reference" / PROVIDER_LIST  # first, so the returns' URNs are checked
        if listed.is_file():
            import_providers(listed.read_bytes(), listed.name, la, source="demo")
        import_tree(folder, extract_date=DEMO_EXTRACT_DATE)
        Council.objects.filter(code=la).update(synthetic=True)
        from cphub.web.demo_hooks import after_demo_import

        after_demo_import(la, folder)
        if args.route == "ssd":
            from cphub.web.ssd.services import load_demo_from_ssd

            load_demo_from_ssd(la, Path(folder), Path(settings.VAR_DIR))
    create_demo_users()
    return 0


def gunicorn_argv(args) -> list[str]:
    """The gunicorn command line: gthread workers from the core count, WhiteNoise serves the collected static."""
    workers = args.workers or min(2 * (os.cpu_count() or 1) + 1, 9)
    argv = [sys.executable, "-m", "gunicorn", "cphub.web.wsgi:application", "--bind", f"{args.host}:{args.port}",
            "--workers", str(workers), "--threads", str(args.threads), "--worker-class", "gthread",
            "--timeout", "120", "--graceful-timeout", "30", "--max-requests", "2000", "--max-requests-jitter", "200",
            "--umask", "0o077", "--forwarded-allow-ips", os.environ.get("CPHUB_FORWARDED_ALLOW_IPS", "127.0.0.1"),
            "--error-logfile", "-"]
    if args.access_log:
        argv += ["--access-logfile", "-", "--access-logformat", '%(t)s "%(m)s" %(s)s %(B)s %(M)sms']
    return argv


def cmd_serve(args) -> int:
    _django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    if not args.no_collectstatic:
        call_command("collectstatic", verbosity=0, interactive=False)
    argv = gunicorn_argv(args)
    print(f"Serving Corporate Parenting Hub on http://{args.host}:{args.port}/ with gunicorn "
          f"({argv[argv.index('--workers') + 1]} workers x {args.threads} threads; Ctrl+C to stop)", flush=True)
    os.execv(sys.executable, argv)
    return 0  # not reached


def cmd_worker(args) -> int:
    _django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("qcluster")
    return 0


def cmd_purge(args) -> int:
    _django()
    from cphub.web.retention import purge

    for kind, n in purge().items():
        print(f"{kind}: {n} purged")
    return 0


def cmd_backup(args) -> int:
    _django()
    from cphub.web.core.backup import backup

    n = backup(args.out)
    print(f"Wrote {n} records to {args.out}")
    return 0


def cmd_restore(args) -> int:
    _django()
    from cphub.web.core.backup import NotEmpty, restore

    try:
        n = restore(args.path)
    except NotEmpty as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Restored {n} records from {args.path}")
    return 0
