"""Load benchmark (issue 9): many signed-in people browsing the Hub at once, on the production server.

Targets: **50 users: p95 < 300 ms on every page, zero errors; 200 users: p95 < 1 s; sign-in < 200 ms.**

What it does (one command, loopback only, bounded in requests and seconds, stops the server it started):

1. PostgreSQL database ``cphub_bench_perf`` (created if missing) with the synthetic demo council
   (``cphub setup-demo``), migrated; ``--users`` benchmark users in the Virtual School role (which sees every
   page below), each given a session directly in the session store (signing in is timed separately, step 4).
2. The results for the default dates are computed as the background job does after an import
   (:func:`cphub.web.results.services.precompute`), timed.
3. gunicorn (``cphub.web.wsgi``, sync workers = 2 x cores + 1, on 127.0.0.1:``--port``), warmed up with one
   round of every page per worker (reported apart: a worker's first request loads the council's tables).
4. **Single user**: each page ``--repeat`` times in a row, median, with the results store on ("after") and,
   unless ``--no-baseline``, off (``CPHUB_RESULTS_STORE=0``: every request computes its figures from the tables,
   as before this change; the tables themselves stay cached in the worker) on a server restarted for it, and
   the ratio; and the server's CPU time per page in-process (Django's test client), which other work on the
   machine does not inflate. Sign-in through the form (GET the page, POST the credentials), alone and 20 at once.
5. **Load**: for each number in ``--users`` (default 50 and 200), that many threads, each a signed-in user who
   requests scorecard, a measure page, the Virtual School dashboard, a child's education record and the
   kinship checker in turn with ``--think`` seconds between requests, for ``--duration`` seconds (after a
   ramp-up of one think time) or until ``--max-requests``; per page p50 / p95 / max, errors, throughput.
   ``--baseline-load`` repeats the smallest level with the results store off.

Every figure is printed with the machine's load average (``/proc/loadavg``) beside it: other work on the
machine slows the server. Run: ``.venv/bin/python benchmarks/load.py`` (about 5 minutes on 2 idle cores;
``--quick`` for a smoke run: 10 users, 10 s).
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "bench-password-1"
PAGES = ["scorecard", "measure", "vs dashboard", "child record", "kinship checker"]
TIMEOUT = 60  # seconds for one request


# ------------------------------------------------------------------------------------------- helpers
def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))]


def ms(v: float) -> str:
    return "-" if math.isnan(v) else f"{v * 1000:,.0f}"


def env_for(args, results_store: bool = True) -> dict:
    env = dict(os.environ)
    env.update(DATABASE_URL=f"postgresql://postgres@127.0.0.1:5432/{args.db}", CPHUB_VAR=str(args.var),
               CPHUB_SECRET_KEY=args.secret, CPHUB_ALLOWED_HOSTS="127.0.0.1,localhost", CPHUB_SYNC_JOBS="1",
               CPHUB_LOG_LEVEL="ERROR", CPHUB_RESULTS_STORE="1" if results_store else "0", CPHUB_DEMO="1")
    return env


# ------------------------------------------------------------------------------------------- set-up (Django)
def setup_in_django(users: int, precompute: bool) -> dict:
    """Runs in a child process with the benchmark's environment: users, sessions, page parameters."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cphub.web.settings")
    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group, User
    from django.contrib.sessions.backends.db import SessionStore

    from cphub.measures.registry import REGISTRY
    from cphub.web.virtual_school.models import EDUCATION_MODELS

    la = settings.CPHUB_LA
    group, _ = Group.objects.get_or_create(name="virtual_school")
    names = [f"bench_{i:03d}" for i in range(users)]
    have = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    encoded = make_password(PASSWORD)
    User.objects.bulk_create([User(username=n, password=encoded) for n in names if n not in have])
    cookies = []
    from cphub.web.accounts.models import StaffProfile

    for user in User.objects.filter(username__in=names).order_by("username"):
        user.groups.add(group)
        # benchmark users are demo accounts: in demo mode they sign in without a second factor, as the demo's do
        StaffProfile.objects.update_or_create(user=user, defaults={"demo_account": True})
        s = SessionStore()
        s[SESSION_KEY], s[BACKEND_SESSION_KEY] = str(user.pk), "django.contrib.auth.backends.ModelBackend"
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s.create()
        cookies.append(s.session_key)
    children = list(EDUCATION_MODELS["enrolments"].objects.filter(la=la).order_by("child")
                    .values_list("child", flat=True).distinct()[:50])
    timings = {}
    if precompute:
        from cphub.web.results.services import precompute as run

        start = time.perf_counter()
        timings = run(la)
        timings["total"] = time.perf_counter() - start
    measure = "cla_rate_10k" if "cla_rate_10k" in REGISTRY else next(iter(REGISTRY))
    return {"sessions": cookies, "children": children, "measure": measure, "precompute": timings,
            "la": la, "first_question": _first_question()}


def cpu_in_django(info: dict, repeat: int) -> dict[str, float]:
    """CPU seconds per page (median of ``repeat``, after one warm request) through Django's test client in this
    process: the server's own work, unaffected by how busy the machine is."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cphub.web.settings")
    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="bench_000"))
    rnd = random.Random(1)
    out = {}
    for name in PAGES:
        path = page_path(name, info, rnd)
        if (status := client.get(path).status_code) != 200:
            raise SystemExit(f"{path}: HTTP {status}")
        times = []
        for _ in range(repeat):
            start = time.process_time()
            client.get(path)
            times.append(time.process_time() - start)
        out[name] = statistics.median(times)
    return out


def cpu(args, info: dict, results_store: bool) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--_cpu", json.dumps(info), "--repeat", str(args.repeat)],
                         env=env_for(args, results_store), cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _first_question() -> str:
    from cphub.kinship import answers

    return answers.FIELDS[0].name


def ensure_database(args) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.db]).fetchone():
            conn.execute(f'CREATE DATABASE "{args.db}"')
            print(f"created database {args.db}", flush=True)


def setup(args, users: int) -> dict:
    ensure_database(args)
    env = env_for(args)
    start = time.perf_counter()
    subprocess.run([str(BIN / "cphub"), "setup-demo"], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    print(f"demo council ready in {time.perf_counter() - start:.0f} s", flush=True)
    out = subprocess.run([sys.executable, __file__, "--_setup", str(users), *([] if args.no_precompute else ["--_pre"])],
                         env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------------------- server
class Server:
    def __init__(self, args, results_store: bool = True):
        self.args, self.results_store = args, results_store
        self.proc: subprocess.Popen | None = None

    def __enter__(self):  # -> Server
        cmd = [str(BIN / "gunicorn"), "cphub.web.wsgi", "--bind", f"127.0.0.1:{self.args.port}", "--workers",
               str(self.args.workers), "--timeout", "300", "--log-level", "warning"]
        self.proc = subprocess.Popen(cmd, env=env_for(self.args, self.results_store), cwd=ROOT,
                                     stdout=subprocess.DEVNULL, stderr=open(self.args.var / "gunicorn.log", "a"))
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if request(self.args.port, "GET", "/sign-in/")[0] == 200:
                    return self
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited ({self.proc.returncode}): see {self.args.var / 'gunicorn.log'}")
            time.sleep(0.5)
        raise SystemExit("gunicorn did not answer within 120 s")

    def rss_mb(self) -> float:
        """Resident memory of the master and its workers, MB."""
        if not self.proc:
            return 0.0
        pids = [self.proc.pid] + [int(p) for p in subprocess.run(["pgrep", "-P", str(self.proc.pid)],
                                                                  check=False, capture_output=True, text=True)
                                                   .stdout.split()]
        total = 0
        for pid in pids:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                pass
        return total / 1024

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# ------------------------------------------------------------------------------------------- client
def request(port: int, method: str, path: str, cookies: dict | None = None, body: str | None = None,
            headers: dict | None = None) -> tuple[int, bytes, list[tuple[str, str]]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        h = dict(headers or {})
        if cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if body is not None:
            h["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=h)
        resp = conn.getresponse()
        return resp.status, resp.read(), resp.getheaders()
    finally:
        conn.close()


def page_path(name: str, info: dict, rnd: random.Random) -> str:
    return {"scorecard": "/scorecard/", "measure": f"/scorecard/measure/{info['measure']}/",
            "vs dashboard": "/virtual-school/", "child record": f"/virtual-school/child/{rnd.choice(info['children'])}/",
            "kinship checker": f"/kinship/check/{info['first_question']}/"}[name]


def sign_in(port: int, username: str) -> tuple[float, bool]:
    """GET the sign-in page (CSRF cookie and token), POST the credentials; seconds and success (a 302)."""
    from urllib.parse import urlencode

    start = time.perf_counter()
    status, body, headers = request(port, "GET", "/sign-in/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    cookie = next((v.split(";")[0].split("=", 1)[1] for k, v in headers if k.lower() == "set-cookie"
                   and v.startswith("csrftoken=")), "")
    status, _, _ = request(port, "POST", "/sign-in/", cookies={"csrftoken": cookie},
                           body=urlencode({"username": username, "password": PASSWORD,
                                           "csrfmiddlewaretoken": token.group(1).decode() if token else ""}),
                           headers={"Referer": f"http://127.0.0.1:{port}/sign-in/"})
    return time.perf_counter() - start, status == 302


def single_user(args, info: dict, repeat: int) -> dict[str, float]:
    rnd = random.Random(1)
    cookies = {"sessionid": info["sessions"][0]}
    out = {}
    for name in PAGES:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            status, _, _ = request(args.port, "GET", page_path(name, info, rnd), cookies)
            times.append(time.perf_counter() - start)
            if status != 200:
                print(f"  ! {name}: HTTP {status}", flush=True)
        out[name] = statistics.median(times)
    return out


def warm_up(args, info: dict) -> float:
    """One round of every page from as many clients as workers, so each worker has loaded the tables."""
    start = time.perf_counter()
    threads = [threading.Thread(target=single_user, args=(args, info, 1)) for _ in range(args.workers * 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start


def load(args, info: dict, users: int) -> dict:
    """``users`` threads browsing with think time; per page latencies and errors."""
    stop_at = time.perf_counter() + args.think + args.duration
    measure_from = time.perf_counter() + args.think  # everyone has started by then
    lock = threading.Lock()
    latencies: dict[str, list[float]] = {p: [] for p in PAGES}
    errors: dict[str, int] = {p: 0 for p in PAGES}
    count = [0]

    def user(i: int) -> None:
        rnd = random.Random(i)
        cookies = {"sessionid": info["sessions"][i % len(info["sessions"])]}
        k = rnd.randrange(len(PAGES))
        time.sleep(rnd.random() * args.think)
        while time.perf_counter() < stop_at:
            with lock:
                if count[0] >= args.max_requests:
                    return
                count[0] += 1
            name = PAGES[k % len(PAGES)]
            k += 1
            start = time.perf_counter()
            try:
                ok = request(args.port, "GET", page_path(name, info, rnd), cookies)[0] == 200
            except OSError:
                ok = False
            took = time.perf_counter() - start
            if start >= measure_from:
                with lock:
                    latencies[name].append(took)
                    errors[name] += not ok
            time.sleep(args.think)

    began = time.perf_counter()
    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=args.duration + args.think + TIMEOUT + 10)
    measured = max(1e-9, min(time.perf_counter(), stop_at) - measure_from)
    return {"latencies": latencies, "errors": errors, "seconds": measured, "wall": time.perf_counter() - began}


# ------------------------------------------------------------------------------------------- main
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--users", type=int, nargs="+", default=[50, 200])
    ap.add_argument("--duration", type=float, default=45, help="seconds measured per load level")
    ap.add_argument("--think", type=float, default=1.0)
    ap.add_argument("--max-requests", type=int, default=40000, help="per load level")
    ap.add_argument("--repeat", type=int, default=5, help="single-user requests per page")
    ap.add_argument("--port", type=int, default=8102)
    ap.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    ap.add_argument("--db", default="cphub_bench_perf")
    ap.add_argument("--var", type=Path, default=ROOT / "var" / "bench")
    ap.add_argument("--no-baseline", action="store_true", help="skip the single-user run with the results store off")
    ap.add_argument("--baseline-load", action="store_true", help="also load the smallest level with the store off")
    ap.add_argument("--no-precompute", action="store_true")
    ap.add_argument("--quick", action="store_true", help="smoke run: 10 users for 10 s, 2 repeats")
    ap.add_argument("--_setup", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--_pre", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--_cpu", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._cpu:
        print(json.dumps(cpu_in_django(json.loads(args._cpu), args.repeat)))
        return 0
    if args._setup is not None:
        print(json.dumps(setup_in_django(args._setup, args._pre)))
        return 0
    if args.quick:
        args.users, args.duration, args.repeat = [10], 10.0, 2
    args.var = args.var.resolve()
    args.var.mkdir(parents=True, exist_ok=True)
    args.secret = secrets.token_urlsafe(40)
    print(f"Load benchmark: PostgreSQL {args.db}, gunicorn {args.workers} sync workers on {os.cpu_count()} cores, "
          f"127.0.0.1:{args.port}; think time {args.think:g} s; load average {loadavg()}", flush=True)
    info = setup(args, max(args.users))
    if info["precompute"]:
        parts = ", ".join(f"{k.split('.')[-3] if k != 'total' else k} {v:.1f} s" for k, v in info["precompute"].items())
        print(f"precompute after import (council {info['la']}): {parts}  [load {loadavg()}]", flush=True)

    cpu_after = cpu(args, info, True)
    cpu_before = None if args.no_baseline else cpu(args, info, False)
    report: dict = {}
    with Server(args) as server:
        print(f"warm-up (first request of each worker loads the tables): {warm_up(args, info):.1f} s  "
              f"[load {loadavg()}]", flush=True)
        after = single_user(args, info, args.repeat)
        one = [sign_in(args.port, "bench_000")[0] for _ in range(args.repeat)]
        together: list[tuple[float, bool]] = []
        threads = [threading.Thread(target=lambda i=i: together.append(sign_in(args.port, f"bench_{i:03d}")))
                   for i in range(min(20, max(args.users)))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print(f"sign-in, one user: median {ms(statistics.median(one))} ms; {len(threads)} at once: p50 "
              f"{ms(pct([t for t, _ in together], 50))} ms, p95 {ms(pct([t for t, _ in together], 95))} ms, "
              f"failures {sum(not ok for _, ok in together)}  [load {loadavg()}]", flush=True)
        for users in args.users:
            print(f"... {users} users for {args.duration:g} s  [load {loadavg()}]", flush=True)
            report[(users, "on")] = (load(args, info, users), loadavg(), server.rss_mb())
    before = None
    if not args.no_baseline or args.baseline_load:
        with Server(args, results_store=False) as server:
            warm_up(args, info)
            if not args.no_baseline:
                before = single_user(args, info, max(2, args.repeat // 2))
            if args.baseline_load:
                users = min(args.users)
                print(f"... {users} users, results store off  [load {loadavg()}]", flush=True)
                report[(users, "off")] = (load(args, info, users), loadavg(), server.rss_mb())

    print("\nSingle user, median response time (ms)" + (", results store off (before) vs on (after)" if before
                                                          else ""))
    print(f"  {'page':<18}" + (f"{'before':>10}" if before else "") + f"{'after':>10}" + ("   ratio" if before else ""))
    for name in PAGES:
        row = f"  {name:<18}" + (f"{ms(before[name]):>10}" if before else "") + f"{ms(after[name]):>10}"
        if before:
            row += f"{before[name] / max(after[name], 1e-9):>7.0f}x"
        print(row)
    print("\nServer CPU per page, in-process (ms, median)" + (", results store off (before) vs on (after)"
                                                           if cpu_before else ""))
    for name in PAGES:
        row = f"  {name:<18}" + (f"{ms(cpu_before[name]):>10}" if cpu_before else "") + f"{ms(cpu_after[name]):>10}"
        if cpu_before:
            row += f"{cpu_before[name] / max(cpu_after[name], 1e-9):>7.1f}x"
        print(row)
    print("\nLoad: p50 / p95 / max response time (ms), errors, throughput")
    print(f"  {'users':>5} {'store':<5} {'page':<18}{'requests':>9}{'p50':>8}{'p95':>8}{'max':>8}{'errors':>7}"
          f"{'req/s':>8}  {'load avg after':<16}{'server RSS':>11}")
    verdicts = []
    for (users, store), (res, avg, rss) in report.items():
        total = sum(len(v) for v in res["latencies"].values())
        for name in PAGES:
            lat = res["latencies"][name]
            print(f"  {users:>5} {store:<5} {name:<18}{len(lat):>9}{ms(pct(lat, 50)):>8}{ms(pct(lat, 95)):>8}"
                  f"{ms(max(lat) if lat else float('nan')):>8}{res['errors'][name]:>7}"
                  f"{len(lat) / res['seconds']:>8.1f}  {avg:<16}{rss:>8.0f} MB")
            if store == "on":
                limit = 0.3 if users <= 50 else 1.0
                verdicts.append((users, name, pct(lat, 95) < limit and (users > 50 or res["errors"][name] == 0)))
        print(f"  {users:>5} {store:<5} {'all pages':<18}{total:>9}{'':>31}{sum(res['errors'].values()):>7}"
              f"{total / res['seconds']:>8.1f}")
    met = [f"{u} users {n}" for u, n, ok in verdicts if not ok]
    sign_ok = statistics.median(one) < 0.2
    print(f"\nTargets (50 users p95 < 300 ms and no errors; 200 users p95 < 1 s; sign-in < 200 ms): "
          f"{'met' if not met and sign_ok else 'NOT met: ' + ', '.join(met + ([] if sign_ok else ['sign-in']))}"
          f"  [load {loadavg()}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
